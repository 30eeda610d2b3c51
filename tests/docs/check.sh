#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Documentation checks:
#  - Documentation/livepatch/klp-convert.rst (linux/) and the three rst
#    files that patches/0090-docs-livepatch-klp-convert.patch changes,
#    patched in a temporary copy of the pristine tree's files, must be
#    valid reStructuredText for docutils (warnings count as errors; the
#    Sphinx and kernel roles and directives they use are registered as
#    harmless no-ops), and every toctree entry of index.rst must exist;
#  - every error message of klp-convert (format strings of klp_error()
#    and friends in linux/scripts/livepatch/*.c) must appear, with its
#    variable parts written as anything, on one line of klp-convert.rst.
#
# Prints "PASS: docs: <what>" or "FAIL: docs: <what>: <why>" per check;
# exits non-zero if any failed.
#
# The pristine 6.12 sources are taken from $PRISTINE_SRC, build/pristine/,
# /work/ref/linux-source-6.12 or the kernel source tarball, in that order.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
doc=Documentation/livepatch
new_rst=$top/linux/$doc/klp-convert.rst
patch_file=$top/patches/0090-docs-livepatch-klp-convert.patch
patched_files=("$doc/index.rst" "$doc/livepatch.rst" "$doc/module-elf-format.rst")
failed=0

pass() { echo "PASS: docs: $1"; }
fail() { echo "FAIL: docs: $1: $2"; failed=1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! python3 -c 'import docutils' 2>/dev/null; then
	echo "FAIL: docs: docutils: python3-docutils is not installed"
	exit 1
fi

# The pristine copies of the files the patch changes.
find_pristine() {
	local kernel_topdir=linux-source-6.12 tarball="" d
	if [ -f "$top/config/kernel.env" ]; then
		# shellcheck source=../../config/kernel.env
		. "$top/config/kernel.env"
		kernel_topdir=${KERNEL_TOPDIR:-$kernel_topdir}
		tarball=${KERNEL_TARBALL:-}
	fi
	for d in "${PRISTINE_SRC:-}" "$top/build/pristine/$kernel_topdir" \
		 "/work/ref/$kernel_topdir"; do
		if [ -n "$d" ] && [ -f "$d/$doc/livepatch.rst" ]; then
			mkdir -p "$work/tree"
			(cd "$d" && cp --parents "${patched_files[@]}" MAINTAINERS \
				"$work/tree/")
			return 0
		fi
	done
	if [ -n "$tarball" ] && [ -f "$tarball" ]; then
		mkdir -p "$work/tree"
		tar -xf "$tarball" -C "$work/tree" --strip-components=1 \
			"${patched_files[@]/#/$kernel_topdir/}" \
			"$kernel_topdir/MAINTAINERS" 2>/dev/null && return 0
	fi
	return 1
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

# 1. klp-convert.rst
if [ -f "$new_rst" ]; then
	check_rst "$new_rst" "linux/$doc/klp-convert.rst"
else
	fail "linux/$doc/klp-convert.rst" "missing"
fi

# 2. The patched rst files
if [ ! -f "$patch_file" ]; then
	fail "${patch_file#"$top"/}" "missing"
elif ! find_pristine; then
	fail "${patch_file#"$top"/}" "no pristine 6.12 tree found (set PRISTINE_SRC)"
elif ! out=$(patch -p1 -s -N -d "$work/tree" <"$patch_file" 2>&1); then
	fail "${patch_file#"$top"/}" "does not apply: $(printf '%s' "$out" | head -2 | tr '\n' ' ')"
else
	pass "${patch_file#"$top"/} applies"
	[ -f "$new_rst" ] && cp "$new_rst" "$work/tree/$doc/"
	for f in "${patched_files[@]}"; do
		check_rst "$work/tree/$f" "$f (patched)"
	done
	missing=""
	while read -r entry; do
		[ -f "$work/tree/$doc/$entry.rst" ] ||
			[ -f "/work/ref/linux-source-6.12/$doc/$entry.rst" ] ||
			[ -f "$top/build/pristine/linux-source-6.12/$doc/$entry.rst" ] ||
			missing="$missing $entry"
	done < <(awk '/^\.\. toctree::/ {t = 1; next}
		      t && /^[^ \t]/ {t = 0}
		      t && /^    [a-z]/ {print $1}' "$work/tree/$doc/index.rst")
	if [ -z "$missing" ] && grep -q '^    klp-convert$' "$work/tree/$doc/index.rst"; then
		pass "$doc/index.rst toctree"
	else
		fail "$doc/index.rst toctree" "missing entries:${missing:- klp-convert not listed}"
	fi
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
calls = {'klp_error': 1, 'parse_error': 2, 'elf_fail': 1, 'error_ambiguous': 3}
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
if [ ! -f "$new_rst" ]; then
	fail "error messages" "linux/$doc/klp-convert.rst missing"
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

exit $failed
