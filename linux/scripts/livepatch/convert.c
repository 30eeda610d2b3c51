// SPDX-License-Identifier: GPL-2.0
/*
 * Decisions and the building of .klp.rela sections.
 *
 * Each undefined symbol either stays a normal relocation target (vmlinux
 * exports, weak symbols nobody defines) or becomes a livepatch symbol
 * .klp.sym.<obj>.<name>,<pos> that the kernel resolves through kallsyms
 * (kernel/livepatch/core.c).  Then every relocation naming such a symbol
 * moves to .klp.rela.<obj>.<target section>: a normal relocation would
 * be applied by the module loader with a value of zero, silently.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "../../include/uapi/linux/livepatch.h"
#include "convert.h"
#include "klp-funcs.h"
#include "klp-intent.h"
#include "klp-sym.h"

#define MODINFO_LIVEPATCH	"livepatch="

static int check_livepatch_module(struct convert_ctx *ctx)
{
	const struct section *sec = find_section_by_name(ctx->elf, ".modinfo");
	const char *p, *end;

	if (sec && sec->buf && sec->sh.sh_type != SHT_NOBITS) {
		p = sec->buf;
		end = p + sec->size;
		while (p < end) {
			if ((size_t)(end - p) >= strlen(MODINFO_LIVEPATCH) &&
			    !strncmp(p, MODINFO_LIVEPATCH, strlen(MODINFO_LIVEPATCH)))
				return 0;
			p = memchr(p, '\0', end - p);
			if (!p)
				break;
			p++;
		}
	}
	klp_error(ctx->elf->path, "not a livepatch module: .modinfo has no 'livepatch=' tag; add MODULE_INFO(livepatch, \"Y\");");
	return -1;
}

static const char *wanted_name(const struct convert_ctx *ctx,
			       const struct symbol *sym)
{
	const struct klp_decision *d = &ctx->dec[sym->idx];

	return d->real_name ? d->real_name : sym->name;
}

static bool is_candidate(const struct symbol *sym)
{
	unsigned int bind = GELF_ST_BIND(sym->sym.st_info);

	return !sym->removed && sym->sym.st_shndx == SHN_UNDEF && sym->name[0] &&
	       (bind == STB_GLOBAL || bind == STB_WEAK);
}

static void collect_wanted_names(struct convert_ctx *ctx)
{
	size_t i;

	for (i = 1; i < ctx->elf->nr_syms; i++)
		if (is_candidate(&ctx->elf->syms[i]))
			symdb_want(ctx->db, wanted_name(ctx, &ctx->elf->syms[i]));
}

/* All relocations naming the symbol, for error messages */
static void report_places(struct convert_ctx *ctx, const struct symbol *sym)
{
	struct elf *elf = ctx->elf;
	unsigned int n = 0;
	char place[1024];
	size_t i, j;

	for (i = 1; i < elf->nr_secs && !klp_error_muted(); i++) {
		const struct section *rsec = elf->secs[i];

		if (rsec->removed || !is_rela_section(rsec))
			continue;
		for (j = 0; j < rsec->nr_relas && !klp_error_muted(); j++) {
			if (rsec->relas[j].sym != sym)
				continue;
			describe_place(elf, rsec->base, rsec->relas[j].offset,
				       place, sizeof(place));
			klp_error(elf->path, "  referenced at %s", place);
			n++;
		}
	}
	if (!n)
		klp_error(elf->path, "  (not referenced by any relocation)");
}

/* at most this many candidates of an ambiguous name are listed */
#define MAX_CANDIDATES	20

static bool in_scope(const struct convert_ctx *ctx, const struct symobj *obj)
{
	size_t i;

	for (i = 0; i < ctx->nr_scope; i++)
		if (ctx->scope[i] == obj)
			return true;
	return false;
}

