#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test suite driver: build the fixtures, then run every test (run.sh,
# hostile.sh, verify.sh, symlist.sh, arch.sh, and vmlinuz.sh with its driver from
# $VMLINUZ_DUMP and $VMLINUZ_DUMP_ASAN) three times: with the normal build, with the ASan/UBSan
# build and with the normal build under valgrind.  Each run's tests are
# counted separately (names prefixed "asan/" and "valgrind/"); the last
# line is the total.
#
# Usage: check.sh <klp-convert> <klp-convert-asan> <klp-inspect> <outdir>
# Environment: HOST_MODES, the runs to make (default "normal asan valgrind";
# make check runs the asan one apart from the others, which it traces)
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
for mode in $modes; do
	case $mode in
	normal) bin=$tool ;;
	asan) bin=$tool_asan ;;
	valgrind) bin=$tool ;;
	esac
	for script in run.sh hostile.sh verify.sh symlist.sh arch.sh; do
		set +e
		"$here/$script" "$mode" "$bin" "$inspect" "$out" 2>&1 | tee "$out/$script.$mode.log"
		rc=${PIPESTATUS[0]}
		set -e
		grep -E '^(PASS|FAIL): ' "$out/$script.$mode.log" >>"$log" || true
		# a run that stopped before its verdicts, or gave none, fails
		step_verdict "$mode/$script" "$rc" "$out/$script.$mode.log" |
			tee -a "$log" || true
	done
	# the kallsyms decoder of klp-symlist, through its test driver
	vdump=${VMLINUZ_DUMP:?set by mk/tool.mk}
	[ "$mode" != asan ] || vdump=${VMLINUZ_DUMP_ASAN:?set by mk/tool.mk}
	set +e
	"$here/vmlinuz.sh" "$mode" "$vdump" "$out" 2>&1 | tee "$out/vmlinuz.sh.$mode.log"
	rc=${PIPESTATUS[0]}
	set -e
	grep -E '^(PASS|FAIL): ' "$out/vmlinuz.sh.$mode.log" >>"$log" || true
	step_verdict "$mode/vmlinuz.sh" "$rc" "$out/vmlinuz.sh.$mode.log" |
		tee -a "$log" || true
done
verdict_count "$log"
verdict_summary
