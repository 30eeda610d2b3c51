// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_verify_shift: reads the second verify_dup of
 * test_klp_verify_target, converted against variant A, where that is
 * verify_b.c's (22). In variant B the objects link the other way round:
 * position 2 is verify_a.c's (11), the patch still loads and reads the
 * wrong variable. The post-patch callback prints what it bound to;
 * klp-convert verify against B's Symbols.list says MOVED.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/livepatch.h>
#include <linux/module.h>

extern int verify_dup_2
	KLP_RELOC_SYMBOL_POS(test_klp_verify_target, test_klp_verify_target,
			     verify_dup, 2);

static int livepatch_value(void)
{
	return READ_ONCE(verify_dup_2);
}

static void post_patch(struct klp_object *obj)
{
	pr_info("verify_dup,2 at 0x%lx reads %d\n",
		(unsigned long)&verify_dup_2, READ_ONCE(verify_dup_2));
}

static struct klp_func funcs[] = {
	{
		.old_name = "test_klp_verify_target_value",
		.new_func = livepatch_value,
	}, { }
};

static struct klp_object objs[] = {
	{
		.name = "test_klp_verify_target",
		.funcs = funcs,
		.callbacks = {
			.post_patch = post_patch,
		},
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int test_klp_verify_shift_init(void)
{
	return klp_enable_patch(&patch);
}

static void test_klp_verify_shift_exit(void)
{
}

module_init(test_klp_verify_shift_init);
module_exit(test_klp_verify_shift_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Livepatch test: klp-convert verify, a shifted position");
MODULE_INFO(livepatch, "Y");
