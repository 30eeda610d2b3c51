/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers every part of klp-convert uses: diagnostics, allocation (the
 * kernel's scripts/include/xalloc.h, and xasprintf()), and the limits of
 * the kernel's livepatch symbol names.  Depends on nothing else of
 * klp-convert.
 */
#ifndef _KLP_UTIL_H
#define _KLP_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <array_size.h>
#include <xalloc.h>

#define KLP_CONVERT_VERSION	"1.0"

#ifndef SHN_LIVEPATCH
#define SHN_LIVEPATCH		0xff20
#endif
#ifndef SHF_RELA_LIVEPATCH
#define SHF_RELA_LIVEPATCH	0x00100000
#endif

/* Kernel limits on the parts of a .klp.sym name (kernel/livepatch/core.c) */
#define KLP_OBJNAME_MAX		55
#define KLP_SYMNAME_MAX		511

#define __printf(a, b)	__attribute__((format(printf, a, b)))

/* "klp-convert: <file>: <message>" on stderr; counts this thread's errors */
void klp_error(const char *file, const char *fmt, ...)
	__printf(2, 3) __attribute__((nonnull(1, 2)));
/* the program the error lines name (default "klp-convert") */
void klp_error_set_progname(const char *name);
/* where this thread's error lines go instead of stderr (NULL: stderr) */
void klp_error_set_stream(FILE *f);
unsigned int klp_error_count(void);
/* count n errors another thread printed */
void klp_error_add(unsigned int n);
/* forget earlier errors: one conversion starts from zero */
void klp_error_reset(void);
/* no more error lines are printed: skip the work of describing places */
bool klp_error_muted(void);
/* "N more error lines not shown", if any were not */
void klp_error_summary(const char *file);

/*
 * The one way an array grows: room for need more elements after the nr
 * used of *v, whose allocation of *alloc elements of size bytes doubles,
 * from min, until they fit.  Exits as xalloc.h does when out of memory,
 * or when the size would overflow.
 */
void *grow_array(void *v, size_t nr, size_t need, size_t *alloc, size_t size,
		 size_t min);
/* v[nr] .. v[nr + need - 1] may be written after it (alloc: a size_t) */
#define ARRAY_RESERVE(v, nr, alloc, need, min)				\
	((v) = (size_t)(nr) + (need) <= (alloc) && (v) ? (v) :		\
	       grow_array((v), (nr), (need), &(alloc), sizeof(*(v)), (min)))
#define ARRAY_GROW(v, nr, alloc, min)	ARRAY_RESERVE(v, nr, alloc, 1, min)

/* a formatted string in allocated memory; exits as xalloc.h does */
char *xasprintf(const char *fmt, ...) __printf(1, 2);

#endif /* _KLP_UTIL_H */
