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
# shellcheck source=../lib/verdict.sh
. "$here/../lib/verdict.sh"
export KLP_FUZZ_SYMBOLS=$here/fixed/Symbols.list
export KLP_FUZZ_MODULE=$here/fixed/lp.ko
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
limits=(-rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=20)

inputs_of() {	# committed corpus and reproducers of a harness
	local d
	for d in "$here/corpus/$1" "$here/reproducers/$1"; do
		[ ! -d "$d" ] || find "$d" -type f
	done | sort
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
# livepatch format is by design.  No output to check is a failure.
elflint_outputs() {	# <harness> <dir of outputs>
	local h=$1 dir=$2 f n=0 bad=0
	if ! command -v eu-elflint >/dev/null; then
		fail "fuzz/elflint-$h" "eu-elflint is not installed (elfutils)"
		return 1
	fi
	for f in "$dir"/*.ko; do
		[ -e "$f" ] || continue
		n=$((n + 1))
		elflint_findings "$f" >"$dir/out.txt"
		elflint_findings "${f%.ko}.in" >"$dir/in.txt"
		comm -23 "$dir/out.txt" "$dir/in.txt" | grep -avE "$elflint_known" >"$dir/new.txt" || true
		if [ -s "$dir/new.txt" ]; then
			echo "  $(basename "$f") (from $(basename "${f%.ko}.in")): $(head -3 "$dir/new.txt" | tr '\n' ' ')"
			bad=$((bad + 1))
		fi
	done
	if [ "$n" -eq 0 ]; then
		fail "fuzz/elflint-$h" "no converted output in $dir to check"
	elif [ "$bad" -gt 0 ]; then
		fail "fuzz/elflint-$h" "$bad of $n converted outputs have eu-elflint findings their input does not have (above)"
	else
		pass "fuzz/elflint-$h" "eu-elflint --gnu-ld on $n converted outputs"
	fi
}

replay() {
	local h=$1
	local keep=$build/replay-$h ran
	rm -rf "$keep"
	mkdir -p "$keep"
	mapfile -t files < <(inputs_of "$h")
	if [ ${#files[@]} -eq 0 ]; then
		fail "fuzz/replay-$h" "no input in $here/corpus/$h or $here/reproducers/$h"
		return 1
	fi
	if ! KLP_FUZZ_KEEP=$keep "$build/fuzz-$h" "${limits[@]}" "${files[@]}" \
		>"$keep.log" 2>&1; then
		fail "fuzz/replay-$h" "$(grep -a -m1 -E 'ERROR|broken promise|bad output|runtime error' "$keep.log" || tail -1 "$keep.log")"
		return 1
	fi
	# libFuzzer says "Executed <file>" for every input it ran
	ran=$(grep -ac '^Executed ' "$keep.log" || true)
	if [ "$ran" -ne ${#files[@]} ]; then
		fail "fuzz/replay-$h" "the harness ran $ran of ${#files[@]} inputs (log: $keep.log)"
		return 1
	fi
	pass "fuzz/replay-$h" "${#files[@]} inputs, no crash, every promise kept"
	# the kallsyms decoder, klp-symlist's readers and klp-fixdiff write
	# no ELF file
	case $h in
	vmlinuz|symlist|kconfig|fixdiff) ;;
	*) elflint_outputs "$h" "$keep" ;;
	esac
}

fuzz() {
	local h=$1
	local corpus=$build/corpus-$h jobs
	jobs=$(nproc)
	local dict=() seeds=("$corpus")
	[ ! -f "$here/$h.dict" ] || dict=(-dict="$here/$h.dict")
	# (libFuzzer exits at a corpus directory that does not exist: a
	# harness without findings yet has no reproducers/<h>)
	[ ! -d "$here/reproducers/$h" ] || seeds+=("$here/reproducers/$h")
	mkdir -p "$corpus" "$build/crashes-$h"
	cp -n "$here/corpus/$h"/* "$corpus"/ 2>/dev/null || true
	(cd "$build/crashes-$h" &&
	 "$build/fuzz-$h" "${limits[@]}" -max_total_time="$seconds" \
		${dict[@]+"${dict[@]}"} -close_fd_mask=3 -fork="$jobs" \
		-ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
		-artifact_prefix="$build/crashes-$h/" -print_final_stats=1 \
		"${seeds[@]}" >"$build/fuzz-$h.log" 2>&1) || true
	if grep -q '^No such file or directory: ' "$build/fuzz-$h.log"; then
		echo "fuzz-$h: did not run: $(grep -m1 '^No such file' "$build/fuzz-$h.log")" >&2
		return 1
	fi
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
fuzz)	rc=0; for h in "$@"; do fuzz "$h" || rc=1; done; exit "$rc" ;;
replay)	[ $# -gt 0 ] || { fail fuzz/replay "no harness named"; exit 1; }
	for h in "$@"; do replay "$h" || true; done
	verdict_status ;;
cov)	cov "$@" ;;
*)	echo "run.sh: unknown mode $mode" >&2; exit 2 ;;
esac
