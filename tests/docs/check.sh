#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Documentation checks, on the prepared kernel tree (KSRC of scripts/lib.sh,
# which scripts/prepare-kernel.sh builds from linux/ and the series; make
# check runs this after the kernel build):
#  - every rst file the series adds (linux/Documentation/) is in the tree
#    as in linux/, and every rst file it changes (patches/) differs from
#    the pristine 6.12 copy (build/pristine or the kernel source tarball):
#    the tree checked is the patched one;
#  - each of them is valid reStructuredText for docutils (warnings count
#    as errors; the Sphinx and kernel roles and directives they use are
#    registered as harmless no-ops);
#  - every toctree entry of the index.rst of their directories exists, and
#    each added file is listed in its directory's index.rst;
#  - every error message of klp-convert (format strings of klp_error()
#    and friends in linux/scripts/livepatch/*.c) appears, with its
#    variable parts written as anything, on one line of klp-convert.rst.
#
# A missing input (prepared tree, pristine source, file, docutils) is a
# failure. Prints "PASS: docs: <what>" or "FAIL: docs: <what>: <why>" per
# check (tests/lib/verdict.sh); exits non-zero if any failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib.sh
. "$here/../../scripts/lib.sh"
# shellcheck source=../lib/verdict.sh
. "$here/../lib/verdict.sh"
VERDICT_PREFIX="docs: "
top=$TOP
new_rst=$top/linux/Documentation/livepatch/klp-convert.rst
pristine_tree=$PRISTINE/$KERNEL_TOPDIR

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! python3 -c 'import docutils' 2>/dev/null; then
	fail docutils "python3-docutils is not installed"
	exit 1
fi

# rst files the series adds (linux/) and changes (patches/)
mapfile -t added < <(cd "$top/linux" && find Documentation -name '*.rst' -type f | sort)
mapfile -t changed < <(patched_files | grep '^Documentation/.*\.rst$' || true)

# The pristine copies of the files the series changes, in $work/pristine/
# (those the pristine source lacks are left out).
pristine_copies() {
	local f
	mkdir -p "$work/pristine"
	if [ -d "$pristine_tree/Documentation" ]; then
		for f in "${changed[@]}"; do
			[ -f "$pristine_tree/$f" ] || continue
			mkdir -p "$work/pristine/$(dirname "$f")"
			cp "$pristine_tree/$f" "$work/pristine/$f"
		done
	elif [ -f "$KERNEL_TARBALL" ]; then
		tar -xJf "$KERNEL_TARBALL" -C "$work/pristine" --strip-components=1 \
			"${changed[@]/#/$KERNEL_TOPDIR/}" 2>/dev/null || true
	else
		return 1
	fi
}

# The rst validator (rstcheck.py): docutils with the Sphinx/kernel
# extensions as no-ops.

check_rst() {	# <file> <name>
	local out
	if out=$(python3 "$TOP/tests/docs/rstcheck.py" "$1" 2>&1); then
		pass "$2"
	else
		fail "$2" "$(printf '%s' "$out" | head -3 | tr '\n' ' ')"
	fi
}

# 1. The prepared tree has the series' documentation: added files as in
# linux/, changed files not pristine; each is valid rst.
tree_ok=1
if [ ! -d "$KSRC/Documentation" ]; then
	fail "prepared kernel tree" "missing input: $KSRC/Documentation (scripts/prepare-kernel.sh)"
	tree_ok=0
fi
[ ${#added[@]} -gt 0 ] ||
	fail "added rst files" "linux/Documentation has no .rst file (klp-convert.rst?)"
[ ${#changed[@]} -gt 0 ] ||
	fail "changed rst files" "no patch of patches/series changes a Documentation/*.rst file"
if [ $tree_ok -eq 1 ]; then
	for f in "${added[@]}"; do
		if why=$(missing_inputs "$KSRC/$f"); then
			fail "$f (added)" "$why"
		elif ! cmp -s "$top/linux/$f" "$KSRC/$f"; then
			fail "$f (added)" "$KSRC/$f differs from linux/$f: stale tree, run scripts/prepare-kernel.sh"
		else
			check_rst "$KSRC/$f" "$f (added)"
		fi
	done
	if [ ${#changed[@]} -gt 0 ] && ! pristine_copies; then
		fail "pristine 6.12 source" "missing input: $pristine_tree/Documentation, $KERNEL_TARBALL"
	else
		for f in "${changed[@]}"; do
			if why=$(missing_inputs "$KSRC/$f"); then
				fail "$f (patched)" "$why"
			elif [ ! -f "$work/pristine/$f" ]; then
				fail "$f (patched)" "no pristine copy in $pristine_tree or $KERNEL_TARBALL"
			elif cmp -s "$work/pristine/$f" "$KSRC/$f"; then
				fail "$f (patched)" "$KSRC/$f is the pristine file: the series' change is missing (run scripts/prepare-kernel.sh)"
			else
				check_rst "$KSRC/$f" "$f (patched)"
			fi
		done
	fi

	# 2. toctrees: the index.rst of each directory of an added or
	# changed file lists existing files, and every added file.
	for dir in $(printf '%s\n' "${added[@]}" "${changed[@]}" | xargs -r -n1 dirname | sort -u); do
		index=$dir/index.rst
		if why=$(missing_inputs "$KSRC/$index"); then
			fail "$index toctree" "$why"
			continue
		fi
		absent=""
		while read -r entry; do
			[ -f "$KSRC/$dir/$entry.rst" ] || absent="$absent $entry"
		done < <(awk '/^\.\. toctree::/ {t = 1; next}
			      t && /^[^ \t]/ {t = 0}
			      t && /^    [a-z]/ {print $1}' "$KSRC/$index")
		for f in "${added[@]}"; do
			[ "$(dirname "$f")" = "$dir" ] || continue
			entry=$(basename "$f" .rst)
			grep -q "^    $entry\$" "$KSRC/$index" || absent="$absent $entry (not listed)"
		done
		if [ -z "$absent" ]; then
			pass "$index toctree"
		else
			fail "$index toctree" "missing entries:$absent"
		fi
	done
fi

# 3. Every error message of the tool is documented.

srcdir=$top/linux/scripts/livepatch
if why=$(missing_inputs "$new_rst" "$srcdir"); then
	fail "error messages" "$why"
elif ! out=$(python3 "$TOP/tests/docs/messages.py" "$srcdir" "$new_rst" 2>&1); then
	fail "error messages" "extraction failed: $(printf '%s' "$out" | tail -1)"
else
	checked=$(printf '%s\n' "$out" | head -1)
	undocumented=$(printf '%s\n' "$out" | tail -n +2)
	if [ "${checked:-0}" -lt 40 ]; then
		fail "error messages" "only ${checked:-0} messages found in $srcdir: extraction broken?"
	elif [ -n "$undocumented" ]; then
		fail "error messages" "$(printf '%s\n' "$undocumented" | wc -l) of $checked not in klp-convert.rst: $(printf '%s' "$undocumented" | head -5 | tr '\n' '|')"
	else
		pass "error messages ($checked messages of scripts/livepatch in klp-convert.rst)"
	fi
fi

verdict_status
