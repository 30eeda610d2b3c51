#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The distro test: livepatch Debian's own kernel (the release of
# config/kernel.env, tests/distro/vars.sh) from its packages, without
# building a kernel:
#
#   1. fetch.sh: the signed image, headers and kbuild packages (once);
#   2. klp-convert, klp-symlist, klp-convert-build and klp-convert-annotations.h installed
#      into a prefix, as make install does; klp-convert-annotations.h in modules built
#      against Debian's headers (header.sh);
#   3. klp-symlist: Symbols.list from Debian's vmlinuz (or, with
#      DISTRO_SYMLIST_FROM=kallsyms, from /proc/kallsyms of a first boot),
#      Module.symvers and its module tree, for its release;
#   4. klp-convert-build: tests/distro/livepatch against Debian's headers,
#      converted and signed;
#   5. negatives: a position past the last one refused at conversion with
#      klp-convert's message; modules of another build refused by
#      klp-symlist --release;
#   6. QEMU (TCG, KASLR on) boots Debian's vmlinuz with a busybox
#      initramfs holding Debian's minix.ko(.xz) (as packaged) and the
#      livepatch; tests/distro/guest.sh checks every address the livepatch
#      got against /proc/kallsyms, with minix loaded before and after the
#      patch.
#
# Prints "PASS: distro: ..." / "FAIL: distro: ..." lines, the time of each
# step, and "N passed, N failed" last.
#
# Environment: DISTRO_KERNEL=6.12|6.1 (default 6.12; tests/distro/vars.sh),
# DISTRO_SYMLIST_FROM=vmlinuz|kallsyms (default vmlinuz),
# GUEST_TIMEOUT (seconds, default 600).

# The step functions run through timed():
# shellcheck disable=SC2317
set -uo pipefail
# shellcheck source=../../scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"
# shellcheck source=../lib/verdict.sh
. "$TOP/tests/lib/verdict.sh"
# shellcheck source=vars.sh
. "$TOP/tests/distro/vars.sh"
# 6.12's verdicts keep their names; 6.1's say which kernel
if [ "$DISTRO_KERNEL" = 6.12 ]; then
	VERDICT_PREFIX="distro: "
	work=$BUILD/distro
else
	VERDICT_PREFIX="distro-$DISTRO_KERNEL: "
	work=$BUILD/distro-$DISTRO_KERNEL
fi
prefix=$work/prefix
from=${DISTRO_SYMLIST_FROM:-vmlinuz}
symbols=$work/Symbols.list
kdir=$DEB_KDIR
mkdir -p "$work"
declare -A took=()
timings=()
timed() {	# <step> <command>...: run it, record its seconds in took[<step>]
	local step=$1 t rc=0
	shift
	t=$(date +%s.%N)
	"$@" || rc=$?
	took[$step]=$(awk -v a="$t" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	timings+=("$step ${took[$step]}s")
	return "$rc"
}
finish() {
	log "distro timings: ${timings[*]}"
	verdict_summary
	exit
}

# ---- packages: the distro set of scripts/lib.sh (QEMU, busybox, kmod,
# gcc, pahole for the BTF of modules: Debian's headers have a vmlinux
# with BTF; openssl for the signing key)
mapfile -t pkgs < <(packages_of distro)
ensure_packages "${pkgs[@]}"

# ---- 1. Debian's packages
if timed fetch "$TOP/tests/distro/fetch.sh" > "$work/fetch.log" 2>&1; then
	pass "fetch $DEB_REL packages" "${took[fetch]}s"
else
	fail "fetch $DEB_REL packages" "$(tail -1 "$work/fetch.log")"
	finish
fi

# Debian's minix as packaged: minix.ko.xz (6.12), minix.ko (6.1)
minix_ko=$(find "$DEB_MODDIR/kernel/fs/minix" -name 'minix.ko*' 2>/dev/null | head -n 1)

# ---- 2. the tools, installed into a prefix
install_tools() {
	make -s -C "$TOP" -f mk/tool.mk tool || return 1
	if [ ! -x "$BUILD/bin/klp-symlist" ]; then
		make -s -C "$TOP" -f mk/tool.mk "$BUILD/bin/klp-symlist" || return 1
	fi
	rm -rf "$prefix"
	if grep -q '^install:' "$TOP/mk/tool.mk"; then
		make -s -C "$TOP" -f mk/tool.mk install PREFIX="$prefix"
	else
		# what make install does (see the report of the distro mode)
		install -D -m 0755 -t "$prefix/bin" "$BUILD/bin/klp-convert" \
			"$BUILD/bin/klp-symlist" "$TOP/linux/scripts/livepatch/klp-convert-build" &&
		install -D -m 0644 -t "$prefix/include" "$TOP/linux/scripts/livepatch/klp-convert-annotations.h"
	fi
}
if ! timed tools install_tools > "$work/tools.log" 2>&1; then
	fail "tools built and installed" "$(tail -1 "$work/tools.log")"
	finish
elif why=$(missing_inputs "$prefix/bin/klp-convert" "$prefix/bin/klp-symlist" \
			  "$prefix/bin/klp-convert-build" "$prefix/include/klp-convert-annotations.h"); then
	fail "tools built and installed" "$why"
	finish
else
	pass "tools built and installed" "${took[tools]}s"
fi
# klp-convert-build finds klp-convert and klp-convert-annotations.h next to it
PATH=$prefix/bin:$PATH
unset KLP_CONVERT KLP_CONVERT_INCLUDE

# klp-convert-annotations.h, installed, in modules built against Debian's headers
# (tests/distro/header.sh; its verdicts counted here)
while IFS= read -r line; do
	case $line in
	"PASS: distro: "*) pass "${line#PASS: distro: }" ;;
	"FAIL: distro: "*) fail "${line#FAIL: distro: }" ;;
	esac
