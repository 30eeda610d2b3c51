// SPDX-License-Identifier: GPL-2.0
/*
 * The kallsyms records of a kernel image, decoded offline.
 *
 * scripts/kallsyms.c (write_src()) emits, into .rodata of vmlinux, each
 * label aligned to 8 bytes (64-bit):
 *
 *   kallsyms_num_syms       u32
 *   kallsyms_names          per symbol: length (ULEB128, 1 or 2 bytes),
 *                           then that many token numbers; the expanded
 *                           string is the type letter and the name
 *   kallsyms_markers        u32 offset into names of every 256th symbol
 *   kallsyms_token_table    256 NUL-terminated strings
 *   kallsyms_token_index    256 u16: offset of each string in the table
 *   kallsyms_offsets        s32 per symbol (see decode_addresses())
 *   kallsyms_relative_base  u64
 *   kallsyms_seqs_of_names  24-bit big-endian symbol numbers, by name
 *
 * The payload of a bzImage is a stripped vmlinux: no .symtab says where
 * these are.  They are found by their structure instead: a token index
 * whose 256 entries are the offsets of the 256 strings just before it;
 * from there the neighbours follow by the order and alignment above.
 * Everything is cross-checked (markers against the names, the number of
 * names, the address order, the name order of kallsyms_seqs_of_names),
 * so a layout this code does not know is refused, not misread.  The
 * image is hostile: every offset is bounds-checked before use, and the
 * output is bounded by the image's size.
 */
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
/* token tables looked at beyond the first consistent one, at most */
#define MAX_CANDIDATES		64

/* The tables of one candidate, as offsets into the image */
struct kall {
	const unsigned char *p;
	size_t size;
	size_t base;		/* offset modulo 8 of every table */
	size_t tindex, ttable;
	unsigned int tok_off[NR_TOKENS];
	unsigned int tok_len[NR_TOKENS];
	size_t markers;		/* kallsyms_markers */
	unsigned int nr_markers;
	size_t names, names_end;
	unsigned int num;	/* kallsyms_num_syms */
	size_t total;		/* bytes of all expanded names */
	size_t offsets, relbase, seqs;
	bool abs_percpu;
	/* why the candidate that got furthest was refused */
	int stage, best_stage;
	char why[200];
};

static uint16_t le16(const unsigned char *p)
{
	return p[0] | p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
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
	return off + ((k->base - off) & 7);
}

