#!/bin/bash
# Symbols.list, as modpost and Kbuild write it for the test kernel:
#  - the vmlinux block is exactly kallsyms' input (System.map minus what
#    scripts/kallsyms.c ignores), in its order, so a vmlinux sympos read from
#    it is the one the kernel counts;
#  - every module block counts each name as often as the module's .ko
#    defines it, in .ko symbol table order (the module sympos);
#  - a build with nothing changed rewrites neither Symbols.list nor a
#    converted module.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

list=$KOBJ/Symbols.list
status=0
verdict() {
	if [ "$1" -eq 0 ]; then echo "PASS: integration: $2"; else echo "FAIL: integration: $2"; status=1; fi
}

block() { awk -v obj="*$1" '/^\*/ { on = ($0 == obj); next } on { print $3 }' "$list"; }

# vmlinux: same names, same order as the kallsyms input.
ok=0
diff <(block vmlinux) \
     <(awk '$2 !~ /^[unaA]$/ && length($3) < 512 { print $3 }' "$KOBJ/System.map") \
     > /dev/null || ok=1
verdict $ok "Symbols.list vmlinux block is System.map in kallsyms order"

# The case tests/guest/test-vmlinux-sympos.sh runs in the kernel: vmlinux.o
# lists kernel/ucount.o's set_root before fs/namei.o's, the link does not.
ok=0
[ "$(awk '/^\*/ { on = ($0 == "*vmlinux"); next } on && $3 == "set_root" { printf "%s ", $4 }' "$list")" = "namei.c ucount.c " ] || ok=1
verdict $ok "Symbols.list lists vmlinux set_root as namei.c, then ucount.c"

# A module-local absolute symbol (assembler .set) is listed with type 'a'
# and flag 'i' (not in a live module's core kallsyms); the M= build of the
# selftest modules converted test_klp_convert_lp reading that list.
ok=0
grep -qxF 'a i test_klp_convert_abs test_klp_convert_mod_a.c' \
	"$MODS/test_modules/Symbols.list" || ok=1
[ -f "$MODS/test_modules/test_klp_convert_lp.ko" ] || ok=1
verdict $ok "Symbols.list lists a module's local absolute symbol as 'a i', and conversions read it"

# modules: per name, as many records as .ko definitions, in .ko order.
ok=0
checked=0
while IFS= read -r obj; do
	ko=$KOBJ/${obj%.o}.ko
	mod=$(basename "${obj%.o}" | tr -- '-,' '__')
	[ -f "$ko" ] || continue
	# defined, named, not FILE/SECTION symbols of the .ko, in symtab order
	readelf -sW "$ko" | awk 'NR > 3 && $7 != "UND" && $4 != "FILE" && $4 != "SECTION" && $8 != "" { print $8 }' \
		> "$BUILD/ko-syms.txt"
	block "$mod" > "$BUILD/list-syms.txt"
	# Each name of the block is defined as often in the .ko; names defined
	# more than once come in the same order (the order of globals, whose
	# names are unique in a module, may differ and does not matter).
	sort "$BUILD/list-syms.txt" | uniq -d > "$BUILD/dup-syms.txt"
	if ! diff <(grep -Fxf "$BUILD/list-syms.txt" "$BUILD/ko-syms.txt" | sort) \
		  <(sort "$BUILD/list-syms.txt") > /dev/null ||
	   ! diff <(grep -Fxf "$BUILD/dup-syms.txt" "$BUILD/ko-syms.txt") \
		  <(grep -Fxf "$BUILD/dup-syms.txt" "$BUILD/list-syms.txt") > /dev/null; then
		echo "  $mod: module block does not match ${ko#"$KOBJ"/}"
		ok=1
	fi
	checked=$((checked + 1))
done < "$KOBJ/modules.order"
[ "$checked" -gt 0 ] || ok=1
verdict $ok "Symbols.list module blocks follow .ko symbol tables ($checked modules)"

# nothing changed: nothing rewritten
ko=$KOBJ/samples/livepatch/livepatch-annotated-sample.ko
before=$(stat -c '%Y %s' "$list" "$ko")
make -s -C "$KSRC" O="$KOBJ" -j"$(nproc)" modules >/dev/null
after=$(stat -c '%Y %s' "$list" "$ko")
ok=0
[ "$before" = "$after" ] || ok=1
verdict $ok "an unchanged rebuild leaves Symbols.list and converted modules untouched"
exit $status
