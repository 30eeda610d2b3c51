#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# klp-convert on the other architectures' modules (build-fixtures.sh
# cross-builds them): lp_arch.c converts into the relocation types of
# each architecture, byte order included (s390x is big-endian), and
# err_<arch>.S holds the references each architecture's loader cannot
# take, refused with their exact messages.
#
# Usage: arch.sh <normal|asan|valgrind> <klp-convert> <klp-inspect> <outdir>
# The patch of the series these tests need (tests/series/check.sh runs
# them at every prefix from it on):
# series: scripts-livepatch-add-klp-convert
set -euo pipefail

mode=$1 tool=$2 inspect=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
expected=$here/expected
# shellcheck source=modes.sh
. "$(dirname "$0")/modes.sh"

host_work arch
cp "$out"/lp_arch-*.ko "$out"/err_arch-*.ko "$out"/symbols-arch.list .

klp() { "${wrap[@]}" "$tool" "$@"; }

# <arch>: the converted relocations and symbols, as klp-inspect and as
# binutils' readelf read them, and the bytes of every other section
convert_arch() {	# <arch> <binutils prefix> <placeholder type>
	local arch=$1 cross=$2 none=$3 in=lp_arch-$1.ko out=lp_arch-$1.out.ko
	klp symbols-arch.list "$in" "$out"
	"$inspect" "$out" >"$arch.dump"
	grep '^R \.klp\.rela\.' "$arch.dump" | cut -d' ' -f2- >"$arch.relas"
	same_text "$expected/arch-$arch.klp-relas" "$arch.relas"
	grep '^Y [0-9]* \.klp\.sym\.' "$arch.dump" | cut -d' ' -f3- | sort >"$arch.syms"
	same_text "$expected/arch.klp-symbols" "$arch.syms"
	readelf -rW "$out" | awk '/^Relocation section .\.klp\.rela\./ { sec = $3 }
		/^Relocation section / && !/\.klp\.rela\./ { sec = "" }
		sec != "" && $3 ~ /^R_/ { print sec, $1, $3, $5 }' >"$arch.readelf"
	same_text "$expected/arch-$arch.readelf" "$arch.readelf"
	# .rela.data.rel is emptied: one placeholder its loader ignores (the
	# powerpc loader refuses R_PPC64_NONE)
	readelf -rW "$out" | awk '/^Relocation section / { sec = $3 }
		sec == "'"'"'.rela.data.rel'"'"'" && $3 ~ /^R_/ { print $3 }' >"$arch.none"
	printf '%s\n' "$none" >"$arch.none.expected"
	same_text "$arch.none.expected" "$arch.none"
	# code and data are the input's, byte for byte
	local s
	for s in .text .toc .data.rel; do
		if readelf -SW "$in" | grep -q " $s "; then
			"${cross}objcopy" -O binary --only-section="$s" "$in" "$arch$s.in"
			"${cross}objcopy" -O binary --only-section="$s" "$out" "$arch$s.out"
			cmp -s "$arch$s.in" "$arch$s.out" || die "$s changed"
		fi
	done
}

t_ppc64le_convert() { convert_arch ppc64le powerpc64le-linux-gnu- R_PPC64_TOCSAVE; }
t_s390x_convert() { convert_arch s390x s390x-linux-gnu- R_390_NONE; }

refuse_arch() {	# <arch>
	local arch=$1
	expect_status 1 "err-$arch" klp symbols-arch.list "err_arch-$arch.ko" "err-$arch.out.ko"
	same_text "$expected/arch-$arch.err" "err-$arch.err"
	[ ! -e "err-$arch.out.ko" ] || die "output written despite the errors"
}

t_ppc64le_refused() { refuse_arch ppc64le; }
t_s390x_refused() { refuse_arch s390x; }

# what each test needs of the series beyond klp-convert (tests/series)
test_needs klp-convert-convert-ppc64le-modules t_ppc64le_convert t_ppc64le_refused
test_needs klp-convert-convert-s390x-modules t_s390x_convert t_s390x_refused
run_tests "arch/" t_ppc64le_convert t_s390x_convert t_ppc64le_refused t_s390x_refused
