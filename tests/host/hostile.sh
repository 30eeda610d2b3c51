#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile-input regression tests of klp-convert: inputs that crashed,
# hung, wrote gigabytes, clobbered an input or were silently accepted by
# the tool before its readers validated them (commit 5f6a8ff).  Broken
# copies of the hostile_* fixtures are derived here with elf-edit.
#
# Every refused input is checked the same way: exit code 1, the whole
# stderr exactly, nothing on stdout, no output file and no temporary
# (.<output>.XXXXXX) left, the inputs unchanged.  Every run of the tool is
# limited to 10 s (a hang fails, it does not block the suite) and to
# 128 MiB of file size (a runaway output fails, it does not fill the
# disk).  All cases run in every mode (the slowest, 100000 candidates,
# takes under a second under valgrind).
#
# Prints "PASS: <prefix>hostile/<name>" or "FAIL: <prefix>hostile/<name>:
# <why>" per test; exits non-zero if any failed.
#
# Usage: hostile.sh <normal|asan|valgrind> <klp-convert> <klp-inspect> <outdir>
# (the fixtures must have been built into <outdir> by build-fixtures.sh;
# elf-edit is taken next to klp-inspect, or from $ELF_EDIT)
# The patch of the series these tests need (tests/series/check.sh runs
# them at every prefix from it on):
# series: scripts-livepatch-add-klp-convert
set -euo pipefail

mode=$1 tool=$2 inspect=$3 out=$4
elf_edit=${ELF_EDIT:-$(dirname "$inspect")/elf-edit}
# shellcheck source=modes.sh
. "$(dirname "$0")/modes.sh"
[ -x "$elf_edit" ] || { echo "hostile.sh: no elf-edit at $elf_edit" >&2; exit 2; }

host_work hostile
cp "$out"/hostile_*.ko "$out"/lp.ko "$out"/symbols-basic.list .
# bash counts in KiB: 128 MiB
ulimit -f 131072

# A hang is a failure, not a stuck suite: 10 s is 10x the slowest case,
# under valgrind (and strace, in tests/deps/check-used.sh) 120 s.
limit=10
[ "$mode" = valgrind ] && limit=120
klp() { timeout "$limit" "${wrap[@]}" "$tool" "$@" </dev/null; }

edit() { "$elf_edit" "$@"; }		# <in> <out> <command> <args>...
field() { "$elf_edit" "$1" - "${@:2}"; }	# <in> <command> <args>...

# Type, inode and contents of each path, and where a symlink points: what
# must not change when the tool refuses to run.
fingerprint() {
	local f
	for f in "$@"; do
		if [ -L "$f" ]; then
			echo "$f -> $(readlink "$f")"
		fi
		if [ -f "$f" ]; then
			echo "$f $(stat -L -c %i "$f") $(sha256sum <"$f")"
		elif [ -e "$f" ]; then
			echo "$f $(stat -L -c %F "$f")"
		else
			echo "$f absent"
		fi
	done
}

no_temp() {	# <output path>: no .<name>.XXXXXX next to it
	local tmp
	for tmp in "$(dirname "$1")/.$(basename "$1")".??????; do
		if [ -e "$tmp" ]; then
			die "temporary file left: $tmp"
		fi
	done
}

# <name> <list> <input> <output> <expected stderr>
refused() {
	local name=$1 list=$2 in=$3 output=$4 before out_before
	before=$(fingerprint "$list" "$in")
	out_before=$(fingerprint "$output")
	expect_status 1 "$name" klp "$list" "$in" "$output"
	printf '%s\n' "$5" >"$name.expected"
	same_text "$name.expected" "$name.err"
	[ ! -s "$name.out" ] || die "$name: output on stdout: $(head -3 "$name.out")"
	[ "$before" = "$(fingerprint "$list" "$in")" ] || die "$name: an input changed"
	[ "$out_before" = "$(fingerprint "$output")" ] ||
		die "$name: $output was $out_before, now $(fingerprint "$output")"
	no_temp "$output"
}

