#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# From a fix to a livepatch, phase one (fix/klp-fix, fix/fixdiff.c): the
# source tree that rebuilds Debian's own objects, and the proof.
#
#   1. klp-fix prepare: linux-source of the pinned version, configured
#      and prepared from the headers package of Debian's 6.12 kernel
#      (tests/distro/vars.sh; fetched by tests/distro/fetch.sh), with the
#      compiler and linker the kernel names; the generated configuration
#      is the package's byte for byte;
#   2. klp-fix match: modules rebuilt from it are those Debian shipped,
#      every function the same in bytes and relocations (klp-fixdiff);
#   3. klp-fix diff: each fix of tests/fix/fixes (unified diffs against
#      the source) gives exactly tests/fix/expected/<fix>.out, .err and
#      .status: the functions it changes (a change to a static inline
#      function shows in its callers; a notrace copy GCC did not inline
#      is carried and its callers replaced), or what is refused (__init
#      code, changed initialized data, a fix that changes no code; the
#      ceph fix is Debian 6.12.118's own, whose dynamic debug descriptors
#      move with their lines and are not data the fix changes; a comment
#      added to net/core/link_watch.c only moves an ASSERT_RTNL()
#      __LINE__ value: line-only, nothing to livepatch); the
#      tree is left as the source package has it;
#   4. refusals, with their messages: another compiler, a compiler that
#      is not installed, a shipped module whose code is not what the
#      source builds (one byte of one function changed).
#
# Prints "PASS: from-fix/..." / "FAIL: from-fix/..." and "N passed, N
# failed" last.  Needs the pinned linux-source tarball (the kernel set of
# scripts/deps.sh) and Debian's packages extracted (tests/distro/fetch.sh).
set -euo pipefail
# shellcheck source=../../scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"
# shellcheck source=../lib/verdict.sh
. "$TOP/tests/lib/verdict.sh"
DISTRO_KERNEL=6.12
# shellcheck source=../distro/vars.sh
. "$TOP/tests/distro/vars.sh"
VERDICT_PREFIX="from-fix/"

work=$BUILD/fix
tree=$work/tree-$DEB_REL
headers=$DEB_ROOT/usr/src/linux-headers-$DEB_REL
modules=$DEB_ROOT/lib/modules/$DEB_REL
klp_fix=$TOP/fix/klp-fix
export KLP_FIXDIFF=$BUILD/bin/klp-fixdiff

# Each module with the fewest functions its comparison must cover (a
# comparison of nothing is no proof)
matches=(
	"kernel/fs/minix/minix.ko.xz 100"
	"kernel/fs/fat/fat.ko.xz 200"
	"kernel/fs/fat/vfat.ko.xz 40"
	"kernel/fs/fat/msdos.ko.xz 30"
	"kernel/arch/x86/kernel/cpuid.ko.xz 10"
	"kernel/arch/x86/kernel/msr.ko.xz 10"
)

# klp-fix, expecting exit status $1; output in $work/$2.out, .err
fix_status() {	# <status> <name> <klp-fix arguments>...
	local want=$1 name=$2 rc=0
	shift 2
	"$klp_fix" "$@" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "exit status $rc, expected $want: $(head -3 "$work/$name.err" | tr '\n' ' ')"
		return 1
	fi
}

# exit 1 and exactly this message
refused() {	# <verdict> <name> <message> <klp-fix arguments>...
	local verdict=$1 name=$2 msg=$3 why
	shift 3
	if ! why=$(fix_status 1 "$name" "$@"); then
		fail "$verdict" "$why"
	elif [ "$(cat "$work/$name.err")" != "$msg" ]; then
		fail "$verdict" "message: $(cat "$work/$name.err"), expected: $msg"
	else
		pass "$verdict" "$msg"
	fi
}

t_prepare() {
	local t0 why
	t0=$(date +%s)
	if ! why=$(fix_status 0 prepare prepare --source "$KERNEL_TARBALL" \
			--headers "$headers" -o "$tree"); then
		fail "prepare" "$why"
		return 1
	fi
	# klp-fix compared it; a verdict does not take its word for it
	if ! cmp -s "$tree/include/generated/autoconf.h" "$headers/include/generated/autoconf.h"; then
		fail "prepare" "include/generated/autoconf.h differs from the headers package's"
		return 1
	fi
	pass "prepare" "$(cat "$work/prepare.out"), $(($(date +%s) - t0)) s; autoconf.h is the package's"
}

t_match() {
	local m mod min line n total
	for m in "${matches[@]}"; do
		read -r mod min <<<"$m"
		if ! line=$(fix_status 0 "match-${mod##*/}" match --tree "$tree" \
				--modules "$modules" "$mod"); then
			fail "match ${mod##*/}" "$line"
			continue
		fi
		line=$(cat "$work/match-${mod##*/}.out")
		read -r n total < <(sed -n 's/^[^ ]*: \([0-9]*\) of \([0-9]*\) functions identical.*/\1 \2/p' <<<"$line")
		if [ -z "${n:-}" ] || [ "$n" != "$total" ] || [ "$n" -lt "$min" ]; then
			fail "match ${mod##*/}" "expected all of at least $min functions identical: $line"
		else
			pass "match ${mod##*/}" "rebuilt = shipped, $n of $total functions in bytes and relocations"
		fi
	done
}

