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

/*
 * Sanitizer and fuzzing builds read every section into a heap buffer of
 * its exact size (libelf's ELF_C_READ), so that a read past the end of
 * one is reported; the tool maps the file.
 */
#ifdef KLP_READ_INTO_HEAP
#define ELF_READ_CMD	ELF_C_READ
#else
#define ELF_READ_CMD	ELF_C_READ_MMAP
#endif

static int elf_fail(const struct elf *elf, const char *what)
{
	klp_error(elf->path, "%s: %s", what, elf_errmsg(-1));
	return -1;
}

static bool is_power_of_2(GElf_Xword x)
{
	return x && !(x & (x - 1));
}

static struct section *section_by_index(const struct elf *elf, size_t idx)
{
	if (idx == 0 || idx >= elf->nr_secs)
		return NULL;
	return elf->secs[idx];
}

/* Bytes of the section in the file: none for NOBITS */
static GElf_Xword file_bytes(const GElf_Shdr *sh)
{
	return sh->sh_type == SHT_NOBITS ? 0 : sh->sh_size;
}

/*
 * The header's promises, before any section is read: an ELF of the
 * architecture's class and byte order, relocatable, with section headers
 * inside the file.
 */
static int check_header(struct elf *elf)
{
	const GElf_Ehdr *eh = &elf->ehdr;
	unsigned char class = eh->e_ident[EI_CLASS], data = eh->e_ident[EI_DATA];
	const struct arch *arch;

	/* first: with another byte order, every other field reads wrong */
	if (!arch_find_format(class, data)) {
		klp_error(elf->path, "%s-bit %s-endian object; klp-convert converts %s modules",
			  class == ELFCLASS64 ? "64" : "32",
			  data == ELFDATA2MSB ? "big" : "little", arch_supported());
		return -1;
	}
	if (eh->e_type != ET_REL) {
		klp_error(elf->path, "not a relocatable object (ET_REL); give the linked module .ko");
		return -1;
	}
	arch = arch_find(eh->e_machine);
	if (!arch) {
		klp_error(elf->path, "unsupported machine %u (supported: %s)",
			  eh->e_machine, arch_supported());
		return -1;
	}
	if (class != arch->elf_class || data != arch->elf_data) {
		klp_error(elf->path, "%s-bit %s-endian object, but %s modules are %s-bit %s-endian",
			  class == ELFCLASS64 ? "64" : "32",
			  data == ELFDATA2MSB ? "big" : "little",
			  arch->name, arch->elf_class == ELFCLASS64 ? "64" : "32",
			  arch->elf_data == ELFDATA2MSB ? "big" : "little");
		return -1;
	}
	elf->arch = arch;
	if (eh->e_shentsize != gelf_fsize(elf->elf, ELF_T_SHDR, 1, EV_CURRENT) ||
	    eh->e_shoff > elf->file_size ||
	    (elf->file_size - eh->e_shoff) / eh->e_shentsize < eh->e_shnum) {
		klp_error(elf->path, "section headers extend past the end of the file (truncated?)");
		return -1;
	}
	return 0;
}

/*
 * A string table whose every offset below its size starts a C string;
 * reports what is wrong with it, as the table of <what>.
 */
static int check_string_table(struct elf *elf, const struct section *sec,
			      const char *what)
{
	const char *why = NULL;

	if (sec->sh.sh_type != SHT_STRTAB)
		why = "is not SHT_STRTAB";
	else if (sec->sh.sh_flags & SHF_COMPRESSED)
		why = "is compressed";	/* klp-convert rewrites it */
	else if (!sec->size)
		why = "is empty";
	else if (((const char *)sec->buf)[0])
		why = "does not start with a NUL";
	else if (((const char *)sec->buf)[sec->size - 1])
		why = "does not end with a NUL";
	if (!why)
		return 0;
	klp_error(elf->path, "%s, the string table of %s, %s", sec->name, what, why);
	return -1;
}

