#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A new file of the series as a patch leaves it: linux/<file> with the
# diffs of it that later patches of patches/ carry reversed (a new file
# can grow across patches; README, "Editing the series").  To change what
# a patch adds to a file that later patches grow: print the file at that
# patch and at the patch before, edit, and write the diff between them
# into the patch, as "diff --git a/<file> b/<file>" followed by diff -u.
#
# usage: series-file.sh <file under linux/> <patch of patches/series>
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || die "usage: ${0##*/} <file under linux/> <patch of patches/series>"
f=${1#linux/} p=$2
is_new_file "$f" || die "linux/$f: not a new file of the series"
grep -qxF "$p" <<<"$(series_patches)" || die "$p: not in patches/series"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
new_file_at "$f" "$p" "$out" || exit 1
cat "$out"
