// SPDX-License-Identifier: GPL-2.0
/*
 * Livepatch symbol and relocation section names: the one writer and the
 * one parser of each.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "../../include/uapi/linux/livepatch.h"
#include "klp-sym.h"
#include "util.h"

bool klp_parse_sympos(const char *s, size_t len, unsigned long *pos)
{
	unsigned long v = 0;
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++) {
		unsigned int d = (unsigned char)s[i] - '0';

		if (d > 9 || v > (ULONG_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*pos = v;
	return true;
}

char *klp_sym_format(const char *obj, const char *name, unsigned long pos)
{
	return xasprintf("%s%s.%s,%lu", KLP_SYM_PREFIX, obj, name, pos);
}

bool klp_sym_parse(const char *full, struct klp_sym_name *out)
{
	size_t plen = strlen(KLP_SYM_PREFIX);
	const char *obj, *dot, *name, *comma;
	unsigned long pos;

	if (strncmp(full, KLP_SYM_PREFIX, plen))
		return false;
	obj = full + plen;
	dot = strchr(obj, '.');
	if (!dot || dot == obj || dot - obj > KLP_OBJNAME_MAX)
		return false;
	name = dot + 1;
	comma = strchr(name, ',');
	if (!comma || comma == name || comma - name > KLP_SYMNAME_MAX ||
	    !klp_parse_sympos(comma + 1, strlen(comma + 1), &pos))
		return false;
	out->obj = xasprintf("%.*s", (int)(dot - obj), obj);
	out->name = xasprintf("%.*s", (int)(comma - name), name);
	out->pos = pos;
	return true;
}

char *klp_rela_format(const char *obj, const char *section)
{
	return xasprintf("%s%s.%s", KLP_RELA_PREFIX, obj, section);
}

const char *klp_rela_obj(const char *secname, size_t *len)
{
	size_t plen = strlen(KLP_RELA_PREFIX);
	const char *obj, *dot;

	if (strncmp(secname, KLP_RELA_PREFIX, plen))
		return NULL;
	obj = secname + plen;
	dot = strchr(obj, '.');
	if (!dot || dot == obj || dot - obj > KLP_OBJNAME_MAX)
		return NULL;
	*len = dot - obj;
	return obj;
}

void klp_sym_name_free(struct klp_sym_name *n)
{
	free(n->obj);
	free(n->name);
	n->obj = n->name = NULL;
}
