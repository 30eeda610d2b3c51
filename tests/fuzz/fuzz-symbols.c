// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: the fuzzed bytes are the Symbols.list (KLP_FUZZ_MODULE fixed) */
#include "fuzz-common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init(FUZZ_SYMBOLS);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_one(data, size);
}
