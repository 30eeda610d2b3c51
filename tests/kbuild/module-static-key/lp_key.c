// SPDX-License-Identifier: GPL-2.0
/*
 * A static key of another module in __jump_table. The module loader reads
 * __jump_table when the livepatch loads, long before the livepatch core
 * writes relocations to tgt_key_mod's symbols.
 *
 * static_branch_unlikely() on x86 with CONFIG_JUMP_LABEL emits a
 * __jump_table entry whose key is tgt_key: klp-convert must refuse it.
 */
#include <linux/jump_label.h>
#include <linux/kernel.h>

#include "klp_test_patch.h"

extern struct static_key_false tgt_key;

static int lp_func(void)
{
	return static_branch_unlikely(&tgt_key) ? 2 : 1;
}

KLP_TEST_PATCH("tgt_key_mod", "tgt_key_func", lp_func, klp_test_no_pre_enable);
