#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# klp-convert benchmark: a distribution-scale Symbols.list (4,000 modules,
# 2,000,000 records, 150,000 in vmlinux) and a livepatch with 10,000+
# relocations to 2,000 symbols.  Median wall time and peak RSS over 11
# runs, next to the floor: bench/floor.c mapping both inputs and reading
# every byte (no parsing).
#
# First, the check that keeps the parser's fast path honest (the second
# parser of every well-formed record): bench/diff-parse.c runs klp-convert
# and <general-parser klp-convert>, built from the same sources with the
# fast path switched off (mk/tool.mk), on 2,000 mutated Symbols.list
# files (from tests/fuzz/fixed/, with tests/fuzz/fixed/lp.ko), and
# requires the same status, stdout, stderr and output bytes.  It prints
# "PASS: bench/symbols-fast-path (...)" or "FAIL: ...: <why>"
# (tests/lib/verdict.sh); any difference makes the run fail, after the
# timings.
#
# Then bench/distro.sh: the same on Debian's own kernels (6.12 and 6.1),
# from their packages;
# bench/debian-images.sh: klp-symlist on the newest image of every
# kernel version, architecture and flavour of Debian bookworm; and
# bench/from-fix.sh: klp-fix diff on every .c file of Debian's next
# release, each as a fix (BENCH_FIX_MAX, BENCH_FIX_DIRS for a part).
#
# Usage: run.sh [--diff-only] <klp-convert> <outdir> <general-parser klp-convert> <diff-parse>
# Environment: BENCH_RUNS, runs per timing (default 11; bench/distro.sh 3);
# the package check of make check traces one.
set -euo pipefail

diff_only=0
if [ "${1:-}" = --diff-only ]; then
	diff_only=1
	shift
fi
[ $# -eq 4 ] || { echo "usage: ${0##*/} [--diff-only] <klp-convert> <outdir> <general-parser klp-convert> <diff-parse>" >&2; exit 2; }
tool=$1 out=$2 general=$3 diff_parse=$4 runs=${BENCH_RUNS:-11}
here=$(cd "$(dirname "$0")" && pwd)
fixed=$here/../tests/fuzz/fixed
# shellcheck source=../tests/lib/verdict.sh
. "$here/../tests/lib/verdict.sh"
mkdir -p "$out"
cd "$out"

# The fast path against the general parser.
name=bench/symbols-fast-path
if why=$(missing_inputs "$tool" "$general" "$diff_parse" "$fixed/Symbols.list" "$fixed/lp.ko"); then
	fail "$name" "$why"
else
	# a directory of this run: the differing lists are kept there
	work=$(mktemp -d "$out/diff-parse.XXXXXX")
	rc=0
	"$diff_parse" "$general" "$tool" "$fixed/Symbols.list" "$fixed/lp.ko" \
		"$work" 2000 >"$work.log" 2>&1 || rc=$?
	summary=$(tail -1 "$work.log")
	if [ $rc -eq 0 ] && [[ $summary =~ ^2000\ mutated.*\(([0-9]+)\ converted.*\ 0\ differences$ ]] &&
	   [ "${BASH_REMATCH[1]}" -gt 0 ]; then
		pass "$name" "$summary"
		rm -rf "$work" "$work.log"
	else
		# every difference, or the error
		head -6 "$work.log" | sed 's/^/  /'
		fail "$name" "$summary (exit $rc; log: $work.log)"
	fi
fi
if [ $diff_only -eq 1 ]; then
	verdict_status
	exit
fi

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

read -r t_med t_min t_max t_rss < <(./runner "$runs" "$tool" Symbols.list livepatch.ko converted.ko)
read -r f_med f_min f_max f_rss < <(./runner "$runs" ./floor Symbols.list livepatch.ko)
ratio=$(awk -v a="$t_med" -v b="$f_med" 'BEGIN { printf "%.2f", a / b }')

# verify: the converted module against a /proc/kallsyms dump of the same
# kernel (made-up addresses in list order; live modules: no init symbols)
awk '/^\*/ { obj = substr($0, 2); gsub("-", "_", obj); next }
     /^[#k]/ { next }
     { a++ }
     obj == "vmlinux" { printf "ffffffff8%07x %s %s\n", a, $1, $3; next }
     $2 !~ /i/ { printf "ffffffffc%07x %s %s\t[%s]\n", a, $1, $3, obj }' \
	Symbols.list >kallsyms.txt
dump_lines=$(wc -l <kallsyms.txt)
"$tool" verify kallsyms.txt converted.ko >verify.out	# must be all OK
verify_summary=$(tail -1 verify.out)
read -r v_med v_min v_max v_rss < <(./runner "$runs" "$tool" verify kallsyms.txt converted.ko)

{
	echo "klp-convert benchmark ($(date -u +%Y-%m-%d), $(nproc) CPUs, median of $runs runs)"
	echo "Symbols.list: $records records in $objects objects, $(du -h Symbols.list | cut -f1)"
	echo "livepatch.ko: $relocs relocations, $klp converted to .klp.rela"
	echo
	printf '%-34s %10s %10s %10s %12s\n' "" "median ms" "min ms" "max ms" "peak RSS KiB"
	printf '%-34s %10s %10s %10s %12s\n' "klp-convert" "$t_med" "$t_min" "$t_max" "$t_rss"
	printf '%-34s %10s %10s %10s %12s\n' "floor (mmap + read every byte)" "$f_med" "$f_min" "$f_max" "$f_rss"
	printf '%-34s %10s %10s %10s %12s\n' "verify against the kallsyms dump" "$v_med" "$v_min" "$v_max" "$v_rss"
	echo
	echo "kallsyms dump: $dump_lines lines, $(du -h kallsyms.txt | cut -f1); $verify_summary"
	echo "verify target: <= 100 ms for a 10,000-relocation livepatch against a 2-million-line dump"
	echo
	echo "klp-convert / floor = $ratio (target: <= 100 ms and <= 3x the floor)"
	echo "fast path vs general parser: ${summary:-not run}"
} | tee results.txt

# Debian's own kernel: klp-symlist, and klp-convert with its list
"$here/distro.sh" "$tool" "$(dirname "$tool")/klp-symlist" "$PWD/runner" "$PWD/distro"
cat distro/results.txt >>results.txt
DISTRO_KERNEL=6.1 "$here/distro.sh" "$tool" "$(dirname "$tool")/klp-symlist" \
	"$PWD/runner" "$PWD/distro-6.1"
cat distro-6.1/results.txt >>results.txt
# and every image Debian bookworm ships (config/debian-images.list)
{
	echo
	"$here/debian-images.sh" "$(dirname "$tool")/klp-symlist"
} | tee -a results.txt
# and from a fix to a livepatch: the next release's changes, file by file
# (BENCH_FIX_MAX, BENCH_FIX_DIRS: a part of them)
{
	echo
	"$here/from-fix.sh" "$(dirname "$tool")/klp-fixdiff" "$PWD/from-fix"
} | tee -a results.txt
verdict_status
