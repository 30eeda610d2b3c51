// SPDX-License-Identifier: GPL-2.0
/*
 * The two ways a livepatch author says which symbol is meant:
 *
 * KLP_MODULE_RELOC(obj) arrays of KLP_SYMPOS(sym, pos) in section
 * .klp.module_relocs.<obj>: packed 12-byte entries, the address slot of
 * entry k relocated to the symbol, the position in bytes 8..11.  These
 * only carry information for us, so the sections, their relocations and
 * the symbols defined in them are removed from the output.
 *
 * KLP_RELOC_SYMBOL_POS(lp_obj, sym_obj, sym, pos): the undefined symbol
 * itself is named .klp.sym.rela.<lp_obj>.<sym_obj>.<sym>.<pos>.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../include/uapi/linux/livepatch.h"
#include "convert.h"
#include "klp-sym.h"

#define KLP_MODULE_RELOC_SIZE	sizeof(struct klp_module_reloc)
#define KLP_MODULE_RELOC_POS	offsetof(struct klp_module_reloc, sympos)

static int set_annotation(struct convert_ctx *ctx, struct symbol *sym,
			  enum annot_form form, const char *obj,
			  unsigned long pos, const char *where)
{
	struct klp_decision *d = &ctx->dec[sym->idx];

	if (d->annot && (strcmp(d->annot_obj, obj) || d->annot_pos != pos)) {
		klp_error(ctx->elf->path,
			  "conflicting annotations for '%s': %s,%lu and %s,%lu (%s)",
			  sym->name, d->annot_obj, d->annot_pos, obj, pos, where);
		return -1;
	}
	if (d->annot)
		return 0;
	d->annot = form;
	d->annot_obj = xstrdup(obj);
	d->annot_pos = pos;
	return 0;
}

static int read_sympos_entry(struct convert_ctx *ctx, struct section *sec,
			     const char *obj, const struct rela *r)
{
	struct elf *elf = ctx->elf;
	char where[512];
	unsigned int pos;

	snprintf(where, sizeof(where), "%s+0x%llx", sec->name,
		 (unsigned long long)r->offset);
	if (r->type != ctx->arch->abs64_type ||
	    r->offset % KLP_MODULE_RELOC_SIZE ||
	    !section_read_u32(elf, sec, r->offset + KLP_MODULE_RELOC_POS, &pos)) {
		klp_error(elf->path, "%s: malformed KLP_SYMPOS() entry; use the KLP_MODULE_RELOC()/KLP_SYMPOS() macros",
			  where);
		return -1;
	}
	if (!r->sym->name[0]) {
		klp_error(elf->path, "%s: KLP_SYMPOS() names an unnamed symbol (%s); only external symbols can be annotated",
			  where, symbol_display_name(r->sym));
		return -1;
	}
	if (r->sym->sym.st_shndx != SHN_UNDEF) {
		klp_error(elf->path, "%s: KLP_SYMPOS() names '%s', which is not an undefined symbol; only external symbols can be annotated",
			  where, r->sym->name);
		return -1;
	}
	return set_annotation(ctx, r->sym, ANNOT_SYMPOS, obj, pos, where);
}


static int read_module_relocs(struct convert_ctx *ctx, struct section *sec)
{
	const char *obj = sec->name + strlen(KLP_MODULE_RELOC_PREFIX);
	struct elf *elf = ctx->elf;
	size_t i, j, nr_entries = sec->size / KLP_MODULE_RELOC_SIZE;
	struct section *rsec;
	unsigned char *seen = xcalloc(nr_entries + 1, 1);
	int ret = 0;

	if (!obj[0] || sec->sh.sh_type != SHT_PROGBITS ||
	    sec->size % KLP_MODULE_RELOC_SIZE) {
		klp_error(elf->path, "%s: malformed KLP_MODULE_RELOC() section; use the KLP_MODULE_RELOC()/KLP_SYMPOS() macros",
			  sec->name);
		ret = -1;
	}
	for (rsec = sec->rsecs; !ret && rsec; rsec = rsec->next_rsec) {
		for (j = 0; j < rsec->nr_relas; j++) {
			const struct rela *r = &rsec->relas[j];

			if (read_sympos_entry(ctx, sec, obj, r))
				ret = -1;
			else
				seen[r->offset / KLP_MODULE_RELOC_SIZE] = 1;
		}
		rsec->removed = true;
	}
	for (i = 0; !ret && i < nr_entries; i++) {
		if (!seen[i]) {
			klp_error(elf->path, "%s: entry %zu names no symbol; use KLP_SYMPOS(symbol, pos)",
				  sec->name, i);
			ret = -1;
		}
	}
	free(seen);
	sec->removed = true;
	return ret;
}

/* .klp.sym.rela.<lp_obj>.<sym_obj>.<sym>.<pos> */
static int read_reloc_symbol(struct convert_ctx *ctx, struct symbol *sym)
{
	const char *s = sym->name + strlen(KLP_RELOC_SYMBOL_PREFIX);
	const char *dot1 = strchr(s, '.'), *dot2, *last;
	struct elf *elf = ctx->elf;
	char *lp_obj, *sym_obj;
	unsigned long pos = 0;
	int ret = -1;

	dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	last = strrchr(s, '.');
	if (!dot2 || last == dot2 || dot1 == s || dot2 == dot1 + 1 ||
	    !last[1] || sym->sym.st_shndx != SHN_UNDEF) {
		klp_error(elf->path, "symbol '%s': malformed KLP_RELOC_SYMBOL_POS() name; expected %s<lp_obj>.<sym_obj>.<sym>.<pos>",
			  sym->name, KLP_RELOC_SYMBOL_PREFIX);
		ctx->dec[sym->idx].failed = true;
		return -1;
	}
	lp_obj = xasprintf("%.*s", (int)(dot1 - s), s);
	sym_obj = xasprintf("%.*s", (int)(dot2 - dot1 - 1), dot1 + 1);
	if (!klp_parse_sympos(last + 1, strlen(last + 1), &pos)) {
		klp_error(elf->path, "symbol '%s': KLP_RELOC_SYMBOL_POS() position '%s' is not a number (decimal digits only)",
			  sym->name, last + 1);
	} else if (strcmp(lp_obj, sym_obj)) {
		klp_error(elf->path, "symbol '%s': KLP_RELOC_SYMBOL_POS(%s, %s, ...) names two objects, but the relocation must be applied when the symbol's owner is loaded; write KLP_RELOC_SYMBOL_POS(%s, %s, %.*s, %lu)",
			  sym->name, lp_obj, sym_obj, sym_obj, sym_obj,
			  (int)(last - dot2 - 1), dot2 + 1, pos);
	} else {
		ctx->dec[sym->idx].real_name =
			xasprintf("%.*s", (int)(last - dot2 - 1), dot2 + 1);
		ret = set_annotation(ctx, sym, ANNOT_RELOC_SYMBOL, sym_obj, pos,
				     sym->name);
	}
	free(lp_obj);
	free(sym_obj);
	if (ret)
		ctx->dec[sym->idx].failed = true;
	return ret;
}

