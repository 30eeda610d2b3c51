#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# samples/livepatch/livepatch-sample.ko: load, transition, /proc/cmdline
# patched, disable, unload, /proc/cmdline restored. Runs on the upstream
# selftest framework; what /proc/cmdline reads is logged to dmesg so that
# check_result() verifies it along with the livepatch core's messages (it
# keeps lines matching "livepatch:", so the "% insmod" lines of a module
# not named test_klp* are not part of the expected output).

# shellcheck source=/dev/null  # functions.sh comes from the kernel tree
. "$(dirname "$0")/functions.sh"

MOD_LIVEPATCH=livepatch_sample

# Log what /proc/cmdline reads, and keep it for the report after the verdict.
shown=""
show_cmdline() {
	shown+="/proc/cmdline: $(cat /proc/cmdline)"$'\n'
	log "livepatch: cmdline: $(cat /proc/cmdline)"
}

setup_config

start_test "livepatch-sample patches and restores /proc/cmdline"
orig=$(cat /proc/cmdline)
show_cmdline
load_lp $MOD_LIVEPATCH
show_cmdline
disable_lp $MOD_LIVEPATCH
unload_lp $MOD_LIVEPATCH
show_cmdline

check_result "livepatch: cmdline: $orig
livepatch: enabling patch '$MOD_LIVEPATCH'
livepatch: '$MOD_LIVEPATCH': initializing patching transition
livepatch: '$MOD_LIVEPATCH': starting patching transition
livepatch: '$MOD_LIVEPATCH': completing patching transition
livepatch: '$MOD_LIVEPATCH': patching complete
livepatch: cmdline: this has been live patched
livepatch: '$MOD_LIVEPATCH': initializing unpatching transition
livepatch: '$MOD_LIVEPATCH': starting unpatching transition
livepatch: '$MOD_LIVEPATCH': completing unpatching transition
livepatch: '$MOD_LIVEPATCH': unpatching complete
livepatch: cmdline: $orig"

printf '%s' "$shown"
exit 0
