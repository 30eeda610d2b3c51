# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Reuse of a step's result when its inputs are the same: source this file,
# do not run it.
#
# A step that may be reused (a guest boot, a prefix build of the series,
# checkpatch of one patch, ...) computes a key from the *content* of all
# its inputs (never from timestamps), and keeps it in a stamp file only
# after a run that passed. The next run with the same key may take the
# recorded result instead of running; any changed input gives another key
# and the step runs again. A failed run leaves no stamp, so it always
# runs again.
#
#   content_id <path>...        sha256 of paths: for a file its name (as
#                               given, relative names compare), mode and
#                               bytes; for a symlink its target; for a
#                               directory every entry under it, sorted,
#                               with its relative name. A missing path
#                               counts as "missing".
#   reuse_key <part>...         sha256 of the words, one per line: the
#                               key of a step from its parts (ids, and
#                               the settings and versions that are inputs)
#   reuse_hit <stamp> <key>     true if <stamp> holds <key> and reuse is
#                               allowed (CHECK_REUSE is not 0); then notes
#                               "reused" for the phase table
#   reuse_ran <stamp>           notes "ran" for the phase table and drops
#                               the stamp until reuse_record
#   reuse_record <stamp> <key>  the step passed: keep its key
#   reuse_step <name> <key> <command>...
#                               a step that prints verdicts: with the key
#                               of its last pass, print that run's output
#                               instead of running; otherwise run it, and
#                               keep output and key if it passed (status 0,
#                               a PASS line, no FAIL line). Stamps are in
#                               $BUILD/reuse/<name>.
#
# CHECK_REUSE=0 makes every step run (make check CHECK_REUSE=0).
# CHECK_PHASE_NOTES names the file where the phase table (tests/lib/phase.sh)
# collects "reused"/"ran" notes of the current phase.

content_id() {	# <path>...
	local p
	for p in "$@"; do
		if [ -L "$p" ]; then
			printf 'link %s -> %s\n' "$p" "$(readlink "$p")"
		elif [ -d "$p" ]; then
			printf 'dir %s\n' "$p"
			(cd "$p" && {
				find . -mindepth 1 -type l -printf 'l %P -> %l\n'
				find . -mindepth 1 -type f -printf 'f %m %P\n'
				find . -mindepth 1 -type f -print0 | xargs -0 -r sha256sum
			} | LC_ALL=C sort)
		elif [ -f "$p" ]; then
			printf 'file %s %s %s\n' "$p" "$(stat -c %a "$p")" \
				"$(sha256sum < "$p" | cut -d' ' -f1)"
		else
			printf 'missing %s\n' "$p"
		fi
	done | sha256sum | cut -d' ' -f1
}

reuse_key() {	# <part>...
	printf '%s\n' "$@" | sha256sum | cut -d' ' -f1
}

reuse_note() {	# reused|ran
	[ -z "${CHECK_PHASE_NOTES:-}" ] || echo "$1" >> "$CHECK_PHASE_NOTES"
}

reuse_hit() {	# <stamp> <key>
	[ "${CHECK_REUSE:-1}" != 0 ] || return 1
	[ -f "$1" ] && [ "$(cat "$1")" = "$2" ] || return 1
	reuse_note reused
}

reuse_ran() {	# <stamp>
	rm -f "$1"
	reuse_note ran
}

reuse_record() {	# <stamp> <key>
	mkdir -p "$(dirname "$1")"
	echo "$2" > "$1"
}

reuse_step() {	# <name> <key> <command>...
	local name=$1 key=$2 stamp=$BUILD/reuse/$1 rc
	shift 2
	mkdir -p "$(dirname "$stamp")"
	if [ -f "$stamp.out" ] && reuse_hit "$stamp" "$key"; then
		echo "(${name##*/} reused: its inputs are those of its last pass; CHECK_REUSE=0 runs it)"
		cat "$stamp.out"
		return 0
	fi
	reuse_ran "$stamp"
	rm -f "$stamp.out"
	"$@" 2>&1 | tee "$stamp.new"
	rc=${PIPESTATUS[0]}
	if [ "$rc" -eq 0 ] && grep -q '^PASS: ' "$stamp.new" &&
	   ! grep -q '^FAIL: ' "$stamp.new"; then
		mv "$stamp.new" "$stamp.out"
		reuse_record "$stamp" "$key"
	fi
	return "$rc"
}
