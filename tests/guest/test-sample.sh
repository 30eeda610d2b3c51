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
# shellcheck source=tests/guest/lib.sh
. "$(dirname "$0")/lib.sh"

MOD_LIVEPATCH=livepatch_sample

setup_config

start_test "livepatch-sample patches and restores /proc/cmdline"
orig=$(cat /proc/cmdline)
log_cmdline
load_lp $MOD_LIVEPATCH
log_cmdline
disable_lp $MOD_LIVEPATCH
unload_lp $MOD_LIVEPATCH
log_cmdline

check_result "livepatch: cmdline: $orig
$(klp_enable_msgs $MOD_LIVEPATCH)
livepatch: cmdline: this has been live patched
$(klp_disable_msgs $MOD_LIVEPATCH)
livepatch: cmdline: $orig"

show_cmdlines
exit 0
