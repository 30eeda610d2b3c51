#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# klp-symlist on every kernel image Debian bookworm ships: the newest image
# of each version, architecture and flavour (config/debian-images.list).
# For each image, linux-image-<rel> and linux-headers-<rel> (":<arch>" for
# a foreign architecture) are downloaded once (build/debian-images/debs,
# or taken from $DEBS_CACHE), extracted once (build/debian-images/<rel>,
# as dpkg-deb -x leaves them), and klp-symlist writes their whole
# Symbols.list (build/debian-images/<rel>.list), timed.  A kernel whose
# configuration klp-symlist refuses (no CONFIG_LIVEPATCH or
# CONFIG_KALLSYMS_ALL) is run again with --force, to see what the rest of
# the tool makes of it.
#
# Prints a markdown table (also build/debian-images/table.md): release,
# architecture, package version, records and objects of the list,
# klp-symlist wall time, and the result (ok, or the first line klp-symlist
# wrote to stderr).
#
# Usage: debian-images.sh <klp-symlist> [<image list>]
# Environment: DEBS_CACHE  a directory of already downloaded .deb files,
#                          looked in first
#              BENCH_IMAGES  only the first N images of the list
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
. "$here/../scripts/lib.sh"

{ [ $# -ge 1 ] && [ $# -le 2 ]; } || die "usage: ${0##*/} <klp-symlist> [<image list>]"
symlist=$(realpath "$1")
[ -x "$symlist" ] || die "$1: not an executable"
images=${2:-$TOP/config/debian-images.list}
[ -f "$images" ] || die "$images: no such file"
[ -z "${DEBS_CACHE:-}" ] || [ -d "$DEBS_CACHE" ] || die "DEBS_CACHE=$DEBS_CACHE: not a directory"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f\n", b - a }'; }
start=$(now)

work=$BUILD/debian-images
debs=$work/debs
mkdir -p "$debs"
native=$(dpkg --print-architecture)
cpus=$(nproc)

# The images: "<arch> <release>" lines, # comments.
arches=() rels=()
while read -r arch rel rest; do
	case $arch in '' | '#'*) continue ;; esac
	{ [ -n "$rel" ] && [ -z "$rest" ]; } || die "$images: not '<arch> <release>': $arch $rel $rest"
	arches+=("$arch") rels+=("$rel")
	[ "${#rels[@]}" -lt "${BENCH_IMAGES:-1000}" ] || break
done <"$images"
[ ${#rels[@]} -gt 0 ] || die "$images: no images"

# <package> <arch>: the apt name of the package
apt_name() {
	if [ "$2" = "$native" ]; then echo "$1"; else echo "$1:$2"; fi
}

# <package> <arch>: the .deb of the package, newest version, from
# $DEBS_CACHE first, else from the downloads; nothing if neither has one
find_deb() {
	local dir f v best="" best_v=""
	for dir in ${DEBS_CACHE:+"$DEBS_CACHE"} "$debs"; do
		for f in "$dir/${1}_"*"_$2.deb"; do
			[ -s "$f" ] || continue
			v=$(dpkg-deb -f "$f" Version)
			if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best_v"; then
				best=$f best_v=$v
			fi
		done
		[ -z "$best" ] || break
	done
	printf '%s' "$best"
}

# Download what neither directory has, in one apt-get download.
missing=()
for i in "${!rels[@]}"; do
	for p in linux-image linux-headers; do
		[ -n "$(find_deb "$p-${rels[i]}" "${arches[i]}")" ] ||
			missing+=("$(apt_name "$p-${rels[i]}" "${arches[i]}")")
	done
done
if [ ${#missing[@]} -gt 0 ]; then
	apt_download "$debs" "${missing[@]}"
fi

# Extract each image once; the stamp names the packages extracted.
t=$(now)
extracted=0	# images extracted by this run
for i in "${!rels[@]}"; do
	rel=${rels[i]} arch=${arches[i]}
	img=$(find_deb "linux-image-$rel" "$arch")
	hdr=$(find_deb "linux-headers-$rel" "$arch")
	{ [ -n "$img" ] && [ -n "$hdr" ]; } || die "$rel: packages missing after download"
	root=$work/$rel
	want="${img##*/} ${hdr##*/}"
	[ "$(cat "$root/.extracted" 2>/dev/null)" != "$want" ] || continue
	ti=$(now)
	rm -rf "$root" "$root.tmp"
	mkdir -p "$root.tmp"
	dpkg-deb -x "$img" "$root.tmp"
	dpkg-deb -x "$hdr" "$root.tmp"
	since "$ti" >"$root.tmp/.extract-secs"
	echo "$want" >"$root.tmp/.extracted"
	mv "$root.tmp" "$root"
	extracted=$((extracted + 1))
	log "$rel: extracted in $(cat "$root/.extract-secs")s ($(du -sh "$root" | cut -f1))"
done
extract_run=$(since "$t")
# what extracting all of them took, when each was extracted
extract_secs=$(for r in "${rels[@]}"; do cat "$work/$r/.extract-secs"; done |
	awk '{ s += $1 } END { printf "%.2f", s }')

# <output> [<option>...]: klp-symlist on the image of $rel; sets rc and
# secs, stderr in <output>.err
run() {
	local out=$1 t0
	shift
	rm -f "$out" "$out.err"
	t0=$(now)
	rc=0
	"$symlist" -o "$out" --vmlinuz "$vmlinuz" --symvers "$symvers" \
		--modules "$moddir" --release "$rel" -j "$cpus" "$@" 2>"$out.err" || rc=$?
	secs=$(since "$t0")
}
# <list>: its records (lines that are not the format line, a comment or
# an object header) and objects
count() {
	records=$(grep -c '^[^*#k]' "$1" || true)
	objects=$(grep -c '^\*' "$1" || true)
}
# the first line of <file>, extraction paths shortened, for a table cell
first_line() {
	local l
	l=$(head -n 1 "$1")
	l=${l#klp-symlist: }
	l=${l//"$work/$rel/"/}
	l=${l//"$work/"/}
	printf '%s' "${l//|/\\|}"
}

rows=()
symlist_secs=0
for i in "${!rels[@]}"; do
	rel=${rels[i]} arch=${arches[i]}
	root=$work/$rel
	version=$(dpkg-deb -f "$(find_deb "linux-image-$rel" "$arch")" Version)
	# x86 and s390x ship a vmlinuz, powerpc a vmlinux
	vmlinuz=$root/boot/vmlinuz-$rel
	[ -e "$vmlinuz" ] || vmlinuz=$root/boot/vmlinux-$rel
	symvers=$root/usr/src/linux-headers-$rel/Module.symvers
	moddir=$root/lib/modules/$rel
	[ -e "$vmlinuz" ] || die "$rel: neither boot/vmlinuz-$rel nor boot/vmlinux-$rel in the image package"
	[ -f "$symvers" ] || die "$rel: no usr/src/linux-headers-$rel/Module.symvers in the headers package"
	[ -d "$moddir" ] || die "$rel: no lib/modules/$rel in the image package"

	list=$work/$rel.list
	log "$rel: klp-symlist"
	run "$list"
	time1=$secs
	symlist_secs=$(awk -v a="$symlist_secs" -v b="$secs" 'BEGIN { printf "%.2f", a + b }')
	records=- objects=-
	if [ "$rc" -eq 0 ]; then
		count "$list"
		result=ok
	elif grep -qE 'CONFIG_(LIVEPATCH|KALLSYMS_ALL) is not set' "$list.err"; then
		# the options it lacks (one line each), then the list of --force
		unset=$(grep -oE 'CONFIG_(LIVEPATCH|KALLSYMS_ALL) is not set' "$list.err" |
			cut -d' ' -f1 | paste -sd, | sed 's/,/, /g')
		forced=$work/$rel.forced.list
		log "$rel: refused for its configuration, again with --force"
		run "$forced" --force
		if [ "$rc" -eq 0 ]; then
			count "$forced"
			result="refused (config: $unset not set); with --force: ok, $records records, $objects objects, ${secs}s"
		else
			result="refused (config: $unset not set); with --force: refused: $(first_line "$forced.err")"
		fi
		records=- objects=-
	else
		result="refused: $(first_line "$list.err")"
	fi
	rows+=("| $rel | $arch | $version | $records | $objects | $time1 | $result |")
done

{
	echo "klp-symlist on Debian bookworm's kernel images ($cpus CPUs, -j $cpus)"
	echo
	echo "| image (release) | arch | kernel version | records | objects (vmlinux + modules) | klp-symlist time (s) | result |"
	echo "|---|---|---|---:|---:|---:|---|"
	printf '%s\n' "${rows[@]}"
	echo
	echo "extraction (dpkg-deb -x of both packages): ${extract_secs}s for the ${#rels[@]} images;" \
		"$extracted extracted by this run, in ${extract_run}s"
	echo "klp-symlist: ${symlist_secs}s in all (the runs of the table; --force runs not counted)"
	echo "whole run: $(since "$start")s"
} | tee "$work/table.md"