/* the candidates of sn; only those of the declared objects if in_scope_only */
static void report_candidates_of(struct convert_ctx *ctx,
				 const struct symname *sn, bool in_scope_only)
{
	unsigned int i, n = 0, shown = 0;
	char addr[32];

	for (i = 0; i < sn->nr_recs; i++) {
		const struct symrec *r = &sn->recs[i];

		if (in_scope_only && !in_scope(ctx, r->obj))
			continue;
		if (n++ >= MAX_CANDIDATES)
			continue;
		shown++;
		addr[0] = '\0';
		if (r->addr)
			snprintf(addr, sizeof(addr), " at 0x%llx", r->addr);
		klp_error(ctx->elf->path, "  candidate %s,%u: %c%s%s %s (%.*s)%s",
			  r->obj->name, r->pos, r->type,
			  r->exported ? " exported" : "",
			  r->init ? " init" : "", sn->name,
			  r->file ? (int)r->file_len : 7,
			  r->file ? r->file : "unknown", addr);
	}
	if (n > shown)
		klp_error(ctx->elf->path, "  ... and %u more candidates",
			  n - shown);
}

static void report_candidates(struct convert_ctx *ctx, const struct symname *sn)
{
	report_candidates_of(ctx, sn, false);
}

static void fail(struct convert_ctx *ctx, const struct symbol *sym)
{
	ctx->dec[sym->idx].failed = true;
}

static void error_not_found(struct convert_ctx *ctx, const struct symbol *sym,
			    const char *name)
{
	klp_error(ctx->elf->path, "undefined symbol '%s' is neither exported by vmlinux nor listed in %s",
		  name, ctx->symbols_path);
	report_places(ctx, sym);
	klp_error(ctx->elf->path, "  check the spelling, that the object defining '%s' is built (and in %s), or name its object with KLP_RELOC_SYMBOL_POS()",
		  name, ctx->symbols_path);
	fail(ctx, sym);
}

static void error_ambiguous(struct convert_ctx *ctx, const struct symbol *sym,
			    const struct symname *sn, const char *why)
{
	const struct symrec *last = &sn->recs[sn->nr_recs - 1];

	klp_error(ctx->elf->path, "symbol '%s' is ambiguous: %s", sn->name, why);
	report_candidates(ctx, sn);
	report_places(ctx, sym);
	klp_error(ctx->elf->path, "  say which one is meant, e.g. KLP_RELOC_SYMBOL_POS(%s, %s, %s, %u) on its declaration, or KLP_SYMPOS(%s, %u) in KLP_MODULE_RELOC(%s)",
		  last->obj->name, last->obj->name, sn->name, last->pos,
		  sn->name, last->pos, last->obj->name);
	fail(ctx, sym);
}

static bool valid_klp_names(struct convert_ctx *ctx, const struct symbol *sym,
			    const char *obj, const char *name)
{
	if (strlen(obj) > KLP_OBJNAME_MAX || strchr(obj, '.')) {
		klp_error(ctx->elf->path, "symbol '%s': object name '%s' cannot be used by the kernel (at most %d characters, no '.')",
			  name, obj, KLP_OBJNAME_MAX);
	} else if (strlen(name) > KLP_SYMNAME_MAX || strchr(name, ',')) {
		klp_error(ctx->elf->path, "symbol '%.64s...' cannot be used by the kernel: livepatch symbol names have at most %d characters and no ','",
			  name, KLP_SYMNAME_MAX);
	} else {
		return true;
	}
	report_places(ctx, sym);
	fail(ctx, sym);
	return false;
}

/* r: the record of sn the symbol binds to */
static void accept(struct convert_ctx *ctx, const struct symbol *sym,
		   const char *obj, unsigned long pos, const char *rule,
		   const struct symname *sn, const struct symrec *r)
{
	struct klp_decision *d = &ctx->dec[sym->idx];
	const char *name = wanted_name(ctx, sym);
	unsigned int count, core;

	if (!valid_klp_names(ctx, sym, obj, name))
		return;
	d->convert = true;
	d->obj = xstrdup(obj);
	d->pos = pos;
	d->sealed = r->sealed && symobj_is_vmlinux(r->obj);
	d->rule = rule;
	symname_pick(sn, r->obj, 0, false, &count);
	symname_pick(sn, r->obj, 0, true, &core);
	d->intent = klp_intent_line(obj, name, pos, r->type, r->file,
				    r->file_len, count, core);
}

