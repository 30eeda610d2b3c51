// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_callthunks_lp: replaces tkct_run() of test_klp_callthunks_mod
 * by a function that calls the module's static tkct_callee(). klp-convert
 * turns the call into a .klp.rela.test_klp_callthunks_mod.text relocation:
 * the call's displacement is zero while the module loader patches this
 * module's calls, and is written when test_klp_callthunks_mod is (or
 * becomes) loaded. tkct_callee() prints where the call went.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/livepatch.h>
#include <linux/module.h>

/* static in test_klp_callthunks_mod, unique there: no annotation */
extern int tkct_callee(int x);

static int livepatch_run(int x)
{
	return tkct_callee(x) + 2;
}

static struct klp_func funcs[] = {
	{
		.old_name = "tkct_run",
		.new_func = livepatch_run,
	}, { }
};

static struct klp_object objs[] = {
	{
		.name = "test_klp_callthunks_mod",
		.funcs = funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int test_klp_callthunks_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void test_klp_callthunks_lp_exit(void)
{
}

module_init(test_klp_callthunks_lp_init);
module_exit(test_klp_callthunks_lp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Livepatch test: a call into a module under call depth tracking");
MODULE_INFO(livepatch, "Y");