static const char *string_at(const struct section *strtab, GElf_Word off)
{
	return off < strtab->size ? (const char *)strtab->buf + off : NULL;
}

/*
 * Where a section's bytes may be: inside the file, after the ELF header,
 * at an offset of its alignment (as every linker places them), a power
 * of two.  This bounds the output: its padding cannot exceed what the
 * input already holds.
 */
static int check_section_header(struct elf *elf, const struct section *sec)
{
	const GElf_Shdr *sh = &sec->sh;
	GElf_Xword align = sh->sh_addralign ? sh->sh_addralign : 1;
	size_t ehdr_size = gelf_fsize(elf->elf, ELF_T_EHDR, 1, EV_CURRENT);

	/* ld, strip and objcopy never leave one: it would be laid out anew */
	if (sh->sh_type == SHT_NULL) {
		klp_error(elf->path, "section %s: an inactive section (SHT_NULL) other than section 0",
			  sec->name);
		return -1;
	}
	if (!is_power_of_2(align)) {
		klp_error(elf->path, "section %s: alignment %llu is not a power of two",
			  sec->name, (unsigned long long)sh->sh_addralign);
		return -1;
	}
	if (sh->sh_type == SHT_NOBITS) {
		if (sh->sh_size > UINT32_MAX) {
			klp_error(elf->path, "section %s: %llu bytes, more than a module can have",
				  sec->name, (unsigned long long)sh->sh_size);
			return -1;
		}
		return 0;
	}
	if (sh->sh_offset > elf->file_size ||
	    sh->sh_size > elf->file_size - sh->sh_offset) {
		klp_error(elf->path, "section %s extends past the end of the file (truncated?)",
			  sec->name);
		return -1;
	}
	if (sh->sh_size && sh->sh_offset < ehdr_size) {
		klp_error(elf->path, "section %s: file offset 0x%llx is inside the ELF header",
			  sec->name, (unsigned long long)sh->sh_offset);
		return -1;
	}
	if (sh->sh_size && sh->sh_offset % align) {
		klp_error(elf->path, "section %s: file offset 0x%llx is not a multiple of its alignment %llu",
			  sec->name, (unsigned long long)sh->sh_offset,
			  (unsigned long long)align);
		return -1;
	}
	return 0;
}

