#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the modpost fuzz harness (see README in this directory):
#
#   build.sh <ksrc> <kobj> <outdir>
#
# <ksrc> is a patched kernel source tree (scripts/mod/modpost.c and
# friends), <kobj> its configured object tree (scripts/mod/elfconfig.h and
# devicetable-offsets.h are generated there). klp-symbols.c is this
# repository's linux/scripts/mod/klp-symbols.c (the copy in <ksrc> can be
# older), or $KLP_SYMBOLS_C. Writes <outdir>/fuzz-modpost (ASan + UBSan +
# libFuzzer) and, with MODPOST_FUZZ_COV=1, <outdir>/cov-modpost (clang
# source-based coverage). Does nothing if they are newer than their inputs.
set -euo pipefail

if [ $# -ne 3 ]; then
	echo "usage: $0 <ksrc> <kobj> <outdir>" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
ksrc=$(cd "$1" && pwd)
kobj=$(cd "$2" && pwd)
mkdir -p "$3"
out=$(cd "$3" && pwd)
mod=$ksrc/scripts/mod
klp=${KLP_SYMBOLS_C:-$repo/linux/scripts/mod/klp-symbols.c}
[ -f "$klp" ] || klp=$mod/klp-symbols.c
cc=${FUZZ_CC:-clang}

for f in "$mod/modpost.c" "$mod/modpost.h" "$mod/file2alias.c" \
	"$mod/sumversion.c" "$mod/symsearch.c" "$klp" \
	"$kobj/scripts/mod/elfconfig.h" "$kobj/scripts/mod/devicetable-offsets.h"; do
	if [ ! -f "$f" ]; then
		echo "build.sh: missing $f" >&2
		exit 1
	fi
done
inputs=("$here/fuzz-modpost.c" "$here/build.sh" "$mod"/modpost.[ch]
	"$mod/file2alias.c" "$mod/sumversion.c" "$mod/symsearch.c" "$klp"
	"$kobj/scripts/mod/elfconfig.h" "$kobj/scripts/mod/devicetable-offsets.h")

cflags=(-std=gnu11 -g -O1 -Wall -Wno-unused-function
	-I "$ksrc/scripts/include" -I "$mod" -I "$kobj/scripts/mod"
	-DFUZZ_MODPOST_C="\"$mod/modpost.c\""
	-DFUZZ_KLP_SYMBOLS_C="\"$klp\"")

# build <binary> <compile flags> -- <link flags>
build() {
	local bin=$out/$1 obj=$out/obj-$1 cf=() lf=() f
	shift
	while [ "$1" != -- ]; do cf+=("$1"); shift; done
	shift
	lf=("$@")
	if [ -x "$bin" ] && [ -z "$(find "${inputs[@]}" -newer "$bin")" ]; then
		return
	fi
	mkdir -p "$obj"
	"$cc" "${cflags[@]}" "${cf[@]}" -c -o "$obj/fuzz-modpost.o" "$here/fuzz-modpost.c"
	"$cc" "${cflags[@]}" "${cf[@]}" -DFUZZ_MODPOST_KLP -c -o "$obj/klp-symbols.o" \
		"$here/fuzz-modpost.c"
	for f in file2alias sumversion symsearch; do
		"$cc" "${cflags[@]}" "${cf[@]}" -Dexit=fuzz_exit -c -o "$obj/$f.o" "$mod/$f.c"
	done
	"$cc" "${lf[@]}" -o "$bin" "$obj"/*.o
	echo "build.sh: $bin (klp-symbols.c: $klp)"
}

build fuzz-modpost -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=undefined -- \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
if [ "${MODPOST_FUZZ_COV:-0}" = 1 ]; then
	build cov-modpost -fsanitize=fuzzer-no-link -fprofile-instr-generate \
		-fcoverage-mapping -- -fsanitize=fuzzer -fprofile-instr-generate
fi
