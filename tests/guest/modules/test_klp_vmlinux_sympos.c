// SPDX-License-Identifier: GPL-2.0
/*
 * A livepatch that tells apart the two vmlinux symbols named "set_root" by
 * their sympos, through both annotation forms:
 *
 *   set_root,1: static int set_root(struct nameidata *) in fs/namei.c
 *   set_root,2: static struct ctl_table_root set_root in kernel/ucount.c
 *
 * The livepatch core counts same-named vmlinux symbols in final link
 * address order (kallsyms), where fs/namei.c's .text comes before
 * kernel/ucount.c's .data. vmlinux.o lists kernel/ucount.o first, so a
 * Symbols.list in vmlinux.o order would swap them: this module would then
 * read namei.c's code as ucount.c's ctl_table_root.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kallsyms.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/sysctl.h>

/* kernel/ucount.c: static, not exported; unique in vmlinux */
extern struct ctl_table_set *set_lookup(struct ctl_table_root *root);

/* kernel/ucount.c's set_root, the 2nd "set_root" of vmlinux */
extern struct ctl_table_root set_root;
KLP_MODULE_RELOC(vmlinux) test_klp_vmlinux_sympos_relocs[] = {
	KLP_SYMPOS(set_root, 2),
};

/* fs/namei.c's set_root(), the 1st one, under another C name */
extern char namei_set_root[] KLP_RELOC_SYMBOL_POS(vmlinux, vmlinux, set_root, 1);

static void check_set_roots(void)
{
	char name[KSYM_SYMBOL_LEN];

	pr_info("ucount set_root.lookup is set_lookup: %s\n",
		set_root.lookup == set_lookup ? "yes" : "no");
	sprint_symbol_no_offset(name, (unsigned long)namei_set_root);
	pr_info("set_root,1 is %s, not set_root,2: %s\n", name,
		(void *)namei_set_root != (void *)&set_root ? "yes" : "no");
}

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "test_klp_vmlinux_sympos\n");
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = livepatch_cmdline_proc_show,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int test_klp_vmlinux_sympos_init(void)
{
	check_set_roots();
	return klp_enable_patch(&patch);
}

static void test_klp_vmlinux_sympos_exit(void)
{
}

module_init(test_klp_vmlinux_sympos_init);
module_exit(test_klp_vmlinux_sympos_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Livepatch test: vmlinux sympos in final link order");
MODULE_INFO(livepatch, "Y");
