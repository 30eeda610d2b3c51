#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The pinned kernel's scripts/include (xalloc.h, list.h, ...) for the
# standalone build of klp-convert (mk/tool.mk), which includes them as the
# kernel build does (-I scripts/include), without a kernel tree: copied
# into <dir> from an extracted pristine tree or from an earlier copy in
# build/kernel-include, or else extracted from the kernel source tarball
# (installing the pinned package first if needed). Only once: <dir>/.stamp
# holds the package version. <dir> appears complete or not at all: it is
# filled under a temporary name, then renamed.
#
# Usage: kernel-include.sh <dir>
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: kernel-include.sh <dir>"
dest=${1%/}
sub=$KERNEL_TOPDIR/scripts/include

valid() {	# <dir>: headers of the pinned kernel
	[ "$(cat "$1/.stamp" 2>/dev/null)" = "$KERNEL_PKG_VERSION" ]
}

if valid "$dest"; then
	touch "$dest/.stamp"	# newer than config/kernel.env, for make
	exit 0
fi

mkdir -p "$(dirname "$dest")"
tmp=$(mktemp -d "$dest.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
from=""
# a complete pristine extraction (ensure_pristine writes .tarball-id last)
for d in "$PRISTINE" "$TOP/build/pristine"; do
	if [ -f "$d/.tarball-id" ] && [ -d "$d/$sub" ]; then
		from=$d/$sub
		break
	fi
done
if [ -z "$from" ] && [ "$(realpath -m "$dest")" != "$(realpath -m "$TOP/build/kernel-include")" ] &&
   valid "$TOP/build/kernel-include"; then
	from=$TOP/build/kernel-include
fi
if [ -n "$from" ]; then
	cp -R "$from/." "$tmp/"
else
	ensure_kernel_package
	log "extracting $sub from $KERNEL_TARBALL"
	tar -C "$tmp" -xJf "$KERNEL_TARBALL" "$sub"
	mv "$tmp/$sub"/* "$tmp/"
	rm -rf "${tmp:?}/$KERNEL_TOPDIR"
fi
if [ ! -f "$tmp/xalloc.h" ] || [ ! -f "$tmp/list.h" ]; then
	die "no xalloc.h and list.h in ${from:-$KERNEL_TARBALL}"
fi
echo "$KERNEL_PKG_VERSION" >"$tmp/.stamp"
chmod "$(printf '%o' $((0777 & ~0$(umask))))" "$tmp"	# mktemp made it 0700
rm -rf "$dest"
mv -T "$tmp" "$dest"
trap - EXIT
