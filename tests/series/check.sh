#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The generated series (make series) as a maintainer receives it:
#  - numbering: "[PATCH n/N]" in order, N the number of patches, which
#    README.md and the cover letter's "Patches ..." paragraph follow
#    (patch-counts.py);
#  - checkpatch.pl --strict (patch mode) on each patch: no error, and no
#    warning but those patches/checkpatch-notes explains (each of which
#    must still occur);
#  - git am on a git repository of the pristine pinned tree applies every
#    patch, and the result is exactly, byte for byte and mode for mode,
#    both the tree our normal flow builds ($KSRC, scripts/prepare-kernel.sh)
#    and linux/ + patches/ applied the way they are edited;
#  - every prefix of the series builds: make scripts modules_prepare with
#    the first test kernel's configuration, klp-convert included once its
#    patch is in, and klp-symlist (make scripts/livepatch/ KLP_SYMLIST=y)
#    once its patch is in;
#  - at every prefix with klp-convert, the host tests that exist there pass
#    with the programs that prefix built: each script of tests/host names
#    the patch it needs in a "# series: <patch>" line (patches/series,
#    without the number), and runs (normal mode) from that patch on.
#
# Needs the prepared tree and the first test kernel's .config (make check
# runs it after the first kernel build). Prints "PASS: series: ..." or
# "FAIL: series: ...: why".
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"
# shellcheck source=../lib/verdict.sh
. "$TOP/tests/lib/verdict.sh"
# shellcheck source=../lib/reuse.sh
. "$TOP/tests/lib/reuse.sh"
# shellcheck source=../lib/keys.sh
. "$TOP/tests/lib/keys.sh"
VERDICT_PREFIX="series: "

work=$BUILD/series-check
src=$work/src                 # git repository of the pristine tree
obj=$work/obj                 # O= tree of the prefix builds
checkpatch=$PRISTINE/$KERNEL_TOPDIR/scripts/checkpatch.pl

if why=$(missing_inputs "$KSRC" "$KOBJ/.config" "$checkpatch"); then
	fail "inputs" "$why (prepare and build the kernel first)"
	exit 1
fi

