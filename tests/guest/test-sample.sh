#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# samples/livepatch/livepatch-sample.ko: load, transition, /proc/cmdline
# patched, disable, unload, /proc/cmdline restored. Runs on the upstream
# selftest framework; what /proc/cmdline reads is logged to dmesg so that
# check_result() verifies it along with the livepatch core's messages.

. "$(dirname "$0")/functions.sh"

MOD_LIVEPATCH=livepatch_sample

show_cmdline() {
	echo "/proc/cmdline: $(cat /proc/cmdline)"
	log "livepatch: cmdline: $(cat /proc/cmdline)"
}

setup_config

start_test "livepatch-sample patches and restores /proc/cmdline"
echo
orig=$(cat /proc/cmdline)
show_cmdline
load_lp $MOD_LIVEPATCH
show_cmdline
disable_lp $MOD_LIVEPATCH
unload_lp $MOD_LIVEPATCH
show_cmdline

check_result "livepatch: cmdline: $orig
% insmod test_modules/$MOD_LIVEPATCH.ko
livepatch: enabling patch '$MOD_LIVEPATCH'
livepatch: '$MOD_LIVEPATCH': initializing patching transition
livepatch: '$MOD_LIVEPATCH': starting patching transition
livepatch: '$MOD_LIVEPATCH': completing patching transition
livepatch: '$MOD_LIVEPATCH': patching complete
livepatch: cmdline: this has been live patched
% echo 0 > /sys/kernel/livepatch/$MOD_LIVEPATCH/enabled
livepatch: '$MOD_LIVEPATCH': initializing unpatching transition
livepatch: '$MOD_LIVEPATCH': starting unpatching transition
livepatch: '$MOD_LIVEPATCH': completing unpatching transition
livepatch: '$MOD_LIVEPATCH': unpatching complete
% rmmod $MOD_LIVEPATCH
livepatch: cmdline: $orig"

exit 0
