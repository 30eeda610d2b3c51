// SPDX-License-Identifier: GPL-2.0
/*
 * Target module tgt_dup, file x (linked first): an __init dup_setup(), so
 * dup_setup,1 of the loading module is this one, which is gone from the
 * live module's kallsyms.
 */
#include <linux/module.h>

int tgt_dup_y(void);

static noinline int __init dup_setup(void)
{
	return 1;
}

static int __init tgt_dup_init(void)
{
	return dup_setup() + tgt_dup_y() == 3 ? 0 : -EINVAL;
}
module_init(tgt_dup_init);
MODULE_LICENSE("GPL");
