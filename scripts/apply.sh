#!/bin/bash
# Apply our work to a user's own Linux 6.12 tree: copy linux/ in, then the
# quilt series in order. Stops at, and names, the first patch that does not
# apply (the patches before it stay applied).
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
if ! apply_work "$tree"; then
	die "stopped; the series does not apply to $tree"
fi
log "applied linux/ and $(series_patches | wc -l) patches"
