// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the fuzzed bytes are a kernel image (vmlinux ELF, bzImage or
 * compressed vmlinux) for vmlinuz_read_kallsyms_mem().  Besides no crash,
 * the decoder's promises: on success, the records are in address order,
 * every name is non-empty, NUL-terminated inside the pool and shorter
 * than KSYM_NAME_LEN, and the records are bounded by the input; on
 * failure, the table is empty.  Build with -DVMLINUZ_MAX_IMAGE=... so
 * that a small compressed input cannot ask for a huge image.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"
#include "vmlinuz.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	klp_error_set_stream(devnull);
	return 0;
}

static void check_table(const struct ksym_table *t, size_t in_size)
{
	size_t i, len;

	if (t->nr > in_size || t->build_id_len > sizeof(t->build_id))
		abort();
	for (i = 0; i < t->nr; i++) {
		len = strlen(t->syms[i].name);
		if (!len || len >= 512 || !t->syms[i].type)
			abort();
		if (i && t->syms[i].addr < t->syms[i - 1].addr)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ksym_table t;

	if (vmlinuz_read_kallsyms_mem("fuzz", data, size, &t)) {
		if (t.syms || t.pool || t.nr)
			abort();
	} else {
		/* decompressed inputs may hold more than size records */
		check_table(&t, t.nr ? (size_t)1 << 30 : 0);
	}
	ksym_table_free(&t);
	klp_error_reset();
	return 0;
}
