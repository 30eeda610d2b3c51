#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of klp-symlist: a made-up kernel's install products (a
# System.map, a Module.symvers, a module tree of stripped modules, plain
# and compressed, and the unstripped ones as a debug tree) give exactly the
# expected Symbols.list; inputs of different builds, and broken ones, are
# refused with the exact message, exit status 1 and no output file.
#
# Usage: symlist.sh <normal|asan|valgrind> <klp-convert> <klp-inspect> <outdir>
# (klp-symlist is the program beside klp-convert, "-asan" as it is)
# The patch of the series these tests need (tests/series/check.sh runs
# them at every prefix from it on):
# series: klp-symlist-refuse-a-kernel-that-cannot-take-a-livepatch
set -euo pipefail

mode=$1 tool=$2 out=$4
here=$(cd "$(dirname "$0")" && pwd)
expected=$here/expected
fixtures=$here/fixtures/symlist
# shellcheck source=modes.sh
. "$(dirname "$0")/modes.sh"
symlist=${tool/klp-convert/klp-symlist}
[ -x "$symlist" ] || { echo "symlist.sh: no $symlist" >&2; exit 1; }

rel=6.12.0-test
host_work symlist

# a module: mod.c and dup.c linked as the kernel links a .ko ($CROSS: the
# prefix of another architecture's compiler and linker)
module() {	# <file> <kernel name> <release> <crc of printk>
	"${CROSS:-}gcc" -c -O1 -fno-common -DMODNAME="$2" -DRELEASE="$3" \
		-DCRC="$4" ${BUILD_ID:+-DBUILD_ID="$BUILD_ID"} \
		-o "$1.mod.o" "$fixtures/mod.c"
	"${CROSS:-}gcc" -c -O1 -o "$1.dup.o" "$fixtures/dup.c"
	"${CROSS:-}ld" -r -o "$1" "$1.mod.o" "$1.dup.o"
	rm -f "$1.mod.o" "$1.dup.o"
}

# debug/: the modules as built; tree/: installed (strip --strip-debug,
# as INSTALL_MOD_STRIP=1), mod_a xz-compressed, modules.order
make_tree() {
	mkdir -p debug/kernel/a debug/kernel/b tree/kernel/a tree/kernel/b
	module debug/kernel/a/mod_a.ko mod_a "$rel" 0x1234abcd
	module debug/kernel/b/mod-b.ko mod_b "$rel" 0x1234abcd
	strip --strip-debug -o tree/kernel/a/mod_a.ko debug/kernel/a/mod_a.ko
	strip --strip-debug -o tree/kernel/b/mod-b.ko debug/kernel/b/mod-b.ko
	xz --check=crc32 tree/kernel/a/mod_a.ko
	printf 'kernel/b/mod-b.ko\nkernel/a/mod_a.ko\nkernel/c/builtin.ko\n' >tree/modules.order
	printf '%s\n' \
		'ffffffff81000000 T _text' \
		'ffffffff81000010 t dup_fn' \
		'ffffffff81000020 t dup_fn' \
		'ffffffff81000030 T printk' \
		'0000000000000000 A abs_sym' \
		'ffffffff81000040 D jiffies' \
		'ffffffff81000050 u unique_global' \
		'ffffffff81000060 W weak_fn' >System.map
	printf '0x%08x\t%s\t%s\t%s\t\n' \
		0x1234abcd printk vmlinux EXPORT_SYMBOL \
		0x00000001 jiffies vmlinux EXPORT_SYMBOL \
		0x00000002 exported_func kernel/a/mod_a EXPORT_SYMBOL_GPL \
		0x00000003 exported_func kernel/b/mod-b EXPORT_SYMBOL >Module.symvers
	# the kernel's configuration, beside Module.symvers as in a headers
	# package: a kernel that can take a livepatch
	printf '%s\n' 'CONFIG_MODULES=y' 'CONFIG_LIVEPATCH=y' 'CONFIG_KALLSYMS=y' \
		'CONFIG_KALLSYMS_ALL=y' >.config
}

sl() { "${wrap[@]}" "$symlist" "$@"; }

# run klp-symlist, expecting exit status $1; stdout and stderr in $2.out/.err
sl_status() {
	local want=$1 name=$2
	shift 2
	expect_status "$want" "$name" sl "$@"
}

base=(--system-map System.map --symvers Module.symvers --release "$rel")

