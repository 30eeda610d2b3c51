#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The message check of tests/docs/check.sh: every error message of
scripts/livepatch is in klp-convert.rst."""
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
