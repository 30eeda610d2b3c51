// SPDX-License-Identifier: GPL-2.0
/*
 * The architecture registry: which tables exist (arch-<name>.c) and the
 * lookups into them.  A new architecture adds its table to arches[].
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include "arch.h"
#include "util.h"

static const struct arch * const arches[] = {
	&arch_x86_64,
	&arch_ppc64le,
	&arch_s390x,
};

const struct arch *arch_find(unsigned int machine)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (arches[i]->machine == machine)
			return arches[i];
	return NULL;
}

/* an architecture whose modules are of this ELF class and byte order */
const struct arch *arch_find_format(unsigned char elf_class, unsigned char elf_data)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (arches[i]->elf_class == elf_class && arches[i]->elf_data == elf_data)
			return arches[i];
	return NULL;
}

/* "x86_64", or "a, b" with more architectures, for messages */
const char *arch_supported(void)
{
	static char buf[128];
	size_t i, len = 0;

	if (buf[0])
		return buf;
	for (i = 0; i < ARRAY_SIZE(arches) && len < sizeof(buf); i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s",
				i ? ", " : "", arches[i]->name);
	return buf;
}

const struct arch_reloc *arch_reloc(const struct arch *arch, unsigned int type)
{
	unsigned int i;

	for (i = 0; i < arch->nr_relocs; i++)
		if (arch->relocs[i].type == type)
			return &arch->relocs[i];
	return NULL;
}

/* a type refused for livepatch symbols, with its reason if known */
const struct arch_reloc *arch_refused_reloc(const struct arch *arch,
					    unsigned int type)
{
	unsigned int i;

	for (i = 0; i < arch->nr_known; i++)
		if (arch->known[i].type == type)
			return &arch->known[i];
	return NULL;
}

/* an accepted type, or one only known for messages */
static const struct arch_reloc *any_reloc(const struct arch *arch,
					  unsigned int type)
{
	const struct arch_reloc *r = arch_reloc(arch, type);

	return r ? r : arch_refused_reloc(arch, type);
}

const char *arch_reloc_name(const struct arch *arch, unsigned int type)
{
	const struct arch_reloc *r = any_reloc(arch, type);

	return r ? r->name : NULL;
}

/* bytes the type writes at its offset; 0 if unknown */
unsigned int arch_reloc_width(const struct arch *arch, unsigned int type)
{
	const struct arch_reloc *r = any_reloc(arch, type);

	return r ? r->width : 0;
}

/* @name is one of @pats; a pattern ending in '*' is a prefix */
static bool name_in(const char *name, const char * const *pats, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const char *s = pats[i];
		size_t len = strlen(s);

		if (s[len - 1] == '*' ? !strncmp(name, s, len - 1) : !strcmp(name, s))
			return true;
	}
	return false;
}

bool arch_is_special_section(const struct arch *arch, const char *name)
{
	return name_in(name, arch->special_sections, arch->nr_special_sections);
}

/*
 * Undefined symbols of a module that its architecture's loader resolves
 * itself (modpost's ignore_undef_symbol()): never livepatch symbols.
 */
bool arch_is_loader_symbol(const struct arch *arch, const char *name)
{
	return name_in(name, arch->loader_symbols, arch->nr_loader_symbols);
}
