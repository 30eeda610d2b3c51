// SPDX-License-Identifier: GPL-2.0
/*
 * Moving relocations of livepatch symbols into .klp.rela.<obj>.<section>
 * sections, with the checks the kernel would otherwise only make at
 * load time, or never.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../include/uapi/linux/livepatch.h"
#include "convert.h"
#include "klp-sym.h"

/* Find a .klp.rela section of the input or one we made (by sh_info) */
static struct section *klp_section_for(struct convert_ctx *ctx, const char *obj,
				       struct section *base)
{
	struct klp_section_ref *ref;
	char *name;
	size_t i;

	for (i = 0; i < ctx->nr_klp_secs; i++) {
		ref = &ctx->klp_secs[i];
		if (ref->sec->base == base && !strcmp(ref->obj, obj))
			return ref->sec;
	}
	name = klp_rela_format(obj, base->name);
	ARRAY_GROW(ctx->klp_secs, ctx->nr_klp_secs, ctx->alloc_klp_secs, 8);
	ref = &ctx->klp_secs[ctx->nr_klp_secs++];
	ref->sec = section_add_rela(ctx->elf, name, base);
	ref->obj = xstrdup(obj);
	free(name);
	return ref->sec;
}

/* Why a reference to a module's symbol cannot be converted in a section */
enum late_reason { LATE_SPECIAL, LATE_INIT, LATE_NOT_LOADED };

static const char * const late_reasons[] = {
	[LATE_SPECIAL] =
		"the loader consumes this special section before relocations to a module's symbols are written, so it would read zero",
	[LATE_INIT] =
		"init sections are freed after the livepatch initialises, and relocations to a module's symbols are written later",
	[LATE_NOT_LOADED] =
		"the section is not loaded (no SHF_ALLOC), and relocations to a module's symbols are written after loading",
};

static const char *late_reason(const struct convert_ctx *ctx,
			       const struct section *base)
{
	if (arch_is_special_section(ctx->arch, base->name))
		return late_reasons[LATE_SPECIAL];
	if (!strncmp(base->name, ".init", 5))
		return late_reasons[LATE_INIT];
	if (!(base->sh.sh_flags & SHF_ALLOC))
		return late_reasons[LATE_NOT_LOADED];
	return NULL;
}

/* only for messages: finding the function is a symbol table scan */
static const char *place_of(const struct convert_ctx *ctx,
			    const struct section *rsec, const struct rela *r,
			    char *buf, size_t len)
{
	describe_place(ctx->elf, rsec->base, r->offset, buf, len);
	return buf;
}

/* The architecture's rules for the place (powerpc: the nop after a call) */
static bool check_site(struct convert_ctx *ctx, const struct section *rsec,
		       const struct rela *r, const struct klp_decision *d,
		       const char *name)
{
	const struct section *base = rsec->base;
	struct arch_site site = {
		.type = r->type,
		.bytes = base->buf,		/* NULL and 0 for SHT_NOBITS */
		.size = base->size,
		.off = r->offset,
		.to_vmlinux = !strcmp(d->obj, "vmlinux"),
		.writable = base->sh.sh_flags & SHF_WRITE,
	};
	char place[1024], why[512];
	const char *msg;

	if (!ctx->arch->check_site)
		return true;
	msg = ctx->arch->check_site(&site, why, sizeof(why));
	if (!msg)
		return true;
	klp_error(ctx->elf->path, "%s: %s to '%s' of %s: %s",
		  place_of(ctx, rsec, r, place, sizeof(place)),
		  arch_reloc_name(ctx->arch, r->type), name, d->obj, msg);
	return false;
}

/*
 * IBT: a sealed function has no ENDBR once the kernel booted, so the
 * livepatch may call it but not take its address for an indirect call.
 */
static bool check_sealed(struct convert_ctx *ctx, const struct section *rsec,
			 const struct rela *r, const struct klp_decision *d,
			 const char *name)
{
	const struct section *base = rsec->base;
	char place[1024];

	if (!d->sealed || !ctx->arch->reloc_use ||
	    ctx->arch->reloc_use(r->type, base->buf, base->size, r->offset,
				 base->sh.sh_flags & SHF_EXECINSTR) == RELOC_USE_CALL)
		return true;
	klp_error(ctx->elf->path, "%s: takes the address of '%s', a vmlinux function whose ENDBR the kernel seals at boot (IBT: vmlinux never takes its address); an indirect call to it raises a control protection fault; call '%s' directly from a function of the livepatch and use the address of that function",
		  place_of(ctx, rsec, r, place, sizeof(place)), name, name);
	return false;
}

