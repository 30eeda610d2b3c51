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

# Run the test functions given, each in a subshell with set -e, with
# "<prefix><group><name>" as its name: "PASS: <name>[ (<note>)]", where a
# note is a "(...)" line the test printed, or "FAIL: <name>: <its last
# line>". Returns non-zero if any failed.
run_tests() {	# <group> <test function>...
	local group=$1 t rc note failed=0
	shift
	for t in "$@"; do
		set +e
		(set -e; "$t") >"$t.log" 2>&1
		rc=$?
		set -e
		if [ "$rc" -eq 0 ]; then
			note=$(grep -m1 '^(.*)$' "$t.log" || true)
			echo "PASS: $prefix$group${t#t_}${note:+ $note}"
		else
			echo "FAIL: $prefix$group${t#t_}: $(tail -1 "$t.log")"
			failed=$((failed + 1))
		fi
	done
	[ "$failed" -eq 0 ]
}
