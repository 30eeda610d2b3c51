#!/bin/bash
# The reuse of make check's steps is sound: a step runs again whenever an
# input of it changed, and only then (tests/lib/reuse.sh, tests/lib/keys.sh).
#
#  - content_id: another id for a changed byte, mode, name, link target, an
#    added or removed file; the same id for a new time stamp only;
#  - the protocol: no stamp, or CHECK_REUSE=0, runs the step; a failed run
#    leaves no stamp; reuse_step replays the output of the last pass, and
#    runs the step again with another key;
#  - every key of tests/lib/keys.sh, on a copy of this repository: each of
#    its inputs changed in turn gives another key, a time stamp does not;
#  - scripts/mkinitramfs.sh gives the same bytes for the same payload (the
#    guest's key is made of them) and other bytes for a changed payload.
#
# Prints "PASS: reuse/<test>" or "FAIL: reuse/<test>: why".
#
# The changes are commands run (eval) in the copy, in single quotes; the
# test functions run through run_tests:
# shellcheck disable=SC2016,SC2317
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"
# shellcheck source=../lib/verdict.sh
. "$TOP/tests/lib/verdict.sh"
# shellcheck source=../lib/reuse.sh
. "$TOP/tests/lib/reuse.sh"
# shellcheck source=../lib/keys.sh
. "$TOP/tests/lib/keys.sh"
VERDICT_PREFIX="reuse/"
# this test's own stamps are not those of make check's phase table
unset CHECK_PHASE_NOTES

work=$BUILD/reuse-test
rm -rf "$work"
mkdir -p "$work"
cd "$work"

# A change must give another id (new), or the same one (same).
judge() {	# new|same <before> <after> <what was changed>
	if [ "$1" = new ] && [ "$2" = "$3" ]; then
		echo "the id did not change: $4"
		return 1
	elif [ "$1" = same ] && [ "$2" != "$3" ]; then
		echo "the id changed: $4"
		return 1
	fi
}

# ---- content_id

# Requires <cmd> to change the id of <paths> (or, with "same", not to).
expect_id() {	# new|same <what> <cmd> <path>...
	local want=$1 what=$2 cmd=$3 before
	shift 3
	before=$(content_id "$@")
	eval "$cmd"
	judge "$want" "$before" "$(content_id "$@")" "$what"
}

t_content_id() {
	mkdir -p d/sub
	echo a > d/f
	echo b > d/sub/g
	ln -s f d/l
	expect_id new "a byte of a file" 'echo c >> d/sub/g' d
	expect_id new "a mode" 'chmod +x d/f' d
	expect_id new "a new file" 'touch d/sub/h' d
	expect_id new "a removed file" 'rm d/sub/h' d
	expect_id new "a renamed file" 'mv d/sub/g d/sub/g2' d
	expect_id new "a link target" 'ln -sfn sub d/l' d
	expect_id new "a file given by name" 'echo x >> d/f' d/f
	expect_id new "a missing path appearing" 'echo y > d/m' d/m
	expect_id same "time stamps only" 'touch -d @1 d/f d/sub/g2; touch -h -d @1 d/l' d d/f
	echo "(8 changes seen, time stamps not)"
}

# ---- the protocol

t_protocol() {
	local s=$work/stamps/step
	! reuse_hit "$s" k1 || { echo "no stamp, but reused"; return 1; }
	reuse_record "$s" k1
	reuse_hit "$s" k1 || { echo "recorded, not reused"; return 1; }
	! reuse_hit "$s" k2 || { echo "another key, but reused"; return 1; }
	! CHECK_REUSE=0 reuse_hit "$s" k1 || { echo "CHECK_REUSE=0, but reused"; return 1; }
	reuse_ran "$s"
	! reuse_hit "$s" k1 || { echo "a run started, the old stamp still reused"; return 1; }
}

# A step that counts its runs in runs.txt and passes unless told not to.
counted_step() {	# pass|fail
	echo run >> "$work/runs.txt"
	if [ "$1" = pass ]; then echo "PASS: toy"; else echo "FAIL: toy"; return 1; fi
}
runs() { grep -c . "$work/runs.txt" 2>/dev/null || true; }

