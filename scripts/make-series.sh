#!/bin/bash
# make series [SERIES_DIR=dir]: the kernel patch series as kernel developers
# receive it, from the files we edit (patches/ + linux/):
#
#   0000-cover-letter.patch  from patches/cover-letter, with git's shortlog
#                            and diffstat
#   0001-....patch ...       one per patch of patches/series: its change to
#                            existing files, plus the new files of linux/
#                            that patches/new-files assigns to it (as they
#                            are before the later patches' diffs of them:
#                            a new file can grow across patches), and below
#                            "---" the checkpatch warnings it keeps and why
#                            (patches/checkpatch-notes)
#
# git format-patch output ("[PATCH n/N]"), for git am on the pristine pinned
# 6.12 tree. Author and Signed-off-by are the git identity of whoever runs
# it (git var GIT_AUTHOR_IDENT); the date is that of the last commit of this
# repository, so the same inputs give the same bytes. The series is rebuilt
# only when an input changed.
#
# usage: make-series.sh [--any-identity] [outdir]
#   --any-identity  without a git identity, use a placeholder one (for the
#                   scripts that only apply the series; make series needs
#                   a real identity)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

any_identity=0
if [ "${1:-}" = --any-identity ]; then
	any_identity=1
	shift
fi
out=${1:-$SERIES_DIR}
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

if ! ident=$(cd "$TOP" && git var GIT_AUTHOR_IDENT 2>/dev/null); then
	[ $any_identity -eq 1 ] ||
		die "no git identity: set git config user.name and user.email (the author and Signed-off-by of the series)"
	ident="klp-convert series <klp-convert@invalid> 0 +0000"