done < <(KLP_CONVERT_INCLUDE=$prefix/include HEADERS_MAKEFILE=$DEB_HEADERS_COMMON/Makefile \
	"$TOP/tests/distro/header.sh" "$DEB_HEADERS" "Debian's headers" 2>&1)

# ---- boot Debian's kernel with a payload; the serial log in <dir>/serial.log
# Two CPUs (the transition of a patch on SMP) emulated by one host thread:
# with one thread per CPU (MTTCG), a CPU can still run the old translation
# of a call site that another CPU just rewrote with text_poke_bp(), hit an
# int3 the kernel no longer expects and oops. Debian's PREEMPT_DYNAMIC
# kernel rewrites every cond_resched() call site when a transition starts
# and ends (sched_dynamic_klp_enable()): seen once in force_qs_rnp().
# no_timer_check: under TCG on a loaded host, Debian's 6.1 kernel found
# the IO-APIC timer too slow and panicked ("IO-APIC + timer doesn't
# work!"), as virtual machines' kernels are told not to check.
boot() {	# <dir>: <dir>/payload has run-tests.sh
	local d=$1 rc=0
	"$TOP/scripts/mkinitramfs.sh" "$d/initramfs.cpio.gz" "$d/payload" || return 1
	timeout "${GUEST_TIMEOUT:-600}" qemu-system-x86_64 -accel tcg,thread=single \
		-cpu max -m 1G -smp 2 \
		-nographic -no-reboot -serial stdio -monitor none -display none \
		-kernel "$DEB_VMLINUZ" -initrd "$d/initramfs.cpio.gz" \
		-append "console=ttyS0 panic=-1 oops=panic loglevel=4 no_timer_check" \
		< /dev/null > "$d/serial.log" 2>&1 || rc=$?
	tr -d '\r' < "$d/serial.log" > "$d/serial.log.txt"
	return "$rc"
}

