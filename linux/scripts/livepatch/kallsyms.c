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
#include <stdlib.h>
#include "kallsyms.h"
#include "kallsyms-line.h"
#include "util.h"

static int dump_error(const struct symdb *db, unsigned int line, const char *msg)
{
	char *where = xasprintf("%s:%u", db->path, line);

	klp_error(where, "%s", msg);
	free(where);
	return -1;
}

/*
 * Every line is "<hex address> <type> <name>[\t[<module>]]"
 * (kallsyms-line.c); the objects in blocks, each one once.
 */
static int symdb_parse_kallsyms(struct symdb *db)
{
	struct symobj *vmlinux, *obj, *cur = NULL, *last_obj = NULL;
	struct ksym_reader r;
	struct ksym_line l;
	struct symrec *rec;
	int ret;

	db->kallsyms = true;
	vmlinux = symdb_object(db, "vmlinux", 7);
	ksym_reader_init(&r, db->map, db->size);
	while ((ret = ksym_read_line(&r, &l)) > 0) {
		obj = vmlinux;
		if (l.mod) {
			if (!l.same_mod)
				last_obj = l.pseudo ? NULL :
					   symdb_object(db, l.mod, l.mod_len);
			obj = last_obj;
			if (!obj)
				continue;
		}
		if (obj != cur) {
			/* counting restarts per object: blocks must not interleave */
			if (obj->where)
				return dump_error(db, r.line, "symbols of one object are not contiguous; not a /proc/kallsyms dump");
			obj->where = l.name;
			cur = obj;
		}
		rec = symdb_add(db, obj, l.name, l.name_len, false);
		if (rec) {
			rec->type = l.type;
			rec->addr = l.addr;
		}
	}
	return ret < 0 ? dump_error(db, r.line, r.error) : 0;
}

int symdb_load_target(struct symdb *db)
{
	if (symdb_map(db))
		return -1;
	if (ksym_looks_like_line(db->map, db->size))
		return symdb_parse_kallsyms(db);
	return symdb_parse(db);
}
