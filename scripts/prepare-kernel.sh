#!/bin/bash
# Make build/src/<tree> the pinned Debian 6.12 source with our work applied:
# the series of make series (scripts/make-series.sh), applied with patch(1).
#
# The tarball is extracted once into build/pristine. The working tree is
# re-prepared only when the tarball, linux/ or patches/ changed, and then only
# the files our work touches are rewritten (and only if their content
# differs), so an unchanged file keeps its mtime and make rebuilds nothing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ensure_pristine
tar_id=$(cat "$PRISTINE/.tarball-id")

work_id=$( {
	echo "$tar_id"
	cd "$TOP"
	find linux patches scripts/make-series.sh -type f -print0 |
		sort -z | xargs -0 sha256sum
} | sha256sum | cut -d' ' -f1)
stamp=$BUILD/src/.prepared

kver=$(make -s -C "$PRISTINE/$KERNEL_TOPDIR" kernelversion 2>/dev/null)
if [ "$(cat "$stamp" 2>/dev/null)" = "$work_id" ]; then
	log "kernel: $KERNEL_PKG $KERNEL_PKG_VERSION (Linux $kver), source up to date"
	exit 0
fi

if [ ! -d "$KSRC" ]; then
	log "copying pristine tree to $KSRC"
	mkdir -p "$BUILD/src"
	cp -a "$PRISTINE/$KERNEL_TOPDIR" "$KSRC"
	rm -f "$BUILD/src/.touched"
fi

# Build the new versions of every touched file in a staging tree.
stage=$BUILD/stage
rm -rf "$stage"
mkdir -p "$stage"
touched_files | sort -u > "$BUILD/src/.touched.new"
while IFS= read -r f; do
	if [ -f "$PRISTINE/$KERNEL_TOPDIR/$f" ]; then
		mkdir -p "$stage/$(dirname "$f")"
		cp -p "$PRISTINE/$KERNEL_TOPDIR/$f" "$stage/$f"
	fi
done < "$BUILD/src/.touched.new"
apply_work "$stage" || die "cannot prepare the kernel tree"

# Sync: files touched now or by an earlier preparation.
{ cat "$BUILD/src/.touched.new"; cat "$BUILD/src/.touched" 2>/dev/null || true; } |
sort -u |
while IFS= read -r f; do
	if [ -f "$stage/$f" ]; then
		new=$stage/$f
	elif [ -f "$PRISTINE/$KERNEL_TOPDIR/$f" ]; then
		new=$PRISTINE/$KERNEL_TOPDIR/$f
	else
		rm -f "$KSRC/$f"
		continue
	fi
	if ! cmp -s "$new" "$KSRC/$f"; then
		mkdir -p "$(dirname "$KSRC/$f")"
		cp "$new" "$KSRC/$f"
		log "  updated $f"
	fi
done
mv "$BUILD/src/.touched.new" "$BUILD/src/.touched"
rm -rf "$stage"
echo "$work_id" > "$stamp"
log "kernel: $KERNEL_PKG $KERNEL_PKG_VERSION (Linux $kver), source prepared at $KSRC"
