#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of klp-convert.  Prints "PASS: <name>" or "FAIL: <name>: <why>"
# per test (tests/lib/verdict.sh); exits non-zero if any failed.
#
# Usage: run.sh <normal|asan|valgrind> <klp-convert> <klp-inspect> <outdir>
# (the fixtures must have been built into <outdir> by build-fixtures.sh)
# The patch of the series these tests need (tests/series/check.sh runs
# them at every prefix from it on):
# series: scripts-livepatch-add-klp-convert
set -euo pipefail

mode=$1 tool=$2 inspect=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
expected=$here/expected
repo=$(cd "$here/../.." && pwd)
# shellcheck source=modes.sh
. "$(dirname "$0")/modes.sh"

host_work run
cp "$out"/*.ko "$out"/*.list .

klp() { "${wrap[@]}" "$tool" "$@"; }

# run klp-convert expecting failure; stderr in $1.err
klp_fails() {
	local name=$1
	shift
	expect_status 1 "$name" klp "$@"
}

no_output() {	# <path>: no output and no temporary left behind
	[ ! -e "$1" ] || die "output $1 exists after a failure"
	local dir
	dir=$(dirname "$1")
	[ -d "$dir" ] || return 0
	local tmp
	for tmp in "$dir"/.*.??????; do
		[ -e "$tmp" ] && die "temporary file left in $dir: $tmp"
	done
	return 0
}

convert_basic() {
	[ -e basic.ko ] || klp symbols-basic.list lp.ko basic.ko
	"$inspect" basic.ko >basic.dump
}

t_help() {
	klp --help >help.out
	has_line help.out "Usage: klp-convert [options] <Symbols.list> <input.ko> <output.ko>"
	klp --version >version.out
	grep -q '^klp-convert [0-9]' version.out || die "bad --version"
}

t_usage() {
	local rc=0
	klp only-one-arg >/dev/null 2>usage.err || rc=$?
	[ "$rc" -eq 2 ] || die "usage error exit $rc, expected 2"
	has_line usage.err "klp-convert: expected 3 arguments"
	rc=0
	klp --bogus a b c >/dev/null 2>/dev/null || rc=$?
	[ "$rc" -eq 2 ] || die "unknown option exit $rc, expected 2"
}

t_basic_sections() {
	convert_basic
	# new sections come after all the input ones, one per (object, target)
	grep '^S ' basic.dump | grep '\.klp\.rela\.' | cut -d' ' -f3- >klp-secs.txt
	same_text "$expected/basic.klp-sections" klp-secs.txt
	local first_klp last_plain symtab
	first_klp=$(grep '^S .* \.klp\.rela\.' basic.dump | head -1 | cut -d' ' -f2)
	# (and the conversion record, tests/host/verify.sh)
	last_plain=$(grep '^S ' basic.dump | grep -v '\.klp\.rela\.\|\.klp_convert\.intent' |
		tail -1 | cut -d' ' -f2)
	[ "$first_klp" -gt "$last_plain" ] || die "klp sections are not appended last"
	symtab=$(grep '^S .* \.symtab ' basic.dump | cut -d' ' -f2)
	# counts, not grep -q: under pipefail an early exit of grep -q can
	# fail the pipeline with SIGPIPE and skip the die
	[ "$(grep '^S .* \.klp\.rela\.' basic.dump | grep -vc " link=$symtab ")" -eq 0 ] ||
		die "a klp section does not link to .symtab"
	# annotation sections and their symbols are gone
	! grep -q 'klp.module_relocs\|vmlinux_relocs' basic.dump ||
		die "KLP_MODULE_RELOC() leftovers in the output"
	return 0
}

t_basic_symbols() {
	convert_basic
	grep '^Y .*shndx=LIVEPATCH' basic.dump | cut -d' ' -f3- | sort >klp-syms.txt
	same_text "$expected/basic.klp-symbols" klp-syms.txt
	# exported and weak unknown symbols stay undefined
	grep -q '^Y [0-9]* printk shndx=UND GLOBAL' basic.dump || die "printk converted"
	grep -q '^Y [0-9]* maybe_there shndx=UND WEAK' basic.dump || die "weak converted"
	# locals first, sh_info = index of the first non-local
	local locals first_global last_local
	locals=$(sed -n 's/^L locals=//p' basic.dump)
	first_global=$(grep '^Y ' basic.dump | grep -v ' LOCAL ' | head -1 | cut -d' ' -f2)
	last_local=$(grep '^Y ' basic.dump | grep ' LOCAL ' | tail -1 | cut -d' ' -f2)
	[ "$locals" -eq "$first_global" ] || die "symtab sh_info $locals, first global $first_global"
	[ "$last_local" -lt "$first_global" ] || die "local after global"
	grep -q '^Y [0-9]* \.klp\.sym\.rela\.' basic.dump && die "annotation name left"
	return 0
}

t_basic_relocs() {
	convert_basic
	grep '^R \.klp\.rela\.' basic.dump | cut -d' ' -f2- >klp-relas.txt
	same_text "$expected/basic.klp-relas" klp-relas.txt
	# no normal relocation names a livepatch symbol
	[ "$(grep '^R ' basic.dump | grep -v '^R \.klp\.rela\.' | grep -c 'sym=\.klp\.sym\.')" -eq 0 ] ||
		die "normal relocation to a livepatch symbol"
	# the emptied .rela keeps one NONE entry
	has_line basic.dump "R .rela.text.only_klp 0x0 type=0 sym=- addend=0x0 bytes=-"
	grep -c '^R .rela.text.only_klp ' basic.dump | grep -qx 1 || die "placeholder count"
	return 0
}

t_basic_readelf() {
	convert_basic
	readelf -SrsW basic.ko >readelf.txt 2>readelf.err
	[ ! -s readelf.err ] || die "readelf complains: $(head -3 readelf.err)"
	grep -q '\] \.klp\.rela\.vmlinux\.\.text  *RELA .* 18  Ao [0-9]*   1  8$' readelf.txt ||
		die "readelf: .klp.rela.vmlinux..text header"
	grep -q "Relocation section '\.klp\.rela\.mod_a\.\.text' at offset 0x[0-9a-f]* contains 3 entries:" readelf.txt ||
		die "readelf: .klp.rela.mod_a..text count"
	grep -q 'R_X86_64_64 .* \.klp\.sym\.vmlinux\.saved_command_line,0 + 123456789$' readelf.txt ||
		die "readelf: 64-bit addend"
	grep -q 'NOTYPE  GLOBAL DEFAULT OS \[0xff20\] \.klp\.sym\.mod_a\.setup,1$' readelf.txt ||
		die "readelf: SHN_LIVEPATCH symbol"
}

t_verbose() {
	klp -v symbols-basic.list lp.ko verbose.ko >verbose.out
	same_text "$expected/basic.verbose" verbose.out
}

t_deterministic_idempotent() {
	convert_basic
	klp symbols-basic.list lp.ko again.ko
	cmp -s basic.ko again.ko || die "two runs differ"
	klp symbols-basic.list basic.ko twice.ko
	cmp -s basic.ko twice.ko || die "converting the output changed it"
}

t_input_unchanged() {
	local before after
	before=$(sha256sum lp.ko err_refs.ko symbols-basic.list)
	klp symbols-basic.list lp.ko unchanged.ko
	klp_fails unchanged symbols-basic.list err_refs.ko unchanged2.ko
	after=$(sha256sum lp.ko err_refs.ko symbols-basic.list)
	[ "$before" = "$after" ] || die "an input changed"
}

# the lists of the earlier klp-convert patches: refused, with what to use
t_old_format() {
	bad_input old01 lp_old.ko symbols-old.list \
		"klp-convert: symbols-old.list:1: 'klp-convert-symbol-data.0.1' is the format of the earlier klp-convert patches, which klp-convert no longer reads (no symbol types, no init symbols); use the Symbols.list of this kernel's build"
}

t_objcopy_strip() {
	convert_basic
	strip --strip-debug -o stripped.ko basic.ko
	echo btf >btf.bin
	objcopy --add-section .BTF=btf.bin stripped.ko objcopied.ko
	local f
	for f in stripped objcopied; do
		"$inspect" $f.ko >$f.dump
		# same klp sections (name/type/flags w/o SHF_INFO_LINK), same entries
		grep '^S .* \.klp\.rela\.' $f.dump | cut -d' ' -f3-4 >$f.secs
		grep '^S .* \.klp\.rela\.' basic.dump | cut -d' ' -f3-4 >basic.secs
		same_text basic.secs $f.secs
		grep '^S .* \.klp\.rela\.' $f.dump | grep -v 'flags=0x10000[02] ' &&
			die "$f: klp section flags changed"
		grep '^R \.klp\.rela\.' $f.dump | cut -d' ' -f2- >$f.relas
		same_text "$expected/basic.klp-relas" $f.relas
		grep '^Y .*shndx=LIVEPATCH' $f.dump | cut -d' ' -f3- | sort >$f.syms
		same_text "$expected/basic.klp-symbols" $f.syms
	done
	# sh_info still names the right target section
	local info target
	info=$(grep '^S .* \.klp\.rela\.vmlinux\.__jump_table ' objcopied.dump | sed 's/.* info=\([0-9]*\).*/\1/')
	target=$(grep "^S $info " objcopied.dump | cut -d' ' -f3)
	[ "$target" = "__jump_table" ] || die "klp section targets $target after objcopy"
}

