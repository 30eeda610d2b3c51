/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kallsyms records of a kernel image, decoded offline: what
 * /proc/kallsyms of that kernel lists for vmlinux, without running it
 * and without its System.map (a distribution ships a placeholder).
 */
#ifndef _KLP_VMLINUZ_H
#define _KLP_VMLINUZ_H

#include <stddef.h>

struct ksym {
	unsigned long long addr;
	const char *name;	/* NUL-terminated, in pool */
	char type;		/* the kallsyms letter, as /proc/kallsyms shows */
};

struct ksym_table {
	struct ksym *syms;
	size_t nr;
	char *pool;
	unsigned char build_id[64];	/* NT_GNU_BUILD_ID of the image's notes, if found */
	size_t build_id_len;
};

/*
 * Every kallsyms record of a bzImage/vmlinuz (x86 boot header, payload
 * compressed with zstd, xz, gzip or lz4) or of an uncompressed vmlinux
 * ELF, in kallsyms order (the order kernel/kallsyms.c iterates: the
 * sympos order).  0, or -1 after klp_error(path, ...) with *t empty.
 */
int vmlinuz_read_kallsyms(const char *path, struct ksym_table *t);
/* the same, of an image in memory; name is for the messages */
int vmlinuz_read_kallsyms_mem(const char *name, const void *buf, size_t size,
			      struct ksym_table *t);
void ksym_table_free(struct ksym_table *t);

#endif /* _KLP_VMLINUZ_H */
