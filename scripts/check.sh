#!/bin/bash
# The step and lane functions run through phase, check and start_lane:
# shellcheck disable=SC2317
#
# make check: the host tests of klp-convert, then for each test kernel
# configuration (config/<name>.config, KCONFIGS) the kernel build, the
# checks of its outputs and the QEMU guest tests. Every test prints
# "PASS: <name>" or "FAIL: <name>"; the last line counts them all.
#
# The work runs in lanes, so that a 2-core machine is busy while a kernel
# links or a guest runs on one CPU:
#   main     (this shell) the packages, the source, the host tools; then
#            each kernel's build;
#   host     (background, nice) host tests, package check, fuzz replay:
#            none needs a test kernel;
#   distro   (background, nice) the downloads (the other architectures'
#            guest userland, Debian's 6.12 and 6.1 kernel packages), then
#            Debian's own kernels from their packages (tests/distro), its
#            modules rebuilt from its source as shipped (tests/fix), then the
#            test of the reuse of steps (tests/check/reuse.sh);
#   first    (background, nice) after the first kernel: docs, modpost's
#            fuzz replay, the series at every prefix, klp-convert-annotations.h;
#   kernel-<config>  (background) a built kernel's integration checks,
#            kbuild tests and guest, while the next one builds; two at
#            most at a time.
# A background lane's output is printed as one block when it is waited
# for. At the end: the phase table (wall time of every phase, and whether
# it ran or was reused; also in build/check-summary.txt), then
# "N passed, N failed".
#
# Steps whose inputs did not change are reused (tests/lib/reuse.sh: keys
# of the inputs' content, kept only after a pass); CHECK_REUSE=0 runs
# every step. CHECK_SERIAL=1 runs the lanes one after the other.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# shellcheck source=../tests/lib/verdict.sh
. "$TOP/tests/lib/verdict.sh"
# shellcheck source=../tests/lib/phase.sh
. "$TOP/tests/lib/phase.sh"

out=$BUILD/check                    # this run's lane logs and verdicts
results=$BUILD/check-results.txt    # every verdict of the run
rm -rf "$out"
mkdir -p "$out"
: > "$results"
phase_init "$out/phases.tsv"
export CHECK_REUSE=${CHECK_REUSE:-1}
serial=${CHECK_SERIAL:-0}
status=0
start=$(date +%s)

# Run a step of the current lane, keep its output and verdicts; $prefix
# tells configurations apart.
lane=main
export PHASE_LANE=main
prefix=""
run() {
	"$@" 2>&1 | sed -u "s/^\(PASS\|FAIL\|N\/A\): /\1: $prefix/" | tee "$out/$lane.step"
	local rc=${PIPESTATUS[0]}
	cat "$out/$lane.step" >> "$out/$lane.results"
	return "$rc"
}

# Run a test step as a phase: a step that fails without a failed test, or
# gives no verdict at all, is a failure of its own (named after the step);
# the phase failed if a test of it failed.
check() {	# <name> <command>...
	phase "$prefix$1" judged "$@"
}
judged() {	# <name> <command>...: run, then the step's own verdict
	local name=$1 rc=0
	shift
	run "$@" || rc=$?
	step_verdict "$prefix$name" "$rc" "$out/$lane.step" |
		tee -a "$out/$lane.results"
	return "${PIPESTATUS[0]}"
}

# A phase that gives no verdict of its own: its failure is one.
setup() {	# <name> <command>...
	local name=$1
	shift
	phase "$prefix$name" "$@" && return 0
	fail "$prefix$name" "exited non-zero (output above)" |
		tee -a "$out/$lane.results"
	return 1
}

# Background lanes: output to $out/<lane>.log, verdicts to
# $out/<lane>.results; joined (and printed) in the order they started.
declare -A lane_pid=()
lanes=()
start_lane() {	# <lane> <nice> <function> [args]
	local l=$1 n=$2
	shift 2
	lanes+=("$l")
	: > "$out/$l.results"
	if [ "$serial" = 1 ]; then
		(lane=$l PHASE_LANE=$l; "$@") > "$out/$l.log" 2>&1
		lane_pid[$l]=done:$?
	else
		(lane=$l PHASE_LANE=$l; renice -n "$n" "$BASHPID" >/dev/null; "$@") \
			> "$out/$l.log" 2>&1 &
		lane_pid[$l]=$!
	fi
	log "[$l] started (log: ${out#"$TOP"/}/$l.log)"
}
join_lane() {	# <lane>
	local l=$1 rc=0 pid=${lane_pid[$1]:-}
	[ -n "$pid" ] || return 0
	case $pid in
	done:*) rc=${pid#done:} ;;
	*) wait "$pid" || rc=$? ;;
	esac
	lane_pid[$l]=""
	echo "==== [$l] (ran in the background) ===="
	cat "$out/$l.log"
	echo "==== [$l] end ===="
	[ "$rc" -eq 0 ] || status=1
}

