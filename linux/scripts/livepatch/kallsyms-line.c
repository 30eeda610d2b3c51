// SPDX-License-Identifier: GPL-2.0
/*
 * The one reader of the lines of System.map and /proc/kallsyms, for
 * klp-convert (a dump as the target of verify and audit, kallsyms.c) and
 * klp-symlist (the vmlinux symbols of a System.map or a dump,
 * symlist-vmlinux.c), so that both accept the same input:
 *
 *	<hex address> <type letter> <name>[\t[<module>]]\n
 *
 * An address of 1 to 16 hex digits; a type letter klp_type_ok() takes; a
 * name without space or control character, shorter than KSYM_NAME_LEN;
 * a module name of the characters the kernel allows.  A dump has two
 * million lines: the address and the name are scanned 16 bytes at a time,
 * and a module repeated from the line before is compared, not checked
 * again.
 */
#include <string.h>
#include "../mod/klp-symtype.h"
#include "kallsyms-line.h"
#include "scan.h"

/* value + 1 of a hex digit, 0 for anything else */
static const unsigned char hex1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* how many hex digits start p, at most 16 */
static unsigned int hex_digits(const char *p, const char *end)
{
	unsigned int n = 0;

#ifdef __SSE2__
	if (end - p >= 16) {
		const __m128i v = _mm_loadu_si128((const __m128i *)p);
		/* c - '0' <= 9, (c | 0x20) - 'a' <= 5, as unsigned bytes */
		const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
		const __m128i l = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)),
					       _mm_set1_epi8('a'));
		const __m128i dig = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
		const __m128i let = _mm_cmpeq_epi8(_mm_min_epu8(l, _mm_set1_epi8(5)), l);
		unsigned int m = _mm_movemask_epi8(_mm_or_si128(dig, let));

		return __builtin_ctz(~m | 0x10000);
	}
#endif
	while (n < 16 && n < end - p && hex1[(unsigned char)p[n]])
		n++;
	return n;
}

static unsigned long long hex_value(const char *p, unsigned int n)
{
	unsigned long long v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v = v << 4 | (hex1[(unsigned char)p[i]] - 1);
	return v;
}

/* the end of the name at p: a space, a control character or DEL */
static const char *scan_name(const char *p, const char *end)
{
	uint64_t m;

	for (; end - p >= 16; p += 16) {
		m = field_end16(p);
		if (m)
			return p + __builtin_ctzll(m);
	}
	for (; p < end; p++) {
		unsigned char c = *p;

		if (c <= ' ' || c == 0x7f)
			return p;
	}
	return p;
}

static bool module_char_ok(char c)
{
	return c == '_' || c == '-' || (c >= '0' && c <= '9') ||
	       (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "[<module>]" from p to the newline at nl */
static const char *read_module(const char *p, const char *nl,
			       struct ksym_line *l)
{
	const char *s;

	if (nl - p < 3 || p[0] != '[' || nl[-1] != ']')
		return "expected '[<module>]' after the tab";
	l->mod = p + 1;
	l->mod_len = nl - p - 2;
	for (s = l->mod; s < nl - 1; s++)
		if (!module_char_ok(*s))
			return "bad module name in '[<module>]'";
	l->pseudo = (l->mod_len > 11 && !memcmp(l->mod, "__builtin__", 11)) ||
		    (l->mod_len == 3 && !memcmp(l->mod, "bpf", 3));
	return NULL;
}

void ksym_reader_init(struct ksym_reader *r, const char *buf, size_t size)
{
	memset(r, 0, sizeof(*r));
	r->p = buf;
	r->end = buf + size;
}

static int fail(struct ksym_reader *r, const char *why)
{
	r->error = why;
	return -1;
}

/* the module after the tab at p[-1]; sets the end of the line */
static int read_line_module(struct ksym_reader *r, const char *p,
			    struct ksym_line *l, const char **nl)
{
	size_t n = r->last_mod_text_len;
	const char *why;

	if (r->last_mod_text && (size_t)(r->end - p) > n && p[n] == '\n' &&
	    !memcmp(p, r->last_mod_text, n)) {
		l->mod = r->last.mod;
		l->mod_len = r->last.mod_len;
		l->pseudo = r->last.pseudo;
		l->same_mod = true;
		*nl = p + n;
		return 0;
	}
	*nl = memchr(p, '\n', r->end - p);
	if (!*nl)
		return fail(r, "last line has no newline (truncated?)");
	why = read_module(p, *nl, l);
	if (why)
		return fail(r, why);
	r->last_mod_text = p;
	r->last_mod_text_len = *nl - p;
	r->last = *l;
	return 0;
}

int ksym_read_line(struct ksym_reader *r, struct ksym_line *l)
{
	const char *p = r->p, *s, *stop, *nl;
	unsigned int ndig;

	if (p >= r->end)
		return 0;
	r->line++;
	memset(l, 0, sizeof(*l));
	ndig = hex_digits(p, r->end);
	s = p + ndig;
	if (!ndig || r->end - s < 4 || s[0] != ' ' || s[2] != ' ' ||
	    !klp_type_ok(s[1]))
		return fail(r, "expected '<hex address> <type letter> <name>' as in System.map and /proc/kallsyms");
	l->addr = hex_value(p, ndig);
	l->type = s[1];
	l->name = s + 3;
	stop = scan_name(l->name, r->end);
	l->name_len = stop - l->name;
	if (stop == r->end)
		return fail(r, "last line has no newline (truncated?)");
	if (!l->name_len || (*stop != '\n' && *stop != '\t'))
		return fail(r, "empty symbol name or a space or control character in it");
	if (l->name_len >= KLP_KSYM_NAME_LEN)
		return fail(r, "symbol name longer than kallsyms keeps (KSYM_NAME_LEN)");
	nl = stop;
	if (*stop == '\t' && read_line_module(r, stop + 1, l, &nl))
		return -1;
	r->p = nl + 1;
	return 1;
}

bool ksym_looks_like_line(const char *buf, size_t size)
{
	size_t i = 0;

	while (i < size && i < 16 && hex1[(unsigned char)buf[i]])
		i++;
	return i >= 8 && i + 3 < size && buf[i] == ' ' && buf[i + 2] == ' ';
}