# <name> <list> <input> <output>: converted without a message
converts() {
	local name=$1
	expect_status 0 "$name" klp "$2" "$3" "$4"
	[ ! -s "$name.err" ] || die "$name: messages: $(head -3 "$name.err")"
	[ -f "$4" ] || die "$name: no output $4"
	no_temp "$4"
}

# <name> <input> <expected stderr>: the base fixture's list, output <name>.out.ko
bad_ko() {
	refused "$1" symbols-basic.list "$2" "$1.out.ko" "$3"
}

# 1. An annotation naming a symbol without a section: NULL dereference.
t_annot_sym_no_section() {
	local idx shndx name
	idx=$(field hostile_base.ko sym dup_var index)
	edit hostile_base.ko abs.ko sym dup_var shndx 0xfff1
	bad_ko abs abs.ko \
		"klp-convert: abs.ko: .klp.module_relocs.vmlinux+0x0: KLP_SYMPOS() names 'dup_var', which is not an undefined symbol; only external symbols can be annotated"
	edit hostile_base.ko noname.ko sym dup_var name 0
	for shndx in 0xfff1 0xfff2 0; do
		name=noname$shndx
		edit noname.ko "$name.ko" sym "$idx" shndx "$shndx"
		bad_ko "$name" "$name.ko" \
			"klp-convert: $name.ko: .klp.module_relocs.vmlinux+0x0: KLP_SYMPOS() names an unnamed symbol (symbol #$idx); only external symbols can be annotated"
	done
}

# 2. An annotation relocation past its section: wild write into seen[].
t_annot_offset_wraps() {
	local off
	for off in 0xfffffffffffffffc 0xfffffffffffffff4 0xc; do
		edit hostile_base.ko "wrap$off.ko" rela .rela.klp.module_relocs.vmlinux 0 offset "$off"
		bad_ko "wrap$off" "wrap$off.ko" \
			"klp-convert: wrap$off.ko: .rela.klp.module_relocs.vmlinux: relocation 0 at offset $off is outside .klp.module_relocs.vmlinux (12 bytes)"
	done
}

# 3. A 64 GiB NOBITS annotation section: 64 GiB calloc.
t_annot_nobits_huge() {
	edit hostile_base.ko nobits1.ko shdr .klp.module_relocs.vmlinux type 8
	edit nobits1.ko nobits.ko shdr .klp.module_relocs.vmlinux size 0x1000000000
	bad_ko nobits nobits.ko \
		"klp-convert: nobits.ko: section .klp.module_relocs.vmlinux: 68719476736 bytes, more than a module can have"
}

# <in> <section> <out>: the string table moved to the end of the file,
# without its final NUL: its last string runs to the end of the file.
strtab_at_eof_no_nul() {
	local idx off size end
	idx=$(field "$1" shdr "$2" index)
	off=$(field "$1" shdr "$idx" offset)
	size=$(field "$1" shdr "$idx" size)
	end=$(stat -c %s "$1")
	edit "$1" "$3.1" bytes "$end" "$(od -An -v -tx1 -j "$off" -N $((size - 1)) "$1" | tr -d ' \n')"
	edit "$3.1" "$3.2" shdr "$idx" offset "$end"
	edit "$3.2" "$3" shdr "$idx" size $((size - 1))
	rm -f "$3.1" "$3.2"
}

# 4. A symbol or section name running to the end of the file.
t_strtab_no_nul() {
	strtab_at_eof_no_nul hostile_base.ko .strtab strtab.ko
	[ "$(tail -c 7 strtab.ko)" = "dup_var" ] || die "strtab.ko does not end with a name"
	bad_ko strtab strtab.ko \
		"klp-convert: strtab.ko: .strtab, the string table of symbol names, does not end with a NUL"
	strtab_at_eof_no_nul hostile_base.ko .shstrtab shstrtab.ko
	bad_ko shstrtab shstrtab.ko \
		"klp-convert: shstrtab.ko: [$(field hostile_base.ko shdr .shstrtab index)], the string table of section names, does not end with a NUL"
}

