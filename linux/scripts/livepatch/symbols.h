/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Symbols.list reader.  Only the names a livepatch references are kept,
 * each with every record of that name in file order.
 */
#ifndef _KLP_SYMBOLS_H
#define _KLP_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "htable.h"

struct symobj {
	struct hlist_node node;		/* in symdb.obj_hash */
	uint32_t hash;			/* hash_cstr(name) */
	char *name;			/* normalised: '-' became '_' */
	const char *where;		/* its "*" line in the mapped file */
};

struct symrec {
	struct symobj *obj;
	const char *file;		/* NULL when unknown */
	unsigned int file_len;
	char type;
	bool exported;
	bool init;			/* module symbol absent once it is live */
	bool sealed;			/* vmlinux function whose ENDBR is sealed */
	unsigned int pos;		/* rank among same names of obj, from 1 */
	unsigned int core_pos;		/* same, counting only !init; 0 if init */
	unsigned long long addr;	/* kallsyms dumps only */
};

struct symname {
	struct hlist_node node;		/* in symdb.names */
	const char *name;
	size_t len;
	struct symrec *recs;
	size_t alloc_recs;
	struct symobj *cur_obj;		/* counters while parsing */
	uint32_t hash;			/* hash_mem(name, len) */
	unsigned int nr_recs;
	unsigned int cur_count;
	unsigned int cur_core;
	bool multi_obj;			/* records in more than one object */
	bool vmlinux_export;		/* one is exported by vmlinux */
};

struct symdb {
	const char *path;
	dev_t dev;			/* of the file, to refuse writing over it */
	ino_t ino;
	void *map;
	size_t size;
	struct htable names;		/* of wanted */
	struct symname **wanted;
	size_t nr_wanted;
	size_t alloc_wanted;
	struct htable obj_hash;		/* of objs */
	struct symobj **objs;
	size_t nr_objs;
	size_t alloc_objs;
	bool want_all;			/* keep every name (symdb_want_all) */
	bool kallsyms;			/* a /proc/kallsyms dump, not a list */
	/* Bloom filter of the wanted names, see filter_test() */
	uint8_t filter[8192];
};

struct symdb *symdb_new(const char *path, size_t expected_names);
void symdb_want(struct symdb *db, const char *name);
void symdb_want_all(struct symdb *db);
/* a Symbols.list */
int symdb_load(struct symdb *db);

/* for the readers of other formats: the file, objects, records */
int symdb_map(struct symdb *db);
/* the mapped file (symdb_map()) as a Symbols.list */
int symdb_parse(struct symdb *db);
struct symobj *symdb_object(struct symdb *db, const char *name, size_t len);
/* a record of name in obj, if the name is wanted; NULL otherwise */
struct symrec *symdb_add(struct symdb *db, struct symobj *obj, const char *name,
			 size_t len, bool init);

const struct symname *symdb_lookup(const struct symdb *db, const char *name);
/*
 * As klp_find_object_symbol() counts: the pos-th (from 1) record of sn in
 * obj, or for pos 0 the only one; among the core (not init) records only
 * if core_only.  *count: how many records were counted.  NULL if there is
 * no such record, or if pos is 0 and there is not exactly one.
 */
const struct symrec *symname_pick(const struct symname *sn,
				  const struct symobj *obj, unsigned long pos,
				  bool core_only, unsigned int *count);
const struct symobj *symdb_find_object(const struct symdb *db, const char *name);
void symdb_free(struct symdb *db);

static inline bool symobj_is_vmlinux(const struct symobj *obj)
{
	return !strcmp(obj->name, "vmlinux");
}

#endif /* _KLP_SYMBOLS_H */
