// SPDX-License-Identifier: GPL-2.0
/*
 * ELF read/model/write layer of klp-convert, on top of libelf.
 *
 * The whole object is read into struct section/struct symbol, edited
 * through pointers, and written back with a fresh layout: sections in
 * order, string tables rebuilt from the (possibly renamed) names, symbol
 * table with locals first.  The layout only depends on the model, so
 * the same input always gives the same bytes and converting an output
 * again reproduces it exactly.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "elf.h"

int htable_init(struct htable *t, size_t expected)
{
	size_t n = 16;

	while (n < expected * 2)
		n <<= 1;
	t->buckets = xcalloc(n, sizeof(*t->buckets));
	t->mask = n - 1;
	return 0;
}

void htable_free(struct htable *t)
{
	free(t->buckets);
	t->buckets = NULL;
}

static int elf_fail(const struct elf *elf, const char *what)
{
	klp_error(elf->path, "%s: %s", what, elf_errmsg(-1));
	return -1;
}

static int read_sections(struct elf *elf, size_t shstrndx)
{
	size_t i;

	elf->secs = xcalloc(elf->nr_secs, sizeof(*elf->secs));
	htable_init(&elf->sec_hash, elf->nr_secs);
	for (i = 0; i < elf->nr_secs; i++) {
		struct section *sec = xcalloc(1, sizeof(*sec));
		Elf_Scn *scn = elf_getscn(elf->elf, i);
		Elf_Data *data;
		const char *name;

		elf->secs[i] = sec;
		sec->idx = i;
		if (!scn || !gelf_getshdr(scn, &sec->sh))
			return elf_fail(elf, "cannot read section header");
		if (i == 0) {
			sec->name = xstrdup("");
			continue;
		}
		name = elf_strptr(elf->elf, shstrndx, sec->sh.sh_name);
		if (!name)
			return elf_fail(elf, "bad section name");
		sec->name = xstrdup(name);
		if (sec->sh.sh_type != SHT_NOBITS &&
		    (sec->sh.sh_offset > elf->file_size ||
		     sec->sh.sh_size > elf->file_size - sec->sh.sh_offset)) {
			klp_error(elf->path, "section %s extends past the end of the file (truncated?)",
				  sec->name);
			return -1;
		}
		data = elf_getdata(scn, NULL);
		if (!data && elf_errno())
			return elf_fail(elf, "cannot read section data");
		if (data) {
			sec->data = data;
			sec->buf = data->d_buf;
			sec->size = data->d_size;
			sec->data_type = data->d_type;
		} else {
			sec->data_type = ELF_T_BYTE;
		}
		htable_add(&elf->sec_hash, &sec->name_node, hash_str(sec->name));
	}
	return 0;
}

static struct section *section_by_index(const struct elf *elf, size_t idx)
{
	if (idx == 0 || idx >= elf->nr_secs)
		return NULL;
	return elf->secs[idx];
}

static int read_symbols(struct elf *elf)
{
	struct section *symtab = NULL;
	size_t i;

	for (i = 1; i < elf->nr_secs; i++) {
		if (elf->secs[i]->sh.sh_type != SHT_SYMTAB)
			continue;
		if (symtab) {
			klp_error(elf->path, "more than one symbol table");
			return -1;
		}
		symtab = elf->secs[i];
	}
	if (!symtab || !symtab->buf) {
		klp_error(elf->path, "no symbol table (stripped?)");
		return -1;
	}
	elf->symtab = symtab;
	elf->strtab = section_by_index(elf, symtab->sh.sh_link);
	if (!elf->strtab || elf->strtab->sh.sh_type != SHT_STRTAB) {
		klp_error(elf->path, "symbol table has no string table");
		return -1;
	}
	if (symtab->data_type != ELF_T_SYM) {
		klp_error(elf->path, "malformed symbol table");
		return -1;
	}
	elf->nr_syms = symtab->sh.sh_size / gelf_fsize(elf->elf, ELF_T_SYM, 1, EV_CURRENT);
	elf->syms = xcalloc(elf->nr_syms ? elf->nr_syms : 1, sizeof(*elf->syms));
	htable_init(&elf->sym_hash, elf->nr_syms);
	for (i = 0; i < elf->nr_syms; i++) {
		struct symbol *sym = &elf->syms[i];

		sym->idx = i;
		if (!gelf_getsym(symtab->data, i, &sym->sym))
			return elf_fail(elf, "cannot read symbol");
		sym->name = elf_strptr(elf->elf, symtab->sh.sh_link, sym->sym.st_name);
		if (!sym->name) {
			klp_error(elf->path, "symbol %zu has a bad name offset", i);
			return -1;
		}
		if (sym->sym.st_shndx == SHN_XINDEX) {
			klp_error(elf->path, "symbol %s: extended section indexes are not supported",
				  sym->name);
			return -1;
		}
		sym->sec = section_by_index(elf, sym->sym.st_shndx);
		if (sym->sym.st_shndx != SHN_UNDEF && sym->sym.st_shndx < SHN_LORESERVE &&
		    !sym->sec) {
			klp_error(elf->path, "symbol %s: bad section index %u",
				  sym->name, sym->sym.st_shndx);
			return -1;
		}
		if (sym->sec && GELF_ST_BIND(sym->sym.st_info) != STB_LOCAL)
			htable_add(&elf->sym_hash, &sym->name_node, hash_str(sym->name));
	}
	return 0;
}

static int read_relocs(struct elf *elf, struct section *sec)
{
	bool rela = sec->sh.sh_type == SHT_RELA;
	Elf_Type type = rela ? ELF_T_RELA : ELF_T_REL;
	size_t i, n;

	sec->base = section_by_index(elf, sec->sh.sh_info);
	if (!sec->base) {
		klp_error(elf->path, "relocation section %s: bad target section index %u",
			  sec->name, sec->sh.sh_info);
		return -1;
	}
	if (sec->sh.sh_link != elf->symtab->idx) {
		klp_error(elf->path, "relocation section %s does not use the symbol table",
			  sec->name);
		return -1;
	}
	if (sec->data_type != type || (sec->size && !sec->data)) {
		klp_error(elf->path, "relocation section %s is malformed", sec->name);
		return -1;
	}
	n = sec->sh.sh_size / gelf_fsize(elf->elf, type, 1, EV_CURRENT);
	sec->relas = xcalloc(n ? n : 1, sizeof(*sec->relas));
	sec->nr_relas = sec->alloc_relas = n;
	for (i = 0; i < n; i++) {
		GElf_Rela r = { 0 };
		GElf_Rel rel;
		size_t symidx;

		if (rela ? !gelf_getrela(sec->data, i, &r) :
			    !gelf_getrel(sec->data, i, &rel))
			return elf_fail(elf, "cannot read relocation");
		if (!rela) {
			r.r_offset = rel.r_offset;
			r.r_info = rel.r_info;
		}
		symidx = elf->ehdr.e_ident[EI_CLASS] == ELFCLASS64 ?
			 GELF_R_SYM(r.r_info) : ELF32_R_SYM(r.r_info);
		if (symidx >= elf->nr_syms) {
			klp_error(elf->path, "%s: relocation %zu names symbol %zu, symbol table has %zu",
				  sec->name, i, symidx, elf->nr_syms);
			return -1;
		}
		sec->relas[i].offset = r.r_offset;
		sec->relas[i].addend = r.r_addend;
		sec->relas[i].type = elf->ehdr.e_ident[EI_CLASS] == ELFCLASS64 ?
				     GELF_R_TYPE(r.r_info) : ELF32_R_TYPE(r.r_info);
		sec->relas[i].sym = &elf->syms[symidx];
	}
	return 0;
}

static int read_links(struct elf *elf)
{
	size_t i;

	for (i = 1; i < elf->nr_secs; i++) {
		struct section *sec = elf->secs[i];

		if (sec->sh.sh_link) {
			sec->link = section_by_index(elf, sec->sh.sh_link);
			if (!sec->link) {
				klp_error(elf->path, "section %s: bad sh_link %u",
					  sec->name, sec->sh.sh_link);
				return -1;
			}
		}
		if (sec->sh.sh_type == SHT_SYMTAB_SHNDX) {
			klp_error(elf->path, "extended section indexes are not supported");
			return -1;
		}
		if (is_rela_section(sec) && read_relocs(elf, sec))
			return -1;
	}
	return 0;
}

struct elf *elf_open_read(const char *path)
{
	struct elf *elf = xcalloc(1, sizeof(*elf));
	size_t shstrndx;
	struct stat st;

	elf->path = path;
	elf->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (elf->fd < 0) {
		klp_error(path, "cannot open: %s", strerror(errno));
		goto fail;
	}
	if (fstat(elf->fd, &st) || !S_ISREG(st.st_mode)) {
		klp_error(path, "not a regular file");
		goto fail;
	}
	elf->file_size = st.st_size;
	elf->elf = elf_begin(elf->fd, ELF_C_READ_MMAP, NULL);
	if (!elf->elf || elf_kind(elf->elf) != ELF_K_ELF) {
		klp_error(path, "not an ELF file");
		goto fail;
	}
	if (!gelf_getehdr(elf->elf, &elf->ehdr)) {
		elf_fail(elf, "cannot read the ELF header");
		goto fail;
	}
	if (elf->ehdr.e_type != ET_REL) {
		klp_error(path, "not a relocatable object (ET_REL); give the linked module .ko");
		goto fail;
	}
	if (elf->ehdr.e_shoff > elf->file_size ||
	    (elf->file_size - elf->ehdr.e_shoff) / (elf->ehdr.e_shentsize ?: 1) <
	    elf->ehdr.e_shnum) {
		klp_error(path, "section headers extend past the end of the file (truncated?)");
		goto fail;
	}
	if (elf_getshdrnum(elf->elf, &elf->nr_secs) ||
	    elf_getshdrstrndx(elf->elf, &shstrndx)) {
		elf_fail(elf, "cannot read the section headers");
		goto fail;
	}
	if (elf->nr_secs >= SHN_LORESERVE) {
		klp_error(path, "too many sections (%zu)", elf->nr_secs);
		goto fail;
	}
	if (read_sections(elf, shstrndx))
		goto fail;
	elf->shstrtab = section_by_index(elf, shstrndx);
	if (!elf->shstrtab) {
		klp_error(path, "no section name string table");
		goto fail;
	}
	if (read_symbols(elf) || read_links(elf))
		goto fail;
	return elf;
fail:
	elf_close(elf);
	return NULL;
}

void elf_close(struct elf *elf)
{
	size_t i;

	if (!elf)
		return;
	for (i = 0; i < elf->nr_secs; i++) {
		struct section *sec = elf->secs[i];

		if (!sec)
			continue;
		if (sec->buf_owned)
			free(sec->buf);
		free(sec->relas);
		free(sec->name);
		free(sec);
	}
	for (i = 0; i < elf->nr_syms; i++)
		if (elf->syms[i].name_owned)
			free(elf->syms[i].name);
	free(elf->secs);
	free(elf->syms);
	htable_free(&elf->sec_hash);
	htable_free(&elf->sym_hash);
	if (elf->elf)
		elf_end(elf->elf);
	if (elf->fd >= 0)
		close(elf->fd);
	free(elf);
}

struct section *find_section_by_name(const struct elf *elf, const char *name)
{
	uint32_t h = hash_str(name);
	struct hnode *n;

	for (n = htable_first(&elf->sec_hash, h); n; n = n->next) {
		struct section *sec = container_of(n, struct section, name_node);

		if (n->hash == h && !sec->removed && !strcmp(sec->name, name))
			return sec;
	}
	return NULL;
}

struct symbol *find_global_definition(const struct elf *elf, const char *name)
{
	uint32_t h = hash_str(name);
	struct hnode *n;

	for (n = htable_first(&elf->sym_hash, h); n; n = n->next) {
		struct symbol *sym = container_of(n, struct symbol, name_node);

		if (n->hash == h && !strcmp(sym->name, name))
			return sym;
	}
	return NULL;
}

/* New relocation sections go after every existing one (see §8.2 of the
 * kernel notes: objcopy keeps a .klp.rela only if it is not the first
 * relocation section of its target).
 */
