// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_verify_gone: reads verify_gone of test_klp_verify_target,
 * a global of variant A (which it is converted against) that variant B
 * does not have: the livepatch core refuses the patch while B is loaded.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/livepatch.h>
#include <linux/module.h>

/* unique in the Symbols.list of the build: no annotation */
extern int verify_gone;

static int livepatch_value(void)
{
	return READ_ONCE(verify_gone);
}

static void post_patch(struct klp_object *obj)
{
	pr_info("verify_gone at 0x%lx reads %d\n",
		(unsigned long)&verify_gone, READ_ONCE(verify_gone));
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

static int test_klp_verify_gone_init(void)
{
	return klp_enable_patch(&patch);
}

static void test_klp_verify_gone_exit(void)
{
}

module_init(test_klp_verify_gone_init);
module_exit(test_klp_verify_gone_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Livepatch test: klp-convert verify, a vanished symbol");
MODULE_INFO(livepatch, "Y");
