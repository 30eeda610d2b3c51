#!/bin/bash
# Shared helpers for the project's scripts. Source it; do not run it.
# shellcheck disable=SC2034   # variables are used by the scripts sourcing this

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
# shellcheck source=../config/kernel.env
. "$TOP/config/kernel.env"

PRISTINE=$BUILD/pristine            # untouched extraction of the tarball
KSRC=$BUILD/src/$KERNEL_TOPDIR      # extraction with linux/ and patches/ applied
KCONFIG_NAME=${KCONFIG_NAME:-livepatch}   # config/<name>.config fragment
KOBJ=${KOBJ:-$BUILD/obj-$KCONFIG_NAME}  # O= object tree of the test kernel
MODS=$BUILD/mods-$KCONFIG_NAME          # external (M=) modules for the guest
MODINST=$BUILD/modinst-$KCONFIG_NAME    # modules_install INSTALL_MOD_STRIP=1

log() { printf '%s\n' "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# Install Debian packages that are missing; noninteractive, no recommends.
ensure_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "${p%%=*}" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing: ${missing[*]}"
	[ "$(id -u)" -eq 0 ] || die "need root to install: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
		-qq update >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
		-y -qq --no-install-recommends install "${missing[@]}" >/dev/null
}

# The pinned kernel source package, installed at exactly that version.
ensure_kernel_package() {
	local have
	have=$(dpkg-query -W -f='${Version}' "$KERNEL_PKG" 2>/dev/null || true)
	if [ "$have" != "$KERNEL_PKG_VERSION" ]; then
		log "installing $KERNEL_PKG=$KERNEL_PKG_VERSION (have: ${have:-none})"
		[ "$(id -u)" -eq 0 ] || die "need root to install $KERNEL_PKG"
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
			-qq update >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
			-y -qq --no-install-recommends --allow-downgrades install \
			"$KERNEL_PKG=$KERNEL_PKG_VERSION" >/dev/null
	fi
	[ -f "$KERNEL_TARBALL" ] || die "$KERNEL_TARBALL missing after install"
}

# Build dependencies of the test kernel, the tool and the guest.
HOST_PACKAGES=(gcc make bc flex bison libelf-dev libssl-dev pkg-config
	cpio kmod busybox-static qemu-system-x86 patch python3 python3-docutils
	procps diffutils coreutils libc-bin libc6-dev valgrind binutils)

# Patches of the series, in order.
series_patches() {
	local line
	[ -f "$TOP/patches/series" ] || return 0
	while IFS= read -r line; do
		line=${line%%#*}
		line=${line%%[[:space:]]*}
		[ -n "$line" ] && printf '%s\n' "$line"
	done < "$TOP/patches/series"
}

# Files of the kernel tree that linux/ or a patch adds or changes.
touched_files() {
	(cd "$TOP/linux" && find . -type f -printf '%P\n')
	local p
	for p in $(series_patches); do
		sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$TOP/patches/$p"
	done
}

# Copy linux/ into a kernel tree and apply the series there.
# On failure, prints the first patch that does not apply and returns 1.
apply_work() {
	local tree=$1 p
	(cd "$TOP/linux" && find . -type f -printf '%P\n') |
	while IFS= read -r f; do
		mkdir -p "$tree/$(dirname "$f")"
		cp --remove-destination "$TOP/linux/$f" "$tree/$f"
	done
	for p in $(series_patches); do
		# Dry run first, so a failing patch leaves no half-applied hunks.
		if ! patch -d "$tree" -p1 -s -N --batch --dry-run \
			< "$TOP/patches/$p" >/dev/null; then
			printf 'patch does not apply: patches/%s\n' "$p" >&2
			return 1
		fi
		patch -d "$tree" -p1 -s -N --batch --no-backup-if-mismatch \
			< "$TOP/patches/$p" >/dev/null
	done
}
