#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the offline kallsyms decoder (linux/scripts/livepatch/
# vmlinuz.c) and of decompress.c, on synthetic images: mkvmlinuz.py lays
# out the kallsyms tables of a known symbol list as scripts/kallsyms.c
# write_src() of 6.12 does, in a minimal vmlinux ELF and in fake bzImages
# compressed with gzip, xz, zstd and lz4, and writes the records a
# decoder must find.  The decoded records must be exactly those; hostile
# images must be refused with exactly the expected message.  No kernel
# build is needed.
#
# Usage: vmlinuz.sh <normal|asan|valgrind> <vmlinuz-dump> <outdir>
# (vmlinuz-dump: tests/host/vmlinuz-dump.c linked with decompress.o,
# vmlinuz.o and util.o of linux/scripts/livepatch, in the mode's build)
# The patch of the series these tests need (tests/series/check.sh runs
# them at every prefix from it on):
# series: klp-symlist-decode-the-kallsyms-tables-of-a-kernel-image
set -euo pipefail

mode=$1 dump=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=modes.sh
. "$here/modes.sh"
gen=$here/mkvmlinuz.py
# Debian's python3 (PACKAGE_SETS[host-check]), not the first in PATH
python=/usr/bin/python3

host_work vmlinuz

run() { timeout 120 "${wrap[@]}" "$dump" "$@"; }

# the images every test uses, made once
"$python" "$gen" syn.elf syn.exp
"$python" "$gen" --relative --count 300 rel.elf rel.exp
for c in gzip xz zstd lz4; do
	"$python" "$gen" --bzimage "$c" syn.elf "syn.$c"
done

decodes_to() {	# <image> <expected records>
	run "$1" >"$1.out" 2>"$1.err" || die "exit $?: $(head -3 "$1.err")"
	[ ! -s "$1.err" ] || die "stderr: $(head -3 "$1.err")"
	same_text "$2" "$1.out"
}

refused() {	# <expected stderr line> <dump arguments>...
	local want=$1
	shift
	expect_status 1 refused run "$@"
	[ ! -s refused.out ] || die "output on stdout: $(head -3 refused.out)"
	printf '%s\n' "$want" >refused.want
	same_text refused.want refused.err
}

t_elf_absolute_percpu() {
	decodes_to syn.elf syn.exp
	[ "$(wc -l <syn.exp)" -eq 718 ] || die "generator: $(wc -l <syn.exp) records, expected 718"
	# one name four times: in address order (sympos), text and rodata
	grep ' dup_name$' syn.elf.out >dup.txt
	printf '%s\n' "ffffffff81000060 t dup_name" "ffffffff810012d0 t dup_name" \
		"ffffffff81002590 t dup_name" "ffffffff82000100 r dup_name" >dup.want
	same_text dup.want dup.txt
	# percpu symbols: their 0-based offsets, type A; the A symbol dropped
	grep ' pcpu_dup$' syn.elf.out >pcpu.txt
	printf '%s\n' "0000000000000080 A pcpu_dup" "0000000000000100 A pcpu_dup" >pcpu.want
	same_text pcpu.want pcpu.txt
	! grep -q 'an_absolute\|a_debug_n\|xxxxxxxx' syn.elf.out || die "ignored symbol decoded"
	# same address: weak last, linker-provided last, fewer underscores first
	sed -n '7,10p' syn.elf.out >same-addr.txt
	printf '%s\n' "ffffffff81000000 T startup_64" "ffffffff81000000 T _text" \
		"ffffffff81000000 T __underscored_at_text" \
		"ffffffff81000000 W weak_at_text" >same-addr.want
	same_text same-addr.want same-addr.txt
	has_line syn.elf.out "ffffffff81020000 t long_$(printf 'L%.0s' $(seq 200))"
}

t_elf_relative() {
	# without CONFIG_KALLSYMS_ABSOLUTE_PERCPU; 2 markers (no padding)
	decodes_to rel.elf rel.exp
	[ "$(wc -l <rel.exp)" -eq 310 ] || die "generator: $(wc -l <rel.exp) records"
	! grep -q ' A ' rel.elf.out || die "type A without absolute percpu"
}

