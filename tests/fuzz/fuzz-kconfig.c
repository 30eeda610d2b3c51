// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: klp-symlist's reader of a kernel's .config (symlist-config.c,
 * kconfig_parse()) on the fuzzed bytes.  The promise checked, besides no
 * crash: a fact is true exactly when a line of the input (between two
 * newlines, or the start or end of the input) is "CONFIG_LIVEPATCH=y",
 * "CONFIG_KALLSYMS_ALL=y" respectively, as a second, plain reading of the
 * lines finds.  A broken promise aborts, so libFuzzer keeps the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "symlist.h"

static bool has_line(const char *p, size_t size, const char *want)
{
	size_t n = strlen(want), i = 0;

	while (i <= size) {
		size_t j = i;

		while (j < size && p[j] != '\n')
			j++;
		if (j - i == n && !memcmp(p + i, want, n))
			return true;
		i = j + 1;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a heap copy of the exact size: a read past it is reported */
	char *text = malloc(size ? size : 1);
	struct kconfig_facts k;

	if (!text)
		return 0;
	memcpy(text, data, size);
	kconfig_parse(text, size, &k);
	if (k.livepatch != has_line(text, size, "CONFIG_LIVEPATCH=y") ||
	    k.kallsyms_all != has_line(text, size, "CONFIG_KALLSYMS_ALL=y")) {
		fprintf(stderr, "broken promise: livepatch %d, kallsyms_all %d\n",
			k.livepatch, k.kallsyms_all);
		abort();
	}
	free(text);
	return 0;
}
