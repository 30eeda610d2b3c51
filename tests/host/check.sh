#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test suite driver: build the fixtures, then run every test (run.sh,
# hostile.sh) three times: with the normal build, with the ASan/UBSan
# build and with the normal build under valgrind.  Each run's tests are
# counted separately (names prefixed "asan/" and "valgrind/"); the last
# line is the total.
#
# Usage: check.sh <klp-convert> <klp-convert-asan> <klp-inspect> <outdir>
set -euo pipefail

tool=$1 tool_asan=$2 inspect=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
log=$out/check.log

"$here/build-fixtures.sh" "$out"
: >"$log"
for mode in normal asan valgrind; do
	case $mode in
	normal) bin=$tool ;;
	asan) bin=$tool_asan ;;
	valgrind) bin=$tool ;;
	esac
	"$here/run.sh" "$mode" "$bin" "$inspect" "$out" | tee -a "$log" || true
	"$here/hostile.sh" "$mode" "$bin" "$inspect" "$out" | tee -a "$log" || true
done
passed=$(grep -c '^PASS: ' "$log" || true)
failed=$(grep -c '^FAIL: ' "$log" || true)
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
