/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-architecture knowledge: which relocation types the kernel's
 * apply_relocate_add() handles, how wide each one is (for the
 * "target must be zero" check), and which special sections the loader
 * consumes before module-specific livepatch relocations are written.
 */
#ifndef _KLP_ARCH_H
#define _KLP_ARCH_H

#include <stdbool.h>
#include <stddef.h>

struct arch_reloc {
	unsigned int type;
	unsigned int width;		/* bytes written at the target */
	const char *name;
	const char *why;		/* refused types: why, and what instead */
};

/* table entries: an accepted type, a refused one with its reason */
#define RELOC(t, w)		{ .type = (t), .width = (w), .name = #t }
#define REFUSED(t, w, reason)	{ .type = (t), .width = (w), .name = #t, .why = (reason) }

/* A relocation to a livepatch symbol, for an architecture's own rules */
struct arch_site {
	unsigned int type;
	const unsigned char *bytes;	/* the target section; NULL: no bytes */
	unsigned long long size;	/* of bytes */
	unsigned long long off;		/* the relocated place, < size */
	bool to_vmlinux;		/* the symbol's object is vmlinux */
	bool writable;			/* the target section is SHF_WRITE */
};

/* What a relocated place does with its symbol, for verify's type checks */
enum reloc_use {
	RELOC_USE_ADDRESS,		/* takes the address (or unknown) */
	RELOC_USE_CALL,			/* call or jump to it: must be text */
	RELOC_USE_LOAD,			/* reads or writes it: must be data */
};

struct arch {
	const char *name;
	unsigned int machine;
	unsigned char elf_class;
	unsigned char elf_data;		/* byte order: ELFDATA2LSB/MSB */
	/* -m options of the kernel's module builds, for messages */
	const char *kernel_cflags;
	/*
	 * The kernel refuses to write a livepatch relocation over non-zero
	 * bytes (x86); elsewhere the place holds instruction bits.
	 */
	bool zero_target;
	unsigned int none_type;		/* placeholder entry for an emptied .rela */
	unsigned int abs64_type;	/* KLP_SYMPOS() address slots */
	const struct arch_reloc *relocs;	/* accepted types */
	unsigned int nr_relocs;
	const struct arch_reloc *known;	/* names of refused types */
	unsigned int nr_known;
	/* names; an entry ending in '*' is a prefix */
	const char * const *special_sections;
	unsigned int nr_special_sections;
	/* undefined symbols the module loader itself resolves */
	const char * const *loader_symbols;
	unsigned int nr_loader_symbols;
	/* NULL, or why the site cannot take a livepatch symbol (and what to do) */
	const char *(*check_site)(const struct arch_site *site, char *buf,
				  size_t len);
	/* the use at offset off of section bytes [0, size), exec: SHF_EXECINSTR */
	enum reloc_use (*reloc_use)(unsigned int type, const unsigned char *bytes,
				    unsigned long long size, unsigned long long off,
				    bool exec);
};

extern const struct arch arch_x86_64;
extern const struct arch arch_ppc64le;
extern const struct arch arch_s390x;

const struct arch *arch_find(unsigned int machine);
const struct arch *arch_find_format(unsigned char elf_class, unsigned char elf_data);
const char *arch_supported(void);
unsigned int arch_reloc_width(const struct arch *arch, unsigned int type);
const struct arch_reloc *arch_reloc(const struct arch *arch, unsigned int type);
const char *arch_reloc_name(const struct arch *arch, unsigned int type);
const struct arch_reloc *arch_refused_reloc(const struct arch *arch,
					    unsigned int type);
bool arch_is_special_section(const struct arch *arch, const char *name);
bool arch_is_loader_symbol(const struct arch *arch, const char *name);

#endif /* _KLP_ARCH_H */
