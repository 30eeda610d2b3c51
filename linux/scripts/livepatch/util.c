// SPDX-License-Identifier: GPL-2.0
/*
 * Diagnostics, xasprintf() and the bucket arrays of the hash tables of
 * klp-convert.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "htable.h"
#include "util.h"

/*
 * Hostile inputs can have millions of errors, each with a place to
 * describe: print the first KLP_MAX_ERROR_LINES, count the rest.
 */
#define KLP_MAX_ERROR_LINES	200

/*
 * Per thread: klp-symlist reads modules in parallel, each thread's
 * errors going to that module's own stream, printed in module order.
 */
static _Thread_local unsigned int nr_errors;
static _Thread_local FILE *error_stream;
static const char *progname = "klp-convert";

void klp_error_set_progname(const char *name)
{
	progname = name;
}

void klp_error_set_stream(FILE *f)
{
	error_stream = f;
}

void klp_error(const char *file, const char *fmt, ...)
{
	FILE *f = error_stream ? error_stream : stderr;
	va_list ap;

	if (++nr_errors > KLP_MAX_ERROR_LINES)
		return;
	fputs(progname, f);
	fputs(": ", f);
	fputs(file, f);
	fputs(": ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

void klp_error_add(unsigned int n)
{
	nr_errors += n;
}

unsigned int klp_error_count(void)
{
	return nr_errors;
}

void klp_error_reset(void)
{
	nr_errors = 0;
}

bool klp_error_muted(void)
{
	return nr_errors >= KLP_MAX_ERROR_LINES;
}

void klp_error_summary(const char *file)
{
	if (nr_errors > KLP_MAX_ERROR_LINES)
		fprintf(error_stream ? error_stream : stderr,
			"%s: %s: %u more error lines not shown\n",
			progname, file, nr_errors - KLP_MAX_ERROR_LINES);
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		exit(1);
	p = xmalloc(len + 1);
	va_start(ap, fmt);
	vsnprintf(p, len + 1, fmt, ap);
	va_end(ap);
	return p;
}

void htable_init(struct htable *t, size_t expected)
{
	size_t n = 16;

	while (n < expected * 2)
		n <<= 1;
	/* all zero: every head is HLIST_HEAD_INIT, an empty list */
	t->buckets = xcalloc(n, sizeof(*t->buckets));
	t->mask = n - 1;
}

void htable_free(struct htable *t)
{
	free(t->buckets);
	t->buckets = NULL;
}

void *grow_array(void *v, size_t nr, size_t need, size_t *alloc, size_t size,
		 size_t min)
{
	size_t n = *alloc ? *alloc : min;

	if (nr + need <= *alloc && v)
		return v;
	if (need > SIZE_MAX - nr)
		goto overflow;
	while (n < nr + need) {
		if (n > SIZE_MAX / 2)
			goto overflow;
		n *= 2;
	}
	if (n > SIZE_MAX / size)
		goto overflow;
	*alloc = n;
	return xrealloc(v, n * size);
overflow:
	fprintf(stderr, "klp-convert: out of memory: an array of %zu + %zu elements\n",
		nr, need);
	exit(1);
}