# 5. An empty SHT_GROUP: memcpy(NULL) when written.
t_group_empty() {
	edit hostile_base.ko group.ko shdr .group size 0
	bad_ko group group.ko \
		"klp-convert: group.ko: group .group is empty (no flag word)"
}

# 5b. Tables klp-convert parses must not be compressed (they would be
# read as entries, compressed bytes and all).
t_compressed_tables() {
	local sec what name
	for sec in .symtab .rela.data .group; do
		case $sec in
		.symtab) what="symbol table" ;;
		.group) what=group ;;
		*) what="relocation section" ;;
		esac
		edit hostile_base.ko "ctab$sec.ko" shdr "$sec" flags \
			$(( $(field hostile_base.ko shdr "$sec" flags) | 0x800 ))
		bad_ko "ctab$sec" "ctab$sec.ko" \
			"klp-convert: ctab$sec.ko: section $sec: a compressed $what is not supported"
	done
	# string tables: found by fuzzing, the output re-read as garbage
	for sec in .strtab .shstrtab; do
		case $sec in
		.strtab) what="symbol names" ;;
		*) what="section names" ;;
		esac
		edit hostile_base.ko "ctab$sec.ko" shdr "$sec" flags 0x800
		# the section name table is checked before names are read
		name=$sec
		[ "$sec" = .shstrtab ] &&
			name="[$(field hostile_base.ko shdr .shstrtab index)]"
		bad_ko "ctab$sec" "ctab$sec.ko" \
			"klp-convert: ctab$sec.ko: $name, the string table of $what, is compressed"
	done
}

# 5c. An inactive (SHT_NULL) section besides section 0: found by fuzzing,
# the output gave it a file offset; writing it without one lost the ELF
# header (libelf), so it is refused.
t_null_section() {
	edit hostile_base.ko null.ko shdr .note.GNU-stack type 0
	bad_ko null null.ko \
		"klp-convert: null.ko: section .note.GNU-stack: an inactive section (SHT_NULL) other than section 0"
}

# 5d. Relocation sections an input already flags SHF_RELA_LIVEPATCH are
# checked as the livepatch core will apply them (found by fuzzing).
t_input_klp_sections() {
	local sym mod info
	converts basic symbols-basic.list lp.ko basic.ko
	sym=$(field basic.ko sym .klp.sym.vmlinux.saved_command_line,0 index)
	edit basic.ko notklp.ko sym "$sym" shndx 0
	refused notklp symbols-basic.list notklp.ko notklp.out.ko "$(cat <<-EOF
	klp-convert: notklp.ko: undefined symbol '.klp.sym.vmlinux.saved_command_line,0' is neither exported by vmlinux nor listed in symbols-basic.list
	klp-convert: notklp.ko:   referenced at .text (lp_cmdline_show+0xd)
	klp-convert: notklp.ko:   referenced at .data (lp_ptrs+0x0)
	klp-convert: notklp.ko:   referenced at .data (lp_big+0x0)
	klp-convert: notklp.ko:   referenced at .data (lp_big+0x8)
	klp-convert: notklp.ko:   check the spelling, that the object defining '.klp.sym.vmlinux.saved_command_line,0' is built (and in symbols-basic.list), or name its object with KLP_RELOC_SYMBOL_POS()
	klp-convert: notklp.ko: .text (lp_cmdline_show+0xd): entry 1 of .klp.rela.vmlinux..text names '.klp.sym.vmlinux.saved_command_line,0', which is not a livepatch symbol (SHN_LIVEPATCH)
	klp-convert: notklp.ko: .data (lp_ptrs+0x0): entry 0 of .klp.rela.vmlinux..data names '.klp.sym.vmlinux.saved_command_line,0', which is not a livepatch symbol (SHN_LIVEPATCH)
	klp-convert: notklp.ko: .data (lp_big+0x0): entry 2 of .klp.rela.vmlinux..data names '.klp.sym.vmlinux.saved_command_line,0', which is not a livepatch symbol (SHN_LIVEPATCH)
	klp-convert: notklp.ko: .data (lp_big+0x8): entry 3 of .klp.rela.vmlinux..data names '.klp.sym.vmlinux.saved_command_line,0', which is not a livepatch symbol (SHN_LIVEPATCH)
	EOF
	)"
	# a symbol of module mod_a in the vmlinux section
	mod=$(field basic.ko sym .klp.sym.mod_a.setup,1 index)
	info=$(( (mod << 32) | 2 ))	# R_X86_64_PC32
	edit basic.ko othermod.ko rela .klp.rela.vmlinux..text 0 info "$info"
	bad_ko othermod othermod.ko \
		"klp-convert: othermod.ko: .text (lp_cmdline_show+0x6): .klp.rela.vmlinux..text names '.klp.sym.mod_a.setup,1' of module 'mod_a': a module's symbols are only resolved in its own .klp.rela.mod_a.* sections"
}

