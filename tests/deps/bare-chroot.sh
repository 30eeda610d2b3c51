#!/bin/bash
# Proof on a bare system that the package sets of scripts/lib.sh
# (PACKAGE_SETS) are complete: the README's entry points install what
# they need themselves, starting from a minimal Debian with only make.
#
# A debootstrap --variant=minbase chroot (cached as a tarball under
# build/bare/, unpacked afresh on every run) gets a copy of the repository
# (committed and working files, not build/) in /src. Then, in the chroot:
#   1. apt-get update && apt-get install make: the one step a user does
#      by hand (make is what runs the entry points);
#   2. bare/non-root: `make tool` as nobody must stop, printing the
#      "apt-get install --no-install-recommends ..." line to run;
#   3. bare/make-tool, bare/make-bench, bare/make-host-check as root: each
#      starts with scripts/deps.sh, which must install what it needs; the
#      sets grow in that order (tool within bench within host-check), so
#      each target runs with its own set and nothing more;
#   4. bare/non-root-satisfied: deps.sh as nobody finds nothing missing;
#   5. bare/check-used: tests/deps/check-used.sh on this minimal base;
#   6. with --full, bare/make-check: the whole `make check` (kernel
#      package, both test kernels, QEMU guests, fuzz replay), which must
#      install everything else it needs and end with "N passed, 0 failed"
#      (about 15-25 minutes more).
# Prints PASS/FAIL lines and "N passed, N failed". Slow (a few minutes,
# most of it downloads); not part of make check. Run as root.
#
# Usage: bare-chroot.sh [--full] [--without PKG]...
#   --without P  drop package P from every set of the chroot's copy of
#                scripts/lib.sh, to see this proof fail (--without valgrind)
# BARE_SUITE and BARE_MIRROR override bookworm and deb.debian.org.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"
# shellcheck source=../lib/verdict.sh
. "$TOP/tests/lib/verdict.sh"

without=()
full=0
while [ $# -gt 0 ]; do
	case $1 in
	--without) [ $# -ge 2 ] || die "--without needs a package"
		without+=("$2"); shift 2 ;;
	--without=*) without+=("${1#--without=}"); shift ;;
	--full) full=1; shift ;;
	*) die "usage: ${0##*/} [--full] [--without PKG]..." ;;
	esac
done

