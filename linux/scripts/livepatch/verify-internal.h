/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What verify and audit share: the livepatch module as read
 * (verify-module.c), a symbol resolved on a target as the livepatch core
 * would (verify-resolve.c), and the report (verify-report.c).
 */
#ifndef _KLP_VERIFY_INTERNAL_H
#define _KLP_VERIFY_INTERNAL_H

#include <stdbool.h>
#include "elf.h"
#include "klp-funcs.h"
#include "klp-intent.h"
#include "klp-sym.h"
#include "symbols.h"

enum verdict {
	V_OK,
	V_SUSPECT,	/* resolves, but a use does not fit the symbol's type */
	V_INIT,		/* resolves only for one order of loading */
	V_CHANGED,	/* may name another symbol than at conversion */
	V_MOVED,	/* names another symbol than at conversion */
	V_UNKNOWN,	/* the target does not say (module not in the dump) */
	V_FAIL,		/* the kernel refuses it */
	NR_VERDICTS
};

/* One livepatch symbol of the module and the relocations using it */
struct entry {
	const struct symbol *sym;
	struct klp_sym_name n;
	bool malformed;
	unsigned int nr_relocs;
	const struct section *first_rsec;	/* first use, for messages */
	GElf_Addr first_off;
	bool called, loaded;			/* uses, from reloc_use() */
	const char *vmlinux_in;			/* module section using vmlinux */
	const char *normal_in;			/* normal section using it */
	bool undeclared;			/* of no klp_object of the patch */
	const struct klp_intent *intent;
};

struct resolution {
	enum verdict v;
	const struct symrec *rec;		/* what it binds to */
	unsigned int count;			/* <name> in <obj> */
	char why[3072];
};

struct module_info {
	struct elf *elf;
	struct entry *entries;
	size_t nr_entries;
	struct entry **by_sym;			/* entry of each symbol index */
	struct klp_intents intents;
	bool have_intents;
	struct place_index places;
	struct klp_func_refs funcs;		/* the functions it replaces */
};

/* verify-module.c */
int read_livepatch(const char *path, struct module_info *m);
void free_livepatch(struct module_info *m);
bool is_export_ref(const struct elf *elf, const struct symbol *sym);
void want_module_names(struct symdb *db, const struct module_info *m);

/* verify-resolve.c */
const char *rec_file(const struct symrec *r, char *buf, size_t len);
void describe_rec(const struct symrec *r, const char *name, char *buf,
		  size_t len);
void resolve_on_target(const struct symdb *db, const char *obj, const char *name,
		       unsigned long pos, struct resolution *res);
bool same_type(char a, char b, bool fold_case);
bool dump_of_module(const struct symdb *db, const char *obj);
void judge_entry(const struct entry *e, const struct symdb *db,
		 struct resolution *res);

/* verify-report.c */
struct report {
	bool json;
	unsigned int counts[NR_VERDICTS];
	unsigned int nr;
};

void print_entry(struct report *rep, const struct module_info *m,
		 const struct entry *e, const struct resolution *res);
void print_export(struct report *rep, const char *name, enum verdict v,
		  const char *why);
void print_func(struct report *rep, const struct klp_func_ref *f,
		enum verdict v, const struct resolution *res, const char *place);
void print_change(struct report *rep, const char *kind, const char *obj,
		  const char *name, unsigned long pos, bool has_pos,
		  const char *why);
int print_summary(const struct report *rep, const char *what,
		  const char *ko, const char *target);

#endif /* _KLP_VERIFY_INTERNAL_H */