# 6. Alignments: TiB of padding, or libelf refusing at write time; a huge
# alignment of bytes not in the file is harmless and must stay so.
t_alignment() {
	local off sec align max
	off=$(printf '0x%x' "$(field hostile_base.ko shdr .text offset)")
	edit hostile_base.ko align40.ko shdr .text addralign 0x10000000000
	bad_ko align40 align40.ko \
		"klp-convert: align40.ko: section .text: file offset $off is not a multiple of its alignment 1099511627776"
	edit hostile_base.ko align3.ko shdr .text addralign 3
	bad_ko align3 align3.ko \
		"klp-convert: align3.ko: section .text: alignment 3 is not a power of two"
	max=$(($(stat -c %s hostile_base.ko) + 4096))
	for sec in .bss .h_empty; do
		for align in 0x10000000000 0x8000000000000000; do
			edit hostile_base.ko "align$sec$align.ko" shdr "$sec" addralign "$align"
			converts "align$sec$align" symbols-basic.list "align$sec$align.ko" "align$sec$align.out.ko"
			[ "$(stat -c %s "align$sec$align.out.ko")" -le "$max" ] ||
				die "align$sec$align.out.ko: $(stat -c %s "align$sec$align.out.ko") bytes, input $(stat -c %s hostile_base.ko)"
			[ "$(field "align$sec$align.out.ko" shdr "$sec" addralign)" = "$(printf %u $((align)))" ] ||
				die "align$sec$align.out.ko: alignment of $sec not kept"
		done
	done
}

# 7. Relocations outside their section, or into one without contents.
t_reloc_outside() {
	local text data bss
	text=$(field hostile_base.ko shdr .text size)
	data=$(field hostile_base.ko shdr .data size)
	edit hostile_base.ko past.ko rela .rela.text 1 offset "$text"
	bad_ko past past.ko \
		"klp-convert: past.ko: .rela.text: relocation 1 at offset $(printf '0x%x' "$text") is outside .text ($text bytes)"
	edit hostile_base.ko straddle.ko rela .rela.text 1 offset $((text - 2))
	bad_ko straddle straddle.ko \
		"klp-convert: straddle.ko: .rela.text: relocation 1 at offset $(printf '0x%x' $((text - 2))) is outside .text ($text bytes)"
	edit hostile_base.ko pastdata.ko rela .rela.data 0 offset "$data"
	bad_ko pastdata pastdata.ko \
		"klp-convert: pastdata.ko: .rela.data: relocation 0 at offset $(printf '0x%x' "$data") is outside .data ($data bytes)"
	edit hostile_base.ko nobitsdata.ko shdr .data type 8
	bad_ko nobitsdata nobitsdata.ko \
		"klp-convert: nobitsdata.ko: relocation section .rela.data: target section .data has no contents (NOBITS)"
	bss=$(field hostile_base.ko shdr .bss index)
	edit hostile_base.ko tobss.ko shdr .rela.data info "$bss"
	bad_ko tobss tobss.ko \
		"klp-convert: tobss.ko: relocation section .rela.data: target section .bss has no contents (NOBITS)"
}