[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap, chroot and mount need it)"
suite=${BARE_SUITE:-bookworm}
mirror=${BARE_MIRROR:-http://deb.debian.org/debian}
bare=$BUILD/bare
tarball=$bare/$suite-minbase.tar
root=$bare/root
logs=$bare/logs
start=$SECONDS

# Unmount whatever is mounted under the chroot, innermost first.
unmount_all() {
	local m
	[ -d "$root" ] || return 0
	awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts |
		sort -r | while IFS= read -r m; do
			umount "$m" 2>/dev/null || umount -l "$m"
		done
}
trap unmount_all EXIT
trap 'exit 130' INT TERM

mkdir -p "$bare" "$logs"
ensure_packages debootstrap

# The pristine chroot: debootstrap once, then always from the tarball.
if [ ! -f "$tarball" ]; then
	log "debootstrap --variant=minbase $suite ($mirror): a few minutes, once"
	t0=$SECONDS
	fresh=$bare/fresh
	unmount_all
	rm -rf --one-file-system "$fresh"
	if ! nice -n 10 debootstrap --variant=minbase "$suite" "$fresh" "$mirror" \
		>"$logs/debootstrap.log" 2>&1; then
		tail -5 "$logs/debootstrap.log" >&2
		fail bare/debootstrap "debootstrap $suite from $mirror failed (log: $logs/debootstrap.log)"
		verdict_summary || exit 1
	fi
	tar -C "$fresh" --numeric-owner -cpf "$tarball.tmp" .
	mv "$tarball.tmp" "$tarball"
	rm -rf --one-file-system "$fresh"
	log "debootstrap: $((SECONDS - t0))s, $(du -h "$tarball" | cut -f1) tarball"
fi
unmount_all
if [ -n "$(awk -v r="$root" 'index($2, r) == 1' /proc/mounts)" ]; then
	die "something is still mounted under $root"
fi
rm -rf --one-file-system "$root"
mkdir -p "$root"
tar -C "$root" --numeric-owner -xpf "$tarball"

# The repository, as committed plus the working tree's changes.
mkdir -p "$root/src"
if git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$TOP" && git ls-files -co --exclude-standard -z |
		while IFS= read -r -d '' f; do
			case $f in build/*) continue ;; esac
			# deleted in the working tree, still in the index: skip
			if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
		done | tar --null -T - -cf -) | tar -C "$root/src" -xf -
else
	tar -C "$TOP" --exclude=./build -cf - . | tar -C "$root/src" -xf -
fi

for p in "${without[@]}"; do
	[[ $p =~ ^[a-z0-9][a-z0-9+.-]+$ ]] || die "not a Debian package name: $p"
	re=${p//./\\.}
	re=${re//+/\\+}
	sed -i -E "/^[[:space:]]*\[[a-z-]+\]=\"/ s/([\" ])$re([\" ])/\1\2/g" "$root/src/scripts/lib.sh"
	left=$(bash -c '. "$1"; packages_of "${!PACKAGE_SETS[@]}"' _ "$root/src/scripts/lib.sh" | grep -cxF -- "$p" || true)
	[ "$left" -eq 0 ] || die "could not drop $p from the chroot's scripts/lib.sh"
	log "dropped $p from PACKAGE_SETS in the chroot's copy of scripts/lib.sh"
done

# The same mirrors as the host where it names ours (security and
# updates suites too), name resolution, /proc and /dev: the device nodes
# debootstrap made, with their own pty and shm mounts (not a bind of the
# host's /dev, which a failed unmount would leave under rm -rf).
mapfile -t lists < <(grep -lsF "${mirror#*://}" /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources || true)
if [ ${#lists[@]} -gt 0 ]; then
	rm -f "$root/etc/apt/sources.list"
	for f in "${lists[@]}"; do
		cp "$f" "$root/etc/apt/${f#/etc/apt/}"
	done
fi
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts"
mount -t tmpfs -o mode=1777,size=64m shm "$root/dev/shm"

# in_chroot USER LOG COMMAND...: run a shell command line in /src with a
# clean environment, as root or nobody; output in $logs/LOG.log
in_chroot() {
	local user=$1 name=$2
	shift 2
	local as=()
	[ "$user" = root ] || as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	nice -n 10 chroot "$root" "${as[@]}" /usr/bin/env -i \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME="$([ "$user" = root ] && echo /root || echo /nonexistent)" \
		LANG=C.UTF-8 TERM=dumb \
		/bin/bash -c "cd /src && $*" >"$logs/$name.log" 2>&1
}

timed() {	# <name> <user> <command line>: run it, log the time, $? kept
	local t0=$SECONDS rc=0
	in_chroot "$2" "$1" "$3" || rc=$?
	log "$1: $((SECONDS - t0))s (exit $rc, log: $logs/$1.log)"
	return $rc
}
finish() {
	log "bare-chroot.sh: $((SECONDS - start))s"
	verdict_summary || exit 1
	exit 0
}

# A bare system: no make, no compiler.
have=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Package} ${Status}\n' \
	make gcc libelf-dev 2>/dev/null | awk '/ok installed/ { print $1 }' | paste -sd' ' || true)
verdict bare/pristine "$([ -z "$have" ]; echo $?)" "installed already: $have"

# The one bootstrap step: make, to run make.
rc=0
timed bootstrap root 'export DEBIAN_FRONTEND=noninteractive
	apt-get -q update && apt-get -y -q --no-install-recommends install make' || rc=$?
if [ $rc -ne 0 ]; then
	verdict bare/bootstrap 1 "apt-get update && apt-get install make failed: $(tail -3 "$logs/bootstrap.log" | tr '\n' ' ')"
	finish
fi

# Not root: deps.sh names the packages and stops.
rc=0
timed non-root nobody 'make tool' || rc=$?
if [ $rc -eq 0 ]; then
	verdict bare/non-root 1 "make tool as nobody exited 0"
elif ! grep -q 'apt-get install --no-install-recommends' "$logs/non-root.log"; then
	verdict bare/non-root 1 "no apt-get install line: $(tail -3 "$logs/non-root.log" | tr '\n' ' ')"
else
	verdict bare/non-root 0
	grep 'apt-get install' "$logs/non-root.log" | sed 's/^/  /' >&2
fi

# As root: each entry point installs its own set and works.
rc=0
timed make-tool root 'make tool && build/bin/klp-convert --version' || rc=$?
verdict bare/make-tool $rc "exit $rc: $(tail -3 "$logs/make-tool.log" | tr '\n' ' ')"

rc=0
timed make-bench root 'make bench' || rc=$?
verdict bare/make-bench $rc "exit $rc: $(tail -3 "$logs/make-bench.log" | tr '\n' ' ')"

rc=0
timed make-host-check root 'make host-check' || rc=$?
last=$(tail -1 "$logs/make-host-check.log")
if [ $rc -eq 0 ] && [[ $last =~ ^[1-9][0-9]*\ passed,\ 0\ failed$ ]]; then
	verdict bare/make-host-check 0
	log "  make host-check: $last"
else
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$logs/make-host-check.log" | tail -1 || true)
	first=$(grep -m1 '^FAIL: ' "$logs/make-host-check.log" || true)
	verdict bare/make-host-check 1 "exit $rc, ${summary:-no summary line}; first: ${first:-none}; last line: $last (log: $logs/make-host-check.log)"
fi

# Everything installed now: nothing left for a user to install.
rc=0
timed non-root-satisfied nobody 'scripts/deps.sh tool bench host-check' || rc=$?
verdict bare/non-root-satisfied $rc "$(tail -3 "$logs/non-root-satisfied.log" | tr '\n' ' ')"

# The fast check of make check (tests/deps/check-used.sh) on a minimal
# base: its allowance for Essential/required packages is exactly minbase
# here. It installs strace, so it runs last.
rc=0
timed check-used root 'tests/deps/check-used.sh' || rc=$?
sed -n 's/^\(PASS\|FAIL\): /  &/p' "$logs/check-used.log" >&2
verdict bare/check-used $rc "$(grep -m1 '^FAIL: ' "$logs/check-used.log" || tail -1 "$logs/check-used.log")"

if [ $full -eq 1 ]; then
	rc=0
	timed make-check root 'make check' || rc=$?
	last=$(tail -1 "$logs/make-check.log")
	if [ $rc -eq 0 ] && [[ $last =~ ^[1-9][0-9]*\ passed,\ 0\ failed$ ]]; then
		verdict bare/make-check 0
		log "  make check: $last"
	else
		verdict bare/make-check 1 "exit $rc: $(grep -m3 '^FAIL: ' "$logs/make-check.log" | tr '\n' ' ') last line: $last (log: $logs/make-check.log)"
	fi
fi

finish