t_reuse_step() {
	local out
	export BUILD=$work/build
	: > "$work/runs.txt"
	out=$(reuse_step toy k1 counted_step pass)
	if [ "$(runs)" != 1 ] || [ "$out" != "PASS: toy" ]; then
		echo "first run: $(runs) runs, '$out'"
		return 1
	fi
	out=$(reuse_step toy k1 counted_step pass)
	[ "$(runs)" = 1 ] || { echo "same key: the step ran again"; return 1; }
	grep -qx "PASS: toy" <<<"$out" || { echo "same key: the verdict was not replayed: '$out'"; return 1; }
	reuse_step toy k2 counted_step pass >/dev/null
	[ "$(runs)" = 2 ] || { echo "another key: the step was reused"; return 1; }
	reuse_step toy k3 counted_step fail >/dev/null && { echo "a failing step passed"; return 1; }
	reuse_step toy k3 counted_step pass >/dev/null
	[ "$(runs)" = 4 ] || { echo "after a failure, the same key was reused"; return 1; }
	CHECK_REUSE=0 reuse_step toy k3 counted_step pass >/dev/null
	[ "$(runs)" = 5 ] || { echo "CHECK_REUSE=0: the step was reused"; return 1; }
	echo "(5 runs of 7 calls, as expected)"
}

# ---- the keys of tests/lib/keys.sh, on a copy of the repository

copy=$work/repo
mkdir -p "$copy"
(cd "$TOP" && git ls-files -z | xargs -0 cp --parents -a -t "$copy")
fake_build=$copy/build
mkdir -p "$fake_build/kernel-include/linux" "$fake_build/src" \
	"$fake_build/pristine/$KERNEL_TOPDIR/scripts"
echo '#define X 1' > "$fake_build/kernel-include/linux/list.h"
echo prepared-1 > "$fake_build/src/.prepared"
echo '# checkpatch' > "$fake_build/pristine/$KERNEL_TOPDIR/scripts/checkpatch.pl"

# Requires <cmd> to change the key <fn> gives on the copy (or, "same",
# not to).
expect_key() {	# new|same <fn> <what> <cmd>
	local want=$1 fn=$2 what=$3 cmd=$4 before after
	before=$(TOP=$copy BUILD=$fake_build PRISTINE=$fake_build/pristine "$fn")
	(cd "$copy" && eval "$cmd")
	after=$(TOP=$copy BUILD=$fake_build PRISTINE=$fake_build/pristine "$fn")
	if [ -z "$before" ] || [ "${#before}" -ne 64 ]; then
		echo "$fn gave no key"
		return 1
	fi
	judge "$want" "$before" "$after" "$fn: $what"
}

t_key_host_check() {
	local k=key_host_check
	expect_key new $k "a tool source" 'echo "/* x */" >> linux/scripts/livepatch/convert.c'
	expect_key new $k "a tool header" 'echo "/* x */" >> linux/scripts/livepatch/elf.h'
	expect_key new $k "the shared record rules" 'echo "/* x */" >> linux/scripts/mod/klp-symtype.h'
	expect_key new $k "the uapi header" 'echo "/* x */" >> linux/include/uapi/linux/livepatch.h'
	expect_key new $k "a host test" 'echo "# x" >> tests/host/run.sh'
	expect_key new $k "a fixture" 'echo "# x" >> "$(find tests/host/fixtures -type f | head -1)"'
	expect_key new $k "the test library" 'echo "# x" >> tests/lib/verdict.sh'
	expect_key new $k "the build" 'echo "# x" >> mk/tool.mk'
	expect_key new $k "the kernel's headers" 'echo "#define Y 2" >> build/kernel-include/linux/list.h'
	expect_key new $k "the pinned kernel" 'echo "# x" >> config/kernel.env'
	expect_key new $k "the fast path check" 'echo "/* x */" >> bench/diff-parse.c'
	expect_key new $k "the fast path check's lists" 'echo x >> "$(find tests/fuzz/fixed -type f | head -1)"'
	expect_key same $k "time stamps" 'touch linux/scripts/livepatch/*.c tests/host/*'
	expect_key same $k "a guest test" 'echo "# x" >> tests/guest/test-sample.sh'
}

