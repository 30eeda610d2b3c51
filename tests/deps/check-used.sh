#!/bin/bash
# Are the Debian package sets of scripts/lib.sh (PACKAGE_SETS) complete?
#
# Runs the standalone entry points under strace, in a private build
# directory so that everything is really compiled:
#   deps/tool        make -f mk/tool.mk tool    (what `make tool` runs)
#   deps/host-check  make -f mk/tool.mk check   (what `make host-check` runs)
#   deps/bench       make -f mk/tool.mk bench   (what `make bench` runs)
# and maps every program it executed and every system file it read
# (headers, also a cross compiler's, /usr/lib/gcc*, /usr/libexec,
# libraries, crt objects, .pc files)
# to its Debian package with dpkg -S. Each package must be in the entry
# point's set, a dependency of it (Pre-Depends/Depends, recursively), or
# part of the base system (Essential: yes, Priority: required, and their
# dependencies: what debootstrap --variant=minbase installs). Otherwise the
# set is incomplete: a bare machine would fail where this one passes.
#
# Prints "PASS: deps/<set>" or "FAIL: deps/<set>: <why>" (with the files
# and packages on indented lines); exits non-zero on any failure.
#
# Usage: check-used.sh [--without PKG]... [--output] [SET...]
#   SET          tool, host-check, bench (default: all three)
#   --without P  drop package P from the sets, to see this check fail,
#                e.g. --without valgrind host-check
#   --output     print what the traced target printed, before the verdict:
#                make check runs its host tests this way, once, and takes
#                their verdicts from the traced run
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"
# shellcheck source=../lib/verdict.sh
. "$TOP/tests/lib/verdict.sh"

without=()
sets=()
output=0
while [ $# -gt 0 ]; do
	case $1 in
	--output) output=1; shift ;;
	--without) [ $# -ge 2 ] || die "--without needs a package"
		without+=("$2"); shift 2 ;;
	--without=*) without+=("${1#--without=}"); shift ;;
	-h|--help) sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
	-*) die "unknown option $1" ;;
	*) sets+=("$1"); shift ;;
	esac
