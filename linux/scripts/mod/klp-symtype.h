/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rules of a Symbols.list record, shared by its two writers: modpost
 * (klp-symbols.c), which reads the objects of a kernel build, and
 * scripts/livepatch/klp-symlist, which reads a kernel's install products
 * (a distribution's packages).  Both must give the same records for the
 * same symbol, so every rule that decides one lives here, on plain ELF
 * values rather than either program's ELF model.
 */
#ifndef _KLP_SYMTYPE_H
#define _KLP_SYMTYPE_H

#include <ctype.h>
#include <elf.h>
#include <stdbool.h>
#include <string.h>

#define KLP_SYMBOLS_VERSION	"klp-convert-symbol-data.1"
/* scripts/kallsyms.c: longer names are not in kallsyms */
#define KLP_KSYM_NAME_LEN	512

/*
 * The type letter of a record: every letter nm (hence System.map),
 * scripts/kallsyms.c, the module loader's elf_type() and modpost give a
 * defined symbol: a/A absolute, b/B bss, c/C common, d/D data, g/G and
 * s/S small data, i/I indirect, n/N debug, p stack unwind, r/R rodata,
 * t/T text, u unique global, v/V w/W weak, ? unknown.  Not U: undefined
 * symbols are nobody's records.
 */
#define KLP_TYPE_LETTERS	"aAbBcCdDgGiInNprRsStTuvVwW?"

static inline bool klp_type_ok(char c)
{
	switch (c) {
	case 'a': case 'A': case 'b': case 'B': case 'c': case 'C':
	case 'd': case 'D': case 'g': case 'G': case 'i': case 'I':
	case 'n': case 'N': case 'p': case 'r': case 'R': case 's':
	case 'S': case 't': case 'T': case 'u': case 'v': case 'V':
	case 'w': case 'W': case '?':
		return true;
	default:
		return false;
	}
}

static inline bool klp_starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Sections scripts/module.lds.S discards: their symbols never reach a .ko. */
static inline bool klp_sec_discarded(const char *name)
{
	return !strcmp(name, ".discard") || klp_starts(name, ".discard.") ||
	       !strcmp(name, ".export_symbol");
}

/*
 * Whether a module's symbols in a section stay in its core kallsyms once
 * it is live (kernel/module/kallsyms.c: is_core_symbol()): not init memory
 * (module_init_section(): ".init*", except on powerpc, which loads init
 * sections with the core), and allocated, counting the sections the loader
 * strips SHF_ALLOC from.  @has_sec is false for SHN_ABS and other special
 * indices; @machine is the module's e_machine.
 */
static inline bool klp_sec_core(unsigned int machine, bool has_sec,
				unsigned long long sh_flags, const char *name)
{
	bool init = klp_starts(name, ".init") &&
		    machine != EM_PPC64 && machine != EM_PPC;

	return has_sec && (sh_flags & SHF_ALLOC) && !init &&
	       strcmp(name, ".modinfo") && strcmp(name, "__versions");
}

/* The letter nm and kallsyms give a defined symbol. */
static inline char klp_sym_type(bool has_sec, unsigned long long sh_flags,
				unsigned int sh_type, unsigned int bind,
				unsigned int type)
{
	char c;

	if (bind == STB_WEAK)
		return type == STT_OBJECT ? 'V' : 'W';

	if (!has_sec)
		c = 'a';
	else if (sh_flags & SHF_EXECINSTR)
		c = 't';
	else if (sh_type == SHT_NOBITS)
		c = 'b';
	else if (sh_flags & SHF_WRITE)
		c = 'd';
	else if (sh_flags & SHF_ALLOC)
		c = 'r';
	else
		c = 'n';

	return bind == STB_GLOBAL ? toupper(c) : c;
}

/*
 * Whether @s can be a field of a record: klp-convert splits records at
 * spaces and refuses control characters (and so empty fields).  A symbol
 * whose name cannot be a field is left out: no reference can name it
 * through Symbols.list, and the sympos of other names does not change.  A
 * file that cannot be a field is unknown ("-").
 */
static inline bool klp_field_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return false;
	return true;
}

/*
 * A name is a field of at most what kallsyms keeps (a longer one cannot be
 * a livepatch symbol either); a file name of at most NAME_MAX, or the file
 * is unknown.  Both bound a record, so a list is never far larger than the
 * symbol tables it comes from.
 */
#define KLP_FILE_NAME_MAX	255

static inline bool klp_name_ok(const char *s)
{
	return klp_field_ok(s) && strlen(s) < KLP_KSYM_NAME_LEN;
}

static inline bool klp_file_ok(const char *s)
{
	return klp_field_ok(s) && strlen(s) <= KLP_FILE_NAME_MAX;
}

/* The vmlinux symbols kallsyms leaves out (scripts/kallsyms.c). */
static inline bool klp_kallsyms_ignores(const char *name, char type)
{
	return type == 'u' || type == 'n' || toupper(type) == 'A' ||
	       strlen(name) >= KLP_KSYM_NAME_LEN;
}

/* The kernel's name of a module file's character: '-' and ',' become '_'. */
static inline char klp_modname_char(char c)
{
	return c == '-' || c == ',' ? '_' : c;
}

/*
 * The flags field of a record: "x" exported, "i" init, "s" a function
 * whose ENDBR the kernel seals at boot (IBT), "-" none.
 */
static inline const char *klp_record_flags(bool exported, bool init,
					   bool sealed)
{
	static const char * const flags[] = {
		"-", "x", "i", "xi", "s", "xs", "is", "xis",
	};

	return flags[exported | init << 1 | sealed << 2];
}

#endif /* _KLP_SYMTYPE_H */
