#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# klp-convert-annotations.h (linux/scripts/livepatch/klp-convert-annotations.h) in a module built
# against <kernel build dir>: included before and after <linux/livepatch.h>,
# with -Werror, both annotation forms must give the names and the layout
# of the kernel series (.klp.module_relocs.<obj> entries of 12 bytes, the
# symbol .klp.sym.rela.<lp_obj>.<sym_obj>.<sym>.<pos>). With Debian's
# headers the header defines everything itself; with a kernel of the
# series (e.g. build/obj-livepatch) it must agree with the kernel's
# definitions.
#
# usage: header.sh <kernel build dir> [<name for the verdicts>]
# Environment: KLP_CONVERT_INCLUDE, the directory of klp-convert-annotations.h
# (default: linux/scripts/livepatch; tests/distro/check.sh: the installed one);
# HEADERS_MAKEFILE, the Makefile to run make with (-f) instead of
# <kernel build dir>/Makefile (Debian's headers extracted anywhere include
# their common part's Makefile by its installed path)
set -uo pipefail
# shellcheck source=../../scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"
# shellcheck source=../lib/verdict.sh
. "$TOP/tests/lib/verdict.sh"
VERDICT_PREFIX="distro: "

kdir=${1:?usage: header.sh <kernel build dir> [<name>]}
name=${2:-$(basename "$(readlink -f "$kdir")")}
inc=${KLP_CONVERT_INCLUDE:-$TOP/linux/scripts/livepatch}
work=$BUILD/distro/header-$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.-' _)
t="klp-convert-annotations.h against $name"
if why=$(missing_inputs "$kdir/Makefile" "$inc/klp-convert-annotations.h"); then
	fail "$t" "$why"
	verdict_summary
	exit
fi
rm -rf "$work"
mkdir -p "$work"

body='#include <linux/module.h>
#include <linux/stddef.h>

extern char *saved_command_line;
extern int klp_hdr_second KLP_RELOC_SYMBOL_POS(vmlinux, vmlinux, klp_hdr_dup, 2);
extern int klp_hdr_unique KLP_RELOC_SYMBOL(vmlinux, vmlinux, klp_hdr_one);

KLP_MODULE_RELOC(vmlinux) klp_hdr_relocs[] = {
	KLP_SYMPOS(saved_command_line, 1),
};

_Static_assert(sizeof(struct klp_module_reloc) == 12, "klp_module_reloc: 12 bytes");
_Static_assert(offsetof(struct klp_module_reloc, sympos) == 8, "klp_module_reloc: sympos at 8");
_Static_assert(sizeof(KLP_MODULE_RELOC_PREFIX) == sizeof(".klp.module_relocs."), "prefix");

static int __init klp_hdr_init(void)
{
	return klp_hdr_second + klp_hdr_unique + !saved_command_line;
}
module_init(klp_hdr_init);
MODULE_LICENSE("GPL");'
{
	printf '#include <klp-convert-annotations.h>\n#include <linux/livepatch.h>\n%s\n' "$body"
} > "$work/hdr_before.c"
{
	printf '#include <linux/livepatch.h>\n#include <klp-convert-annotations.h>\n%s\n' "$body"
} > "$work/hdr_after.c"
printf 'obj-m += hdr_before.o hdr_after.o\nccflags-y += -I%s -Werror\n' \
	"$inc" > "$work/Kbuild"

if ! make -C "$kdir" ${HEADERS_MAKEFILE:+-f "$HEADERS_MAKEFILE"} M="$work" \
	hdr_before.o hdr_after.o > "$work/make.log" 2>&1; then
	fail "$t" "$(grep -m2 -E 'error|warning' "$work/make.log" | tr '\n' ' ')"
	verdict_summary
	exit
fi
for o in before after; do
	f=$work/hdr_$o.o
	secs=$(readelf -SW "$f")
	syms=$(nm "$f")
	if ! grep -qE ' \.klp\.module_relocs\.vmlinux +PROGBITS +[0-9a-f]+ [0-9a-f]+ 00000c ' <<< "$secs"; then
		fail "klp-convert-annotations.h $o <linux/livepatch.h>, against $name" "no .klp.module_relocs.vmlinux of 12 bytes: $(grep klp <<< "$secs")"
	elif ! grep -qx ' *U \.klp\.sym\.rela\.vmlinux\.vmlinux\.klp_hdr_dup\.2' <<< "$syms" ||
	     ! grep -qx ' *U \.klp\.sym\.rela\.vmlinux\.vmlinux\.klp_hdr_one\.0' <<< "$syms"; then
		fail "klp-convert-annotations.h $o <linux/livepatch.h>, against $name" "not the KLP_RELOC_SYMBOL[_POS]() names: $(grep klp <<< "$syms" | tr '\n' ' ')"
	else
		pass "klp-convert-annotations.h $o <linux/livepatch.h>, against $name"
	fi
done
verdict_summary
