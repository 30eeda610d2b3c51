#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# klp-convert benchmark: a distribution-scale Symbols.list (4,000 modules,
# 2,000,000 records, 150,000 in vmlinux) and a livepatch with 10,000+
# relocations to 2,000 symbols.  Median wall time and peak RSS over 11
# runs, next to the floor: bench/floor.c mapping both inputs and reading
# every byte (no parsing).
#
# Usage: run.sh <klp-convert> <outdir>
set -euo pipefail

tool=$1 out=$2 runs=11
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
cd "$out"

gcc -O2 -Wall -Wextra -Werror -o gen-bench "$here/gen-bench.c"
gcc -O2 -Wall -Wextra -Werror -o runner "$here/runner.c"
gcc -O2 -Wall -Wextra -Werror -o floor "$here/floor.c"
./gen-bench Symbols.list livepatch.S
gcc -c livepatch.S -o livepatch.o
ld -r -z noexecstack -o livepatch.ko livepatch.o

records=$(grep -vc '^[*#k]' Symbols.list)
objects=$(grep -c '^\*' Symbols.list)
relocs=$(readelf -rW livepatch.ko | grep -c 'R_X86_64_')
"$tool" Symbols.list livepatch.ko converted.ko	# must succeed
klp=$(readelf -rW converted.ko | grep -c '\.klp\.sym\.')

read -r t_med t_min t_max t_rss < <(./runner $runs "$tool" Symbols.list livepatch.ko converted.ko)
read -r f_med f_min f_max f_rss < <(./runner $runs ./floor Symbols.list livepatch.ko)
ratio=$(awk -v a="$t_med" -v b="$f_med" 'BEGIN { printf "%.2f", a / b }')

{
	echo "klp-convert benchmark ($(date -u +%Y-%m-%d), $(nproc) CPUs, median of $runs runs)"
	echo "Symbols.list: $records records in $objects objects, $(du -h Symbols.list | cut -f1)"
	echo "livepatch.ko: $relocs relocations, $klp converted to .klp.rela"
	echo
	printf '%-34s %10s %10s %10s %12s\n' "" "median ms" "min ms" "max ms" "peak RSS KiB"
	printf '%-34s %10s %10s %10s %12s\n' "klp-convert" "$t_med" "$t_min" "$t_max" "$t_rss"
	printf '%-34s %10s %10s %10s %12s\n' "floor (mmap + read every byte)" "$f_med" "$f_min" "$f_max" "$f_rss"
	echo
	echo "klp-convert / floor = $ratio (target: <= 100 ms and <= 3x the floor)"
} | tee results.txt
