#!/bin/bash
# Apply our work to a user's own Linux 6.12 tree: the series of make series
# (scripts/make-series.sh). In a git work tree it is applied with git am, one
# commit per patch; elsewhere with patch(1). Stops at, and names, the first
# patch that does not apply (the patches before it stay applied).
#
# usage: apply.sh /path/to/linux-6.12
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: make apply KSRC=/path/to/linux-6.12"
tree=$(cd "$1" 2>/dev/null && pwd) || die "$1: no such directory"
if [ ! -f "$tree/Makefile" ] || [ ! -f "$tree/kernel/livepatch/core.c" ]; then
	die "$tree does not look like a Linux source tree"
fi
log "applying to $tree (Linux $(make -s -C "$tree" kernelversion))"
if [ "$(git -C "$tree" rev-parse --show-toplevel 2>/dev/null)" = "$tree" ]; then
	"$TOP/scripts/make-series.sh" "$SERIES_DIR" ||
		die "cannot make the series"
	mapfile -t patches < <(series_files)
	if ! git -C "$tree" am -q "${patches[@]}"; then
		git -C "$tree" am --abort 2>/dev/null || true
		die "git am failed (aborted, the tree is as it was); see above"
	fi
	log "applied ${#patches[@]} patches with git am"
else
	apply_work "$tree" || die "stopped; the series does not apply to $tree"
	log "applied $(series_files | wc -l) patches"
fi
