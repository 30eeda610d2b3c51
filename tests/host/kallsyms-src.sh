#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The scripts/kallsyms.c of both Debian source packages pinned in
# config/kernel.env (linux-source-6.1 and linux-source-6.12), compiled
# into <outdir>/kallsyms-6.1 and <outdir>/kallsyms-6.12 for
# tests/host/vmlinuz.sh.  The package is downloaded (apt-get download, its
# pinned version) unless apt's cache has it; the two files are taken out
# of its tarball once, into $BUILD/kallsyms-src/<package>_<version>.
#
# Usage: kallsyms-src.sh <outdir>
set -euo pipefail

out=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib.sh
. "$here/../../scripts/lib.sh"
# shellcheck source=../../config/kernel.env
. "$TOP/config/kernel.env"

src=$BUILD/kallsyms-src
mkdir -p "$src" "$out"

deb_of() {	# <package> <version>: the .deb, downloaded if need be
	local f=${1}_${2//:/%3a}_all.deb
	if [ -s "/var/cache/apt/archives/$f" ]; then
		echo "/var/cache/apt/archives/$f"
		return
	fi
	[ -s "$src/debs/$f" ] || apt_download "$src/debs" "$1=$2"
	echo "$src/debs/$f"
}

extract() {	# <package> <version> <topdir> <short name>
	local dir=$src/${1}_${2} deb files
	if [ ! -f "$dir/.done" ]; then
		deb=$(deb_of "$1" "$2")
		rm -rf "$dir"
		mkdir -p "$dir"
		files=("$3/scripts/kallsyms.c")
		# 6.12's includes scripts/include/xalloc.h
		[ "$4" = 6.1 ] || files+=("$3/scripts/include/xalloc.h")
		dpkg-deb --fsys-tarfile "$deb" |
			tar -xO "./usr/src/$1.tar.xz" |
			tar -C "$dir" -xJ "${files[@]}"
		touch "$dir/.done"
	fi
	gcc -O2 -Wall -I "$dir/$3/scripts/include" -o "$out/kallsyms-$4" \
		"$dir/$3/scripts/kallsyms.c"
}

extract "$KERNEL61_PKG" "$KERNEL61_PKG_VERSION" "$KERNEL61_TOPDIR" 6.1
extract "$KERNEL_PKG" "$KERNEL_PKG_VERSION" "$KERNEL_TOPDIR" 6.12