# 8. FIFOs: open() blocked forever.
t_fifo() {
	rm -f fifo.ko fifo.list
	mkfifo fifo.ko fifo.list
	bad_ko fifoko fifo.ko "klp-convert: fifo.ko: not a regular file"
	refused fifolist fifo.list hostile_base.ko fifolist.out.ko \
		"klp-convert: fifo.list: not a regular file"
	rm -f fifo.ko fifo.list
}

# 9. The output naming an input: the list was overwritten, links were
# followed or replaced.
t_output_is_an_input() {
	local case list output msg
	while IFS='|' read -r case list output msg; do
		# fresh copies: a tool that overwrote one must not spoil the next case
		rm -f in.ko in.list ko-symlink.ko ko-hardlink.ko list-symlink.list
		cp hostile_base.ko in.ko
		cp symbols-basic.list in.list
		ln -s in.ko ko-symlink.ko
		ln in.ko ko-hardlink.ko
		ln -s in.list list-symlink.list
		refused "$case" "$list" in.ko "$output" "klp-convert: $output: $msg"
	done <<-'EOF'
	outlist|in.list|in.list|output is the symbol list in.list; write to another file
	outkosym|in.list|ko-symlink.ko|output is the input file in.ko; write to another file (the input is never modified)
	outkohard|in.list|ko-hardlink.ko|output is the input file in.ko; write to another file (the input is never modified)
	outlistsym|in.list|list-symlink.list|output is the symbol list in.list; write to another file
	outlistvia|list-symlink.list|in.list|output is the symbol list list-symlink.list; write to another file
	EOF
}

# 10. Objects of another class or byte order, or another machine.
t_foreign_class() {
	# a big-endian header: EI_DATA, e_type and e_machine swapped; and
	# EI_DATA alone: the byte order is checked before any other field
	edit hostile_base.ko be1.ko ident 5 2
	edit be1.ko be2.ko bytes 16 0001
	edit be2.ko be.ko bytes 18 003e
	bad_ko be be.ko \
		"klp-convert: be.ko: 64-bit big-endian object, but x86_64 modules are 64-bit little-endian"
	# big-endian is s390x's byte order: e_type now reads 0x100
	bad_ko be1 be1.ko \
		"klp-convert: be1.ko: not a relocatable object (ET_REL); give the linked module .ko"
	# the x86_64 module claiming to be s390x (EM_S390, 22)
	edit hostile_base.ko le_s390.ko bytes 18 1600
	bad_ko le_s390 le_s390.ko \
		"klp-convert: le_s390.ko: 64-bit little-endian object, but s390x modules are 64-bit big-endian"
	bad_ko i386 hostile_i386.ko \
		"klp-convert: hostile_i386.ko: 32-bit little-endian object; klp-convert converts x86_64, ppc64le, s390x modules"
	bad_ko x32 hostile_x32.ko \
		"klp-convert: hostile_x32.ko: 32-bit little-endian object; klp-convert converts x86_64, ppc64le, s390x modules"
}

# <name> <sed expression> <expected stderr>: symbols-basic.list edited
bad_list_sed() {
	sed "$2" symbols-basic.list >"$1.list"
	cmp -s "$1.list" symbols-basic.list && die "$1: sed '$2' changed nothing"
	refused "$1" "$1.list" hostile_base.ko "$1.out.ko" "$3"
}

