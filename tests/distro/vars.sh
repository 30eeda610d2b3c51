# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The Debian kernel of the distro test, from config/kernel.env (source
# scripts/lib.sh first).  DISTRO_KERNEL=6.12 (the default):
# KERNEL_PKG_VERSION 6.12.117-1~deb12u1 is
#   DEB_UPSTREAM  6.12.117
#   DEB_ABI       6.12.117+deb12        (linux-kbuild-*, linux-headers-*-common)
#   DEB_REL       6.12.117+deb12-amd64  (uname -r, linux-image-*, linux-headers-*)
# DISTRO_KERNEL=6.1: KERNEL61_PKG_VERSION 6.1.192-3 with KERNEL61_ABI
# 6.1.0-57, release 6.1.0-57-amd64, kbuild package linux-kbuild-6.1.
# DEB_PKG_VERSION: the version of all the packages.
# DEBIAN_DIR: the downloads and the extracted packages (build/debian,
# build/debian-6.1).
# shellcheck disable=SC2034   # used by the scripts sourcing this

case ${DISTRO_KERNEL:-6.12} in
6.12)
	DEB_PKG_VERSION=$KERNEL_PKG_VERSION
	DEB_UPSTREAM=${DEB_PKG_VERSION%%-*}
	case $DEB_PKG_VERSION in
	*~deb[0-9]*)
		DEB_SUITE=${DEB_PKG_VERSION##*~deb}
		DEB_SUITE=${DEB_SUITE%%[!0-9]*}
		;;
	*)
		die "cannot derive the kernel release from KERNEL_PKG_VERSION=$DEB_PKG_VERSION (no ~debNN)"
		;;
	esac
	DEB_ABI=$DEB_UPSTREAM+deb$DEB_SUITE
	DEB_KBUILD=linux-kbuild-$DEB_ABI
	DEBIAN_DIR=${DEBIAN_DIR:-$BUILD/debian}
	;;
6.1)
	# the ABI is not in the version: pinned beside it
	DEB_PKG_VERSION=$KERNEL61_PKG_VERSION
	DEB_UPSTREAM=${DEB_PKG_VERSION%%-*}
	DEB_ABI=$KERNEL61_ABI
	DEB_KBUILD=linux-kbuild-6.1
	DEBIAN_DIR=${DEBIAN_DIR:-$BUILD/debian-6.1}
	;;
*)
	die "DISTRO_KERNEL=$DISTRO_KERNEL: 6.12 or 6.1"
	;;
esac
DISTRO_KERNEL=${DISTRO_KERNEL:-6.12}
DEB_REL=${DEB_REL:-$DEB_ABI-amd64}
DEB_ROOT=$DEBIAN_DIR/root
# the build link as packaged (absolute: /usr/src/...), what klp-convert-build -k
# is given; the headers where they were extracted, and their common part
DEB_KDIR=$DEB_ROOT/lib/modules/$DEB_REL/build
DEB_HEADERS=$DEB_ROOT/usr/src/linux-headers-$DEB_REL
DEB_HEADERS_COMMON=$DEB_ROOT/usr/src/linux-headers-$DEB_ABI-common
DEB_MODDIR=$DEB_ROOT/lib/modules/$DEB_REL
DEB_VMLINUZ=$DEB_ROOT/boot/vmlinuz-$DEB_REL
