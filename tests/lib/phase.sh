# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The phase table of make check: source this file, do not run it.
#
#   phase_init <file>           start a table (tab-separated records)
#   phase <name> <command>...   run a phase: its wall time and whether it
#                               ran, was reused (tests/lib/reuse.sh notes
#                               of its steps) or failed go to the table;
#                               returns the command's status. Phases may
#                               run at the same time (background lanes):
#                               each appends one line when it ends.
#   phase_table                 the table, phases in the order they
#                               started: the lane ($PHASE_LANE when the
#                               phase ran), start (from phase_init), wall
#                               time, status; then the total
#
# A phase whose steps all noted "reused" is "reused"; one with some
# reused is "ran (k of n reused)"; one that failed is "FAILED".

PHASE_FILE=""
PHASE_T0=0

phase_init() {	# <file>
	PHASE_FILE=$1
	PHASE_T0=$(date +%s.%N)
	mkdir -p "$(dirname "$PHASE_FILE")"
	: > "$PHASE_FILE"
}

phase() {	# <name> <command>...
	local name=$1 t0 t1 rc=0 notes status reused total
	shift
	notes=$(mktemp "${PHASE_FILE:-/tmp/phase}.notes.XXXXXX")
	local -x CHECK_PHASE_NOTES=$notes
	t0=$(date +%s.%N)
	"$@" || rc=$?
	t1=$(date +%s.%N)
	total=$(grep -c . "$notes" || true)
	reused=$(grep -cx reused "$notes" || true)
	if [ "$rc" -ne 0 ]; then
		status=FAILED
	elif [ "$total" -gt 0 ] && [ "$reused" -eq "$total" ]; then
		status=reused
	elif [ "$reused" -gt 0 ]; then
		status="ran ($reused of $total reused)"
	else
		status=ran
	fi
	rm -f "$notes"
	[ -z "$PHASE_FILE" ] ||
		printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$t0" "$t1" "$status" \
			"${PHASE_LANE:--}" >> "$PHASE_FILE"
	return "$rc"
}

phase_table() {
	[ -n "$PHASE_FILE" ] && [ -f "$PHASE_FILE" ] || return 0
	LC_ALL=C sort -t$'\t' -k2,2n "$PHASE_FILE" |
	awk -F'\t' -v t0="$PHASE_T0" -v now="$(date +%s.%N)" '
	function mmss(s) { s = int(s + 0.5); return sprintf("%d:%02d", s / 60, s % 60) }
	BEGIN {
		printf "%-48s %-22s %6s %6s  %s\n", "phase", "lane", "start", "wall", "status"
	}
	{
		printf "%-48s %-22s %6s %6s  %s\n", $1, $5, mmss($2 - t0), mmss($3 - $2), $4
		if ($4 == "reused") reused++; else if ($4 == "FAILED") failed++; else ran++
	}
	END {
		printf "%-48s %-22s %6s %6s  %d phases: %d ran, %d reused, %d failed\n",
			"make check", "", "0:00", mmss(now - t0), NR, ran, reused, failed
	}'
}
