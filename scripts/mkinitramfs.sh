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
# The guest's programs, then links named after them in /bin.
PROGRAMS=(bash kmod date stat diff sysctl getconf sleep seq tr uname
	  dirname cat grep sed)
KMOD_LINKS=(insmod rmmod lsmod modinfo modprobe)

if [ "$DEB_ARCH" = "$(dpkg --print-architecture)" ]; then
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
	for b in "${PROGRAMS[@]}"; do
		add_host_bin "$b"
	done
	for b in "${KMOD_LINKS[@]}"; do
		ln -sf "$(readlink -f "$(command -v kmod)")" "$root/bin/$b"
	done
else
	# Another architecture: the same programs from its Debian packages
	# (scripts/userland.sh), which the host cannot run.
	ul=$("$TOP/scripts/userland.sh")
	cp "$ul/bin/busybox" "$root/bin/busybox"
	# The applets of the host's busybox-static, the same Debian source
	# version (a binNMU, +bN, may differ).
	[ "$(dpkg-query -W -f='${Version}' busybox-static | sed 's/+b[0-9]*$//')" = \
	  "$(awk '$1 == "busybox-static" { sub(/\+b[0-9]*$/, "", $2); print $2 }' \
		"${ul%/root}/packages.txt")" ] ||
		log "warning: the host's busybox-static is not the guest's version: applet links may differ"
	for applet in $(/bin/busybox --list); do
		[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
	done

	# <path> in the userland, its symlinks followed inside it (relative)
	ul_resolve() {
		local rel=$1 target n=0
		while [ -L "$ul/$rel" ]; do
			[ $((n += 1)) -le 20 ] || die "symlink loop at $ul/$1"
			target=$(readlink "$ul/$rel")
			case "$target" in
			/*) rel=${target#/} ;;
			*) rel=$(dirname "$rel")/$target ;;
			esac
		done
		[ -f "$ul/$rel" ] || die "not in the $DEB_ARCH userland: /$1"
		echo "$rel"
	}
	# A file of the userland at its path (its interpreter and shared
	# libraries, recursively, at theirs); symlinks become copies.
	declare -A added=()
	add_target_file() {
		local rel=$1 real interp lib d found
		[ -z "${added[$rel]+x}" ] || return 0
		added[$rel]=1
		real=$(ul_resolve "$rel")
		rm -f "$root/$rel"
		install -D -m 755 "$ul/$real" "$root/$rel"
		interp=$(readelf -lW "$ul/$real" |
			sed -n 's|.*\[Requesting program interpreter: /\(.*\)\]|\1|p')
		[ -z "$interp" ] || add_target_file "$interp"
		for lib in $(readelf -dW "$ul/$real" |
			     sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			found=
			for d in "$ul"/lib/*-linux-gnu* "$ul"/usr/lib/*-linux-gnu* \
				 "$ul/lib64" "$ul/lib" "$ul/usr/lib"; do
				if [ -e "$d/$lib" ]; then
					found=${d#"$ul"/}/$lib
					break
				fi
			done
			[ -n "$found" ] || die "/$rel needs $lib, which no package of scripts/userland.sh has"
			add_target_file "$found"
		done
	}
	# A program, found where its package puts it, linked from /bin.
	add_target_bin() {
		local d
		for d in bin sbin usr/bin usr/sbin; do
			[ -e "$ul/$d/$1" ] || continue
			add_target_file "$d/$1"
			# Shadow the busybox applet of the same name.
			[ "$d" = bin ] || ln -sf "/$d/$1" "$root/bin/$1"
			return 0
		done
		die "no program $1 in the $DEB_ARCH userland"
	}
	for b in "${PROGRAMS[@]}"; do
		add_target_bin "$b"
	done
	for b in "${KMOD_LINKS[@]}"; do
		ln -sf /bin/kmod "$root/bin/$b"
	done
fi
rm -f "$root/sbin/init"

cp "$TOP/tests/guest/init" "$root/init"
chmod +x "$root/init"
cp -a "$payload" "$root/klp"

# The same content gives the same bytes (no times, inode or device
# numbers): scripts/run-guest.sh keys the reuse of a guest run on them.
(cd "$root" && find . -exec touch -h -d @0 {} + &&
	find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --owner=0:0 --reproducible --quiet) |
	gzip -1 -n > "$out.tmp"
mv "$out.tmp" "$out"
