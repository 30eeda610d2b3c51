#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of klp-convert verify and audit, and of the conversion
# record they read (.klp_convert.intent): the fixture livepatch converted
# with symbols-basic.list, checked against that list, against lists where
# its symbols moved, vanished or became ambiguous, and against a
# /proc/kallsyms dump made from it.  Every test compares the exact output
# and exit status.
#
# Usage: verify.sh <normal|asan|valgrind> <klp-convert> <klp-inspect> <outdir>
# The patch of the series these tests need (tests/series/check.sh runs
# them at every prefix from it on):
# series: klp-convert-verify-and-audit-converted-modules
set -euo pipefail

mode=$1 tool=$2 out=$4
here=$(cd "$(dirname "$0")" && pwd)
expected=$here/expected
# shellcheck source=modes.sh
. "$(dirname "$0")/modes.sh"

host_work verify
cp "$out"/lp.ko "$out"/lp_funcs.ko "$out"/symbols-basic.list \
	"$out"/lp_scope_annotated.ko "$out"/symbols-scope.list .

klp() { "${wrap[@]}" "$tool" "$@"; }

# run klp-convert, expecting exit status $1; stdout in $2.out, stderr $2.err
klp_status() {
	local want=$1 name=$2 rc=0
	shift 2
	klp "$@" >"$name.out" 2>"$name.err" || rc=$?
	[ "$rc" -eq "$want" ] ||
		die "exit status $rc, expected $want: $(head -3 "$name.out" "$name.err")"
}

converted() {
	[ -e lpc.ko ] || klp symbols-basic.list lp.ko lpc.ko
}

# symbols-basic.list with sed expressions applied
list_with() {
	local name=$1
	shift
	sed "$@" symbols-basic.list >"$name"
	cmp -s "$name" symbols-basic.list && die "$name: the edit changed nothing"
	return 0
}

