/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal chained hash table keyed by strings, used for symbol, section
 * and Symbols.list lookups.  Nodes are embedded in their owners, so the
 * table itself only holds bucket heads.
 */
#ifndef _KLP_HASH_H
#define _KLP_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct hnode {
	struct hnode *next;
	uint32_t hash;
};

struct htable {
	struct hnode **buckets;
	uint32_t mask;
};

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/*
 * Hash of the length and of the first and last 8 bytes: Symbols.list has
 * millions of names to look up and kernel names differ at both ends
 * (subsystem prefix, counter or .isra/.constprop suffix).  Collisions only
 * cost a memcmp().
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

static inline uint32_t hash_str(const char *s)
{
	return hash_mem(s, strlen(s));
}

int htable_init(struct htable *t, size_t expected);
void htable_free(struct htable *t);

static inline void htable_add(struct htable *t, struct hnode *n, uint32_t hash)
{
	struct hnode **head = &t->buckets[hash & t->mask];

	n->hash = hash;
	n->next = *head;
	*head = n;
}

static inline struct hnode *htable_first(const struct htable *t, uint32_t hash)
{
	return t->buckets[hash & t->mask];
}

#endif /* _KLP_HASH_H */
