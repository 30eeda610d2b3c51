/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What each livepatch symbol was converted for, so that verify can tell
 * whether a target kernel binds it to that symbol or to another one of
 * the same name.  klp-convert writes one line per livepatch symbol it
 * creates into a section that is not loaded (no SHF_ALLOC), which the
 * module loader and the livepatch core ignore:
 *
 *	klp-convert intent 1
 *	<object> <symbol> <position> <type> <file> <count> <core count>
 *
 * <type> is the Symbols.list type letter, <file> the source file of a
 * local symbol or "-", <count> how many symbols of that name the object
 * had, <core count> how many of them stay once a module is live (no init
 * ones: what a /proc/kallsyms dump shows).  Written and parsed here only.
 */
#ifndef _KLP_INTENT_H
#define _KLP_INTENT_H

#include <stdbool.h>
#include <stddef.h>

#define KLP_INTENT_SECTION	".klp_convert.intent"
#define KLP_INTENT_HEADER	"klp-convert intent 1\n"

struct klp_intent {
	char *obj;
	char *name;
	unsigned long pos;
	char type;
	char *file;			/* NULL when unknown */
	unsigned int count;
	unsigned int core_count;
};

struct klp_intents {
	struct klp_intent *v;
	size_t nr, alloc;
};

/* one line, with its '\n'; file may be NULL; the caller frees it */
char *klp_intent_line(const char *obj, const char *name, unsigned long pos,
		      char type, const char *file, unsigned int file_len,
		      unsigned int count, unsigned int core_count);
/* false if the section is not in this format (the caller says where) */
bool klp_intents_parse(const char *buf, size_t size, struct klp_intents *out);
const struct klp_intent *klp_intents_find(const struct klp_intents *in,
					  const char *obj, const char *name,
					  unsigned long pos);
void klp_intents_free(struct klp_intents *in);

#endif /* _KLP_INTENT_H */
