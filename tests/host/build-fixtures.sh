#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compile the host test fixtures into relocatable, livepatch-shaped
# objects (.ko = ld -r output, like Makefile.modfinal) under <outdir>.
set -euo pipefail

out=$1
fix=$(cd "$(dirname "$0")/fixtures" && pwd)
# kernel-like code generation (arch/x86/Makefile, Makefile)
kcflags=(-c -O2 -g -mcmodel=kernel -fno-PIE -fno-pic -mno-red-zone
	 -fno-asynchronous-unwind-tables -fno-common -ffreestanding
	 -fno-stack-protector -Wall -Werror)

mkdir -p "$out"
cd "$out"
cp "$fix"/*.list .

cc_obj() { gcc "${kcflags[@]}" "$fix/$1.c" -o "$1.o"; }
as_obj() { gcc -c "$fix/$1.S" -o "$1.o"; }
link_ko() { local ko=$1; shift; ld -r -z noexecstack -o "$ko" "$@"; }

cc_obj lp_basic
as_obj lp_asm
link_ko lp.ko lp_basic.o lp_asm.o
cc_obj lp_funcs
link_ko lp_funcs.ko lp_funcs.o
cc_obj lp_scope
link_ko lp_scope.ko lp_scope.o
gcc "${kcflags[@]}" -DSCOPE_BAD "$fix/lp_scope.c" -o lp_scope_bad.o
link_ko lp_scope_bad.ko lp_scope_bad.o
gcc "${kcflags[@]}" -DSCOPE_ANNOTATED "$fix/lp_scope.c" -o lp_scope_annotated.o
link_ko lp_scope_annotated.ko lp_scope_annotated.o
as_obj err_refs
link_ko err_refs.ko err_refs.o
cc_obj err_sympos
link_ko err_sympos.ko err_sympos.o
as_obj lp_old
link_ko lp_old.ko lp_old.o
as_obj notlp
link_ko notlp.ko notlp.o
as_obj nosym
strip --strip-all -o nosym.ko nosym.o
as_obj exec
ld -o exec.ko exec.o

# broken inputs derived from a good one
head -c 1000 lp.ko >truncated.ko
# .text (section 1) claims more bytes than the file has
shoff=$(od -An -t u8 -j 40 -N 8 lp.ko | tr -d ' ')
cp lp.ko bigsec.ko
printf '\xff\xff\xff\x7f' | dd of=bigsec.ko bs=1 seek=$((shoff + 64 + 32)) conv=notrunc status=none
echo "not an ELF file" >notelf.ko
cp lp.ko machine.ko
printf '\xb7\x00' | dd of=machine.ko bs=1 seek=18 conv=notrunc status=none

# hostile inputs (hostile.sh derives broken copies of them with elf-edit)
for f in base pos amb many; do
	as_obj hostile_$f
	link_ko hostile_$f.ko hostile_$f.o
done
as --32 -o hostile_i386.o "$fix/hostile_arch.S"
ld -r -m elf_i386 -z noexecstack -o hostile_i386.ko hostile_i386.o
as --x32 -o hostile_x32.o "$fix/hostile_arch.S"
ld -r -m elf32_x86_64 -z noexecstack -o hostile_x32.ko hostile_x32.o
# compressed debug sections with their relocations (hostile.sh)
objcopy --compress-debug-sections=zlib lp.ko hostile_zlib.ko

# Other architectures: the same C livepatch and each one's refused
# references, cross-built with the flags Kbuild gives modules there
# (arch/powerpc/Makefile, arch/s390/Makefile; -mprofile-kernel is
# ftrace's call to _mcount).
cross_fixtures() {	# <arch> <cross prefix> <module cflags>...
	local arch=$1 cross=$2
	shift 2
	"${cross}gcc" -c -O2 -g -I"$fix" -fno-asynchronous-unwind-tables \
		-fno-common -ffreestanding -fno-stack-protector -Wall -Werror \
		"$@" "$fix/lp_arch.c" -o "lp_arch-$arch.o"
	"${cross}ld" -r -o "lp_arch-$arch.ko" "lp_arch-$arch.o"
	"${cross}gcc" -c "$fix/err_$arch.S" -o "err_arch-$arch.o"
	"${cross}ld" -r -o "err_arch-$arch.ko" "err_arch-$arch.o"
}
cross_fixtures ppc64le powerpc64le-linux-gnu- -mcmodel=large -mabi=elfv2 \
	-mprofile-kernel -pg
cross_fixtures s390x s390x-linux-gnu- -fPIC -mpacked-stack -mbackchain \
	-msoft-float
# the kallsyms programs of 6.1 and 6.12 (tests/host/vmlinuz.sh)
"$fix/../kallsyms-src.sh" "$PWD"