# /proc/kallsyms of a kernel whose symbols are those of symbols-basic.list:
# made-up addresses in list order, live modules without init symbols, and
# their type letters in upper case for exports only (kernel/kallsyms.c)
kallsyms_dump() {	# <list> <dump>
	awk 'BEGIN { a = 4096 }
	     /^\*/ { obj = substr($0, 2); gsub("-", "_", obj); next }
	     /^[#k]/ || obj ~ /long_name/ { next }
	     { a += 16 }
	     obj == "vmlinux" { printf "ffffffff81%06x %s %s\n", a, $1, $3; next }
	     $2 !~ /i/ { printf "ffffffffc0%06x %s %s\t[%s]\n", a,
			 $2 ~ /x/ ? toupper($1) : tolower($1), $3, obj }' \
		"$1" >"$2"
	printf 'ffffffffc0300000 t bpf_prog_x\t[bpf]\n' >>"$2"
}

t_intent_record() {
	converted
	objcopy --dump-section .klp_convert.intent=intent.txt lpc.ko dumped.ko
	same_text "$expected/basic.intent" intent.txt
	# not loaded: PROGBITS without SHF_ALLOC
	readelf -SW lpc.ko | grep -E '\] \.klp_convert\.intent +PROGBITS' >intent.sec ||
		die "no PROGBITS .klp_convert.intent section"
	grep -qE ' [WXMSILOGTCxoE]*A[WXMSILOGTCxoE]* ' intent.sec &&
		die "the record is SHF_ALLOC: $(cat intent.sec)"
	return 0
}

t_verify_list() {
	converted
	klp_status 0 ok verify symbols-basic.list lpc.ko
	same_text "$expected/verify-list.out" ok.out
	[ ! -s ok.err ] || die "stderr: $(cat ok.err)"
}

t_verify_moved() {
	converted
	list_with shifted.list -e 's/^d - dup_var a\.c$/d - dup_var X/' \
		-e 's/^d - dup_var b\.c$/d - dup_var a.c/' -e 's/^d - dup_var X$/d - dup_var b.c/'
	klp_status 1 moved verify shifted.list lpc.ko
	grep -v '^OK ' moved.out >moved.txt
	printf '%s\n' \
		"MOVED   vmlinux dup_var,2: binds to d dup_var (a.c), but it was converted for d dup_var (b.c); 1 relocation, first at .text (lp_cmdline_show+0x6)" \
		"verify: lpc.ko against shifted.list: 12 entries, 11 OK, 1 MOVED" >moved.expected
	same_text moved.expected moved.txt
}

t_verify_failures() {
	converted
	list_with bad.list -e '/^d - mod_var mod\.c$/d' \
		-e 's/^D - pcpu_counter -$/&\nd - pcpu_counter percpu.c/' \
		-e '/^d - dup_var a\.c$/d' -e 's/^T x printk -$/T - printk -/'
	klp_status 1 bad verify bad.list lpc.ko
	grep -v '^OK ' bad.out >bad.txt
	printf '%s\n' \
		"FAIL    vmlinux pcpu_counter,0: 2 symbols 'pcpu_counter' in vmlinux, position 0 needs exactly one: the kernel refuses the patch; 1 relocation, first at .text (lp_asm_func+0x4)" \
		"FAIL    mod_a mod_var,0: no symbol 'mod_var' in mod_a: the kernel refuses the patch; 2 relocations, first at .text (lp_cmdline_show+0x46)" \
		"FAIL    vmlinux dup_var,2: 1 symbols 'dup_var' in vmlinux, no position 2: the kernel refuses the patch; 1 relocation, first at .text (lp_cmdline_show+0x6)" \
		"FAIL    export printk: exported by no object of the target: the module loader refuses the patch (Unknown symbol)" \
		"verify: lpc.ko against bad.list: 12 entries, 8 OK, 4 FAIL" >bad.expected
	same_text bad.expected bad.txt
}

# a module symbol that became init: only one load order works
t_verify_init() {
	converted
	list_with init.list -e 's/^t - setup mod_a\.c$/t i setup mod_a.c/'
	klp_status 1 init verify init.list lpc.ko
	has_line init.out "INIT    mod_a setup,1: no symbol 'setup' in mod_a's core symbols: the kernel refuses the patch if 'mod_a' is already live; it resolves only if 'mod_a' loads after the patch; 1 relocation, first at .text (lp_cmdline_show+0x40)"
	list_with swap.list -e 's/^t - setup mod_a\.c$/X/' \
		-e 's/^t i setup mod_a_init\.c$/t - setup mod_a.c/' -e 's/^X$/t i setup mod_a_init.c/'
	klp_status 1 swap verify swap.list lpc.ko
	has_line swap.out "FAIL    mod_a setup,1: binds to different symbols whether 'mod_a' loads after the patch (position among all 2) or is already live (among 1 core symbols); 1 relocation, first at .text (lp_cmdline_show+0x40)"
}

# a call to data, a load from text
t_verify_suspect() {
	converted
	list_with types.list -e 's/^t - unexported_func main\.c$/d - unexported_func main.c/' \
		-e 's/^D - saved_command_line -$/T - saved_command_line -/'
	klp_status 1 types verify types.list lpc.ko
	grep -v '^OK ' types.out >types.txt
	printf '%s\n' \
		"MOVED   vmlinux saved_command_line,0: binds to T saved_command_line, but it was converted for D saved_command_line; 4 relocations, first at .text (lp_cmdline_show+0xd)" \
		"MOVED   vmlinux unexported_func,0: binds to d unexported_func (main.c), but it was converted for t unexported_func (main.c); 5 relocations, first at .text (lp_cmdline_show+0x20)" \
		"verify: lpc.ko against types.list: 12 entries, 10 OK, 2 MOVED" >types.expected
	same_text types.expected types.txt
	# without a conversion record, the uses still tell
	objcopy --remove-section=.klp_convert.intent lpc.ko norecord.ko
	klp_status 1 suspect verify types.list norecord.ko
	grep -v '^OK ' suspect.out >suspect.txt
	printf '%s\n' \
		"SUSPECT vmlinux saved_command_line,0: read or written as data, but 'saved_command_line' is text (type T); 4 relocations, first at .text (lp_cmdline_show+0xd)" \
		"SUSPECT vmlinux unexported_func,0: called or jumped to, but 'unexported_func' is not text (type d); 5 relocations, first at .text (lp_cmdline_show+0x20)" \
		"verify: norecord.ko against types.list: 12 entries, 10 OK, 2 SUSPECT" >suspect.expected
	same_text suspect.expected suspect.txt
}

t_verify_kallsyms() {
	converted
	kallsyms_dump symbols-basic.list kallsyms.txt
	klp_status 0 dump verify kallsyms.txt lpc.ko
	same_text "$expected/verify-kallsyms.out" dump.out
	# a global module symbol that is not exported reads 'd' in the dump, 'D'
	# in the list and the conversion record: the same symbol
	list_with global.list -e 's/^d - mod_var mod\.c$/D - mod_var -/'
	klp global.list lp.ko lpg.ko
	kallsyms_dump global.list global.txt
	grep -q '^ffffffffc0[0-9a-f]* d mod_var	\[mod_a\]$' global.txt || die "no 'd mod_var' in the dump"
	klp_status 0 global verify global.txt lpg.ko
	has_line global.out "OK      mod_a mod_var,0: d mod_var, unique in mod_a [0xffffffffc00010d0]; 2 relocations, first at .text (lp_cmdline_show+0x46)"
	# mod_a not loaded: its symbols cannot be checked yet
	grep -v '\[mod_a\]$' kallsyms.txt >nomod.txt
	klp_status 1 nomod verify nomod.txt lpc.ko
	grep -c "^UNKNOWN mod_a [a-z_]*,[01]: module 'mod_a' is not loaded in this dump; the kernel resolves it when the module loads; " nomod.out >nomod.count
	[ "$(cat nomod.count)" = 3 ] || die "expected 3 UNKNOWN mod_a lines: $(cat nomod.out)"
	has_line nomod.out "verify: lpc.ko against nomod.txt: 12 entries, 9 OK, 3 UNKNOWN"
	# one more dup_var in the dump: position 2 may now name another one
	awk '{ print } / d dup_var$/ && ++n == 2 { print "ffffffff81001068 d dup_var" }' \
		kallsyms.txt >more.txt
	klp_status 1 more verify more.txt lpc.ko
	has_line more.out "CHANGED vmlinux dup_var,2: 3 symbols 'dup_var' in vmlinux here, 2 at conversion: position 2 may name another one than d dup_var (b.c) [0xffffffff81001060]; 1 relocation, first at .text (lp_cmdline_show+0x6)"
}

# the functions a patch replaces: its klp_object and klp_func arrays
t_verify_funcs() {
	klp_status 1 funcs verify symbols-basic.list lp_funcs.ko
	printf '%s\n' \
		"OK      func vmlinux unexported_func,0: t unexported_func (main.c), unique in vmlinux; klp_func at .data (vmlinux_funcs+0x0)" \
		"SUSPECT func vmlinux dup_var,2: 'dup_var' is not a function (type d); klp_func at .data (vmlinux_funcs+0x98)" \
		"FAIL    func vmlinux nosuch,0: no symbol 'nosuch' in vmlinux: the kernel refuses the patch; klp_func at .data (vmlinux_funcs+0x130)" \
		"OK      func mod_a setup,1: t setup (mod_a.c), number 1 of 2 in mod_a; klp_func at .data (mod_a_funcs+0x0)" \
		"verify: lp_funcs.ko against symbols-basic.list: 4 entries, 2 OK, 1 SUSPECT, 1 FAIL" >funcs.expected
	same_text funcs.expected funcs.out
	list_with funcs.list -e 's/^t - setup mod_a\.c$/t - setup mod_a2.c\nt - setup mod_a.c/' \
		-e '/^t i setup mod_a_init\.c$/d'
	klp_status 1 funcs2 audit symbols-basic.list funcs.list lp_funcs.ko
	has_line funcs2.out "MOVED     mod_a setup,1: was t setup (mod_a.c), now t setup (mod_a2.c)"
}

t_verify_json() {
	converted
	klp_status 0 json verify --json symbols-basic.list lpc.ko
	[ "$(grep -vc '^{.*}$' json.out)" = 0 ] || die "not one JSON object per line"
	has_line json.out '{"verdict":"OK","livepatch_symbol":".klp.sym.vmlinux.dup_var,2","object":"vmlinux","symbol":"dup_var","sympos":2,"reason":"d dup_var (b.c), number 2 of 2 in vmlinux","type":"d","file":"b.c","relocations":1,"first_use":".text (lp_cmdline_show+0x6)"}'
	has_line json.out '{"summary":"verify","module":"lpc.ko","target":"symbols-basic.list","entries":12,"OK":12,"SUSPECT":0,"INIT":0,"CHANGED":0,"MOVED":0,"UNKNOWN":0,"FAIL":0,"ok":true}'
}

t_verify_errors() {
	converted
	printf 'hello\n' >junk.txt
	klp_status 1 junk verify junk.txt lpc.ko
	printf '%s\n' "klp-convert: junk.txt:1: not a Symbols.list: the first line must be 'klp-convert-symbol-data.1'" >junk.expected
	same_text junk.expected junk.err
	printf 'ffffffff81000000 T _text\nffffffff81000010 t x\t[mod\n' >cut.txt
	klp_status 1 cut verify cut.txt lpc.ko
	printf '%s\n' "klp-convert: cut.txt:2: expected '[<module>]' after the tab" >cut.expected
	same_text cut.expected cut.err
	printf 'ffffffff81000000 T _text\nffffffffc0000000 t a\t[m1]\nffffffffc0000010 t b\t[m2]\nffffffffc0000020 t c\t[m1]\n' >mixed.txt
	klp_status 1 mixed verify mixed.txt lpc.ko
	printf '%s\n' "klp-convert: mixed.txt:4: symbols of one object are not contiguous; not a /proc/kallsyms dump" >mixed.expected
	same_text mixed.expected mixed.err
	# a damaged conversion record is reported, and verify goes on without it
	printf 'klp-convert intent 1\nvmlinux x\n' >badrec.txt
	objcopy --update-section .klp_convert.intent=badrec.txt lpc.ko badrec.ko
	klp_status 0 badrec verify symbols-basic.list badrec.ko
	printf '%s\n' "klp-convert: badrec.ko: section .klp_convert.intent is not a klp-convert conversion record; it is ignored" >badrec.expected
	same_text badrec.expected badrec.err
	# an empty record (only its header): nothing to compare, no error
	printf 'klp-convert intent 1\n' >emptyrec.txt
	objcopy --update-section .klp_convert.intent=emptyrec.txt lpc.ko emptyrec.ko
	klp_status 0 emptyrec verify symbols-basic.list emptyrec.ko
	[ ! -s emptyrec.err ] || die "stderr: $(cat emptyrec.err)"
	# and conversion refuses to extend a damaged one
	klp_status 1 badconv symbols-basic.list badrec.ko badconv.ko
	printf '%s\n' "klp-convert: badrec.ko: section .klp_convert.intent is not a klp-convert conversion record; remove it (objcopy --remove-section)" >badconv.expected
	same_text badconv.expected badconv.err
	[ ! -e badconv.ko ] || die "output written"
	klp_status 2 usage verify symbols-basic.list
	has_line usage.err "klp-convert: verify: expected 2 arguments"
}

t_audit_module() {
	converted
	klp_status 0 same audit symbols-basic.list symbols-basic.list lpc.ko
	printf '%s\n' "audit: lpc.ko against symbols-basic.list: 10 entries, 10 OK" >same.expected
	same_text same.expected same.out
	list_with audit.list -e 's/^d - dup_var a\.c$/d - dup_var X/' \
		-e 's/^d - dup_var b\.c$/d - dup_var a.c/' -e 's/^d - dup_var X$/d - dup_var b.c/' \
		-e 's/^D - pcpu_counter -$/&\nd - pcpu_counter percpu.c/' \
		-e '/^d - mod_var mod\.c$/d' -e 's/^t - local_helper\.isra\.0 util\.c$/d - local_helper.isra.0 util.c/'
	klp_status 1 audit audit symbols-basic.list audit.list lpc.ko
	printf '%s\n' \
		"AMBIGUOUS vmlinux pcpu_counter,0: was D pcpu_counter; now 2 symbols 'pcpu_counter' in vmlinux, position 0 needs exactly one: the kernel refuses the patch" \
		"TYPE      vmlinux local_helper.isra.0,0: was t local_helper.isra.0 (util.c), now d local_helper.isra.0 (util.c)" \
		"GONE      mod_a mod_var,0: was d mod_var (mod.c); now no symbol 'mod_var' in mod_a: the kernel refuses the patch" \
		"MOVED     vmlinux dup_var,2: was d dup_var (b.c), now d dup_var (a.c)" \
		"audit: lpc.ko against audit.list: 10 entries, 6 OK, 4 MOVED" >audit.expected
	same_text audit.expected audit.out
}

t_audit_lists() {
	list_with lists.list -e 's/^d - dup_var a\.c$/d - dup_var X/' \
		-e 's/^d - dup_var b\.c$/d - dup_var a.c/' -e 's/^d - dup_var X$/d - dup_var b.c/' \
		-e 's/^t - amb_func m\.c$/&\nt - amb_func m2.c/'
	klp_status 1 lists audit symbols-basic.list lists.list
	printf '%s\n' \
		"SHIFTED   vmlinux dup_var: was [d a.c, d b.c], now [d b.c, d a.c]" \
		"AMBIGUOUS mod_a amb_func: was [t m.c], now [t m.c, t m2.c]" \
		"audit: - against lists.list: 2 entries, 2 MOVED" >lists.expected
	same_text lists.expected lists.out
	klp_status 0 nolists audit symbols-basic.list symbols-basic.list
}

# A reference its annotation binds to an object the patch has no
# klp_object for: converted as written, but never written by the core.
t_verify_undeclared() {
	klp symbols-scope.list lp_scope_annotated.ko undeclared.ko
	klp_status 1 undeclared verify symbols-scope.list undeclared.ko
	printf '%s\n' \
		"OK      mod_a mod_var,0: d mod_var (mod.c), unique in mod_a; 2 relocations, first at .text (new_unexported_func+0x8)" \
		"FAIL    mod_b mod_b_var,0: the patch has no klp_object for 'mod_b': the livepatch core never writes its relocations (a kernel with klp-convert's series refuses the patch); 1 relocation, first at .text (new_unexported_func+0x2)" \
		"OK      func vmlinux unexported_func,0: t unexported_func (main.c), unique in vmlinux; klp_func at .data (vmlinux_funcs+0x0)" \
		"OK      func mod_a setup,1: t setup (mod_a.c), number 1 of 2 in mod_a; klp_func at .data (mod_a_funcs+0x0)" \
		"verify: undeclared.ko against symbols-scope.list: 4 entries, 3 OK, 1 FAIL" \
		>undeclared.expected
	same_text undeclared.expected undeclared.out
}

tests=(
	t_intent_record t_verify_list t_verify_moved t_verify_failures
	t_verify_init t_verify_suspect t_verify_kallsyms t_verify_funcs t_verify_json
	t_verify_errors t_audit_module t_audit_lists t_verify_undeclared
)

run_tests "verify/" "${tests[@]}"
