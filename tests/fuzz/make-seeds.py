#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Maintenance script (not run by make): refresh the committed fixed inputs
# and seed corpus of the fuzz harnesses from a built test kernel and the
# host fixtures.  The fixed Symbols.list holds the host fixture list plus,
# from the kernel's and the selftests' lists, the records of every name
# the seed modules reference, so that seeds convert successfully.
#
# Usage: make-seeds.py <build dir>   (after make check)
import glob
import os
import shutil
import subprocess
import sys

build = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
host = os.path.join(build, 'tests/host')
seeds = sorted(glob.glob(os.path.join(build, 'obj-livepatch/samples/livepatch/*.tmp.ko')) +
               glob.glob(os.path.join(build, 'mods-livepatch/test_modules/test_klp_*.tmp.ko')))
host_seeds = ['lp.ko', 'err_refs.ko', 'err_sympos.ko', 'lp_old.ko', 'notlp.ko',
              'nosym.ko', 'exec.ko', 'truncated.ko', 'run-normal/basic.ko']

wanted = set()
for ko in seeds:
    out = subprocess.run(['readelf', '-sW', ko], capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 8 and f[6] == 'UND':
            wanted.add(f[7])

blocks = {}     # object -> lines, in file order
order = []
def add(path, keep):
    obj = None
    for line in open(path):
        line = line.rstrip('\n')
        if line.startswith('*'):
            obj = line[1:].replace('-', '_')
            if obj not in blocks:
                blocks[obj] = []
                order.append(obj)
        elif obj and not line.startswith('#') and line.count(' ') == 3:
            if keep(line.split(' ')[2]) and line not in blocks[obj]:
                blocks[obj].append(line)

add(os.path.join(here, '../host/fixtures/symbols-basic.list'), lambda n: True)
add(os.path.join(build, 'obj-livepatch/Symbols.list'), lambda n: n in wanted)
add(os.path.join(build, 'mods-livepatch/test_modules/Symbols.list'), lambda n: n in wanted)
with open(os.path.join(here, 'fixed/Symbols.list'), 'w') as f:
    f.write('klp-convert-symbol-data.1\n# fuzzing: fixed list of the module harness\n')
    for obj in order:
        if blocks[obj]:
            f.write('*%s\n' % obj)
            f.writelines(l + '\n' for l in blocks[obj])

shutil.copy(os.path.join(host, 'lp.ko'), os.path.join(here, 'fixed/lp.ko'))
for ko in seeds:
    shutil.copy(ko, os.path.join(here, 'corpus/module', os.path.basename(ko).replace('.tmp.ko', '.ko')))
for ko in host_seeds:
    shutil.copy(os.path.join(host, ko), os.path.join(here, 'corpus/module', 'host-' + os.path.basename(ko)))
shutil.copy(os.path.join(here, 'fixed/Symbols.list'), os.path.join(here, 'corpus/symbols/fixed.list'))
for l in ['symbols-basic.list', 'symbols-old.list']:
    shutil.copy(os.path.join(here, '../host/fixtures', l), os.path.join(here, 'corpus/symbols', l))
# a slice of the real list: the fast path, types, flags and files as modpost writes them
with open(os.path.join(build, 'obj-livepatch/Symbols.list')) as src, \
     open(os.path.join(here, 'corpus/symbols/kernel-slice.list'), 'w') as dst:
    lines = src.readlines()
    dst.writelines(lines[:200])
    mods = [i for i, l in enumerate(lines) if l.startswith('*') and i > 2]
    for i in mods[:3]:
        dst.writelines(lines[i:i + 40])