# exit 1, exactly this message, no output file
refused() {	# <name> <message> <klp-symlist arguments>...
	local name=$1 msg=$2
	shift 2
	sl_status 1 "$name" "$@" -o "$name.list"
	printf '%s\n' "$msg" >"$name.expected"
	same_text "$name.expected" "$name.err"
	[ ! -e "$name.list" ] || die "$name.list written"
	if compgen -G "$name.list.*" >/dev/null; then
		die "temporary file left: $(echo "$name".list.*)"
	fi
	return 0
}

t_list_exact() {
	sl_status 0 full "${base[@]}" --modules tree --debug-modules debug -o full.list
	same_text "$expected/symlist-basic.list" full.list
	[ ! -s full.err ] || die "stderr: $(cat full.err)"
}

# without debug inputs only the <file> fields change, to "-"
t_no_debug_inputs() {
	sl_status 0 plain "${base[@]}" --modules tree -o plain.list
	awk '!/^[*k]/ { $4 = "-" } 1' "$expected/symlist-basic.list" >plain.expected
	same_text plain.expected plain.list
}

# every compression gives the same list, with any number of threads
t_compressions_and_threads() {
	local f
	cp -a tree tree2
	xz -d tree2/kernel/a/mod_a.ko.xz
	zstd -q --rm tree2/kernel/a/mod_a.ko
	gzip -n tree2/kernel/b/mod-b.ko
	for j in 1 2 5; do
		sl_status 0 "j$j" "${base[@]}" --modules tree2 --debug-modules debug -j "$j" -o "j$j.list"
		same_text "$expected/symlist-basic.list" "j$j.list"
	done
	for f in tree2/kernel/a/mod_a.ko.zst tree2/kernel/b/mod-b.ko.gz; do
		[ -f "$f" ] || die "no $f"
	done
}

t_err_other_release() {
	rm -rf other && cp -a tree other
	module other/kernel/b/mod-b.ko mod_b 6.12.1-other 0x1234abcd
	refused other "klp-symlist: other/kernel/b/mod-b.ko: vermagic release 6.12.1-other, but $rel: modules of another kernel" \
		"${base[@]}" --modules other
	# without --release: the first module's
	refused other2 "klp-symlist: other/kernel/a/mod_a.ko.xz: vermagic release $rel, but 6.12.1-other in other/kernel/b/mod-b.ko: modules of another kernel" \
		--system-map System.map --symvers Module.symvers --modules other
}

t_err_crc() {
	rm -rf crc && cp -a tree crc
	module crc/kernel/b/mod-b.ko mod_b "$rel" 0x0badc0de
	refused crc "klp-symlist: crc/kernel/b/mod-b.ko: imports printk with CRC 0x0badc0de, but Module.symvers gives 0x1234abcd: the modules and Module.symvers are from different builds" \
		"${base[@]}" --modules crc
}

t_err_export_not_in_symvers() {
	grep -v 'kernel/b/mod-b' Module.symvers >nob.symvers
	refused nob "klp-symlist: tree/kernel/b/mod-b.ko: exports exported_func, which nob.symvers does not give to mod_b: the modules and Module.symvers are from different builds" \
		--system-map System.map --symvers nob.symvers --modules tree
}

t_err_symvers_of_other_build() {
	cp Module.symvers more.symvers
	printf '0x00000009\tgone_func\tvmlinux\tEXPORT_SYMBOL\t\n' >>more.symvers
	refused more "klp-symlist: more.symvers: 1 exports are not symbols of their object (first: gone_func of vmlinux): Module.symvers is of another build" \
		--system-map System.map --symvers more.symvers --modules tree
	# Without CONFIG_KALLSYMS_ALL (forced), kallsyms has no exported
	# variable of any build (Debian's ppc64el 6.1 and s390x 6.1): the
	# check would refuse every such kernel, so it is not made.
	printf '%s\n' 'CONFIG_LIVEPATCH=y' 'CONFIG_KALLSYMS=y' >noall.config
	sl_status 0 noall-more --system-map System.map --symvers more.symvers \
		--modules tree --config noall.config --force -o noall-more.list
	grep -qx "\*mod_b" noall-more.list || die "no block of mod_b in noall-more.list"
	refused more-all "klp-symlist: more.symvers: 1 exports are not symbols of their object (first: gone_func of vmlinux): Module.symvers is of another build" \
		--system-map System.map --symvers more.symvers --modules tree --force
}