t_marker_boundaries() {
	# 15, 255, 256, 257, 511, 512 and 513 symbols: around the markers
	local n records
	for n in 0:15 239:255 240:256 241:257 494:511 495:512 496:513; do
		records=${n#*:} n=${n%:*}
		"$python" "$gen" --count "$n" "b$n.elf" "b$n.exp"
		[ "$(wc -l <"b$n.exp")" -eq "$records" ] ||
			die "generator: $(wc -l <"b$n.exp") records, expected $records"
		decodes_to "b$n.elf" "b$n.exp"
	done
	"$python" "$gen" --relative --count 0 r0.elf r0.exp
	decodes_to r0.elf r0.exp
}

t_build_id() {
	run -b syn.elf >id.txt
	echo 101112131415161718191a1b1c1d1e1f20212223 >id.want
	same_text id.want id.txt
	run -b syn.zstd >id.txt
	same_text id.want id.txt
}

t_bzimage_gzip() { decodes_to syn.gzip syn.exp; }
t_bzimage_xz() { decodes_to syn.xz syn.exp; }
t_bzimage_zstd() { decodes_to syn.zstd syn.exp; }
t_bzimage_lz4() { decodes_to syn.lz4 syn.exp; }

t_hostile_token_index() {
	"$python" "$gen" --corrupt token-index bad.elf /dev/null
	refused "klp-convert: bad.elf: layout not recognised: no kallsyms_token_table followed by a consistent kallsyms_token_index" bad.elf
}

t_hostile_num_syms() {
	"$python" "$gen" --corrupt num-syms bad.elf /dev/null
	refused "klp-convert: bad.elf: layout not recognised: 6.12 order: no kallsyms_num_syms before kallsyms_names fits the 3 kallsyms_markers and the names before them" bad.elf
}

t_hostile_marker() {
	"$python" "$gen" --corrupt marker bad.elf /dev/null
	refused "klp-convert: bad.elf: layout not recognised: 6.12 order: kallsyms_markers[1] is 822, name 256 is at 820 of kallsyms_names" bad.elf
}

t_hostile_seqs() {
	"$python" "$gen" --corrupt seqs bad.elf /dev/null
	refused "klp-convert: bad.elf: layout not recognised: 6.12 order: kallsyms_seqs_of_names out of name order at 11 (fixed_percpu_data)" bad.elf
}

t_hostile_offsets() {
	"$python" "$gen" --corrupt offsets bad.elf /dev/null
	refused "klp-convert: bad.elf: layout not recognised: 6.12 order: symbol 360 (func_0348_) is below the one before it" bad.elf
}

t_hostile_truncated_file() {
	head -c 3000 syn.zstd >cut.zstd
	refused "klp-convert: cut.zstd: payload (5232 bytes at 2720) outside the 3000 bytes of the image" cut.zstd
}

t_hostile_truncated_stream() {
	# the stream cut in half, then the recorded size (xz reads those 4
	# bytes as a broken block, the others as data that stops early)
	local c why
	for c in gzip xz zstd lz4; do
		"$python" "$gen" --bzimage $c --truncate-payload syn.elf "cut.$c"
		why="truncated data"
		[ $c != xz ] || why="corrupt data"
		refused "klp-convert: cut.$c: $c: $why" "cut.$c"
	done
}

t_hostile_not_a_kernel() {
	echo "not a kernel" >text
	refused "klp-convert: text: not a kernel image: no ELF header, no x86 or s390 boot header, no compressed data" text
	: >empty
	refused "klp-convert: empty: not a kernel image: empty file" empty
	# the ELF magic, and nothing of the header after it (fuzz-vmlinuz
	# found the class read past the end: reproducers/vmlinuz/)
	printf '\177ELF\002' >short.elf
	refused "klp-convert: short.elf: layout not recognised: an ELF header of 5 bytes" short.elf
	# an ELF without kallsyms: the ELF header of syn.elf alone
	head -c 4096 syn.elf >noks.elf
	refused "klp-convert: noks.elf: layout not recognised: no kallsyms_token_table followed by a consistent kallsyms_token_index" noks.elf
}

# The scripts/kallsyms.c of linux-source-6.1 and linux-source-6.12
# (tests/host/kallsyms-src.sh put them in <outdir>), given the symbols
# of the images above as nm prints them, in every configuration each can
# write, assembled for both byte orders and word sizes: each object
# decodes to the records kallsyms must show.
kallsyms_c() {	# <version> <options>...
	local v=$1 bin=$out/kallsyms-$1 opts arch bits in count
	shift
	[ -x "$bin" ] || die "missing input: $bin (tests/host/kallsyms-src.sh)"
	for opts in "$@"; do
		for arch in le64 be64 le32 be32; do
			bits=${arch#??}
			case $opts in
			*--absolute-percpu*) in=p ;;
			*) in=r ;;
			esac
			for count in 700 240 241; do
				[ "$count" = 700 ] || [ "$bits" = 64 ] || continue
				kallsyms_layout "$v" "$opts" "$arch" "$bits" "$in" "$count"
			done
		done
	done
}