# 11. Empty object names and NUL bytes in Symbols.list: the name was cut
# at the NUL (an object "vm", an object "").
t_list_nul() {
	local ctl="control character (NUL, tab, carriage return...) in line"
	bad_list_sed objempty 's/^\*vmlinux$/*/' \
		"klp-convert: objempty.list:3: bad object line: expected '*<object name>'"
	bad_list_sed objnul 's/^\*vmlinux$/*\x00/' "klp-convert: objnul.list:3: $ctl"
	bad_list_sed objnulin 's/^\*vmlinux$/*vm\x00linux/' "klp-convert: objnulin.list:3: $ctl"
	bad_list_sed objnulend 's/^\*vmlinux$/*vmlinux\x00/' "klp-convert: objnulend.list:3: $ctl"
	bad_list_sed recnulin 's/^D - saved_command_line -$/D - saved_com\x00mand_line -/' \
		"klp-convert: recnulin.list:6: $ctl"
	bad_list_sed recnulend 's/^D - saved_command_line -$/D - saved_command_line\x00 -/' \
		"klp-convert: recnulend.list:6: $ctl"
}

# 12. Positions that are not plain decimal numbers were read by strtoul().
t_positions() {
	local pos expected="" malformed
	cp hostile_pos.ko pos.ko
	for pos in -1 +1 ' 1' 1x '' 99999999999999999999999; do
		edit pos.ko pos.tmp.ko sym ".klp.sym.vmlinux.x,$pos" shndx 0xff20
		mv pos.tmp.ko pos.ko
	done
	malformed="has a malformed name; expected .klp.sym.<object>.<symbol>,<position> (object: 1 to 55 characters, symbol: 1 to 511, position: decimal digits)"
	# in symbol table order
	while read -r pos; do
		expected+="klp-convert: pos.ko: livepatch symbol '$pos' $malformed"$'\n'
	done < <("$inspect" pos.ko | sed -n 's/^Y [0-9]* \(.klp.sym.vmlinux.x,.*\) shndx=LIVEPATCH .*/\1/p')
	[ "$(grep -c "malformed name" <<<"$expected")" -eq 6 ] || die "pos.ko: not 6 livepatch symbols"
	refused pos symbols-basic.list pos.ko pos.out.ko \
		"klp-convert: pos.ko: symbol '.klp.sym.rela.vmlinux.vmlinux.foo. 1': KLP_RELOC_SYMBOL_POS() position ' 1' is not a number (decimal digits only)
${expected%$'\n'}"
}

# 13. One name with 100000 candidates, 2000 names not found: the messages
# are capped.
t_error_caps() {
	local i n name expected="" lines=0
	awk 'BEGIN {
		print "klp-convert-symbol-data.1"
		print "*vmlinux"
		for (i = 0; i < 100000; i++)
			print "t - amb f.c"
	}' >amb.list
	for ((i = 1; i <= 20; i++)); do
		expected+="klp-convert: hostile_amb.ko:   candidate vmlinux,$i: t amb (f.c)"$'\n'
	done
	refused amb amb.list hostile_amb.ko amb.out.ko \
		"klp-convert: hostile_amb.ko: symbol 'amb' is ambiguous: 'vmlinux' defines it 100000 times
${expected}klp-convert: hostile_amb.ko:   ... and 99980 more candidates
klp-convert: hostile_amb.ko:   referenced at .text (h_amb+0x1)
klp-convert: hostile_amb.ko:   say which one is meant, e.g. KLP_RELOC_SYMBOL_POS(vmlinux, vmlinux, amb, 100000) on its declaration, or KLP_SYMPOS(amb, 100000) in KLP_MODULE_RELOC(vmlinux)"
	[ "$(wc -l <amb.err)" -le 25 ] || die "amb.err: $(wc -l <amb.err) lines"

	# unk_<n> is called at h_many + 5 n; 3 lines each, in symbol table order
	expected=""
	while read -r name && [ $lines -lt 200 ]; do
		n=${name#unk_}
		expected+="klp-convert: hostile_many.ko: undefined symbol '$name' is neither exported by vmlinux nor listed in symbols-basic.list"$'\n'
		expected+="klp-convert: hostile_many.ko:   referenced at .text (h_many+$(printf '0x%x' $((5 * n + 1))))"$'\n'
		lines=$((lines + 2))
		[ $lines -lt 200 ] || break
		expected+="klp-convert: hostile_many.ko:   check the spelling, that the object defining '$name' is built (and in symbols-basic.list), or name its object with KLP_RELOC_SYMBOL_POS()"$'\n'
		lines=$((lines + 1))
	done < <("$inspect" hostile_many.ko | sed -n 's/^Y [0-9]* \(unk_[0-9]*\) shndx=UND .*/\1/p')
	refused many symbols-basic.list hostile_many.ko many.out.ko \
		"${expected}klp-convert: hostile_many.ko: 5800 more error lines not shown"
	[ "$(wc -l <many.err)" -eq 201 ] || die "many.err: $(wc -l <many.err) lines"
}