static int cmp_offset(const void *a, const void *b)
{
	const struct section *x = *(struct section * const *)a;
	const struct section *y = *(struct section * const *)b;

	if (x->sh.sh_offset != y->sh.sh_offset)
		return x->sh.sh_offset < y->sh.sh_offset ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* No two sections, nor a section and the header table, share a byte. */
static int check_overlaps(struct elf *elf)
{
	struct section **by_off = xcalloc(elf->nr_secs, sizeof(*by_off));
	GElf_Off shdrs_end = elf->ehdr.e_shoff +
			     (GElf_Off)elf->nr_secs * elf->ehdr.e_shentsize;
	size_t i, n = 0;
	int ret = 0;

	for (i = 1; i < elf->nr_secs; i++)
		if (file_bytes(&elf->secs[i]->sh))
			by_off[n++] = elf->secs[i];
	qsort(by_off, n, sizeof(*by_off), cmp_offset);
	for (i = 0; i < n && !ret; i++) {
		const GElf_Shdr *sh = &by_off[i]->sh;
		const char *other = NULL;

		if (i + 1 < n && sh->sh_offset + sh->sh_size > by_off[i + 1]->sh.sh_offset)
			other = by_off[i + 1]->name;
		else if (sh->sh_offset < shdrs_end &&
			 elf->ehdr.e_shoff < sh->sh_offset + sh->sh_size)
			other = "the section header table";
		if (other) {
			klp_error(elf->path, "section %s overlaps %s", by_off[i]->name,
				  other);
			ret = -1;
		}
	}
	free(by_off);
	return ret;
}

/*
 * Sections klp-convert rewrites are read translated (symbols, relocations,
 * groups); every other one as raw bytes and written back as they were.
 */
static bool is_parsed_section(const GElf_Shdr *sh)
{
	return sh->sh_type == SHT_SYMTAB || sh->sh_type == SHT_RELA ||
	       sh->sh_type == SHT_REL || sh->sh_type == SHT_GROUP;
}

static Elf_Type parsed_type(const GElf_Shdr *sh)
{
	switch (sh->sh_type) {
	case SHT_SYMTAB:	return ELF_T_SYM;
	case SHT_RELA:		return ELF_T_RELA;
	case SHT_REL:		return ELF_T_REL;
	default:		return ELF_T_WORD;
	}
}

static int read_section_data(struct elf *elf, struct section *sec,
			     Elf_Scn *scn)
{
	const GElf_Shdr *sh = &sec->sh;
	Elf_Data *data;

	sec->data_type = ELF_T_BYTE;
	sec->data_size = sh->sh_size;
	if (is_parsed_section(sh)) {
		size_t entsize = gelf_fsize(elf->elf, parsed_type(sh), 1, EV_CURRENT);

		if (sh->sh_flags & SHF_COMPRESSED) {
			klp_error(elf->path, "section %s: a compressed %s is not supported",
				  sec->name, sh->sh_type == SHT_GROUP ? "group" :
				  sh->sh_type == SHT_SYMTAB ? "symbol table" :
				  "relocation section");
			return -1;
		}
		if (sh->sh_entsize != entsize || sh->sh_size % entsize) {
			klp_error(elf->path, "section %s: %llu bytes of %llu-byte entries, expected %zu-byte entries",
				  sec->name, (unsigned long long)sh->sh_size,
				  (unsigned long long)sh->sh_entsize, entsize);
			return -1;
		}
	}
	if (!file_bytes(sh))
		return 0;
	data = is_parsed_section(sh) ? elf_getdata(scn, NULL) :
				       elf_rawdata(scn, NULL);
	if (!data || data->d_size != sh->sh_size)
		return elf_fail(elf, "cannot read section data");
	if (sh->sh_flags & SHF_COMPRESSED) {
		GElf_Chdr chdr;

		/* relocations patch the uncompressed contents */
		if (!gelf_getchdr(scn, &chdr)) {
			klp_error(elf->path, "compressed section %s has no valid compression header",
				  sec->name);
			return -1;
		}
		sec->data_size = chdr.ch_size;
	}
	sec->data = data;
	sec->buf = data->d_buf;
	sec->size = data->d_size;
	if (is_parsed_section(sh))
		sec->data_type = data->d_type;
	return 0;
}

static int read_section_names(struct elf *elf, size_t shstrndx)
{
	struct section *shstrtab = section_by_index(elf, shstrndx);
	size_t i;

	if (!shstrtab) {
		klp_error(elf->path, "no section name string table (e_shstrndx %zu)",
			  shstrndx);
		return -1;
	}
	if (check_section_header(elf, shstrtab) ||
	    read_section_data(elf, shstrtab, elf_getscn(elf->elf, shstrndx)) ||
	    check_string_table(elf, shstrtab, "section names"))
		return -1;
	elf->shstrtab = shstrtab;
	for (i = 1; i < elf->nr_secs; i++) {
		struct section *sec = elf->secs[i];
		const char *name = string_at(shstrtab, sec->sh.sh_name);

		if (!name) {
			klp_error(elf->path, "section %zu: name offset %u is outside the section name table",
				  i, sec->sh.sh_name);
			return -1;
		}
		free(sec->name);
		sec->name = xstrdup(name);
		sec->name_hash = hash_cstr(name);
		hlist_add_head(&sec->name_node,
			       htable_bucket(&elf->sec_hash, sec->name_hash));
	}
	return 0;
}

static int read_sections(struct elf *elf, size_t shstrndx)
{
	size_t i;

	elf->secs = xcalloc(elf->nr_secs, sizeof(*elf->secs));
	htable_init(&elf->sec_hash, elf->nr_secs);
	for (i = 0; i < elf->nr_secs; i++) {
		struct section *sec = xcalloc(1, sizeof(*sec));
		Elf_Scn *scn = elf_getscn(elf->elf, i);

		elf->secs[i] = sec;
		sec->idx = i;
		sec->rsecs_tail = &sec->rsecs;
		/* until the names are read: the index, for messages */
		sec->name = i ? xasprintf("[%zu]", i) : xstrdup("");
		if (!scn || !gelf_getshdr(scn, &sec->sh))
			return elf_fail(elf, "cannot read section header");
	}
	if (read_section_names(elf, shstrndx))
		return -1;
	for (i = 1; i < elf->nr_secs; i++)
		if (check_section_header(elf, elf->secs[i]))
			return -1;
	if (check_overlaps(elf))
		return -1;
	for (i = 1; i < elf->nr_secs; i++)
		if (!elf->secs[i]->data &&
		    read_section_data(elf, elf->secs[i], elf_getscn(elf->elf, i)))
			return -1;
	return 0;
}

static int check_symbol_section(struct elf *elf, struct symbol *sym)
{
	GElf_Section shndx = sym->sym.st_shndx;

	if (shndx == SHN_UNDEF || shndx == SHN_ABS || shndx == SHN_COMMON ||
	    shndx == SHN_LIVEPATCH)
		return 0;
	sym->sec = section_by_index(elf, shndx);
	if (!sym->sec) {
		klp_error(elf->path, "symbol %zu '%s': bad section index %u",
			  (size_t)sym->idx, sym->name, shndx);
		return -1;
	}
	return 0;
}

static int find_symbol_table(struct elf *elf)
{
	struct section *symtab = NULL;
	size_t i;

	for (i = 1; i < elf->nr_secs; i++) {
		if (elf->secs[i]->sh.sh_type == SHT_SYMTAB_SHNDX) {
			klp_error(elf->path, "extended section indexes are not supported");
			return -1;
		}
		if (elf->secs[i]->sh.sh_type != SHT_SYMTAB)
			continue;
		if (symtab) {
			klp_error(elf->path, "more than one symbol table");
			return -1;
		}
		symtab = elf->secs[i];
	}
	if (!symtab || !symtab->size) {
		klp_error(elf->path, "no symbol table (stripped?)");
		return -1;
	}
	elf->symtab = symtab;
	elf->strtab = section_by_index(elf, symtab->sh.sh_link);
	if (!elf->strtab || elf->strtab == elf->shstrtab) {
		klp_error(elf->path, "symbol table has no string table of its own (sh_link %u)",
			  symtab->sh.sh_link);
		return -1;
	}
	if (check_string_table(elf, elf->strtab, "symbol names"))
		return -1;
	elf->nr_syms = symtab->size / symtab->sh.sh_entsize;
	if (symtab->sh.sh_info > elf->nr_syms || !symtab->sh.sh_info) {
		klp_error(elf->path, "symbol table: %u locals claimed, %zu symbols",
			  symtab->sh.sh_info, elf->nr_syms);
		return -1;
	}
	return 0;
}

static bool is_null_symbol(const GElf_Sym *s)
{
	return !s->st_name && !s->st_value && !s->st_size && !s->st_info &&
	       !s->st_other && !s->st_shndx;
}

static int read_symbols(struct elf *elf)
{
	size_t i;

	if (find_symbol_table(elf))
		return -1;
	elf->syms = xcalloc(elf->nr_syms, sizeof(*elf->syms));
	htable_init(&elf->sym_hash, elf->nr_syms);
	for (i = 0; i < elf->nr_syms; i++) {
		struct symbol *sym = &elf->syms[i];

		sym->idx = i;
		if (!gelf_getsym(elf->symtab->data, i, &sym->sym))
			return elf_fail(elf, "cannot read symbol");
		if (!i && !is_null_symbol(&sym->sym)) {
			klp_error(elf->path, "symbol 0 is not the null symbol (all fields zero)");
			return -1;
		}
		sym->name = (char *)string_at(elf->strtab, sym->sym.st_name);
		if (!sym->name) {
			klp_error(elf->path, "symbol %zu has a bad name offset", i);
			return -1;
		}
		if (check_symbol_section(elf, sym))
			return -1;
		if (sym->sec && GELF_ST_BIND(sym->sym.st_info) != STB_LOCAL) {
			sym->name_hash = hash_cstr(sym->name);
			hlist_add_head(&sym->name_node,
				       htable_bucket(&elf->sym_hash, sym->name_hash));
		}
	}
	return 0;
}

/*
 * Every entry names a symbol of the table and patches bytes inside its
 * target section (as wide as the architecture says the type writes).
 */
static int check_reloc(struct elf *elf, const struct section *sec, size_t i,
		       const struct rela *r, size_t symidx)
{
	GElf_Xword size = sec->base->data_size;
	unsigned int width = arch_reloc_width(elf->arch, r->type);

	if (symidx >= elf->nr_syms) {
		klp_error(elf->path, "%s: relocation %zu names symbol %zu, symbol table has %zu",
			  sec->name, i, symidx, elf->nr_syms);
		return -1;
	}
	if (r->offset > size || width > size - r->offset ||
	    (!width && r->offset == size && size)) {
		klp_error(elf->path, "%s: relocation %zu at offset 0x%llx is outside %s (%llu bytes)",
			  sec->name, i, (unsigned long long)r->offset,
			  sec->base->name, (unsigned long long)size);
		return -1;
	}
	return 0;
}

static int check_reloc_section(struct elf *elf, struct section *sec)
{
	sec->base = section_by_index(elf, sec->sh.sh_info);
	if (!sec->base) {
		klp_error(elf->path, "relocation section %s: target section %u does not exist",
			  sec->name, sec->sh.sh_info);
		return -1;
	}
	/* sections klp-convert rewrites cannot keep relocations either */
	if (is_parsed_section(&sec->base->sh) || sec->base->sh.sh_type == SHT_NOBITS ||
	    sec->base == elf->strtab || sec->base == elf->shstrtab) {
		klp_error(elf->path, "relocation section %s: target section %s %s",
			  sec->name, sec->base->name,
			  sec->base->sh.sh_type == SHT_NOBITS ?
			  "has no contents (NOBITS)" : "is not code or data");
		return -1;
	}
	if (sec->sh.sh_link != elf->symtab->idx) {
		klp_error(elf->path, "relocation section %s does not use the symbol table",
			  sec->name);
		return -1;
	}
	return 0;
}

static int read_relocs(struct elf *elf, struct section *sec)
{
	bool rela = sec->sh.sh_type == SHT_RELA;
	size_t i, n = sec->size / sec->sh.sh_entsize;

	if (check_reloc_section(elf, sec))
		return -1;
	/* the target's list of relocation sections, in section order */
	*sec->base->rsecs_tail = sec;
	sec->base->rsecs_tail = &sec->next_rsec;
	sec->relas = xcalloc(n, sizeof(*sec->relas));
	sec->nr_relas = sec->alloc_relas = n;
	for (i = 0; i < n; i++) {
		struct rela *r = &sec->relas[i];
		GElf_Rela gr = { 0 };
		GElf_Rel rel;
		size_t symidx;

		if (rela ? !gelf_getrela(sec->data, i, &gr) :
			    !gelf_getrel(sec->data, i, &rel))
			return elf_fail(elf, "cannot read relocation");
		if (!rela) {
			gr.r_offset = rel.r_offset;
			gr.r_info = rel.r_info;
		}
		symidx = GELF_R_SYM(gr.r_info);
		r->offset = gr.r_offset;
		r->addend = gr.r_addend;
		r->type = GELF_R_TYPE(gr.r_info);
		if (check_reloc(elf, sec, i, r, symidx))
			return -1;
		r->sym = &elf->syms[symidx];
	}
	return 0;
}

/* SHT_GROUP: a flag word, then member section indexes */
static int check_group(struct elf *elf, const struct section *sec)
{
	const Elf32_Word *w = sec->buf;
	size_t i, n = sec->size / sizeof(*w);
	const char *why = NULL;

	if (!n)
		why = "is empty (no flag word)";
	else if (sec->sh.sh_link != elf->symtab->idx)
		why = "does not link to the symbol table";
	else if (sec->sh.sh_info >= elf->nr_syms)
		why = "has a signature symbol past the symbol table";
	if (why) {
		klp_error(elf->path, "group %s %s", sec->name, why);
		return -1;
	}
	for (i = 1; i < n; i++) {
		if (!section_by_index(elf, w[i]) || w[i] == sec->idx) {
			klp_error(elf->path, "group %s: bad member section index %u",
				  sec->name, w[i]);
			return -1;
		}
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
		if ((sec->sh.sh_flags & SHF_INFO_LINK) && !is_rela_section(sec) &&
		    !section_by_index(elf, sec->sh.sh_info)) {
			klp_error(elf->path, "section %s: bad sh_info %u",
				  sec->name, sec->sh.sh_info);
			return -1;
		}
		if (is_rela_section(sec) && read_relocs(elf, sec))
			return -1;
		if (sec->sh.sh_type == SHT_GROUP && check_group(elf, sec))
			return -1;
	}
	return 0;
}

/* After elf_begin(): the header, sections, symbols and links, validated. */
static struct elf *elf_parse(struct elf *elf)
{
	size_t shstrndx;

	if (!elf->elf || elf_kind(elf->elf) != ELF_K_ELF) {
		klp_error(elf->path, "not an ELF file");
		goto fail;
	}
	if (!gelf_getehdr(elf->elf, &elf->ehdr)) {
		elf_fail(elf, "cannot read the ELF header");
		goto fail;
	}
	if (check_header(elf))
		goto fail;
	if (elf_getshdrnum(elf->elf, &elf->nr_secs) ||
	    elf_getshdrstrndx(elf->elf, &shstrndx)) {
		elf_fail(elf, "cannot read the section headers");
		goto fail;
	}
	if (!elf->nr_secs || elf->nr_secs >= SHN_LORESERVE) {
		klp_error(elf->path, "%zu sections: not a module", elf->nr_secs);
		goto fail;
	}
	if (read_sections(elf, shstrndx) || read_symbols(elf) || read_links(elf))
		goto fail;
	return elf;
fail:
	elf_close(elf);
	return NULL;
}

struct elf *elf_open_read(const char *path)
{
	struct elf *elf = xcalloc(1, sizeof(*elf));
	struct stat st;

	elf->path = path;
	/* O_NONBLOCK: a FIFO must not block the open, fstat() refuses it */
	elf->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (elf->fd < 0) {
		klp_error(path, "cannot open: %s", strerror(errno));
		goto fail;
	}
	if (fstat(elf->fd, &st) || !S_ISREG(st.st_mode)) {
		klp_error(path, "not a regular file");
		goto fail;
	}
	elf->dev = st.st_dev;
	elf->ino = st.st_ino;
	elf->file_size = st.st_size;
	elf->elf = elf_begin(elf->fd, ELF_READ_CMD, NULL);
	return elf_parse(elf);
fail:
	elf_close(elf);
	return NULL;
}

struct elf *elf_open_memory(const char *path, void *buf, size_t size)
{
	struct elf *elf = xcalloc(1, sizeof(*elf));

	elf->path = path;
	elf->fd = -1;
	elf->file_size = size;
	elf->elf = elf_memory(buf, size);
	return elf_parse(elf);
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
		free(sec->relas);
		free(sec->name);
		free(sec->owned_buf);
		free(sec);
	}
	for (i = 0; elf->syms && i < elf->nr_syms; i++)
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
	uint32_t h = hash_cstr(name);
	struct section *sec;

	hlist_for_each_entry(sec, htable_bucket(&elf->sec_hash, h), name_node)
		if (sec->name_hash == h && !sec->removed && !strcmp(sec->name, name))
			return sec;
	return NULL;
}

