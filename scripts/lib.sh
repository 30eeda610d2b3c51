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
SERIES_DIR=${SERIES_DIR:-$BUILD/series} # make series (scripts/make-series.sh)

# What a test kernel configuration runs on. config/<name>.env (optional)
# overrides these x86_64 defaults for another architecture or guest.
GUEST_ARCH=x86_64                       # our name: x86_64, ppc64le, s390x
KMAKE_ARGS=()                           # ARCH= CROSS_COMPILE= for cross builds
KIMAGE=bzImage                          # make target of the boot image
KIMAGE_FILE=arch/x86/boot/bzImage       # ... and where it is, under $KOBJ
QEMU=qemu-system-x86_64
QEMU_ARGS=(-accel tcg -cpu max)         # machine and CPU, without -smp/-m
GUEST_CONSOLE=ttyS0
GUEST_APPEND=""                         # kernel command line additions
DEB_ARCH=amd64                          # Debian architecture of the userland
GUEST_CC=gcc                            # compiler of the guest's static programs
GUEST_PACKAGE_SET=""                    # PACKAGE_SETS entry of a cross build
if [ -f "$TOP/config/$KCONFIG_NAME.env" ]; then
	# shellcheck source=/dev/null
	. "$TOP/config/$KCONFIG_NAME.env"
fi

log() { printf '%s\n' "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# Debian packages each entry point needs (scripts/deps.sh <set>...).
# Programs and headers of the Essential/required base system (bash,
# coreutils, grep, sed, tar, xz-utils, dpkg, apt) are not listed.
declare -A PACKAGE_SETS=(
	# make tool: klp-convert from linux/scripts/livepatch
	[tool]="gcc make libc6-dev libelf-dev pkg-config xz-utils libzstd-dev liblzma-dev zlib1g-dev liblz4-dev"
	# make apply KSRC=... (also makes the series)
	[apply]="patch git"
	# make series (from the pinned kernel source package)
	[series]="patch git"
	# make host-check: fixtures are assembled and linked, inspected with
	# readelf/strip/objcopy, the tool also runs under valgrind; the
	# ppc64le and s390x fixtures are cross-compiled against the libc and uapi
	# headers of their architecture (<asm/types.h>)
	[host-check]="gcc make libc6-dev libelf-dev pkg-config binutils valgrind diffutils xz-utils libzstd-dev liblzma-dev zlib1g-dev liblz4-dev zstd lz4 gzip python3 gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross gcc-s390x-linux-gnu libc6-dev-s390x-cross"
	# make bench (bench/from-fix.sh prepares a kernel tree: the
	# kernel's compiler gcc-12, bc, flex, bison, libssl-dev; pahole
	# (dwarves), whose version the configuration records; patch)
	[bench]="gcc gcc-12 make libc6-dev libelf-dev pkg-config binutils xz-utils libzstd-dev liblzma-dev zlib1g-dev liblz4-dev bc flex bison libssl-dev dwarves patch diffutils"
	# make fuzz and the corpus replay of make check: libFuzzer, coverage
	[fuzz]="gcc make libc6-dev libelf-dev pkg-config binutils clang libclang-rt-14-dev llvm elfutils xz-utils libzstd-dev liblzma-dev zlib1g-dev liblz4-dev"
	# tests/deps/check-used.sh (make check)
	[deps-check]="strace"
	# make bare-check (tests/deps/bare-chroot.sh)
	[bare-check]="debootstrap"
	# make -f mk/tool.mk fuzz-afl (AFL++, a second engine)
	[afl]="gcc make libc6-dev libelf-dev pkg-config clang afl++ xz-utils libzstd-dev liblzma-dev zlib1g-dev liblz4-dev"
	# tests/distro/check.sh: Debian's kernel from its packages (pahole for
	# the module BTF the headers package asks for, openssl for a signing key)
	[distro]="gcc make libc6-dev libelf-dev pkg-config binutils dwarves openssl xz-utils kmod cpio busybox-static qemu-system-x86 python3 libzstd-dev liblzma-dev zlib1g-dev liblz4-dev"
	# the test kernels, their guest and the docs check
	# a test kernel of another architecture (config/<name>.env
	# GUEST_PACKAGE_SET=cross): cross compilers, the static libc of the
	# guest's test program, QEMU; readelf (binutils) resolves the libraries
	# of the guest userland, which scripts/userland.sh downloads
	[cross]="gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross gcc-s390x-linux-gnu libc6-dev-s390x-cross qemu-system-ppc qemu-system-misc binutils"
	[kernel]="git gcc make libc6-dev libelf-dev pkg-config binutils bc flex bison libssl-dev cpio kmod busybox-static qemu-system-x86 patch python3 python3-docutils procps diffutils zstd xz-utils libzstd-dev liblzma-dev zlib1g-dev liblz4-dev"
)

# Every package of the named sets, once each.
packages_of() {
	local set p
	declare -A seen=()
	for set in "$@"; do
		[ -n "${PACKAGE_SETS[$set]+x}" ] || die "unknown package set '$set'"
		for p in ${PACKAGE_SETS[$set]}; do
			[ -n "${seen[$p]+x}" ] && continue
			seen[$p]=1
			printf '%s\n' "$p"
		done
	done
}

# Everything make check needs (CI installs this before running it).
HOST_PACKAGES=()
mapfile -t HOST_PACKAGES < <(packages_of host-check fuzz kernel deps-check distro cross)

apt_get() {
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"
}

# One apt-get update per make entry point (exported to its children).
apt_update_once() {
	[ -n "${KLP_APT_UPDATED:-}" ] && return 0
	apt_get -qq update >/dev/null
	export KLP_APT_UPDATED=1
}

# apt-get download of packages (name or name=version, name:arch) into a
# directory: apt-get update first only if apt does not know one of them
# (as root; otherwise it says what to run), the directory writable by
# apt's sandbox user.  Logs to stderr only.
apt_download() {	# <dir> <package>...
	local dir=$1
	shift
	if ! apt-cache show "$@" >/dev/null 2>&1; then
		[ "$(id -u)" -eq 0 ] ||
			die "apt does not know $*: as root, run apt-get update"
		log "apt-get update (apt does not know some of $*)"
		apt_update_once
		apt-cache show "$@" >/dev/null 2>&1 ||
			die "not in the configured archives: $*"
	fi
	log "downloading $*"
	mkdir -p "$dir"
	chmod 0777 "$dir" 2>/dev/null || true
	(cd "$dir" && apt_get -qq download "$@") >&2 ||
		die "apt-get download $* failed"
}

# Install Debian packages that are missing; noninteractive, no recommends.
# Not root: print the exact command to run and stop.
ensure_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "${p%%=*}" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		log "missing Debian packages; as root, run:"
		log "  apt-get update && apt-get install --no-install-recommends ${missing[*]}"
		die "missing packages: ${missing[*]}"
	fi
	log "installing: ${missing[*]}"
	apt_update_once
	apt_get -y -qq --no-install-recommends install "${missing[@]}" >/dev/null
}

