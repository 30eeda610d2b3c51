// SPDX-License-Identifier: GPL-2.0
/*
 * The functions a livepatch module replaces, found in its static data:
 * struct klp_object { const char *name; struct klp_func *funcs; ... }
 * and struct klp_func { const char *old_name; void *new_func;
 * unsigned long old_sympos; ... } (include/linux/livepatch.h), which
 * the livepatch core resolves with klp_find_object_symbol() as it does
 * livepatch symbols.
 *
 * Their sizes depend on the kernel configuration (struct kobject), so
 * they are found by their relocations instead: a klp_func starts where
 * an address-sized slot points into a string and the next one to a
 * function of the module; a klp_object is where the slot after a
 * string pointer (or a NULL name: vmlinux) points to such a klp_func.
 * Only the fields before the configuration-dependent ones are read.
 */
#include <stdlib.h>
#include <string.h>
#include "klp-funcs.h"
#include "util.h"

/* An address-sized relocation of a data section: the pointer at (sec, off) */
struct slot {
	const struct section *sec;
	GElf_Addr off;
	const struct symbol *sym;
	GElf_Sxword addend;
};

struct slots {
	struct slot *v;
	size_t nr;
	size_t alloc;
};

static int cmp_slot(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->sec->idx != y->sec->idx)
		return x->sec->idx < y->sec->idx ? -1 : 1;
	return (x->off > y->off) - (x->off < y->off);
}

static void collect_slots(const struct elf *elf, struct slots *s)
{
	size_t i, j;

	memset(s, 0, sizeof(*s));
	for (i = 1; i < elf->nr_secs; i++) {
		const struct section *rsec = elf->secs[i];

		if (!is_rela_section(rsec) || is_klp_rela_section(rsec) ||
		    !rsec->base || (rsec->base->sh.sh_flags & SHF_EXECINSTR))
			continue;
		for (j = 0; j < rsec->nr_relas; j++) {
			const struct rela *r = &rsec->relas[j];

			if (r->type != elf->arch->abs64_type || !r->sym)
				continue;
			ARRAY_GROW(s->v, s->nr, s->alloc, 64);
			s->v[s->nr++] = (struct slot) {
				rsec->base, r->offset, r->sym, r->addend,
			};
		}
	}
	/* qsort() of NULL, even for 0 entries, is undefined (found by fuzzing) */
	if (s->nr)
		qsort(s->v, s->nr, sizeof(*s->v), cmp_slot);
}

static const struct slot *slot_at(const struct slots *s,
				  const struct section *sec, GElf_Addr off)
{
	struct slot key = { .sec = sec, .off = off };

	return s->nr ? bsearch(&key, s->v, s->nr, sizeof(*s->v), cmp_slot) : NULL;
}

/* where a slot points: a section and an offset in it */
static bool target_of(const struct slot *sl, const struct section **sec,
		      GElf_Addr *off)
{
	const struct symbol *sym = sl->sym;

	if (!sym->sec || sym->sym.st_shndx == SHN_UNDEF)
		return false;
	*sec = sym->sec;
	*off = sym->sym.st_value + sl->addend;
	return true;
}

/* a NUL-terminated string of a loaded, uncompressed section */
static const char *string_at(const struct slot *sl)
{
	const struct section *sec;
	const char *p;
	GElf_Addr off;

	if (!sl || !target_of(sl, &sec, &off) || !sec->buf ||
	    sec->sh.sh_type == SHT_NOBITS ||
	    (sec->sh.sh_flags & (SHF_COMPRESSED | SHF_EXECINSTR)) ||
	    off >= sec->size)
		return NULL;
	p = (const char *)sec->buf + off;
	if (!memchr(p, '\0', sec->size - off) || !*p)
		return NULL;
	return p;
}

static bool is_function(const struct slot *sl)
{
	const struct section *sec;
	GElf_Addr off;

	if (!sl || !target_of(sl, &sec, &off))
		return false;
	return GELF_ST_TYPE(sl->sym->sym.st_info) == STT_FUNC ||
	       (sec->sh.sh_flags & SHF_EXECINSTR);
}

static bool read_ulong(const struct elf *elf, const struct section *sec,
		       GElf_Addr off, unsigned long *val)
{
	unsigned int lo, hi;
	bool msb = elf->ehdr.e_ident[EI_DATA] == ELFDATA2MSB;

	if (sec->sh.sh_flags & SHF_COMPRESSED)
		return false;
	if (elf->ehdr.e_ident[EI_CLASS] != ELFCLASS64) {
		if (!section_read_u32(elf, sec, off, &lo))
			return false;
		*val = lo;
		return true;
	}
	if (!section_read_u32(elf, sec, off, msb ? &hi : &lo) ||
	    !section_read_u32(elf, sec, off + 4, msb ? &lo : &hi))
		return false;
	*val = (unsigned long)hi << 32 | lo;
	return true;
}

