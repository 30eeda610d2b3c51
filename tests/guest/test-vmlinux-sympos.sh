#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tests/guest/modules/test_klp_vmlinux_sympos.ko: the two vmlinux symbols
# named set_root, told apart by sympos (both annotation forms). Their final
# link order differs from their vmlinux.o order: this checks that
# Symbols.list counts vmlinux symbols the way the kernel does.

# shellcheck source=/dev/null  # functions.sh comes from the kernel tree
. "$(dirname "$0")/functions.sh"
# shellcheck source=tests/guest/lib.sh
. "$(dirname "$0")/lib.sh"

MOD_LIVEPATCH=test_klp_vmlinux_sympos

setup_config

start_test "vmlinux duplicates resolved by sympos in link order"
load_lp $MOD_LIVEPATCH
disable_lp $MOD_LIVEPATCH
unload_lp $MOD_LIVEPATCH

check_result "% insmod test_modules/$MOD_LIVEPATCH.ko
$MOD_LIVEPATCH: ucount set_root.lookup is set_lookup: yes
$MOD_LIVEPATCH: set_root,1 is set_root, not set_root,2: yes
$(klp_enable_msgs $MOD_LIVEPATCH)
% echo 0 > /sys/kernel/livepatch/$MOD_LIVEPATCH/enabled
$(klp_disable_msgs $MOD_LIVEPATCH)
% rmmod $MOD_LIVEPATCH"

exit 0
