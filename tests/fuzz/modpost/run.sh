#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The modpost fuzz harness (see README in this directory).
#
#   run.sh [replay]            every committed corpus input and reproducer
#                              once, under ASan+UBSan with the checks
#   run.sh fuzz <seconds> [jobs]  fuzz for <seconds> at nice 10 (jobs: 1);
#                              the corpus grows in the build directory
#   run.sh cov                 line coverage of klp-symbols.c by the
#                              committed inputs and the grown corpus
#
# Builds the harness first if needed (build.sh). Environment: KSRC, KOBJ
# (default: build/src/linux-source-6.12, build/obj-livepatch),
# MODPOST_FUZZ_BUILD (default: build/fuzz-modpost), and the harness's
# MODPOST_FUZZ_FULL, MODPOST_FUZZ_NOGATE, MODPOST_FUZZ_VERBOSE
# (MODPOST_FUZZ_TMP is a directory of this run, removed at the end).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
ksrc=${KSRC:-$repo/build/src/linux-source-6.12}
kobj=${KOBJ:-$repo/build/obj-livepatch}
build=${MODPOST_FUZZ_BUILD:-$repo/build/fuzz-modpost}
corpus=$here/../corpus/modpost
reproducers=$here/../reproducers/modpost
mode=${1:-replay}
# shellcheck source=../../lib/verdict.sh
. "$here/../../lib/verdict.sh"

# modpost never frees what it allocates: leaks would be all its own
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
limits=(-rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=20)

# the harness's directory per input, left behind by crashes
MODPOST_FUZZ_TMP=$(mktemp -d "$( [ -w /dev/shm ] && echo /dev/shm || echo /tmp)/fuzz-modpost-run.XXXXXX")
export MODPOST_FUZZ_TMP
trap 'rm -rf "$MODPOST_FUZZ_TMP"' EXIT

# The harness builds against the test kernel: without it, replay fails.
if [ "$mode" = replay ] &&
   why=$(missing_inputs "$ksrc/scripts/mod/modpost.c" "$kobj/scripts/mod/elfconfig.h"); then
	fail fuzz/replay-modpost "$why (scripts/build-kernel.sh)"
	exit 1
fi
if [ "$mode" = cov ]; then
	MODPOST_FUZZ_COV=1 nice -n 10 "$here/build.sh" "$ksrc" "$kobj" "$build"
elif ! nice -n 10 "$here/build.sh" "$ksrc" "$kobj" "$build"; then
	[ "$mode" != replay ] || fail fuzz/replay-modpost "the harness does not build (build.sh)"
	exit 1
fi

replay() {
	local log=$build/replay.log files ran
	mapfile -t files < <(find "$corpus" "$reproducers" -maxdepth 1 -type f | sort)
	if [ ${#files[@]} -eq 0 ]; then
		fail fuzz/replay-modpost "no input in $corpus or $reproducers"
		return 1
	fi
	if ! "$build/fuzz-modpost" "${limits[@]}" -runs=0 "${files[@]}" \
		>"$log" 2>&1; then
		fail fuzz/replay-modpost "$(grep -m1 -E 'ERROR|broken promise|runtime error' "$log" ||
			tail -1 "$log") (log: $log)"
		return 1
	fi
	# libFuzzer says "Executed <file>" for every input it ran
	ran=$(grep -ac '^Executed ' "$log" || true)
	if [ "$ran" -ne ${#files[@]} ]; then
		fail fuzz/replay-modpost "the harness ran $ran of ${#files[@]} inputs (log: $log)"
		return 1
	fi
	pass fuzz/replay-modpost "${#files[@]} inputs, no crash, every Symbols.list re-parses"
}

fuzz() {
	local seconds=$1 jobs=${2:-1} work=$build/corpus found
	mkdir -p "$work" "$build/crashes"
	cp -n "$corpus"/* "$work"/
	(cd "$build/crashes" &&
	 nice -n 10 "$build/fuzz-modpost" "${limits[@]}" -max_total_time="$seconds" \
		-fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
		-artifact_prefix="$build/crashes/" -print_final_stats=1 \
		"$work" "$reproducers" >"$build/fuzz.log" 2>&1) || true
	found=$(find "$build/crashes" -name 'crash-*' -o -name 'leak-*' -o \
		-name 'timeout-*' -o -name 'oom-*' | wc -l)
	echo "fuzz-modpost: ${seconds}s x $jobs job(s), corpus $(find "$work" -type f | wc -l) inputs, $found findings in $build/crashes (log: $build/fuzz.log)"
}

cov() {
	local files
	mapfile -t files < <(find "$corpus" "$reproducers" -maxdepth 1 -type f
			     [ -d "$build/corpus" ] && find "$build/corpus" -type f)
	LLVM_PROFILE_FILE=$build/cov.profraw "$build/cov-modpost" -runs=0 \
		"${files[@]}" >"$build/cov.log" 2>&1 || true
	llvm-profdata merge -o "$build/cov.profdata" "$build/cov.profraw"
	llvm-cov report -instr-profile="$build/cov.profdata" "$build/cov-modpost" \
		"${KLP_SYMBOLS_C:-$repo/linux/scripts/mod/klp-symbols.c}" | tee "$build/cov.txt"
}

case $mode in
replay)	replay ;;
fuzz)	fuzz "${2:?usage: run.sh fuzz <seconds> [jobs]}" "${3:-1}" ;;
cov)	cov ;;
*)	echo "run.sh: unknown mode $mode" >&2; exit 2 ;;
esac
