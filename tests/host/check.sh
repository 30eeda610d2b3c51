#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test suite driver: build the fixtures, then run every test (run.sh,
# hostile.sh, verify.sh, symlist.sh, arch.sh, and vmlinuz.sh with its driver from
# $VMLINUZ_DUMP and $VMLINUZ_DUMP_ASAN) three times: with the normal build, with the ASan/UBSan
# build and with the normal build under valgrind.  Each run's tests are
# counted separately (names prefixed "asan/" and "valgrind/"); then, with
# the normal build, the Symbols.list parser's fast path against its
# general parser (bench/run.sh --diff-only); the last line is the total.
#
# Usage: check.sh <klp-convert> <klp-convert-asan> <klp-inspect> <outdir>
# Environment: HOST_MODES, the runs to make (default "normal asan valgrind";
# make check runs the asan one apart from the others, which it traces);
# HOST_JOBS, how many test scripts run at once (default 1);
# FAST_PATH_GENERAL and DIFF_PARSE, the programs of the fast path check
set -euo pipefail

tool=$1 tool_asan=$2 inspect=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
log=$out/check.log
# shellcheck source=../lib/verdict.sh
. "$here/../lib/verdict.sh"

"$here/build-fixtures.sh" "$out"
: >"$log"
modes=${HOST_MODES:-normal asan valgrind}
for mode in $modes; do
	case $mode in
	normal|asan|valgrind) ;;
	*) echo "HOST_MODES: unknown mode '$mode' (normal asan valgrind)" >&2; exit 2 ;;
	esac
done
# One test script in one mode: its output in <script>.<mode>.log, its
# exit status in <script>.<mode>.rc.
run_unit() {	# <mode> <script>
	local mode=$1 script=$2 rc=0
	local -a cmd=("$here/$script" "$mode")
	case $mode/$script in
	asan/vmlinuz.sh) cmd+=("${VMLINUZ_DUMP_ASAN:?set by mk/tool.mk}") ;;
	*/vmlinuz.sh) cmd+=("${VMLINUZ_DUMP:?set by mk/tool.mk}") ;;
	asan/*) cmd+=("$tool_asan" "$inspect") ;;
	*) cmd+=("$tool" "$inspect") ;;
	esac
	cmd+=("$out")
	if [ "$jobs" -eq 1 ]; then
		"${cmd[@]}" 2>&1 | tee "$out/$script.$mode.log"
		rc=${PIPESTATUS[0]}
	else
		"${cmd[@]}" >"$out/$script.$mode.log" 2>&1 || rc=$?
	fi
	echo "$rc" >"$out/$script.$mode.rc"
}

# HOST_JOBS runs that many at once (default 1, output as it comes; with
# more, each script's output once all are done, in order); the valgrind
# runs, the longest, start first.
jobs=${HOST_JOBS:-1}
scripts=(run.sh hostile.sh verify.sh symlist.sh arch.sh vmlinuz.sh)
units=()
for mode in $modes; do
	[ "$jobs" -gt 1 ] && [ "$mode" = valgrind ] && continue
	for script in "${scripts[@]}"; do units+=("$mode $script"); done
done
if [ "$jobs" -gt 1 ] && [[ " $modes " == *" valgrind "* ]]; then
	for script in "${scripts[@]}"; do units=("valgrind $script" "${units[@]}"); done
fi
set +e
for u in "${units[@]}"; do
	if [ "$jobs" -eq 1 ]; then
		run_unit "${u% *}" "${u#* }"
		continue
	fi
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
	run_unit "${u% *}" "${u#* }" &
done
wait
set -e
for mode in $modes; do
	for script in "${scripts[@]}"; do
		[ "$jobs" -eq 1 ] || cat "$out/$script.$mode.log"
		grep -E '^(PASS|FAIL): ' "$out/$script.$mode.log" >>"$log" || true
		# a run that stopped before its verdicts, or gave none, fails
		step_verdict "$mode/$script" "$(cat "$out/$script.$mode.rc")" \
			"$out/$script.$mode.log" | tee -a "$log" || true
	done
done
# The Symbols.list parser's fast path against its general parser
# (bench/diff-parse.c, 2,000 mutated lists through both builds), once,
# with the normal build; mk/tool.mk passes both programs.
if [[ " $modes " == *" normal "* ]]; then
	rc=0
	"$here/../../bench/run.sh" --diff-only "$tool" "$out/fast-path" \
		"${FAST_PATH_GENERAL:?set by mk/tool.mk}" "${DIFF_PARSE:?set by mk/tool.mk}" \
		>"$out/fast-path.log" 2>&1 || rc=$?
	cat "$out/fast-path.log"
	grep -E '^(PASS|FAIL): ' "$out/fast-path.log" >>"$log" || true
	step_verdict "fast-path" "$rc" "$out/fast-path.log" | tee -a "$log" || true
fi
verdict_count "$log"
verdict_summary