t_err_refs() {
	klp_fails err_refs symbols-basic.list err_refs.ko err_refs.out.ko
	same_text "$expected/err_refs.err" err_refs.err
	no_output err_refs.out.ko
}

t_err_sympos() {
	klp_fails err_sympos symbols-basic.list err_sympos.ko err_sympos.out.ko
	same_text "$expected/err_sympos.err" err_sympos.err
	no_output err_sympos.out.ko
}

# <name> <input> <list> <expected stderr>
bad_input() {
	klp_fails "$1" "$3" "$2" "$1.out.ko"
	printf '%s\n' "$4" >"$1.expected"
	same_text "$1.expected" "$1.err"
	no_output "$1.out.ko"
}

t_err_not_livepatch() {
	bad_input notlp notlp.ko symbols-basic.list \
		"klp-convert: notlp.ko: not a livepatch module: .modinfo has no 'livepatch=' tag; add MODULE_INFO(livepatch, \"Y\");"
}

t_err_elf_inputs() {
	bad_input trunc truncated.ko symbols-basic.list \
		"klp-convert: truncated.ko: section headers extend past the end of the file (truncated?)"
	bad_input bigsec bigsec.ko symbols-basic.list \
		"klp-convert: bigsec.ko: section .text extends past the end of the file (truncated?)"
	bad_input notelf notelf.ko symbols-basic.list \
		"klp-convert: notelf.ko: not an ELF file"
	bad_input exec exec.ko symbols-basic.list \
		"klp-convert: exec.ko: not a relocatable object (ET_REL); give the linked module .ko"
	bad_input machine machine.ko symbols-basic.list \
		"klp-convert: machine.ko: unsupported machine 183 (supported: x86_64, ppc64le, s390x)"
	bad_input nosym nosym.ko symbols-basic.list \
		"klp-convert: nosym.ko: no symbol table (stripped?)"
	bad_input missing missing.ko symbols-basic.list \
		"klp-convert: missing.ko: cannot open: No such file or directory"
}

