#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch Debian's own kernel, the one config/kernel.env pins the source of,
# as Debian ships it: the signed image with its modules, the headers and
# kbuild packages. Downloaded once (build/debian/debs), extracted once
# (build/debian/root, as dpkg would install it under /), reused after.
#
# The extraction is left as dpkg-deb -x leaves it: lib/modules/<rel>/build
# is an absolute link to /usr/src/linux-headers-<rel>, whose Makefile
# includes /usr/src/linux-headers-<abi>-common/Makefile; klp-convert-build finds
# both under the extraction (guide, section 11.1).
#
# usage: fetch.sh            prints the release, e.g. 6.12.117+deb12-amd64
# Environment: DEBIAN_DIR (default build/debian)
set -euo pipefail
# shellcheck source=../../scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"

# shellcheck source=vars.sh
. "$TOP/tests/distro/vars.sh"

debs=$DEBIAN_DIR/debs
mkdir -p "$debs"

# The packages, at the pinned version.
pkgs=(
	"linux-image-$DEB_REL"
	"linux-headers-$DEB_REL"
	"linux-headers-$DEB_ABI-common"
	"$DEB_KBUILD"
)
deb_file() {	# <package>: the file apt-get download writes
	local v=${DEB_PKG_VERSION//:/%3a} arch=amd64
	case $1 in *-common) arch=all ;; esac
	echo "$debs/${1}_${v}_$arch.deb"
}

start=$(date +%s)
missing=()
for p in "${pkgs[@]}"; do
	[ -s "$(deb_file "$p")" ] || missing+=("$p=$DEB_PKG_VERSION")
done
if [ ${#missing[@]} -gt 0 ]; then
	apt_download "$debs" "${missing[@]}"
	for p in "${pkgs[@]}"; do
		[ -s "$(deb_file "$p")" ] || die "apt-get download gave no $(deb_file "$p")"
	done
	# the image Debian signs for Secure Boot, not the -unsigned one
	src=$(dpkg-deb -f "$(deb_file "linux-image-$DEB_REL")" Source)
	case $src in
	linux-signed-*) ;;
	*) die "linux-image-$DEB_REL comes from source package '$src', not linux-signed-*" ;;
	esac
	log "downloaded in $(( $(date +%s) - start ))s: $(du -shc "$debs"/*.deb | tail -1 | cut -f1)"
fi

# Extract once; the stamp lists the packages extracted.
stamp=$DEBIAN_DIR/root/.extracted
want=$(echo "as extracted"; for p in "${pkgs[@]}"; do basename "$(deb_file "$p")"; done)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
	t=$(date +%s)
	rm -rf "$DEBIAN_DIR/root" "$DEBIAN_DIR/root.tmp"
	mkdir -p "$DEBIAN_DIR/root.tmp"
	for p in "${pkgs[@]}"; do
		dpkg-deb -x "$(deb_file "$p")" "$DEBIAN_DIR/root.tmp"
	done
	r=$DEBIAN_DIR/root.tmp
	[ "$(readlink "$r/lib/modules/$DEB_REL/build")" = "/usr/src/linux-headers-$DEB_REL" ] ||
		die "lib/modules/$DEB_REL/build: not a link to /usr/src/linux-headers-$DEB_REL"
	for f in "$r/boot/vmlinuz-$DEB_REL" "$r/usr/src/linux-headers-$DEB_REL/scripts/sign-file" \
		 "$r/usr/src/linux-headers-$DEB_REL/Module.symvers"; do
		[ -e "$f" ] || die "not in the packages: ${f#"$r"/}"
	done
	echo "$want" > "$r/.extracted"
	mv "$r" "$DEBIAN_DIR/root"
	log "extracted in $(( $(date +%s) - t ))s: $(du -sh "$DEBIAN_DIR/root" | cut -f1)," \
	    "$(find "$DEBIAN_DIR/root/lib/modules/$DEB_REL" -name '*.ko*' | wc -l) modules"
fi
echo "$DEB_REL"
