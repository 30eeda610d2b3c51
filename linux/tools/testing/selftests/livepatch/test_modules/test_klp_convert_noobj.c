// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_convert_noobj: a livepatch of vmlinux that also reads a static
 * of livepatch_shadow_mod (samples/livepatch) but has no klp_object for
 * that module. klp-convert resolves a plain name only among the patched
 * objects and would refuse it; named explicitly, the reference goes to a
 * .klp.rela.livepatch_shadow_mod..text section that the livepatch core
 * would never apply, so klp_enable_patch() must refuse the patch.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

/* samples/livepatch/livepatch-shadow-mod.c: static */
extern struct list_head dummy_list
	KLP_RELOC_SYMBOL(livepatch_shadow_mod, livepatch_shadow_mod, dummy_list);

static int livepatch_version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", list_empty(&dummy_list) ? "empty" : "busy");
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "version_proc_show",
		.new_func = livepatch_version_proc_show,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* vmlinux only: no klp_object for livepatch_shadow_mod */
		.funcs = funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int test_klp_convert_noobj_init(void)
{
	return klp_enable_patch(&patch);
}

static void test_klp_convert_noobj_exit(void)
{
}

module_init(test_klp_convert_noobj_init);
module_exit(test_klp_convert_noobj_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Livepatch test: klp-convert, relocations without klp_object");
MODULE_INFO(livepatch, "Y");