# The pinned kernel source package, installed at exactly that version.
ensure_kernel_package() {
	local have
	have=$(dpkg-query -W -f='${Version}' "$KERNEL_PKG" 2>/dev/null || true)
	if [ "$have" != "$KERNEL_PKG_VERSION" ]; then
		log "installing $KERNEL_PKG=$KERNEL_PKG_VERSION (have: ${have:-none})"
		if [ "$(id -u)" -ne 0 ]; then
			log "as root, run:"
			log "  apt-get update && apt-get install --no-install-recommends --allow-downgrades $KERNEL_PKG=$KERNEL_PKG_VERSION"
			die "need root to install $KERNEL_PKG"
		fi
		apt_update_once
		apt_get -y -qq --no-install-recommends --allow-downgrades install \
			"$KERNEL_PKG=$KERNEL_PKG_VERSION" >/dev/null
	fi
	[ -f "$KERNEL_TARBALL" ] || die "$KERNEL_TARBALL missing after install"
}

# Patches of patches/series, in order.
series_patches() {
	local line
	[ -f "$TOP/patches/series" ] || return 0
	while IFS= read -r line; do
		line=${line%%#*}
		line=${line%%[[:space:]]*}
		[ -n "$line" ] && printf '%s\n' "$line"
	done < "$TOP/patches/series"
}

# A patch of patches/ holds diffs of existing kernel files and, when it
# grows a file that an earlier patch added (a new file, whole in linux/),
# diffs of that file too: linux/ has its final version, the version an
# earlier patch adds is the final one with the later patches' diffs of it
# reversed (scripts/make-series.sh).

# Is <path> a new file of the series (in linux/)?
is_new_file() {
	[ -f "$TOP/linux/$1" ]
}

# The files a patch file's diffs change (the "+++ b/" names).
diffed_files() {	# <patch file>
	sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$1"
}

# The part of a patch file that diffs <path> (empty if none), from its
# "diff --git" line up to the next one.
file_diff() {	# <patch file> <path>
	awk -v want="a/$2" '/^diff --git / { on = ($3 == want) } on' "$1"
}

# A patch file without its diffs of new files: what applies to the kernel
# tree once linux/ is copied in.
diff_of_existing_files() {	# <patch file>
	local f skip=()
	while IFS= read -r f; do
		! is_new_file "$f" || skip+=("a/$f")
	done < <(diffed_files "$1")
	awk -v skip="${skip[*]}" '
		BEGIN { n = split(skip, s, " "); for (i = 1; i <= n; i++) drop[s[i]] = 1 }
		/^diff --git / { on = !($3 in drop) }
		on' "$1"
}

# <file> (a new file, under linux/) as it is once <patch> is applied:
# linux/<file> with the diffs of it of every later patch reversed, the
# last first.  Prints the patch whose diff does not reverse, and fails,
# if one does not.
new_file_at() {	# <file> <patch> <output>
	local f=$1 q later=() after=0 diff
	for q in $(series_patches); do
		[ $after -eq 0 ] || later=("$q" ${later[@]+"${later[@]}"})
		[ "$q" != "$2" ] || after=1
	done
	cp "$TOP/linux/$f" "$3"
	diff=$(mktemp)
	for q in ${later[@]+"${later[@]}"}; do
		file_diff "$TOP/patches/$q" "$f" > "$diff"
		[ -s "$diff" ] || continue
		if ! patch -R -s --batch --no-backup-if-mismatch -r - "$3" \
			< "$diff" >/dev/null; then
			echo "patches/$q: its diff of $f does not apply to linux/$f as the later patches leave it" >&2
			rm -f "$diff"
			return 1
		fi
	done
	rm -f "$diff"
}

# Existing files of the kernel tree that patches/ changes.
patched_files() {
	local p f
	for p in $(series_patches); do
		diffed_files "$TOP/patches/$p"
	done | sort -u | while IFS= read -r f; do
		is_new_file "$f" || printf '%s\n' "$f"
	done
}

# A new directory holding the pristine versions of the files patches/ changes.
copy_pristine_files() {
	local dir=$1 f
	rm -rf "$dir"
	mkdir -p "$dir"
	patched_files | while IFS= read -r f; do
		mkdir -p "$dir/$(dirname "$f")"
		cp -p "$PRISTINE/$KERNEL_TOPDIR/$f" "$dir/$f"
	done
}

# Files of the kernel tree that linux/ or a patch adds or changes.
touched_files() {
	(cd "$TOP/linux" && find . -type f -printf '%P\n')
	patched_files
}

# $PRISTINE/$KERNEL_TOPDIR: the pinned source, extracted once.
ensure_pristine() {
	local tar_id
	ensure_kernel_package
	tar_id=$(stat -c '%s-%Y' "$KERNEL_TARBALL")
	if [ "$(cat "$PRISTINE/.tarball-id" 2>/dev/null)" != "$tar_id" ]; then
		log "extracting $KERNEL_TARBALL"
		rm -rf "$PRISTINE" "$BUILD/src"
		mkdir -p "$PRISTINE"
		tar -C "$PRISTINE" -xJf "$KERNEL_TARBALL"
		echo "$tar_id" > "$PRISTINE/.tarball-id"
	fi
}

# The generated series (make series), patches in order, no cover letter.
series_files() {
	find "$SERIES_DIR" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
		! -name '0000-*' | sort
}

# Apply the generated series to a kernel tree with patch(1).
# On failure, prints the first patch that does not apply and returns 1.
apply_work() {
	local tree=$1 p
	"$TOP/scripts/make-series.sh" --any-identity "$SERIES_DIR" || return 1
	for p in $(series_files); do
		# Dry run first, so a failing patch leaves no half-applied hunks.
		if ! patch -d "$tree" -p1 -s -N --batch --dry-run \
			< "$p" >/dev/null; then
			printf 'patch does not apply: %s\n' "$p" >&2
			return 1
		fi
		patch -d "$tree" -p1 -s -N --batch --no-backup-if-mismatch \
			< "$p" >/dev/null
	done
}
