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
 * FNV-1a over 8-byte words: names are short, so a word-at-a-time mix
 * is several times faster than a byte loop on the Symbols.list hot path.
 */
static inline uint32_t hash_mem(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ len;
	uint64_t w;

	while (len >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
		s += 8;
		len -= 8;
	}
	if (len) {
		w = 0;
		memcpy(&w, s, len);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	return (uint32_t)(h ^ (h >> 32));
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
