// SPDX-License-Identifier: GPL-2.0
/*
 * The conversion record of a livepatch module (see klp-intent.h).
 */
#include <stdlib.h>
#include <string.h>
#include "klp-intent.h"
#include "klp-sym.h"
#include "util.h"

char *klp_intent_line(const char *obj, const char *name, unsigned long pos,
		      char type, const char *file, unsigned int file_len,
		      unsigned int count, unsigned int core_count)
{
	return xasprintf("%s %s %lu %c %.*s %u %u\n", obj, name, pos, type,
			 file ? (int)file_len : 1, file ? file : "-", count,
			 core_count);
}

/* the n space-separated fields of [p, nl): no empty field, no control */
static bool split_fields(char *p, char *nl, char **f, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		f[i] = p;
		while (p < nl && *p != ' ') {
			if ((unsigned char)*p < ' ' || *p == 0x7f)
				return false;
			p++;
		}
		if (p == f[i] || (i < n - 1 && p == nl) || (i == n - 1 && p != nl))
			return false;
		*p++ = '\0';
	}
	return true;
}

static bool parse_count(const char *s, unsigned int *v)
{
	unsigned long n;

	if (!klp_parse_sympos(s, strlen(s), &n) || n > 1U << 30)
		return false;
	*v = n;
	return true;
}

static int cmp_intent(const void *a, const void *b)
{
	const struct klp_intent *x = a, *y = b;
	int c = strcmp(x->obj, y->obj);

	if (!c)
		c = strcmp(x->name, y->name);
	if (!c)
		c = (x->pos > y->pos) - (x->pos < y->pos);
	return c;
}

bool klp_intents_parse(const char *buf, size_t size, struct klp_intents *out)
{
	size_t hlen = strlen(KLP_INTENT_HEADER);
	char *copy, *p, *end, *nl, *f[7];
	struct klp_intent *e;

	memset(out, 0, sizeof(*out));
	if (size < hlen || memcmp(buf, KLP_INTENT_HEADER, hlen))
		return false;
	copy = xmalloc(size - hlen + 1);
	memcpy(copy, buf + hlen, size - hlen);
	end = copy + (size - hlen);
	*end = '\0';
	for (p = copy; p < end; p = nl + 1) {
		nl = memchr(p, '\n', end - p);
		if (!nl || !split_fields(p, nl, f, 7) || strlen(f[3]) != 1)
			goto bad;
		ARRAY_GROW(out->v, out->nr, out->alloc, 64);
		e = &out->v[out->nr];
		memset(e, 0, sizeof(*e));
		if (!klp_parse_sympos(f[2], strlen(f[2]), &e->pos) ||
		    !parse_count(f[5], &e->count) ||
		    !parse_count(f[6], &e->core_count))
			goto bad;
		out->nr++;
		e->obj = xstrdup(f[0]);
		e->name = xstrdup(f[1]);
		e->type = f[3][0];
		e->file = strcmp(f[4], "-") ? xstrdup(f[4]) : NULL;
	}
	free(copy);
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_intent);
	return true;
bad:
	free(copy);
	klp_intents_free(out);
	return false;
}

const struct klp_intent *klp_intents_find(const struct klp_intents *in,
					  const char *obj, const char *name,
					  unsigned long pos)
{
	struct klp_intent key = {
		.obj = (char *)obj, .name = (char *)name, .pos = pos,
	};

	if (!in->nr)
		return NULL;
	return bsearch(&key, in->v, in->nr, sizeof(*in->v), cmp_intent);
}

void klp_intents_free(struct klp_intents *in)
{
	size_t i;

	for (i = 0; i < in->nr; i++) {
		free(in->v[i].obj);
		free(in->v[i].name);
		free(in->v[i].file);
	}
	free(in->v);
	memset(in, 0, sizeof(*in));
}
