// SPDX-License-Identifier: GPL-2.0
/*
 * verify and audit: a livepatch symbol resolved on a target by the rules
 * of kernel/livepatch/core.c klp_find_object_symbol(), and judged against
 * the kernel's checks of the module and the conversion record.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "../../include/uapi/linux/livepatch.h"
#include "verify-internal.h"

const char *rec_file(const struct symrec *r, char *buf, size_t len)
{
	if (!r->file)
		return "-";
	snprintf(buf, len, "%.*s", (int)r->file_len, r->file);
	return buf;
}

/* "t get_id (a.c)" */
void describe_rec(const struct symrec *r, const char *name, char *buf,
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

void resolve_on_target(const struct symdb *db, const char *obj, const char *name,
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
bool same_type(char a, char b, bool fold_case)
{
	return fold_case ? tolower((unsigned char)a) == tolower((unsigned char)b) :
			   a == b;
}

bool dump_of_module(const struct symdb *db, const char *obj)
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
void judge_entry(const struct entry *e, const struct symdb *db,
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
	resolve_on_target(db, e->n.obj, e->n.name, e->n.pos, res);
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
