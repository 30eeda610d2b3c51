# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Verdicts of the project's tests: source this file, do not run it.
#
# Every test prints one line, at the start of the line:
#
#	PASS: <name>[ (<note>)]
#	FAIL: <name>[: <why>]
#
# scripts/check.sh and tests/host/check.sh count these lines (^PASS: and
# ^FAIL: ) and scripts/check.sh prefixes the names of the second test
# kernel's; a script that sums up prints "N passed, N failed" as its last
# line (verdict_summary).  A missing input is a failure, never a silent
# pass or skip: check inputs with missing_inputs before using them.
#
#   VERDICT_PREFIX              prepended to every name (e.g. "docs: ")
#   pass <name> [<note>]        PASS line; <note> is printed in parentheses
#   fail <name> [<why>...]      FAIL line
#   verdict <name> <status> [<why>]
#                               pass if <status> is 0, else fail with <why>
#   skip <name> <why>           a test that cannot run is a failure:
#                               "FAIL: <name>: not run: <why>"
#   inapplicable <name> <why>   a test that does not apply here (a case
#                               for another architecture): "N/A: <name>:
#                               <why>", counted apart, never as a pass
#   missing_inputs <path>...    true, printing "missing input: <path>, ..."
#                               (existing paths not listed), if any path does
#                               not exist; false if all do
#   step_verdict <name> <status> <output file>
#                               after a step that prints verdicts (a test
#                               script): fail <name> if it exited non-zero
#                               without a FAIL line, or printed no verdict at
#                               all; returns non-zero then, or if it failed
#   run_tests <group> <function>...
#                               each function in a subshell with set -e; its
#                               verdict is named <prefix><group><name without
#                               t_>, its note a "(...)" line it printed, its
#                               reason the last line it printed
#   verdict_status              0 if no test of this shell failed, else 1
#   verdict_count <file>        VERDICT_PASSED/VERDICT_FAILED/VERDICT_NA := the
#                               PASS, FAIL and N/A lines of <file>
#   verdict_summary             prints "N do not apply here" if any did not,
#                               then "N passed, N failed"; false if a test
#                               failed or none passed
#
# VERDICT_PASSED and VERDICT_FAILED count the verdicts printed by this
# shell (those of subshells and of the left side of pipes are not seen;
# count them from their output with verdict_count).

VERDICT_PREFIX=${VERDICT_PREFIX:-}
VERDICT_PASSED=0
VERDICT_FAILED=0
VERDICT_NA=0

pass() {	# <name> [<note>]
	echo "PASS: $VERDICT_PREFIX$1${2:+ ($2)}"
	VERDICT_PASSED=$((VERDICT_PASSED + 1))
}

fail() {	# <name> [<why>...]
	local name=$1
	shift
	if [ $# -gt 0 ] && [ -n "$*" ]; then
		echo "FAIL: $VERDICT_PREFIX$name: $*"
	else
		echo "FAIL: $VERDICT_PREFIX$name"
	fi
	VERDICT_FAILED=$((VERDICT_FAILED + 1))
}

verdict() {	# <name> <status> [<why>]
	if [ "$2" -eq 0 ]; then
		pass "$1"
	else
		fail "$1" "${3:-}"
	fi
}

skip() {	# <name> <why>
	fail "$1" "not run: $2"
}

inapplicable() {	# <name> <why>
	echo "N/A: $VERDICT_PREFIX$1: $2"
	VERDICT_NA=$((VERDICT_NA + 1))
}

missing_inputs() {	# <path>...
	local f missing=()
	for f in "$@"; do
		[ -e "$f" ] || missing+=("$f")
	done
	[ ${#missing[@]} -gt 0 ] || return 1
	f=$(printf '%s, ' "${missing[@]}")
	echo "missing input: ${f%, }"
}

step_verdict() {	# <name> <exit status> <file of its output>
	if grep -q '^FAIL: ' "$3"; then
		return 1
	elif [ "$2" -ne 0 ]; then
		local last
		last=$(grep -v '^PASS: ' "$3" | tail -1)
		fail "$1" "exited $2 without a failed test${last:+: $last}"
		return 1
	elif ! grep -q '^PASS: ' "$3"; then
		fail "$1" "gave no verdict"
		return 1
	fi
}

# The patch of the series a test needs (patches/series without the
# number): with SERIES_PRESENT set (the patches of a prefix, space
# separated; tests/series/check.sh), run_tests says N/A for a test whose
# patch is not among them instead of running it.
declare -A TEST_NEEDS=()
test_needs() {	# <patch> <test function>...
	local patch=$1 t
	shift
	for t in "$@"; do
		TEST_NEEDS[$t]=$patch
	done
}

run_tests() {	# <group> <test function>...
	local group=$1 t rc note reason need
	shift
	for t in "$@"; do
		need=${TEST_NEEDS[$t]:-}
		if [ -n "${SERIES_PRESENT+x}" ] && [ -n "$need" ] &&
		   [[ " $SERIES_PRESENT " != *" $need "* ]]; then
			inapplicable "$group${t#t_}" "needs patch $need"
			continue
		fi
		set +e
		(set -e; "$t") >"$t.log" 2>&1
		rc=$?
		set -e
		if [ "$rc" -eq 0 ]; then
			note=$(grep -m1 '^(.*)$' "$t.log" 2>/dev/null || true)
			note=${note#(}
			pass "$group${t#t_}" "${note%)}"
		else
			reason=$(tail -1 "$t.log" 2>/dev/null || true)
			fail "$group${t#t_}" "${reason:-exit status $rc, no message}"
		fi
	done
	verdict_status
}

verdict_status() {
	[ "$VERDICT_FAILED" -eq 0 ]
}

verdict_count() {	# <file of verdict lines>
	VERDICT_PASSED=$(grep -c '^PASS: ' "$1" || true)
	VERDICT_FAILED=$(grep -c '^FAIL: ' "$1" || true)
	VERDICT_NA=$(grep -c '^N/A: ' "$1" || true)
}

verdict_summary() {
	[ "$VERDICT_NA" -eq 0 ] ||
		echo "$VERDICT_NA do not apply here (N/A lines: another architecture's cases)"
	echo "$VERDICT_PASSED passed, $VERDICT_FAILED failed"
	[ "$VERDICT_FAILED" -eq 0 ] && [ "$VERDICT_PASSED" -gt 0 ]
}
