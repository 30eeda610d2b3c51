#!/bin/bash
# Pack the guest: a static busybox initramfs plus the host tools the upstream
# livepatch selftests need (bash, kmod, GNU coreutils/diffutils, procps) and
# the test payload (scripts and modules) under /klp.
#
# usage: mkinitramfs.sh <output.cpio.gz> <payload-dir>
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$1
payload=$2
root=$(mktemp -d "$BUILD/initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,root,lib,lib64,usr/bin,usr/sbin}
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done

# A host binary with the shared libraries it needs, at the same paths.
add_host_bin() {
	local bin lib
	bin=$(readlink -f "$(command -v "$1")")
	install -D "$bin" "$root/$bin"
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		[ -e "$root/$lib" ] || install -D "$lib" "$root/$lib"
	done
	# Shadow the busybox applet of the same name.
	ln -sf "$bin" "$root/bin/$1"
}
for b in bash kmod date stat diff sysctl getconf sleep seq tr uname \
	 dirname cat grep sed; do
	add_host_bin "$b"
done
for b in insmod rmmod lsmod modinfo modprobe; do
	ln -sf "$(readlink -f "$(command -v kmod)")" "$root/bin/$b"
done
rm -f "$root/sbin/init"

cp "$TOP/tests/guest/init" "$root/init"
chmod +x "$root/init"
cp -a "$payload" "$root/klp"

(cd "$root" && find . -print0 | sort -z |
	cpio --null -o -H newc --owner=0:0 --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
