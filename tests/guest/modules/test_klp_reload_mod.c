// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_reload_mod: the target of test-klp-reload.sh. Its static
 * variable reload_value is set from the module parameter, and
 * /proc/<module name> shows reload_show_value(), which the livepatch
 * test_klp_reload_lp replaces. test_klp_reload_filler is built from this
 * file too: of the same size, it takes the memory a previous load of the
 * target left, so that the next load gets other addresses.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static int value;
module_param(value, int, 0444);

/* the livepatch reads it: not static-const-folded, kept in .data */
static int reload_value __used = -1;

static noinline int reload_show_value(void)
{
	return READ_ONCE(reload_value);
}

static int reload_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", reload_show_value());
	return 0;
}

static int test_klp_reload_mod_init(void)
{
	WRITE_ONCE(reload_value, value);
	if (!proc_create_single(KBUILD_MODNAME, 0444, NULL, reload_proc_show))
		return -ENOMEM;
	return 0;
}

static void test_klp_reload_mod_exit(void)
{
	remove_proc_entry(KBUILD_MODNAME, NULL);
}

module_init(test_klp_reload_mod_init);
module_exit(test_klp_reload_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Livepatch test: target module loaded again after the patch");