/*
 * A loading module is searched in its full symbol table, a live one in
 * its core symbol table (kernel/module/kallsyms.c): the position must be
 * the same in both or the kernel resolves different symbols.
 */
static bool module_position_ok(struct convert_ctx *ctx, const struct symbol *sym,
			       const struct symrec *r, unsigned long pos,
			       const char *name)
{
	if (r->init) {
		klp_error(ctx->elf->path, "symbol '%s' of module '%s' is an init or non-ALLOC symbol: it is in kallsyms only while '%s' loads, so the relocation fails once it is live; reference a symbol that stays after init",
			  name, r->obj->name, r->obj->name);
	} else if (pos && r->core_pos != pos) {
		klp_error(ctx->elf->path, "symbol '%s' of module '%s' is number %lu in the full symbol table (used while '%s' loads) but number %u in its core symbol table (used once it is live), because same-named init symbols precede it; patch a non-init symbol or rename one of them",
			  name, r->obj->name, pos, r->obj->name, r->core_pos);
	} else {
		return true;
	}
	report_places(ctx, sym);
	fail(ctx, sym);
	return false;
}

static void decide_annotated(struct convert_ctx *ctx, const struct symbol *sym)
{
	const struct klp_decision *d = &ctx->dec[sym->idx];
	const char *name = wanted_name(ctx, sym);
	const struct symname *sn = symdb_lookup(ctx->db, name);
	const struct symobj *obj = symdb_find_object(ctx->db, d->annot_obj);
	const char *form = d->annot == ANNOT_SYMPOS ? "KLP_SYMPOS" :
				"KLP_RELOC_SYMBOL_POS";
	const struct symrec *r = NULL;
	unsigned int count = 0;
	char *msg;

	if (sn && obj)
		r = symname_pick(sn, obj, d->annot_pos, false, &count);
	if (!count || d->annot_pos > count || (!d->annot_pos && count > 1)) {
		if (!count)
			msg = xasprintf("%s annotation: '%s' is not a symbol of '%s' in %s",
					form, name, d->annot_obj, ctx->symbols_path);
		else if (d->annot_pos)
			msg = xasprintf("%s annotation: '%s' has no position %lu in '%s' (valid: 1..%u)",
					form, name, d->annot_pos, d->annot_obj, count);
		else
			msg = xasprintf("%s annotation: position 0 requires '%s' to be unique in '%s', it appears %u times (valid: 1..%u)",
					form, name, d->annot_obj, count, count);
		klp_error(ctx->elf->path, "%s", msg);
		free(msg);
		if (sn)
			report_candidates(ctx, sn);
		report_places(ctx, sym);
		fail(ctx, sym);
		return;
	}
	if (!symobj_is_vmlinux(obj) &&
	    !module_position_ok(ctx, sym, r, d->annot_pos, name))
		return;
	accept(ctx, sym, d->annot_obj, d->annot_pos,
	       d->annot == ANNOT_SYMPOS ? "KLP_SYMPOS annotation" :
					  "KLP_RELOC_SYMBOL_POS annotation",
	       sn, r);
}

/* "vmlinux, minix": the objects the patch declares, for messages */
static char *scope_list(const struct convert_ctx *ctx)
{
	char *list = xstrdup(""), *next;
	size_t i;

	for (i = 0; i < ctx->nr_scope_names; i++) {
		next = xasprintf("%s%s%s", list, i ? ", " : "",
				 ctx->scope_names[i]);
		free(list);
		list = next;
	}
	return list;
}

/*
 * The kernel applies a .klp.rela section only for an object the patch
 * declares: a name defined only elsewhere cannot be bound.
 */
