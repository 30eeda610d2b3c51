#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Seeds of fuzz-vmlinuz in every kallsyms layout and byte order: the
# tables the scripts/kallsyms.c of 6.1 and of 6.12 write (tests/host/
# kallsyms-src.sh) for a small symbol list, as LE/BE 64/32-bit objects,
# and an s390 image (tests/host/mkvmlinuz.py --s390).  Maintenance, not
# run by make: the seeds are committed in corpus/vmlinuz.
#
# Usage: vmlinuz-seeds.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
host=$here/../host
corpus=$here/corpus/vmlinuz
work=$(mktemp -d "${TMPDIR:-/tmp}/vmlinuz-seeds.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$host/kallsyms-src.sh" "$work"
python3 "$host/mkvmlinuz.py" --nm --count 15 "$work/p.nm" /dev/null
python3 "$host/mkvmlinuz.py" --nm --count 15 --bits 32 "$work/p32.nm" /dev/null
for v in 6.1 6.12; do
	opts=--absolute-percpu
	[ "$v" != 6.1 ] || opts="--base-relative --absolute-percpu"
	for arch in le64 be64 le32 be32; do
		nm=$work/p.nm
		case $arch in *32) nm=$work/p32.nm ;; esac
		"$host/kallsyms-image.sh" "$work/kallsyms-$v" "$opts" "$arch" "$nm" \
			"$corpus/kallsyms-$v-$arch.o"
	done
done
python3 "$host/mkvmlinuz.py" --nm --relative --count 15 "$work/r.nm" /dev/null
"$host/kallsyms-image.sh" --raw "$work/kallsyms-6.1" "--base-relative" be64 \
	"$work/r.nm" "$work/r.bin"
python3 "$host/mkvmlinuz.py" --s390 "$work/r.bin" "$corpus/s390-6.1"