static bool check_entry(struct convert_ctx *ctx, const struct section *rsec,
			const struct rela *r, const struct klp_decision *d)
{
	const struct arch_reloc *ar = arch_reloc(ctx->arch, r->type);
	const char *path = ctx->elf->path, *why, *tname;
	const char *name = d->real_name ? d->real_name : r->sym->name;
	char place[1024];

	if (rsec->sh.sh_type != SHT_RELA) {
		klp_error(path, "%s: relocation to '%s' is in SHT_REL section %s; livepatch relocations must be SHT_RELA",
			  place_of(ctx, rsec, r, place, sizeof(place)), name, rsec->name);
		return false;
	}
	if (!ar) {
		const struct arch_reloc *refused = arch_refused_reloc(ctx->arch, r->type);

		tname = refused ? refused->name : NULL;
		if (refused && refused->why)
			klp_error(path, "%s: relocation type %u (%s) to '%s' is not supported by the %s kernel for livepatch symbols: %s",
				  place_of(ctx, rsec, r, place, sizeof(place)), r->type,
				  tname, name, ctx->arch->name, refused->why);
		else
			klp_error(path, "%s: relocation type %u%s%s%s to '%s' is not supported by the %s kernel for livepatch symbols; build with the kernel's flags (%s) or avoid this access",
				  place_of(ctx, rsec, r, place, sizeof(place)), r->type,
				  tname ? " (" : "", tname ? tname : "", tname ? ")" : "",
				  name, ctx->arch->name, ctx->arch->kernel_cflags);
		return false;
	}
	if (rsec->base->sh.sh_flags & SHF_COMPRESSED) {
		klp_error(path, "%s+0x%llx: relocation to '%s' is in compressed section %s, whose bytes klp-convert cannot check; build the livepatch without compressed debug information",
			  rsec->base->name, (unsigned long long)r->offset, name,
			  rsec->base->name);
		return false;
	}
	if (!check_site(ctx, rsec, r, d, name) ||
	    !check_sealed(ctx, rsec, r, d, name))
		return false;
	if (ctx->arch->zero_target &&
	    !section_bytes_zero(rsec->base, r->offset, ar->width)) {
		klp_error(path, "%s: the %u bytes relocated (%s) to '%s' are not zero; the kernel refuses to write a livepatch relocation over non-zero bytes",
			  place_of(ctx, rsec, r, place, sizeof(place)), ar->width, ar->name, name);
		return false;
	}
	if (!strcmp(d->obj, "vmlinux"))
		return true;
	why = late_reason(ctx, rsec->base);
	if (why) {
		klp_error(path, "%s: reference to '%s' of module '%s' cannot be converted: %s; use a vmlinux symbol, or move the use out of %s (e.g. drop the static key/static call, or call through a pointer looked up at run time)",
			  place_of(ctx, rsec, r, place, sizeof(place)), name, d->obj,
			  why, rsec->base->name);
		return false;
	}
	return true;
}

/*
 * A relocation section the input already flags SHF_RELA_LIVEPATCH is
 * applied by the livepatch core as it is: check it as the kernel will
 * (klp_apply_section_relocs(), klp_resolve_symbols()), entry by entry.
 */
static bool check_input_klp_section(struct convert_ctx *ctx, struct section *sec,
				    char **objp)
{
	const char *path = ctx->elf->path, *obj;
	bool ok = true;
	size_t i, len;

	obj = klp_rela_obj(sec->name, &len);
	if (!obj || sec->sh.sh_type != SHT_RELA || !(sec->sh.sh_flags & SHF_ALLOC)) {
		klp_error(path, "section %s is flagged SHF_RELA_LIVEPATCH but is not a SHF_ALLOC SHT_RELA section named %s<object>.<section>",
			  sec->name, KLP_RELA_PREFIX);
		return false;
	}
	*objp = xasprintf("%.*s", (int)len, obj);
	for (i = 0; i < sec->nr_relas; i++) {
		const struct rela *r = &sec->relas[i];
		const struct klp_decision *d = &ctx->dec[r->sym->idx];
		char place[1024];

		if (r->sym->sym.st_shndx != SHN_LIVEPATCH) {
			klp_error(path, "%s: entry %zu of %s names '%s', which is not a livepatch symbol (SHN_LIVEPATCH)",
				  place_of(ctx, sec, r, place, sizeof(place)), i,
				  sec->name, symbol_display_name(r->sym));
			ok = false;
		} else if (!d->convert) {
			ok = false;	/* malformed name, reported */
		} else if (strcmp(d->obj, "vmlinux") && strcmp(d->obj, *objp)) {
			klp_error(path, "%s: %s names '%s' of module '%s': a module's symbols are only resolved in its own %s%s.* sections",
				  place_of(ctx, sec, r, place, sizeof(place)), sec->name,
				  r->sym->name, d->obj, KLP_RELA_PREFIX, d->obj);
			ok = false;
		} else if (!check_entry(ctx, sec, r, d)) {
			ok = false;
		}
	}
	return ok;
}