# Without a git identity (a bare CI machine), the series is made with a
# placeholder one; its content does not depend on who makes it.
"$TOP/scripts/make-series.sh" --any-identity "$SERIES_DIR"
mapfile -t patches < <(series_files)
n=${#patches[@]}

check_numbering() {
	local i=0 p subject want
	for p in "${patches[@]}"; do
		i=$((i + 1))
		subject=$(sed -n 's/^Subject: //p' "$p" | head -1)
		want=$(printf '[PATCH %0*d/%d] ' ${#n} "$i" "$n")
		if [ "${subject:0:${#want}}" != "$want" ]; then
			fail "numbering" "${p##*/}: '$subject' does not start with '$want'"
			return
		fi
	done
	grep -q "^Subject: \[PATCH $(printf '%0*d' ${#n} 0)/$n\] " \
		"$SERIES_DIR/0000-cover-letter.patch" ||
		{ fail "numbering" "the cover letter is not [PATCH 0/$n]"; return; }
	[ "$n" -eq "$(series_patches | wc -l)" ] ||
		{ fail "numbering" "$n patches generated, patches/series has $(series_patches | wc -l)"; return; }
	pass "numbering: $n patches and a cover letter, [PATCH 1/$n] to [PATCH $n/$n]"
	# what README.md and the cover letter say of them
	local why
	if why=$(python3 "$TOP/tests/series/patch-counts.py" "$n" "$TOP/README.md" \
			"$TOP/patches/cover-letter"); then
		pass "README.md and the cover letter count $n patches"
	else
		fail "README.md and the cover letter count $n patches" "$(tr '\n' ' ' <<<"$why")"
	fi
}

# checkpatch of one patch, reused with the same key (tests/lib/keys.sh)
check_checkpatch() {	# <patch file> <its number>
	local p=$1 name key stamp out
	name=$(series_patches | sed -n "$2p")
	key=$(key_checkpatch "$p" "$name")
	stamp=$BUILD/reuse/series/checkpatch-$2
	mkdir -p "$(dirname "$stamp")"
	if reuse_hit "$stamp" "$key" && [ -s "$stamp.verdict" ]; then
		cat "$stamp.verdict"
		VERDICT_PASSED=$((VERDICT_PASSED + 1))
		return
	fi
	reuse_ran "$stamp"
	out=$(checkpatch_verdict "$p" "$name")
	printf '%s\n' "$out"
	if [ "${out:0:6}" = "PASS: " ]; then
		VERDICT_PASSED=$((VERDICT_PASSED + 1))
		printf '%s\n' "$out" > "$stamp.verdict"
		reuse_record "$stamp" "$key"
	else
		VERDICT_FAILED=$((VERDICT_FAILED + 1))
	fi
}

# Warning types of one generated patch, "TYPE" per line, and its error count.
checkpatch_verdict() {	# <patch file> <patch name>
	local p=$1 name=$2 out errors types allowed t bad=""
	# (from $work: in a git work tree, --strict leaves a camelcase cache)
	out=$(cd "$work" && { perl "$checkpatch" --strict --no-tree --show-types --terse "$p" || true; })
	errors=$(printf '%s\n' "$out" | grep -c ': ERROR:' || true)
	types=$(printf '%s\n' "$out" | sed -n 's/.*: WARNING:\([A-Z_]*\):.*/\1/p' | sort -u)
	allowed=$(awk -F'\t' -v p="$name" '!/^#/ && $1 == p { print $2 }' \
		"$TOP/patches/checkpatch-notes" | sort -u)
	for t in $types; do
		grep -qxF "$t" <<<"$allowed" || bad+=" $t"
	done
	if [ "$errors" -ne 0 ]; then
		fail "checkpatch --strict ${p##*/}" "$errors errors: $(printf '%s\n' "$out" | grep ': ERROR:' | head -3)"
	elif [ -n "$bad" ]; then
		fail "checkpatch --strict ${p##*/}" "warnings not explained in patches/checkpatch-notes:$bad: $(printf '%s\n' "$out" | grep -E "WARNING:(${bad// /|}):" | head -3 | tr '\n' ' ')"
	else
		for t in $allowed; do
			grep -qxF "$t" <<<"$types" ||
				{ fail "checkpatch --strict ${p##*/}" "patches/checkpatch-notes explains $t, which no longer occurs"; return; }
		done
		pass "checkpatch --strict ${p##*/}: 0 errors, $(printf '%s\n' "$out" | grep -c ': WARNING:' || true) warnings (explained: ${allowed//$'\n'/ }), $(printf '%s\n' "$out" | grep -c ': CHECK:' || true) checks"
	fi
}

# The pristine tree as a git repository, made once per tarball.
prepare_repo() {
	local id
	id=$(cat "$PRISTINE/.tarball-id")
	if [ "$(cat "$work/.src-id" 2>/dev/null)" != "$id" ]; then
		rm -rf "$work"
		mkdir -p "$work"
		cp -a "$PRISTINE/$KERNEL_TOPDIR" "$src"
		git -C "$src" init -q
		git -C "$src" add -A -f
		git -C "$src" -c user.name=pristine -c user.email=pristine@invalid \
			commit -q -m "$KERNEL_PKG $KERNEL_PKG_VERSION"
		git -C "$src" tag pristine
		echo "$id" > "$work/.src-id"
	fi
	git -C "$src" am --abort >/dev/null 2>&1 || true
	git -C "$src" checkout -q -f --detach pristine
	git -C "$src" clean -q -fdx
}

check_git_am() {
	if git -C "$src" -c user.name=check -c user.email=check@invalid \
		am -q "${patches[@]}" >"$work/am.log" 2>&1; then
		pass "git am of the $n patches on the pristine $KERNEL_PKG $KERNEL_PKG_VERSION tree"
		return 0
	fi
	fail "git am" "$(head -5 "$work/am.log" | tr '\n' ' ')"
	return 1
}

# Same files, bytes and modes in two trees, over the given paths.
same_trees() {
	local a=$1 b=$2 f diffs=()
	while IFS= read -r f; do
		if [ ! -e "$a/$f" ] || [ ! -e "$b/$f" ] || ! cmp -s "$a/$f" "$b/$f" ||
		   [ "$(stat -c %a "$a/$f")" != "$(stat -c %a "$b/$f")" ]; then
			diffs+=("$f")
		fi
	done
	if [ ${#diffs[@]} -eq 0 ]; then
		return 0
	fi
	printf '%s ' "${diffs[@]:0:5}"
	return 1
}

# The files the series changes, in the git am tree, and those our work
# touches, by our own account.
changed_paths() {
	{
		git -C "$src" diff --name-only pristine HEAD
		touched_files
	} | sort -u
}

check_equals_prepared() {
	local d
	if d=$(changed_paths | same_trees "$src" "$KSRC"); then
		pass "git am tree equals the prepared tree ($(changed_paths | wc -l) files)"
	else
		fail "git am tree equals the prepared tree" "differ: $d"
	fi
}

# linux/ copied in and patches/ applied with patch(1), as they are edited.
check_equals_sources() {
	local t=$work/sources p d
	copy_pristine_files "$t"
	cp -a "$TOP/linux/." "$t/"
	# (linux/ has the new files as the last patch leaves them: only the
	# diffs of existing files apply on top)
	for p in $(series_patches); do
		diff_of_existing_files "$TOP/patches/$p" > "$work/existing.diff"
		grep -q '^+++ ' "$work/existing.diff" || continue
		patch -d "$t" -p1 -s --batch --no-backup-if-mismatch \
			< "$work/existing.diff" >/dev/null ||
			{ fail "series equals linux/ + patches/" "patches/$p does not apply"; return; }
	done
	if d=$(changed_paths | same_trees "$src" "$t"); then
		pass "series equals linux/ + patches/"
	else
		fail "series equals linux/ + patches/" "differ: $d"
	fi
}

# make scripts modules_prepare at every prefix, klp-convert once it exists.
check_prefixes() {
	local commits c i=0 what key stamp
	mapfile -t commits < <(git -C "$src" rev-list --reverse pristine..HEAD)
	mkdir -p "$obj"
	cp "$KOBJ/.config" "$obj/.config"
	for c in "${commits[@]}"; do
		i=$((i + 1))
		what="prefix $i/$n builds ($(git -C "$src" log -1 --format=%s "$c"))"
		# the same tree (git's id of its content) builds the same way
		key=$(key_prefix "$(git -C "$src" rev-parse "$c^{tree}")" "$obj/.config")
		stamp=$BUILD/reuse/series/prefix-$i
		if reuse_hit "$stamp" "$key"; then
			pass "$what" "reused: tree $(git -C "$src" rev-parse --short "$c^{tree}") built before"
			continue
		fi
		reuse_ran "$stamp"
		git -C "$src" checkout -q "$c"
		if ! make -s -C "$src" O="$obj" -j"$(nproc)" olddefconfig \
			scripts modules_prepare >"$work/prefix-$i.log" 2>&1; then
			fail "$what" "$(grep -m3 -i 'error' "$work/prefix-$i.log" | tr '\n' ' ')"
			continue
		fi
		if [ -f "$src/scripts/livepatch/Makefile" ] &&
		   ! "$obj/scripts/livepatch/klp-convert" --version >/dev/null 2>&1; then
			fail "$what" "scripts/livepatch/klp-convert was not built"
			continue
		fi
		# klp-symlist, once it is there (not built by default)
		if grep -q '^klp-symlist-objs' "$src/scripts/livepatch/Makefile" 2>/dev/null &&
		   { ! make -s -C "$src" O="$obj" -j"$(nproc)" scripts/livepatch/ \
			KLP_SYMLIST=y >"$work/prefix-$i.symlist.log" 2>&1 ||
		     ! "$obj/scripts/livepatch/klp-symlist" --help >/dev/null 2>&1; }; then
			fail "$what" "scripts/livepatch/klp-symlist was not built: $(grep -m3 -i 'error' "$work/prefix-$i.symlist.log" | tr '\n' ' ')"
			continue
		fi
		pass "$what"
		reuse_record "$stamp" "$key"
	done
	# then the host tests, prefix by prefix, once klp-convert is there
	i=0
	for c in "${commits[@]}"; do
		i=$((i + 1))
		git -C "$src" cat-file -e "$c:scripts/livepatch/Makefile" 2>/dev/null || continue
		check_prefix_host "$i" "$c"
	done
}

# ---- the host tests at each prefix

host_scripts=(run.sh hostile.sh arch.sh verify.sh symlist.sh vmlinuz.sh)
last_host_key="" last_host_prefix=""
read -ra elf_cflags <<<"$(pkg-config --cflags libelf)"
read -ra elf_libs <<<"$(pkg-config --libs libelf)"
read -ra symlist_libs <<<"$(pkg-config --libs libelf libzstd liblzma zlib liblz4) -lpthread"

# The number of the patch a host test script needs ("# series: <slug>").
script_needs() {	# <script>
	local slug
	slug=$(sed -n 's/^# series: //p' "$TOP/tests/host/$1")
	[ -n "$slug" ] || { echo "tests/host/$1 has no '# series:' line" >&2; return 1; }
	series_patches | grep -n -- "^[0-9]*-$slug\.patch\$" | cut -d: -f1 | grep . ||
		{ echo "tests/host/$1: no patch $slug in patches/series" >&2; return 1; }
}

# The fixtures, klp-inspect and elf-edit (hostile.sh takes it from beside
# klp-inspect), once: they do not depend on the series.
prepare_host_tests() {
	rm -rf "$work/host"
	mkdir -p "$work/host"
	"$TOP/tests/host/build-fixtures.sh" "$work/host/fixtures" >"$work/host/fixtures.log" 2>&1 &&
	gcc -std=gnu11 -O2 -Wall -Werror ${elf_cflags[@]+"${elf_cflags[@]}"} \
		-o "$work/host/klp-inspect" "$TOP/tests/host/klp-inspect.c" \
		"${elf_libs[@]}" &&
	gcc -std=gnu11 -O2 -Wall -Werror -o "$work/host/elf-edit" \
		"$TOP/tests/host/elf-edit.c"
}

# The vmlinuz.sh driver, from the prefix's sources (its includes are
# relative to tests/host: a tree whose linux/ is the prefix's).
build_vmlinuz_dump() {	# <output>
	local t=$work/host/dump-src lp=$src/scripts/livepatch
	rm -rf "$t" && mkdir -p "$t/tests/host"
	ln -s "$src" "$t/linux"
	cp "$TOP/tests/host/vmlinuz-dump.c" "$t/tests/host/"
	gcc -std=gnu11 -O2 -Wall -Werror -I "$src/scripts/include" \
		${elf_cflags[@]+"${elf_cflags[@]}"} -o "$1" "$t/tests/host/vmlinuz-dump.c" \
		"$lp/decompress.c" "$lp/vmlinuz.c" "$lp/notes.c" "$lp/util.c" \
		"${symlist_libs[@]}"
}

# The host test scripts the prefix has the patches of, run with its
# programs; reused while its tool sources and the tests are the same.
check_prefix_host() {	# <prefix number> <commit>
	local i=$1 c=$2 script need run=() key stamp dir rc line counts="" na
	local lp=$obj/scripts/livepatch tool_tree
	for script in "${host_scripts[@]}"; do
		need=$(script_needs "$script") || { fail "prefix $i/$n host tests" "no '# series:' patch for $script"; return; }
		[ "$need" -gt "$i" ] || run+=("$script")
	done
	if [ ${#run[@]} -eq 0 ]; then
		inapplicable "prefix $i/$n host tests" "every host test script needs a later patch"
		return
	fi
	tool_tree=$(git -C "$src" rev-parse "$c:scripts/livepatch" "$c:scripts/mod/klp-symtype.h" \
		"$c:include/uapi/linux/livepatch.h" | tr '\n' ' ')
	key=$(key_prefix_host "$tool_tree ${run[*]}")
	stamp=$BUILD/reuse/series/prefix-host-$i
	# a later patch that leaves the tool and the scripts run as they were
	if [ "$key" = "$last_host_key" ]; then
		pass "prefix $i/$n host tests" "the tool sources and scripts of prefix $last_host_prefix, which passed"
		return
	fi
	if reuse_hit "$stamp" "$key" && [ -s "$stamp.verdict" ]; then
		cat "$stamp.verdict"
		VERDICT_PASSED=$((VERDICT_PASSED + 1))
		last_host_key=$key last_host_prefix=$i
		return
	fi
	reuse_ran "$stamp"
	[ -x "$work/host/klp-inspect" ] || prepare_host_tests ||
		{ fail "prefix $i/$n host tests" "fixtures or klp-inspect: $(tail -3 "$work/host/fixtures.log" | tr '\n' ' ')"; return; }
	# the prefix's programs (a reused build left another prefix's in $obj)
	git -C "$src" checkout -q "$c"
	if ! make -s -C "$src" O="$obj" -j"$(nproc)" scripts/livepatch/ \
		KLP_SYMLIST=y >"$work/host/build-$i.log" 2>&1; then
		fail "prefix $i/$n host tests" "make scripts/livepatch/: $(grep -m3 -i error "$work/host/build-$i.log" | tr '\n' ' ')"
		return
	fi
	dir=$work/host/prefix-$i
	rm -rf "$dir" && cp -a "$work/host/fixtures" "$dir"
	# the tests say N/A for what needs a later patch (tests/lib/verdict.sh)
	# (sed reads every line: head would leave series_patches a SIGPIPE)
	SERIES_PRESENT=$(series_patches | sed -n "1,${i}{s/^[0-9]*-//; s/\\.patch\$//; p}" | tr '\n' ' ')
	export SERIES_PRESENT
	for script in "${run[@]}"; do
		rc=0
		if [ "$script" = vmlinuz.sh ]; then
			build_vmlinuz_dump "$dir/vmlinuz-dump" >"$dir/$script.log" 2>&1 &&
			"$TOP/tests/host/$script" normal "$dir/vmlinuz-dump" "$dir" \
				>>"$dir/$script.log" 2>&1 || rc=$?
		else
			"$TOP/tests/host/$script" normal "$lp/klp-convert" "$work/host/klp-inspect" \
				"$dir" >"$dir/$script.log" 2>&1 || rc=$?
		fi
		if [ "$rc" -ne 0 ] || grep -q '^FAIL' "$dir/$script.log" ||
		   ! grep -q '^\(PASS\|N/A\)' "$dir/$script.log"; then
			unset SERIES_PRESENT
			fail "prefix $i/$n host tests" "$script (exit $rc): $(grep -m3 '^FAIL' "$dir/$script.log" | tr '\n' ' ')"
			return
		fi
		na=$(grep -c '^N/A' "$dir/$script.log" || true)
		counts+=" ${script%.sh} $(grep -c '^PASS' "$dir/$script.log" || true)"
		[ "$na" -eq 0 ] || counts+=" (+$na N/A)"
		counts+=","
	done
	unset SERIES_PRESENT
	last_host_key=$key last_host_prefix=$i
	line="PASS: ${VERDICT_PREFIX}prefix $i/$n host tests pass with its programs:${counts%,}"
	echo "$line"
	VERDICT_PASSED=$((VERDICT_PASSED + 1))
	printf '%s\n' "$line" > "$stamp.verdict"
	reuse_record "$stamp" "$key"
}

# make apply (scripts/apply.sh): git am in a git work tree, patch(1)
# elsewhere; both must give the tree git am of the series gave, and a tree
# the series does not apply to must be refused, naming the patch.
check_apply() {
	local want t=$work/apply-plain d
	want=$(git -C "$src" rev-parse "$series_head^{tree}")
	git -C "$src" checkout -q -f --detach pristine
	if ! "$TOP/scripts/apply.sh" "$src" >"$work/apply.log" 2>&1; then
		fail "make apply (git work tree)" "$(tail -3 "$work/apply.log" | tr '\n' ' ')"
	elif [ "$(git -C "$src" rev-parse "HEAD^{tree}")" != "$want" ] ||
	     [ "$(git -C "$src" rev-list --count pristine..HEAD)" -ne "$n" ]; then
		fail "make apply (git work tree)" "not $n commits with the tree of the series"
	else
		pass "make apply (git work tree): $n commits, the tree of the series"
	fi

	copy_pristine_files "$t"
	if ! "$TOP/scripts/apply.sh" "$t" >"$work/apply.log" 2>&1; then
		fail "make apply (plain tree)" "$(tail -3 "$work/apply.log" | tr '\n' ' ')"
	elif d=$(changed_paths | same_trees "$src" "$t"); then
		pass "make apply (plain tree): the files of the series"
	else
		fail "make apply (plain tree)" "differ: $d"
	fi

	# a tree the series does not apply to: the first patch's file changed
	copy_pristine_files "$t"
	sed -i 's/\.klp\.sym\./.klp.SYM./' "$t/kernel/livepatch/core.c"
	if "$TOP/scripts/apply.sh" "$t" >"$work/apply.log" 2>&1; then
		fail "make apply (tree it does not apply to)" "accepted"
	elif ! grep -q "patch does not apply: .*/${patches[0]##*/}" "$work/apply.log"; then
		fail "make apply (tree it does not apply to)" "did not name ${patches[0]##*/}: $(tail -2 "$work/apply.log" | tr '\n' ' ')"
	else
		pass "make apply (tree it does not apply to): refused, naming ${patches[0]##*/}"
	fi
}

mkdir -p "$work"
check_numbering
i=0
for p in "${patches[@]}"; do
	i=$((i + 1))
	check_checkpatch "$p" "$i"
done
prepare_repo
if check_git_am; then
	series_head=$(git -C "$src" rev-parse HEAD)
	check_equals_prepared
	check_equals_sources
	check_prefixes
	check_apply
fi
verdict_status
