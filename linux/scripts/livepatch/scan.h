/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Line scanning shared by the readers of Symbols.list and of kallsyms
 * dumps: every one of their millions of records goes through here.
 */
#ifndef _KLP_SCAN_H
#define _KLP_SCAN_H

#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/*
 * Bits of the bytes of p[0..15] that end a field: <= ' ' (space, newline,
 * tab, any control character) or DEL, so that a fast path that only
 * takes spaces and newlines where it expects them leaves every line with
 * a control character to the general parser, which reports it.  One
 * unsigned min+compare finds them all where SSE2 exists.  16 bytes must
 * be readable.
 */
static inline uint64_t field_end16(const char *p)
{
#ifdef __SSE2__
	const __m128i v = _mm_loadu_si128((const __m128i *)p);
	const __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(' ')), v);
	const __m128i del = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f));

	return (unsigned int)_mm_movemask_epi8(_mm_or_si128(low, del));
#else
	uint64_t m = 0;
	int i;

	for (i = 0; i < 16; i++)
		m |= (uint64_t)((unsigned char)p[i] <= ' ' || p[i] == 0x7f) << i;
	return m;
#endif
}

#endif /* _KLP_SCAN_H */