t_refuse_compiler() {
	local want
	want=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "$headers/.config")
	refused "refuse another compiler" wrongcc \
		"klp-fix: the kernel was built by '$want'; gcc is '$(gcc --version | head -1)': install gcc-12 (12.2.0-14+deb12u1) and give --cc x86_64-linux-gnu-gcc-12" \
		prepare --source "$KERNEL_TARBALL" --headers "$headers" --cc gcc -o "$work/wrongcc"
	refused "refuse a compiler that is not installed" nocc \
		"klp-fix: x86_64-linux-gnu-gcc-99: not found; the kernel was built by '$want': install gcc-12 (12.2.0-14+deb12u1) and give --cc x86_64-linux-gnu-gcc-12" \
		prepare --source "$KERNEL_TARBALL" --headers "$headers" \
		--cc x86_64-linux-gnu-gcc-99 -o "$work/nocc"
	if [ -e "$work/wrongcc" ] || [ -e "$work/nocc" ]; then
		fail "refused trees" "a refused prepare left a tree"
	fi
}

t_diff() {
	local fix name rc f
	for fix in "$TOP"/tests/fix/fixes/*.diff; do
		name=${fix##*/}
		name=${name%.diff}
		rc=0
		"$klp_fix" diff --tree "$tree" "$fix" >"$work/diff-$name.out" \
			2>"$work/diff-$name.err" || rc=$?
		sed -i "s|$tree|<tree>|g" "$work/diff-$name.err"
		if [ "$rc" != "$(cat "$TOP/tests/fix/expected/$name.status")" ]; then
			fail "diff $name" "exit status $rc: $(head -3 "$work/diff-$name.err" | tr '\n' ' ')"
		elif ! cmp -s "$work/diff-$name.out" "$TOP/tests/fix/expected/$name.out"; then
			fail "diff $name" "$(diff "$TOP/tests/fix/expected/$name.out" "$work/diff-$name.out" | head -5 | tr '\n' ' ')"
		elif ! cmp -s "$work/diff-$name.err" "$TOP/tests/fix/expected/$name.err"; then
			fail "diff $name" "$(diff "$TOP/tests/fix/expected/$name.err" "$work/diff-$name.err" | head -5 | tr '\n' ' ')"
		else
			pass "diff $name" "$(tail -1 "$work/diff-$name.out")"
		fi
	done
	# every file the fixes touch is as the source package has it again
	while IFS= read -r f; do
		if ! tar -xOf "$KERNEL_TARBALL" "$KERNEL_TOPDIR/$f" | cmp -s - "$tree/$f"; then
			fail "diff leaves the tree as it was" "$f differs from $KERNEL_TARBALL"
			return
		fi
	done < <(sed -n 's|^+++ b/||p' "$TOP"/tests/fix/fixes/*.diff | sort -u)
	if [ -e "$tree/.klp-fix-patched" ]; then
		fail "diff leaves the tree as it was" ".klp-fix-patched left"
	else
		pass "diff leaves the tree as it was" "the fixed files are the source package's"
	fi
}

# The file offset of a function's first byte in an ELF object
func_offset() {	# <object> <function>
	local ndx value off
	read -r value ndx < <(readelf -sW "$1" | awk -v f="$2" '$8 == f && $4 == "FUNC" { print $2, $7; exit }')
	off=$(readelf -SW "$1" | sed 's/^ *\[ *\([0-9]*\)\]/\1/' |
		awk -v n="$ndx" '$1 == n { print $5; exit }')
	echo $((16#$value + 16#$off))
}

t_refuse_other_code() {
	local bad=$work/tampered mod=kernel/fs/minix/minix.ko off byte
	rm -rf "$bad"
	mkdir -p "$bad/$(dirname "$mod")"
	xz -dc "$modules/$mod.xz" >"$bad/$mod"
	# one byte of minix_new_block, 8 bytes in
	off=$(( $(func_offset "$bad/$mod" minix_new_block) + 8 ))
	byte=$(od -An -tu1 -j "$off" -N1 "$bad/$mod" | tr -d ' ')
	printf '%b' "\\$(printf %03o $(( (byte + 1) % 256 )))" |
		dd of="$bad/$mod" bs=1 seek="$off" conv=notrunc status=none
	refused "refuse a module the source did not build" tampered \
		"klp-fixdiff: $tree/.klp-fix/fs/minix/minix.rebuilt.ko: function minix_new_block differs from $tree/.klp-fix/fs/minix/minix.shipped.ko: byte at +0x8: 0x$(printf %02x "$byte"), shipped 0x$(printf %02x $(( (byte + 1) % 256 ))): the source or the toolchain is not what it was built with" \
		match --tree "$tree" --modules "$bad" "$mod"
}

mkdir -p "$work"
if why=$(missing_inputs "$KERNEL_TARBALL" "$headers/.config" "$modules" "$KLP_FIXDIFF"); then
	fail "inputs" "$why (scripts/deps.sh kernel, tests/distro/fetch.sh, make tool)"
	verdict_summary
	exit 1
fi
if t_prepare; then
	t_match
	t_diff
	t_refuse_other_code
fi
t_refuse_compiler
verdict_summary
