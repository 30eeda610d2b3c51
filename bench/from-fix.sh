#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# From a fix to a livepatch, measured on a real update: every .c file
# Debian changed between the pinned linux-source (config/kernel.env) and
# the next release (KERNEL_NEXT_PKG_VERSION), taken one file at a time
# as a fix, through klp-fix diff on the tree klp-fix prepare makes of the
# pinned source for Debian's amd64 kernel (tests/distro).  Each outcome
# is one of:
#   livepatch    functions change or are added, nothing refused;
#   refused      its first refusal's reason (klp-fixdiff: __init code,
#                changed data, notrace, ...);
#   line-only    only __LINE__ values of unchanged code moved;
#   no code      the file's change changes no function (comments, code
#                another configuration builds);
#   no build     the object does not compile in the pinned tree: not
#                built for amd64, or the fixed file needs the release's
#                changed headers.
# Each fix's klp-fix output is kept in <outdir>/logs/<file>.log.
# Prints a table by outcome and reason, and the time per fix (median,
# total); the preparation is timed apart.
#
# Usage: from-fix.sh <klp-fixdiff> <outdir>
# Environment: BENCH_FIX_MAX, how many changed .c files (default all; 0:
# none, nothing prepared or downloaded),
# BENCH_FIX_DIRS, only files under these directories ("fs net").
set -euo pipefail

# BENCH_FIX_MAX=0: none (the package check's traced make bench: a kernel
# tree's preparation runs the kernel's own build tools, python3 among
# them, which the kernel set installs, not the bench's)
if [ "${BENCH_FIX_MAX:-}" = 0 ]; then
	echo "from a fix to a livepatch: not measured (BENCH_FIX_MAX=0)"
	exit 0
fi
fixdiff=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/lib.sh
. "$here/../scripts/lib.sh"
DISTRO_KERNEL=6.12
# shellcheck source=../tests/distro/vars.sh
. "$TOP/tests/distro/vars.sh"

next=${KERNEL_NEXT_PKG_VERSION:?config/kernel.env}
mkdir -p "$out"
out=$(cd "$out" && pwd)
export KLP_FIXDIFF=$fixdiff
"$TOP/tests/distro/fetch.sh" >/dev/null

# the pinned source, prepared (klp-fix prepare), is the old side
tree=$BUILD/fix/tree-$DEB_REL
t0=$(date +%s.%N)
"$TOP/fix/klp-fix" prepare --source "$KERNEL_TARBALL" \
	--headers "$DEB_ROOT/usr/src/linux-headers-$DEB_REL" -o "$tree" >/dev/null
prep=$(echo "$(date +%s.%N) - $t0" | bc)
[ ! -e "$tree/.klp-fix-patched" ] || die "$tree: a fix is still applied"

# the next release's source, once
debs=$out/debs
deb=$debs/${KERNEL_PKG}_${next//:/%3a}_all.deb
[ -s "$deb" ] || apt_download "$debs" "$KERNEL_PKG=$next"
if [ ! -f "$out/new/.done" ]; then
	rm -rf "${out:?}/new"
	mkdir -p "$out/new"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO --wildcards "*usr/src/$KERNEL_TOPDIR.tar.xz" |
		tar -xJ -C "$out/new" --strip-components=1
	touch "$out/new/.done"
fi

# the changed .c files (what only one side has is new, or built)
{ diff -rq "$tree" "$out/new" 2>/dev/null || [ $? -eq 1 ]; } |
	sed -n "s|^Files $tree/\(.*\.c\) and $out/new/.* differ\$|\1|p" | sort >"$out/changed.txt"
files=()
while IFS= read -r f; do
	if [ -n "${BENCH_FIX_DIRS:-}" ]; then
		case " $BENCH_FIX_DIRS " in *" ${f%%/*} "*) ;; *) continue ;; esac
	fi
	files+=("$f")
done <"$out/changed.txt"
[ -z "${BENCH_FIX_MAX:-}" ] || files=("${files[@]:0:$BENCH_FIX_MAX}")

: >"$out/outcomes.txt"
for f in "${files[@]}"; do
	diff -u --label "a/$f" --label "b/$f" "$tree/$f" "$out/new/$f" >"$out/fix.diff" || true
	t=$(date +%s.%N)
	rc=0
	"$TOP/fix/klp-fix" diff --tree "$tree" "$out/fix.diff" >"$out/fix.out" 2>"$out/fix.err" || rc=$?
	secs=$(echo "$(date +%s.%N) - $t" | bc)
	if [ "$rc" -eq 0 ]; then
		outcome="livepatch"
	elif grep -q '^refused ' "$out/fix.out"; then
		outcome="refused: $(sed -n 's/^refused [^:]*: //p' "$out/fix.out" | head -1 | cut -c1-70)"
	elif grep -q 'only moves __LINE__ values' "$out/fix.err"; then
		outcome="line-only: __LINE__ values moved, nothing else"
	elif grep -q 'changes no function' "$out/fix.err"; then
		outcome="no code"
	elif grep -q 'the original does not build' "$out/fix.err"; then
		outcome="no build: not built for this configuration"
	elif grep -q 'the fixed source does not build' "$out/fix.err"; then
		outcome="no build: the fix needs a changed header"
	else
		outcome="error: $(head -1 "$out/fix.err" | cut -c1-70)"
	fi
	printf '%s\t%s\t%s\n' "$f" "$secs" "$outcome" >>"$out/outcomes.txt"
	mkdir -p "$out/logs/$(dirname "$f")"
	cat "$out/fix.out" "$out/fix.err" >"$out/logs/$f.log"
done

{
	echo "from a fix to a livepatch: $KERNEL_PKG $KERNEL_PKG_VERSION -> $next, Debian $DEB_REL"
	echo "changed .c files: $(wc -l <"$out/changed.txt"), taken: ${#files[@]}; preparation $(printf '%.0f' "$prep") s"
	cut -f3 "$out/outcomes.txt" | sed 's/^\(refused\|error\): .*/&/' | sort | uniq -c | sort -rn |
		awk '{ n = $1; $1 = ""; printf "  %5d %s\n", n, substr($0, 2) }'
	cut -f2 "$out/outcomes.txt" | sort -n | awk '
		{ t[NR] = $1; s += $1 }
		END { if (NR) printf "time per fix: median %.1f s, total %.0f s (compile twice, diff)\n", t[int((NR + 1) / 2)], s }'
} | tee "$out/results.txt"
