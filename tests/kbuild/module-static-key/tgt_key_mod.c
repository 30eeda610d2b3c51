// SPDX-License-Identifier: GPL-2.0
/* Target module owning a static key. */
#include <linux/module.h>
#include <linux/jump_label.h>

static DEFINE_STATIC_KEY_FALSE(tgt_key);

int tgt_key_func(void);

noinline int tgt_key_func(void)
{
	return static_branch_unlikely(&tgt_key);
}
EXPORT_SYMBOL_GPL(tgt_key_func);
MODULE_LICENSE("GPL");
