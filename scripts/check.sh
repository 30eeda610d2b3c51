#!/bin/bash
# make check: the host tests of klp-convert, then for each test kernel
# configuration (config/<name>.config, KCONFIGS) the kernel build, the
# checks of its outputs and the QEMU guest tests. Every test prints
# "PASS: <name>" or "FAIL: <name>"; the last line counts them all.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

results=$BUILD/check-results.txt
mkdir -p "$BUILD"
: > "$results"
status=0
start=$(date +%s)

# Run a step, keep its verdicts; $prefix tells configurations apart.
prefix=""
run() {
	"$@" 2>&1 | sed -u "s/^\(PASS\|FAIL\): /\1: $prefix/" | tee -a "$results"
	return "${PIPESTATUS[0]}"
}

run make -s -C "$TOP" -f mk/tool.mk check || status=1
# every program, header and library the host targets use is in a
# package their entry point installs
run "$TOP/tests/deps/check-used.sh" || status=1
# every committed fuzz input and reproducer, under ASan+UBSan
run make -s -C "$TOP" -f mk/tool.mk fuzz-replay || status=1

first=1
for cfg in ${KCONFIGS:-livepatch livepatch-rich}; do
	export KCONFIG_NAME=$cfg
	[ $first -eq 1 ] || prefix="[$cfg] "
	if run "$TOP/scripts/build-kernel.sh"; then
		# The documentation (patched, once), the build's outputs
		# (Symbols.list, converted modules), then livepatch builds
		# that must fail, then the guest.
		if [ $first -eq 1 ]; then
			run "$TOP/tests/docs/check.sh" || status=1
			# modpost's Symbols.list writer: its fuzz corpus and
			# reproducers (the harness builds against this tree)
			run "$TOP/tests/fuzz/modpost/run.sh" replay || status=1
			# the generated series: checkpatch, git am on the
			# pristine tree, every prefix builds
			run "$TOP/tests/series/check.sh" || status=1
		fi
		for t in "$TOP"/tests/integration/*.sh; do
			run "$t" || status=1
		done
		run "$TOP/tests/kbuild/run.sh" || status=1
		run "$TOP/scripts/run-guest.sh" || status=1
	else
		echo "FAIL: ${prefix}kernel build ($cfg)" | tee -a "$results"
		status=1
	fi
	first=0
done

pass=$(grep -c '^PASS: ' "$results")
fail=$(grep -c '^FAIL: ' "$results")
[ "$fail" -eq 0 ] || status=1
log "make check took $(( $(date +%s) - start ))s"
if [ $status -ne 0 ] && [ "$fail" -eq 0 ]; then
	# A step failed without naming a test: count it, never report all green.
	echo "FAIL: a check step exited non-zero without a test verdict"
	fail=1
fi
echo "$pass passed, $fail failed" | tee "$BUILD/check-summary.txt"
exit $status
