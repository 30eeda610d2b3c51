#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# klp-convert verify and audit against what the kernel did, on the host
# after the guest run (scripts/run-guest.sh with test-klp-verify.sh).
#
# The livepatches test_klp_verify_{shift,gone,late} (converted against
# variant A of test_klp_verify_target) are verified against variant A's
# and variant B's Symbols.list (the M= builds of tests/guest/modules and
# tests/guest/modules-b) and against the guest's /proc/kallsyms while A,
# then B, was live (from the serial log). Every verdict must be the
# expected one and agree with the KLPVERIFY line of the case in which the
# guest kernel loaded that patch with that variant:
#
#   OK     the kernel loaded the patch; against a Symbols.list it read the
#          value of the file verify names, against a dump it bound to the
#          address verify gives
#   MOVED  the kernel loaded the patch, and read the value of the file
#          verify says it binds to, not the one it was converted for
#   FAIL   the kernel refused the patch: symbol not found
#   INIT   the kernel refused the patch while the target was live, and
#          applied it when the target loaded after the patch
#
# Missing inputs (serial log, dump, case line, module, Symbols.list) are
# failures.
set -uo pipefail
# shellcheck source=../../scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"
# shellcheck source=../lib/verdict.sh
. "$TOP/tests/lib/verdict.sh"
VERDICT_PREFIX="guest/verify: "

gdir=${GUEST_DIR:-$BUILD/guest-$KCONFIG_NAME}
serial=$gdir/serial.log.txt
work=$gdir/verify-check
tool=${KLP_CONVERT:-$KOBJ/scripts/livepatch/klp-convert}
mods=$MODS/guest-modules
obj=test_klp_verify_target
rm -rf "$work"
mkdir -p "$work"

# The targets, by name: Symbols.list of each build, the guest's dumps.
declare -A target=(
	[list-A]=$mods/Symbols.list
	[list-B]=$MODS/guest-modules-b/Symbols.list
	[dump-A]=$work/kallsyms-A.txt
	[dump-B]=$work/kallsyms-B.txt
)
declare -A target_desc=(
	[list-A]="A's Symbols.list" [list-B]="B's Symbols.list"
	[dump-A]="/proc/kallsyms with A live" [dump-B]="/proc/kallsyms with B live"
)
# Each patch's converted symbol (<name>,<position>).
declare -A symbol=(
	[shift]="verify_dup,2" [gone]="verify_gone,0" [late]="verify_late_fn,0"
)

