// SPDX-License-Identifier: GPL-2.0
/*
 * klp-symlist: the vmlinux records of a kernel image, decoded from its
 * kallsyms tables by vmlinuz.c.
 */
#include <string.h>
#include "symlist.h"
#include "util.h"
#include "vmlinuz.h"

int vmlinux_from_image(const char *path, struct vmlinux_syms *vs)
{
	struct ksym_table t = { 0 };
	size_t i, pool = 0;
	char *p;

	memset(vs, 0, sizeof(*vs));
	vs->path = path;
	if (vmlinuz_read_kallsyms(path, &t))
		return -1;
	for (i = 0; i < t.nr; i++)
		pool += strlen(t.syms[i].name) + 1;
	/* the names move to vs->text: the table is freed */
	vs->text = p = xmalloc(pool + 1);
	vs->recs = xcalloc(t.nr ? t.nr : 1, sizeof(*vs->recs));
	vs->alloc = t.nr;
	for (i = 0; i < t.nr; i++) {
		size_t len = strlen(t.syms[i].name) + 1;

		memcpy(p, t.syms[i].name, len);
		vs->recs[vs->nr++] = (struct vrec){ t.syms[i].addr, p,
						    t.syms[i].type };
		p += len;
	}
	memcpy(vs->build_id, t.build_id, sizeof(vs->build_id));
	vs->build_id_len = t.build_id_len;
	ksym_table_free(&t);
	if (!vs->nr) {
		klp_error(path, "no kallsyms records");
		return -1;
	}
	return 0;
}