# <name> <list contents> <expected stderr>
bad_list() {
	printf '%s' "$2" >"$1.list"
	bad_input "$1" lp.ko "$1.list" "$3"
}

t_err_symbols_list() {
	bad_input nolist lp.ko nosuch.list \
		"klp-convert: nosuch.list: cannot open the symbol list: No such file or directory"
	bad_list empty "" "klp-convert: empty.list: empty file, not a Symbols.list"
	bad_list header $'klp-convert-symbol-data.2\n*vmlinux\n' \
		"klp-convert: header.list:1: not a Symbols.list: the first line must be 'klp-convert-symbol-data.1'"
	bad_list noobj $'klp-convert-symbol-data.1\n# c\nT - foo -\n' \
		"klp-convert: noobj.list:3: symbol record before the first '*<object>' line"
	# a DEL in a name, followed by 64 bytes: the fast path used to take it
	bad_list del $'klp-convert-symbol-data.1\n*vmlinux\nd - dup\x7fvar a.c\nT - filler_one -\nT - filler_two -\nT - filler_three -\nT - filler_four -\n' \
		"klp-convert: del.list:3: control character (NUL, tab, carriage return...) in line"
	bad_list fields $'klp-convert-symbol-data.1\n*vmlinux\nT - foo\n' \
		"klp-convert: fields.list:3: expected '<type> <flags> <name> <file>'"
	bad_list fields2 $'klp-convert-symbol-data.1\n*vmlinux\nT - foo a.c extra\n' \
		"klp-convert: fields2.list:3: expected '<type> <flags> <name> <file>'"
	bad_list type $'klp-convert-symbol-data.1\n*vmlinux\nT - a -\nU - foo -\n' \
		"klp-convert: type.list:4: bad symbol type letter (expected one of aAbBcCdDgGiInNprRsStTuvVwW?)"
	bad_list flags $'klp-convert-symbol-data.1\n*vmlinux\nT xq foo -\n' \
		"klp-convert: flags.list:3: bad flags (expected '-' or letters from 'xis')"
	bad_list dupobj $'klp-convert-symbol-data.1\n*mod-a\nT - a -\n*vmlinux\n*mod_a\n' \
		"klp-convert: dupobj.list:5: duplicate block for object 'mod_a' (first at line 2)"
}