# The kallsyms dumps (gzip'ed, in base64): intact (gzip's CRC), complete
# (the line count of the END marker) and made of kallsyms lines only.
kallsyms_line=$'^[0-9a-f]{16} [^ \t] [^ \t]+(\t\\[[A-Za-z0-9_]+\\])?$'
extract_dump() {	# <A|B>
	local v=$1 out=${target[dump-$1]} n want
	if [ ! -f "$serial" ]; then
		fail "kallsyms dump $v" "missing input: $serial"
		return
	fi
	want=$(sed -n "s/^KLPVERIFY-KALLSYMS-END $v \([0-9]*\) lines$/\1/p" "$serial" | head -1)
	if [ -z "$want" ] || ! grep -qx "KLPVERIFY-KALLSYMS-BEGIN $v gzip base64" "$serial"; then
		fail "kallsyms dump $v" "missing input: no dump of /proc/kallsyms with $v live in $serial"
		return
	fi
	if ! { awk -v v="$v" '$0 == "KLPVERIFY-KALLSYMS-BEGIN " v " gzip base64" { p = 1; next }
		p && $0 ~ "^KLPVERIFY-KALLSYMS-END " v " " { exit }
		p' "$serial" | base64 -d | gzip -dc > "$out.tmp"; } 2>"$out.err"; then
		fail "kallsyms dump $v" "damaged: $(grep -m1 . "$out.err")"
		return
	fi
	n=$(wc -l < "$out.tmp")
	if [ "$n" != "$want" ]; then
		fail "kallsyms dump $v" "$n lines, the guest dumped $want"
	elif grep -qvE "$kallsyms_line" "$out.tmp"; then
		fail "kallsyms dump $v" "not a kallsyms line: $(grep -m1 -vE "$kallsyms_line" "$out.tmp")"
	elif ! grep -q $'\t'"\\[$obj\\]$" "$out.tmp"; then
		fail "kallsyms dump $v" "no symbol of $obj in it"
	else
		mv "$out.tmp" "$out"
		pass "kallsyms dump $v" "$n lines"
	fi
}

# What the kernel did, from the KLPVERIFY lines: kernel[<case>.<field>]
declare -A kernel=()
read_cases() {
	local line c f
	[ -f "$serial" ] || return 0
	while IFS= read -r line; do
		line=${line#KLPVERIFY: }
		c=${line%% *}
		line=${line#* }
		for f in patch target order result address value; do
			[[ "$line" =~ ^$f=([^ ]*)\ (.*)$ ]] || break
			kernel[$c.$f]=${BASH_REMATCH[1]}
			line=${BASH_REMATCH[2]}
		done
		[[ "$line" == reason=* ]] && kernel[$c.reason]=${line#reason=}
	done < <(grep '^KLPVERIFY: ' "$serial")
}

missing_cases() {	# <case>...: like missing_inputs, for the guest's cases
	local c
	for c in "$@"; do
		if [ -z "${kernel[$c.result]:-}" ]; then
			echo "missing input: no KLPVERIFY line of case $c in $serial"
			return 0
		fi
	done
	return 1
}

# The table of verdicts and what the kernel did, printed at the end.
TABLE=()
row() {	# <patch> <target> <verdict> <kernel>
	TABLE+=("$(printf '%-5s %-28s %-7s %s' "$@")")
}

# verify <patch> against <target>: its verdict for the patch's symbol must
# be <verdict> (every other entry OK), and the kernel must have done what
# that verdict says in <case> (INIT: and in <case 2>, the target loading
# after the patch).
check_verify() {	# <patch> <target> <verdict> <case> [<case 2>]
	local p=$1 t=$2 want=$3 c=$4 c2=${5:-} name="verify $1 against ${target_desc[$2]}"
	local ko=$mods/test_klp_verify_$p.ko out=$work/$p-$t.out rc=0 why
	local sym=${symbol[$p]} s line verdict what addr file val predicted observed
	s=${sym%,*}
	if why=$(missing_inputs "$tool" "$ko" "${target[$t]}") ||
	   why=$(missing_cases "$c" ${c2:+"$c2"}); then
		fail "$name" "$why"
		row "$p" "${target_desc[$t]}" - "not run: $why"
		return
	fi
	"$tool" verify "${target[$t]}" "$ko" >"$out" 2>"$out.err" || rc=$?
	line=$(grep -E "^[A-Z]+ +$obj $s,${sym#*,}: " "$out")
	verdict=${line%% *}
	what=${line#*: }
	what=${what%; [0-9]* relocation*}
	addr=
	[[ "$what" =~ \ \[(0x[0-9a-f]+)\]$ ]] && addr=${BASH_REMATCH[1]}

	# what the verdict says the kernel does, and what it did
	case $verdict in
	OK|MOVED)
		# the file verify says it binds to (a Symbols.list has it)
		file=
		[[ "$what" =~ ^(binds\ to\ )?[a-zA-Z]\ $s\ \((verify_[ab]\.c)\) ]] &&
			file=${BASH_REMATCH[2]}
		val=$(value_of "$s" "$file")
		if [ -n "$addr" ]; then
			predicted="loaded at $addr"
			observed="${kernel[$c.result]} at ${kernel[$c.address]:-}"
		elif [ -n "$val" ]; then
			predicted="loaded, reads $val"
			observed="${kernel[$c.result]}, reads ${kernel[$c.value]:-}"
		else
			predicted=loaded
			observed=${kernel[$c.result]}
		fi
		;;
	FAIL)
		predicted="refused: symbol '$s' not found in symbol table"
		observed="${kernel[$c.result]}: ${kernel[$c.reason]:-}"
		;;
	INIT)
		predicted="refused: symbol '$s' not found in symbol table; loading after the patch: loaded"
		observed="${kernel[$c.result]}: ${kernel[$c.reason]:-}; loading after the patch: ${kernel[${c2:-none}.result]:-not tried}"
		;;
	*)
		predicted="?"
		observed=${kernel[$c.result]}
		;;
	esac
	row "$p" "${target_desc[$t]}" "${verdict:--}" "$observed"

	if [ -z "$line" ]; then
		fail "$name" "no verdict for $obj $sym (exit $rc): $(head -3 "$out" "$out.err")"
	elif [ "$verdict" != "$want" ]; then
		fail "$name" "$line; expected $want"
	elif [ -s "$out.err" ]; then
		fail "$name" "stderr: $(head -3 "$out.err")"
	elif [ "$want" = OK ] && [ "$(grep -vc '^OK ' "$out")" != 1 ]; then
		fail "$name" "not all OK: $(grep -v '^OK ' "$out" | head -3)"
	elif [ "$want" = OK ] && [ "$rc" -ne 0 ]; then
		fail "$name" "all OK, but exit status $rc"
	elif [ "$want" != OK ] && [ "$rc" -ne 1 ]; then
		fail "$name" "$want, but exit status $rc"
	elif [ "$verdict" = MOVED ] && [ -z "$val" ]; then
		fail "$name" "MOVED, but not to a variable of the target: $what"
	elif [ "$predicted" != "$observed" ]; then
		fail "$name" "$verdict ($what): the kernel must have $predicted, but it $observed"
	else
		pass "$name" "$verdict; the kernel $observed"
	fi
}

# The value the guest reads from <symbol> of <file> (the sources of
# tests/guest/modules), empty for a function or an unknown file.
value_of() {	# <symbol> <file>
	case $1:$2 in
	verify_dup:verify_a.c) echo 11 ;;
	verify_dup:verify_b.c) echo 22 ;;
	verify_gone:*) echo 33 ;;
	esac
}

