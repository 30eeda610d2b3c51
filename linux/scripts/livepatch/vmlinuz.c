// SPDX-License-Identifier: GPL-2.0
/*
 * The kallsyms records of a kernel image, decoded offline.
 *
 * scripts/kallsyms.c (write_src()) emits the tables into .rodata of
 * vmlinux, each label aligned to the word size ("ALGN": 8 bytes on 64-bit
 * kernels, 4 on 32-bit), every field in the kernel's byte order but
 * kallsyms_seqs_of_names (big-endian 24-bit numbers everywhere):
 *
 *   kallsyms_num_syms       u32
 *   kallsyms_names          per symbol: length (ULEB128, 1 or 2 bytes),
 *                           then that many token numbers; the expanded
 *                           string is the type letter and the name
 *   kallsyms_markers        u32 offset into names of every 256th symbol
 *   kallsyms_token_table    256 NUL-terminated strings
 *   kallsyms_token_index    256 u16: offset of each string in the table
 *   kallsyms_offsets        s32 per symbol (see decode_addresses())
 *   kallsyms_relative_base  a word
 *   kallsyms_seqs_of_names  3 bytes per symbol: symbol numbers, by name
 *
 * Two orders are written:
 *
 *   6.2 to 6.12 and later ("6.12 order"): as listed above; the addresses
 *   are always base-relative (KALLSYMS_BASE_RELATIVE is gone in 6.11).
 *
 *   6.1 ("6.1 order"; Debian's 6.1 has kallsyms_seqs_of_names from
 *   6.2): offsets (or addresses), relative_base, num_syms, names,
 *   markers, seqs_of_names, token_table, token_index.  Without
 *   CONFIG_KALLSYMS_BASE_RELATIVE (IA64 only) there is no relative_base
 *   and kallsyms_addresses holds a word per symbol instead.
 *
 * With CONFIG_KALLSYMS_ABSOLUTE_PERCPU (x86_64 SMP) the offsets encode
 * percpu symbols as absolute values (decode_addresses()).
 *
 * A stripped image has no .symtab saying where the tables are.  They are
 * found by their structure: a token index whose 256 entries are the
 * offsets of the 256 strings just before it; from there each order's
 * neighbours follow by their sizes and alignment.  Everything is
 * cross-checked (markers against the names, the number of names, the
 * address order, the name order of kallsyms_seqs_of_names), so a layout
 * this code does not know is refused, not misread.  The image is
 * hostile: every offset is bounds-checked before use, and the output is
 * bounded by the image's size.
 */
#define _GNU_SOURCE	/* memmem() */
#include <ctype.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "decompress.h"
#include "notes.h"
#include "util.h"
#include "vmlinuz.h"

/* largest decompressed image (a fuzzing build lowers it) */
#ifndef VMLINUZ_MAX_IMAGE
#define VMLINUZ_MAX_IMAGE	(1ULL << 30)
#endif

/* include/linux/kallsyms.h: names are shorter; with the type letter, at most this */
#define KSYM_NAME_LEN		512
#define NR_TOKENS		256
#define TOKEN_INDEX_SIZE	(2 * NR_TOKENS)
#define MARKER_STRIDE		256
/* every token used expands to at least a byte: a name is at most this long */
#define MAX_ENTRY		(2 + KSYM_NAME_LEN)
/* kallsyms_seqs_of_names numbers symbols in 24 bits */
#define MAX_SYMS		(1U << 24)
/* token tables looked at beyond the first consistent one, at most */
#define MAX_CANDIDATES		64

/* The tables of one candidate, as offsets into the image */
struct kall {
	const unsigned char *p;
	size_t size;
	bool big;		/* the image's byte order */
	unsigned int word;	/* its word size: 8 or 4 */
	const char *order;	/* "6.12 order" or "6.1 order", being tried */
	size_t base;		/* offset modulo word of every table */
	size_t tindex, ttable;
	unsigned int tok_off[NR_TOKENS];
	unsigned int tok_len[NR_TOKENS];
	size_t markers;		/* kallsyms_markers */
	unsigned int nr_markers;
	size_t names, names_end;
	unsigned int num;	/* kallsyms_num_syms */
	unsigned int want_num;	/* 6.1 order: the count the seqs imply */
	size_t total;		/* bytes of all expanded names */
	size_t offsets;		/* kallsyms_offsets, or kallsyms_addresses */
	bool absolute;		/* kallsyms_addresses: a word per symbol */
	size_t relbase, seqs;
	bool abs_percpu;
	/* why the candidate that got furthest was refused */
	int stage, best_stage;
	char why[240];
};