# 14. Compressed sections aligned below their header's 8 bytes: converting
# the output again must reproduce it.  (hostile_zlib.ko has no relocations
# of its debug sections: this is about the layout only.)
t_compressed_idempotent() {
	local sec flags align n
	# compressed debug sections keep their relocations (as -gz and
	# --compress-debug-sections leave them): they patch the uncompressed
	# bytes, and converting must accept them
	converts zlib0 symbols-basic.list hostile_zlib.ko zlib0.ko
	for align in 1 16; do
		cp hostile_zlib.ko zlib.ko
		n=0
		while read -r sec flags; do
			# at an offset of the new alignment: the input stays valid
			if (((flags & 0x800) != 0)) &&
			   (($(field hostile_zlib.ko shdr "$sec" offset) % align == 0)); then
				edit zlib.ko zlib.tmp.ko shdr "$sec" addralign "$align"
				mv zlib.tmp.ko zlib.ko
				n=$((n + 1))
			fi
		done < <("$inspect" hostile_zlib.ko | sed -n 's/^S [0-9]* \([^ ]*\) type=[0-9]* flags=\(0x[0-9a-f]*\) .*/\1 \2/p')
		[ "$n" -ge 1 ] || die "hostile_zlib.ko: no compressed section to align at $align"
		converts "zlib1-$align" symbols-basic.list zlib.ko "zlib1-$align.ko"
		converts "zlib2-$align" symbols-basic.list "zlib1-$align.ko" "zlib2-$align.ko"
		cmp "zlib1-$align.ko" "zlib2-$align.ko" >cmp.txt 2>&1 ||
			die "alignment $align: converting the output changed it: $(cat cmp.txt)"
	done
}

# 15. Every type letter modpost and nm write is a record, U is not.
t_type_letters() {
	local letters="" l
	for l in n N v V w W g G s S i I u p c C a A '?'; do
		letters+="$l - sym_$l -\\n"
	done
	sed -e "/^\*vmlinux\$/a ${letters%\\n}" \
	    -e '/^\*mod-a$/a a - some_abs_sym -' symbols-basic.list >letters.list
	grep -qx 'a - some_abs_sym -' letters.list || die "letters.list not written"
	converts letters0 symbols-basic.list lp.ko letters0.ko
	converts letters letters.list lp.ko letters.ko
	cmp -s letters0.ko letters.ko || die "the extra records changed the output"
	bad_list_sed typeU '/^\*vmlinux$/a U - undef_sym -' \
		"klp-convert: typeU.list:4: bad symbol type letter (expected one of aAbBcCdDgGiInNprRsStTuvVwW?)"
}

tests=(
	t_annot_sym_no_section t_annot_offset_wraps t_annot_nobits_huge
	t_strtab_no_nul t_group_empty t_alignment t_reloc_outside t_fifo
	t_output_is_an_input t_foreign_class t_list_nul t_positions
	t_error_caps t_compressed_idempotent t_type_letters t_compressed_tables t_null_section t_input_klp_sections
)

# what each test needs of the series beyond klp-convert (tests/series)
test_needs klp-convert-read-the-position-annotations t_annot_sym_no_section \
	t_alignment t_positions t_compressed_idempotent t_type_letters \
	t_input_klp_sections
test_needs klp-convert-convert-s390x-modules t_foreign_class
run_tests hostile/ "${tests[@]}"