# audit <A-list> <B-list> <shift ko>: the position moved between builds
check_audit() {
	local name="audit of test_klp_verify_shift from A's to B's Symbols.list"
	local ko=$mods/test_klp_verify_shift.ko out=$work/audit.out rc=0 why
	if why=$(missing_inputs "$tool" "$ko" "${target[list-A]}" "${target[list-B]}"); then
		fail "$name" "$why"
		return
	fi
	"$tool" audit "${target[list-A]}" "${target[list-B]}" "$ko" >"$out" 2>&1 || rc=$?
	row shift "audit, A's to B's list" "$(grep -o '^[A-Z]*' "$out" | grep -vx OK | head -1)" \
		"$(grep -m1 " $obj verify_dup,2: " "$out" | sed 's/^[A-Z]* *//')"
	if [ "$rc" -ne 1 ]; then
		fail "$name" "exit $rc: $(head -3 "$out")"
	elif ! grep -qxF "MOVED     $obj verify_dup,2: was d verify_dup (verify_b.c), now d verify_dup (verify_a.c)" "$out"; then
		fail "$name" "no MOVED line for $obj verify_dup,2: $(head -3 "$out")"
	elif [ "$(grep -vc '^OK ' "$out")" != 2 ]; then
		fail "$name" "other changes: $(grep -v '^OK ' "$out" | head -3)"
	else
		pass "$name" MOVED
	fi
}

if [ ! -f "$serial" ]; then
	fail "serial log" "missing input: $serial (run scripts/run-guest.sh)"
fi
extract_dump A
extract_dump B
read_cases

check_verify shift list-A OK shift-A
check_verify gone list-A OK gone-A
check_verify late list-A OK late-A
check_verify shift list-B MOVED shift-B
check_verify gone list-B FAIL gone-B
if [ "$GUEST_ARCH" = ppc64le ]; then
	# powerpc keeps a module's init sections: not init there
	check_verify late list-B OK late-B
else
	check_verify late list-B INIT late-B late-B-later
fi
check_verify shift dump-A OK shift-A
check_verify gone dump-A OK gone-A
check_verify late dump-A OK late-A
check_verify shift dump-B OK shift-B
check_verify gone dump-B FAIL gone-B
if [ "$GUEST_ARCH" = ppc64le ]; then
	check_verify late dump-B OK late-B
else
	check_verify late dump-B FAIL late-B
fi
check_audit

printf '%-5s %-28s %-7s %s\n' patch target verdict "what the kernel did"
printf '%s\n' "${TABLE[@]}"
verdict_summary
