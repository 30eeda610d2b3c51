#!/bin/bash
# Build-time negative tests of klp-convert through Kbuild: every case is
# a small external (M=) module directory with a livepatch module that
# klp-convert must refuse. The build must fail, its output must contain
# each line of the case's "expected" file verbatim (@DIR@ stands for the
# build directory; "expected.<arch>" instead where that architecture's
# code is referenced otherwise), and no livepatch .ko may be left behind.
# A case with a "requires" file (CONFIG_X=y lines, or !CONFIG_X=y for an
# option it must not have) runs only on a configuration that meets it,
# and prints a counted N/A line elsewhere; make check builds one for
# each. A missing input (kernel build, case directory) and finding no
# case are failures.
#
# usage: tests/kbuild/run.sh [case ...]   (default: every case)
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"
# shellcheck source=../lib/verdict.sh
. "$TOP/tests/lib/verdict.sh"
VERDICT_PREFIX="kbuild: "

here=$TOP/tests/kbuild

# The lines of <case>/requires the kernel does not meet: "CONFIG_X=y" must
# be in its .config, "!CONFIG_X=y" must not; true (printing them) if any.
unmet_requirements() {	# <case dir>
	local line unmet=()
	[ -f "$1/requires" ] || return 1
	while IFS= read -r line; do
		case $line in
		''|'#'*) continue ;;
		'!'*) ! grep -qxF -- "${line#!}" "$KOBJ/.config" || unmet+=("$line") ;;
		*) grep -qxF -- "$line" "$KOBJ/.config" || unmet+=("$line") ;;
		esac
	done < "$1/requires"
	[ ${#unmet[@]} -gt 0 ] || return 1
	echo "${unmet[*]}"
}

# The expected lines of a case on this architecture: <case>/expected, or
# <case>/expected.<arch> where the architecture's code differs.
expected_of() {	# <case dir>
	if [ -f "$1/expected.$GUEST_ARCH" ]; then
		echo "$1/expected.$GUEST_ARCH"
	else
		echo "$1/expected"
	fi
}
out=$BUILD/kbuild-tests-$KCONFIG_NAME   # kernels are checked side by side
if [ $# -gt 0 ]; then
	cases=("$@")
else
	cases=()
	for d in "$here"/*/; do
		d=${d%/}
		[ -f "$d/expected" ] || continue
		# a case may need kernel options ("requires": CONFIG_X=y
		# lines); another configuration of make check runs it
		if why=$(unmet_requirements "$d"); then
			inapplicable "${d##*/}" "needs $why, not in $KCONFIG_NAME"
			continue
		fi
		cases+=("${d##*/}")
	done
	if [ ${#cases[@]} -eq 0 ]; then
		fail cases "no case (a directory with an 'expected' file) in $here"
		exit 1
	fi
fi

# Without the kernel build no case can run: each fails.
if why=$(missing_inputs "$KOBJ/scripts/livepatch/klp-convert" "$KOBJ/Symbols.list"); then
	for c in "${cases[@]}"; do
		skip "$c" "$why (scripts/build-kernel.sh)"
	done
	exit 1
fi

fail_case() {	# <case> <why>...: a FAIL line, then the build output
	local c=$1; shift
	fail "$c" "$*"
	echo "---- build output of $c ----"
	cat "$out/$c.log"
	echo "----"
}

run_case() {
	local c=$1 dir=$out/$1 rc=0 line missing=() ko left=() expected

	if why=$(missing_inputs "$here/$c/expected"); then
		fail "$c" "no such case: $why"
		return
	fi
	expected=$(expected_of "$here/$c")
	if ! grep -q '[^[:space:]]' "$expected"; then
		fail "$c" "$expected has no line to look for"
		return
	fi
	rm -rf "$dir"
	mkdir -p "$out"
	cp -r "$here/$c" "$dir"
	cp -r "$here/include" "$out/"
	rm -f "$dir"/expected*
	make -C "$KOBJ" "${KMAKE_ARGS[@]}" M="$dir" modules > "$out/$c.log" 2>&1 || rc=$?

	if [ $rc -eq 0 ]; then
		fail_case "$c" "the build succeeded, klp-convert should have refused it"
		return
	fi
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		line=${line//@DIR@/$dir}
		grep -qF -- "$line" "$out/$c.log" || missing+=("$line")
	done < "$expected"
	if [ ${#missing[@]} -gt 0 ]; then
		fail_case "$c" "missing from the build output: $(printf '\n  %s' "${missing[@]}")"
		return
	fi
	if [ ! -s "$dir/modules.livepatch" ]; then
		fail_case "$c" "modpost listed no livepatch module in modules.livepatch"
		return
	fi
	while IFS= read -r ko; do
		ko=${ko%.o}.ko
		[ -e "$ko" ] && left+=("$ko")
	done < "$dir/modules.livepatch"
	if [ ${#left[@]} -gt 0 ]; then
		fail_case "$c" "livepatch module left behind: ${left[*]}"
		return
	fi
	pass "$c"
}

for c in "${cases[@]}"; do
	run_case "$c"
done
verdict_status