/* records why this candidate is refused, if it got furthest so far */
static __printf(2, 3) int reject(struct kall *k, const char *fmt, ...)
{
	va_list ap;

	if (k->stage >= k->best_stage) {
		k->best_stage = k->stage;
		va_start(ap, fmt);
		vsnprintf(k->why, sizeof(k->why), fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* 256 strictly increasing u16 from 0: a possible kallsyms_token_index */
static bool token_index_at(const struct kall *k, size_t off)
{
	const unsigned char *p = k->p + off;
	unsigned int i, prev = 0, cur;

	if (le16(p) != 0)
		return false;
	for (i = 1; i < NR_TOKENS; i++) {
		cur = le16(p + 2 * i);
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
		off = le16(k->p + k->tindex + 2 * i);
		len = i + 1 < NR_TOKENS ?
		      le16(k->p + k->tindex + 2 * i + 2) - off - 1 :
		      room - off;
		nul = memchr(t + off, 0, len + (i + 1 < NR_TOKENS));
		if (!nul || (i + 1 < NR_TOKENS && nul != t + off + len))
			return false;
		k->tok_off[i] = off;
		k->tok_len[i] = nul - (t + off);
	}
	/* then zeros up to the (aligned) token index */
	off = k->tok_off[NR_TOKENS - 1] + k->tok_len[NR_TOKENS - 1] + 1;
	return room - off < 8 && all_zero(t + off, room - off);
}

/* the token table ends at most 7 bytes of padding before the index */
static int find_token_table(struct kall *k)
{
	unsigned int last = le16(k->p + k->tindex + 2 * (NR_TOKENS - 1));
	size_t room;

	for (room = (last + 2 + 7) & ~(size_t)7;
	     room <= ((last + 1 + KSYM_NAME_LEN + 7) & ~(size_t)7) &&
	     room <= k->tindex; room += 8) {
		if (tokens_fit(k, k->tindex - room, room)) {
			k->ttable = k->tindex - room;
			return 0;
		}
	}
	return -1;
}

static uint32_t marker(const struct kall *k, unsigned int i)
{
	return le32(k->p + k->markers + 4 * (size_t)i);
}

/*
 * Back from the token table: 4 bytes of padding if the number of
 * markers is odd, then markers that decrease by at least 512 bytes
 * (256 names of 2 bytes or more) down to the first, 0.
 */
static int find_markers(struct kall *k)
{
	size_t end = k->ttable, pos;
	uint32_t v, prev = 0;
	unsigned int n = 0;

	k->stage = 2;
	if (end < 8 || (end - k->base) % 8)
		return reject(k, "kallsyms_token_table misaligned");
	if (le32(k->p + end - 4) == 0)
		end -= 4;
	for (pos = end; pos >= 4; pos -= 4) {
		v = le32(k->p + pos - 4);
		if (n++ && (prev < 512 || v > prev - 512))
			return reject(k, "no increasing kallsyms_markers before kallsyms_token_table");
		if (!v)
			break;
		prev = v;
	}
	if (pos < 4 || (n % 2 == 1) != (end != k->ttable))
		return reject(k, "no increasing kallsyms_markers before kallsyms_token_table");
	k->markers = pos - 4;
	k->nr_markers = n;
	return 0;
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
	return k->markers - off < 8 && all_zero(k->p + off, k->markers - off);
}

/*
 * kallsyms_num_syms, then 4 bytes of padding, then the names: look back
 * from the last marker for a count that fits the number of markers and
 * names that end where the markers start.
 */
static int find_names(struct kall *k)
{
	uint32_t last = marker(k, k->nr_markers - 1), num;
	uint64_t lo = (uint64_t)(k->nr_markers - 1) * MARKER_STRIDE + 1;
	uint64_t hi = (uint64_t)k->nr_markers * MARKER_STRIDE;
	size_t s, stop;

	k->stage = 3;
	if (k->markers < (size_t)last + 2 + 8)
		return reject(k, "kallsyms_names would start before the image");
	s = k->markers - last - 2;
	s -= (s - k->base) & 7;
	/* the names of the last block take at most 256 * MAX_ENTRY bytes */
	stop = k->markers - last > MARKER_STRIDE * MAX_ENTRY + 16 ?
	       k->markers - last - MARKER_STRIDE * MAX_ENTRY - 16 : 0;
	for (; s >= 8 && s >= stop; s -= 8) {
		num = le32(k->p + s - 8);
		if (num < lo || num > hi || le32(k->p + s - 4) ||
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

/* kallsyms_offsets after the index, then relative_base, then seqs */
static int find_tail(struct kall *k)
{
	size_t end;

	k->stage = 5;
	k->offsets = k->tindex + TOKEN_INDEX_SIZE;
	if (!in_bounds(k, k->offsets, 4 * (size_t)k->num))
		return reject(k, "kallsyms_offsets (%u entries) past the end of the image", k->num);
	end = k->offsets + 4 * (size_t)k->num;
	k->relbase = align_up(k, end);
	if (!in_bounds(k, k->relbase, 8) || !all_zero(k->p + end, k->relbase - end))
		return reject(k, "no kallsyms_relative_base after kallsyms_offsets");
	k->seqs = k->relbase + 8;
	if (!in_bounds(k, k->seqs, 3 * (size_t)k->num))
		return reject(k, "kallsyms_seqs_of_names (%u entries) past the end of the image",
			      k->num);
	return 0;
}

static int32_t offset_of(const struct kall *k, size_t i)
{
	return (int32_t)le32(k->p + k->offsets + 4 * i);
}

/*
 * kernel/kallsyms.c kallsyms_sym_address().  With
 * CONFIG_KALLSYMS_ABSOLUTE_PERCPU (x86_64 SMP in 6.12), an offset >= 0
 * is an absolute address (a percpu symbol, type 'A'), a negative one is
 * relative_base - 1 - offset; otherwise all are unsigned offsets from
 * relative_base.  Which one: the table is sorted by address and
 * relative_base is the lowest relative address, so the first negative
 * offset is -1 with the absolute encoding, while the unsigned encoding
 * starts at 0 and never decreases.
 */
static void detect_encoding(struct kall *k)
{
	size_t i;

	for (i = 0; i < k->num && offset_of(k, i) >= 0; i++)
		;
	k->abs_percpu = i < k->num && offset_of(k, i) == -1;
}

static int decode_addresses(struct kall *k, struct ksym_table *t)
{
	uint64_t rb = le64(k->p + k->relbase), addr;
	int32_t off;
	size_t i;

	k->stage = 6;
	detect_encoding(k);
	if (!k->abs_percpu && k->num && offset_of(k, 0) != 0)
		return reject(k, "kallsyms_offsets[0] is not 0 (the lowest address)");
	for (i = 0; i < k->num; i++) {
		off = offset_of(k, i);
		if (!k->abs_percpu)
			addr = rb + (uint32_t)off;
		else if (off >= 0)
			addr = off;
		else
			addr = rb + (uint64_t)(-1 - (int64_t)off);
		if (k->abs_percpu && (off >= 0) != (t->syms[i].type == 'A'))
			return reject(k, "symbol %zu (%s): type %c with an %s offset",
				      i, t->syms[i].name, t->syms[i].type,
				      off >= 0 ? "absolute" : "relative");
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

/* the whole decoding from a consistent token table/index pair */
static int decode_candidate(struct kall *k, struct ksym_table *t)
{
	if (find_markers(k) || find_names(k) || check_names(k) || find_tail(k))
		return -1;
	t->pool = xmalloc(k->total + k->num + 1);
	expand_names(k, t);
	if (decode_addresses(k, t) || check_seqs(k, t)) {
		free(t->syms);
		free(t->pool);
		t->syms = NULL;
		t->pool = NULL;
		t->nr = 0;
		return -1;
	}
	return 0;
}

static int find_kallsyms(const char *path, const unsigned char *p, size_t size,
			 struct ksym_table *t)
{
	struct kall *k = xcalloc(1, sizeof(*k));
	unsigned int candidates = 0;
	size_t off;
	int ret = -1;

	k->p = p;
	k->size = size;
	k->best_stage = 1;
	snprintf(k->why, sizeof(k->why), "no kallsyms_token_table followed by a consistent kallsyms_token_index");
	for (off = 0; size >= TOKEN_INDEX_SIZE && off <= size - TOKEN_INDEX_SIZE &&
	     candidates < MAX_CANDIDATES; off += 2) {
		/* quick: the index starts with 0, then a small offset */
		if (le16(p + off) || !le16(p + off + 2) || !token_index_at(k, off))
			continue;
		k->tindex = off;
		k->base = off % 8;
		if (find_token_table(k))
			continue;
		candidates++;
		if (!decode_candidate(k, t)) {
			ret = 0;
			break;
		}
	}
	if (ret)
		klp_error(path, "layout not recognised: %s", k->why);
	free(k);
	return ret;
}

/* NT_GNU_BUILD_ID in the notes at off (len bytes), if there */
static void image_notes_build_id(const unsigned char *p, size_t size,
				 uint64_t off, uint64_t len,
				 struct ksym_table *t)
{
	const void *id;
	size_t id_len;

	if (off > size || len > size - off)
		return;
	if (notes_build_id(p + off, len, false, 4, &id, &id_len) &&
	    id_len <= sizeof(t->build_id)) {
		memcpy(t->build_id, id, id_len);
		t->build_id_len = id_len;
	}
}

/* from the PT_NOTE segments (what the kernel's /sys/kernel/notes shows) */
static void elf_build_id(const unsigned char *p, size_t size, struct ksym_table *t)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)p;
	Elf64_Ehdr e;
	Elf64_Phdr ph;
	unsigned int i;

	memcpy(&e, eh, sizeof(e));
	if (e.e_phentsize != sizeof(ph) || e.e_phoff > size ||
	    (uint64_t)e.e_phnum * sizeof(ph) > size - e.e_phoff)
		return;
	for (i = 0; i < e.e_phnum && !t->build_id_len; i++) {
		memcpy(&ph, p + e.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type == PT_NOTE)
			image_notes_build_id(p, size, ph.p_offset, ph.p_filesz, t);
	}
}

static int kallsyms_of_elf(const char *path, const unsigned char *p, size_t size,
			   struct ksym_table *t)
{
	if (size < sizeof(Elf64_Ehdr) || p[EI_CLASS] != ELFCLASS64 ||
	    p[EI_DATA] != ELFDATA2LSB) {
		klp_error(path, "layout not recognised: not a 64-bit little-endian ELF vmlinux");
		return -1;
	}
	if (find_kallsyms(path, p, size, t))
		return -1;
	elf_build_id(p, size, t);
	return 0;
}

static bool is_elf(const unsigned char *p, size_t size)
{
	return size >= SELFMAG && !memcmp(p, ELFMAG, SELFMAG);
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
	} else if (!is_elf(out, out_size)) {
		klp_error(path, "layout not recognised: the decompressed payload is not an ELF vmlinux");
		ret = -1;
	} else {
		ret = kallsyms_of_elf(path, out, out_size, t);
	}
	free(out);
	return ret;
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
	if (compression_of(p, size))
		return kallsyms_of_compressed(name, p, size, 0, t);
	klp_error(name, "not a kernel image: no ELF header, no x86 boot header, no compressed data");
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
