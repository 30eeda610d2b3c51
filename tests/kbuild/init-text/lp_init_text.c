// SPDX-License-Identifier: GPL-2.0
/*
 * A module symbol used from .init.text: the livepatch core writes
 * relocations to tgt_init_text's symbols when that module is (or comes)
 * live, after the livepatch's init code has run and been freed.
 */
#include <linux/kernel.h>

#include "klp_test_patch.h"

extern int tgt_value;

static int lp_func(void)
{
	return 0;
}

static noinline void __init lp_pre_enable(void)
{
	pr_info("%d\n", tgt_value);
}

KLP_TEST_PATCH("tgt_init_text", "tgt_init_text_func", lp_func, lp_pre_enable);
