// SPDX-License-Identifier: GPL-2.0
/*
 * Annotation positions the objects do not have: type_show is a static of
 * seven vmlinux files, LL_bits of two.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

struct kobject;
struct kobj_attribute;
extern ssize_t type_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf);
extern const unsigned char ll_bits[]
	KLP_RELOC_SYMBOL_POS(vmlinux, vmlinux, LL_bits, 3);

KLP_MODULE_RELOC(vmlinux) lp_relocs[] = {
	KLP_SYMPOS(type_show, 9),
};

static int lp_version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%ld %d\n", (long)type_show(NULL, NULL, NULL), ll_bits[0]);
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
