// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_reload_lp: replaces reload_show_value() of test_klp_reload_mod
 * with a function reading the module's static variable reload_value
 * through a converted reference (on s390x a GOT entry, on ppc64le a TOC
 * entry, on x86_64 a PC-relative access). The module loads after the
 * patch, goes away and loads again at other addresses: each time, the
 * livepatch core writes the relocation anew and the new function must
 * read the new variable.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/livepatch.h>
#include <linux/module.h>

/* a static of test_klp_reload_mod: unique there, no annotation */
extern int reload_value;

static int livepatch_show_value(void)
{
	return READ_ONCE(reload_value) + 1000;
}

static struct klp_func funcs[] = {
	{
		.old_name = "reload_show_value",
		.new_func = livepatch_show_value,
	}, { }
};

static struct klp_object objs[] = {
	{
		.name = "test_klp_reload_mod",
		.funcs = funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int test_klp_reload_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void test_klp_reload_lp_exit(void)
{
}

module_init(test_klp_reload_lp_init);
module_exit(test_klp_reload_lp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Livepatch test: a module's static variable across its reloads");
MODULE_INFO(livepatch, "Y");
