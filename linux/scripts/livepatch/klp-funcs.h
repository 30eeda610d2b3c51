/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The klp_func entries of a livepatch module: which function of which
 * object each replaces, found from the module's relocations (klp-funcs.c).
 */
#ifndef _KLP_FUNCS_H
#define _KLP_FUNCS_H

#include "elf.h"

struct klp_func_ref {
	char *obj;			/* "vmlinux" for a NULL klp_object name */
	char *name;			/* old_name */
	unsigned long sympos;		/* old_sympos */
	const struct section *sec;	/* where the klp_func is */
	GElf_Addr off;
};

struct klp_func_refs {
	struct klp_func_ref *v;
	size_t nr, alloc;
};

void klp_find_funcs(const struct elf *elf, struct klp_func_refs *out);
void klp_func_refs_free(struct klp_func_refs *f);

#endif /* _KLP_FUNCS_H */