t_key_fuzz_replay() {
	local k=key_fuzz_replay
	expect_key new $k "a tool source" 'echo "/* x */" >> linux/scripts/livepatch/symbols.c'
	expect_key new $k "a harness" 'echo "/* x */" >> tests/fuzz/fuzz-module.c'
	expect_key new $k "a corpus input" 'echo x >> "$(find tests/fuzz/corpus -type f | head -1)"'
	expect_key new $k "a new reproducer" 'mkdir -p tests/fuzz/reproducers/module && echo x > tests/fuzz/reproducers/module/new-one'
	expect_key new $k "klp-fixdiff" 'echo "/* x */" >> fix/fixdiff.c'
	expect_key same $k "time stamps" 'touch tests/fuzz/*.c'
}

t_key_deps() {
	local k=key_deps
	expect_key new $k "an #include line" 'sed -i "0,/^#include/s//#include <stdio.h>\n#include/" linux/scripts/livepatch/convert.c'
	expect_key same $k "a C statement (no program, header or library changes)" 'echo "/* x */" >> linux/scripts/livepatch/convert.c'
	expect_key new $k "a new source file" 'echo "int x;" > linux/scripts/livepatch/new.c'
	expect_key new $k "the tool's Makefile" 'echo "# x" >> linux/scripts/livepatch/Makefile'
	expect_key new $k "klp-convert-build (a script: the programs it runs)" 'echo "# x" >> linux/scripts/livepatch/klp-convert-build'
	expect_key new $k "the package sets" 'echo "# x" >> scripts/lib.sh'
	expect_key new $k "the check" 'echo "# x" >> tests/deps/check-used.sh'
	expect_key new $k "a host test" 'echo "# x" >> tests/host/hostile.sh'
	expect_key new $k "the benchmark" 'echo "# x" >> bench/run.sh'
}

t_key_build() {
	local k=key_build
	export KCONFIG_NAME=livepatch
	expect_key new $k "the prepared source" 'echo prepared-2 > build/src/.prepared'
	expect_key new $k "the configuration" 'echo "CONFIG_X=y" >> config/livepatch.config'
	expect_key new $k "a guest module" 'echo "/* x */" >> "$(find tests/guest/modules -name "*.c" | head -1)"'
	expect_key new $k "a guest module (variant B)" 'echo "# x" >> tests/guest/modules-b/Kbuild'
	expect_key new $k "the build script" 'echo "# x" >> scripts/build-kernel.sh'
	expect_key same $k "another configuration" 'echo "CONFIG_X=y" >> config/s390x.config'
}

t_key_guest() {
	local qemu
	qemu=$(command -v qemu-system-x86_64 || true)
	[ -n "$qemu" ] || { echo "no qemu-system-x86_64"; return 1; }
	echo kernel > k
	echo initramfs > i
	local a b
	a=$(key_guest "$work/k" "$work/i" "$qemu" -m 512M)
	echo x >> k
	b=$(key_guest "$work/k" "$work/i" "$qemu" -m 512M)
	[ "$a" != "$b" ] || { echo "the kernel image changed, the key did not"; return 1; }
	echo x >> i
	a=$(key_guest "$work/k" "$work/i" "$qemu" -m 512M)
	[ "$a" != "$b" ] || { echo "the initramfs changed, the key did not"; return 1; }
	b=$(key_guest "$work/k" "$work/i" "$qemu" -m 1G)
	[ "$a" != "$b" ] || { echo "the QEMU command changed, the key did not"; return 1; }
	touch -d @1 k i
	a=$(key_guest "$work/k" "$work/i" "$qemu" -m 1G)
	[ "$a" = "$b" ] || { echo "time stamps changed the key"; return 1; }
}