struct symbol *find_global_definition(const struct elf *elf, const char *name)
{
	uint32_t h = hash_cstr(name);
	struct symbol *sym;

	hlist_for_each_entry(sym, htable_bucket(&elf->sym_hash, h), name_node)
		if (sym->name_hash == h && !strcmp(sym->name, name))
			return sym;
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
	sec->base = base;
	sec->link = elf->symtab;
	sec->data_type = ELF_T_RELA;
	sec->sh.sh_type = SHT_RELA;
	sec->sh.sh_flags = SHF_ALLOC | SHF_RELA_LIVEPATCH;
	sec->sh.sh_entsize = gelf_fsize(elf->elf, ELF_T_RELA, 1, EV_CURRENT);
	sec->sh.sh_addralign = is64 ? 8 : 4;
	ARRAY_GROW(elf->secs, elf->nr_secs, elf->alloc_secs, 16);
	elf->secs[elf->nr_secs++] = sec;
	return sec;
}

struct section *section_add_data(struct elf *elf, const char *name)
{
	struct section *sec = xcalloc(1, sizeof(*sec));

	sec->idx = elf->nr_secs;
	sec->name = xstrdup(name);
	sec->data_type = ELF_T_BYTE;
	sec->sh.sh_type = SHT_PROGBITS;
	sec->sh.sh_addralign = 1;
	ARRAY_GROW(elf->secs, elf->nr_secs, elf->alloc_secs, 16);
	elf->secs[elf->nr_secs++] = sec;
	return sec;
}