t_err_output() {
	klp_fails outdir2 symbols-basic.list lp.ko nodir/out.ko
	printf '%s\n' "klp-convert: nodir/out.ko: cannot create a temporary file in the output directory: No such file or directory" >outdir2.expected
	same_text outdir2.expected outdir2.err
	local before
	before=$(sha256sum lp.ko)
	klp_fails same symbols-basic.list lp.ko ./lp.ko
	printf '%s\n' "klp-convert: ./lp.ko: output is the input file lp.ko; write to another file (the input is never modified)" >same.expected
	same_text same.expected same.err
	[ "$before" = "$(sha256sum lp.ko)" ] || die "input modified"
	# a write that fails (as on a full disk: past the file size limit,
	# SIGXFSZ ignored) is one line, naming the output; nothing is left
	local rc=0
	mkdir -p fsize
	(ulimit -f 4 && trap '' XFSZ && klp symbols-basic.list lp.ko fsize/out.ko) \
		>fsize.out 2>fsize.err || rc=$?
	[ "$rc" -eq 1 ] || die "file size limit: exit code $rc, expected 1: $(head -3 fsize.err)"
	printf '%s\n' "klp-convert: fsize/out.ko: cannot write: File too large" >fsize.expected
	same_text fsize.expected fsize.err
	no_output fsize/out.ko
}

