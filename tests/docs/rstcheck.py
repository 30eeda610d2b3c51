#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The rst validator of tests/docs/check.sh: docutils with the Sphinx and
kernel extensions as no-ops."""
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
