# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Checks inside a test function run by run_tests (tests/lib/verdict.sh):
# source this file, do not run it.  A failed check ends the test's
# subshell; its last line of output is the FAIL line's reason.
#
#   die <why>...                 fail the test with <why>
#   same_text <expected> <actual>
#                                the two files are equal, else the start of
#                                their diff (kept in diff.txt)
#   has_line <file> <line>       <file> has exactly this line

die() { echo "$*" >&2; exit 1; }

same_text() {	# <expected file> <actual file>
	[ -e "$1" ] || die "missing input: $1"
	[ -e "$2" ] || die "missing output: $2"
	diff -u "$1" "$2" >diff.txt || die "output differs from $(basename "$1"): $(head -20 diff.txt)"
}

has_line() {	# <file> <exact line>
	grep -qxF -- "$2" "$1" || die "missing line '$2' in $1"
}
