#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Documentation checks, on the prepared kernel tree (KSRC of scripts/lib.sh,
# which scripts/prepare-kernel.sh builds from linux/ and the series; make
# check runs this after the kernel build):
#  - every rst file the series adds (linux/Documentation/) is in the tree
#    as in linux/, and every rst file it changes (patches/) differs from
#    the pristine 6.12 copy (build/pristine or the kernel source tarball):
#    the tree checked is the patched one;
#  - each of them is valid reStructuredText for docutils (warnings count
#    as errors; the Sphinx and kernel roles and directives they use are
#    registered as harmless no-ops);
#  - every toctree entry of the index.rst of their directories exists, and
#    each added file is listed in its directory's index.rst;
#  - every error message of klp-convert (format strings of klp_error()
#    and friends in linux/scripts/livepatch/*.c) appears, with its
#    variable parts written as anything, on one line of klp-convert.rst.
#
# A missing input (prepared tree, pristine source, file, docutils) is a
# failure. Prints "PASS: docs: <what>" or "FAIL: docs: <what>: <why>" per
# check (tests/lib/verdict.sh); exits non-zero if any failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib.sh
. "$here/../../scripts/lib.sh"
# shellcheck source=../lib/verdict.sh
. "$here/../lib/verdict.sh"
VERDICT_PREFIX="docs: "
top=$TOP
new_rst=$top/linux/Documentation/livepatch/klp-convert.rst
pristine_tree=$PRISTINE/$KERNEL_TOPDIR

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! python3 -c 'import docutils' 2>/dev/null; then
	fail docutils "python3-docutils is not installed"
	exit 1
fi

# rst files the series adds (linux/) and changes (patches/)
mapfile -t added < <(cd "$top/linux" && find Documentation -name '*.rst' -type f | sort)
mapfile -t changed < <(patched_files | grep '^Documentation/.*\.rst$' || true)

# The pristine copies of the files the series changes, in $work/pristine/
# (those the pristine source lacks are left out).
pristine_copies() {
	local f
	mkdir -p "$work/pristine"
	if [ -d "$pristine_tree/Documentation" ]; then
		for f in "${changed[@]}"; do
			[ -f "$pristine_tree/$f" ] || continue
			mkdir -p "$work/pristine/$(dirname "$f")"
			cp "$pristine_tree/$f" "$work/pristine/$f"
		done
	elif [ -f "$KERNEL_TARBALL" ]; then
		tar -xJf "$KERNEL_TARBALL" -C "$work/pristine" --strip-components=1 \
			"${changed[@]/#/$KERNEL_TOPDIR/}" 2>/dev/null || true
	else
		return 1
	fi
}

# The rst validator: docutils with the Sphinx/kernel extensions as no-ops.
cat >"$work/rstcheck.py" <<'EOF'
import sys
import docutils.core
import docutils.utils
from docutils import nodes
from docutils.parsers.rst import Directive, directives, roles

def literal_role(name, rawtext, text, lineno, inliner, options={}, content=[]):
    return [nodes.literal(rawtext, text)], []

for r in ('c:func', 'c:type', 'c:macro', 'c:data', 'c:member', 'c:enum',
          'c:struct', 'c:union', 'ref', 'doc', 'manpage', 'file'):
    roles.register_local_role(r, literal_role)

class Ignored(Directive):
    required_arguments = 0
    optional_arguments = 100
    final_argument_whitespace = True
    has_content = True
    option_spec = None

    def run(self):
        return []

Ignored.option_spec = type('AnyOptions', (dict,), {
    '__getitem__': lambda self, key: directives.unchanged,
    '__contains__': lambda self, key: True,
})()

for d in ('kernel-doc', 'toctree', 'only', 'kernel-feat', 'kernel-abi',
          'kernel-include', 'c:function', 'c:type', 'c:macro', 'c:struct'):
    directives.register_directive(d, Ignored)

path = sys.argv[1]
with open(path, encoding='utf-8') as f:
    source = f.read()
try:
    docutils.core.publish_doctree(
        source, source_path=path,
        settings_overrides={'halt_level': 2, 'report_level': 2,
                            'warning_stream': sys.stderr,
                            'file_insertion_enabled': False,
                            'raw_enabled': False})
except docutils.utils.SystemMessage as e:
    print(str(e).splitlines()[0])
    sys.exit(1)
EOF

check_rst() {	# <file> <name>
	local out
	if out=$(python3 "$work/rstcheck.py" "$1" 2>&1); then
		pass "$2"
	else
		fail "$2" "$(printf '%s' "$out" | head -3 | tr '\n' ' ')"
	fi
}

