#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The three ways the host tests run klp-convert, for every tests/host/*.sh
# (source it with $mode and $out set): sources the test library (verdicts
# and run_tests, checks such as die and same_text, host_work and
# expect_status), sets VERDICT_PREFIX, the prefix of the test names, and
# $wrap, the command the tool runs under.
# shellcheck disable=SC2034   # used by the scripts sourcing this
: "${mode:?modes.sh: set mode first}"
# shellcheck source=../lib/verdict.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/verdict.sh"
# shellcheck source=../lib/assert.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/assert.sh"
# shellcheck source=../lib/host-test.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/host-test.sh"
VERDICT_PREFIX=""
wrap=()
case $mode in
normal) ;;
asan)
	VERDICT_PREFIX="asan/"
	export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	export ASAN_OPTIONS=detect_leaks=1
	;;
valgrind)
	VERDICT_PREFIX="valgrind/"
	leak_kinds="definite,indirect"
	wrap=(valgrind -q --leak-check=full
	      "--errors-for-leak-kinds=$leak_kinds" --error-exitcode=99)
	;;
*) echo "${0##*/}: unknown mode $mode" >&2; exit 2 ;;
esac