t_err_debug_build_id() {
	rm -rf dbg && cp -a debug dbg
	module dbg/kernel/b/mod-b.ko mod_b "$rel" 0x1234abcd
	objcopy --add-section .note.gnu.build-id=/dev/null dbg/kernel/b/mod-b.ko 2>/dev/null || true
	# Build IDs only where both carry one: give both, differing
	printf '\x04\x00\x00\x00\x04\x00\x00\x00\x03\x00\x00\x00GNU\x00\x01\x02\x03\x04' >id1
	printf '\x04\x00\x00\x00\x04\x00\x00\x00\x03\x00\x00\x00GNU\x00\x05\x06\x07\x08' >id2
	rm -rf bid && cp -a tree bid
	objcopy --remove-section .note.gnu.build-id --add-section .note.gnu.build-id=id1 \
		bid/kernel/b/mod-b.ko
	objcopy --remove-section .note.gnu.build-id --add-section .note.gnu.build-id=id2 \
		dbg/kernel/b/mod-b.ko
	refused bid "klp-symlist: bid/kernel/b/mod-b.ko: Build ID differs from that of dbg/kernel/b/mod-b.ko: the debug module is of another build" \
		"${base[@]}" --modules bid --debug-modules dbg
}

t_err_corrupt_module() {
	rm -rf cor && cp -a tree cor
	head -c 200 tree/kernel/a/mod_a.ko.xz >cor/kernel/a/mod_a.ko.xz
	sl_status 1 cor "${base[@]}" --modules cor -o cor.list
	grep -q '^klp-symlist: cor/kernel/a/mod_a.ko.xz: ' cor.err || die "$(cat cor.err)"
	[ ! -e cor.list ] || die "cor.list written"
	rm -rf cor && cp -a tree cor
	echo 'not an ELF file' >cor/kernel/b/mod-b.ko
	refused notelf "klp-symlist: cor/kernel/b/mod-b.ko: not an ELF file" \
		"${base[@]}" --modules cor
}

t_err_same_module_twice() {
	rm -rf twice && cp -a tree twice
	mkdir -p twice/updates
	cp twice/kernel/b/mod-b.ko twice/updates/mod_b.ko
	refused twice "klp-symlist: twice/updates/mod_b.ko: module mod_b again (also twice/kernel/b/mod-b.ko): give a tree with one of them" \
		"${base[@]}" --modules twice
}

# "vmlinux" is the kernel's block (fuzz reproducer module-named-vmlinux)
t_err_module_named_vmlinux() {
	rm -rf vm && mkdir -p vm/kernel
	module vm/kernel/vmlinux.ko vmlinux "$rel" 0x1234abcd
	refused vm "klp-symlist: vm/kernel/vmlinux.ko: module name 'vmlinux' is not a kernel module name" \
		"${base[@]}" --modules vm
}

t_err_inputs() {
	printf 'ffffffff81000000 T _text\nnot a map line\n' >bad.map
	refused badmap "klp-symlist: bad.map:2: expected '<hex address> <type letter> <name>' as in System.map and /proc/kallsyms" \
		--system-map bad.map --config .config
	printf '0x1\tprintk\n' >bad.symvers
	refused badsv "klp-symlist: bad.symvers: line 1: not a Module.symvers line (<crc>\\t<symbol>\\t<module>\\tEXPORT_SYMBOL[_GPL]\\t<namespace>)" \
		--system-map System.map --symvers bad.symvers
	mkdir -p empty
	refused empty "klp-symlist: empty: no modules (.ko, .ko.xz, .ko.zst, .ko.gz)" \
		"${base[@]}" --modules empty
	cp System.map same.list
	sl_status 1 same --system-map same.list -o same.list
	printf 'klp-symlist: same.list: is the input same.list: not overwriting it\n' >same.expected
	same_text same.expected same.err
	cmp -s System.map same.list || die "the input same.list changed"
}

# an empty Module.symvers (a kernel that exports nothing) flags nothing;
# under ASan it once leaked its hash table (fuzz reproducer
# empty-symvers-htable-leak)
# A /proc/kallsyms dump: its vmlinux lines, all of them (a dump shows
# what kallsyms keeps), none of a module or a pseudo-module
t_kallsyms_dump() {
	printf '%s\n' \
		'ffffffff81000000 T _text' \
		'ffffffff81000010 t dup_fn' \
		'ffffffff81000020 t __pfx_dup_fn' \
		'ffffffffc0000000 t mod_fn	[mod_a]' \
		'ffffffffc0000010 t bpf_prog_1	[bpf]' \
		'ffffffffc0000020 t ftrace_tramp	[__builtin__ftrace]' >dump.txt
	sl_status 0 dump --kallsyms dump.txt --config .config -o dump.list
	awk '/^\*vmlinux$/ { on = 1; next } /^\*/ { on = 0 } on' dump.list >dump.block
	printf '%s\n' 'T - _text -' 't - dup_fn -' 't - __pfx_dup_fn -' >dump.expected
	same_text dump.expected dump.block
}

