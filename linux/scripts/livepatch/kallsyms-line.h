/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one reader of System.map and /proc/kallsyms lines (kallsyms-line.c):
 *
 *	ffffffff81000000 T _text
 *	ffffffffc0201000 t get_id	[test_klp_convert_mod]
 */
#ifndef _KLP_KALLSYMS_LINE_H
#define _KLP_KALLSYMS_LINE_H

#include <stdbool.h>
#include <stddef.h>

struct ksym_line {
	unsigned long long addr;
	const char *name;	/* name_len bytes, not terminated */
	size_t name_len;
	const char *mod;	/* inside "[...]", mod_len bytes; NULL: vmlinux */
	size_t mod_len;
	bool pseudo;		/* [bpf], [__builtin__*]: not a kernel object */
	bool same_mod;		/* the module of the line before */
	char type;
};

struct ksym_reader {
	const char *p, *end;
	unsigned int line;	/* of the line read last */
	const char *error;	/* why the last read failed */
	/* "[<module>]" of the line before, checked already */
	const char *last_mod_text;
	size_t last_mod_text_len;
	struct ksym_line last;
};

void ksym_reader_init(struct ksym_reader *r, const char *buf, size_t size);
/* 1: *l is the next line; 0: no more; -1: r->error says why, at r->line */
int ksym_read_line(struct ksym_reader *r, struct ksym_line *l);
/* whether buf starts as a kallsyms line with an address of 8 digits or more */
bool ksym_looks_like_line(const char *buf, size_t size);

#endif /* _KLP_KALLSYMS_LINE_H */