static void error_out_of_scope(struct convert_ctx *ctx,
			       const struct symbol *sym,
			       const struct symname *sn)
{
	char *list = scope_list(ctx);

	klp_error(ctx->elf->path, "symbol '%s' is not defined in the objects this livepatch patches (%s): the kernel applies a livepatch's relocations only for its patched objects",
		  sn->name, list);
	report_candidates(ctx, sn);
	report_places(ctx, sym);
	klp_error(ctx->elf->path, "  add a klp_object for '%s' to the patch, or do not reference '%s'",
		  sn->recs[0].obj->name, sn->name);
	free(list);
	fail(ctx, sym);
}

/* whether the records of sn in the patched objects are all of one object */
static bool one_object_in_scope(const struct convert_ctx *ctx,
				const struct symname *sn)
{
	const struct symobj *obj = NULL;
	unsigned int i;

	for (i = 0; i < sn->nr_recs; i++) {
		if (!in_scope(ctx, sn->recs[i].obj))
			continue;
		if (obj && obj != sn->recs[i].obj)
			return false;
		obj = sn->recs[i].obj;
	}
	return true;
}

/*
 * A plain name resolves among the objects the patch declares, when they
 * are known: at a distribution's scale (thousands of modules) most names
 * that are unique in the object a patch means are also defined somewhere
 * it cannot bind to anyway.
 */
static const struct symrec *pick_in_scope(struct convert_ctx *ctx,
					  const struct symbol *sym,
					  const struct symname *sn)
{
	const struct symrec *found = NULL;
	unsigned int i, n = 0;
	char *why, *list;

	for (i = 0; i < sn->nr_recs; i++)
		if (in_scope(ctx, sn->recs[i].obj)) {
			found = &sn->recs[i];
			n++;
		}
	if (n == 1)
		return found;
	if (!n) {
		error_out_of_scope(ctx, sym, sn);
		return NULL;
	}
	list = scope_list(ctx);
	if (one_object_in_scope(ctx, sn))
		why = xasprintf("'%s' defines it %u times", found->obj->name, n);
	else
		why = xasprintf("the objects this livepatch patches (%s) define it %u times",
				list, n);
	klp_error(ctx->elf->path, "symbol '%s' is ambiguous: %s", sn->name, why);
	report_candidates_of(ctx, sn, true);
	report_places(ctx, sym);
	klp_error(ctx->elf->path, "  say which one is meant, e.g. KLP_RELOC_SYMBOL_POS(%s, %s, %s, %u) on its declaration, or KLP_SYMPOS(%s, %u) in KLP_MODULE_RELOC(%s)",
		  found->obj->name, found->obj->name, sn->name, found->pos,
		  sn->name, found->pos, found->obj->name);
	free(why);
	free(list);
	fail(ctx, sym);
	return NULL;
}

static void decide_by_list(struct convert_ctx *ctx, struct symbol *sym)
{
	const struct symname *sn = symdb_lookup(ctx->db, sym->name);
	struct klp_decision *d = &ctx->dec[sym->idx];
	const struct symrec *r;

	if (!sn) {
		if (GELF_ST_BIND(sym->sym.st_info) != STB_WEAK)
			error_not_found(ctx, sym, sym->name);
		return;
	}
	if (sn->vmlinux_export)
		return;
	r = &sn->recs[0];
	if (ctx->scope_known) {
		r = pick_in_scope(ctx, sym, sn);
		if (!r)
			return;
	} else if (sn->multi_obj) {
		error_ambiguous(ctx, sym, sn, "it is defined in several objects");
		return;
	} else if (sn->nr_recs > 1) {
		char *why = xasprintf("'%s' defines it %u times", r->obj->name,
				      sn->nr_recs);

		error_ambiguous(ctx, sym, sn, why);
		free(why);
		return;
	}
	if (!symobj_is_vmlinux(r->obj) && !module_position_ok(ctx, sym, r, 0, sym->name))
		return;
	d->rule_buf = xasprintf(ctx->scope_known ? "unique in %s among the patched objects" :
				"unique in %s", r->obj->name);
	accept(ctx, sym, r->obj->name, 0, d->rule_buf, sn, r);
}

