// SPDX-License-Identifier: GPL-2.0
/*
 * Structural checks of a converted module, with plain libelf and none
 * of klp-convert's ELF layer: what eu-elflint --gnu-ld checks of a
 * relocatable object, and what kernel/livepatch/core.c and the module
 * loader require of the livepatch format.  Any failure aborts.
 */
#include <fcntl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../../linux/include/uapi/linux/livepatch.h"
#include "klp-sym.h"
#include "util.h"
#include "fuzz-common.h"

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "klp-fuzz: bad output: " __VA_ARGS__);	\
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

struct out_elf {
	Elf *e;
	size_t size, shnum, shstrndx, nsyms, symtab;
	GElf_Shdr *sh;
	Elf_Data *symdata;
	const char *strtab;
	size_t strtab_size;
};

static const char *sec_name(const struct out_elf *o, size_t i)
{
	const char *n = elf_strptr(o->e, o->shstrndx, o->sh[i].sh_name);

	CHECK(n, "section %zu has no name", i);
	return n;
}

static int cmp_off(const void *a, const void *b)
{
	const GElf_Shdr *x = *(GElf_Shdr * const *)a, *y = *(GElf_Shdr * const *)b;

	return x->sh_offset < y->sh_offset ? -1 : x->sh_offset > y->sh_offset;
}

static void check_sections(struct out_elf *o)
{
	GElf_Shdr **by_off = calloc(o->shnum, sizeof(*by_off));
	size_t i, n = 0;

	for (i = 1; i < o->shnum; i++) {
		GElf_Shdr *sh = &o->sh[i];

		CHECK(sh->sh_link < o->shnum, "section %zu: sh_link %u", i, sh->sh_link);
		CHECK(!sh->sh_addralign || !(sh->sh_addralign & (sh->sh_addralign - 1)),
		      "section %zu: alignment", i);
		if (sh->sh_type == SHT_NOBITS || !sh->sh_size)
			continue;
		CHECK(sh->sh_offset <= o->size && sh->sh_size <= o->size - sh->sh_offset,
		      "section %zu outside the file", i);
		CHECK(!sh->sh_addralign || !(sh->sh_offset % sh->sh_addralign),
		      "section %zu misaligned", i);
		by_off[n++] = sh;
		if (sh->sh_type == SHT_SYMTAB) {
			CHECK(!o->symtab, "two symbol tables");
			o->symtab = i;
		}
	}
	qsort(by_off, n, sizeof(*by_off), cmp_off);
	for (i = 0; i + 1 < n; i++)
		CHECK(by_off[i]->sh_offset + by_off[i]->sh_size <= by_off[i + 1]->sh_offset,
		      "sections overlap");
	free(by_off);
	for (i = 1; i < o->shnum; i++)
		sec_name(o, i);
}

static bool is_livepatch_sym(const GElf_Sym *s)
{
	return s->st_shndx == SHN_LIVEPATCH;
}

static void check_symbols(struct out_elf *o)
{
	const GElf_Shdr *sh = &o->sh[o->symtab];
	const GElf_Shdr *str;
	Elf_Data *sd;
	size_t i;

	CHECK(o->symtab, "no symbol table");
	CHECK(sh->sh_entsize == sizeof(Elf64_Sym), "symtab entsize");
	str = &o->sh[sh->sh_link];
	CHECK(sh->sh_link && str->sh_type == SHT_STRTAB, "symtab string table");
	sd = elf_getdata(elf_getscn(o->e, sh->sh_link), NULL);
	CHECK(sd && sd->d_size && !((char *)sd->d_buf)[sd->d_size - 1],
	      "string table not NUL-terminated");
	o->strtab = sd->d_buf;
	o->strtab_size = sd->d_size;
	o->symdata = elf_getdata(elf_getscn(o->e, o->symtab), NULL);
	CHECK(o->symdata, "symtab data");
	o->nsyms = sh->sh_size / sizeof(Elf64_Sym);
	CHECK(sh->sh_info <= o->nsyms, "symtab sh_info");
	for (i = 0; i < o->nsyms; i++) {
		GElf_Sym s;
		struct klp_sym_name n;

		CHECK(gelf_getsym(o->symdata, i, &s), "symbol %zu", i);
		CHECK(s.st_name < o->strtab_size, "symbol %zu name", i);
		CHECK((GELF_ST_BIND(s.st_info) == STB_LOCAL) == (i < sh->sh_info),
		      "symbol %zu: locals first, sh_info %u", i, sh->sh_info);
		CHECK(s.st_shndx < o->shnum || s.st_shndx == SHN_ABS ||
		      s.st_shndx == SHN_COMMON || is_livepatch_sym(&s),
		      "symbol %zu: section index %u", i, s.st_shndx);
		if (is_livepatch_sym(&s)) {
			CHECK(klp_sym_parse(o->strtab + s.st_name, &n),
			      "livepatch symbol '%s' the kernel cannot parse",
			      o->strtab + s.st_name);
			klp_sym_name_free(&n);
		}
	}
}

/* .klp.rela.<obj>.<section>: module symbols only from their own object */
static void check_klp_entry(const struct out_elf *o, const char *secname,
			    const GElf_Sym *s)
{
	const char *obj = secname + strlen(KLP_RELA_PREFIX), *dot = strchr(obj, '.');
	struct klp_sym_name n;

	CHECK(is_livepatch_sym(s), "%s names a symbol that is not SHN_LIVEPATCH", secname);
	CHECK(dot && klp_sym_parse(o->strtab + s->st_name, &n), "%s: names", secname);
	CHECK(!strcmp(n.obj, "vmlinux") ||
	      ((size_t)(dot - obj) == strlen(n.obj) && !strncmp(obj, n.obj, dot - obj)),
	      "%s names %s: a module symbol from another object's section",
	      secname, o->strtab + s->st_name);
	klp_sym_name_free(&n);
}

