#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A kernel's scripts/kallsyms program (tests/host/kallsyms-src.sh) lays
# out the kallsyms tables of an "nm -n" symbol list; the result is
# assembled as link-vmlinux.sh would, for one byte order and word size,
# into an object whose .rodata holds the tables (_text is the text base
# of tests/host/mkvmlinuz.py).  With --raw, the .rodata alone, as
# "objcopy -O binary" leaves a vmlinux (s390's vmlinux.bin).
#
# Usage: kallsyms-image.sh [--raw] <kallsyms> "<options>" <le64|be64|le32|be32>
#                          <nm list> <output>
set -euo pipefail

raw=0
if [ "${1:-}" = --raw ]; then
	raw=1
	shift
fi
[ $# -eq 5 ] || { echo "usage: ${0##*/} [--raw] <kallsyms> <options> <arch> <nm list> <output>" >&2; exit 2; }
kallsyms=$1 opts=$2 arch=$3 nm=$4 out=$5
bits=64 text=0xffffffff81000000 objcopy=objcopy
as=(as --64)
case $arch in
le64) ;;
be64) as=(s390x-linux-gnu-as -m64) objcopy=s390x-linux-gnu-objcopy ;;
le32) as=(as --32) bits=32 ;;
be32) as=(s390x-linux-gnu-as -m31) bits=32 objcopy=s390x-linux-gnu-objcopy ;;
*) echo "${0##*/}: $arch: le64, be64, le32 or be32" >&2; exit 2 ;;
esac
[ "$bits" = 64 ] || text=0xc1000000
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kallsyms-image.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# shellcheck disable=SC2086 # the options, one word each
"$kallsyms" --all-symbols $opts "$nm" >"$tmp/k.S" 2>"$tmp/k.err" ||
	{ echo "kallsyms failed: $(head -2 "$tmp/k.err")" >&2; exit 1; }
mkdir -p "$tmp/asm"
echo "#define BITS_PER_LONG $bits" >"$tmp/asm/bitsperlong.h"
cpp -P -I "$tmp" "$tmp/k.S" >"$tmp/k.s"
"${as[@]}" --defsym "_text=$text" -o "$tmp/k.o" "$tmp/k.s"
if [ "$raw" = 1 ]; then
	"$objcopy" -O binary --only-section=.rodata "$tmp/k.o" "$out"
else
	mv "$tmp/k.o" "$out"
fi
