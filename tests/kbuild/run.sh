#!/bin/bash
# Build-time negative tests of klp-convert through Kbuild: every case is
# a small external (M=) module directory with a livepatch module that
# klp-convert must refuse. The build must fail, its output must contain
# each line of the case's "expected" file verbatim (@DIR@ stands for the
# build directory), and no livepatch .ko may be left behind.
#
# usage: tests/kbuild/run.sh [case ...]   (default: every case)
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

here=$TOP/tests/kbuild
out=$BUILD/kbuild-tests
[ -x "$KOBJ/scripts/livepatch/klp-convert" ] ||
	die "no klp-convert in $KOBJ: run scripts/build-kernel.sh"
[ -f "$KOBJ/Symbols.list" ] || die "no $KOBJ/Symbols.list: run scripts/build-kernel.sh"

if [ $# -gt 0 ]; then
	cases=("$@")
else
	cases=()
	for d in "$here"/*/; do
		d=${d%/}
		[ -f "$d/expected" ] && cases+=("${d##*/}")
	done
fi

failed=0
fail() {
	local c=$1; shift
	echo "FAIL: kbuild: $c: $*"
	echo "---- build output of $c ----"
	cat "$out/$c.log"
	echo "----"
	failed=1
}

run_case() {
	local c=$1 dir=$out/$1 rc=0 line missing=() ko left=()

	[ -f "$here/$c/expected" ] || { echo "FAIL: kbuild: $c: no such case"; failed=1; return; }
	rm -rf "$dir"
	mkdir -p "$out"
	cp -r "$here/$c" "$dir"
	cp -r "$here/include" "$out/"
	rm -f "$dir/expected"
	make -C "$KOBJ" M="$dir" modules > "$out/$c.log" 2>&1 || rc=$?

	if [ $rc -eq 0 ]; then
		fail "$c" "the build succeeded, klp-convert should have refused it"
		return
	fi
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		line=${line//@DIR@/$dir}
		grep -qF -- "$line" "$out/$c.log" || missing+=("$line")
	done < "$here/$c/expected"
	if [ ${#missing[@]} -gt 0 ]; then
		fail "$c" "missing from the build output: $(printf '\n  %s' "${missing[@]}")"
		return
	fi
	if [ ! -s "$dir/modules.livepatch" ]; then
		fail "$c" "modpost listed no livepatch module in modules.livepatch"
		return
	fi
	while IFS= read -r ko; do
		ko=${ko%.o}.ko
		[ -e "$ko" ] && left+=("$ko")
	done < "$dir/modules.livepatch"
	if [ ${#left[@]} -gt 0 ]; then
		fail "$c" "livepatch module left behind: ${left[*]}"
		return
	fi
	echo "PASS: kbuild: $c"
}

for c in "${cases[@]}"; do
	run_case "$c"
done
exit $failed
