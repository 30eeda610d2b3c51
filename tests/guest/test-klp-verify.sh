#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the kernel does with livepatches converted for another build of
# their target, for klp-convert verify to be checked against.
#
# test_klp_verify_shift, _gone and _late are converted against variant A
# of test_klp_verify_target (tests/guest/modules); variant B, the same
# module name and sources built by tests/guest/modules-b, links its files
# the other way round (verify_dup,2 names the other file's variable), has
# no verify_gone, and makes verify_late_fn an init function. Each patch is
# loaded with A live, then with B live; test_klp_verify_late also before B.
# Each patch's post-patch callback prints the address (and value) that the
# livepatch core bound its converted reference to.
#
# For each case one line says what the kernel did:
#
#   KLPVERIFY: <case> patch=<module> target=<A|B> order=<target-first|patch-first> result=<loaded|refused> address=<0x...|-> value=<n|-> reason=<kernel message|->
#
# and /proc/kallsyms while A, then B, is live goes to the log, gzip'ed and
# in base64, between "KLPVERIFY-KALLSYMS-BEGIN <A|B> gzip base64" and
# "KLPVERIFY-KALLSYMS-END <A|B> <number> lines".
# tests/guest/verify-check.sh runs klp-convert verify on the host against
# both builds' Symbols.list and both dumps, and compares every verdict
# with these lines. Here, each case's kernel log must be exactly what is
# expected, with the addresses /proc/kallsyms gives.

# shellcheck source=/dev/null  # functions.sh comes from the kernel tree
. "$(dirname "$0")/functions.sh"
# shellcheck source=tests/guest/lib.sh
. "$(dirname "$0")/lib.sh"

MOD_TARGET=test_klp_verify_target
MOD_SHIFT=test_klp_verify_shift
MOD_GONE=test_klp_verify_gone
MOD_LATE=test_klp_verify_late

setup_config

target_ko() {	# <A|B>
	if [ "$1" = B ]; then
		echo "test_modules/b/$MOD_TARGET.ko"
	else
		echo "test_modules/$MOD_TARGET.ko"
	fi
}

load_target() {	# <A|B>
	local ko ret
	ko=$(target_ko "$1")
	log "% insmod $ko"
	ret=$(insmod "$ko" 2>&1) || die "$ret"
	# shellcheck disable=SC2016  # loop_until evaluates its argument
	loop_until '[[ -e "/sys/module/$MOD_TARGET" ]]' ||
		die "failed to load module $MOD_TARGET"
}

# insmod a livepatch; LP_RESULT := loaded (transition done) or refused
try_lp() {	# <livepatch>
	local lp=$1 ret
	log "% insmod test_modules/$lp.ko"
	if ret=$(insmod "test_modules/$lp.ko" 2>&1); then
		# shellcheck disable=SC2016  # loop_until evaluates its argument
		loop_until 'grep -q "^0$" "/sys/kernel/livepatch/$lp/transition"' ||
			die "failed to complete transition"
		LP_RESULT=loaded
	else
		log "$ret"
		LP_RESULT=refused
	fi
}

# /proc/kallsyms between markers, gzip'ed (its CRC tells a damaged dump;
# a third of the time on the serial line) and in base64; and to /tmp for
# the expected addresses. On stdout, to stay in order with the other lines.
dump_kallsyms() {	# <A|B>
	local f=/tmp/kallsyms-$1.txt
	cat /proc/kallsyms > "$f"
	echo "KLPVERIFY-KALLSYMS-BEGIN $1 gzip base64"
	gzip -1 < "$f" | base64
	echo "KLPVERIFY-KALLSYMS-END $1 $(wc -l < "$f") lines"
}

# the address of the <pos>-th <name> of the target in dump <A|B>
# as the modules print it (%lx): kallsyms pads with zeros (s390x
# module addresses are shorter than 16 digits)
ksym() {	# <A|B> <name> <pos>
	awk -v n="$2" -v pos="$3" -v mod="[$MOD_TARGET]" \
		'$3 == n && $4 == mod && ++c == pos {
			a = $1; sub(/^0+/, "", a); print "0x" (a == "" ? "0" : a); exit
		}' "/tmp/kallsyms-$1.txt"
}

