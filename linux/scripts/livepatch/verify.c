// SPDX-License-Identifier: GPL-2.0
/*
 * klp-convert verify and audit: what the kernel will do with a converted
 * livepatch module, decided before it is loaded.
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
 * audit <old> <new> [<livepatch.ko>]: every livepatch symbol whose
 * meaning differs between two targets; without a module, every
 * duplicated name whose positions differ between the two.
 *
 * A target is a Symbols.list or a /proc/kallsyms dump (symbols.c,
 * kallsyms.c).  Exit status: 0 when every entry resolves exactly as
 * written (verify) or nothing changed (audit), 1 otherwise.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../include/uapi/linux/livepatch.h"
#include "elf.h"
#include "kallsyms.h"
#include "klp-funcs.h"
#include "klp-intent.h"
#include "klp-sym.h"
#include "symbols.h"
#include "verify.h"

enum verdict {
	V_OK,
	V_SUSPECT,	/* resolves, but a use does not fit the symbol's type */
	V_INIT,		/* resolves only for one order of loading */
	V_CHANGED,	/* may name another symbol than at conversion */
	V_MOVED,	/* names another symbol than at conversion */
	V_UNKNOWN,	/* the target does not say (module not in the dump) */
	V_FAIL,		/* the kernel refuses it */
	NR_VERDICTS
};

static const char * const verdict_name[NR_VERDICTS] = {
	"OK", "SUSPECT", "INIT", "CHANGED", "MOVED", "UNKNOWN", "FAIL",
};

/* One livepatch symbol of the module and the relocations using it */
struct entry {
	const struct symbol *sym;
	struct klp_sym_name n;
	bool malformed;
	unsigned int nr_relocs;
	const struct section *first_rsec;	/* first use, for messages */
	GElf_Addr first_off;
	bool called, loaded;			/* uses, from reloc_use() */
	const char *vmlinux_in;			/* module section using vmlinux */
	const char *normal_in;			/* normal section using it */
	bool undeclared;			/* of no klp_object of the patch */
	const struct klp_intent *intent;
};

struct resolution {
	enum verdict v;
	const struct symrec *rec;		/* what it binds to */
	unsigned int count;			/* <name> in <obj> */
	char why[3072];
};

struct module_info {
	struct elf *elf;
	struct entry *entries;
	size_t nr_entries;
	struct entry **by_sym;			/* entry of each symbol index */
	struct klp_intents intents;
	bool have_intents;
	struct place_index places;
	struct klp_func_refs funcs;		/* the functions it replaces */
};