# ---- 3. Symbols.list
# From a kallsyms dump: a first boot of the kernel dumps /proc/kallsyms.
kallsyms_dump() {	# <output>
	local d=$work/probe n want
	rm -rf "$d"
	mkdir -p "$d/payload"
	cat > "$d/payload/run-tests.sh" <<'EOF'
echo
echo "KLPDUMP-BEGIN"
gzip -c /proc/kallsyms | base64
echo "KLPDUMP-END $(wc -l < /proc/kallsyms) lines"
EOF
	boot "$d" || { echo "probe boot failed"; return 1; }
	want=$(sed -n 's/^KLPDUMP-END \([0-9]*\) lines$/\1/p' "$d/serial.log.txt")
	# (the firmware's screen clearing may precede the first line)
	awk '/KLPDUMP-BEGIN$/ { p = 1; next } /^KLPDUMP-END / { exit } p' "$d/serial.log.txt" |
		base64 -d | gzip -dc > "$1" || { echo "damaged dump in $d/serial.log.txt"; return 1; }
	n=$(wc -l < "$1")
	if [ -z "$want" ] || [ "$n" != "$want" ]; then
		echo "dump of $n lines, the guest had ${want:-?}"
		return 1
	fi
}
make_symbols() {
	local src
	case $from in
	vmlinuz) src=(--vmlinuz "$DEB_VMLINUZ") ;;
	kallsyms)
		kallsyms_dump "$work/kallsyms.txt" || return 1
		src=(--kallsyms "$work/kallsyms.txt")
		;;
	*) echo "DISTRO_SYMLIST_FROM=$from: vmlinuz or kallsyms"; return 1 ;;
	esac
	rm -f "$symbols"
	klp-symlist -o "$symbols" "${src[@]}" --symvers "$DEB_HEADERS/Module.symvers" \
		--modules "$DEB_MODDIR" --release "$DEB_REL" -j 2
}
# the records of <name> in the block of <object>
records() {	# <object> <name>
	awk -v o="*$1" -v n="$2" '/^\*/ { in_o = ($0 == o); next } in_o && $3 == n' "$symbols"
}
if timed symlist make_symbols > "$work/symlist.log" 2>&1 && [ -s "$symbols" ]; then
	n_mods=$(grep -c '^\*' "$symbols")
	if [ "$(records vmlinux debugfs_root | wc -l)" != 2 ] ||
	   [ "$(records minix pointers_lock | wc -l)" != 2 ]; then
		fail "Symbols.list from $from" "not two debugfs_root in vmlinux and two pointers_lock in minix"
	else
		pass "Symbols.list from $from" "${took[symlist]}s, $((n_mods - 1)) modules, $(wc -l < "$symbols") lines"
	fi
else
	fail "Symbols.list from $from" "$(tail -3 "$work/symlist.log" | tr '\n' ' ')"
	finish
fi

# ---- 4. the livepatch, built, converted and signed
lpdir=$work/livepatch
ko=$lpdir/livepatch-distro.ko
rm -rf "$lpdir"
cp -r "$TOP/tests/distro/livepatch" "$lpdir"
openssl req -new -nodes -utf8 -sha512 -days 36500 -batch -x509 \
	-subj "/CN=klp-convert distro test/" -outform PEM \
	-out "$work/signing-cert.pem" -keyout "$work/signing-key.pem" > "$work/openssl.log" 2>&1 ||
	fail "signing key" "$(tail -1 "$work/openssl.log")"
