#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# AFL++ as a second engine, on the unmodified klp-convert program (its
# own main(), files on disk, exit status): the module is fuzzed, the
# Symbols.list is tests/fuzz/fixed/Symbols.list. Built with afl-clang-fast
# and ASan+UBSan, so a memory error is a crash. Findings go to
# <build>/afl/out/default/crashes; reproduce them with build/bin/klp-convert-asan
# and add them to tests/fuzz/reproducers/module/.
#
# Usage: afl.sh <build dir> <seconds>      (make -f mk/tool.mk fuzz-afl)
set -euo pipefail

build=$1 seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
out=$build/afl
mkdir -p "$out/bin" "$out/in" "$out/tmp"

# the tool as shipped, only instrumented: its sources and the kernel's
# scripts/include, from mk/tool.mk
read -ra srcs <<<"${KLP_SRCS:?run by make -f mk/tool.mk fuzz-afl}"
kinc=${KLP_INCLUDE:?run by make -f mk/tool.mk fuzz-afl}
read -ra elf_cflags < <(pkg-config --cflags libelf)
read -ra elf_libs < <(pkg-config --libs libelf)
AFL_USE_ASAN=1 AFL_USE_UBSAN=1 AFL_QUIET=1 afl-clang-fast -std=gnu11 -O1 -g \
	-DKLP_READ_INTO_HEAP -I "$kinc" "${elf_cflags[@]}" -o "$out/bin/klp-convert" \
	"${srcs[@]}" "${elf_libs[@]}"

# seeds: the small ones (AFL++ prefers inputs under 10 KiB)
find "$here/corpus/module" "$here/reproducers/module" -type f -size -12k \
	-exec cp {} "$out/in/" \;

export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=0:symbolize=0
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1
resume=()
[ -d "$out/out/default/queue" ] && resume=(-i -) || resume=(-i "$out/in")
afl-fuzz "${resume[@]}" -o "$out/out" -V "$seconds" -m none -t 5000 \
	-x "$here/module.dict" -- \
	"$out/bin/klp-convert" "$here/fixed/Symbols.list" @@ "$out/tmp/out.ko" \
	>"$out/afl.log" 2>&1 || true
stats=$out/out/default/fuzzer_stats
if [ -f "$stats" ]; then
	grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg) ' "$stats"
else
	tail -20 "$out/afl.log"
	exit 1
fi
