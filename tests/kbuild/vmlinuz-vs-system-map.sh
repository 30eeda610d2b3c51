#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kallsyms records decoded offline from a kernel image
# (linux/scripts/livepatch/vmlinuz.c) against the System.map of the same
# build.  The decoder must give exactly the System.map lines that
# scripts/kallsyms.c keeps: not types u and n, not absolute (A, a)
# symbols (is_ignored_symbol()), no name of KSYM_NAME_LEN (512) or more.
# Same names, same addresses, and each name's records in the same
# (address) order, that is the same sympos.  The one difference allowed:
# with CONFIG_KALLSYMS_ABSOLUTE_PERCPU, the symbols from __per_cpu_start
# to __per_cpu_end (inclusive, as symbol_in_range()) have type A.
#
# usage: tests/kbuild/vmlinuz-vs-system-map.sh <bzImage|vmlinux> <System.map>
#   VMLINUZ_DUMP=<tests/host/vmlinuz-dump binary> (default: built here)
# Prints the counts and the decode time, and every difference; exits 0
# only if there is none.
set -euo pipefail
export LC_ALL=C

[ $# -eq 2 ] || { echo "usage: $0 <bzImage|vmlinux> <System.map>" >&2; exit 2; }
image=$1 map=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
for f in "$image" "$map"; do
	[ -f "$f" ] || { echo "missing input: $f" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/vmlinuz-vs-map.XXXXXX")
trap 'rm -rf "$work"' EXIT

dump=${VMLINUZ_DUMP:-}
if [ -z "$dump" ]; then
	src=$top/linux/scripts/livepatch
	[ -d "$top/build/kernel-include" ] ||
		{ echo "missing build/kernel-include: make -f mk/tool.mk tool" >&2; exit 1; }
	dump=$work/vmlinuz-dump
	read -r -a libs <<< "$(pkg-config --libs libzstd liblzma zlib liblz4)"
	${HOSTCC:-gcc} -std=gnu11 -O2 -Wall -Wextra -Werror \
		-I "$top/build/kernel-include" -o "$dump" \
		"$top/tests/host/vmlinuz-dump.c" "$src/vmlinuz.c" \
		"$src/decompress.c" "$src/notes.c" "$src/util.c" \
		"${libs[@]}"
fi

start=$(date +%s%N)
"$dump" "$image" >"$work/decoded"
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))

# the System.map lines kallsyms keeps, as "addr type name"
awk 'length($3) < 512 && $2 != "u" && $2 != "n" && toupper($2) != "A" {
	print $1, $2, $3 }' "$map" >"$work/kept"
pcpu_start=$(awk '$3 == "__per_cpu_start" { print $1 }' "$map")
pcpu_end=$(awk '$3 == "__per_cpu_end" { print $1 }' "$map")
abs=$(awk '$2 == "A"' "$work/decoded" | wc -l)

# percpu symbols read 'A' when the decoded image says so (the addresses
# compared as strings, all 16 digits: awk takes "...26e20" for a number)
if [ "$abs" -gt 0 ] && [ -n "$pcpu_start" ] && [ -n "$pcpu_end" ]; then
	awk -v s="$pcpu_start" -v e="$pcpu_end" \
		'{ a = $1 ""; if (a >= s "" && a <= e "") $2 = "A"; print }' \
		"$work/kept" >"$work/expected"
else
	cp "$work/kept" "$work/expected"
fi

# each name's records in their order: a stable sort by name
sort -s -k3,3 "$work/expected" >"$work/expected.by-name"
sort -s -k3,3 "$work/decoded" >"$work/decoded.by-name"

echo "image: $image"
echo "System.map: $(wc -l <"$map") lines, $(wc -l <"$work/kept") kept by kallsyms"
echo "decoded: $(wc -l <"$work/decoded") records ($abs percpu as A) in $ms ms"
if ! diff "$work/expected.by-name" "$work/decoded.by-name" >"$work/diff"; then
	n=$(grep -c '^[<>]' "$work/diff" || true)
	echo "DIFFERENT: $n lines ('<' System.map, '>' decoded), first 50:"
	head -50 "$work/diff"
	exit 1
fi
# (within one address kallsyms orders by its own rules, compare_symbols():
# only the order of addresses and each name's order are promised)
if ! sort -s -c -k1,1 "$work/decoded" 2>"$work/sort"; then
	echo "DIFFERENT: decoded records not in address order: $(cat "$work/sort")"
	exit 1
fi
echo "same: names, addresses, types (percpu aside), order of each name"
