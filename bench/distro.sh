#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Distribution-scale benchmark on Debian's own kernel (DISTRO_KERNEL=6.12
# or 6.1, tests/distro/vars.sh; the packages of
# tests/distro/fetch.sh, downloaded once):
#  - klp-symlist writing the whole Symbols.list (vmlinuz, Module.symvers,
#    every module of the package) against the floor of just decompressing
#    the module tree (xz -d of every .ko.xz, as many processes as CPUs);
#  - klp-convert converting a livepatch of 2,000 of Debian's unexported
#    symbols (names unique in the list, vmlinux and modules, 5 or 6
#    relocations each) with that list.
# Median wall time and peak RSS (bench/runner.c).
#
# Usage: distro.sh <klp-convert> <klp-symlist> <runner> <outdir>
set -euo pipefail

tool=$1 symlist=$2 runner=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
. "$here/../scripts/lib.sh"
# shellcheck source=../tests/distro/vars.sh
. "$TOP/tests/distro/vars.sh"

"$TOP/tests/distro/fetch.sh" >/dev/null
rm -f "$out/results.txt"
mkdir -p "$out"
cd "$out"
symvers=$DEB_HEADERS/Module.symvers
cpus=$(nproc)
runs=${BENCH_RUNS:-3}

# every module read, the .ko.xz decompressed (6.12), the .ko read as
# they are (6.1), cpus processes: the floor of reading the tree
cat >xz-floor.sh <<'SH'
#!/bin/bash
find "$1" -name '*.ko.xz' -print0 | xargs -0 -r -P "$2" -n 32 xz -dc >/dev/null
find "$1" -name '*.ko' -print0 | xargs -0 -r -P "$2" -n 32 cat >/dev/null
SH
chmod +x xz-floor.sh
read -r x_med _ _ x_rss < <("$runner" "$runs" ./xz-floor.sh "$DEB_MODDIR" "$cpus")
read -r s_med _ _ s_rss < <("$runner" "$runs" "$symlist" --vmlinuz "$DEB_VMLINUZ" \
	--symvers "$symvers" --modules "$DEB_MODDIR" --release "$DEB_REL" -o debian.list)
ratio=$(awk -v a="$s_med" -v b="$x_med" 'BEGIN { printf "%.2f", a / b }')
records=$(grep -vc '^[*k]' debian.list)
objects=$(grep -c '^\*' debian.list)
modules=$(find "$DEB_MODDIR" -name '*.ko*' | wc -l)

# 1,000 vmlinux and 1,000 module names that are unique in the whole list,
# neither exported nor init, spread over the list
awk '/^\*/ { obj = substr($0, 2); next } /^k/ { next }
     $3 ~ /^[A-Za-z_][A-Za-z0-9_]*$/ { n[$3]++; o[$3] = obj; f[$3] = $2 }
     END { for (s in n) if (n[s] == 1 && f[s] == "-")
		print (o[s] == "vmlinux" ? "v" : "m"), s }' debian.list |
	sort -k2 >unique.txt
awk '$1 == "v" && ++v % 37 == 0 && v / 37 <= 1000 { print $2 }
     $1 == "m" && ++m % 53 == 0 && m / 53 <= 1000 { print $2 }' unique.txt >picked.txt
picked=$(wc -l <picked.txt)
awk 'BEGIN { print "\t.section .modinfo, \"a\"\n\t.asciz \"livepatch=Y\"";
	     print "\t.section .note.GNU-stack, \"\", @progbits\n\t.text" }
     { refs = 5 + NR % 2
       printf "\t.globl lp_fn_%d\n\t.type lp_fn_%d, @function\nlp_fn_%d:\n", NR, NR, NR
       for (k = 0; k < refs - 1; k++) printf "\tleaq %s+%d(%%rip), %%rax\n", $1, k * 8
       printf "\tret\n\t.size lp_fn_%d, .-lp_fn_%d\n", NR, NR
       printf "\t.data\n\t.quad %s + 0x%x\n\t.text\n", $1, NR }' picked.txt >debian-lp.S
gcc -c debian-lp.S -o debian-lp.o
ld -r -z noexecstack -o debian-lp.ko debian-lp.o
relocs=$(readelf -rW debian-lp.ko | grep -c 'R_X86_64_')
"$tool" debian.list debian-lp.ko debian-lp-converted.ko	# must succeed
klp=$(readelf -rW debian-lp-converted.ko | grep -c '\.klp\.sym\.')
read -r c_med c_min c_max c_rss < <("$runner" 11 "$tool" debian.list debian-lp.ko debian-lp-converted.ko)

# The scope rule (klp-convert.rst section 4) at this scale: statics unique
# in their object that other objects define too (were ambiguous), and how
# many convert for a patch of vmlinux and their module.  Plain C names of
# functions and data; compiler- and macro-made names left out.
scope=$(awk '
/^\*/ { obj = substr($0, 2); next } /^k/ { next }
{ key = obj SUBSEP $3; c[key]++; tot[$3]++
  if ($1 ~ /^[tdbr]$/ && $2 == "-" && $3 ~ /^[A-Za-z_][A-Za-z0-9_]*$/ &&
      $3 !~ /^(__UNIQUE_ID|__pfx_|_note_|orc_header|__key|__already_done|__print_once|__warned|__ksymtab|__kstrtab|__initcall|__setup|__param|__mod_)/)
	st[key] = 1
  if (obj == "vmlinux") inv[$3] = 1 }
END {
  for (k in st) { split(k, p, SUBSEP); n = p[2]; if (c[k] != 1) continue
    if (p[1] == "vmlinux") { vu++; if (tot[n] > 1) vamb++ }
    else { mu++; if (tot[n] > 1) { mamb++; if (!(n in inv)) mnow++ } } }
  printf "scope rule: vmlinux statics unique in vmlinux: %d, also elsewhere: %d (%.1f%%), all convert now\n", vu, vamb, 100 * vamb / vu
  printf "scope rule: module statics unique in their module: %d, also elsewhere: %d (%.1f%%), converting now for a patch of vmlinux+module: %d\n", mu, mamb, 100 * mamb / mu, mnow
}' debian.list)

{
	echo
	echo "Debian $DEB_REL (packages of tests/distro/fetch.sh), $cpus CPUs"
	echo "Symbols.list: $records records in $objects objects ($modules modules), $(du -h debian.list | cut -f1)"
	printf '%-34s %10s %12s\n' "" "median ms" "peak RSS KiB"
	printf '%-34s %10s %12s\n' "klp-symlist, whole list" "$s_med" "$s_rss"
	printf '%-34s %10s %12s\n' "reading the module tree (xz -d)" "$x_med" "$x_rss"
	echo "klp-symlist / reading the tree = $ratio (target: <= 1.2)"
	echo "livepatch: $picked Debian symbols, $relocs relocations, $klp converted to .klp.rela"
	printf '%-34s %10s %12s\n' "klp-convert with the Debian list" "$c_med" "$c_rss"
	echo "klp-convert target: <= 50 ms, <= 100 MB peak RSS (min $c_min ms, max $c_max ms)"
	echo "$scope"
} | tee -a results.txt