done
[ ${#sets[@]} -gt 0 ] || sets=(tool host-check bench)

declare -A target=([tool]=tool [host-check]=check [bench]=bench)
for set in "${sets[@]}"; do
	[ -n "${target[$set]+x}" ] || die "no traced target for set '$set' (tool, host-check, bench)"
done

# What the traced targets need, and the tracer itself.
mapfile -t need < <(packages_of "${sets[@]}")
ensure_packages "${need[@]}" strace

work=$BUILD/deps-check
rm -rf "$work"
mkdir -p "$work"

# Installed packages: name, essential, priority, provides, dependencies.
dpkg-query -W -f='${Package}\t${Status}\t${Essential}\t${Priority}\t${Provides}\t${Pre-Depends}, ${Depends}\n' |
	awk -F'\t' '$2 == "install ok installed"' >"$work/installed.tsv"

# closure ROOT... : ROOT and every installed package it depends on,
# recursively. In an alternative (a | b) the first one installed counts;
# a virtual package counts as its installed providers.
closure() {
	printf '%s\n' "$@" | awk -F'\t' '
	function bare(s) {
		gsub(/\([^)]*\)/, "", s); gsub(/[[:space:]]/, "", s)
		sub(/:.*/, "", s)
		return s
	}
	function add(p) {
		if (p in seen) return
		seen[p] = 1; queue[++tail] = p
	}
	FNR == NR { if ($1 != "") roots[$1] = 1; next }
	{
		inst[$1] = 1; deps[$1] = $6
		n = split($5, pv, ",")
		for (i = 1; i <= n; i++) if ((v = bare(pv[i])) != "") prov[v] = prov[v] " " $1
	}
	END {
		for (r in roots) if (r in inst) add(r)
		for (head = 1; head <= tail; head++) {
			n = split(deps[queue[head]], grp, ",")
			for (i = 1; i <= n; i++) {
				m = split(grp[i], alt, "|")
				for (j = 1; j <= m; j++) {
					a = bare(alt[j])
					if (a == "") continue
					if (a in inst) { add(a); break }
					if (a in prov) {
						k = split(prov[a], pp, " ")
						for (l = 1; l <= k; l++) add(pp[l])
						break
					}
				}
			}
		}
		for (p in seen) print p
	}' - "$work/installed.tsv" | sort
}

# The base system: Essential, Priority required, and what they need.
mapfile -t base_roots < <(awk -F'\t' '$3 == "yes" || $4 == "required" { print $1 }' "$work/installed.tsv")
closure "${base_roots[@]}" >"$work/base.txt"

# Files of a trace that are ours to check, one "kind<TAB>path" per line:
# programs executed, and system files opened (successfully). A binutils
# program (nm, ar) loads every plugin of /usr/lib/bfd-plugins that happens
# to be installed (LLVMgold of the fuzz set's llvm): what a process opens
# from there on, it opens for the plugin, not for our work.
used_files() {
	awk -v top="$TOP" -v work="$work" '
	{
		pid = $1; rest = $0; sub(/^[0-9]+ +/, "", rest)
		if (rest ~ / <unfinished \.\.\.>$/) {
			sub(/ <unfinished \.\.\.>$/, "", rest); pend[pid] = rest; next
		}
		if (rest ~ /^<\.\.\. [a-z0-9_]+ resumed>/) {
			sub(/^<\.\.\. [a-z0-9_]+ resumed>/, "", rest)
			rest = pend[pid] rest; delete pend[pid]
		}
		if (rest ~ /^execve\(/) delete plugin[pid]
		if (pid in plugin) next
		if (rest ~ /^(openat|open)\(.*\/bfd-plugins\/[^"]*\.so"/ && rest ~ /\) += [0-9]+$/) {
			plugin[pid] = 1; next
		}
		if (rest !~ /^(execve|openat|open)\(/ || rest !~ /\) = [0-9]+$/) next
		if (!match(rest, /"([^"\\]|\\.)*"/)) next
		path = substr(rest, RSTART + 1, RLENGTH - 2)
		if (path !~ /^\//) next
		kind = rest ~ /^execve/ ? "program" : "file"
		if (!((kind SUBSEP path) in done)) { done[kind, path] = 1; print kind "\t" path }
	}' "$1" |
	while IFS=$'\t' read -r kind path; do
		printf '%s\t%s\n' "$kind" "$path"
		# a script runs its #! interpreter (/usr/bin/env: the program
		# it names, found in PATH); the kernel execs it, not strace's view
		{ [ "$kind" = program ] && [ -f "$path" ] && [ -r "$path" ]; } || continue
		[ "$(head -c2 "$path")" = '#!' ] || continue
		read -r interp arg _ < <(head -n1 "$path" | sed 's/^#! *//') || true
		if [ "${interp##*/}" = env ] && [ -n "${arg:-}" ]; then
			printf 'program\t%s\n' "$interp"
			interp=$(command -v -- "$arg" || true)
		fi
		[ -n "$interp" ] && printf 'program\t%s\n' "$interp"
	done |
	while IFS=$'\t' read -r kind path; do
		# ".." of gcc search paths, lexically; symlinks stay as opened
		lex=$(realpath -s -m -- "$path")
		case $lex in
		"$TOP"/*|"$work"/*|"$BUILD"/*|/proc/*|/dev/*|/sys/*|/tmp/*) continue ;;
		/usr/bin/strace) continue ;;
		esac
		[ -d "$lex" ] && continue
		if [ "$kind" = file ]; then
			case $lex in
			/usr/include/*|/usr/lib/gcc*/*|/usr/libexec/*) ;;
			# a cross compiler's headers and libraries (the uapi
			# headers of linux-libc-dev-<arch>-cross, its libc)
			/usr/*-linux-gnu*/include/*|/usr/*-linux-gnu*/lib/*) ;;
			/usr/lib/*.so|/usr/lib/*.so.*|/usr/lib/*.a|/usr/lib/*.o|/usr/lib/*.pc) ;;
			/lib*/*.so|/lib*/*.so.*|/usr/lib*/*.so|/usr/lib*/*.so.*) ;;
			/usr/share/pkgconfig/*.pc) ;;
			*) continue ;;
			esac
		fi
		printf '%s\t%s\n' "$kind" "$lex"
	done | sort -u
}

# Owners of files: reads "kind<TAB>path", prints "kind<TAB>path<TAB>groups":
# space-separated groups, each the comma-separated packages that have one
# file (any of them will do); every group is needed, and none at all means
# that no package has the file. A path counts as itself and, when it is a
# symlink, as its target: the link is one package's (libelf.so: libelf-dev),
# the target maybe another's (libelf1). Each is looked up with and without
# the /usr prefix (merged /usr: dpkg knows /lib/x86_64-linux-gnu/libc.so.6,
# the loader opens /usr/lib/...). A diverted path belongs to the diverting
# package.
owners() {
	local list=$1 cands=$work/cands.txt p r c g
	cut -f2 "$list" | while IFS= read -r p; do
		r=$(realpath -m -- "$p")
		for g in lex res; do
			c=$p
			[ $g = res ] && c=$r
			[ $g = res ] && [ "$r" = "$p" ] && continue
			printf '%s\t%s\t%s\n' "$p" "$g" "$c"
			case $c in
			/usr/bin/*|/usr/sbin/*|/usr/lib*/*) printf '%s\t%s\t%s\n' "$p" "$g" "${c#/usr}" ;;
			/bin/*|/sbin/*|/lib*/*) printf '%s\t%s\t/usr%s\n' "$p" "$g" "$c" ;;
			esac
		done
	done | sort -u >"$cands"
	# one dpkg -S for all (it exits 1 when some path has no owner)
	cut -f3 "$cands" | sort -u | xargs -r -d '\n' dpkg -S >"$work/dpkg-S.txt" 2>/dev/null || true
	awk -F'\t' -v dpkgs="$work/dpkg-S.txt" -v cands="$cands" '
	FILENAME == dpkgs {
		if ($0 ~ /^diversion by .* from: /) {
			p = $0; sub(/^diversion by /, "", p); d = p
			sub(/ from: .*/, "", d); sub(/^.* from: /, "", p)
			div[p] = d; next
		}
		if ($0 ~ /^(local )?diversion /) {
			if ($0 ~ /^local diversion from: /) { p = $0; sub(/^[^:]*: /, "", p); div[p] = "" }
			next
		}
		i = index($0, ": "); if (!i) next
		own[substr($0, i + 2)] = substr($0, 1, i - 1)
		next
	}
	FILENAME == cands {
		o = ($3 in div) ? div[$3] : (($3 in own) ? own[$3] : "")
		k = split(o, ps, ", ")
		for (j = 1; j <= k; j++) {
			q = ps[j]; sub(/:.*/, "", q)
			if (q == "" || (($1, $2, q) in got)) continue
			got[$1, $2, q] = 1
			key = $1 SUBSEP $2
			grp[key] = grp[key] (grp[key] == "" ? "" : ",") q
		}
		next
	}
	{
		out = ""; delete seen
		for (g = 1; g <= 2; g++) {
			key = $2 SUBSEP (g == 1 ? "lex" : "res")
			if (!(key in grp) || (grp[key] in seen)) continue
			seen[grp[key]] = 1
			out = out (out == "" ? "" : " ") grp[key]
		}
		print $1 "\t" $2 "\t" out
	}' "$work/dpkg-S.txt" "$cands" "$list"
}

for set in "${sets[@]}"; do
	t=${target[$set]}
	# the set as declared, less --without
	mapfile -t roots < <(packages_of "$set")
	for w in "${without[@]}"; do
		for i in "${!roots[@]}"; do
			[ "${roots[$i]}" = "$w" ] && unset 'roots[i]'
		done
	done
	closure "${roots[@]}" >"$work/$set.allowed"

	trace=$work/$set.strace
	out=$work/$set.out
	rc=0
	# LeakSanitizer cannot run under ptrace: off for the ASan run of the
	# host tests (LSAN_OPTIONS is read after run.sh's ASAN_OPTIONS). The
	# same binaries and libraries are used either way.
	# make check takes its normal and valgrind host tests from this
	# traced run and runs the asan ones apart, with leak detection
	# (HOST_MODES); the asan programs run here once, to open what they
	# open at run time.
	# (The benchmark's timings are made of one run each, BENCH_RUNS=1:
	# the same programs, not the same number of times; and of Debian's
	# images only the first, BENCH_IMAGES=1: the same programs, 70 MB
	# downloaded instead of 700; and no fix of the from-fix bench,
	# BENCH_FIX_MAX=0: preparing a kernel tree runs the kernel's build
	# tools, which tests/fix checks in make check with the kernel set.)
	(cd "$TOP" && LSAN_OPTIONS=detect_leaks=0 BENCH_RUNS=1 BENCH_IMAGES=1 BENCH_FIX_MAX=0 nice -n 10 \
		strace -f -qq --seccomp-bpf -e trace=execve,openat,open -o "$trace" \
		make -s -f mk/tool.mk "BUILD=$work/build-$set" "$t") >"$out" 2>&1 || rc=$?
	if [ "$set" = host-check ] && [[ " ${HOST_MODES:-asan} " != *" asan "* ]]; then
		for b in bin/klp-convert-asan bin/klp-symlist-asan tests/vmlinuz-dump-asan; do
			LSAN_OPTIONS=detect_leaks=0 strace -f -qq --seccomp-bpf \
				-e trace=execve,openat,open -o "$trace.asan" \
				"$work/build-$set/$b" --help >/dev/null 2>&1 || true
			cat "$trace.asan" >> "$trace"
		done
	fi
	[ $output -eq 0 ] || cat "$out"
	used_files "$trace" >"$work/$set.used"
	owners "$work/$set.used" >"$work/$set.owners"
	bad=$(awk -F'\t' -v owners="$work/$set.owners" '
		FILENAME != owners { ok[$1] = 1; next }
		$3 == "" { print "  " $1 " " $2 ": no Debian package has it"; next }
		{
			n = split($3, grp, " "); miss = ""
			for (i = 1; i <= n; i++) {
				k = split(grp[i], ps, ","); good = 0
				for (j = 1; j <= k; j++) if (ps[j] in ok) good = 1
				if (!good) miss = miss " " grp[i]
			}
			if (miss != "") print "  " $1 " " $2 ": package" miss
		}' "$work/$set.allowed" "$work/base.txt" "$work/$set.owners")
	npkg=$(cut -f3 "$work/$set.owners" | sed 's/[ ,]/\n/g; /^$/d' | sort -u | wc -l)
	nfile=$(wc -l <"$work/$set.used")
	if [ $rc -ne 0 ]; then
		# a failed run may have stopped before using everything
		fail "deps/$set" "make -f mk/tool.mk $t exited $rc under strace, the trace may be incomplete (output: $out)"
		grep '^FAIL: ' "$out" | head -3 | sed 's/^/  /'
		tail -2 "$out" | sed 's/^/  /'
		[ -z "$bad" ] || printf '%s\n' "$bad"
	elif ! grep -q '^program' "$work/$set.used"; then
		# nothing traced is nothing checked
		fail "deps/$set" "the trace of make -f mk/tool.mk $t has no program (strace: $trace)"
	elif [ -z "$bad" ]; then
		pass "deps/$set" "$nfile programs and files from $npkg packages"
	else
		pkgs=$(printf '%s\n' "$bad" | sed -n 's/.*: package //p' | tr ' ' '\n' | sed '/^$/d' | sort -u | paste -sd' ')
		fail "deps/$set" "needs ${pkgs:-files of no package}, not in PACKAGE_SETS[$set], its dependencies or the base system"
		printf '%s\n' "$bad"
	fi
done
verdict_status