/*
 * The patch's klp_objects (klp-funcs.c): every klp_object has a funcs
 * array (klp_init_patch_early() refuses one without), so the objects of
 * the klp_funcs found are all the patch declares.
 */
static void find_scope(struct convert_ctx *ctx)
{
	struct klp_func_refs funcs;
	size_t i, j;

	klp_find_funcs(ctx->elf, &funcs);
	ctx->scope = xcalloc(funcs.nr + 1, sizeof(*ctx->scope));
	ctx->scope_names = xcalloc(funcs.nr + 1, sizeof(*ctx->scope_names));
	for (i = 0; i < funcs.nr; i++) {
		const struct symobj *obj;

		for (j = 0; j < ctx->nr_scope_names; j++)
			if (!strcmp(ctx->scope_names[j], funcs.v[i].obj))
				break;
		if (j < ctx->nr_scope_names)
			continue;
		ctx->scope_names[ctx->nr_scope_names++] = xstrdup(funcs.v[i].obj);
		obj = symdb_find_object(ctx->db, funcs.v[i].obj);
		if (obj)
			ctx->scope[ctx->nr_scope++] = obj;
	}
	ctx->scope_known = funcs.nr > 0;
	klp_func_refs_free(&funcs);
}

/* .klp.sym.<obj>.<name>,<pos>, as kernel/livepatch/core.c parses it */
static void decide_existing(struct convert_ctx *ctx, const struct symbol *sym)
{
	struct klp_decision *d = &ctx->dec[sym->idx];
	struct klp_sym_name n;

	if (!klp_sym_parse(sym->name, &n)) {
		klp_error(ctx->elf->path, "livepatch symbol '%s' has a malformed name; expected %s<object>.<symbol>,<position> (object: 1 to %d characters, symbol: 1 to %d, position: decimal digits)",
			  sym->name, KLP_SYM_PREFIX, KLP_OBJNAME_MAX, KLP_SYMNAME_MAX);
		fail(ctx, sym);
		return;
	}
	d->convert = true;
	d->obj = n.obj;
	d->pos = n.pos;
	free(n.name);
	d->rule = "already a livepatch symbol";
}

static void decide_symbols(struct convert_ctx *ctx)
{
	struct elf *elf = ctx->elf;
	size_t i;

	for (i = 1; i < elf->nr_syms; i++) {
		struct symbol *sym = &elf->syms[i];
		struct klp_decision *d = &ctx->dec[i];

		if (sym->removed || d->failed)
			continue;
		if (sym->sym.st_shndx == SHN_LIVEPATCH) {
			decide_existing(ctx, sym);
			continue;
		}
		if (!is_candidate(sym) || find_global_definition(elf, sym->name))
			continue;
		if (d->annot)
			decide_annotated(ctx, sym);
		else if (!arch_is_loader_symbol(ctx->arch, sym->name))
			decide_by_list(ctx, sym);
	}
}

static void convert_ctx_free(struct convert_ctx *ctx)
{
	size_t i;

	for (i = 0; ctx->dec && i < ctx->elf->nr_syms; i++) {
		free(ctx->dec[i].annot_obj);
		free(ctx->dec[i].real_name);
		free(ctx->dec[i].obj);
		free(ctx->dec[i].rule_buf);
		free(ctx->dec[i].intent);
	}
	free(ctx->dec);
	for (i = 0; i < ctx->nr_klp_secs; i++)
		free(ctx->klp_secs[i].obj);
	free(ctx->klp_secs);
	for (i = 0; i < ctx->nr_scope_names; i++)
		free(ctx->scope_names[i]);
	free(ctx->scope_names);
	free(ctx->scope);
	symdb_free(ctx->db);
}

/*
 * The output replaces a directory entry (elf_write() renames into place):
 * never one of the inputs, under any name.
 */