stdout_before=$(ls -l /dev/stdout)
if timed build klp-convert-build -k "$kdir" -s "$symbols" --sign-key "$work/signing-key.pem" \
		--sign-cert "$work/signing-cert.pem" --hash sha512 "$lpdir" > "$work/build.log" 2>&1; then
	sections=$(readelf -SW "$ko")
	# (6.1's build puts the functions in .text.unlikely)
	if ! grep -qE ' \.klp\.rela\.vmlinux\.\.text(\.unlikely)? +RELA .* Ao ' <<< "$sections" ||
	   ! grep -qE ' \.klp\.rela\.minix\.\.text(\.unlikely)? +RELA .* Ao ' <<< "$sections"; then
		fail "klp-convert-build" "no .klp.rela.vmlinux..text[.unlikely] and .klp.rela.minix..text[.unlikely] sections (flags Ao) in $ko"
	elif grep -q '\.klp\.module_relocs' <<< "$sections"; then
		fail "klp-convert-build" "the KLP_MODULE_RELOC() sections are still in $ko"
	elif [ -e "$DEB_HEADERS/vmlinux" ] && ! grep -qE ' \.BTF +PROGBITS ' <<< "$sections"; then
		# (a module's BTF is made against the headers' vmlinux, which
		# 6.1's headers package does not have)
		fail "klp-convert-build" "no .BTF in $ko, and $DEB_HEADERS/vmlinux is there"
	elif [ "$(tail -c 28 "$ko" | tr -d '\n')" != "~Module signature appended~" ]; then
		fail "klp-convert-build" "$ko is not signed"
	else
		pass "klp-convert-build against Debian's headers (converted, .BTF kept if made, signed)" "${took[build]}s"
	fi
	# the scope rule: a name of minix and of another module, converted
	# for minix, the object the patch patches
	others=$(awk '/^\*/ { o = substr($0, 2); next }
		      $3 == "dir_commit_chunk" && o != "minix" { print o }' "$symbols" | sort -u | tr '\n' ' ')
	if [ -z "$others" ]; then
		fail "plain name resolved among the patched objects" "no other object defines dir_commit_chunk in $symbols"
	elif ! grep -q ' \.klp\.sym\.minix\.dir_commit_chunk,0$' <<< "$(readelf -sW "$ko")"; then
		fail "plain name resolved among the patched objects" "no .klp.sym.minix.dir_commit_chunk,0 in $ko"
	else
		pass "plain name resolved among the patched objects" "dir_commit_chunk: minix's, also in ${others% }"
	fi
else
	fail "klp-convert-build" "$(grep -v '^WARNING: modpost' "$work/build.log" | tail -3 | tr '\n' ' ')"
fi
# klp-convert-build once read .modinfo with "objcopy ... /dev/stdout", and objcopy
# (as root) replaced that symlink with a regular file for the whole machine
if [ ! -L /dev/stdout ]; then
	fail "klp-convert-build leaves /dev/stdout alone" "before: $stdout_before; after: $(ls -l /dev/stdout)"
else
	pass "klp-convert-build leaves /dev/stdout alone"
fi

# Again: klp-convert-build relinks the module it converted, and the result is the
# same, but for .BTF (pahole -j orders the types differently from run to
# run) and so the signature
cp "$ko" "$work/livepatch-distro.first.ko"
if ! klp-convert-build -k "$kdir" -s "$symbols" --sign-key "$work/signing-key.pem" \
		--sign-cert "$work/signing-cert.pem" --hash sha512 "$lpdir" > "$work/rebuild.log" 2>&1; then
	fail "klp-convert-build again" "$(grep -v '^WARNING: modpost' "$work/rebuild.log" | tail -2 | tr '\n' ' ')"
elif ! grep -q "LD \[M\]  .*livepatch-distro.ko" "$work/rebuild.log"; then
	fail "klp-convert-build again" "the converted module was not linked again"
elif [ "$(tail -c 28 "$ko" | tr -d '\n')" != "~Module signature appended~" ]; then
	fail "klp-convert-build again" "$ko is not signed"
elif ! objcopy -R .BTF "$ko" "$work/again.nobtf" ||
     ! objcopy -R .BTF "$work/livepatch-distro.first.ko" "$work/first.nobtf" ||
     ! cmp -s "$work/again.nobtf" "$work/first.nobtf"; then
	fail "klp-convert-build again" "the module differs from the first build's (.BTF and signature aside)"
else
	pass "klp-convert-build again: relinked, converted and signed, the same module"
fi

# ---- 5. negatives
# A variant of the livepatch (its #ifdef set through the environment) that
# klp-convert-build must refuse: non-zero exit, klp-convert's exact line, and no
# module left under its name (an unconverted livepatch must not be loaded).
refused_build() {	# <test name> <variable> <dir name> <expected line, @KO@ the module>
	local name=$1 var=$2 dir=$work/$3 want rc=0
	rm -rf "$dir"
	cp -r "$TOP/tests/distro/livepatch" "$dir"
	want=${4//@KO@/$dir/livepatch-distro.ko}
	env "$var=y" klp-convert-build -k "$kdir" -s "$symbols" "$dir" > "$dir.log" 2>&1 || rc=$?
	if [ $rc -eq 0 ]; then
		fail "$name" "klp-convert-build succeeded"
	elif ! grep -qxF "$want" "$dir.log"; then
		fail "$name" "no line '$want': $(grep -v '^WARNING: modpost' "$dir.log" | tail -2 | tr '\n' ' ')"
	elif [ -f "$dir/.livepatch-distro.ko.klp-convert-build" ]; then
		fail "$name" "the module was converted anyway"
	elif [ -e "$dir/livepatch-distro.ko" ]; then
		fail "$name" "the unconverted module is left as $dir/livepatch-distro.ko"
	elif ! grep -qxF "klp-convert-build: livepatch-distro.ko: not converted (above): the module is removed" "$dir.log"; then
		fail "$name" "no line 'klp-convert-build: livepatch-distro.ko: not converted (above): the module is removed'"
	else
		pass "$name" "exit $rc, klp-convert's message"
	fi
}

# KLP_SYMPOS(debugfs_root, 3): vmlinux has two
refused_build "position 3 of debugfs_root refused" KLP_DISTRO_BAD_POS livepatch-bad-pos \
	"klp-convert: @KO@: KLP_SYMPOS annotation: 'debugfs_root' has no position 3 in 'vmlinux' (valid: 1..2)"
# a name that no object has
refused_build "undefined symbol refused" KLP_DISTRO_UNDEF livepatch-undef \
	"klp-convert: @KO@: undefined symbol 'klp_distro_no_such_symbol' is neither exported by vmlinux nor listed in $symbols"

# Modules of another build: Debian's minix with another release in its
# vermagic (same length, so the ELF file stays valid), and Debian's tree
# for another release.
foreign=$work/foreign-modules
other_rel=${DEB_REL%-amd64}-other
other_rel=${other_rel:0:${#DEB_REL}}
while [ ${#other_rel} -lt ${#DEB_REL} ]; do other_rel+=x; done
rm -rf "$foreign"
mkdir -p "$foreign"
case $minix_ko in
*.xz) xz -dc "$minix_ko" ;;
*) cat "$minix_ko" ;;
esac | sed "s/vermagic=$DEB_REL /vermagic=$other_rel /" > "$foreign/minix.ko"
refused() {	# <name> <log> <status> <expected text>
	if [ "$3" -eq 0 ]; then
		fail "$1" "klp-symlist accepted them"
	elif [ -e "$work/other.list" ]; then
		fail "$1" "klp-symlist wrote $work/other.list anyway"
	elif ! grep -qF "$4" "$2"; then
		fail "$1" "no '$4' in: $(head -2 "$2" | tr '\n' ' ')"
	else
		pass "$1" "$(head -1 "$2")"
	fi
}
if ! grep -q "vermagic=$other_rel " "$foreign/minix.ko"; then
	fail "modules of another build refused" "could not make a module of release $other_rel"
else
	rc=0
	rm -f "$work/other.list"
	klp-symlist -o "$work/other.list" --vmlinuz "$DEB_VMLINUZ" --symvers "$DEB_HEADERS/Module.symvers" \
		--modules "$foreign" --release "$DEB_REL" > "$work/other-module.log" 2>&1 || rc=$?
	refused "a module of another build refused by klp-symlist --release" "$work/other-module.log" $rc \
		"vermagic release $other_rel, but $DEB_REL"
fi
rc=0
rm -f "$work/other.list"
klp-symlist -o "$work/other.list" --vmlinuz "$DEB_VMLINUZ" --symvers "$DEB_HEADERS/Module.symvers" \
	--modules "$DEB_MODDIR" --release "$other_rel" -j 2 > "$work/other-tree.log" 2>&1 || rc=$?
refused "Debian's modules refused for another --release" "$work/other-tree.log" $rc \
	"vermagic release $DEB_REL, but $other_rel"

# ---- 6. the guest
gdir=$work/guest
rm -rf "$gdir"
mkdir -p "$gdir/payload"
cp "$TOP/tests/distro/guest.sh" "$gdir/payload/run-tests.sh"
cp "$ko" "$gdir/payload/"
# Debian's minix as packaged (signed; 6.12's xz: kmod's insmod hands it
# to the kernel, which decompresses it, CONFIG_MODULE_DECOMPRESS)
cp "$minix_ko" "$gdir/payload/"
grc=0
timed boot boot "$gdir" > "$gdir/boot.log" 2>&1 || grc=$?
serial=$gdir/serial.log.txt
guest_passed=0
guest_failed=0
if [ -f "$serial" ]; then
	while IFS= read -r line; do
		case $line in
		"KLPTEST: PASS distro: "*) pass "${line#KLPTEST: PASS distro: }"; guest_passed=$((guest_passed + 1)) ;;
		"KLPTEST: FAIL distro: "*) fail "${line#KLPTEST: FAIL distro: }"; guest_failed=$((guest_failed + 1)) ;;
		esac
	done < "$serial"
fi
done_line=$(grep -m1 '^KLPTEST: DONE' "$serial" 2>/dev/null || true)
if [ -z "$done_line" ]; then
	fail "guest" "no final verdict (panic, hang or timeout; status $grc): $(tail -2 "$gdir/boot.log" | tr '\n' ' ')"
elif [ "$done_line" != "KLPTEST: DONE $guest_passed passed, $guest_failed failed" ]; then
	fail "guest" "the guest counted '${done_line#KLPTEST: DONE }', the serial log has $guest_passed PASS and $guest_failed FAIL lines"
elif [ "$guest_passed" -eq 0 ]; then
	fail "guest" "no test ran"
else
	pass "guest: Debian's kernel booted and ran the tests" "${took[boot]}s"
fi
# klp-convert verify against the guest's /proc/kallsyms (pass 1, minix and
# the patch live): everything OK, at the addresses the livepatch got
verify_dump() {
	local dump=$gdir/kallsyms.txt out=$gdir/verify.out n want rc=0 k a obj name got
	want=$(sed -n 's/^KLPDISTRO-KALLSYMS-END \([0-9]*\) lines$/\1/p' "$serial" 2>/dev/null)
	if [ -z "$want" ]; then
		fail "verify against the guest's /proc/kallsyms" "missing input: no dump in $serial"
		return
	fi
	awk '/KLPDISTRO-KALLSYMS-BEGIN$/ { p = 1; next } /^KLPDISTRO-KALLSYMS-END / { exit } p' "$serial" |
		base64 -d 2>/dev/null | gzip -dc > "$dump" 2>/dev/null
	n=$(wc -l < "$dump")
	if [ "$n" != "$want" ]; then
		fail "verify against the guest's /proc/kallsyms" "dump of $n lines, the guest had $want"
		return
	fi
	klp-convert verify "$dump" "$ko" > "$out" 2>&1 || rc=$?
	if [ $rc -ne 0 ] || grep -vqE '^(OK |verify: )' "$out"; then
		fail "verify against the guest's /proc/kallsyms" "exit $rc: $(grep -vE '^(OK |verify: )' "$out" | head -2 | tr '\n' ' ')"
		return
	fi
	for a in "vmlinux debugfs_root" "minix pointers_lock"; do
		obj=${a% *}
		name=${a#* }
		for k in 1 2; do
			got=$(sed -n "s/^KLPTEST: PASS distro: module before patch: $obj $name,$k is line $k of \/proc\/kallsyms (\([0-9a-f]*\))$/\1/p" "$serial")
			if [ -z "$got" ] || ! grep -q "^OK  *$obj $name,$k: .* \[0x$got\]; " "$out"; then
				fail "verify against the guest's /proc/kallsyms" "$obj $name,$k: the guest got ${got:-nothing}, verify says: $(grep -m1 " $obj $name,$k: " "$out")"
				return
			fi
		done
	done
	pass "verify against the guest's /proc/kallsyms" "$(tail -1 "$out"), the livepatch's addresses"
}
verify_dump

# (not in the base64 of the kallsyms dump)
crash=$(awk '/KLPDISTRO-KALLSYMS-BEGIN$/ { d = 1 } !d; /^KLPDISTRO-KALLSYMS-END / { d = 0 }' "$serial" 2>/dev/null |
	grep -m1 -E 'Kernel panic|Oops|BUG:|cut here|general protection' || true)
[ -z "$crash" ] || fail "guest" "kernel reported: $crash"
if ! verdict_status; then
	echo "---- tail of $serial ----"
	tail -n 40 "$serial" 2>/dev/null
	echo "----"
fi
finish
