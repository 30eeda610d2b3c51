// SPDX-License-Identifier: GPL-2.0
/*
 * klp-convert verify: what the kernel will do with a converted livepatch
 * module, decided before it is loaded.
 *
 * verify <target> <livepatch.ko>: for every livepatch symbol
 * .klp.sym.<obj>.<name>,<pos>, what klp_resolve_symbols() will bind it to
 * on the target, by the rules of kernel/livepatch/core.c
 * klp_find_object_symbol(): position 0 needs exactly one <name> in <obj>,
 * position n the n-th in kallsyms order.  vmlinux is always searched in
 * full; a module in its full symbol table while it loads (late module
 * patching: the patch came first) and in its core symbol table once it
 * is live (kernel/module/kallsyms.c), so init symbols only resolve in
 * the first case.  The conversion record (klp-intent.h) says which
 * symbol the position meant; a target where it names another one is
 * reported.  The module's other undefined symbols, which the module
 * loader resolves, must be exported by vmlinux or a module.
 *
 * A target is a Symbols.list or a /proc/kallsyms dump (symbols.c,
 * kallsyms.c).  The module is read by verify-module.c, each symbol
 * resolved by verify-resolve.c and reported by verify-report.c; audit
 * (audit.c) compares two targets.  Exit status: 0 when every entry
 * resolves exactly as written, 1 otherwise.
 */
#include <stdio.h>
#include <string.h>
#include "kallsyms.h"
#include "verify.h"
#include "verify-internal.h"

static void check_exports(struct report *rep, const struct module_info *m,
			  const struct symdb *db)
{
	size_t i;
	unsigned int j;

	for (i = 1; i < m->elf->nr_syms; i++) {
		const struct symbol *sym = &m->elf->syms[i];
		const struct symname *sn;
		const struct symrec *exp = NULL;
		char why[512];

		if (!is_export_ref(m->elf, sym) || m->by_sym[i])
			continue;
		sn = symdb_lookup(db, sym->name);
		for (j = 0; sn && j < sn->nr_recs && !exp; j++)
			if (sn->recs[j].exported || db->kallsyms)
				exp = &sn->recs[j];
		if (exp) {
			snprintf(why, sizeof(why), "%s by %s",
				 db->kallsyms ?
				 "defined (a dump does not say whether it is exported)" :
				 "exported", exp->obj->name);
			print_export(rep, sym->name, V_OK, why);
		} else if (GELF_ST_BIND(sym->sym.st_info) == STB_WEAK) {
			print_export(rep, sym->name, V_OK,
				     "weak and not exported: the loader leaves it 0");
		} else {
			print_export(rep, sym->name, V_FAIL,
				     "exported by no object of the target: the module loader refuses the patch (Unknown symbol)");
		}
	}
}

/* A replaced function: klp_find_object_symbol() for old_name/old_sympos */
static void check_func(struct report *rep, const struct module_info *m,
		       const struct klp_func_ref *f, const struct symdb *db)
{
	struct resolution res;
	char place[1024], what[1024];
	enum verdict v;

	place_index_describe(&m->places, f->sec, f->off, place, sizeof(place));
	resolve_on_target(db, f->obj, f->name, f->sympos, &res);
	v = res.v;
	if (res.rec && v == V_OK && !strchr("tTwW", res.rec->type)) {
		v = V_SUSPECT;
		snprintf(res.why, sizeof(res.why),
			 "'%s' is not a function (type %c)", f->name,
			 res.rec->type);
	} else if (v == V_OK) {
		describe_rec(res.rec, f->name, what, sizeof(what));
		if (f->sympos)
			snprintf(res.why, sizeof(res.why), "%s, number %lu of %u in %s",
				 what, f->sympos, res.count, f->obj);
		else
			snprintf(res.why, sizeof(res.why), "%s, unique in %s",
				 what, f->obj);
	}
	print_func(rep, f, v, &res, place);
}

int klp_verify(const char *target, const char *ko, bool json)
{
	struct report rep = { .json = json };
	struct module_info m;
	struct symdb *db;
	size_t i;
	int ret = 1;

	klp_error_reset();
	elf_version(EV_CURRENT);
	if (read_livepatch(ko, &m))
		return 1;
	db = symdb_new(target, m.nr_entries + m.elf->nr_syms);
	want_module_names(db, &m);
	if (!symdb_load_target(db)) {
		for (i = 0; i < m.nr_entries; i++) {
			struct resolution res;

			judge_entry(&m.entries[i], db, &res);
			print_entry(&rep, &m, &m.entries[i], &res);
		}
		for (i = 0; i < m.funcs.nr; i++)
			check_func(&rep, &m, &m.funcs.v[i], db);
		check_exports(&rep, &m, db);
		ret = print_summary(&rep, "verify", ko, target);
	}
	symdb_free(db);
	free_livepatch(&m);
	return ret;
}