# ---- steps reused when their inputs are those of their last pass

# shellcheck source=../tests/lib/reuse.sh
. "$TOP/tests/lib/reuse.sh"
# shellcheck source=../tests/lib/keys.sh
. "$TOP/tests/lib/keys.sh"

# ---- the lanes' work

host_lane() {
	local rc=0
	# The host tests, each run once: the normal and valgrind runs traced
	# by the package check of make host-check (tests/deps/check-used.sh:
	# every program, header and library they use is in a package their
	# entry point installs), the asan run apart (LeakSanitizer cannot run
	# under a tracer). Then the package check of make tool and make bench.
	check host-check/asan reuse_step check/host-check-asan "$(key_host_check)" \
		env HOST_MODES=asan HOST_JOBS=2 make -s -C "$TOP" -f mk/tool.mk check || rc=1
	check host-check reuse_step check/host-check \
		"$(reuse_key "$(key_host_check)" "$(key_deps)")" \
		env HOST_MODES="normal valgrind" HOST_JOBS=2 \
		"$TOP/tests/deps/check-used.sh" --output host-check || rc=1
	check deps/check-used reuse_step check/deps "$(key_deps)" \
		"$TOP/tests/deps/check-used.sh" tool bench || rc=1
	# every committed fuzz input and reproducer, under ASan+UBSan
	check fuzz-replay reuse_step check/fuzz-replay "$(key_fuzz_replay)" \
		make -s -C "$TOP" -f mk/tool.mk fuzz-replay || rc=1
	return "$rc"
}

distro_lane() {	# <config>...: the test kernels (their guests' userland)
	local rc=0 cfg
	# Downloads first, at once: the userland of the other architectures'
	# guests (scripts/userland.sh) and Debian's kernel packages.
	for cfg in "$@"; do
		if [ "$(config_arch "$cfg")" != x86_64 ]; then
			KCONFIG_NAME=$cfg setup "download $cfg userland" \
				"$TOP/scripts/userland.sh" >/dev/null || rc=1
		fi
	done
	setup "download Debian's kernel" "$TOP/tests/distro/fetch.sh" || rc=1
	DISTRO_KERNEL=6.1 setup "download Debian's 6.1 kernel" \
		"$TOP/tests/distro/fetch.sh" || rc=1
	# Debian's own kernels from their packages, 6.12 (the one our source
	# is) and 6.1 (bookworm's default): klp-symlist, klp-convert-build, and a
	# livepatch proven in a QEMU guest of Debian's vmlinuz
	check distro "$TOP/tests/distro/check.sh" || rc=1
	DISTRO_KERNEL=6.1 check distro-6.1 "$TOP/tests/distro/check.sh" || rc=1
	# from a fix to a livepatch, phase one: Debian's modules rebuilt from
	# its source package are the ones it shipped (fix/klp-fix)
	check from-fix "$TOP/tests/fix/check.sh" || rc=1
	# the reuse of steps is sound: a changed input runs the step again
	# (here: the host lane is the longer one when kernels are reused)
	check reuse "$TOP/tests/check/reuse.sh" || rc=1
	return "$rc"
}

first_kernel_lane() {	# the checks made once, on the first kernel
	local rc=0
	check docs "$TOP/tests/docs/check.sh" || rc=1
	# modpost's Symbols.list writer: its fuzz corpus and reproducers
	# (the harness builds against this tree)
	check fuzz/modpost reuse_step "$KCONFIG_NAME/fuzz-modpost" \
		"$(key_kernel_check tests/fuzz/modpost)" \
		"$TOP/tests/fuzz/modpost/run.sh" replay || rc=1
	# the generated series: checkpatch, git am on the pristine tree,
	# every prefix builds
	check series "$TOP/tests/series/check.sh" || rc=1
	# klp-convert-annotations.h on a kernel that has the series
	check distro/header reuse_step "$KCONFIG_NAME/header" \
		"$(key_kernel_check tests/distro/header.sh \
			linux/scripts/livepatch/klp-convert-annotations.h)" \
		"$TOP/tests/distro/header.sh" "$KOBJ" || rc=1
	return "$rc"
}