static void json_string(const char *s, size_t len)
{
	size_t i;

	putchar('"');
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < ' ' || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_field(const char *key, const char *val)
{
	printf(",\"%s\":", key);
	if (val)
		json_string(val, strlen(val));
	else
		fputs("null", stdout);
}

/* ---- the livepatch module ---- */

static bool section_obj(const struct section *sec, char *obj, size_t size)
{
	size_t len;
	const char *p = klp_rela_obj(sec->name, &len);

	if (!p || len >= size)
		return false;
	memcpy(obj, p, len);
	obj[len] = '\0';
	return true;
}

static void note_use(struct module_info *m, struct entry *e,
		     const struct section *rsec, const struct rela *r)
{
	const struct section *base = rsec->base;
	enum reloc_use use;

	if (!e->nr_relocs++) {
		e->first_rsec = rsec;
		e->first_off = r->offset;
	}
	if (!m->elf->arch->reloc_use || !base)
		return;
	use = m->elf->arch->reloc_use(r->type, base->buf, base->size, r->offset,
				      base->sh.sh_flags & SHF_EXECINSTR);
	e->called |= use == RELOC_USE_CALL;
	e->loaded |= use == RELOC_USE_LOAD;
}

/* Relocations naming livepatch symbols, in and out of .klp.rela sections */
static void scan_relocations(struct module_info *m)
{
	char obj[KLP_OBJNAME_MAX + 1];
	size_t i, j;

	for (i = 1; i < m->elf->nr_secs; i++) {
		const struct section *rsec = m->elf->secs[i];
		bool klp = is_klp_rela_section(rsec);

		if (!is_rela_section(rsec))
			continue;
		if (klp && !section_obj(rsec, obj, sizeof(obj)))
			obj[0] = '\0';
		for (j = 0; j < rsec->nr_relas; j++) {
			const struct symbol *sym = rsec->relas[j].sym;
			struct entry *e = sym ? m->by_sym[sym->idx] : NULL;

			if (!e)
				continue;
			note_use(m, e, rsec, &rsec->relas[j]);
			if (!klp)
				e->normal_in = rsec->name;
			else if (!e->malformed && strcmp(obj, "vmlinux") &&
				 !strcmp(e->n.obj, "vmlinux"))
				e->vmlinux_in = rsec->name;
		}
	}
}

static void read_intents(struct module_info *m)
{
	const struct section *sec = find_section_by_name(m->elf, KLP_INTENT_SECTION);

	if (!sec)
		return;
	if (sec->sh.sh_type == SHT_PROGBITS &&
	    !(sec->sh.sh_flags & SHF_COMPRESSED) &&
	    klp_intents_parse(sec->buf, sec->size, &m->intents)) {
		m->have_intents = true;
		return;
	}
	klp_error(m->elf->path, "section %s is not a klp-convert conversion record; it is ignored",
		  KLP_INTENT_SECTION);
}

/*
 * The livepatch core writes the relocations of the objects the patch has
 * a klp_object for, and of no other: those of an entry of another object
 * are never written (a kernel with klp-convert's series refuses the patch
 * instead).  Known only where the klp_objects were found.
 */
static void mark_undeclared(struct module_info *m)
{
	size_t i, j;

	for (i = 0; m->funcs.nr && i < m->nr_entries; i++) {
		struct entry *e = &m->entries[i];

		if (e->malformed)
			continue;
		e->undeclared = true;
		for (j = 0; j < m->funcs.nr; j++)
			if (!strcmp(m->funcs.v[j].obj, e->n.obj))
				e->undeclared = false;
	}
}

static int read_module(const char *path, struct module_info *m)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	m->elf = elf_open_read(path);
	if (!m->elf)
		return -1;
	m->by_sym = xcalloc(m->elf->nr_syms, sizeof(*m->by_sym));
	m->entries = xcalloc(m->elf->nr_syms, sizeof(*m->entries));
	for (i = 1; i < m->elf->nr_syms; i++) {
		const struct symbol *sym = &m->elf->syms[i];
		struct entry *e;

		if (sym->sym.st_shndx != SHN_LIVEPATCH)
			continue;
		e = &m->entries[m->nr_entries++];
		e->sym = sym;
		e->malformed = !klp_sym_parse(sym->name, &e->n);
		m->by_sym[i] = e;
	}
	scan_relocations(m);
	read_intents(m);
	place_index_init(m->elf, &m->places);
	klp_find_funcs(m->elf, &m->funcs);
	mark_undeclared(m);
	for (i = 0; m->have_intents && i < m->nr_entries; i++) {
		struct entry *e = &m->entries[i];

		if (!e->malformed)
			e->intent = klp_intents_find(&m->intents, e->n.obj,
						     e->n.name, e->n.pos);
	}
	return 0;
}

static void free_module(struct module_info *m)
{
	size_t i;

	for (i = 0; i < m->nr_entries; i++)
		if (!m->entries[i].malformed)
			klp_sym_name_free(&m->entries[i].n);
	free(m->entries);
	free(m->by_sym);
	klp_intents_free(&m->intents);
	place_index_free(&m->places);
	klp_func_refs_free(&m->funcs);
	elf_close(m->elf);
}

/*
 * Undefined symbols the module loader resolves through exports (not the
 * ones its architecture code resolves itself, such as .TOC.)
 */
static bool is_export_ref(const struct elf *elf, const struct symbol *sym)
{
	unsigned int bind = GELF_ST_BIND(sym->sym.st_info);

	return sym->sym.st_shndx == SHN_UNDEF && sym->name[0] &&
	       (bind == STB_GLOBAL || bind == STB_WEAK) &&
	       !arch_is_loader_symbol(elf->arch, sym->name);
}

/* ---- resolution on a target ---- */

static const char *rec_file(const struct symrec *r, char *buf, size_t len)
{
	if (!r->file)
		return "-";
	snprintf(buf, len, "%.*s", (int)r->file_len, r->file);
	return buf;
}