# klp-symlist and klp-convert read System.map and /proc/kallsyms lines with
# one reader (kallsyms-line.c): the same line, the same message
t_err_kallsyms_lines() {
	local long i=0 line msg
	long=$(printf 'a%.0s' $(seq 512))
	# verify reads the module first: a converted one
	"$tool" "$out/symbols-basic.list" "$out/lp.ko" lpc.ko
	while IFS='|' read -r line msg; do
		i=$((i + 1))
		printf 'ffffffff81000000 T _text\n%b' "$line" >"line$i.txt"
		refused "line$i" "klp-symlist: line$i.txt:2: $msg" \
			--kallsyms "line$i.txt" --config .config
		expect_status 1 "line$i.verify" "${wrap[@]}" "$tool" verify "line$i.txt" lpc.ko
		printf 'klp-convert: line%s.txt:2: %s\n' "$i" "$msg" >"line$i.verify.expected"
		same_text "line$i.verify.expected" "line$i.verify.err"
	done <<-EOF
	ffffffff81000010 t x\t[mod\n|expected '[<module>]' after the tab
	ffffffff81000010 t x\t[m.o]\n|bad module name in '[<module>]'
	1ffffffff81000010 t x\n|expected '<hex address> <type letter> <name>' as in System.map and /proc/kallsyms
	ffffffff81000010 # x\n|expected '<hex address> <type letter> <name>' as in System.map and /proc/kallsyms
	ffffffff81000010 t x y\n|empty symbol name or a space or control character in it
	ffffffff81000010 t $long\n|symbol name longer than kallsyms keeps (KSYM_NAME_LEN)
	ffffffff81000010 t x|last line has no newline (truncated?)
	EOF
}

t_empty_symvers() {
	: >empty.symvers
	sl_status 0 emptysv --system-map System.map --symvers empty.symvers -o emptysv.list
	awk '/^\*mod/ { exit } /^[A-Za-z] / { $2 = "-"; $4 = "-" } 1' \
		"$expected/symlist-basic.list" >emptysv.expected
	same_text emptysv.expected emptysv.list
	[ ! -s emptysv.err ] || die "stderr: $(cat emptysv.err)"
}

# the output is never partly written: a failure leaves the old file
t_err_keeps_old_output() {
	echo old >keep.list
	sl_status 1 keep --system-map bad.map -o keep.list
	[ "$(cat keep.list)" = old ] || die "keep.list changed"
}

# The unstripped modules as their own debug modules: the STT_FILE symbols
# of both are skipped alike, the files come through.
t_unstripped_tree() {
	rm -rf unstripped && cp -a debug unstripped
	cp tree/modules.order unstripped/
	sl_status 0 unstripped "${base[@]}" --modules unstripped \
		--debug-modules unstripped -o unstripped.list
	same_text "$expected/symlist-basic.list" unstripped.list
}

# A name longer than kallsyms keeps is left out (no livepatch symbol can
# name it, and it moves no position), a file name longer than NAME_MAX is
# unknown: a record is bounded whatever the symbol table says.
t_long_names() {
	local long file
	long=$(printf 'a%.0s' $(seq 600))
	file=$(printf 'f%.0s' $(seq 300)).c
	rm -rf longtree && mkdir -p longtree/kernel
	printf '%s\n' \
		"	.file \"$file\"" \
		'	.section .modinfo, "a"' \
		'	.asciz "name=mod_long"' \
		"	.asciz \"vermagic=$rel SMP \"" \
		'	.text' \
		"$long:	ret" \
		'short_one:	ret' >long.S
	gcc -c -o longtree/kernel/mod_long.ko long.S
	sl_status 0 long --system-map System.map --modules longtree \
		--debug-modules longtree --config .config -o long.list
	awk '/^\*mod_long$/ { on = 1; next } /^\*/ { on = 0 } on' long.list >long.block
	printf 't - short_one -\n' >long.expected
	same_text long.expected long.block
}

# A kernel that cannot take a livepatch gets no list (unless --force):
# without CONFIG_LIVEPATCH, without CONFIG_KALLSYMS_ALL (kallsyms then has
# functions only), or with no configuration to tell.
t_err_config() {
	printf '%s\n' 'CONFIG_KALLSYMS_ALL=y' '# CONFIG_LIVEPATCH is not set' >nolp.config
	printf '%s\n' 'CONFIG_LIVEPATCH=y' 'CONFIG_KALLSYMS=y' >noall.config
	refused nolp "klp-symlist: nolp.config: CONFIG_LIVEPATCH is not set: this kernel cannot load a livepatch (--force writes the list anyway)" \
		"${base[@]}" --modules tree --config nolp.config
	refused noall "klp-symlist: noall.config: CONFIG_KALLSYMS_ALL is not set: the kernel cannot resolve a livepatch's references to data (--force writes the list anyway)" \
		"${base[@]}" --modules tree --config noall.config
	mkdir -p nocfg && cp Module.symvers nocfg/
	refused nocfg "klp-symlist: nocfg/Module.symvers: no kernel configuration (.config beside Module.symvers, /boot/config-<release>): give --config, or --force" \
		--system-map System.map --symvers nocfg/Module.symvers --release "$rel" --modules tree
	# forced: the same list as for a kernel that can take a livepatch
	sl_status 0 forced "${base[@]}" --modules tree --debug-modules debug \
		--config nolp.config --force -o forced.list
	same_text "$expected/symlist-basic.list" forced.list
	sl_status 0 forced2 --system-map System.map --symvers nocfg/Module.symvers \
		--release "$rel" --modules tree --debug-modules debug --force -o forced2.list
	same_text "$expected/symlist-basic.list" forced2.list
}

# Modules of the other byte order (s390x) and of ppc64le: the 8-byte
# __versions CRC and the Build ID note are read in the module's byte order
# (an s390x module's CRC once read as its high half, 0, and its Build ID
# not at all).
cross_tree() {	# <dir> <cross prefix> <crc of printk> <Build ID word>
	local d=$1
	rm -rf "$d" && mkdir -p "$d/kernel/a" "$d/kernel/b"
	CROSS=$2 module "$d/kernel/a/mod_a.ko" mod_a "$rel" 0x1234abcd
	CROSS=$2 BUILD_ID=$4 module "$d/kernel/b/mod-b.ko" mod_b "$rel" "$3"
}

t_other_arch_modules() {
	local arch cross
	for arch in s390x ppc64le; do
		case $arch in
		s390x) cross=s390x-linux-gnu- ;;
		ppc64le) cross=powerpc64le-linux-gnu- ;;
		esac
		cross_tree "$arch" "$cross" 0x1234abcd 0x01020304
		cross_tree "$arch-dbg" "$cross" 0x1234abcd 0x01020304
		cross_tree "$arch-crc" "$cross" 0x0badc0de 0x01020304
		cross_tree "$arch-bid" "$cross" 0x1234abcd 0x05060708
		readelf -SW "$arch/kernel/b/mod-b.ko" | grep -q 'build-id  *NOTE' ||
			die "$arch: no SHT_NOTE Build ID section"
		sl_status 0 "$arch" "${base[@]}" --modules "$arch" \
			--debug-modules "$arch-dbg" -o "$arch.list"
		grep -qx '\*mod_b' "$arch.list" || die "$arch: no mod_b in the list"
		refused "$arch-crc" "klp-symlist: $arch-crc/kernel/b/mod-b.ko: imports printk with CRC 0x0badc0de, but Module.symvers gives 0x1234abcd: the modules and Module.symvers are from different builds" \
			"${base[@]}" --modules "$arch-crc"
		refused "$arch-bid" "klp-symlist: $arch-bid/kernel/b/mod-b.ko: Build ID differs from that of $arch-dbg/kernel/b/mod-b.ko: the debug module is of another build" \
			"${base[@]}" --modules "$arch-bid" --debug-modules "$arch-dbg"
	done
}

make_tree
tests=(t_list_exact t_no_debug_inputs t_compressions_and_threads
       t_err_other_release t_err_crc
       t_err_export_not_in_symvers t_err_symvers_of_other_build
       t_err_debug_build_id t_err_corrupt_module t_err_same_module_twice
       t_err_module_named_vmlinux t_err_inputs t_kallsyms_dump t_err_kallsyms_lines
       t_empty_symvers t_err_keeps_old_output
       t_unstripped_tree t_long_names t_err_config t_other_arch_modules)
run_tests "symlist/" "${tests[@]}"