fi
# "Name <email> 1234567890 +0000": keep name and email
ident=${ident% * *}
name=${ident% <*}
email=${ident##*<}
email=${email%>}
date=$(git -C "$TOP" log -1 --format=%cI 2>/dev/null || true)
date=${date:-1970-01-01T00:00:00Z}

# The patches, the new files, who and when: any change rebuilds the series.
stamp=$( {
	printf '%s\n' "$name" "$email" "$date" "$KERNEL_PKG_VERSION"
	cd "$TOP"
	find linux patches scripts/make-series.sh scripts/lib.sh -type f -print0 |
		sort -z | xargs -0 sha256sum
} | sha256sum | cut -d' ' -f1)
if [ "$(cat "$out/.stamp" 2>/dev/null)" = "$stamp" ]; then
	exit 0
fi

# Which patch each new file of linux/ enters with.
declare -A file_patch=()
map_new_files() {
	local patch path f n in_series
	# once, into a variable: "series_patches | grep -q" fails under
	# pipefail when grep exits before series_patches has written all
	in_series=$(series_patches)
	while read -r patch path; do
		[ -n "$patch" ] || continue
		grep -qxF "$patch" <<<"$in_series" ||
			die "patches/new-files: $patch is not in patches/series"
		n=0
		while IFS= read -r f; do
			[ -z "${file_patch[$f]+x}" ] ||
				die "patches/new-files: $f is listed twice (${file_patch[$f]}, $patch)"
			file_patch[$f]=$patch
			n=$((n + 1))
		done < <(cd "$TOP/linux" && find "${path%/}" -type f 2>/dev/null | sort)
		[ $n -gt 0 ] || die "patches/new-files: no file linux/$path"
	done < <(sed 's/#.*//' "$TOP/patches/new-files")
	while IFS= read -r f; do
		[ -n "${file_patch[$f]+x}" ] ||
			die "linux/$f enters with no patch: add it to patches/new-files"
	done < <(cd "$TOP/linux" && find . -type f -printf '%P\n' | sort)
}

# A new file grows in later patches by their diffs of it (scripts/lib.sh):
# each must come after the patch the file enters with.
check_growth() {
	local p f before=" "
	for p in $(series_patches); do
		while IFS= read -r f; do
			is_new_file "$f" || continue
			[[ "$before" == *" ${file_patch[$f]} "* ]] ||
				die "patches/$p diffs linux/$f, which enters with ${file_patch[$f]}, not before it"
		done < <(diffed_files "$TOP/patches/$p")
		before+="$p "
	done
}

# The commit message of a patch of patches/: its "Subject:" line, then the
# description up to "---".
commit_message() {
	local p=$TOP/patches/$1 subject
	subject=$(sed -n 's/^Subject: \(\[PATCH[^]]*\] \)\?//p' "$p" | head -1)
	[ -n "$subject" ] || die "patches/$1 has no Subject: line"
	printf '%s\n\n' "$subject"
	sed -n '/^Subject: /,/^---$/p' "$p" | sed '1d;$d' | sed '/./,$!d'
}

# The checkpatch warnings a patch keeps, and why (patches/checkpatch-notes),
# as a note below its "---" line.
checkpatch_notes() {
	local patch type why sep=""
	while IFS=$'\t' read -r patch type why; do
		[ "$patch" = "$1" ] || continue
		printf '%scheckpatch --strict %s: %s\n' "$sep" "$type" "$why" |
			fold -s -w 72
		sep=$'\n'
	done < <(grep -v '^#' "$TOP/patches/checkpatch-notes")
}

work=$(mktemp -d "$BUILD/series-work.XXXXXX")
trap 'rm -rf "$work"' EXIT
repo=$work/repo

map_new_files
check_growth
ensure_pristine

# The base: the pristine versions of the files the series changes.
copy_pristine_files "$repo"
git -C "$repo" init -q
export GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$email GIT_AUTHOR_DATE=$date
export GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email
export GIT_COMMITTER_DATE=$date
git -C "$repo" add -A
git -C "$repo" commit -q -m "$KERNEL_PKG $KERNEL_PKG_VERSION"
base=$(git -C "$repo" rev-parse HEAD)

for p in $(series_patches); do
	if grep -q '^+++ ' "$TOP/patches/$p"; then
		patch -d "$repo" -p1 -s --batch --no-backup-if-mismatch \
			< "$TOP/patches/$p" >/dev/null ||
			die "patches/$p does not apply"
	fi
	for f in "${!file_patch[@]}"; do
		[ "${file_patch[$f]}" = "$p" ] || continue
		mkdir -p "$repo/$(dirname "$f")"
		new_file_at "$f" "$p" "$repo/$f" ||
			die "patches/: the diffs of linux/$f do not reverse to the version $p adds"
	done
	git -C "$repo" add -A
	commit_message "$p" | git -C "$repo" commit -q -s -F -
	checkpatch_notes "$p" > "$work/note"
	if [ -s "$work/note" ]; then
		git -C "$repo" notes add -F "$work/note"
	fi
done

git -C "$repo" format-patch -q --cover-letter --no-signature --notes \
	-o "$work/out" "$base..HEAD" >/dev/null
cover=$work/out/0000-cover-letter.patch
{
	sed -n '1,/^Subject: /p' "$cover" |
		sed "s/\*\*\* SUBJECT HERE \*\*\*/$(head -1 "$TOP/patches/cover-letter" | sed 's/[\/&]/\\&/g')/"
	sed -n '/^Subject: /,/\*\*\* BLURB HERE \*\*\*/p' "$cover" | sed '1d;$d'
	sed '1,/^$/d' "$TOP/patches/cover-letter"
	sed '1,/\*\*\* BLURB HERE \*\*\*/d' "$cover"
} > "$work/cover"
mv "$work/cover" "$cover"
echo "$stamp" > "$work/out/.stamp"

rm -rf "$out"
mv "$work/out" "$out"
n=$(find "$out" -name '[0-9]*.patch' ! -name '0000-*' | wc -l)
log "series: $n patches and a cover letter in $out (author: $name <$email>)"
