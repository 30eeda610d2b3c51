/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libFuzzer harnesses of klp-convert: the fuzzed bytes become one input
 * file (the module, or the Symbols.list), the other input is fixed, and
 * klp_convert() runs in process.  After every run the tool's promises
 * are checked, not only the absence of a crash:
 *
 *  - failure: no output and no temporary file; the inputs unchanged;
 *  - success: a second run gives the same bytes; converting the output
 *    again gives the same bytes; the output re-reads with libelf and
 *    passes structural checks (check_output()); it is not far larger
 *    than the input.
 *
 * A broken promise aborts, so libFuzzer saves the input as a crash.
 */
#ifndef _KLP_FUZZ_COMMON_H
#define _KLP_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* a broken promise aborts: libFuzzer keeps the input as a crash */
#define PROMISE(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "klp-fuzz: broken promise: " __VA_ARGS__); \
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

enum fuzz_target { FUZZ_MODULE, FUZZ_SYMBOLS };

/* fixed: the file the fuzzed bytes do not replace (path from the env) */
void fuzz_init(enum fuzz_target target);
int fuzz_one(const uint8_t *data, size_t size);

/* check-output.c */
void check_output(const uint8_t *data, size_t size);
void keep_output(const char *dir, const uint8_t *data, size_t size,
		 const uint8_t *in, size_t in_size);

#endif
