// SPDX-License-Identifier: GPL-2.0
/*
 * A /proc/kallsyms dump of the target kernel, as a target description
 * for verify and audit:
 *
 *	ffffffff81000000 T _text
 *	ffffffffc0201000 t get_id	[test_klp_convert_mod]
 *
 * vmlinux comes first, in the order the livepatch core counts it
 * (kallsyms_on_each_match_symbol() walks same-named symbols by address,
 * which is the listing order); then each loaded module, its core symbols
 * in symbol table order, which is how module_kallsyms_on_each_symbol()
 * counts them once the module is live.  Pseudo-modules ("[bpf]",
 * "[__builtin__ftrace]"...) are not objects a livepatch can name and are
 * skipped.  Addresses are kept; all zero when kptr_restrict hid them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"
#include "symbols.h"

static int dump_error(const struct symdb *db, unsigned int line, const char *msg)
{
	char *where = xasprintf("%s:%u", db->path, line);

	klp_error(where, "%s", msg);
	free(where);
	return -1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "[<module>]" after the tab; NULL name for a pseudo-module */
static int parse_module(const struct symdb *db, unsigned int line,
			const char *p, const char *nl, const char **name,
			size_t *len)
{
	const char *s;

	if (nl - p < 3 || p[0] != '[' || nl[-1] != ']')
		return dump_error(db, line, "expected '[<module>]' after the tab");
	*name = p + 1;
	*len = nl - p - 2;
	for (s = *name; s < nl - 1; s++)
		if (!(*s == '_' || *s == '-' || (*s >= '0' && *s <= '9') ||
		      (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			return dump_error(db, line, "bad module name in '[<module>]'");
	if (*len > 11 && !memcmp(*name, "__builtin__", 11))
		*name = NULL;
	else if (*len == 3 && !memcmp(*name, "bpf", 3))
		*name = NULL;
	return 0;
}

/* Every line is "<hex address> <type> <name>[\t[<module>]]" */
int symdb_parse_kallsyms(struct symdb *db)
{
	const char *p = db->map, *end = p + db->size, *nl, *name, *tab, *s;
	struct symobj *vmlinux, *obj, *cur = NULL;
	unsigned int line = 0;
	unsigned long long addr;
	struct symrec *rec;
	size_t len, mlen;
	const char *mod;
	int v;

	db->kallsyms = true;
	vmlinux = symdb_object(db, "vmlinux", 7);
	for (; p < end; p = nl + 1) {
		line++;
		nl = memchr(p, '\n', end - p);
		if (!nl)
			return dump_error(db, line, "last line has no newline (truncated dump?)");
		addr = 0;
		for (s = p; s < nl && (v = hexval(*s)) >= 0 && s - p < 16; s++)
			addr = addr << 4 | v;
		if (s == p || s + 3 > nl || s[0] != ' ' || s[2] != ' ' ||
		    !symdb_valid_type(s[1]))
			return dump_error(db, line, "expected '<hex address> <type letter> <name>' as in /proc/kallsyms");
		name = s + 3;
		tab = memchr(name, '\t', nl - name);
		len = (tab ? tab : nl) - name;
		if (!len || memchr(name, ' ', len))
			return dump_error(db, line, "empty symbol name or a space in it");
		for (s = name; s < name + len; s++)
			if ((unsigned char)*s < ' ' || *s == 0x7f)
				return dump_error(db, line, "control character in the symbol name");
		obj = vmlinux;
		if (tab) {
			if (parse_module(db, line, tab + 1, nl, &mod, &mlen))
				return -1;
			if (!mod)
				continue;
			obj = symdb_object(db, mod, mlen);
		}
		if (obj != cur) {
			/* counting restarts per object: blocks must not interleave */
			if (obj->where)
				return dump_error(db, line, "symbols of one object are not contiguous; not a /proc/kallsyms dump");
			obj->where = p;
			cur = obj;
		}
		rec = symdb_add(db, obj, name, len, false);
		if (rec) {
			rec->type = name[-2];
			rec->addr = addr;
		}
	}
	return 0;
}
