// SPDX-License-Identifier: GPL-2.0
/*
 * verify and audit: one line per entry and a summary, as text or as JSON
 * lines.
 */
#include <stdio.h>
#include <string.h>
#include "verify-internal.h"

static const char * const verdict_name[NR_VERDICTS] = {
	"OK", "SUSPECT", "INIT", "CHANGED", "MOVED", "UNKNOWN", "FAIL",
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

void print_entry(struct report *rep, const struct module_info *m,
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

void print_export(struct report *rep, const char *name, enum verdict v,
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

int print_summary(const struct report *rep, const char *what,
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

void print_change(struct report *rep, const char *kind, const char *obj,
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

/* a replaced function (klp_func) and what it resolves to */
void print_func(struct report *rep, const struct klp_func_ref *f,
		enum verdict v, const struct resolution *res, const char *place)
{
	rep->counts[v]++;
	rep->nr++;
	if (!rep->json) {
		printf("%-7s func %s %s,%lu: %s", verdict_name[v], f->obj,
		       f->name, f->sympos, res->why);
		if (res->rec && res->rec->addr)
			printf(" [0x%llx]", res->rec->addr);
		printf("; klp_func at %s\n", place);
		return;
	}
	printf("{\"verdict\":\"%s\"", verdict_name[v]);
	json_field("func", f->name);
	json_field("object", f->obj);
	printf(",\"sympos\":%lu", f->sympos);
	json_field("reason", res->why);
	if (res->rec && res->rec->addr)
		printf(",\"address\":\"0x%llx\"", res->rec->addr);
	json_field("klp_func", place);
	puts("}");
}