static bool is_func_start(const struct slots *s, const struct section *sec,
			  GElf_Addr off, unsigned int ptr)
{
	return string_at(slot_at(s, sec, off)) &&
	       is_function(slot_at(s, sec, off + ptr));
}

static void add_func(struct klp_func_refs *out, const char *obj,
		     const char *name, unsigned long pos,
		     const struct section *sec, GElf_Addr off)
{
	struct klp_func_ref *f;

	ARRAY_GROW(out->v, out->nr, out->alloc, 8);
	f = &out->v[out->nr++];
	f->obj = xstrdup(obj);
	f->name = xstrdup(name);
	f->sympos = pos;
	f->sec = sec;
	f->off = off;
}

/* the end of the data object (a sized symbol) that holds (sec, off), or 0 */
static GElf_Addr object_end(const struct elf *elf, const struct section *sec,
			    GElf_Addr off)
{
	size_t i;

	for (i = 1; i < elf->nr_syms; i++) {
		const GElf_Sym *sym = &elf->syms[i].sym;

		if (elf->syms[i].sec == sec && GELF_ST_TYPE(sym->st_info) == STT_OBJECT &&
		    sym->st_value <= off && off - sym->st_value < sym->st_size)
			return sym->st_value + sym->st_size;
	}
	return 0;
}

/*
 * The klp_funcs of the array at (sec, start), up to the terminating
 * empty entry.  The stride is the distance of the first two entries,
 * both within the array's symbol; without that symbol (or a second
 * entry) only the first entry is known.
 */
static void add_array(const struct elf *elf, const struct slots *s,
		      const char *obj, const struct section *sec,
		      GElf_Addr start, struct klp_func_refs *out)
{
	unsigned int ptr = elf->ehdr.e_ident[EI_CLASS] == ELFCLASS64 ? 8 : 4;
	GElf_Addr off = start, stride = 0, end = object_end(elf, sec, start);
	const struct slot *sl;
	unsigned long pos;
	size_t i;

	while (off == start || (stride && off < end)) {
		if (!is_func_start(s, sec, off, ptr) ||
		    !read_ulong(elf, sec, off + 2 * ptr, &pos))
			break;
		add_func(out, obj, string_at(slot_at(s, sec, off)), pos, sec, off);
		if (stride) {
			off += stride;
			continue;
		}
		/* the first func start of the array after this entry's fields */
		sl = slot_at(s, sec, off);
		for (i = sl - s->v + 1; i < s->nr && s->v[i].sec == sec &&
		     s->v[i].off < end; i++)
			if (s->v[i].off >= off + 3 * ptr &&
			    is_func_start(s, sec, s->v[i].off, ptr))
				break;
		if (i >= s->nr || s->v[i].sec != sec || s->v[i].off >= end)
			break;
		stride = s->v[i].off - off;
		off += stride;
	}
}

void klp_find_funcs(const struct elf *elf, struct klp_func_refs *out)
{
	unsigned int ptr = elf->ehdr.e_ident[EI_CLASS] == ELFCLASS64 ? 8 : 4;
	struct slots s;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!elf->arch)
		return;
	collect_slots(elf, &s);
	for (i = 0; i < s.nr; i++) {
		const struct slot *funcs = &s.v[i], *name_slot;
		const struct section *sec;
		const char *obj = "vmlinux";
		unsigned long name;
		GElf_Addr off;

		/* klp_object: .funcs (this slot) after .name */
		if (funcs->off < ptr || !target_of(funcs, &sec, &off) ||
		    !is_func_start(&s, sec, off, ptr))
			continue;
		name_slot = slot_at(&s, funcs->sec, funcs->off - ptr);
		if (name_slot) {
			obj = string_at(name_slot);
			if (!obj)
				continue;
		} else if (!read_ulong(elf, funcs->sec, funcs->off - ptr, &name) ||
			   name) {
			continue;	/* not NULL: not a klp_object */
		}
		add_array(elf, &s, obj, sec, off, out);
	}
	free(s.v);
}

void klp_func_refs_free(struct klp_func_refs *f)
{
	size_t i;

	for (i = 0; i < f->nr; i++) {
		free(f->v[i].obj);
		free(f->v[i].name);
	}
	free(f->v);
	f->v = NULL;
	f->nr = 0;
}
