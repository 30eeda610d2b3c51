/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names of livepatch symbols, .klp.sym.<object>.<symbol>,<position>:
 * written and parsed here only, by the rules of kernel/livepatch/core.c
 * klp_resolve_symbols().
 */
#ifndef _KLP_SYM_H
#define _KLP_SYM_H

#include <stdbool.h>
#include <stddef.h>

/* "<object>.<symbol>,<position>" after the prefix; NULL-free, owned */
struct klp_sym_name {
	char *obj;
	char *name;
	unsigned long pos;
};

/*
 * A position: decimal digits only (no sign, no space), at most the
 * kernel's unsigned long.  len is the length of s.
 */
bool klp_parse_sympos(const char *s, size_t len, unsigned long *pos);

/* .klp.sym.<obj>.<name>,<pos>; the caller frees it */
char *klp_sym_format(const char *obj, const char *name, unsigned long pos);

/*
 * Split a full .klp.sym name as the kernel does: an object of 1 to 55
 * characters up to the first '.', a symbol of 1 to 511 characters up to
 * the first ',', then a position to the end.  Returns false if the
 * kernel would refuse it; on success the caller frees with
 * klp_sym_name_free().
 */
bool klp_sym_parse(const char *full, struct klp_sym_name *out);
void klp_sym_name_free(struct klp_sym_name *n);

/* .klp.rela.<obj>.<section>; the caller frees it */
char *klp_rela_format(const char *obj, const char *section);
/*
 * The object of a .klp.rela.<obj>.<section> name as the kernel reads it
 * (klp_write_section_relocs(): 1 to 55 characters up to the first '.'),
 * not NUL-terminated: its length in *len.  NULL if it is not one.
 */
const char *klp_rela_obj(const char *secname, size_t *len);

#endif /* _KLP_SYM_H */
