#!/bin/bash
# make check: the host tests of klp-convert, then for each test kernel
# configuration (config/<name>.config, KCONFIGS) the kernel build, the
# checks of its outputs and the QEMU guest tests. Every test prints
# "PASS: <name>" or "FAIL: <name>"; the last line counts them all.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# shellcheck source=../tests/lib/verdict.sh
. "$TOP/tests/lib/verdict.sh"

results=$BUILD/check-results.txt
step_log=$BUILD/check-step.txt
mkdir -p "$BUILD"
: > "$results"
status=0
start=$(date +%s)

# Run a step, keep its output and verdicts; $prefix tells configurations
# apart.
prefix=""
run() {
	"$@" 2>&1 | sed -u "s/^\(PASS\|FAIL\): /\1: $prefix/" | tee "$step_log"
	local rc=${PIPESTATUS[0]}
	cat "$step_log" >> "$results"
	return "$rc"
}

# Run a test step: a step that fails without a failed test, or gives no
# verdict at all, is a failure of its own (named after the step).
check() {	# <name> <command>...
	local name=$1 rc=0
	shift
	run "$@" || rc=$?
	step_verdict "$prefix$name" "$rc" "$step_log" | tee -a "$results"
	return "${PIPESTATUS[0]}"
}

check host-check make -s -C "$TOP" -f mk/tool.mk check || status=1
# every program, header and library the host targets use is in a
# package their entry point installs
check deps/check-used "$TOP/tests/deps/check-used.sh" || status=1
# every committed fuzz input and reproducer, under ASan+UBSan
check fuzz-replay make -s -C "$TOP" -f mk/tool.mk fuzz-replay || status=1
# Debian's own kernel from its packages: klp-symlist, klp-build, and a
# livepatch proven in a QEMU guest of Debian's vmlinuz (no test kernel)
check distro "$TOP/tests/distro/check.sh" || status=1

# The test kernels: those of the architectures in ARCHES (default all;
# config/<name>.env says a configuration's, x86_64 without one), or the
# configurations KCONFIGS names. The first one runs the checks of the
# patch series and the documentation.
ARCHES=${ARCHES:-x86_64 ppc64le s390x}
config_arch() {	# <config name>: its GUEST_ARCH
	# shellcheck disable=SC2016   # expanded by the inner shell
	KCONFIG_NAME=$1 bash -c '. "$0/scripts/lib.sh" && echo "$GUEST_ARCH"' "$TOP"
}
if [ -z "${KCONFIGS:-}" ]; then
	KCONFIGS=""
	for cfg in livepatch livepatch-rich ppc64le s390x; do
		case " $ARCHES " in
		*" $(config_arch "$cfg") "*) KCONFIGS+="$cfg " ;;
		esac
	done
	for a in $ARCHES; do
		case $a in
		x86_64|ppc64le|s390x) ;;
		*) fail "ARCHES: unknown architecture '$a' (known: x86_64 ppc64le s390x)" |
			tee -a "$results"; status=1 ;;
		esac
	done
fi
log "test kernels: $KCONFIGS(ARCHES=$ARCHES)"

# The guest of a configuration (QEMU TCG, one thread per vCPU) runs while
# the next configuration builds (make -j2): its verdicts go to files of
# its own, added to the results when it is waited for, in order.
# CHECK_SERIAL=1 runs each guest in turn instead.
guest_pid="" guest_cfg=""
guest_steps() {	# in the background: the guest checks of $KCONFIG_NAME
	local rc=0
	step_log=$BUILD/check-step-guest-$KCONFIG_NAME.txt
	results=$BUILD/check-results-guest-$KCONFIG_NAME.txt
	: > "$results"
	check guest "$TOP/scripts/run-guest.sh" || rc=1
	# klp-convert verify and audit of test-klp-verify.sh's
	# livepatches, against what the guest kernel did with them
	check guest/verify "$TOP/tests/guest/verify-check.sh" || rc=1
	return $rc
}
wait_guest() {
	local rc=0
	[ -n "$guest_pid" ] || return 0
	wait "$guest_pid" || rc=$?
	cat "$BUILD/check-guest-$guest_cfg.log"
	cat "$BUILD/check-results-guest-$guest_cfg.txt" >> "$results"
	guest_pid="" guest_cfg=""
	[ $rc -eq 0 ] || status=1
}
start_guest() {	# <config>
	guest_steps > "$BUILD/check-guest-$1.log" 2>&1 &
	guest_pid=$! guest_cfg=$1
	[ "${CHECK_SERIAL:-0}" != 1 ] || wait_guest
}

first=1
for cfg in $KCONFIGS; do
	export KCONFIG_NAME=$cfg
	arch=$(config_arch "$cfg")
	[ $first -eq 1 ] || prefix="[$cfg] "
	if run "$TOP/scripts/build-kernel.sh"; then
		# The documentation (patched, once), the build's outputs
		# (Symbols.list, converted modules), then livepatch builds
		# that must fail, then the guest.
		if [ $first -eq 1 ]; then
			check docs "$TOP/tests/docs/check.sh" || status=1
			# modpost's Symbols.list writer: its fuzz corpus and
			# reproducers (the harness builds against this tree)
			check fuzz/modpost "$TOP/tests/fuzz/modpost/run.sh" replay || status=1
			# the generated series: checkpatch, git am on the
			# pristine tree, every prefix builds
			check series "$TOP/tests/series/check.sh" || status=1
			# klp-convert.h on a kernel that has the series
			check distro/header "$TOP/tests/distro/header.sh" "$KOBJ" || status=1
		fi
		for t in "$TOP"/tests/integration/*.sh; do
			# klp-symlist reads x86 install products (bzImage)
			if [ "$arch" != x86_64 ] &&
			   [ "${t##*/}" = symlist-equivalence.sh ]; then
				continue
			fi
			check "integration/${t##*/}" "$t" || status=1
		done
		check kbuild "$TOP/tests/kbuild/run.sh" || status=1
		wait_guest
		start_guest "$cfg"
	else
		fail "${prefix}kernel build ($cfg)" | tee -a "$results"
		status=1
	fi
	first=0
done
wait_guest

# The machine as found: a step that ran "objcopy ... /dev/stdout" as root
# once replaced that link with a regular file, and every later reader of
# /dev/stdout (klp-build's .modinfo check among them) saw nothing.
for dev in /dev/stdin /dev/stdout /dev/stderr; do
	if [ -L "$dev" ]; then
		pass "make check leaves $dev a link"
	else
		fail "make check leaves $dev a link" "$(ls -l "$dev")"
	fi
done | tee -a "$results"

verdict_count "$results"
[ "$VERDICT_FAILED" -eq 0 ] || status=1
log "make check took $(( $(date +%s) - start ))s"
if [ $status -ne 0 ] && [ "$VERDICT_FAILED" -eq 0 ]; then
	# A step failed without naming a test: count it, never report all green.
	fail "a check step exited non-zero without a test verdict"
fi
verdict_summary | tee "$BUILD/check-summary.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
exit $status