kernel_lane() {	# the checks of the built kernel $KCONFIG_NAME ($KOBJ), then its guest
	local rc=0 t
	for t in "$TOP"/tests/integration/*.sh; do
		check "integration/${t##*/}" reuse_step \
			"$KCONFIG_NAME/integration/${t##*/}" \
			"$(key_kernel_check "${KEY_TOOL_SOURCES[@]}" "$t")" \
			"$t" || rc=1
	done
	# livepatch builds that must fail
	check kbuild reuse_step "$KCONFIG_NAME/kbuild" \
		"$(key_kernel_check tests/kbuild)" \
		"$TOP/tests/kbuild/run.sh" || rc=1
	check guest "$TOP/scripts/run-guest.sh" || rc=1
	# klp-convert verify and audit of test-klp-verify.sh's
	# livepatches, against what the guest kernel did with them
	check guest/verify "$TOP/tests/guest/verify-check.sh" || rc=1
	return "$rc"
}

# ---- packages, source, host tools: what every lane needs

setup packages "$TOP/scripts/deps.sh" host-check fuzz kernel deps-check distro cross ||
	status=1
# the pinned source extracted, the series made and applied (build/src)
setup source "$TOP/scripts/prepare-kernel.sh" || status=1
# the host programs, built once before lanes that use them run side by side
setup host-tools make -s -C "$TOP" -f mk/tool.mk check-bins || status=1

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
	# In this order: a kernel's guest runs beside the next kernel's
	# build, the longest guests beside the longest builds, and the last
	# guest, which runs alone, uses both CPUs (livepatch-rich, SMP).
	for cfg in livepatch s390x ppc64le livepatch-rich; do
		case " $ARCHES " in
		*" $(config_arch "$cfg") "*) KCONFIGS+="$cfg " ;;
		esac
	done
	for a in $ARCHES; do
		case $a in
		x86_64|ppc64le|s390x) ;;
		*) fail "ARCHES: unknown architecture '$a' (known: x86_64 ppc64le s390x)" |
			tee -a "$out/main.results"; status=1 ;;
		esac
	done
fi
log "test kernels: $KCONFIGS(ARCHES=$ARCHES)"

start_lane host 10 host_lane
# shellcheck disable=SC2086   # a list of names
start_lane distro 10 distro_lane $KCONFIGS

kernels=()    # kernel lanes started, not yet joined
first=1
for cfg in $KCONFIGS; do
	export KCONFIG_NAME=$cfg
	KOBJ=$BUILD/obj-$cfg
	[ $first -eq 1 ] || prefix="[$cfg] "
	# (the build is named after its configuration already)
	if prefix="" setup "build $cfg" run "$TOP/scripts/build-kernel.sh"; then
		[ $first -eq 0 ] || start_lane first 10 first_kernel_lane
		# its checks and guest beside the next build; at most two
		# at once (each guest CPU is a host thread)
		if [ ${#kernels[@]} -ge 2 ]; then
			join_lane "${kernels[0]}"
			kernels=("${kernels[@]:1}")
		fi
		start_lane "kernel-$cfg" 0 kernel_lane
		kernels+=("kernel-$cfg")
	fi
	first=0
done
prefix=""
for k in "${kernels[@]}"; do
	join_lane "$k"
done
join_lane first
join_lane host
join_lane distro

# The machine as found: a step that ran "objcopy ... /dev/stdout" as root
# once replaced that link with a regular file, and every later reader of
# /dev/stdout (klp-convert-build's .modinfo check among them) saw nothing.
for dev in /dev/stdin /dev/stdout /dev/stderr; do
	if [ -L "$dev" ]; then
		pass "make check leaves $dev a link"
	else
		fail "make check leaves $dev a link" "$(ls -l "$dev")"
	fi
done | tee -a "$out/main.results"

# Every verdict: the host lane's first (as make check printed them before
# there were lanes), then the kernels' in the order they ran.
for l in host distro main "${lanes[@]}"; do
	case " ${merged:-} " in *" $l "*) continue ;; esac
	merged="${merged:-} $l"
	cat "$out/$l.results" 2>/dev/null
done >> "$results"

verdict_count "$results"
[ "$VERDICT_FAILED" -eq 0 ] || status=1
if [ $status -ne 0 ] && [ "$VERDICT_FAILED" -eq 0 ]; then
	# A step failed without naming a test: count it, never report all green.
	fail "a check step exited non-zero without a test verdict" | tee -a "$results"
	verdict_count "$results"
fi
{
	echo "---- where the time went (build/check/phases.tsv) ----"
	phase_table
	echo "make check took $(( $(date +%s) - start ))s"
	verdict_summary
} | tee "$BUILD/check-summary.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
exit $status
