#!/bin/bash
# Symbols.list, as modpost and Kbuild write it for the test kernel:
#  - the vmlinux block is exactly kallsyms' input (System.map minus what
#    scripts/kallsyms.c ignores), in its order, so a vmlinux sympos read from
#    it is the one the kernel counts;
#  - every module block counts each name as often as the module's .ko
#    defines it, in .ko symbol table order (the module sympos);
#  - a build with nothing changed rewrites neither Symbols.list nor a
#    converted module.
# A missing input is a failure of the checks that need it, naming it.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"
# shellcheck source=../lib/verdict.sh
. "$TOP/tests/lib/verdict.sh"
VERDICT_PREFIX="integration: "

list=$KOBJ/Symbols.list
work=$BUILD/integration/symbols-list-$KCONFIG_NAME   # kernels are checked side by side
mkdir -p "$work"

block() { awk -v obj="*$1" '/^\*/ { on = ($0 == obj); next } on { print $3 }' "$list"; }

# vmlinux: same names, same order as the kallsyms input.
name="Symbols.list vmlinux block is System.map in kallsyms order"
if why=$(missing_inputs "$list" "$KOBJ/System.map"); then
	fail "$name" "$why"
else
	ok=0
	block vmlinux >"$work/vmlinux-block.txt"
	awk '$2 !~ /^[unaA]$/ && length($3) < 512 { print $3 }' "$KOBJ/System.map" \
		>"$work/kallsyms-input.txt"
	[ -s "$work/vmlinux-block.txt" ] || ok=1
	diff "$work/vmlinux-block.txt" "$work/kallsyms-input.txt" >/dev/null || ok=1
	verdict "$name" $ok "no vmlinux block, or it differs: diff $work/vmlinux-block.txt $work/kallsyms-input.txt"
fi

# The case tests/guest/test-vmlinux-sympos.sh runs in the kernel: vmlinux.o
# lists kernel/ucount.o's set_root before fs/namei.o's, the link does not.
name="Symbols.list lists vmlinux set_root as namei.c, then ucount.c"
if why=$(missing_inputs "$list"); then
	fail "$name" "$why"
else
	ok=0
	[ "$(awk '/^\*/ { on = ($0 == "*vmlinux"); next } on && $3 == "set_root" { printf "%s ", $4 }' "$list")" = "namei.c ucount.c " ] || ok=1
	verdict "$name" $ok
fi

# A module-local absolute symbol (assembler .set) is listed with type 'a'
# and flag 'i' (not in a live module's core kallsyms); the M= build of the
# selftest modules converted test_klp_convert_lp reading that list.
name="Symbols.list lists a module's local absolute symbol as 'a i', and conversions read it"
if why=$(missing_inputs "$MODS/test_modules/Symbols.list" \
			"$MODS/test_modules/test_klp_convert_lp.ko"); then
	fail "$name" "$why"
else
	ok=0
	grep -qxF 'a i test_klp_convert_abs test_klp_convert_mod_a.c' \
		"$MODS/test_modules/Symbols.list" || ok=1
	verdict "$name" $ok
fi

# modules: per name, as many records as .ko definitions, in .ko order.
name="Symbols.list module blocks follow .ko symbol tables"
if why=$(missing_inputs "$list" "$KOBJ/modules.order"); then
	fail "$name" "$why"
else
	ok=0
	checked=0
	nokos=()
	while IFS= read -r obj; do
		ko=$KOBJ/${obj%.o}.ko
		mod=$(basename "${obj%.o}" | tr -- '-,' '__')
		if [ ! -f "$ko" ]; then
			nokos+=("$ko")
			continue
		fi
		# defined, named, not FILE/SECTION symbols of the .ko, in symtab order
		# (the name is the last field: ppc64le inserts "[<localentry>: 8]")
		readelf -sW "$ko" | awk 'NR > 3 && $7 != "UND" && $4 != "FILE" && $4 != "SECTION" && NF >= 8 { print $NF }' \
			> "$work/ko-syms.txt"
		if ! grep -qxF "*$mod" "$list"; then
			echo "  $mod: no '*$mod' block in Symbols.list"
			ok=1
			continue
		fi
		block "$mod" > "$work/list-syms.txt"
		# Each name of the block is defined as often in the .ko; names defined
		# more than once come in the same order (the order of globals, whose
		# names are unique in a module, may differ and does not matter).
		sort "$work/list-syms.txt" | uniq -d > "$work/dup-syms.txt"
		if ! diff <(grep -Fxf "$work/list-syms.txt" "$work/ko-syms.txt" | sort) \
			  <(sort "$work/list-syms.txt") > /dev/null ||
		   ! diff <(grep -Fxf "$work/dup-syms.txt" "$work/ko-syms.txt") \
			  <(grep -Fxf "$work/dup-syms.txt" "$work/list-syms.txt") > /dev/null; then
			echo "  $mod: module block does not match ${ko#"$KOBJ"/}"
			ok=1
		fi
		checked=$((checked + 1))
	done < "$KOBJ/modules.order"
	if [ ${#nokos[@]} -gt 0 ]; then
		fail "$name" "$(missing_inputs "${nokos[@]}") (in modules.order)"
	elif [ "$checked" -eq 0 ]; then
		fail "$name" "no module in $KOBJ/modules.order"
	else
		verdict "$name ($checked modules)" $ok
	fi
fi

# nothing changed: nothing rewritten
name="an unchanged rebuild leaves Symbols.list and converted modules untouched"
ko=$KOBJ/samples/livepatch/livepatch-annotated-sample.ko
if why=$(missing_inputs "$list" "$ko" "$KSRC/Makefile"); then
	fail "$name" "$why"
else
	before=$(stat -c '%Y %s' "$list" "$ko")
	ok=0
	make -s -C "$KSRC" O="$KOBJ" "${KMAKE_ARGS[@]}" -j"$(nproc)" modules >/dev/null || ok=1
	after=$(stat -c '%Y %s' "$list" "$ko")
	[ "$before" = "$after" ] || ok=1
	verdict "$name" $ok
fi
verdict_status