void section_set_data(struct section *sec, void *buf, size_t size)
{
	free(sec->owned_buf);
	sec->owned_buf = buf;
	sec->buf = buf;
	sec->size = size;
	sec->data_size = size;
	sec->sh.sh_size = size;
}

void section_add_entry(struct section *rsec, const struct rela *r)
{
	ARRAY_GROW(rsec->relas, rsec->nr_relas, rsec->alloc_relas, 16);
	rsec->relas[rsec->nr_relas++] = *r;
}

void symbol_rename(struct symbol *sym, char *owned_name)
{
	if (sym->name_owned)
		free(sym->name);
	sym->name = owned_name;
	sym->name_owned = true;
}

/* the symbol's name; for unnamed ones, its section's or its index */
const char *symbol_display_name(const struct symbol *sym)
{
	static char buf[32];

	if (sym->name[0])
		return sym->name;
	if (sym->sec)
		return sym->sec->name;
	snprintf(buf, sizeof(buf), "symbol #%u", sym->idx);
	return buf;
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
static void format_place(const struct section *sec, const struct symbol *best,
			 GElf_Addr offset, char *buf, size_t len)
{
	if (best)
		snprintf(buf, len, "%s (%s+0x%llx)", sec->name, best->name,
			 (unsigned long long)(offset - best->sym.st_value));
	else
		snprintf(buf, len, "%s+0x%llx", sec->name,
			 (unsigned long long)offset);
}

void describe_place(const struct elf *elf, const struct section *sec,
		    GElf_Addr offset, char *buf, size_t len)
{
	const struct symbol *best = NULL;
	size_t i;

	/* a scan of the symbol table, for a message nobody will see */
	for (i = 1; i < elf->nr_syms && !klp_error_muted(); i++) {
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
	format_place(sec, best, offset, buf, len);
}

/*
 * The same answers as describe_place(), for many places: the place
 * symbols sorted so that, walking back from the last one at or below an
 * offset, the first one covering it is the one describe_place() picks
 * (highest value; at equal values the last STT_FUNC, else the first
 * other symbol of the table).
 */
static int cmp_place(const void *a, const void *b)
{
	const struct symbol *x = *(const struct symbol * const *)a;
	const struct symbol *y = *(const struct symbol * const *)b;
	bool fx = GELF_ST_TYPE(x->sym.st_info) == STT_FUNC;
	bool fy = GELF_ST_TYPE(y->sym.st_info) == STT_FUNC;

	if (x->sec->idx != y->sec->idx)
		return x->sec->idx < y->sec->idx ? -1 : 1;
	if (x->sym.st_value != y->sym.st_value)
		return x->sym.st_value < y->sym.st_value ? -1 : 1;
	if (fx != fy)
		return fx ? 1 : -1;
	if (fx)
		return x->idx < y->idx ? -1 : 1;
	return x->idx > y->idx ? -1 : 1;
}

void place_index_init(const struct elf *elf, struct place_index *pi)
{
	size_t i;

	pi->syms = xcalloc(elf->nr_syms, sizeof(*pi->syms));
	pi->nr = 0;
	for (i = 1; i < elf->nr_syms; i++)
		if (elf->syms[i].sec && is_place_symbol(&elf->syms[i], elf->syms[i].sec))
			pi->syms[pi->nr++] = &elf->syms[i];
	qsort(pi->syms, pi->nr, sizeof(*pi->syms), cmp_place);
}

void place_index_free(struct place_index *pi)
{
	free(pi->syms);
	pi->syms = NULL;
	pi->nr = 0;
}

void place_index_describe(const struct place_index *pi, const struct section *sec,
			  GElf_Addr offset, char *buf, size_t len)
{
	size_t lo = 0, hi = pi->nr;
	const struct symbol *sym;

	/* lo: the first symbol after (sec, offset) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		sym = pi->syms[mid];
		if (sym->sec->idx < sec->idx ||
		    (sym->sec == sec && sym->sym.st_value <= offset))
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo-- > 0) {
		sym = pi->syms[lo];
		if (sym->sec != sec)
			break;
		if (!sym->sym.st_size || offset < sym->sym.st_value + sym->sym.st_size) {
			format_place(sec, sym, offset, buf, len);
			return;
		}
	}
	format_place(sec, NULL, offset, buf, len);
}

bool section_bytes_zero(const struct section *sec, GElf_Addr off,
			unsigned int width)
{
	const unsigned char *p = sec->buf;	/* NULL if the section is empty */
	unsigned int i;

	if (off > sec->size || width > sec->size - off)
		return false;
	for (i = 0; i < width; i++)
		if (p[off + i])
			return false;
	return true;
}

/*
 * The first member of an SHT_GROUP section that is removed from the
 * output, or NULL: a group is written whole, or the module is refused.
 */
const struct section *group_removed_member(const struct elf *elf,
					   const struct section *group)
{
	const Elf32_Word *w = group->buf;
	size_t i, n = group->size / sizeof(*w);

	/* members are valid indexes (check_group()) */
	for (i = 1; i < n; i++)
		if (elf->secs[w[i]]->removed)
			return elf->secs[w[i]];
	return NULL;
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

bool section_read_u64(const struct elf *elf, const struct section *sec,
		      GElf_Addr off, uint64_t *val)
{
	unsigned int lo, hi;
	bool msb = elf->ehdr.e_ident[EI_DATA] == ELFDATA2MSB;

	if (!section_read_u32(elf, sec, off, msb ? &hi : &lo) ||
	    !section_read_u32(elf, sec, off + 4, msb ? &lo : &hi))
		return false;
	*val = (uint64_t)hi << 32 | lo;
	return true;
}
