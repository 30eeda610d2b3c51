// SPDX-License-Identifier: GPL-2.0
/*
 * Both dup_setup of tgt_dup are refused: position 1 is an __init function
 * (in kallsyms only while tgt_dup loads), and position 2 is number 2 while
 * tgt_dup loads but number 1 once it is live, so the kernel would resolve
 * it differently depending on the load order.
 */
#include <linux/kernel.h>

#include "klp_test_patch.h"

extern int dup_setup_init(void)
	KLP_RELOC_SYMBOL_POS(tgt_dup, tgt_dup, dup_setup, 1);
extern int dup_setup(void);

KLP_MODULE_RELOC(tgt_dup) lp_relocs[] = {
	KLP_SYMPOS(dup_setup, 2),
};

static int lp_func(void)
{
	return dup_setup() + dup_setup_init();
}

KLP_TEST_PATCH("tgt_dup", "tgt_dup_y", lp_func, klp_test_no_pre_enable);
