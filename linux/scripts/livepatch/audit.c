// SPDX-License-Identifier: GPL-2.0
/*
 * klp-convert audit <old> <new> [<livepatch.ko>]: every livepatch symbol
 * whose meaning differs between two targets; without a module, every
 * duplicated name whose positions differ between the two (verify.c says
 * how a symbol resolves).
 */
#include <stdio.h>
#include <string.h>
#include "kallsyms.h"
#include "verify.h"
#include "verify-internal.h"

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
	resolve_on_target(old, e->n.obj, e->n.name, e->n.pos, &a);
	resolve_on_target(new, e->n.obj, e->n.name, e->n.pos, &b);
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
	if (ko && read_livepatch(ko, &m))
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
		free_livepatch(&m);
	return ret;
}
