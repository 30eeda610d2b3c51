#!/bin/bash
# The same livepatch source built in-tree and as an external (M=) module must
# be converted identically. The two .ko files differ only by what Kbuild adds
# to every in-tree module (modinfo "intree=Y", hence one more local symbol,
# shifted symbol indices, another string table and build-id); everything
# else is compared: every other section byte for byte, all relocations (klp
# ones included) by offset, type, symbol name and addend, and the symbols
# other than the modinfo ones.
# A missing input is a failure, naming it.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"
# shellcheck source=../lib/verdict.sh
. "$TOP/tests/lib/verdict.sh"

name=livepatch-annotated-sample
intree=$KOBJ/samples/livepatch/$name.ko
ext=$BUILD/integration/extmod-$KCONFIG_NAME-$name   # of this configuration: kernels are checked side by side
test_name="integration: $name in-tree and M= builds convert identically"

if why=$(missing_inputs "$intree" "$TOP/linux/samples/livepatch/$name.c" \
			"$KOBJ/Makefile" "$KOBJ/Symbols.list"); then
	fail "$test_name" "$why"
	exit 1
fi
rm -rf "$ext"
mkdir -p "$ext"
cp "$TOP/linux/samples/livepatch/$name.c" "$ext/"
echo "obj-m += $name.o" > "$ext/Kbuild"
if ! out=$(make -s -C "$KOBJ" "${KMAKE_ARGS[@]}" M="$ext" modules 2>&1); then
	fail "$test_name" "M= build failed"
	echo "$out"
	exit 1
fi

# a section's bytes, as readelf's hex dump: readelf knows every machine
# (the host's objcopy does not), and objcopy given /dev/stdout replaced
# that symlink with a regular file when run as root, so that every later
# reader of /dev/stdout saw nothing and this comparison passed vacuously.
# The dump is the hex digits alone (readelf's columns 14-48), without
# addresses: on s390x the sections after .modinfo have addresses in the
# .ko, which the longer in-tree .modinfo moves. Only zero bytes read as
# no bytes: there the in-tree link gives .data 4 bytes of zeros where the
# M= link gives it none.
section_bytes() {
	local hex

	# (a section without bytes has no line to keep: grep finds none)
	hex=$(readelf -x "$2" "$1" | { grep '^  0x' || true; } | cut -c14-48 | tr -d ' \n')
	[ -z "$(tr -d 0 <<< "$hex")" ] || echo "$hex"
}
sections() { readelf -SW "$1" | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p'; }
dump() {
	local ko=$1 s
	for s in $(sections "$ko"); do
		case "$s" in
		.modinfo|.symtab|.strtab|.note.gnu.build-id) continue ;;
		.rela*|.klp.rela*) continue ;;	# compared below, by name
		esac
		printf '== %s\n' "$s"
		section_bytes "$ko" "$s"
	done
	readelf -rW "$ko" | sed 's/ at offset 0x[0-9a-f]*//' | awk '{ $2 = ""; print }'
	# symbols without their index, minus those of .modinfo entries (their
	# __UNIQUE_ID_ counters shift with the extra in-tree entry)
	local modinfo
	modinfo=$(readelf -SW "$ko" | sed -n 's/^ *\[ *\([0-9]*\)\] \.modinfo .*/\1/p')
	# (and the linker's __start_/__stop_alloc_tags of an empty section,
	# whose value the two links on s390x give differently)
	readelf -sW "$ko" | awk -v m="$modinfo" 'NR > 3 && $7 != m &&
		$8 !~ /^__(start|stop)_alloc_tags$/ { $1 = ""; print }'
}

why=""
dump "$intree" > "$ext/intree.dump"
dump "$ext/$name.ko" > "$ext/extmod.dump"
if ! diff "$ext/intree.dump" "$ext/extmod.dump" > "$ext/diff"; then
	why="contents differ (see $ext/diff)"
fi
# a comparison of nothing passes nothing (a readelf that printed nothing
# once made it pass): the sample has code, data and livepatch relocations
nsec=$(grep -c '^== ' "$ext/intree.dump" || true)
nklp=$(grep -c "'\.klp\.rela\." "$ext/intree.dump" || true)
nsym=$(grep -c ' livepatch_' "$ext/intree.dump" || true)
if [ "$nsec" -lt 4 ] || [ "$nklp" -lt 1 ] || [ "$nsym" -lt 1 ]; then
	why="${why:+$why; }nothing to compare: $nsec sections, $nklp .klp.rela sections, $nsym livepatch_ symbols in the dump of $intree"
fi
# and the only modinfo difference is the in-tree marker
modinfo_of() { readelf -p .modinfo "$1" | sed -n 's/^ *\[ *[0-9a-f]*\]  //p'; }
if ! diff <(modinfo_of "$intree" | grep -v '^intree=Y$') <(modinfo_of "$ext/$name.ko") >/dev/null; then
	why="${why:+$why; }.modinfo differs beyond intree=Y"
fi
if [ -z "$why" ]; then
	pass "$test_name" "$nsec sections, $nklp .klp.rela sections, the symbols"
else
	fail "$test_name" "$why"
	head -n 20 "$ext/diff"
fi
verdict_status