/* "t get_id (a.c)" */
static void describe_rec(const struct symrec *r, const char *name, char *buf,
			 size_t len)
{
	char file[256];

	if (r->file)
		snprintf(buf, len, "%c %s (%s)", r->type, name,
			 rec_file(r, file, sizeof(file)));
	else
		snprintf(buf, len, "%c %s", r->type, name);
}

static void pick_failure(struct resolution *res, const char *obj,
			 const char *name, unsigned long pos, unsigned int n,
			 const char *table)
{
	if (!n)
		snprintf(res->why, sizeof(res->why),
			 "no symbol '%s' in %s%s: the kernel refuses the patch",
			 name, obj, table);
	else if (!pos)
		snprintf(res->why, sizeof(res->why),
			 "%u symbols '%s' in %s%s, position 0 needs exactly one: the kernel refuses the patch",
			 n, name, obj, table);
	else
		snprintf(res->why, sizeof(res->why),
			 "%u symbols '%s' in %s%s, no position %lu: the kernel refuses the patch",
			 n, name, obj, table, pos);
}

static void resolve(const struct symdb *db, const char *obj, const char *name,
		    unsigned long pos, struct resolution *res)
{
	const struct symobj *o = symdb_find_object(db, obj);
	const struct symname *sn = symdb_lookup(db, name);
	const struct symrec *load, *live;
	unsigned int n_load, n_live;

	memset(res, 0, sizeof(*res));
	if (!o) {
		res->v = db->kallsyms && strcmp(obj, "vmlinux") ? V_UNKNOWN : V_FAIL;
		if (res->v == V_UNKNOWN)
			snprintf(res->why, sizeof(res->why),
				 "module '%s' is not loaded in this dump; the kernel resolves it when the module loads",
				 obj);
		else
			snprintf(res->why, sizeof(res->why),
				 "no object '%s' in the target: nothing ever applies these relocations",
				 obj);
		return;
	}
	/* vmlinux, and the live modules of a dump: one table */
	if (symobj_is_vmlinux(o) || db->kallsyms) {
		res->rec = symname_pick(sn, o, pos, false, &res->count);
		if (!res->rec) {
			res->v = V_FAIL;
			pick_failure(res, obj, name, pos, res->count, "");
		}
		return;
	}
	load = symname_pick(sn, o, pos, false, &n_load);
	live = symname_pick(sn, o, pos, true, &n_live);
	res->count = n_load;
	res->rec = load ? load : live;
	if (!load && !live) {
		res->v = V_FAIL;
		pick_failure(res, obj, name, pos, n_load, "");
	} else if (load && live && load != live) {
		res->v = V_FAIL;
		snprintf(res->why, sizeof(res->why),
			 "binds to different symbols whether '%s' loads after the patch (position among all %u) or is already live (among %u core symbols)",
			 obj, n_load, n_live);
	} else if (!live) {
		res->v = V_INIT;
		pick_failure(res, obj, name, pos, n_live, "'s core symbols");
		snprintf(res->why + strlen(res->why), sizeof(res->why) - strlen(res->why),
			 " if '%s' is already live; it resolves only if '%s' loads after the patch",
			 obj, obj);
	} else if (!load) {
		res->v = V_INIT;
		pick_failure(res, obj, name, pos, n_load, "");
		snprintf(res->why + strlen(res->why), sizeof(res->why) - strlen(res->why),
			 " if '%s' loads after the patch; it resolves only if '%s' is already live",
			 obj, obj);
	}
}

/*
 * For a module, /proc/kallsyms shows the type letter in upper case if the
 * symbol is exported, else in lower case (kernel/kallsyms.c s_show()),
 * where Symbols.list and the conversion record keep the ELF binding.
 */
static bool same_type(char a, char b, bool fold_case)
{
	return fold_case ? tolower((unsigned char)a) == tolower((unsigned char)b) :
			   a == b;
}

static bool dump_of_module(const struct symdb *db, const char *obj)
{
	return db->kallsyms && strcmp(obj, "vmlinux");
}

/* Does the bound record still mean what the conversion meant? */
static void check_intent(const struct entry *e, const struct symdb *db,
			 struct resolution *res)
{
	const struct klp_intent *in = e->intent;
	char now[1024], then[1024];
	const struct symrec *r = res->rec;
	unsigned int then_count;

