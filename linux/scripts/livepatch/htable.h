/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hash tables of klp-convert, keyed by names: sections and symbols of the
 * module, objects and wanted names of Symbols.list.  The buckets are the
 * kernel's struct hlist_head (scripts/include/list.h), the nodes embedded
 * in their owners.  Unlike scripts/include/hashtable.h, whose tables are
 * arrays of a size fixed at compile time, the bucket arrays are sized at
 * run time: a module has tens to tens of thousands of symbols, and a
 * livepatch may want thousands of names from a Symbols.list of millions
 * of records.
 */
#ifndef _KLP_HTABLE_H
#define _KLP_HTABLE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <list.h>

struct htable {
	struct hlist_head *buckets;
	uint32_t mask;			/* number of buckets - 1 */
};

/*
 * Hash of the length and of the first and last 8 bytes, not of every byte
 * as scripts/include/hash.h hash_str() (FNV-1a, one multiply per byte, on
 * NUL-terminated strings).  Every record name of Symbols.list, two million
 * in a distribution, is hashed where it lies in the mapped file (not
 * NUL-terminated) to be tested against the wanted names, so the cost per
 * name must not grow with its length: kernel names are long, and differ at
 * both ends (subsystem prefix, counter or .isra/.constprop suffix).  All
 * 32 bits are mixed: the two 16-bit halves index the Bloom filter of
 * symbols.c.  Collisions only cost a memcmp().
 */
static inline uint32_t hash_mem(const char *s, size_t len)
{
	uint64_t a = 0, b = 0, h;

	if (len >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + len - 8, 8);
	} else {
		memcpy(&a, s, len);
	}
	h = (a ^ (b << 29 | b >> 35) ^ len) * 0x9e3779b97f4a7c15ULL;
	h ^= (b + len) * 0xc2b2ae3d27d4eb4fULL;
	return (uint32_t)(h >> 32 ^ h);
}

static inline uint32_t hash_cstr(const char *s)
{
	return hash_mem(s, strlen(s));
}

/* at least 16 buckets, and at least twice as many as expected entries */
void htable_init(struct htable *t, size_t expected);
void htable_free(struct htable *t);

static inline struct hlist_head *htable_bucket(const struct htable *t,
					       uint32_t hash)
{
	return &t->buckets[hash & t->mask];
}

#endif /* _KLP_HTABLE_H */
