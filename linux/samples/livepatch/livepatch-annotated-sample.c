// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * livepatch-annotated-sample.c - Kernel Live Patching Sample Module
 * using unexported symbols, resolved at build time by klp-convert
 *
 * The livepatch-sample idea, but the new function uses what vmlinux does
 * not export, by its plain C name: the saved_command_line and
 * saved_command_line_len globals and the nr_processes() function. No
 * kallsyms lookup is written here: when the module is linked, klp-convert
 * (scripts/livepatch/) turns these references into livepatch relocations
 * (Documentation/livepatch/module-elf-format.rst), which the livepatch core
 * resolves when the module loads.
 *
 * Example:
 *
 * $ cat /proc/cmdline
 * <your cmdline>
 *
 * $ insmod livepatch-annotated-sample.ko
 * $ cat /proc/cmdline
 * <your cmdline> [livepatched: <length of it> bytes, <n> processes]
 *
 * $ echo 0 > /sys/kernel/livepatch/livepatch_annotated_sample/enabled
 * $ cat /proc/cmdline
 * <your cmdline>
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/sched/stat.h>
#include <linux/seq_file.h>

/*
 * saved_command_line, saved_command_line_len (<linux/init.h>) and
 * nr_processes() (<linux/sched/stat.h>) are declared for the kernel's own
 * use and not exported to modules.
 */
static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s [livepatched: %u bytes, %d processes]\n",
		   saved_command_line, saved_command_line_len,
		   nr_processes());
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

static int livepatch_init(void)
{
	return klp_enable_patch(&patch);
}

static void livepatch_exit(void)
{
}

module_init(livepatch_init);
module_exit(livepatch_exit);
MODULE_DESCRIPTION("Live patch sample using unexported symbols (klp-convert)");
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
