#!/bin/bash
# The guest userland of a foreign Debian architecture ($DEB_ARCH of
# config/<KCONFIG_NAME>.env): the Debian bookworm packages of the programs
# the guest runs (busybox and what the upstream livepatch selftests use:
# bash, kmod, GNU coreutils, diffutils, procps, getconf) and of their
# shared libraries, downloaded with apt-get download and extracted with
# dpkg-deb -x into build/userland-<arch>/root. Nothing is compiled, nothing
# is installed into the host system; the only change to the host is
# `dpkg --add-architecture <arch>` (and the apt-get update after it), so
# that apt knows the architecture's package lists.
#
# The download is redone only when the package list changes; the packages
# and their versions are listed in build/userland-<arch>/packages.txt.
# scripts/mkinitramfs.sh takes what the guest needs from root/.
#
# usage: userland.sh     (prints the root directory)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# The programs' packages, then their libraries' (mkinitramfs.sh names a
# library it cannot find in them).
USERLAND_PACKAGES=(
	busybox-static bash kmod coreutils diffutils procps libc-bin grep sed
	libc6 libtinfo6 libzstd1 liblzma5 libssl3 libselinux1 libpcre2-8-0
	libacl1 libattr1 libgmp10
)

native=$(dpkg --print-architecture)
[ "$DEB_ARCH" != "$native" ] ||
	die "DEB_ARCH=$DEB_ARCH is the host's: the guest uses the host's programs"
dir=$BUILD/userland-$DEB_ARCH
stamp_id=$(printf '%s\n' "$DEB_ARCH" "${USERLAND_PACKAGES[@]}" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$dir/.stamp" 2>/dev/null)" = "$stamp_id" ] && [ -d "$dir/root" ]; then
	echo "$dir/root"
	exit 0
fi

if ! dpkg --print-foreign-architectures | grep -qxF "$DEB_ARCH"; then
	if [ "$(id -u)" -ne 0 ]; then
		log "the guest userland is downloaded as Debian $DEB_ARCH packages; as root, run:"
		log "  dpkg --add-architecture $DEB_ARCH && apt-get update"
		die "dpkg does not know the architecture $DEB_ARCH"
	fi
	log "dpkg --add-architecture $DEB_ARCH"
	dpkg --add-architecture "$DEB_ARCH"
	apt_get -qq update >/dev/null
fi

log "downloading the $DEB_ARCH guest userland into ${dir#"$TOP"/}"
rm -rf "$dir"
mkdir -p "$dir/debs"
download() {
	(cd "$dir/debs" &&
	 apt_get -qq -o APT::Sandbox::User=root download \
		"${USERLAND_PACKAGES[@]/%/:$DEB_ARCH}" >/dev/null)
}
if ! download; then
	# The lists may be older than the architecture (or than the archive).
	[ "$(id -u)" -eq 0 ] || die "apt-get download failed; as root, run apt-get update"
	log "apt-get download failed: apt-get update, then again"
	apt_get -qq update >/dev/null
	download || die "cannot download the $DEB_ARCH packages: ${USERLAND_PACKAGES[*]}"
fi

mkdir -p "$dir/root"
for deb in "$dir"/debs/*.deb; do
	arch=$(dpkg-deb -f "$deb" Architecture)
	[ "$arch" = "$DEB_ARCH" ] || [ "$arch" = all ] ||
		die "${deb##*/} is for $arch, not $DEB_ARCH"
	dpkg-deb -x "$deb" "$dir/root"
	# shellcheck disable=SC2016  # dpkg's format, not the shell's
	dpkg-deb -W --showformat='${Package} ${Version} ${Architecture}\n' \
		"$deb" >> "$dir/packages.txt"
done
echo "$stamp_id" > "$dir/.stamp"
log "$DEB_ARCH userland: $(wc -l < "$dir/packages.txt") packages, $(du -sh "$dir/root" | cut -f1)"
echo "$dir/root"