	if (!in || !r || res->v >= V_MOVED)
		return;
	/* a dump shows live modules: their core symbols only */
	then_count = dump_of_module(db, e->n.obj) ? in->core_count : in->count;
	describe_rec(r, e->n.name, now, sizeof(now));
	if (in->file)
		snprintf(then, sizeof(then), "%c %s (%s)", in->type, e->n.name,
			 in->file);
	else
		snprintf(then, sizeof(then), "%c %s", in->type, e->n.name);
	if (!same_type(r->type, in->type, dump_of_module(db, e->n.obj)) ||
	    (r->file && in->file && (strlen(in->file) != r->file_len ||
				     memcmp(in->file, r->file, r->file_len)))) {
		res->v = V_MOVED;
		snprintf(res->why, sizeof(res->why),
			 "binds to %s, but it was converted for %s",
			 now, then);
	} else if (res->count != then_count && e->n.pos &&
		   (!r->file || !in->file)) {
		res->v = V_CHANGED;
		snprintf(res->why, sizeof(res->why),
			 "%u symbols '%s' in %s here, %u at conversion: position %lu may name another one than %s",
			 res->count, e->n.name, e->n.obj, then_count, e->n.pos,
			 then);
	}
}

static void check_uses(const struct entry *e, struct resolution *res)
{
	const struct symrec *r = res->rec;
	bool text;

	if (!r || res->v != V_OK)
		return;
	text = strchr("tTwW", r->type);
	if (e->called && !text) {
		res->v = V_SUSPECT;
		snprintf(res->why, sizeof(res->why),
			 "called or jumped to, but '%s' is not text (type %c)",
			 e->n.name, r->type);
	} else if (e->loaded && (r->type == 't' || r->type == 'T')) {
		res->v = V_SUSPECT;
		snprintf(res->why, sizeof(res->why),
			 "read or written as data, but '%s' is text (type %c)",
			 e->n.name, r->type);
	}
}

/* The kernel's checks of the module, then the target's answer */
static void judge(const struct entry *e, const struct symdb *db,
		  struct resolution *res)
{
	memset(res, 0, sizeof(*res));
	if (e->malformed) {
		res->v = V_FAIL;
		snprintf(res->why, sizeof(res->why),
			 "malformed livepatch symbol name; expected %s<object>.<symbol>,<position>: the kernel refuses the patch",
			 KLP_SYM_PREFIX);
		return;
	}
	if (e->vmlinux_in) {
		res->v = V_FAIL;
		snprintf(res->why, sizeof(res->why),
			 "vmlinux symbol used from module-specific section %s: the kernel refuses the patch",
			 e->vmlinux_in);
		return;
	}
	if (e->normal_in) {
		res->v = V_FAIL;
		snprintf(res->why, sizeof(res->why),
			 "used by %s, which is not a livepatch relocation section: the module loader writes it with the value 0",
			 e->normal_in);
		return;
	}
	if (e->undeclared) {
		res->v = V_FAIL;
		snprintf(res->why, sizeof(res->why),
			 "the patch has no klp_object for '%s': the livepatch core never writes its relocations (a kernel with klp-convert's series refuses the patch)",
			 e->n.obj);
		return;
	}
	resolve(db, e->n.obj, e->n.name, e->n.pos, res);
	check_intent(e, db, res);
	check_uses(e, res);
	if (res->v == V_OK && !res->why[0]) {
		char what[1024];

		describe_rec(res->rec, e->n.name, what, sizeof(what));
		if (e->n.pos)
			snprintf(res->why, sizeof(res->why), "%s, number %lu of %u in %s",
				 what, e->n.pos, res->count, e->n.obj);
		else
			snprintf(res->why, sizeof(res->why), "%s, unique in %s",
				 what, e->n.obj);
	}
}

/* ---- output ---- */

struct report {
	bool json;
	unsigned int counts[NR_VERDICTS];
	unsigned int nr;
};

