/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-memory model of a relocatable ELF object, read and written with
 * libelf.  Sections and symbols keep their input index until
 * elf_write() renumbers them, so every reference between them is a
 * pointer, never an index.
 */
#ifndef _KLP_ELF_H
#define _KLP_ELF_H

#include <gelf.h>
#include <stdbool.h>
#include <sys/types.h>
#include "arch.h"
#include "htable.h"
#include "util.h"

struct symbol;

struct rela {
	GElf_Addr offset;
	GElf_Sxword addend;
	unsigned int type;
	struct symbol *sym;
};

struct section {
	struct hlist_node name_node;	/* in elf.sec_hash */
	uint32_t name_hash;		/* hash_cstr(name) */
	unsigned int idx;		/* input index; output index after write */
	char *name;
	GElf_Shdr sh;
	Elf_Data *data;			/* input contents, for gelf_get*() */
	Elf_Type data_type;
	void *buf;			/* contents in memory representation */
	void *owned_buf;		/* buf, when set by section_set_data() */
	size_t size;
	GElf_Xword data_size;		/* relocated bytes: sh_size or ch_size */
	bool removed;
	struct section *base;		/* target of a REL/RELA section (sh_info) */
	struct section *rsecs;		/* input REL/RELA sections with this base */
	struct section **rsecs_tail;
	struct section *next_rsec;	/* next one with the same base */
	struct section *link;		/* sh_link, if it names a section */
	struct rela *relas;		/* parsed entries of REL/RELA sections */
	size_t nr_relas;
	size_t alloc_relas;
};

struct symbol {
	struct hlist_node name_node;	/* in elf.sym_hash if a global definition */
	uint32_t name_hash;		/* hash_cstr(name) then */
	unsigned int idx;		/* input index; output index after write */
	char *name;
	bool name_owned;
	GElf_Sym sym;
	struct section *sec;		/* defining section, or NULL */
	bool removed;
};

struct elf {
	const char *path;
	const struct arch *arch;	/* from e_machine, class and byte order */
	int fd;
	dev_t dev;			/* of the input, to refuse writing over it */
	ino_t ino;
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t file_size;
	struct section **secs;
	size_t nr_secs, alloc_secs;	/* alloc_secs: 0 until one is added */
	struct section *symtab;
	struct section *strtab;
	struct section *shstrtab;
	struct symbol *syms;
	size_t nr_syms;
	struct htable sec_hash;
	struct htable sym_hash;
};

struct elf *elf_open_read(const char *path);
/* the same from memory (a decompressed module): buf must outlive the elf */
struct elf *elf_open_memory(const char *path, void *buf, size_t size);
void elf_close(struct elf *elf);
int elf_write(struct elf *elf, const char *out_path);

struct section *find_section_by_name(const struct elf *elf, const char *name);
struct symbol *find_global_definition(const struct elf *elf, const char *name);
struct section *section_add_rela(struct elf *elf, const char *name,
				 struct section *base);
void section_add_entry(struct section *rsec, const struct rela *r);
/* a new SHT_PROGBITS section that is not loaded, empty */
struct section *section_add_data(struct elf *elf, const char *name);
/* new contents for a PROGBITS section; takes buf (malloc'ed) */
void section_set_data(struct section *sec, void *buf, size_t size);
void symbol_rename(struct symbol *sym, char *owned_name);
const char *symbol_display_name(const struct symbol *sym);
void describe_place(const struct elf *elf, const struct section *sec,
		    GElf_Addr offset, char *buf, size_t len);
/* describe_place() for many places: an index of the symbol table */
struct place_index {
	const struct symbol **syms;
	size_t nr;
};

void place_index_init(const struct elf *elf, struct place_index *pi);
void place_index_describe(const struct place_index *pi, const struct section *sec,
			  GElf_Addr offset, char *buf, size_t len);
void place_index_free(struct place_index *pi);
bool section_bytes_zero(const struct section *sec, GElf_Addr off,
			unsigned int width);
bool section_read_u32(const struct elf *elf, const struct section *sec,
		      GElf_Addr off, unsigned int *val);
bool section_read_u64(const struct elf *elf, const struct section *sec,
		      GElf_Addr off, uint64_t *val);
const struct section *group_removed_member(const struct elf *elf,
					   const struct section *group);

static inline bool is_rela_section(const struct section *sec)
{
	return sec->sh.sh_type == SHT_RELA || sec->sh.sh_type == SHT_REL;
}

static inline bool is_klp_rela_section(const struct section *sec)
{
	return is_rela_section(sec) && (sec->sh.sh_flags & SHF_RELA_LIVEPATCH);
}

#endif /* _KLP_ELF_H */
