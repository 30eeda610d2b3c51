#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The fuzz harnesses of klp-convert (see README in this directory).
#
#   run.sh fuzz   <build dir> <seconds> <harness>...  fuzz each harness for
#                 <seconds> (one process per core, corpus in <build dir>)
#   run.sh replay <build dir> 0 <harness>...  every committed corpus input
#                 and reproducer once under ASan+UBSan with the harness's
#                 checks, then eu-elflint on every successful output
#   run.sh cov    <build dir> 0 <harness>...  llvm-cov line and branch
#                 coverage of linux/scripts/livepatch of the replay
set -euo pipefail

mode=$1 build=$2 seconds=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export KLP_FUZZ_SYMBOLS=$here/fixed/Symbols.list
export KLP_FUZZ_MODULE=$here/fixed/lp.ko
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
limits=(-rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=20)

inputs_of() {	# committed corpus and reproducers of a harness
	find "$here/corpus/$1" "$here/reproducers/$1" -type f | sort
}

# eu-elflint findings that are the livepatch format itself, not defects:
# SHN_LIVEPATCH symbols (OS-specific index), SHF_RELA_LIVEPATCH (an OS
# flag), R_X86_64_NONE placeholders, the kernel's own ELF notes.
elflint_known='invalid section index$|contains unknown flag\(s\) 0x100000$|relocation type invalid for the file type$|unknown object file note type'

# eu-elflint's findings, without their indexes, so that those of an
# input and of its output compare
elflint_findings() {	# <file>
	eu-elflint --gnu-ld "$1" 2>&1 | grep -av '^No errors$' |
		sed -E 's/\[ *[0-9]+\]/[N]/g; s/(symbol|relocation|entry) [0-9]+/\1 N/g' |
		sort -u || true
}

# Every output of a successful conversion: eu-elflint may only find what
# it finds in the module it came from (a fuzzed module keeps what
# klp-convert does not interpret, e.g. a symbol's st_other) and what the
# livepatch format is by design.
elflint_outputs() {	# <dir of outputs>: prints the number checked
	local f n=0 bad=0
	for f in "$1"/*.ko; do
		[ -e "$f" ] || continue
		n=$((n + 1))
		elflint_findings "$f" >"$1/out.txt"
		elflint_findings "${f%.ko}.in" >"$1/in.txt"
		comm -23 "$1/out.txt" "$1/in.txt" | grep -avE "$elflint_known" >"$1/new.txt" || true
		if [ -s "$1/new.txt" ]; then
			echo "FAIL: fuzz/elflint: $(basename "$f") (from $(basename "${f%.ko}.in")): $(head -3 "$1/new.txt" | tr '\n' ' ')" >&2
			bad=1
		fi
	done
	echo "$n"
	return $bad
}

replay() {
	local h=$1
	local keep=$build/replay-$h n rc=0
	rm -rf "$keep"
	mkdir -p "$keep"
	mapfile -t files < <(inputs_of "$h")
	if ! KLP_FUZZ_KEEP=$keep "$build/fuzz-$h" "${limits[@]}" "${files[@]}" \
		>"$keep.log" 2>&1; then
		echo "FAIL: fuzz/replay-$h: $(grep -a -m1 -E 'ERROR|broken promise|bad output|runtime error' "$keep.log" || tail -1 "$keep.log")"
		return 1
	fi
	echo "PASS: fuzz/replay-$h (${#files[@]} inputs, no crash, every promise kept)"
	if n=$(elflint_outputs "$keep" | tail -1); then
		echo "PASS: fuzz/elflint-$h (eu-elflint --gnu-ld on $n converted outputs)"
	else
		rc=1
	fi
	return $rc
}

fuzz() {
	local h=$1
	local corpus=$build/corpus-$h jobs
	jobs=$(nproc)
	mkdir -p "$corpus" "$build/crashes-$h"
	cp -n "$here/corpus/$h"/* "$corpus"/ 2>/dev/null || true
	(cd "$build/crashes-$h" &&
	 "$build/fuzz-$h" "${limits[@]}" -max_total_time="$seconds" \
		-dict="$here/$h.dict" -close_fd_mask=3 -fork="$jobs" \
		-ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
		-artifact_prefix="$build/crashes-$h/" -print_final_stats=1 \
		"$corpus" "$here/reproducers/$h" >"$build/fuzz-$h.log" 2>&1) || true
	local crashes
	crashes=$(find "$build/crashes-$h" -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' | wc -l)
	echo "fuzz-$h: ${seconds}s x $jobs jobs, corpus $(find "$corpus" -type f | wc -l) inputs, $crashes findings in $build/crashes-$h"
}

cov() {
	local h profiles=() objs=()
	for h in "$@"; do
		mapfile -t files < <(inputs_of "$h")
		[ -d "$build/corpus-$h" ] && mapfile -t -O "${#files[@]}" files < <(find "$build/corpus-$h" -type f)
		LLVM_PROFILE_FILE=$build/cov-$h.profraw "$build/cov-$h" -runs=0 \
			"${files[@]}" >"$build/cov-$h.log" 2>&1 || true
		profiles+=("$build/cov-$h.profraw")
		objs+=(-object "$build/cov-$h")
	done
	llvm-profdata merge -o "$build/cov.profdata" "${profiles[@]}"
	llvm-cov report -instr-profile="$build/cov.profdata" "${objs[@]:1}" \
		"$repo"/linux/scripts/livepatch/*.c | tee "$build/cov.txt"
}

case $mode in
fuzz)	for h in "$@"; do fuzz "$h"; done ;;
replay)	rc=0; for h in "$@"; do replay "$h" || rc=1; done; exit $rc ;;
cov)	cov "$@" ;;
*)	echo "run.sh: unknown mode $mode" >&2; exit 2 ;;
esac
