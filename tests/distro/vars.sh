# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The Debian kernel of the distro test, from config/kernel.env (source
# scripts/lib.sh first): KERNEL_PKG_VERSION 6.12.117-1~deb12u1 is
#   DEB_UPSTREAM  6.12.117
#   DEB_ABI       6.12.117+deb12        (linux-kbuild-*, linux-headers-*-common)
#   DEB_REL       6.12.117+deb12-amd64  (uname -r, linux-image-*, linux-headers-*)
# DEBIAN_DIR: the downloads and the extracted packages (build/debian).
# shellcheck disable=SC2034   # used by the scripts sourcing this

DEB_UPSTREAM=${KERNEL_PKG_VERSION%%-*}
case $KERNEL_PKG_VERSION in
*~deb[0-9]*)
	DEB_SUITE=${KERNEL_PKG_VERSION##*~deb}
	DEB_SUITE=${DEB_SUITE%%[!0-9]*}
	;;
*)
	die "cannot derive the kernel release from KERNEL_PKG_VERSION=$KERNEL_PKG_VERSION (no ~debNN)"
	;;
esac
DEB_ABI=$DEB_UPSTREAM+deb$DEB_SUITE
DEB_REL=${DEB_REL:-$DEB_ABI-amd64}
DEBIAN_DIR=${DEBIAN_DIR:-$BUILD/debian}
DEB_ROOT=$DEBIAN_DIR/root
# the build link as packaged (absolute: /usr/src/...), what klp-build -k
# is given; the headers where they were extracted, and their common part
DEB_KDIR=$DEB_ROOT/lib/modules/$DEB_REL/build
DEB_HEADERS=$DEB_ROOT/usr/src/linux-headers-$DEB_REL
DEB_HEADERS_COMMON=$DEB_ROOT/usr/src/linux-headers-$DEB_ABI-common
DEB_MODDIR=$DEB_ROOT/lib/modules/$DEB_REL
DEB_VMLINUZ=$DEB_ROOT/boot/vmlinuz-$DEB_REL