struct section *section_add_rela(struct elf *elf, const char *name,
				 struct section *base)
{
	struct section *sec = xcalloc(1, sizeof(*sec));
	bool is64 = elf->ehdr.e_ident[EI_CLASS] == ELFCLASS64;

	sec->idx = elf->nr_secs;
	sec->name = xstrdup(name);
	sec->is_new = true;
	sec->base = base;
	sec->link = elf->symtab;
	sec->data_type = ELF_T_RELA;
	sec->sh.sh_type = SHT_RELA;
	sec->sh.sh_flags = SHF_ALLOC | SHF_RELA_LIVEPATCH;
	sec->sh.sh_entsize = gelf_fsize(elf->elf, ELF_T_RELA, 1, EV_CURRENT);
	sec->sh.sh_addralign = is64 ? 8 : 4;
	elf->secs = xrealloc(elf->secs, (elf->nr_secs + 1) * sizeof(*elf->secs));
	elf->secs[elf->nr_secs++] = sec;
	return sec;
}

void section_add_entry(struct section *rsec, const struct rela *r)
{
	if (rsec->nr_relas == rsec->alloc_relas) {
		rsec->alloc_relas = rsec->alloc_relas ? rsec->alloc_relas * 2 : 16;
		rsec->relas = xrealloc(rsec->relas,
				       rsec->alloc_relas * sizeof(*rsec->relas));
	}
	rsec->relas[rsec->nr_relas++] = *r;
}

