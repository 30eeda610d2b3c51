// SPDX-License-Identifier: GPL-2.0
/*
 * verify and audit: the converted livepatch module, its livepatch symbols
 * with the relocations using them, its conversion record and klp_funcs.
 */
#include <stdlib.h>
#include <string.h>
#include "../../include/uapi/linux/livepatch.h"
#include "verify-internal.h"

static bool section_obj(const struct section *sec, char *obj, size_t size)
{
	size_t len;
	const char *p = klp_rela_obj(sec->name, &len);

	if (!p || len >= size)
		return false;
	memcpy(obj, p, len);
	obj[len] = '\0';
	return true;
}

static void note_use(struct module_info *m, struct entry *e,
		     const struct section *rsec, const struct rela *r)
{
	const struct section *base = rsec->base;
	enum reloc_use use;

	if (!e->nr_relocs++) {
		e->first_rsec = rsec;
		e->first_off = r->offset;
	}
	if (!m->elf->arch->reloc_use || !base)
		return;
	use = m->elf->arch->reloc_use(r->type, base->buf, base->size, r->offset,
				      base->sh.sh_flags & SHF_EXECINSTR);
	e->called |= use == RELOC_USE_CALL;
	e->loaded |= use == RELOC_USE_LOAD;
}

/* Relocations naming livepatch symbols, in and out of .klp.rela sections */
static void scan_relocations(struct module_info *m)
{
	char obj[KLP_OBJNAME_MAX + 1];
	size_t i, j;

	for (i = 1; i < m->elf->nr_secs; i++) {
		const struct section *rsec = m->elf->secs[i];
		bool klp = is_klp_rela_section(rsec);

		if (!is_rela_section(rsec))
			continue;
		if (klp && !section_obj(rsec, obj, sizeof(obj)))
			obj[0] = '\0';
		for (j = 0; j < rsec->nr_relas; j++) {
			const struct symbol *sym = rsec->relas[j].sym;
			struct entry *e = sym ? m->by_sym[sym->idx] : NULL;

			if (!e)
				continue;
			note_use(m, e, rsec, &rsec->relas[j]);
			if (!klp)
				e->normal_in = rsec->name;
			else if (!e->malformed && strcmp(obj, "vmlinux") &&
				 !strcmp(e->n.obj, "vmlinux"))
				e->vmlinux_in = rsec->name;
		}
	}
}

static void read_intents(struct module_info *m)
{
	const struct section *sec = find_section_by_name(m->elf, KLP_INTENT_SECTION);

	if (!sec)
		return;
	if (sec->sh.sh_type == SHT_PROGBITS &&
	    !(sec->sh.sh_flags & SHF_COMPRESSED) &&
	    klp_intents_parse(sec->buf, sec->size, &m->intents)) {
		m->have_intents = true;
		return;
	}
	klp_error(m->elf->path, "section %s is not a klp-convert conversion record; it is ignored",
		  KLP_INTENT_SECTION);
}

/*
 * The livepatch core writes the relocations of the objects the patch has
 * a klp_object for, and of no other: those of an entry of another object
 * are never written (a kernel with klp-convert's series refuses the patch
 * instead).  Known only where the klp_objects were found.
 */
static void mark_undeclared(struct module_info *m)
{
	size_t i, j;

	for (i = 0; m->funcs.nr && i < m->nr_entries; i++) {
		struct entry *e = &m->entries[i];

		if (e->malformed)
			continue;
		e->undeclared = true;
		for (j = 0; j < m->funcs.nr; j++)
			if (!strcmp(m->funcs.v[j].obj, e->n.obj))
				e->undeclared = false;
	}
}

int read_livepatch(const char *path, struct module_info *m)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	m->elf = elf_open_read(path);
	if (!m->elf)
		return -1;
	m->by_sym = xcalloc(m->elf->nr_syms, sizeof(*m->by_sym));
	m->entries = xcalloc(m->elf->nr_syms, sizeof(*m->entries));
	for (i = 1; i < m->elf->nr_syms; i++) {
		const struct symbol *sym = &m->elf->syms[i];
		struct entry *e;

		if (sym->sym.st_shndx != SHN_LIVEPATCH)
			continue;
		e = &m->entries[m->nr_entries++];
		e->sym = sym;
		e->malformed = !klp_sym_parse(sym->name, &e->n);
		m->by_sym[i] = e;
	}
	scan_relocations(m);
	read_intents(m);
	place_index_init(m->elf, &m->places);
	klp_find_funcs(m->elf, &m->funcs);
	mark_undeclared(m);
	for (i = 0; m->have_intents && i < m->nr_entries; i++) {
		struct entry *e = &m->entries[i];

		if (!e->malformed)
			e->intent = klp_intents_find(&m->intents, e->n.obj,
						     e->n.name, e->n.pos);
	}
	return 0;
}

void free_livepatch(struct module_info *m)
{
	size_t i;

	for (i = 0; i < m->nr_entries; i++)
		if (!m->entries[i].malformed)
			klp_sym_name_free(&m->entries[i].n);
	free(m->entries);
	free(m->by_sym);
	klp_intents_free(&m->intents);
	place_index_free(&m->places);
	klp_func_refs_free(&m->funcs);
	elf_close(m->elf);
}

/*
 * Undefined symbols the module loader resolves through exports (not the
 * ones its architecture code resolves itself, such as .TOC.)
 */
bool is_export_ref(const struct elf *elf, const struct symbol *sym)
{
	unsigned int bind = GELF_ST_BIND(sym->sym.st_info);

	return sym->sym.st_shndx == SHN_UNDEF && sym->name[0] &&
	       (bind == STB_GLOBAL || bind == STB_WEAK) &&
	       !arch_is_loader_symbol(elf->arch, sym->name);
}

void want_module_names(struct symdb *db, const struct module_info *m)
{
	size_t i;

	for (i = 0; i < m->nr_entries; i++)
		if (!m->entries[i].malformed)
			symdb_want(db, m->entries[i].n.name);
	for (i = 1; i < m->elf->nr_syms; i++)
		if (is_export_ref(m->elf, &m->elf->syms[i]) && !m->by_sym[i])
			symdb_want(db, m->elf->syms[i].name);
	for (i = 0; i < m->funcs.nr; i++)
		symdb_want(db, m->funcs.v[i].name);
}
