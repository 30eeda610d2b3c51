// SPDX-License-Identifier: GPL-2.0
/*
 * A module symbol used from .init.text: the livepatch core writes
 * relocations to tgt_init_text's symbols when that module is (or comes)
 * live, after the livepatch's init code has run and been freed.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

extern int tgt_value;

static int lp_func(void)
{
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "tgt_init_text_func",
		.new_func = lp_func,
	}, { }
};

static struct klp_object objs[] = {
	{
		.name = "tgt_init_text",
		.funcs = funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init lp_init(void)
{
	pr_info("%d\n", tgt_value);
	return klp_enable_patch(&patch);
}

static void __exit lp_exit(void)
{
}

module_init(lp_init);
module_exit(lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