t_key_checkpatch() {
	local p=$work/p.patch n=0002-modpost-write-Symbols-list-for-klp-convert.patch a b
	printf 'From %040d Mon Sep 17 00:00:00 2001\nFrom: A <a@b>\nDate: Mon, 1 Jan 2026\nSubject: [PATCH 02/16] x\n\nbody\n' 1 > "$p"
	export TOP=$copy PRISTINE=$fake_build/pristine
	a=$(key_checkpatch "$p" "$n")
	sed -i "1s/^From 0*1 /From $(printf '%040d' 2) /; s/^Date: .*/Date: Tue, 2 Jan 2026/" "$p"
	b=$(key_checkpatch "$p" "$n")
	[ "$a" = "$b" ] || { echo "another commit id and date changed the key"; return 1; }
	echo "more" >> "$p"
	a=$(key_checkpatch "$p" "$n")
	[ "$a" != "$b" ] || { echo "the patch changed, the key did not"; return 1; }
	printf '%s\tLONG_LINE\tx\n' "$n" >> "$copy/patches/checkpatch-notes"
	b=$(key_checkpatch "$p" "$n")
	[ "$a" != "$b" ] || { echo "the patch's notes changed, the key did not"; return 1; }
	printf '0013-other.patch\tLONG_LINE\tx\n' >> "$copy/patches/checkpatch-notes"
	a=$(key_checkpatch "$p" "$n")
	[ "$a" = "$b" ] || { echo "another patch's notes changed the key"; return 1; }
	echo "# new" >> "$PRISTINE/$KERNEL_TOPDIR/scripts/checkpatch.pl"
	b=$(key_checkpatch "$p" "$n")
	[ "$a" != "$b" ] || { echo "checkpatch.pl changed, the key did not"; return 1; }
}

t_key_kernel_check() {
	local k=key_kernel_check_kbuild
	export KOBJ=$fake_build/obj-test
	mkdir -p "$KOBJ"
	echo build-1 > "$KOBJ/.reuse-build"
	key_kernel_check_kbuild() { key_kernel_check tests/kbuild; }
	expect_key new $k "the kernel's build" 'echo build-2 > "$KOBJ/.reuse-build"'
	expect_key new $k "the kernel unbuilt" 'rm "$KOBJ/.reuse-build"'
	expect_key new $k "a case" 'echo x >> tests/kbuild/not-found/expected'
	expect_key new $k "the runner" 'echo "# x" >> tests/kbuild/run.sh'
	expect_key same $k "a host test" 'echo "# x" >> tests/host/run.sh'
}

t_key_prefix() {
	local a b
	echo "CONFIG_A=y" > cfg
	a=$(key_prefix 1111 "$work/cfg")
	b=$(key_prefix 2222 "$work/cfg")
	[ "$a" != "$b" ] || { echo "another tree, the same key"; return 1; }
	echo "CONFIG_B=y" >> cfg
	a=$(key_prefix 2222 "$work/cfg")
	[ "$a" != "$b" ] || { echo "another configuration, the same key"; return 1; }
}

key_prefix_host_of_tree1() { key_prefix_host "tree1 run.sh"; }

t_key_prefix_host() {
	local k=key_prefix_host_of_tree1
	expect_key new $k "a host test" 'echo "# x" >> tests/host/verify.sh'
	expect_key new $k "the test library" 'echo "# x" >> tests/lib/verdict.sh'
	expect_key same $k "a guest test" 'echo "# x" >> tests/guest/test-sample.sh'
	local a b
	a=$(key_prefix_host "tree1 run.sh")
	b=$(key_prefix_host "tree2 run.sh")
	[ "$a" != "$b" ] || { echo "another tool tree, the same key"; return 1; }
}

# ---- the guest's initramfs: its bytes are a function of its content

t_initramfs() {
	local p=$work/payload
	mkdir -p "$p"
	echo 'echo hello' > "$p/test.sh"
	KCONFIG_NAME=livepatch "$TOP/scripts/mkinitramfs.sh" "$work/a.cpio.gz" "$p" >/dev/null
	sleep 1
	touch "$p/test.sh"
	KCONFIG_NAME=livepatch "$TOP/scripts/mkinitramfs.sh" "$work/b.cpio.gz" "$p" >/dev/null
	cmp -s a.cpio.gz b.cpio.gz || { echo "the same payload gave other bytes"; return 1; }
	echo 'echo hello!' > "$p/test.sh"
	KCONFIG_NAME=livepatch "$TOP/scripts/mkinitramfs.sh" "$work/c.cpio.gz" "$p" >/dev/null
	! cmp -s a.cpio.gz c.cpio.gz || { echo "a changed payload gave the same bytes"; return 1; }
	echo "($(stat -c %s a.cpio.gz) bytes, twice the same)"
}

run_tests "" t_content_id t_protocol t_reuse_step t_key_host_check \
	t_key_fuzz_replay t_key_deps t_key_build t_key_guest t_key_checkpatch \
	t_key_kernel_check t_key_prefix t_key_prefix_host t_initramfs
verdict_summary
