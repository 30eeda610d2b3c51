// SPDX-License-Identifier: GPL-2.0
/*
 * A name that nothing defines: klp-convert must name the module file, the
 * symbol and where it is referenced.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

extern int klp_kbuild_no_such_symbol;

static int lp_version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", klp_kbuild_no_such_symbol);
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "version_proc_show",
		.new_func = lp_version_proc_show,
	}, { }
};

static struct klp_object objs[] = {
	{
		.name = NULL,
		.funcs = funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit lp_exit(void)
{
}

module_init(lp_init);
module_exit(lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