static void print_entry(struct report *rep, const struct module_info *m,
			const struct entry *e, const struct resolution *res)
{
	char place[1024] = "";

	rep->counts[res->v]++;
	rep->nr++;
	if (e->first_rsec && e->first_rsec->base)
		place_index_describe(&m->places, e->first_rsec->base,
				     e->first_off, place, sizeof(place));
	if (!rep->json) {
		if (e->malformed)
			printf("%-7s %s: %s\n", verdict_name[res->v], e->sym->name,
			       res->why);
		else
			printf("%-7s %s %s,%lu: %s", verdict_name[res->v],
			       e->n.obj, e->n.name, e->n.pos, res->why);
		if (!e->malformed && res->rec && res->rec->addr)
			printf(" [0x%llx]", res->rec->addr);
		if (!e->malformed)
			printf("; %u relocation%s%s%s\n", e->nr_relocs,
			       e->nr_relocs == 1 ? "" : "s",
			       place[0] ? ", first at " : "", place);
		return;
	}
	printf("{\"verdict\":\"%s\"", verdict_name[res->v]);
	json_field("livepatch_symbol", e->sym->name);
	if (!e->malformed) {
		json_field("object", e->n.obj);
		json_field("symbol", e->n.name);
		printf(",\"sympos\":%lu", e->n.pos);
	}
	json_field("reason", res->why);
	if (res->rec) {
		printf(",\"type\":\"%c\"", res->rec->type);
		if (res->rec->file) {
			printf(",\"file\":");
			json_string(res->rec->file, res->rec->file_len);
		}
		if (res->rec->addr)
			printf(",\"address\":\"0x%llx\"", res->rec->addr);
	}
	printf(",\"relocations\":%u", e->nr_relocs);
	if (place[0])
		json_field("first_use", place);
	puts("}");
}

static void print_export(struct report *rep, const char *name, enum verdict v,
			 const char *why)
{
	rep->counts[v]++;
	rep->nr++;
	if (!rep->json) {
		printf("%-7s export %s: %s\n", verdict_name[v], name, why);
		return;
	}
	printf("{\"verdict\":\"%s\"", verdict_name[v]);
	json_field("export", name);
	json_field("reason", why);
	puts("}");
}

static int print_summary(const struct report *rep, const char *what,
			 const char *ko, const char *target)
{
	unsigned int i;
	bool all_ok = rep->counts[V_OK] == rep->nr;

	if (rep->json) {
		printf("{\"summary\":\"%s\"", what);
		json_field("module", ko);
		json_field("target", target);
		printf(",\"entries\":%u", rep->nr);
		for (i = 0; i < NR_VERDICTS; i++)
			printf(",\"%s\":%u", verdict_name[i], rep->counts[i]);
		printf(",\"ok\":%s}\n", all_ok ? "true" : "false");
	} else {
		printf("%s: %s against %s: %u entries", what, ko ? ko : "-",
		       target, rep->nr);
		for (i = 0; i < NR_VERDICTS; i++)
			if (rep->counts[i])
				printf(", %u %s", rep->counts[i], verdict_name[i]);
		putchar('\n');
	}
	return all_ok ? 0 : 1;
}

/* ---- verify ---- */

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
	resolve(db, f->obj, f->name, f->sympos, &res);
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
	rep->counts[v]++;
	rep->nr++;
	if (!rep->json) {
		printf("%-7s func %s %s,%lu: %s", verdict_name[v], f->obj,
		       f->name, f->sympos, res.why);
		if (res.rec && res.rec->addr)
			printf(" [0x%llx]", res.rec->addr);
		printf("; klp_func at %s\n", place);
		return;
	}
	printf("{\"verdict\":\"%s\"", verdict_name[v]);
	json_field("func", f->name);
	json_field("object", f->obj);
	printf(",\"sympos\":%lu", f->sympos);
	json_field("reason", res.why);
	if (res.rec && res.rec->addr)
		printf(",\"address\":\"0x%llx\"", res.rec->addr);
	json_field("klp_func", place);
	puts("}");
}

static void want_module_names(struct symdb *db, const struct module_info *m)
{
	size_t i;

	for (i = 0; i < m->nr_entries; i++)
		if (!m->entries[i].malformed)
			symdb_want(db, m->entries[i].n.name);
	for (i = 1; i < m->elf->nr_syms; i++)
		if (is_export_ref(m->elf, &m->elf->syms[i]) && !m->by_sym[i])
			symdb_want(db, m->elf->syms[i].name);
	for (i = 0; i < m->funcs.nr; i++)
		symdb_want(db, m->funcs.v[i].name);
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
	if (read_module(ko, &m))
		return 1;
	db = symdb_new(target, m.nr_entries + m.elf->nr_syms);
	want_module_names(db, &m);
	if (!symdb_load_target(db)) {
		for (i = 0; i < m.nr_entries; i++) {
			struct resolution res;

			judge(&m.entries[i], db, &res);
			print_entry(&rep, &m, &m.entries[i], &res);
		}
		for (i = 0; i < m.funcs.nr; i++)
			check_func(&rep, &m, &m.funcs.v[i], db);
		check_exports(&rep, &m, db);
		ret = print_summary(&rep, "verify", ko, target);
	}
	symdb_free(db);
	free_module(&m);
	return ret;
}

