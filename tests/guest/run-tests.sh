#!/bin/bash
# Guest test runner: runs every script named in tests.list from /klp and
# prints one verdict line per test case and a final verdict line, which the
# host reads from the serial log.
#
# A test script reports cases the way the upstream livepatch selftests do,
# "TEST: <description> ... ok" or "... not ok". A script that exits non-zero,
# or reports no case at all, is a failure of its own.
set -uo pipefail

pass=0
fail=0
verdict() {
	echo "KLPTEST: $1 $2"
	if [ "$1" = PASS ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}

export KDIR=/klp
while read -r t; do
	[ -n "$t" ] || continue
	echo "KLPTEST: BEGIN $t"
	log=/tmp/${t%.sh}.log
	bash "./$t" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	cases=0
	failed=0
	while IFS= read -r line; do
		case "$line" in
		"TEST: "*" ... ok")
			desc=${line#TEST: }; verdict PASS "$t: ${desc% ... ok}" ;;
		"TEST: "*" ... not ok")
			desc=${line#TEST: }; verdict FAIL "$t: ${desc% ... not ok}"
			failed=1 ;;
		*) continue ;;
		esac
		cases=$((cases + 1))
	done < "$log"
	if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
		verdict FAIL "$t: exited with status $rc"
	elif [ "$cases" -eq 0 ]; then
		verdict FAIL "$t: reported no test case"
	fi
done < tests.list
echo "KLPTEST: DONE $pass passed, $fail failed"
