#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Do README.md and the cover letter count the patches the series has?

  patch-counts.py <number of patches> <README.md> <cover letter>

README.md: every "[PATCH n/N]" has N the number of patches.  The cover
letter: its paragraph that starts with "Patches " names every patch
number from 1 to N, as single numbers or ranges ("4-12", "28 and 29"),
and none above N.  Prints what is wrong, one line each; exits 1 if any.
"""
import re
import sys


def numbers(text):
    """the patch numbers a paragraph names: ranges a-b and single numbers"""
    got = set()
    for a, b in re.findall(r"(?<![\w.])(\d+)(?:-(\d+))?(?![\w.])", text):
        lo, hi = int(a), int(b or a)
        got.update(range(lo, hi + 1))
    return got


def main():
    n, readme, cover = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    bad = []
    text = open(readme).read()
    counts = re.findall(r"\[PATCH n/(\d+)\]", text)
    if not counts:
        bad.append("%s: no \"[PATCH n/N]\"" % readme)
    bad += ["%s: \"[PATCH n/%s]\", the series has %d patches" % (readme, c, n)
            for c in counts if int(c) != n]
    paras = [p for p in open(cover).read().split("\n\n") if p.startswith("Patches ")]
    if len(paras) != 1:
        bad.append("%s: %d paragraphs start with \"Patches \", expected 1" % (cover, len(paras)))
    else:
        got = numbers(paras[0])
        missing = sorted(set(range(1, n + 1)) - got)
        extra = sorted(x for x in got if x > n or x < 1)
        if missing:
            bad.append("%s: the \"Patches\" paragraph names no patch %s" %
                       (cover, ", ".join(map(str, missing))))
        if extra:
            bad.append("%s: the \"Patches\" paragraph names patch %s, the series has %d" %
                       (cover, ", ".join(map(str, extra)), n))
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