/* ---- audit ---- */

static bool same_symbol(const struct symrec *a, const struct symrec *b,
			bool fold_case)
{
	if (!same_type(a->type, b->type, fold_case))
		return false;
	if (a->file && b->file)
		return a->file_len == b->file_len &&
		       !memcmp(a->file, b->file, a->file_len);
	return true;
}

static void print_change(struct report *rep, const char *kind, const char *obj,
			 const char *name, unsigned long pos, bool has_pos,
			 const char *why)
{
	rep->counts[V_MOVED]++;
	rep->nr++;
	if (!rep->json) {
		if (has_pos)
			printf("%-9s %s %s,%lu: %s\n", kind, obj, name, pos, why);
		else
			printf("%-9s %s %s: %s\n", kind, obj, name, why);
		return;
	}
	printf("{\"change\":\"%s\"", kind);
	json_field("object", obj);
	json_field("symbol", name);
	if (has_pos)
		printf(",\"sympos\":%lu", pos);
	json_field("reason", why);
	puts("}");
}

/* One livepatch symbol on both targets: how its meaning changes */
static void audit_entry(struct report *rep, const struct entry *e,
			const struct symdb *old, const struct symdb *new)
{
	struct resolution a, b;
	char was[1024], now[1024], why[8192];
	const char *kind = NULL;
	bool fold;

	if (e->malformed)
		return;
	fold = dump_of_module(old, e->n.obj) || dump_of_module(new, e->n.obj);
	resolve(old, e->n.obj, e->n.name, e->n.pos, &a);
	resolve(new, e->n.obj, e->n.name, e->n.pos, &b);
	if (a.rec)
		describe_rec(a.rec, e->n.name, was, sizeof(was));
	if (b.rec)
		describe_rec(b.rec, e->n.name, now, sizeof(now));
	if (a.rec && !b.rec) {
		kind = !e->n.pos && b.count > 1 ? "AMBIGUOUS" : "GONE";
		snprintf(why, sizeof(why), "was %s; now %s", was, b.why);
	} else if (!a.rec && b.rec) {
		kind = "APPEARS";
		snprintf(why, sizeof(why), "did not resolve (%s); now %s", a.why, now);
	} else if (a.rec && b.rec && !same_type(a.rec->type, b.rec->type, fold)) {
		kind = "TYPE";
		snprintf(why, sizeof(why), "was %s, now %s", was, now);
	} else if (a.rec && b.rec && !same_symbol(a.rec, b.rec, fold)) {
		kind = "MOVED";
		snprintf(why, sizeof(why), "was %s, now %s", was, now);
	} else if (a.rec && b.rec && e->n.pos && a.count != b.count &&
		   (!a.rec->file || !b.rec->file)) {
		kind = "CHANGED";
		snprintf(why, sizeof(why),
			 "%u symbols of that name, now %u: position %lu may name another one",
			 a.count, b.count, e->n.pos);
	} else if (a.v != b.v && (a.v == V_INIT || b.v == V_INIT)) {
		kind = "INIT";
		snprintf(why, sizeof(why), "was %s; now %s",
			 a.v == V_INIT ? a.why : "resolving in both load orders",
			 b.v == V_INIT ? b.why : "resolving in both load orders");
	}
	if (kind) {
		print_change(rep, kind, e->n.obj, e->n.name, e->n.pos, true, why);
	} else {
		rep->counts[V_OK]++;
		rep->nr++;
	}
}

/* a replaced function, audited as a livepatch symbol of the same name */
static void audit_func(struct report *rep, const struct klp_func_ref *f,
		       const struct symdb *old, const struct symdb *new)
{
	struct entry e = {
		.n = { .obj = f->obj, .name = f->name, .pos = f->sympos },
	};

	audit_entry(rep, &e, old, new);
}