# mk/tool.mk builds the objects of the kernel build, klp-convert-objs of
# linux/scripts/livepatch/Makefile (as make reads it), and they are the
# .c files of the directory, no more and no fewer
# Every source file is an object of klp-convert or of klp-symlist, and
# mk/tool.mk builds each program from the kernel Makefile's list.
objs_of() {
	local dir=$1 prog=$2
	# shellcheck disable=SC2016   # $(...) is make's
	printf 'print-objs:\n\t@echo $(%s-objs)\n' "$prog" |
		make -s --no-print-directory -f "$dir/Makefile" -f - obj=. \
		     HOSTCC=gcc HOSTPKG_CONFIG=pkg-config print-objs |
		tr -s ' ' '\n' | sed '/^$/d' | sort
}

# Plain names resolve among the objects the patch declares (its
# klp_object array): mod_var, in mod-a and mod_b, is mod_a's for a patch
# of vmlinux and mod_a; without klp_objects (lp.ko) the whole list decides.
t_scope_resolves() {
	klp symbols-scope.list lp_scope.ko scope.ko
	"$inspect" scope.ko | grep '^Y .*shndx=LIVEPATCH' | cut -d' ' -f3 | sort >scope.syms
	printf '%s\n' .klp.sym.mod_a.mod_var,0 .klp.sym.vmlinux.unexported_func,0 >scope.expected
	same_text scope.expected scope.syms
	klp_fails whole symbols-scope.list lp.ko whole.ko
	has_line whole.err "klp-convert: lp.ko: symbol 'mod_var' is ambiguous: it is defined in several objects"
}

t_scope_errors() {
	klp_fails scope symbols-scope.list lp_scope_bad.ko scope_bad.ko
	printf '%s\n' \
		"klp-convert: lp_scope_bad.ko: symbol 'amb_func' is ambiguous: the objects this livepatch patches (vmlinux, mod_a) define it 2 times" \
		"klp-convert: lp_scope_bad.ko:   candidate vmlinux,1: t amb_func (a.c)" \
		"klp-convert: lp_scope_bad.ko:   candidate mod_a,1: t amb_func (m.c)" \
		"klp-convert: lp_scope_bad.ko:   referenced at .text (new_unexported_func+0x5)" \
		"klp-convert: lp_scope_bad.ko:   say which one is meant, e.g. KLP_RELOC_SYMBOL_POS(mod_a, mod_a, amb_func, 1) on its declaration, or KLP_SYMPOS(amb_func, 1) in KLP_MODULE_RELOC(mod_a)" \
		"klp-convert: lp_scope_bad.ko: symbol 'mod_b_var' is not defined in the objects this livepatch patches (vmlinux, mod_a): the kernel applies a livepatch's relocations only for its patched objects" \
		"klp-convert: lp_scope_bad.ko:   candidate mod_b,1: d mod_b_var (b.c)" \
		"klp-convert: lp_scope_bad.ko:   referenced at .text (new_unexported_func+0xb)" \
		"klp-convert: lp_scope_bad.ko:   add a klp_object for 'mod_b' to the patch, or do not reference 'mod_b_var'" \
		>scope_bad.expected
	same_text scope_bad.expected scope.err
	no_output scope_bad.ko
}