int read_annotations(struct convert_ctx *ctx)
{
	struct elf *elf = ctx->elf;
	size_t plen = strlen(KLP_MODULE_RELOC_PREFIX);
	size_t i, nr_secs = elf->nr_secs;
	int ret = 0;

	for (i = 1; i < nr_secs; i++) {
		struct section *sec = elf->secs[i];

		if (!sec->removed && !strncmp(sec->name, KLP_MODULE_RELOC_PREFIX, plen) &&
		    read_module_relocs(ctx, sec))
			ret = -1;
	}
	/* the symbols of removed annotation sections go with them */
	for (i = 1; i < elf->nr_syms; i++)
		if (elf->syms[i].sec && elf->syms[i].sec->removed)
			elf->syms[i].removed = true;
	/* groups cannot lose members: their sections belong together */
	for (i = 1; i < nr_secs; i++) {
		const struct section *sec = elf->secs[i], *member;

		if (sec->sh.sh_type != SHT_GROUP || sec->removed)
			continue;
		member = group_removed_member(elf, sec);
		if (member) {
			klp_error(elf->path, "group %s contains %s, which is removed from the output (an annotation section); do not put annotations in a section group",
				  sec->name, member->name);
			ret = -1;
		}
	}
	plen = strlen(KLP_RELOC_SYMBOL_PREFIX);
	for (i = 1; i < elf->nr_syms; i++) {
		struct symbol *sym = &elf->syms[i];

		if (!strncmp(sym->name, KLP_RELOC_SYMBOL_PREFIX, plen) &&
		    read_reloc_symbol(ctx, sym))
			ret = -1;
	}
	return ret;
}