/* what relocations patch: the uncompressed size of a compressed section */
static GElf_Xword target_size(const struct out_elf *o, size_t idx)
{
	GElf_Chdr chdr;

	if (!(o->sh[idx].sh_flags & SHF_COMPRESSED))
		return o->sh[idx].sh_size;
	CHECK(gelf_getchdr(elf_getscn(o->e, idx), &chdr), "section %zu: no Chdr", idx);
	return chdr.ch_size;
}

static void check_relocs(const struct out_elf *o)
{
	size_t i, j;

	for (i = 1; i < o->shnum; i++) {
		const GElf_Shdr *sh = &o->sh[i];
		const char *name = sec_name(o, i);
		bool klp = sh->sh_flags & SHF_RELA_LIVEPATCH;
		Elf_Data *d;

		/* what the livepatch core applies: sections with the flag */
		CHECK(!klp || !strncmp(name, KLP_RELA_PREFIX, strlen(KLP_RELA_PREFIX)),
		      "%s: SHF_RELA_LIVEPATCH without the %s prefix", name, KLP_RELA_PREFIX);
		if (sh->sh_type != SHT_RELA && sh->sh_type != SHT_REL) {
			CHECK(!klp, "%s is flagged SHF_RELA_LIVEPATCH but no relocation section", name);
			continue;
		}
		CHECK(sh->sh_link == o->symtab, "%s: sh_link", name);
		CHECK(sh->sh_info && sh->sh_info < o->shnum, "%s: sh_info", name);
		CHECK(!klp || (sh->sh_type == SHT_RELA &&
			       (sh->sh_flags & (SHF_ALLOC | SHF_RELA_LIVEPATCH)) ==
			       (SHF_ALLOC | SHF_RELA_LIVEPATCH)),
		      "%s: type or flags", name);
		d = elf_getdata(elf_getscn(o->e, i), NULL);
		for (j = 0; d && j < sh->sh_size / sh->sh_entsize; j++) {
			GElf_Rela r = { 0 };
			GElf_Rel rel;
			GElf_Sym s;
			size_t sym;

			if (sh->sh_type == SHT_RELA) {
				CHECK(gelf_getrela(d, j, &r), "%s: entry %zu", name, j);
			} else {
				CHECK(gelf_getrel(d, j, &rel), "%s: entry %zu", name, j);
				r.r_offset = rel.r_offset;
				r.r_info = rel.r_info;
			}
			sym = GELF_R_SYM(r.r_info);
			CHECK(sym < o->nsyms && gelf_getsym(o->symdata, sym, &s),
			      "%s: entry %zu names symbol %zu", name, j, sym);
			CHECK(r.r_offset <= target_size(o, sh->sh_info),
			      "%s: entry %zu outside its section", name, j);
			if (klp)
				check_klp_entry(o, name, &s);
			else
				CHECK(!is_livepatch_sym(&s),
				      "%s: normal relocation to livepatch symbol %s",
				      name, o->strtab + s.st_name);
		}
	}
}

void check_output(const uint8_t *data, size_t size)
{
	struct out_elf o = { .size = size };
	char *copy = malloc(size);
	GElf_Ehdr eh;
	size_t i;

	memcpy(copy, data, size);
	o.e = elf_memory(copy, size);
	CHECK(o.e && elf_kind(o.e) == ELF_K_ELF && gelf_getehdr(o.e, &eh),
	      "not an ELF: %s", elf_errmsg(-1));
	/* the architectures klp-convert converts, each in its byte order */
	CHECK(eh.e_type == ET_REL && eh.e_ident[EI_CLASS] == ELFCLASS64 &&
	      ((eh.e_machine == EM_X86_64 && eh.e_ident[EI_DATA] == ELFDATA2LSB) ||
	       (eh.e_machine == EM_PPC64 && eh.e_ident[EI_DATA] == ELFDATA2LSB) ||
	       (eh.e_machine == EM_S390 && eh.e_ident[EI_DATA] == ELFDATA2MSB)),
	      "header");
	CHECK(!elf_getshdrnum(o.e, &o.shnum) && !elf_getshdrstrndx(o.e, &o.shstrndx) &&
	      o.shstrndx < o.shnum, "section headers");
	CHECK(eh.e_shoff <= size && (size - eh.e_shoff) / sizeof(Elf64_Shdr) >= o.shnum,
	      "section header table outside the file");
	o.sh = calloc(o.shnum, sizeof(*o.sh));
	for (i = 0; i < o.shnum; i++)
		CHECK(gelf_getshdr(elf_getscn(o.e, i), &o.sh[i]), "section %zu header", i);
	check_sections(&o);
	check_symbols(&o);
	check_relocs(&o);
	free(o.sh);
	elf_end(o.e);
	free(copy);
}

static void write_to(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		perror(path);
	if (fd >= 0)
		close(fd);
}

/*
 * For the replay's eu-elflint: the output as <hash>.ko and the module it
 * came from as <hash>.in, named by content so that duplicates collapse.
 */
void keep_output(const char *keep, const uint8_t *data, size_t size,
		 const uint8_t *in, size_t in_size)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	char path[4096];
	size_t i;

	for (i = 0; i < size; i++)
		h = (h ^ data[i]) * 0x100000001b3ULL;
	snprintf(path, sizeof(path), "%s/%016llx.ko", keep, (unsigned long long)h);
	write_to(path, data, size);
	snprintf(path, sizeof(path), "%s/%016llx.in", keep, (unsigned long long)h);
	write_to(path, in, in_size);
}