static void register_input_klp_sections(struct convert_ctx *ctx)
{
	struct elf *elf = ctx->elf;
	size_t i;

	for (i = 1; i < elf->nr_secs; i++) {
		struct section *sec = elf->secs[i];
		struct klp_section_ref *ref;
		char *obj = NULL;

		/* the livepatch core takes every section with the flag */
		if (sec->removed || !(sec->sh.sh_flags & SHF_RELA_LIVEPATCH))
			continue;
		if (!check_input_klp_section(ctx, sec, &obj)) {
			free(obj);
			continue;
		}
		ARRAY_GROW(ctx->klp_secs, ctx->nr_klp_secs, ctx->alloc_klp_secs, 8);
		ref = &ctx->klp_secs[ctx->nr_klp_secs++];
		ref->sec = sec;
		ref->obj = obj;
	}
}

static void print_move(const struct section *base,
		       const struct rela *r, const struct klp_decision *d)
{
	printf("%s+0x%llx: %s -> %s,%lu (%s)\n", base->name,
	       (unsigned long long)r->offset,
	       d->real_name ? d->real_name : r->sym->name, d->obj, d->pos,
	       d->rule);
}

static void move_from(struct convert_ctx *ctx, struct section *rsec)
{
	size_t i, kept = 0, moved = 0;

	for (i = 0; i < rsec->nr_relas; i++) {
		struct rela r = rsec->relas[i];
		const struct klp_decision *d = &ctx->dec[r.sym->idx];

		if (!d->convert) {
			rsec->relas[kept++] = r;
			continue;
		}
		moved++;
		if (!check_entry(ctx, rsec, &r, d))
			continue;
		if (ctx->verbose)
			print_move(rsec->base, &r, d);
		section_add_entry(klp_section_for(ctx, d->obj, rsec->base), &r);
	}
	rsec->nr_relas = kept;
	/* an emptied .rela.X stays, so the .klp.rela.X is not the first one */
	if (moved && !kept) {
		struct rela none = {
			.type = ctx->arch->none_type,
			.sym = &ctx->elf->syms[0],
		};

		section_add_entry(rsec, &none);
	}
}

void move_relocations(struct convert_ctx *ctx)
{
	struct elf *elf = ctx->elf;
	size_t i, nr_secs = elf->nr_secs;

	register_input_klp_sections(ctx);
	for (i = 1; i < nr_secs; i++) {
		struct section *rsec = elf->secs[i];

		if (!rsec->removed && is_rela_section(rsec) &&
		    !is_klp_rela_section(rsec))
			move_from(ctx, rsec);
	}
}

/*
 * Symbols of removed annotation sections may still be named by debug
 * information; such relocations become no-ops.  Loaded sections must
 * not refer to annotations.
 */
void drop_removed_references(struct convert_ctx *ctx)
{
	struct elf *elf = ctx->elf;
	char place[1024];
	size_t i, j;

	for (i = 1; i < elf->nr_secs; i++) {
		struct section *rsec = elf->secs[i];

		if (rsec->removed || !is_rela_section(rsec))
			continue;
		for (j = 0; j < rsec->nr_relas; j++) {
			struct rela *r = &rsec->relas[j];

			if (!r->sym->removed)
				continue;
			if (!(rsec->base->sh.sh_flags & SHF_ALLOC)) {
				r->type = ctx->arch->none_type;
				r->sym = &elf->syms[0];
				r->addend = 0;
				continue;
			}
			describe_place(elf, rsec->base, r->offset, place, sizeof(place));
			klp_error(elf->path, "%s: refers to the KLP_MODULE_RELOC() annotation array, which is removed from the output; annotations must not be used by code",
				  place);
		}
	}
}

void rename_symbols(struct convert_ctx *ctx)
{
	struct elf *elf = ctx->elf;
	size_t i;

	for (i = 1; i < elf->nr_syms; i++) {
		struct symbol *sym = &elf->syms[i];
		const struct klp_decision *d = &ctx->dec[i];

		if (!d->convert || sym->sym.st_shndx == SHN_LIVEPATCH)
			continue;
		symbol_rename(sym, klp_sym_format(d->obj,
						  d->real_name ? d->real_name : sym->name,
						  d->pos));
		sym->sym.st_shndx = SHN_LIVEPATCH;
	}
}
