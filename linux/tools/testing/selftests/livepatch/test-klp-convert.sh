#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Livepatch modules whose references to unexported symbols were converted
# at build time by scripts/livepatch/klp-convert. The new functions print
# the values they read through the converted references, so a wrong
# symbol position or a relocation that was not applied shows as a wrong
# value in the kernel log.

. "$(dirname "$0")"/functions.sh

MOD_VMLINUX=test_klp_convert_vmlinux
MOD_TARGET=test_klp_convert_mod
MOD_LIVEPATCH=test_klp_convert_lp
MOD_NOOBJ=test_klp_convert_noobj

setup_config

# Make the target module print its state; test_klp_convert_lp replaces
# the function that does it.
function print_target() {
	echo 1 > /sys/module/$MOD_TARGET/parameters/print
}

function target_lines() {
	echo "$MOD_TARGET: test_klp_convert_mod_print: ids 1 2, state of file a, counters $1 $2"
}

function patched_lines() {
	echo "$MOD_LIVEPATCH: livepatch_print: ids 1 2, state of file a, state of file b, setup 100
$MOD_LIVEPATCH: livepatch_print: static_func(5) 11, static_data 7 7 7, global 13 13
$MOD_LIVEPATCH: livepatch_print: exported 11, read_mostly 17, percpu 19, counters $1 $2"
}

function enable_lines() {
	echo "livepatch: enabling patch '$1'
livepatch: '$1': initializing patching transition
livepatch: '$1': starting patching transition
livepatch: '$1': completing patching transition
livepatch: '$1': patching complete"
}

function disable_lines() {
	echo "% echo 0 > /sys/kernel/livepatch/$1/enabled
livepatch: '$1': initializing unpatching transition
livepatch: '$1': starting unpatching transition
livepatch: '$1': completing unpatching transition
livepatch: '$1': unpatching complete"
}


# TEST: a livepatch of vmlinux calls unexported (static and global)
# functions, reads unexported data and static keys, and reads
# linux_banner through .text, .data and .rodata relocations.

start_test "klp-convert: unexported vmlinux functions, data and static keys"

version=$(cat /proc/version)
threads_max=$(cat /proc/sys/kernel/threads-max)
# only architectures with an unstable sched_clock() have the static key
if grep -q ' __sched_clock_stable$' /proc/kallsyms; then
	sched_clock=consistent
else
	sched_clock=n/a
fi
load_lp $MOD_VMLINUX
patched_version=$(cat /proc/version)
if [[ "$patched_version" != "$version" ]]; then
	log "$MOD_VMLINUX: /proc/version changed: '$patched_version'"
fi
disable_lp $MOD_VMLINUX
unload_lp $MOD_VMLINUX

check_result "% insmod test_modules/$MOD_VMLINUX.ko
$(enable_lines $MOD_VMLINUX)
$MOD_VMLINUX: livepatch_version_proc_show: linux_banner $version
$MOD_VMLINUX: livepatch_version_proc_show: banner references same same
$MOD_VMLINUX: livepatch_version_proc_show: skip_atoi 4711 rest ' rest'
$MOD_VMLINUX: livepatch_version_proc_show: _kstrtoull 0 31
$MOD_VMLINUX: livepatch_version_proc_show: num_to_str 8 '   12345'
$MOD_VMLINUX: livepatch_version_proc_show: max_threads $threads_max
$MOD_VMLINUX: livepatch_version_proc_show: vm_numa_stat_key 1, sched_clock_stable $sched_clock
$(disable_lines $MOD_VMLINUX)
% rmmod $MOD_VMLINUX"


# TEST: patch a loaded module: its statics (unique ones by plain name,
# duplicated ones through KLP_SYMPOS() and KLP_RELOC_SYMBOL_POS(),
# compiler-renamed "counter.0" ones, per-CPU and __read_mostly data) are
# looked up in its core symbol table when the patch is enabled.

start_test "klp-convert: patch a loaded module's statics"

load_mod $MOD_TARGET
print_target
load_lp $MOD_LIVEPATCH
print_target
disable_lp $MOD_LIVEPATCH
print_target
unload_lp $MOD_LIVEPATCH
unload_mod $MOD_TARGET

check_result "% insmod test_modules/$MOD_TARGET.ko
$(target_lines 21 31)
% insmod test_modules/$MOD_LIVEPATCH.ko
$(enable_lines $MOD_LIVEPATCH)
$(patched_lines 21 31)
$(disable_lines $MOD_LIVEPATCH)
$(target_lines 22 32)
% rmmod $MOD_LIVEPATCH
% rmmod $MOD_TARGET"


# TEST: late module patching: the patch comes first; the module-specific
# relocations are written when the target loads (looked up in its full
# symbol table, init symbols included), cleared when it unloads and
# written again when it comes back.

start_test "klp-convert: patch a module that loads later, unloads and reloads"

load_lp $MOD_LIVEPATCH
load_mod $MOD_TARGET
print_target
unload_mod $MOD_TARGET
load_mod $MOD_TARGET
print_target
disable_lp $MOD_LIVEPATCH
print_target
unload_lp $MOD_LIVEPATCH
unload_mod $MOD_TARGET

check_result "% insmod test_modules/$MOD_LIVEPATCH.ko
$(enable_lines $MOD_LIVEPATCH)
% insmod test_modules/$MOD_TARGET.ko
livepatch: applying patch '$MOD_LIVEPATCH' to loading module '$MOD_TARGET'
$(patched_lines 20 30)
% rmmod $MOD_TARGET
livepatch: reverting patch '$MOD_LIVEPATCH' on unloading module '$MOD_TARGET'
% insmod test_modules/$MOD_TARGET.ko
livepatch: applying patch '$MOD_LIVEPATCH' to loading module '$MOD_TARGET'
$(patched_lines 20 30)
$(disable_lines $MOD_LIVEPATCH)
$(target_lines 21 31)
% rmmod $MOD_LIVEPATCH
% rmmod $MOD_TARGET"


# TEST: a livepatch with relocations for a module it has no klp_object
# for must not load: the livepatch core would never write them.

start_test "klp-convert: refuse relocations for an object without klp_object"

# the module's variable is read through .text, or on powerpc through the
# livepatch's TOC
noobj_sec=.text
[[ "$(uname -m)" != ppc64* ]] || noobj_sec=.toc

load_failing_mod $MOD_NOOBJ

check_result "% insmod test_modules/$MOD_NOOBJ.ko
livepatch: module $MOD_NOOBJ: relocation section .klp.rela.livepatch_shadow_mod.$noobj_sec is for object 'livepatch_shadow_mod', but the patch has no klp_object for it
insmod: ERROR: could not insert module test_modules/$MOD_NOOBJ.ko: Invalid parameters"

exit 0