/* the x86 boot header is little-endian */
static uint16_t le16(const unsigned char *p)
{
	return p[0] | p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* a field of the tables, in the image's byte order */
static uint16_t rd16(const struct kall *k, size_t off)
{
	const unsigned char *p = k->p + off;

	return k->big ? p[0] << 8 | p[1] : le16(p);
}

static uint32_t rd32(const struct kall *k, size_t off)
{
	const unsigned char *p = k->p + off;

	if (k->big)
		return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
	return le32(p);
}

static uint64_t rd_word(const struct kall *k, size_t off)
{
	uint64_t lo, hi;

	if (k->word == 4)
		return rd32(k, off);
	hi = rd32(k, off + (k->big ? 0 : 4));
	lo = rd32(k, off + (k->big ? 4 : 0));
	return hi << 32 | lo;
}

static bool in_bounds(const struct kall *k, size_t off, size_t len)
{
	return off <= k->size && len <= k->size - off;
}

static bool all_zero(const unsigned char *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

/* the next offset of a table label at or after off */
static size_t align_up(const struct kall *k, size_t off)
{
	return off + ((k->base - off) & (k->word - 1));
}

/* len rounded up to whole words: a table's size with its padding */
static size_t padded(const struct kall *k, size_t len)
{
	return (len + k->word - 1) & ~(size_t)(k->word - 1);
}

/* records why this candidate is refused, if it got furthest so far */
static __printf(2, 3) int reject(struct kall *k, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (k->stage >= k->best_stage) {
		k->best_stage = k->stage;
		n = k->stage > 1 ? snprintf(k->why, sizeof(k->why), "%s: ", k->order) : 0;
		va_start(ap, fmt);
		vsnprintf(k->why + n, sizeof(k->why) - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* 256 strictly increasing u16 from 0: a possible kallsyms_token_index */
static bool token_index_at(const struct kall *k, size_t off)
{
	unsigned int i, prev = 0, cur;

	if (rd16(k, off) != 0)
		return false;
	for (i = 1; i < NR_TOKENS; i++) {
		cur = rd16(k, off + 2 * i);
		if (cur <= prev)
			return false;
		prev = cur;
	}
	return true;
}

/* the strings at table + tok_off[i] are exactly the index's spacing */
static bool tokens_fit(struct kall *k, size_t table, size_t room)
{
	const unsigned char *t = k->p + table;
	const unsigned char *nul;
	unsigned int i, off, len;

	for (i = 0; i < NR_TOKENS; i++) {
		off = rd16(k, k->tindex + 2 * i);
		len = i + 1 < NR_TOKENS ?
		      rd16(k, k->tindex + 2 * i + 2) - off - 1 :
		      room - off;
		nul = memchr(t + off, 0, len + (i + 1 < NR_TOKENS));
		if (!nul || (i + 1 < NR_TOKENS && nul != t + off + len))
			return false;
		k->tok_off[i] = off;
		k->tok_len[i] = nul - (t + off);
	}
	/* then zeros up to the (aligned) token index */
	off = k->tok_off[NR_TOKENS - 1] + k->tok_len[NR_TOKENS - 1] + 1;
	return room - off < k->word && all_zero(t + off, room - off);
}

/* the token table ends at most a word of padding before the index */
static int find_token_table(struct kall *k)
{
	unsigned int last = rd16(k, k->tindex + 2 * (NR_TOKENS - 1));
	size_t room;

	for (room = padded(k, last + 2);
	     room <= padded(k, last + 1 + KSYM_NAME_LEN) && room <= k->tindex;
	     room += k->word) {
		if (tokens_fit(k, k->tindex - room, room)) {
			k->ttable = k->tindex - room;
			return 0;
		}
	}
	return -1;
}

static uint32_t marker(const struct kall *k, unsigned int i)
{
	return rd32(k, k->markers + 4 * (size_t)i);
}

/*
 * nr markers at off, then padding to the next word up to end: 0 first,
 * then increasing by at least 512 bytes (256 names of 2 bytes or more).
 */
static bool markers_at(const struct kall *k, size_t off, unsigned int nr, size_t end)
{
	unsigned int i;

	if (rd32(k, off) != 0 || !all_zero(k->p + off + 4 * (size_t)nr,
					  end - off - 4 * (size_t)nr))
		return false;
	for (i = 1; i < nr; i++)
		if (rd32(k, off + 4 * (size_t)i) < 512 ||
		    rd32(k, off + 4 * (size_t)i) - 512 < rd32(k, off + 4 * (size_t)i - 4))
			return false;
	return true;
}

/*
 * 6.12 order: back from the token table, padding to a word, then the
 * markers, increasing, down to the first, 0.  With 8-byte words, 4 zero
 * bytes before the table are padding (an odd number of markers) or the
 * first marker: both are tried.
 */
static int find_markers_before_tokens(struct kall *k)
{
	unsigned int pad, n;
	size_t pos;

	k->stage = 2;
	if (k->ttable < 8 || (k->ttable - k->base) % k->word)
		return reject(k, "kallsyms_token_table misaligned");
	for (pad = 0; pad < k->word; pad += 4) {
		if (pad && rd32(k, k->ttable - 4))
			break;
		n = 0;
		for (pos = k->ttable - pad; pos >= 4; pos -= 4) {
			n++;
			if (rd32(k, pos - 4) == 0)
				break;
		}
		if (pos < 4 || padded(k, 4 * (size_t)n) != k->ttable - (pos - 4) ||
		    !markers_at(k, pos - 4, n, k->ttable))
			continue;
		k->markers = pos - 4;
		k->nr_markers = n;
		return 0;
	}
	return reject(k, "no increasing kallsyms_markers before kallsyms_token_table");
}

/* the length of the name entry at off, 0 if it does not fit before end */
static size_t entry_size(const struct kall *k, size_t off, size_t end,
			 unsigned int *len)
{
	const unsigned char *p = k->p + off;
	size_t hdr = 1;

	if (off >= end)
		return 0;
	*len = p[0];
	if (p[0] & 0x80) {
		if (end - off < 2)
			return 0;
		*len = (p[0] & 0x7f) | p[1] << 7;
		hdr = 2;
	}
	if (!*len || *len > KSYM_NAME_LEN || *len > end - off - hdr)
		return 0;
	return hdr + *len;
}

/* the names after the last marker end (padded) at kallsyms_markers */
static bool last_block_fits(const struct kall *k, size_t names, uint32_t num)
{
	size_t off = names + marker(k, k->nr_markers - 1), step;
	unsigned int i, len;

	for (i = (k->nr_markers - 1) * MARKER_STRIDE; i < num; i++) {
		step = entry_size(k, off, k->markers, &len);
		if (!step)
			return false;
		off += step;
	}
	return k->markers - off < k->word && all_zero(k->p + off, k->markers - off);
}

/*
 * kallsyms_num_syms, then padding to a word, then the names: look back
 * from the last marker for a count that fits the number of markers (in
 * the 6.1 order, the count the seqs imply) and names that end where the
 * markers start.
 */
static int find_names(struct kall *k)
{
	uint32_t last = marker(k, k->nr_markers - 1), num;
	uint64_t lo = (uint64_t)(k->nr_markers - 1) * MARKER_STRIDE + 1;
	uint64_t hi = (uint64_t)k->nr_markers * MARKER_STRIDE;
	size_t s, stop;

	k->stage = 3;
	if (k->want_num)
		lo = hi = k->want_num;
	if (k->markers < (size_t)last + 2 + 8)
		return reject(k, "kallsyms_names would start before the image");
	s = k->markers - last - 2;
	s -= (s - k->base) & (k->word - 1);
	/* the names of the last block take at most 256 * MAX_ENTRY bytes */
	stop = k->markers - last > MARKER_STRIDE * MAX_ENTRY + 16 ?
	       k->markers - last - MARKER_STRIDE * MAX_ENTRY - 16 : 0;
	for (; s >= k->word && s >= stop; s -= k->word) {
		num = rd32(k, s - k->word);
		if (num < lo || num > hi || !all_zero(k->p + s - k->word + 4, k->word - 4) ||
		    !last_block_fits(k, s, num))
			continue;
		k->names = s;
		k->num = num;
		return 0;
	}
	return reject(k, "no kallsyms_num_syms before kallsyms_names fits the %u kallsyms_markers and the names before them",
		      k->nr_markers);
}

/* every name: the markers, the lengths, the tokens, the expanded size */
static int check_names(struct kall *k)
{
	size_t off = k->names, step, exp;
	unsigned int i, j, len;
	const unsigned char *p;

	k->stage = 4;
	k->total = 0;
	for (i = 0; i < k->num; i++) {
		if (i % MARKER_STRIDE == 0 &&
		    marker(k, i / MARKER_STRIDE) != off - k->names)
			return reject(k, "kallsyms_markers[%u] is %u, name %u is at %zu of kallsyms_names",
				      i / MARKER_STRIDE, marker(k, i / MARKER_STRIDE),
				      i, off - k->names);
		step = entry_size(k, off, k->markers, &len);
		if (!step)
			return reject(k, "name %u overruns kallsyms_names", i);
		p = k->p + off + step - len;
		for (exp = 0, j = 0; j < len; j++) {
			if (!k->tok_len[p[j]])
				return reject(k, "name %u uses the empty token %u", i, p[j]);
			exp += k->tok_len[p[j]];
		}
		if (exp < 2 || exp > KSYM_NAME_LEN)
			return reject(k, "name %u expands to %zu bytes", i, exp);
		k->total += exp;
		off += step;
	}
	k->names_end = off;
	return 0;
}

/* 6.12 order: kallsyms_offsets after the index, relative_base, seqs */
static int find_tail(struct kall *k)
{
	size_t end;

	k->stage = 5;
	k->offsets = k->tindex + TOKEN_INDEX_SIZE;
	if (!in_bounds(k, k->offsets, 4 * (size_t)k->num))
		return reject(k, "kallsyms_offsets (%u entries) past the end of the image", k->num);
	end = k->offsets + 4 * (size_t)k->num;
	k->relbase = align_up(k, end);
	if (!in_bounds(k, k->relbase, k->word) || !all_zero(k->p + end, k->relbase - end))
		return reject(k, "no kallsyms_relative_base after kallsyms_offsets");
	k->seqs = k->relbase + k->word;
	if (!in_bounds(k, k->seqs, 3 * (size_t)k->num))
		return reject(k, "kallsyms_seqs_of_names (%u entries) past the end of the image",
			      k->num);
	return 0;
}

/*
 * 6.1 order: before kallsyms_num_syms, relative_base and the offsets
 * (base-relative), or a word per symbol, kallsyms_addresses
 * (absolute).
 */
static int find_head(struct kall *k, bool absolute)
{
	size_t num_syms = k->names - k->word, table;

	k->stage = 5;
	k->absolute = absolute;
	table = absolute ? (size_t)k->word * k->num : padded(k, 4 * (size_t)k->num) + k->word;
	if (table > num_syms)
		return reject(k, "kallsyms_%s (%u entries) before the start of the image",
			      absolute ? "addresses" : "offsets", k->num);
	k->offsets = num_syms - table;
	if (absolute)
		return 0;
	k->relbase = num_syms - k->word;
	if (!all_zero(k->p + k->offsets + 4 * (size_t)k->num,
		      k->relbase - k->offsets - 4 * (size_t)k->num))
		return reject(k, "no kallsyms_relative_base after kallsyms_offsets");
	return 0;
}

static int32_t offset_of(const struct kall *k, size_t i)
{
	return (int32_t)rd32(k, k->offsets + 4 * i);
}

/*
 * kernel/kallsyms.c kallsyms_sym_address().  With
 * CONFIG_KALLSYMS_ABSOLUTE_PERCPU (x86_64 SMP in 6.1 and 6.12), an
 * offset >= 0 is an absolute address (a percpu symbol, type 'A'), a
 * negative one is relative_base - 1 - offset; otherwise all are unsigned
 * offsets from relative_base.  Which one: the table is sorted by address
 * and relative_base is the lowest relative address, so the first
 * negative offset is -1 with the absolute encoding, while the unsigned
 * encoding starts at 0 and never decreases.
 */
static void detect_encoding(struct kall *k)
{
	size_t i;

	for (i = 0; i < k->num && offset_of(k, i) >= 0; i++)
		;
	k->abs_percpu = i < k->num && offset_of(k, i) == -1;
}

static uint64_t address_of(const struct kall *k, uint64_t rb, size_t i)
{
	int32_t off;

	if (k->absolute)
		return rd_word(k, k->offsets + (size_t)k->word * i);
	off = offset_of(k, i);
	if (!k->abs_percpu)
		return rb + (uint32_t)off;
	if (off >= 0)
		return off;
	return rb + (uint64_t)(-1 - (int64_t)off);
}

static int decode_addresses(struct kall *k, struct ksym_table *t)
{
	uint64_t rb = k->absolute ? 0 : rd_word(k, k->relbase), addr;
	size_t i;

	k->stage = 6;
	k->abs_percpu = false;
	if (!k->absolute)
		detect_encoding(k);
	if (!k->absolute && !k->abs_percpu && k->num && offset_of(k, 0) != 0)
		return reject(k, "kallsyms_offsets[0] is not 0 (the lowest address)");
	for (i = 0; i < k->num; i++) {
		addr = address_of(k, rb, i);
		if (k->abs_percpu && (offset_of(k, i) >= 0) != (t->syms[i].type == 'A'))
			return reject(k, "symbol %zu (%s): type %c with an %s offset",
				      i, t->syms[i].name, t->syms[i].type,
				      offset_of(k, i) >= 0 ? "absolute" : "relative");
		if (i && addr < t->syms[i - 1].addr)
			return reject(k, "symbol %zu (%s) is below the one before it",
				      i, t->syms[i].name);
		t->syms[i].addr = addr;
	}
	return 0;
}

/* the names, expanded into t (check_names() passed) */
static void expand_names(const struct kall *k, struct ksym_table *t)
{
	size_t off = k->names, step, pos = 0;
	unsigned int i, j, len;
	const unsigned char *p;
	char *out = t->pool;

	t->syms = xcalloc(k->num ? k->num : 1, sizeof(*t->syms));
	t->nr = k->num;
	for (i = 0; i < k->num; i++) {
		step = entry_size(k, off, k->markers, &len);
		p = k->p + off + step - len;
		for (j = 0; j < len; j++) {
			memcpy(out + pos, k->p + k->ttable + k->tok_off[p[j]],
			       k->tok_len[p[j]]);
			pos += k->tok_len[p[j]];
		}
		out[pos++] = '\0';
		t->syms[i].type = out[0];
		t->syms[i].name = out + 1;
		out += pos;
		pos = 0;
		off += step;
	}
}

static unsigned int seq_of(const struct kall *k, size_t i)
{
	const unsigned char *p = k->p + k->seqs + 3 * i;

	return p[0] << 16 | p[1] << 8 | p[2];
}

/* a permutation of the symbols, by name, then address, then number */
static int check_seqs(struct kall *k, const struct ksym_table *t)
{
	unsigned char *seen = xcalloc(k->num / 8 + 1, 1);
	unsigned int a, b = 0;
	size_t i;
	int cmp, ret = 0;

	k->stage = 7;
	for (i = 0; i < k->num && !ret; i++) {
		a = b;
		b = seq_of(k, i);
		if (b >= k->num || seen[b / 8] & (1 << b % 8)) {
			ret = reject(k, "kallsyms_seqs_of_names is not a permutation of the %u symbols",
				     k->num);
			break;
		}
		seen[b / 8] |= 1 << b % 8;
		if (!i)
			continue;
		cmp = strcmp(t->syms[a].name, t->syms[b].name);
		if (cmp > 0 || (!cmp && (t->syms[a].addr > t->syms[b].addr ||
			       (t->syms[a].addr == t->syms[b].addr && a > b))))
			ret = reject(k, "kallsyms_seqs_of_names out of name order at %zu (%s)",
				     i, t->syms[b].name);
	}
	free(seen);
	return ret;
}

static void table_free(struct ksym_table *t)
{
	free(t->syms);
	free(t->pool);
	t->syms = NULL;
	t->pool = NULL;
	t->nr = 0;
}

/* the names, then the addresses (found by find_tail() or find_head()) */
static int decode_names_and_addresses(struct kall *k, struct ksym_table *t,
				      int absolute)
{
	if (find_names(k) || check_names(k))
		return -1;
	if (absolute < 0 ? find_tail(k) : find_head(k, absolute))
		return -1;
	t->pool = xmalloc(k->total + k->num + 1);
	expand_names(k, t);
	if (decode_addresses(k, t) || check_seqs(k, t)) {
		table_free(t);
		return -1;
	}
	return 0;
}

static int decode_612(struct kall *k, struct ksym_table *t)
{
	k->order = "6.12 order";
	k->want_num = 0;
	if (find_markers_before_tokens(k))
		return -1;
	return decode_names_and_addresses(k, t, -1);
}

/*
 * 6.1 order: the markers, then the seqs (3 bytes a symbol), then the
 * token table.  The number of symbols fixes where both start: each count
 * whose markers fit is tried (a real table has one).
 */
static int decode_61(struct kall *k, struct ksym_table *t)
{
	size_t span, seqs, mspan;
	unsigned int num, m;

	k->order = "6.1 order";
	k->stage = 2;
	if (k->ttable < 8 || (k->ttable - k->base) % k->word)
		return reject(k, "kallsyms_token_table misaligned");
	for (num = 1; num <= MAX_SYMS; num++) {
		span = padded(k, 3 * (size_t)num);
		m = (num + MARKER_STRIDE - 1) / MARKER_STRIDE;
		mspan = padded(k, 4 * (size_t)m);
		if (span + mspan + 2 * (size_t)num > k->ttable)
			break;
		seqs = k->ttable - span;
		if (!all_zero(k->p + seqs + 3 * (size_t)num, span - 3 * (size_t)num) ||
		    !markers_at(k, seqs - mspan, m, seqs))
			continue;
		k->markers = seqs - mspan;
		k->nr_markers = m;
		k->seqs = seqs;
		k->want_num = num;
		if (!decode_names_and_addresses(k, t, false) ||
		    !decode_names_and_addresses(k, t, true))
			return 0;
	}
	k->stage = 2;
	return reject(k, "no increasing kallsyms_markers before kallsyms_seqs_of_names");
}

/* the whole decoding from a consistent token table/index pair */
static int decode_candidate(struct kall *k, struct ksym_table *t)
{
	return decode_612(k, t) && decode_61(k, t) ? -1 : 0;
}

/*
 * The tables in p, whose byte order and word size are known (an ELF
 * header) or not (a raw binary: both byte orders, 8-byte words).
 */
static int find_kallsyms(const char *path, const unsigned char *p, size_t size,
			 int big, unsigned int word, struct ksym_table *t)
{
	struct kall *k = xcalloc(1, sizeof(*k));
	unsigned int candidates = 0;
	size_t off;
	int ret = -1, order;

	k->p = p;
	k->size = size;
	k->word = word;
	k->best_stage = 1;
	snprintf(k->why, sizeof(k->why), "no kallsyms_token_table followed by a consistent kallsyms_token_index");
	for (order = big < 0 ? 0 : big; order <= (big < 0 ? 1 : big) && ret; order++) {
		k->big = order;
		for (off = 0; size >= TOKEN_INDEX_SIZE && off <= size - TOKEN_INDEX_SIZE &&
		     candidates < MAX_CANDIDATES; off += 2) {
			/* quick: the index starts with 0, then a small offset */
			if (rd16(k, off) || !rd16(k, off + 2) || !token_index_at(k, off))
				continue;
			k->tindex = off;
			k->base = off % word;
			if (find_token_table(k))
				continue;
			candidates++;
			if (!decode_candidate(k, t)) {
				ret = 0;
				break;
			}
		}
	}
	if (ret)
		klp_error(path, "layout not recognised: %s", k->why);
	free(k);
	return ret;
}

/* an ELF field of len bytes, in the file's byte order */
static uint64_t elf_field(const unsigned char *p, unsigned int len, bool big)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < len; i++)
		v |= (uint64_t)p[big ? len - 1 - i : i] << (8 * i);
	return v;
}

/* NT_GNU_BUILD_ID in the notes at off (len bytes), if there */
static void image_notes_build_id(const unsigned char *p, size_t size, bool big,
				 uint64_t off, uint64_t len,
				 struct ksym_table *t)
{
	const void *id;
	size_t id_len;

	if (off > size || len > size - off)
		return;
	if (notes_build_id(p + off, len, big, 4, &id, &id_len) &&
	    id_len <= sizeof(t->build_id)) {
		memcpy(t->build_id, id, id_len);
		t->build_id_len = id_len;
	}
}

/*
 * From the PT_NOTE segments (what the kernel's /sys/kernel/notes shows),
 * of a 32- or 64-bit ELF (the header's size was checked).
 */
static void elf_build_id(const unsigned char *p, size_t size, struct ksym_table *t)
{
	bool is64 = p[EI_CLASS] == ELFCLASS64, big = p[EI_DATA] == ELFDATA2MSB;
	uint64_t phoff = elf_field(p + (is64 ? 0x20 : 0x1c), is64 ? 8 : 4, big);
	unsigned int entsize = elf_field(p + (is64 ? 0x36 : 0x2a), 2, big);
	unsigned int phnum = elf_field(p + (is64 ? 0x38 : 0x2c), 2, big);
	const unsigned char *ph;
	unsigned int i;

	if (entsize != (is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr)) ||
	    phoff > size || (uint64_t)phnum * entsize > size - phoff)
		return;
	for (i = 0; i < phnum && !t->build_id_len; i++) {
		ph = p + phoff + (size_t)i * entsize;
		if (elf_field(ph, 4, big) != PT_NOTE)
			continue;
		image_notes_build_id(p, size, big,
				     elf_field(ph + (is64 ? 8 : 4), is64 ? 8 : 4, big),
				     elf_field(ph + (is64 ? 0x20 : 0x10), is64 ? 8 : 4, big),
				     t);
	}
}

/* a vmlinux ELF of either class and byte order (ppc64 and s390x are big-endian) */
static int kallsyms_of_elf(const char *path, const unsigned char *p, size_t size,
			   struct ksym_table *t)
{
	if (size < sizeof(Elf64_Ehdr)) {
		klp_error(path, "layout not recognised: an ELF header of %zu bytes", size);
		return -1;
	}
	if ((p[EI_CLASS] != ELFCLASS64 && p[EI_CLASS] != ELFCLASS32) ||
	    (p[EI_DATA] != ELFDATA2LSB && p[EI_DATA] != ELFDATA2MSB)) {
		klp_error(path, "layout not recognised: ELF of class %u, byte order %u",
			  p[EI_CLASS], p[EI_DATA]);
		return -1;
	}
	if (find_kallsyms(path, p, size, p[EI_DATA] == ELFDATA2MSB,
			  p[EI_CLASS] == ELFCLASS64 ? 8 : 4, t))
		return -1;
	elf_build_id(p, size, t);
	return 0;
}

static bool is_elf(const unsigned char *p, size_t size)
{
	return size >= SELFMAG && !memcmp(p, ELFMAG, SELFMAG);
}

/* pages looked back at for the ELF header of an embedded image (a vDSO) */
#define EMBEDDED_ELF_PAGES	16

/* is the note header at off in a PT_NOTE of an ELF image at a page before it? */
static bool in_embedded_elf(const unsigned char *p, size_t size, bool big, size_t off)
{
	uint64_t phoff, noff, nlen;
	unsigned int i, phnum, ent;
	size_t page, ph;
	bool is64;

	for (page = off & ~(size_t)4095, i = 0; i < EMBEDDED_ELF_PAGES; page -= 4096, i++) {
		if (size - page >= sizeof(Elf64_Ehdr) && is_elf(p + page, size - page))
			break;
		if (!page)
			return false;
	}
	if (i == EMBEDDED_ELF_PAGES)
		return false;
	is64 = p[page + EI_CLASS] == ELFCLASS64;
	ent = is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	phoff = elf_field(p + page + (is64 ? 0x20 : 0x1c), is64 ? 8 : 4, big);
	phnum = elf_field(p + page + (is64 ? 0x38 : 0x2c), 2, big);
	if (phoff > size - page || (uint64_t)phnum * ent > size - page - phoff)
		return false;
	for (i = 0; i < phnum; i++) {
		ph = page + phoff + (size_t)i * ent;
		noff = elf_field(p + ph + (is64 ? 8 : 4), is64 ? 8 : 4, big);
		nlen = elf_field(p + ph + (is64 ? 0x20 : 0x10), is64 ? 8 : 4, big);
		if (elf_field(p + ph, 4, big) == PT_NOTE &&
		    off >= page + noff && off - page - noff < nlen)
			return true;
	}
	return false;
}

/*
 * A raw binary keeps the bytes of .notes, not where they are: the GNU
 * Build ID note is found by its header (namesz 4, type NT_GNU_BUILD_ID,
 * "GNU").  The vDSO images embedded in the kernel have their own: a note
 * inside an embedded ELF's PT_NOTE is not the kernel's.  Taken only if
 * exactly one is left.
 */
static void raw_build_id(const unsigned char *p, size_t size, bool big,
			 struct ksym_table *t)
{
	static const unsigned char gnu[4] = { 'G', 'N', 'U', 0 };
	const unsigned char *at, *found = NULL, *end = p + size;
	uint64_t len = 0, n;

	for (at = p + 12; at + 4 <= end; at += 4) {
		at = memmem(at, end - at, gnu, sizeof(gnu));
		if (!at)
			break;
		if ((at - p) % 4 || elf_field(at - 12, 4, big) != 4 ||
		    elf_field(at - 4, 4, big) != NT_GNU_BUILD_ID ||
		    in_embedded_elf(p, size, big, at - 12 - p))
			continue;
		n = elf_field(at - 8, 4, big);
		if (found || !n || n > sizeof(t->build_id) || n > (uint64_t)(end - at - 4))
			return;
		found = at + 4;
		len = n;
	}
	if (found) {
		memcpy(t->build_id, found, len);
		t->build_id_len = len;
	}
}

/*
 * A decompressed payload: a vmlinux ELF (x86), or with raw_big >= 0 also
 * a raw binary of that byte order and 8-byte words (s390's vmlinux.bin,
 * objcopy -O binary).
 */
static int kallsyms_of_payload(const char *path, const unsigned char *p,
			       size_t size, int raw_big, struct ksym_table *t)
{
	if (is_elf(p, size))
		return kallsyms_of_elf(path, p, size, t);
	if (raw_big >= 0) {
		if (find_kallsyms(path, p, size, raw_big, 8, t))
			return -1;
		raw_build_id(p, size, raw_big, t);
		return 0;
	}
	klp_error(path, "layout not recognised: the decompressed payload is not an ELF vmlinux");
	return -1;
}

/* a compressed vmlinux; the size it says it has, if known (else 0) */
static int kallsyms_of_compressed(const char *path, const unsigned char *p,
				  size_t size, uint64_t want,
				  struct ksym_table *t)
{
	void *out;
	size_t out_size;
	int ret;

	if (want > VMLINUZ_MAX_IMAGE) {
		klp_error(path, "payload decompresses to %llu bytes, more than %llu",
			  (unsigned long long)want, (unsigned long long)VMLINUZ_MAX_IMAGE);
		return -1;
	}
	if (decompress_flags(path, p, size, want ? want : VMLINUZ_MAX_IMAGE,
			     DECOMPRESS_TRAILING_OK, &out, &out_size))
		return -1;
	if (want && out_size != want) {
		klp_error(path, "payload decompresses to %zu bytes, its recorded size is %llu",
			  out_size, (unsigned long long)want);
		ret = -1;
	} else {
		ret = kallsyms_of_payload(path, out, out_size, -1, t);
	}
	free(out);
	return ret;
}

/*
 * arch/s390/boot/head.S: the image starts with the IPL record, a PSW
 * and then these two CCWs (what file(1) calls "Linux S390").
 */
static const unsigned char s390_ipl_ccws[16] = {
	0x02, 0x00, 0x00, 0x18, 0x60, 0x00, 0x00, 0x50,
	0x02, 0x00, 0x00, 0x68, 0x60, 0x00, 0x00, 0x50,
};
/* compressed streams tried in an s390 image, at most */
#define S390_MAX_STREAMS	16

static bool is_s390_image(const unsigned char *p, size_t size)
{
	return size >= 8 + sizeof(s390_ipl_ccws) &&
	       !memcmp(p + 8, s390_ipl_ccws, sizeof(s390_ipl_ccws));
}

/*
 * arch/s390/boot/vmlinux.lds.S: the decompressor, then, 8-aligned, the
 * compressed vmlinux.bin (.rodata.compressed), then the Secure Boot
 * trailer.  Only the decompressor's symbols say where the stream starts,
 * so every 8-aligned magic is tried (the decompressor's code holds the
 * magics too), until one decompresses; its tables are cross-checked as
 * always.  The payload is big-endian with 8-byte words, and has no ELF
 * header (so no Build ID).
 */
static int kallsyms_of_s390(const char *path, const unsigned char *p,
			    size_t size, struct ksym_table *t)
{
	unsigned int tries = 0;
	size_t off, out_size;
	void *out;
	int ret;

	for (off = 0; off + 8 <= size && tries < S390_MAX_STREAMS; off += 8) {
		if (!compression_of(p + off, size - off))
			continue;
		tries++;
		if (decompress_flags(path, p + off, size - off, VMLINUZ_MAX_IMAGE,
				     DECOMPRESS_TRAILING_OK | DECOMPRESS_QUIET,
				     &out, &out_size))
			continue;
		ret = kallsyms_of_payload(path, out, out_size, 1, t);
		free(out);
		return ret;
	}
	klp_error(path, "layout not recognised: an s390 image, but no compressed vmlinux.bin in it decompresses (%u tried)",
		  tries);
	return -1;
}

/* x86 boot protocol >= 2.08: Documentation/arch/x86/boot.rst */
#define BOOT_SETUP_SECTS	0x1f1
#define BOOT_FLAG		0x1fe
#define BOOT_HEADER		0x202
#define BOOT_VERSION		0x206
#define BOOT_PAYLOAD_OFFSET	0x248
#define BOOT_PAYLOAD_LENGTH	0x24c

static bool is_bzimage(const unsigned char *p, size_t size)
{
	return size >= BOOT_PAYLOAD_LENGTH + 4 && le16(p + BOOT_FLAG) == 0xaa55 &&
	       !memcmp(p + BOOT_HEADER, "HdrS", 4);
}

/*
 * The payload (mkpiggy) is the compressed vmlinux.bin (+ relocations),
 * followed by its size as a u32 (size_append; for gzip, its trailer).
 */
static int kallsyms_of_bzimage(const char *path, const unsigned char *p,
			       size_t size, struct ksym_table *t)
{
	unsigned int sects = p[BOOT_SETUP_SECTS] ? p[BOOT_SETUP_SECTS] : 4;
	uint64_t start = (uint64_t)(sects + 1) * 512 + le32(p + BOOT_PAYLOAD_OFFSET);
	uint64_t len = le32(p + BOOT_PAYLOAD_LENGTH);

	if (le16(p + BOOT_VERSION) < 0x208) {
		klp_error(path, "layout not recognised: x86 boot protocol %#x has no payload fields",
			  le16(p + BOOT_VERSION));
		return -1;
	}
	if (len < 4 || start > size || len > size - start) {
		klp_error(path, "payload (%llu bytes at %llu) outside the %zu bytes of the image",
			  (unsigned long long)len, (unsigned long long)start, size);
		return -1;
	}
	if (!compression_of(p + start, len)) {
		klp_error(path, "layout not recognised: payload not compressed with zstd, xz, gzip or lz4");
		return -1;
	}
	return kallsyms_of_compressed(path, p + start, len,
				      le32(p + start + len - 4), t);
}

int vmlinuz_read_kallsyms_mem(const char *name, const void *buf, size_t size,
			      struct ksym_table *t)
{
	const unsigned char *p = buf;

	memset(t, 0, sizeof(*t));
	if (is_elf(p, size))
		return kallsyms_of_elf(name, p, size, t);
	if (is_bzimage(p, size))
		return kallsyms_of_bzimage(name, p, size, t);
	if (is_s390_image(p, size))
		return kallsyms_of_s390(name, p, size, t);
	if (compression_of(p, size))
		return kallsyms_of_compressed(name, p, size, 0, t);
	klp_error(name, "not a kernel image: no ELF header, no x86 or s390 boot header, no compressed data");
	return -1;
}

int vmlinuz_read_kallsyms(const char *path, struct ksym_table *t)
{
	struct stat st;
	void *map;
	int fd, ret;

	memset(t, 0, sizeof(*t));
	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		klp_error(path, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || !st.st_size) {
		klp_error(path, "not a kernel image: %s",
			  S_ISREG(st.st_mode) ? "empty file" : "not a regular file");
		close(fd);
		return -1;
	}
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		klp_error(path, "%s", strerror(errno));
		return -1;
	}
	ret = vmlinuz_read_kallsyms_mem(path, map, st.st_size, t);
	munmap(map, st.st_size);
	return ret;
}

void ksym_table_free(struct ksym_table *t)
{
	free(t->syms);
	free(t->pool);
	memset(t, 0, sizeof(*t));
}