kallsyms_layout() {	# <version> <options> <arch> <bits> <p|r> <count>
	local v=$1 opts=$2 arch=$3 in=$5$4-$6 what
	local -a genopts=(--nm --bits "$4" --count "$6")
	what="kallsyms.c of $v ${opts:-(no options)}, $arch, $6 symbols"
	[ "$5" = p ] || genopts+=(--relative)
	[ -f "$in.nm" ] || "$python" "$gen" "${genopts[@]}" "$in.nm" "$in.exp"
	"$here/kallsyms-image.sh" "$out/kallsyms-$v" "$opts" "$arch" "$in.nm" k.o 2>k.err ||
		die "$what: $(head -2 k.err)"
	run k.o >k.out 2>k.stderr || die "$what: exit $?: $(head -2 k.stderr)"
	cmp -s "$in.exp" k.out || die "$what: $(diff "$in.exp" k.out | head -3 | tr '\n' ' ')"
	# s390: the tables raw (vmlinux.bin), gzipped behind an IPL record
	[ "$arch" = be64 ] && [ "$6" = 700 ] || return 0
	"$here/kallsyms-image.sh" --raw "$out/kallsyms-$v" "$opts" "$arch" "$in.nm" k.bin
	"$python" "$gen" --s390 k.bin k.s390
	run k.s390 >k.out 2>k.stderr || die "$what, s390 image: exit $?: $(head -2 k.stderr)"
	cmp -s "$in.exp" k.out || die "$what, s390 image: $(diff "$in.exp" k.out | head -3 | tr '\n' ' ')"
}

t_kallsyms_c_6_1() {
	# KALLSYMS_BASE_RELATIVE is a choice in 6.1 (off on IA64 only)
	kallsyms_c 6.1 "--base-relative --absolute-percpu" "--base-relative" \
		"" "--absolute-percpu"
}

t_kallsyms_c_6_12() {
	kallsyms_c 6.12 "--absolute-percpu" ""
}

# s390: the kernel's Build ID from the raw vmlinux.bin, not the vDSO's
# (mkvmlinuz.py --s390); a stream that does not decompress is refused
t_s390_image() {
	"$python" "$gen" --nm --relative --count 40 s.nm s.exp
	"$here/kallsyms-image.sh" --raw "$out/kallsyms-6.12" "" be64 s.nm s.bin
	"$python" "$gen" --s390 s.bin s.s390
	decodes_to s.s390 s.exp
	run -b s.s390 >id.txt
	echo 101112131415161718191a1b1c1d1e1f20212223 >id.want
	same_text id.want id.txt
	"$python" "$gen" --s390 --truncate-payload s.bin cut.s390
	refused "klp-convert: cut.s390: layout not recognised: an s390 image, but no compressed vmlinux.bin in it decompresses (2 tried)" cut.s390
}

t_decompress_limits() {
	seq 100000 >plain	# 588895 bytes
	gzip -c plain >plain.gz
	run -d 10000000 plain.gz >plain.out
	cmp -s plain plain.out || die "gunzip differs"
	refused "klp-convert: plain.gz: gzip: decompressed size exceeds 588894 bytes" -d 588894 plain.gz
	run -d 588895 plain.gz >plain.out
	cmp -s plain plain.out || die "gunzip at exactly max_out differs"
	{ cat plain.gz; echo junk; } >junk.gz
	refused "klp-convert: junk.gz: gzip: data after the compressed stream" -d 10000000 junk.gz
	run -d 10000000 -t junk.gz >plain.out
	cmp -s plain plain.out || die "trailing data allowed: differs"
}

run_tests "vmlinuz/" t_elf_absolute_percpu t_elf_relative t_marker_boundaries \
	t_build_id t_bzimage_gzip t_bzimage_xz t_bzimage_zstd t_bzimage_lz4 \
	t_hostile_token_index t_hostile_num_syms t_hostile_marker \
	t_hostile_seqs t_hostile_offsets t_hostile_truncated_file \
	t_hostile_truncated_stream t_hostile_not_a_kernel t_decompress_limits \
	t_kallsyms_c_6_1 t_kallsyms_c_6_12 t_s390_image
verdict_status