# A case is start_test() and check_result() of functions.sh, except that
# its TEST line comes whole at the end, after its KLPVERIFY line, and a
# failed case does not end the script.
begin_case() {
	local msg
	msg="livepatch kselftest timestamp: $(date --rfc-3339=ns)"
	log "$msg"
	# shellcheck disable=SC2016  # loop_until evaluates its argument
	loop_until 'dmesg | grep -q "$msg"' ||
		die "buffer busy? can't find canary dmesg message: $msg"
	LAST_DMESG=$(dmesg | grep "$msg")
}

# the kernel log of the case so far, as check_result() sees it
case_log() {
	dmesg | awk -v last_dmesg="$LAST_DMESG" 'p; $0 == last_dmesg { p=1 }' |
		grep -e 'livepatch:' -e 'test_klp' |
		grep -v '\(tainting\|taints\) kernel' |
		sed 's/^\[[ 0-9.]*\] //'
}

# Print what the kernel did with <livepatch> in this case: the address
# and value of its post-patch callback line, the first livepatch message
# that is not a progress message.
report() {	# <case> <livepatch> <A|B> <order> <loaded|refused>
	local log_now line address=- value=- reason=-
	log_now=$(case_log)
	line=$(grep -m1 "^$2: " <<< "$log_now")
	if [[ "$line" =~ \ at\ (0x[0-9a-f]+) ]]; then
		address=${BASH_REMATCH[1]}
	fi
	if [[ "$line" =~ \ reads\ (-?[0-9]+) ]]; then
		value=${BASH_REMATCH[1]}
	fi
	line=$(grep '^livepatch: ' <<< "$log_now" |
		grep -v -m1 -e 'enabling patch' -e 'transition$' \
			-e 'complete$' -e 'applying patch' -e 'reverting patch' || true)
	[ -z "$line" ] || reason=${line#livepatch: }
	echo "KLPVERIFY: $1 patch=$2 target=$3 order=$4 result=$5 address=$address value=$value reason=$reason"
}

FAILED=0
end_case() {	# <description> <expected log>
	local result
	result=$(case_log)
	if [[ "$2" == "$result" ]]; then
		echo "TEST: $1 ... ok"
	else
		echo "TEST: $1 ... not ok"
		echo
		diff -up --label expected --label result <(echo "$2") <(echo "$result")
		echo
		FAILED=1
	fi
}

enable_lines() {	# <livepatch> [<its callback line>]
	echo "% insmod test_modules/$1.ko
livepatch: enabling patch '$1'
livepatch: '$1': initializing patching transition
livepatch: '$1': starting patching transition
livepatch: '$1': completing patching transition"
	[ $# -lt 2 ] || echo "$1: $2"
	echo "livepatch: '$1': patching complete"
}

disable_lines() {	# <livepatch>
	echo "% echo 0 > /sys/kernel/livepatch/$1/enabled"
	klp_disable_msgs "$1"
	echo "% rmmod $1"
}

refused_lines() {	# <livepatch> <symbol>
	echo "% insmod test_modules/$1.ko
livepatch: symbol '$2' not found in symbol table
insmod: ERROR: could not insert module test_modules/$1.ko: Invalid parameters"
}

# A livepatch loaded while variant <A|B> is live, unloaded if it loaded.
patch_case() {	# <case> <livepatch> <A|B> <description> <expected log>
	begin_case
	try_lp "$2"
	if [ "$LP_RESULT" = loaded ]; then
		disable_lp "$2"
		unload_lp "$2"
	fi
	report "$1" "$2" "$3" target-first "$LP_RESULT"
	end_case "$4" "$5"
}

target_lines() {	# <A|B>
	echo "$MOD_TARGET: variant $1: verify_dup 11 22, verify_late_fn 44"
}


# Variant A, the build the patches are converted for: all bind as meant.
begin_case
load_target A
end_case "klp verify: variant A of the target loads" \
	"% insmod $(target_ko A)
$(target_lines A)"
dump_kallsyms A

patch_case shift-A $MOD_SHIFT A \
	"klp verify: verify_dup,2 is verify_b.c's (22) in variant A" \
	"$(enable_lines $MOD_SHIFT "verify_dup,2 at $(ksym A verify_dup 2) reads 22")
$(disable_lines $MOD_SHIFT)"
patch_case gone-A $MOD_GONE A \
	"klp verify: verify_gone of variant A" \
	"$(enable_lines $MOD_GONE "verify_gone at $(ksym A verify_gone 1) reads 33")
$(disable_lines $MOD_GONE)"
patch_case late-A $MOD_LATE A \
	"klp verify: verify_late_fn of variant A, live" \
	"$(enable_lines $MOD_LATE "verify_late_fn at $(ksym A verify_late_fn 1)")
$(disable_lines $MOD_LATE)"


# Variant B: the shifted position loads and reads the other file's
# variable; the vanished symbol and the init symbol of the live module
# are refused.
begin_case
unload_mod $MOD_TARGET
load_target B
end_case "klp verify: variant B of the target replaces A" \
	"% rmmod $MOD_TARGET
% insmod $(target_ko B)
$(target_lines B)"
dump_kallsyms B

patch_case shift-B $MOD_SHIFT B \
	"klp verify: verify_dup,2 is verify_a.c's (11) in variant B: loads, wrong variable" \
	"$(enable_lines $MOD_SHIFT "verify_dup,2 at $(ksym B verify_dup 2) reads 11")
$(disable_lines $MOD_SHIFT)"
patch_case gone-B $MOD_GONE B \
	"klp verify: verify_gone is not in variant B: refused" \
	"$(refused_lines $MOD_GONE verify_gone)"
if [ "$(uname -m)" = ppc64le ]; then
	# powerpc loads a module's init sections with its core and keeps
	# them (module_init_section()): the init function stays in kallsyms
	patch_case late-B $MOD_LATE B \
		"klp verify: verify_late_fn is init in variant B, live: powerpc keeps it" \
		"$(enable_lines $MOD_LATE "verify_late_fn at $(ksym B verify_late_fn 1)")
$(disable_lines $MOD_LATE)"
else
	patch_case late-B $MOD_LATE B \
		"klp verify: verify_late_fn is init in variant B, live: refused" \
		"$(refused_lines $MOD_LATE verify_late_fn)"
fi


# Variant B loading after the patch: its full symbol table has
# verify_late_fn, in its .init.text.
begin_case
unload_mod $MOD_TARGET
try_lp $MOD_LATE
[ "$LP_RESULT" = loaded ] || die "$MOD_LATE did not load without its target"
ko=$(target_ko B)
log "% insmod $ko"
if ret=$(insmod "$ko" 2>&1); then
	result=loaded
	init_text=$(cat /sys/module/$MOD_TARGET/sections/.init.text)
else
	log "$ret"
	result=refused
	init_text=0
fi
late=$(case_log | sed -n "s/^$MOD_LATE: verify_late_fn at \(0x[0-9a-f]*\)$/\1/p")
# the address is in B's .init.text (within a page of its start)
if [ -n "$late" ] && (( late >= init_text && late < init_text + 4096 )); then
	log "$MOD_TARGET: verify_late_fn in .init.text: yes"
else
	log "$MOD_TARGET: verify_late_fn in .init.text: no (.init.text at $init_text)"
fi
disable_lp $MOD_LATE
unload_lp $MOD_LATE
[ "$result" = refused ] || unload_mod $MOD_TARGET
report late-B-later $MOD_LATE B patch-first "$result"
end_case "klp verify: verify_late_fn of variant B loading after the patch" \
	"% rmmod $MOD_TARGET
$(enable_lines $MOD_LATE)
% insmod $ko
livepatch: applying patch '$MOD_LATE' to loading module '$MOD_TARGET'
$MOD_LATE: verify_late_fn at ${late:-?}
$(target_lines B)
$MOD_TARGET: verify_late_fn in .init.text: yes
$(disable_lines $MOD_LATE)
% rmmod $MOD_TARGET"

exit $FAILED