# 1. The prepared tree has the series' documentation: added files as in
# linux/, changed files not pristine; each is valid rst.
tree_ok=1
if [ ! -d "$KSRC/Documentation" ]; then
	fail "prepared kernel tree" "missing input: $KSRC/Documentation (scripts/prepare-kernel.sh)"
	tree_ok=0
fi
[ ${#added[@]} -gt 0 ] ||
	fail "added rst files" "linux/Documentation has no .rst file (klp-convert.rst?)"
[ ${#changed[@]} -gt 0 ] ||
	fail "changed rst files" "no patch of patches/series changes a Documentation/*.rst file"
if [ $tree_ok -eq 1 ]; then
	for f in "${added[@]}"; do
		if why=$(missing_inputs "$KSRC/$f"); then
			fail "$f (added)" "$why"
		elif ! cmp -s "$top/linux/$f" "$KSRC/$f"; then
			fail "$f (added)" "$KSRC/$f differs from linux/$f: stale tree, run scripts/prepare-kernel.sh"
		else
			check_rst "$KSRC/$f" "$f (added)"
		fi
	done
	if [ ${#changed[@]} -gt 0 ] && ! pristine_copies; then
		fail "pristine 6.12 source" "missing input: $pristine_tree/Documentation, $KERNEL_TARBALL"
	else
		for f in "${changed[@]}"; do
			if why=$(missing_inputs "$KSRC/$f"); then
				fail "$f (patched)" "$why"
			elif [ ! -f "$work/pristine/$f" ]; then
				fail "$f (patched)" "no pristine copy in $pristine_tree or $KERNEL_TARBALL"
			elif cmp -s "$work/pristine/$f" "$KSRC/$f"; then
				fail "$f (patched)" "$KSRC/$f is the pristine file: the series' change is missing (run scripts/prepare-kernel.sh)"
			else
				check_rst "$KSRC/$f" "$f (patched)"
			fi
		done
	fi

	# 2. toctrees: the index.rst of each directory of an added or
	# changed file lists existing files, and every added file.
	for dir in $(printf '%s\n' "${added[@]}" "${changed[@]}" | xargs -r -n1 dirname | sort -u); do
		index=$dir/index.rst
		if why=$(missing_inputs "$KSRC/$index"); then
			fail "$index toctree" "$why"
			continue
		fi
		absent=""
		while read -r entry; do
			[ -f "$KSRC/$dir/$entry.rst" ] || absent="$absent $entry"
		done < <(awk '/^\.\. toctree::/ {t = 1; next}
			      t && /^[^ \t]/ {t = 0}
			      t && /^    [a-z]/ {print $1}' "$KSRC/$index")
		for f in "${added[@]}"; do
			[ "$(dirname "$f")" = "$dir" ] || continue
			entry=$(basename "$f" .rst)
			grep -q "^    $entry\$" "$KSRC/$index" || absent="$absent $entry (not listed)"
		done
		if [ -z "$absent" ]; then
			pass "$index toctree"
		else
			fail "$index toctree" "missing entries:$absent"
		fi
	done
fi

# 3. Every error message of the tool is documented.
cat >"$work/messages.py" <<'EOF'
import glob
import re
import sys

srcdir, rst = sys.argv[1], sys.argv[2]

def strip_comments(s):
    out, i, n = [], 0, len(s)
    while i < n:
        c = s[i]
        if c in '"\'':
            j = i + 1
            while j < n and s[j] != c:
                j += 2 if s[j] == '\\' else 1
            out.append(s[i:j + 1])
            i = j + 1
        elif s.startswith('/*', i):
            j = s.find('*/', i + 2)
            i = n if j < 0 else j + 2
            out.append(' ')
        elif s.startswith('//', i):
            j = s.find('\n', i)
            i = n if j < 0 else j
        else:
            out.append(c)
            i += 1
    return ''.join(out)

def args_at(s, i):
    """Top-level arguments of the call whose '(' is at s[i]."""
    depth, start, args, j = 0, i + 1, [], i
    while j < len(s):
        c = s[j]
        if c in '"\'':
            k = j + 1
            while s[k] != c:
                k += 2 if s[k] == '\\' else 1
            j = k
        elif c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
            if depth == 0:
                args.append(s[start:j].strip())
                return args
        elif c == ',' and depth == 1:
            args.append(s[start:j].strip())
            start = j + 1
        j += 1
    return None

def unescape(lit):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), lit)

files = sorted(glob.glob(srcdir + '/*.c'))
headers = sorted(glob.glob(srcdir + '/*.h')) + [srcdir + '/../../include/uapi/linux/livepatch.h']
macros = {}
for h in files + headers:
    try:
        text = open(h, encoding='utf-8').read()
    except OSError:
        continue
    for m in re.finditer(r'^#define\s+(\w+)\s+((?:"(?:[^"\\]|\\.)*"\s*)+)$', text, re.M):
        macros[m.group(1)] = ''.join(unescape(x) for x in re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2)))

def resolve(expr, text):
    """A string expression: literals and string macros, or a variable."""
    expr = expr.strip()
    if re.fullmatch(r'\w+', expr) and expr not in macros:
        m = re.search(r'\b' + expr + r'\s*=\s*((?:"(?:[^"\\]|\\.)*"\s*)+);', text)
        return resolve(m.group(1), text) if m else None
    out, pos = [], 0
    for m in re.finditer(r'\s*(?:"((?:[^"\\]|\\.)*)"|(\w+))\s*', expr):
        if m.start() != pos:
            return None
        if m.group(2) is not None:
            if m.group(2) not in macros:
                return None
            out.append(macros[m.group(2)])
        else:
            out.append(unescape(m.group(1)))
        pos = m.end()
    return ''.join(out) if pos == len(expr) and out else None

# function -> index of its message argument
calls = {'klp_error': 1, 'parse_error': 2, 'dump_error': 2, 'elf_fail': 1, 'error_ambiguous': 3}
messages = set()
for path in files:
    text = strip_comments(open(path, encoding='utf-8').read())
    for m in re.finditer(r'(?<![\w.>])(' + '|'.join(calls) + r'|fputs|xasprintf)\s*\(', text):
        name = m.group(1)
        args = args_at(text, m.end() - 1)
        if not args:
            continue
        if name == 'fputs':
            msg = resolve(args[0], text)
            if not msg or not msg.startswith('klp-convert: '):
                continue
            msg = msg[len('klp-convert: '):]
        elif name == 'xasprintf':
            # only messages: "msg = xasprintf(" or "why = xasprintf("
            if not re.search(r'\b(msg|why)\s*=\s*$', text[:m.start()]):
                continue
            msg = resolve(args[0], text)
        else:
            if len(args) <= calls[name]:
                continue
            msg = resolve(args[calls[name]], text)
        if msg is None:
            continue
        messages.add(msg.strip())
    # reasons returned by late_reason()
    for m in re.finditer(r'\blate_reason\s*\([^)]*\)\s*\{(.*?)\n\}', text, re.S):
        for lit in re.findall(r'return\s+((?:"(?:[^"\\]|\\.)*"\s*)+);', m.group(1)):
            messages.add(resolve(lit, text).strip())

conv = re.compile(r'%[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|z|j|t|L)?[diouxXcspfeEgG%]')
lines = open(rst, encoding='utf-8').read().splitlines()
checked, missing = 0, []
for msg in sorted(messages):
    parts, pos, lit_len = [], 0, 0
    for c in conv.finditer(msg):
        parts.append(re.escape(msg[pos:c.start()]))
        lit_len += len(msg[pos:c.start()].strip())
        parts.append('%' if c.group() == '%%' else '.*?')
        pos = c.end()
    parts.append(re.escape(msg[pos:]))
    lit_len += len(msg[pos:].strip())
    if lit_len < 3:		# "%s" and the like: nothing to look for
        continue
    checked += 1
    rx = re.compile(''.join(parts))
    if not any(rx.search(l) for l in lines):
        missing.append(msg)
print(checked)
for msg in missing:
    print(msg)
EOF

srcdir=$top/linux/scripts/livepatch
if why=$(missing_inputs "$new_rst" "$srcdir"); then
	fail "error messages" "$why"
elif ! out=$(python3 "$work/messages.py" "$srcdir" "$new_rst" 2>&1); then
	fail "error messages" "extraction failed: $(printf '%s' "$out" | tail -1)"
else
	checked=$(printf '%s\n' "$out" | head -1)
	undocumented=$(printf '%s\n' "$out" | tail -n +2)
	if [ "${checked:-0}" -lt 40 ]; then
		fail "error messages" "only ${checked:-0} messages found in $srcdir: extraction broken?"
	elif [ -n "$undocumented" ]; then
		fail "error messages" "$(printf '%s\n' "$undocumented" | wc -l) of $checked not in klp-convert.rst: $(printf '%s' "$undocumented" | head -5 | tr '\n' '|')"
	else
		pass "error messages ($checked messages of scripts/livepatch in klp-convert.rst)"
	fi
fi

verdict_status