t_object_lists() {
	local dir=$repo/linux/scripts/livepatch prog objs all="" tool_objs o c
	[ -f "$dir/Makefile" ] || die "missing input: $dir/Makefile"
	for prog in klp-convert klp-symlist; do
		objs=$(objs_of "$dir" $prog)
		[ -n "$objs" ] || die "no $prog-objs in linux/scripts/livepatch/Makefile"
		for o in $objs; do
			[ -f "$dir/${o%.o}.c" ] ||
				die "$prog-objs of linux/scripts/livepatch/Makefile lists $o, there is no ${o%.o}.c"
		done
		tool_objs=$(make -s --no-print-directory -C "$repo" -f mk/tool.mk \
			    print-objs PROG=$prog | tr -s ' ' '\n' | sed '/^$/d' | sort)
		[ "$tool_objs" = "$objs" ] ||
			die "mk/tool.mk builds $prog from ${tool_objs//$'\n'/ }, $prog-objs is ${objs//$'\n'/ }"
		all+="$objs"$'\n'
	done
	for c in "$dir"/*.c; do
		c=$(basename "$c" .c)
		grep -qxF "$c.o" <<<"$all" ||
			die "$c.c is in neither klp-convert-objs nor klp-symlist-objs of linux/scripts/livepatch/Makefile"
	done
}

# The KLP_MODULE_RELOC() macro block of the fixture header is the one the
# series adds to the kernel: in every patch that adds it (found by
# content, the patch names change), and there must be one.
t_annotation_macros() {
	local patch found=()
	[ -d "$repo/patches" ] || die "missing input: $repo/patches"
	for patch in "$repo"/patches/*.patch; do
		if grep -q '^+#define KLP_MODULE_RELOC(obj)' "$patch" 2>/dev/null; then
			found+=("$patch")
		fi
	done
	[ ${#found[@]} -gt 0 ] ||
		die "no patch in patches/ adds '#define KLP_MODULE_RELOC(obj)'"
	# the macro block as it appears in the fixture, as added lines of the patch
	sed -n '/^#define KLP_MODULE_RELOC(obj)/,/^\tKLP_RELOC_SYMBOL_POS(lp_obj, sym_obj, sym, 0)$/p' \
		"$here/fixtures/klp-annotations.h" >macros.fixture
	[ -s macros.fixture ] || die "fixtures/klp-annotations.h has no KLP_MODULE_RELOC() block"
	for patch in "${found[@]}"; do
		sed -n 's/^+//p' "$patch" |
			sed -n '/^#define KLP_MODULE_RELOC(obj)/,/^\tKLP_RELOC_SYMBOL_POS(lp_obj, sym_obj, sym, 0)$/p' >macros.patch
		[ -s macros.patch ] || die "$(basename "$patch") has no KLP_MODULE_RELOC() block"
		same_text macros.fixture macros.patch
	done
	echo "(compared with $(basename -a "${found[@]}" | paste -sd' '))"
}

# IBT: a function flagged 's' (sealed) may be called, but taking its
# address is refused at each place, with no output
t_sealed() {
	sed 's/^t - unexported_func main.c$/t s unexported_func main.c/' \
		symbols-basic.list >sealed.list
	grep -qx 't s unexported_func main.c' sealed.list || die "no sealed record"
	klp_fails sealed sealed.list lp.ko sealed.ko
	local msg="takes the address of 'unexported_func', a vmlinux function whose ENDBR the kernel seals at boot (IBT: vmlinux never takes its address); an indirect call to it raises a control protection fault; call 'unexported_func' directly from a function of the livepatch and use the address of that function"
	printf 'klp-convert: lp.ko: %s: %s\n' ".text (lp_asm_func+0xb)" "$msg" \
		".data (lp_ptrs+0x8)" "$msg" >sealed.expected
	same_text sealed.expected sealed.err
	no_output sealed.ko
}

tests=(
	t_help t_usage t_basic_sections t_basic_symbols t_basic_relocs
	t_basic_readelf t_verbose t_deterministic_idempotent t_input_unchanged
	t_old_format t_objcopy_strip t_err_refs t_err_sympos t_err_not_livepatch
	t_err_elf_inputs t_err_symbols_list t_err_output t_scope_resolves
	t_scope_errors t_object_lists
	t_annotation_macros t_sealed
)

# what each test needs of the series beyond klp-convert (tests/series)
test_needs klp-convert-read-the-position-annotations t_basic_sections \
	t_basic_symbols t_basic_relocs t_basic_readelf t_verbose \
	t_deterministic_idempotent t_input_unchanged t_objcopy_strip t_err_refs \
	t_err_sympos t_err_output t_sealed
test_needs klp-convert-resolve-names-among-the-patched-objects t_scope_resolves \
	t_scope_errors
test_needs klp-convert-convert-s390x-modules t_err_elf_inputs
run_tests "" "${tests[@]}"