/* "t a.c, t b.c" */
static void list_records(const struct symname *sn, const char *obj, char *buf,
			 size_t len)
{
	size_t used = 0;
	unsigned int i;
	char file[256];

	buf[0] = '\0';
	for (i = 0; sn && i < sn->nr_recs && used + 1 < len; i++) {
		const struct symrec *r = &sn->recs[i];

		if (strcmp(r->obj->name, obj))
			continue;
		used += snprintf(buf + used, len - used, "%s%c %s",
				 used ? ", " : "", r->type,
				 rec_file(r, file, sizeof(file)));
	}
	if (!buf[0])
		snprintf(buf, len, "none");
}

static bool same_records(const struct symdb *old_db, const struct symname *a,
			 const struct symobj *oa, const struct symdb *new_db,
			 const struct symname *b, const struct symobj *ob,
			 unsigned int *na, unsigned int *nb)
{
	unsigned int i = 0, j = 0;
	bool same = true;

	*na = *nb = 0;
	for (;;) {
		while (a && i < a->nr_recs && a->recs[i].obj != oa)
			i++;
		while (b && ob && j < b->nr_recs && b->recs[j].obj != ob)
			j++;
		if (!(a && i < a->nr_recs) || !(b && ob && j < b->nr_recs))
			break;
		if (!same_symbol(&a->recs[i], &b->recs[j],
				 dump_of_module(old_db, oa->name) ||
				 dump_of_module(new_db, oa->name)))
			same = false;
		(*na)++, (*nb)++, i++, j++;
	}
	for (; a && i < a->nr_recs; i++)
		*na += a->recs[i].obj == oa;
	for (; b && ob && j < b->nr_recs; j++)
		*nb += b->recs[j].obj == ob;
	return same && *na == *nb;
}

/* Without a module: every duplicated name whose positions changed */
static void audit_lists(struct report *rep, const struct symdb *old,
			const struct symdb *new)
{
	char name[KLP_SYMNAME_MAX + 1], was[2048], now[2048], why[4200];
	unsigned int j, na, nb;
	size_t i;

	for (i = 0; i < old->nr_wanted; i++) {
		const struct symname *a = old->wanted[i];
		const struct symobj *prev = NULL;
		const struct symname *b;

		if (a->len > KLP_SYMNAME_MAX || !a->nr_recs)
			continue;
		memcpy(name, a->name, a->len);
		name[a->len] = '\0';
		b = symdb_lookup(new, name);
		/* the records of an object are contiguous (one block each) */
		for (j = 0; j < a->nr_recs; j++) {
			const struct symobj *oa = a->recs[j].obj, *ob;

			if (oa == prev)
				continue;
			prev = oa;
			ob = symdb_find_object(new, oa->name);
			if (!ob || same_records(old, a, oa, new, b, ob, &na, &nb) ||
			    (na < 2 && nb < 2))
				continue;
			list_records(a, oa->name, was, sizeof(was));
			list_records(b, oa->name, now, sizeof(now));
			snprintf(why, sizeof(why), "was [%s], now [%s]", was, now);
			print_change(rep, na == 1 ? "AMBIGUOUS" : "SHIFTED",
				     oa->name, name, 0, false, why);
		}
	}
}

int klp_audit(const char *old_target, const char *new_target, const char *ko,
	      bool json)
{
	struct report rep = { .json = json };
	struct symdb *old = NULL, *new = NULL;
	struct module_info m = { 0 };
	int ret = 1;
	size_t i;

	klp_error_reset();
	elf_version(EV_CURRENT);
	if (ko && read_module(ko, &m))
		return 1;
	old = symdb_new(old_target, ko ? m.nr_entries : 1 << 20);
	new = symdb_new(new_target, ko ? m.nr_entries : 1 << 20);
	if (ko) {
		want_module_names(old, &m);
		want_module_names(new, &m);
	} else {
		symdb_want_all(old);
		symdb_want_all(new);
	}
	if (!symdb_load_target(old) && !symdb_load_target(new)) {
		if (ko) {
			for (i = 0; i < m.nr_entries; i++)
				audit_entry(&rep, &m.entries[i], old, new);
			for (i = 0; i < m.funcs.nr; i++)
				audit_func(&rep, &m.funcs.v[i], old, new);
		} else {
			audit_lists(&rep, old, new);
		}
		ret = print_summary(&rep, "audit", ko, new_target);
	}
	symdb_free(old);
	symdb_free(new);
	if (ko)
		free_module(&m);
	return ret;
}
