/* SPDX-License-Identifier: GPL-2.0 */
/*
 * klp-symlist: Symbols.list from a kernel's install products (a
 * distribution's packages) rather than from its build.  The records obey
 * the rules modpost's writer obeys (scripts/mod/klp-symtype.h).
 */
#ifndef _KLP_SYMLIST_H
#define _KLP_SYMLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "htable.h"

/* symlist-text.c: a growing text buffer */
struct strbuf {
	char *p;
	size_t len;
	size_t alloc;
};

void sb_add(struct strbuf *sb, const char *s, size_t len);
void sb_adds(struct strbuf *sb, const char *s);
void sb_record(struct strbuf *sb, char type, bool exported, bool init,
	       const char *name, const char *file);

/* the largest System.map, /proc/kallsyms dump or Module.symvers read */
#define MAX_TEXT_FILE	(1ULL << 30)

/*
 * The whole of a file, NUL-terminated, at most max bytes; NULL after an
 * error naming it.
 */
char *read_whole_file(const char *path, size_t max, size_t *size);
/* the next line of *pos, NUL-terminated in place; NULL at the end */
char *next_line(char **pos);

/* What the kernel's configuration says of livepatching it */
struct kconfig_facts {
	bool livepatch;			/* CONFIG_LIVEPATCH=y */
	bool kallsyms_all;		/* CONFIG_KALLSYMS_ALL=y */
};

/* the facts of a .config's text (size bytes, any content) */
void kconfig_parse(const char *text, size_t size, struct kconfig_facts *k);
/*
 * Refuse, with an error naming the .config, a kernel that cannot take a
 * livepatch; with force, only read it.  The facts found go to *k.
 */
int kernel_config_check(const char *path, bool force, struct kconfig_facts *k);

/* One export of Module.symvers */
struct export {
	struct hlist_node node;		/* in symvers.names */
	uint32_t hash;			/* hash_cstr(name) */
	const char *name;
	const char *module;		/* kernel name: "vmlinux", "minix" */
	uint32_t crc;
	bool seen;			/* found in its object */
};

struct symvers {
	const char *path;
	char *text;
	struct export *exports;
	size_t nr;
	size_t nr_vmlinux;
	struct htable names;
};

int symvers_read(const char *path, struct symvers *sv);
/* name's export by module (a kernel name), or NULL */
struct export *symvers_find(const struct symvers *sv, const char *name,
			    const char *module);
/* name's export by any object, or NULL */
struct export *symvers_find_any(const struct symvers *sv, const char *name);
void symvers_free(struct symvers *sv);

/* vmlinux records, in kallsyms order */
struct vrec {
	unsigned long long addr;
	const char *name;
	char type;
};

struct vmlinux_syms {
	const char *path;
	struct vrec *recs;
	size_t nr;
	size_t alloc;
	char *text;			/* owns the names */
	unsigned char build_id[64];
	size_t build_id_len;
};

/* a System.map: what kallsyms keeps of it */
int vmlinux_from_system_map(const char *path, struct vmlinux_syms *vs);
/* a /proc/kallsyms dump of the target: its vmlinux lines */
int vmlinux_from_kallsyms(const char *path, struct vmlinux_syms *vs);
/* the kallsyms tables of a vmlinuz, bzImage or vmlinux (vmlinuz.c) */
int vmlinux_from_image(const char *path, struct vmlinux_syms *vs);
void vmlinux_syms_free(struct vmlinux_syms *vs);

/*
 * The vmlinux block: records of vs, export flags from sv, source files of
 * local symbols from the linked vmlinux debug_vmlinux (may be NULL).
 */
int vmlinux_block(const struct vmlinux_syms *vs, struct symvers *sv,
		  const char *debug_vmlinux, struct strbuf *out);

struct modtree_opts {
	const char *dir;		/* tree of .ko[.xz|.zst|.gz] */
	const char *release;		/* every vermagic's; NULL: the first's */
	const char *debug_dir;		/* unstripped modules, same layout */
	unsigned int jobs;
	struct symvers *sv;
};

/* The block of every module of the tree, in modules.order order. */
int modtree_blocks(const struct modtree_opts *o, struct strbuf *out,
		   size_t *nr_modules);

#endif /* _KLP_SYMLIST_H */
