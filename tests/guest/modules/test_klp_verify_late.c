// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_verify_late: takes the address of verify_late_fn of
 * test_klp_verify_target, a core function of variant A (which it is
 * converted against) and an init function of variant B. With B already
 * live the livepatch core does not find it (a live module has only its
 * core symbols) and refuses the patch; when B loads after the patch,
 * its full symbol table is searched and the patch applies.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/livepatch.h>
#include <linux/module.h>

/* unique in the Symbols.list of the build: no annotation */
extern int verify_late_fn(void);

static int livepatch_value(void)
{
	return 0;
}

static void post_patch(struct klp_object *obj)
{
	pr_info("verify_late_fn at 0x%lx\n", (unsigned long)verify_late_fn);
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

static int test_klp_verify_late_init(void)
{
	return klp_enable_patch(&patch);
}

static void test_klp_verify_late_exit(void)
{
}

module_init(test_klp_verify_late_init);
module_exit(test_klp_verify_late_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Livepatch test: klp-convert verify, an init symbol");
MODULE_INFO(livepatch, "Y");
