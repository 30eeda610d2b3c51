// SPDX-License-Identifier: GPL-2.0
/* Target module: a static the livepatch uses from its init code. */
#include <linux/module.h>

static int tgt_value __used = 42;

int tgt_init_text_func(void);

noinline int tgt_init_text_func(void)
{
	return tgt_value;
}
EXPORT_SYMBOL_GPL(tgt_init_text_func);
MODULE_LICENSE("GPL");
