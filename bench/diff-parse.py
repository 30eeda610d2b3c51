#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Differential test of the Symbols.list parser: runs a reference
# klp-convert and a new one on randomly mutated Symbols.list files and
# requires the same exit code, stdout, stderr (error texts and line
# numbers) and output bytes.  The mutated lines sit between filler
# records, so they go through the fast path of parse_format_1() (which
# needs 64 readable bytes) as well as through the general parser near the
# end of the file.
#
# Usage: diff-parse.py <reference klp-convert> <new klp-convert>
#                      <symbols-basic.list> <lp.ko> [iterations] [seed]
import os
import random
import subprocess
import sys
import tempfile

ref, new, base_list, lp = sys.argv[1:5]
iterations = int(sys.argv[5]) if len(sys.argv) > 5 else 2000
rng = random.Random(int(sys.argv[6]) if len(sys.argv) > 6 else 1)

with open(base_list, 'rb') as f:
    base = f.read().split(b'\n')

ALPHABET = b' \n\t\r-xi*#?tTdDrRbBWVAU_.a0'
SEPARATORS = b' \n\t\r\0'


def byte():
    return rng.choice(SEPARATORS if rng.random() < 0.5 else ALPHABET)


def filler(n):
    return [b'%c - filler_%d_%s f.c' % (rng.choice(b'tTdb'), i,
                                         b'y' * rng.randrange(60))
            for i in range(n)]


def interesting(line):
    """a random position, or one where the fast path looks"""
    spaces = [i for i, c in enumerate(line) if c == 32]
    if rng.random() < 0.3 or not spaces:
        return rng.randrange(len(line) + 1)
    return max(0, rng.choice([0, 1, 2, 3, 4, len(line) - 1, len(line)] +
                             [i + d for i in spaces for d in (-1, 0, 1)]))


def mutate(line):
    line = bytearray(line)
    for _ in range(rng.randrange(1, 3)):
        op = rng.randrange(6)
        pos = interesting(line)
        if op == 0 and line:
            line[min(pos, len(line) - 1)] = byte()
        elif op == 1:
            line[pos:pos] = bytes([byte()])
        elif op == 2 and line:
            del line[min(pos, len(line) - 1)]
        elif op == 3:	# long name or file
            line[pos:pos] = b'L' * rng.randrange(1, 80)
        elif op == 4:	# multi-letter flags
            line[2:3] = rng.choice([b'xi', b'ix', b'x', b'i', b'-', b'', b'q'])
        else:
            line[pos:pos] = b' '
    return bytes(line)


def run(tool, d, listf):
    out = os.path.join(d, os.path.basename(tool) + '.ko')
    p = subprocess.run([tool, '-v', listf, lp, out], capture_output=True)
    data = b''
    if os.path.exists(out):
        with open(out, 'rb') as f:
            data = f.read()
        os.unlink(out)
    return p.returncode, p.stdout, p.stderr, data


fails = 0
ok = 0
with tempfile.TemporaryDirectory() as d:
    listf = os.path.join(d, 'Symbols.list')
    for it in range(iterations):
        lines = list(base[:1])
        body = [l for l in base[1:] if l]
        if rng.random() < 0.1:
            rng.shuffle(body)
        rate = rng.choice([0, 0.02, 0.05, 0.15])
        lines += body[:1]	# keep the first object line first
        for l in body[1:]:
            if rng.random() < 0.5:
                lines += filler(rng.randrange(4))
            lines.append(mutate(l) if rng.random() < rate else l)
        if rng.random() < 0.5:
            lines += filler(rng.randrange(3))
        text = b'\n'.join(lines)
        if rng.random() < 0.7:
            text += b'\n'
        with open(listf, 'wb') as f:
            f.write(text)
        a = run(ref, d, listf)
        b = run(new, d, listf)
        ok += a[0] == 0
        if a != b:
            fails += 1
            keep = '/tmp/diff-parse-%d.list' % it
            with open(keep, 'wb') as f:
                f.write(text)
            print('DIFF at iteration %d (kept as %s): ref rc=%d err=%r, '
                  'new rc=%d err=%r' % (it, keep, a[0], a[2][:200], b[0],
                                        b[2][:200]))
            if fails > 5:
                break
print('%d iterations (%d converted, %d rejected), %d differences' %
      (it + 1, ok, it + 1 - ok, fails))
sys.exit(1 if fails else 0)