void symbol_rename(struct symbol *sym, char *owned_name)
{
	if (sym->name_owned)
		free(sym->name);
	sym->name = owned_name;
	sym->name_owned = true;
}

static bool is_place_symbol(const struct symbol *sym, const struct section *sec)
{
	unsigned int type = GELF_ST_TYPE(sym->sym.st_info);

	return sym->sec == sec && sym->name[0] &&
	       (type == STT_FUNC || type == STT_OBJECT || type == STT_NOTYPE);
}

/* "<section> (<function>+0x<off>)", or "<section>+0x<off>" if no symbol
 * covers the place.
 */
void describe_place(const struct elf *elf, const struct section *sec,
		    GElf_Addr offset, char *buf, size_t len)
{
	const struct symbol *best = NULL;
	size_t i;

	for (i = 1; i < elf->nr_syms; i++) {
		const struct symbol *sym = &elf->syms[i];

		if (!is_place_symbol(sym, sec) || sym->sym.st_value > offset)
			continue;
		if (sym->sym.st_size && offset >= sym->sym.st_value + sym->sym.st_size)
			continue;
		if (!best || sym->sym.st_value > best->sym.st_value ||
		    (sym->sym.st_value == best->sym.st_value &&
		     GELF_ST_TYPE(sym->sym.st_info) == STT_FUNC))
			best = sym;
	}
	if (best)
		snprintf(buf, len, "%s (%s+0x%llx)", sec->name, best->name,
			 (unsigned long long)(offset - best->sym.st_value));
	else
		snprintf(buf, len, "%s+0x%llx", sec->name,
			 (unsigned long long)offset);
}

bool section_bytes_zero(const struct section *sec, GElf_Addr off,
			unsigned int width)
{
	const unsigned char *p;
	unsigned int i;

	if (sec->sh.sh_type == SHT_NOBITS)
		return off + width <= sec->sh.sh_size;
	if (off > sec->size || width > sec->size - off)
		return false;
	p = (const unsigned char *)sec->buf + off;
	for (i = 0; i < width; i++)
		if (p[i])
			return false;
	return true;
}

bool section_read_u32(const struct elf *elf, const struct section *sec,
		      GElf_Addr off, unsigned int *val)
{
	const unsigned char *p;

	if (sec->sh.sh_type == SHT_NOBITS || off > sec->size || sec->size - off < 4)
		return false;
	p = (const unsigned char *)sec->buf + off;
	if (elf->ehdr.e_ident[EI_DATA] == ELFDATA2MSB)
		*val = (unsigned int)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
	else
		*val = (unsigned int)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0];
	return true;
}
