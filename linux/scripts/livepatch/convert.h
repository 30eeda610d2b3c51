/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Conversion of a linked livepatch module: decisions per undefined
 * symbol, then moving their relocations into .klp.rela sections.
 */
#ifndef _KLP_CONVERT_DECISIONS_H
#define _KLP_CONVERT_DECISIONS_H

#include <stdbool.h>
#include "arch.h"
#include "elf.h"
#include "symbols.h"

enum annot_form {
	ANNOT_NONE,
	ANNOT_SYMPOS,			/* KLP_MODULE_RELOC(obj) { KLP_SYMPOS() } */
	ANNOT_RELOC_SYMBOL,		/* KLP_RELOC_SYMBOL_POS() asm label */
};

/* What happens to one symbol of the input (convert_ctx.dec[symbol idx]) */
struct klp_decision {
	enum annot_form annot;
	char *annot_obj;
	unsigned long annot_pos;
	char *real_name;		/* name without annotation encoding */
	bool convert;
	bool failed;
	char *obj;			/* owner object of the symbol */
	unsigned long pos;
	bool sealed;			/* its ENDBR is sealed: calls only */
	const char *rule;
	char *rule_buf;
	char *intent;			/* its klp-intent.h line, if converted now */
};

struct klp_section_ref {
	struct section *sec;
	char *obj;
};

struct convert_ctx {
	struct elf *elf;
	const struct arch *arch;
	struct symdb *db;
	const char *symbols_path;
	bool verbose;
	struct klp_decision *dec;	/* one per input symbol */
	struct klp_section_ref *klp_secs;
	size_t nr_klp_secs, alloc_klp_secs;
	/*
	 * The objects the patch declares (its klp_objects, klp-funcs.c), in
	 * the Symbols.list; scope_known is false when no klp_object was found.
	 */
	const struct symobj **scope;
	size_t nr_scope;
	char **scope_names;		/* every declared name, listed or not */
	size_t nr_scope_names;
	bool scope_known;
};

/* the whole conversion; 0 on success, -1 after reporting every error */
int klp_convert(const char *symbols_path, const char *in_path,
		const char *out_path, bool verbose);

/* annotations.c */
int read_annotations(struct convert_ctx *ctx);
/* relocs.c */
void move_relocations(struct convert_ctx *ctx);
void drop_removed_references(struct convert_ctx *ctx);
void rename_symbols(struct convert_ctx *ctx);

#endif /* _KLP_CONVERT_DECISIONS_H */
