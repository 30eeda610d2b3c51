// SPDX-License-Identifier: GPL-2.0
/*
 * A /proc/kallsyms dump of the target kernel, as a target description
 * for verify and audit:
 *
 *	ffffffff81000000 T _text
 *	ffffffffc0201000 t get_id	[test_klp_convert_mod]
 *
 * vmlinux comes first, in the order the livepatch core counts it
 * (kallsyms_on_each_match_symbol() walks same-named symbols by address,
 * which is the listing order); then each loaded module, its core symbols
 * in symbol table order, which is how module_kallsyms_on_each_symbol()
 * counts them once the module is live.  Pseudo-modules ("[bpf]",
 * "[__builtin__ftrace]"...) are not objects a livepatch can name and are
 * skipped.  Addresses are kept; all zero when kptr_restrict hid them.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "../mod/klp-symtype.h"
#include "kallsyms.h"
#include "scan.h"
#include "util.h"

static int dump_error(const struct symdb *db, unsigned int line, const char *msg)
{
	char *where = xasprintf("%s:%u", db->path, line);

	klp_error(where, "%s", msg);
	free(where);
	return -1;
}

/* value + 1 of a hex digit, 0 for anything else */
static const unsigned char hex1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* how many hex digits start p (at most 16); 16 bytes must be readable */
static inline unsigned int hex_digits16(const char *p)
{
#ifdef __SSE2__
	const __m128i v = _mm_loadu_si128((const __m128i *)p);
	/* c - '0' <= 9, (c | 0x20) - 'a' <= 5, as unsigned bytes */
	const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
	const __m128i l = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)),
				       _mm_set1_epi8('a'));
	const __m128i dig = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
	const __m128i let = _mm_cmpeq_epi8(_mm_min_epu8(l, _mm_set1_epi8(5)), l);
	unsigned int m = _mm_movemask_epi8(_mm_or_si128(dig, let));

	return __builtin_ctz(~m | 0x10000);
#else
	unsigned int n = 0;

	while (n < 16 && hex1[(unsigned char)p[n]])
		n++;
	return n;
#endif
}

static unsigned long long hex_value(const char *p, unsigned int n)
{
	unsigned long long v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v = v << 4 | (hex1[(unsigned char)p[i]] - 1);
	return v;
}

/* "[<module>]" after the tab; NULL name for a pseudo-module */
static int parse_module(const struct symdb *db, unsigned int line,
			const char *p, const char *nl, const char **name,
			size_t *len)
{
	const char *s;

	if (nl - p < 3 || p[0] != '[' || nl[-1] != ']')
		return dump_error(db, line, "expected '[<module>]' after the tab");
	*name = p + 1;
	*len = nl - p - 2;
	for (s = *name; s < nl - 1; s++)
		if (!(*s == '_' || *s == '-' || (*s >= '0' && *s <= '9') ||
		      (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			return dump_error(db, line, "bad module name in '[<module>]'");
	if (*len > 11 && !memcmp(*name, "__builtin__", 11))
		*name = NULL;
	else if (*len == 3 && !memcmp(*name, "bpf", 3))
		*name = NULL;
	return 0;
}

/*
 * The name from p: up to a tab (a module follows) or the newline; no
 * space or control character.  One pass: 2 million lines per dump.
 */
static const char *scan_name(const char *p, const char *end)
{
	unsigned int m;

	for (; end - p >= 16; p += 16) {
		m = field_end16(p);
		if (m)
			return p + __builtin_ctz(m);
	}
	for (; p < end; p++) {
		unsigned char c = *p;

		if (c <= ' ' || c == 0x7f)
			return p;
	}
	return p;
}

/* Every line is "<hex address> <type> <name>[\t[<module>]]" */
static int symdb_parse_kallsyms(struct symdb *db)
{
	const char *p = db->map, *end = p + db->size, *nl, *name, *stop, *s;
	const char *last_mod = NULL, *mod;
	struct symobj *vmlinux, *obj, *cur = NULL, *last_obj = NULL;
	size_t len, mlen, last_mlen = 0;
	unsigned int line = 0, ndig;
	struct symrec *rec;

	db->kallsyms = true;
	vmlinux = symdb_object(db, "vmlinux", 7);
	for (; p < end; p = nl + 1) {
		line++;
		if (end - p >= 16) {
			ndig = hex_digits16(p);
		} else {
			for (ndig = 0; ndig < end - p && hex1[(unsigned char)p[ndig]]; ndig++)
				;
		}
		s = p + ndig;
		if (!ndig || end - s < 4 || s[0] != ' ' || s[2] != ' ' ||
		    !klp_type_ok(s[1]))
			return dump_error(db, line, "expected '<hex address> <type letter> <name>' as in /proc/kallsyms");
		name = s + 3;
		stop = scan_name(name, end);
		len = stop - name;
		if (stop == end)
			return dump_error(db, line, "last line has no newline (truncated dump?)");
		if (!len || (*stop != '\n' && *stop != '\t'))
			return dump_error(db, line, "empty symbol name or a space or control character in it");
		obj = vmlinux;
		nl = stop;
		if (*stop == '\t') {
			mod = stop + 1;
			/* the module of the line before: "[<module>]\n" again */
			if (last_mod && (size_t)(end - mod) > last_mlen &&
			    mod[last_mlen] == '\n' && !memcmp(mod, last_mod, last_mlen)) {
				nl = mod + last_mlen;
				obj = last_obj;
			} else {
				nl = memchr(stop, '\n', end - stop);
				if (!nl)
					return dump_error(db, line, "last line has no newline (truncated dump?)");
				mlen = nl - mod;
				if (parse_module(db, line, mod, nl, &mod, &mlen))
					return -1;
				obj = mod ? symdb_object(db, mod, mlen) : NULL;
				last_mod = stop + 1;
				last_mlen = nl - last_mod;
				last_obj = obj;
			}
			if (!obj)
				continue;
		}
		if (obj != cur) {
			/* counting restarts per object: blocks must not interleave */
			if (obj->where)
				return dump_error(db, line, "symbols of one object are not contiguous; not a /proc/kallsyms dump");
			obj->where = p;
			cur = obj;
		}
		rec = symdb_add(db, obj, name, len, false);
		if (rec) {
			rec->type = name[-2];
			rec->addr = hex_value(p, ndig);
		}
	}
	return 0;
}

/* "ffffffff81000000 T _text": a /proc/kallsyms line */
static bool looks_like_kallsyms(const char *p, size_t size)
{
	size_t i = 0;

	while (i < size && i < 16 && isxdigit((unsigned char)p[i]))
		i++;
	return i >= 8 && i + 3 < size && p[i] == ' ' && p[i + 2] == ' ';
}

int symdb_load_target(struct symdb *db)
{
	if (symdb_map(db))
		return -1;
	if (looks_like_kallsyms(db->map, db->size))
		return symdb_parse_kallsyms(db);
	return symdb_parse(db);
}
