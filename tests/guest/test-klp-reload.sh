#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tests/guest/modules/test_klp_reload_lp.ko reads a static variable of
# test_klp_reload_mod through a converted reference (on s390x through a
# GOT entry of the livepatch, on ppc64le a TOC entry). The module loads
# after the patch (late module patching), is removed, and loads again
# at other addresses, after a filler module (its copy under another name)
# took its old place: each
# time the patched function must read the variable of the module that
# is loaded now.

# shellcheck source=/dev/null  # functions.sh comes from the kernel tree
. "$(dirname "$0")/functions.sh"
# shellcheck source=tests/guest/lib.sh
. "$(dirname "$0")/lib.sh"

MOD_LIVEPATCH=test_klp_reload_lp
MOD_TARGET=test_klp_reload_mod
MOD_FILLER=test_klp_reload_filler

setup_config

addrs=()
show_value() {
	log "$MOD_TARGET: shows $(cat /proc/$MOD_TARGET)"
	addrs+=("$(awk -v mod="[$MOD_TARGET]" '$3 == "reload_value" && $4 == mod { print $1 }' /proc/kallsyms)")
}

start_test "a module's static variable, read by a livepatch across the module's reloads"
load_lp $MOD_LIVEPATCH
load_mod $MOD_TARGET value=7
show_value
unload_mod $MOD_TARGET
load_mod $MOD_FILLER
load_mod $MOD_TARGET value=8
show_value
unload_mod $MOD_TARGET
unload_mod $MOD_FILLER
disable_lp $MOD_LIVEPATCH
unload_lp $MOD_LIVEPATCH
# on s390x (a GOT entry that must be refreshed) the second load must have
# moved the variable, or nothing is tested; ppc64le may reuse the place
if [ -z "${addrs[0]}" ] ||
   { [ "$(uname -m)" = s390x ] && [ "${addrs[0]}" = "${addrs[1]}" ]; }; then
	log "$MOD_TARGET: reload_value at '${addrs[0]}', then '${addrs[1]}': not moved"
fi

check_result "% insmod test_modules/$MOD_LIVEPATCH.ko
$(klp_enable_msgs $MOD_LIVEPATCH)
% insmod test_modules/$MOD_TARGET.ko value=7
livepatch: applying patch '$MOD_LIVEPATCH' to loading module '$MOD_TARGET'
$MOD_TARGET: shows 1007
% rmmod $MOD_TARGET
livepatch: reverting patch '$MOD_LIVEPATCH' on unloading module '$MOD_TARGET'
% insmod test_modules/$MOD_FILLER.ko
% insmod test_modules/$MOD_TARGET.ko value=8
livepatch: applying patch '$MOD_LIVEPATCH' to loading module '$MOD_TARGET'
$MOD_TARGET: shows 1008
% rmmod $MOD_TARGET
livepatch: reverting patch '$MOD_LIVEPATCH' on unloading module '$MOD_TARGET'
% rmmod $MOD_FILLER
% echo 0 > /sys/kernel/livepatch/$MOD_LIVEPATCH/enabled
$(klp_disable_msgs $MOD_LIVEPATCH)
% rmmod $MOD_LIVEPATCH"

exit 0
