#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A livepatch's call to a static function of a module, converted by
# klp-convert into a .klp.rela.<module>.text relocation, under x86 call
# depth tracking (retbleed=stuff, config/livepatch-rich.*).
#
# The module loader redirects every direct call of a module's code to the
# callee's call thunk (the call depth accounting in the padding before
# the function) when the module loads. A livepatch's calls into another
# module are written later, by the livepatch core, when both are loaded;
# they must go through the thunk too, and the loader must not trip over
# them while their displacement is still zero ("Invalid padding area").
#
# tkct_callee() of test_klp_callthunks_mod prints where the call that
# reached it goes: "directly" or "through its call thunk". Its module's
# own call shows what this kernel does; test_klp_callthunks_lp's call,
# written when the module was already loaded, written when the module
# loads after the livepatch, and written again when the module is
# reloaded (so it was cleared correctly when it was unloaded), must say
# the same. Without call depth tracking, every call says "directly".

# shellcheck source=/dev/null  # functions.sh comes from the kernel tree
. "$(dirname "$0")/functions.sh"
# shellcheck source=tests/guest/lib.sh
. "$(dirname "$0")/lib.sh"

MOD_TARGET=test_klp_callthunks_mod
MOD_LIVEPATCH=test_klp_callthunks_lp

setup_config

# What the kernel's own calls look like on this machine.
if [[ "$(uname -m)" != x86_64 ]]; then
	route="(route not checked on this architecture)"
elif grep -qs Stuffing /sys/devices/system/cpu/vulnerabilities/retbleed; then
	route="through its call thunk"
else
	route="directly"
fi

start_marker="klp callthunks: start $(date --rfc-3339=ns)"
log "$start_marker"
log "klp callthunks: calls go $route ($(cat /sys/devices/system/cpu/vulnerabilities/retbleed 2>/dev/null || echo 'no retbleed state'))"

run_target() {	# <n>
	log "% echo $1 > /sys/module/$MOD_TARGET/parameters/run"
	echo "$1" > "/sys/module/$MOD_TARGET/parameters/run"
}

# tkct_callee(<n>) called from <caller>, as tkct_run(<n>) returning <ret>
call_lines() {	# <n> <caller> <ret>
	echo "$MOD_TARGET: tkct_callee($1) called from $2 $route
$MOD_TARGET: tkct_run($1) = $3"
}

lp_lines() {	# <n>
	call_lines "$1" "livepatch_run [$MOD_LIVEPATCH]" $((10 * $1 + 2))
}

loading_lines() {
	echo "% insmod test_modules/$MOD_TARGET.ko
livepatch: applying patch '$MOD_LIVEPATCH' to loading module '$MOD_TARGET'
$(lp_lines 1)"
}

unloading_lines() {
	echo "% rmmod $MOD_TARGET
livepatch: reverting patch '$MOD_LIVEPATCH' on unloading module '$MOD_TARGET'"
}


# The configuration that boots with retbleed=stuff must have call depth
# tracking, or this test checks nothing.
if grep -qw 'retbleed=stuff' /proc/cmdline; then
	if [[ "$route" == "through its call thunk" ]]; then
		echo "TEST: klp callthunks: retbleed=stuff enables call depth tracking ... ok"
	else
		echo "TEST: klp callthunks: retbleed=stuff enables call depth tracking ... not ok"
		echo "retbleed: $(cat /sys/devices/system/cpu/vulnerabilities/retbleed 2>&1)"
		exit 1
	fi
fi


start_test "klp callthunks: the module's own call"

load_mod $MOD_TARGET

check_result "% insmod test_modules/$MOD_TARGET.ko
$(call_lines 1 "tkct_run [$MOD_TARGET]" 11)"


start_test "klp callthunks: a livepatch's call into a loaded module"

load_lp $MOD_LIVEPATCH
run_target 3
disable_lp $MOD_LIVEPATCH
unload_lp $MOD_LIVEPATCH
unload_mod $MOD_TARGET

check_result "% insmod test_modules/$MOD_LIVEPATCH.ko
$(klp_enable_msgs $MOD_LIVEPATCH)
% echo 3 > /sys/module/$MOD_TARGET/parameters/run
$(lp_lines 3)
% echo 0 > /sys/kernel/livepatch/$MOD_LIVEPATCH/enabled
$(klp_disable_msgs $MOD_LIVEPATCH)
% rmmod $MOD_LIVEPATCH
% rmmod $MOD_TARGET"


start_test "klp callthunks: a livepatch's call into a module loaded later, then reloaded"

load_lp $MOD_LIVEPATCH
load_mod $MOD_TARGET
run_target 4
unload_mod $MOD_TARGET
load_mod $MOD_TARGET
run_target 5
unload_mod $MOD_TARGET
disable_lp $MOD_LIVEPATCH
unload_lp $MOD_LIVEPATCH

check_result "% insmod test_modules/$MOD_LIVEPATCH.ko
$(klp_enable_msgs $MOD_LIVEPATCH)
$(loading_lines)
% echo 4 > /sys/module/$MOD_TARGET/parameters/run
$(lp_lines 4)
$(unloading_lines)
$(loading_lines)
% echo 5 > /sys/module/$MOD_TARGET/parameters/run
$(lp_lines 5)
$(unloading_lines)
% echo 0 > /sys/kernel/livepatch/$MOD_LIVEPATCH/enabled
$(klp_disable_msgs $MOD_LIVEPATCH)
% rmmod $MOD_LIVEPATCH"


# No warning of the call thunk patching about a module's code since boot
# (it warns once per boot: an earlier livepatch test may have triggered
# it; 6.12 with retbleed=stuff already warns about srso_safe_ret at boot,
# which is not a module's), no relocation the livepatch core could not
# write or clear and no WARN during this test.
warnings=$( (dmesg | grep -e 'callthunks: Invalid padding area for .* \[' \
		-e 'x86/modules: Invalid relocation target' || true
	dmesg | awk -v m="$start_marker" 'p; index($0, m) { p=1 }' |
		grep -e 'WARNING:' -e 'cut here' || true) |
	sed 's/^\[[ 0-9.]*\] //')
if [[ -z "$warnings" ]]; then
	echo "TEST: klp callthunks: no call thunk or relocation warning ... ok"
else
	echo "TEST: klp callthunks: no call thunk or relocation warning ... not ok"
	echo
	echo "$warnings"
	exit 1
fi
