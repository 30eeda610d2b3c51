#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The three ways the host tests run klp-convert, for run.sh and hostile.sh
# (source it with $mode set): sets $prefix of the test names and $wrap,
# the command the tool runs under.
# shellcheck disable=SC2034   # used by the scripts sourcing this
: "${mode:?modes.sh: set mode first}"
prefix=""
wrap=()
case $mode in
normal) ;;
asan)
	prefix="asan/"
	export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	export ASAN_OPTIONS=detect_leaks=1
	;;
valgrind)
	prefix="valgrind/"
	leak_kinds="definite,indirect"
	wrap=(valgrind -q --leak-check=full
	      "--errors-for-leak-kinds=$leak_kinds" --error-exitcode=99)
	;;
*) echo "${0##*/}: unknown mode $mode" >&2; exit 2 ;;
esac