static int check_output_path(const struct convert_ctx *ctx, const char *out_path)
{
	struct stat st;

	if (stat(out_path, &st))
		return 0;
	if (st.st_dev == ctx->elf->dev && st.st_ino == ctx->elf->ino) {
		klp_error(out_path, "output is the input file %s; write to another file (the input is never modified)",
			  ctx->elf->path);
		return -1;
	}
	if (st.st_dev == ctx->db->dev && st.st_ino == ctx->db->ino) {
		klp_error(out_path, "output is the symbol list %s; write to another file",
			  ctx->symbols_path);
		return -1;
	}
	return 0;
}

/*
 * The conversion record (klp-intent.h): the lines of an earlier
 * conversion of this module, if any, then those of the symbols converted
 * now, in symbol table order.
 */
static void record_intent(struct convert_ctx *ctx)
{
	struct section *sec = find_section_by_name(ctx->elf, KLP_INTENT_SECTION);
	size_t i, size = 0, alloc = 0, len;
	char *buf = NULL;

	for (i = 1; i < ctx->elf->nr_syms; i++) {
		const char *line = ctx->dec[i].intent;

		if (!line)
			continue;
		if (!size && sec && sec->size) {
			buf = xmalloc(sec->size);
			memcpy(buf, sec->buf, sec->size);
			size = sec->size;
		} else if (!size) {
			buf = xstrdup(KLP_INTENT_HEADER);
			size = strlen(buf);
		}
		len = strlen(line);
		ARRAY_RESERVE(buf, size, alloc, len, 4096);
		memcpy(buf + size, line, len);
		size += len;
	}
	if (!buf)
		return;
	if (!sec)
		sec = section_add_data(ctx->elf, KLP_INTENT_SECTION);
	section_set_data(sec, buf, size);
}

/* an earlier conversion's record is extended, so it must be one */
static int check_intent_section(const struct convert_ctx *ctx)
{
	const struct section *sec = find_section_by_name(ctx->elf, KLP_INTENT_SECTION);
	struct klp_intents in;

	if (!sec)
		return 0;
	if (sec->sh.sh_type == SHT_PROGBITS &&
	    !(sec->sh.sh_flags & (SHF_ALLOC | SHF_COMPRESSED)) &&
	    klp_intents_parse(sec->buf, sec->size, &in)) {
		klp_intents_free(&in);
		return 0;
	}
	klp_error(ctx->elf->path, "section %s is not a klp-convert conversion record; remove it (objcopy --remove-section)",
		  KLP_INTENT_SECTION);
	return -1;
}

static int convert(struct convert_ctx *ctx, const char *out_path)
{
	struct elf *elf = ctx->elf;
	int ret = 0;

	if (check_livepatch_module(ctx) || check_intent_section(ctx))
		return -1;
	ctx->dec = xcalloc(elf->nr_syms, sizeof(*ctx->dec));
	/* keep going after errors: report everything in one run */
	if (read_annotations(ctx))
		ret = -1;
	ctx->db = symdb_new(ctx->symbols_path, elf->nr_syms);
	collect_wanted_names(ctx);
	if (symdb_load(ctx->db) || check_output_path(ctx, out_path))
		return -1;
	find_scope(ctx);
	decide_symbols(ctx);
	move_relocations(ctx);
	drop_removed_references(ctx);
	if (ret || klp_error_count())
		return -1;
	rename_symbols(ctx);
	record_intent(ctx);
	return elf_write(elf, out_path);
}

int klp_convert(const char *symbols_path, const char *in_path,
		const char *out_path, bool verbose)
{
	struct convert_ctx ctx = {
		.symbols_path = symbols_path,
		.verbose = verbose,
	};
	int ret;

	klp_error_reset();
	elf_version(EV_CURRENT);
	ctx.elf = elf_open_read(in_path);
	if (!ctx.elf) {
		klp_error_summary(in_path);
		return -1;
	}
	ctx.arch = ctx.elf->arch;
	ret = convert(&ctx, out_path);
	klp_error_summary(in_path);
	convert_ctx_free(&ctx);
	elf_close(ctx.elf);
	return ret;
}
