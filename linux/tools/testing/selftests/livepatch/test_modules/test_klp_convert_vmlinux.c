// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_convert_vmlinux: livepatch of vmlinux whose new
 * version_proc_show() uses what vmlinux does not export, by C name:
 * static and global functions (skip_atoi, _kstrtoull, num_to_str,
 * sched_clock_stable), static and global data (max_threads, linux_banner)
 * and static keys (vm_numa_stat_key, and __sched_clock_stable where the
 * architecture has an unstable sched_clock()). klp-convert
 * turns the references into .klp.rela.vmlinux.<section> relocations,
 * written when the module loads. Reading /proc/version prints their
 * values.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/jump_label.h>
#include <linux/sched/clock.h>
#include <linux/seq_file.h>
#include <linux/sprintf.h>

/* lib/vsprintf.c and lib/kstrtox.c: static */
extern int skip_atoi(const char **s);
extern int _kstrtoull(const char *s, unsigned int base, unsigned long long *res);
/* kernel/fork.c: static */
extern int max_threads;
/* mm/vmstat.c: global static key, default true */
DECLARE_STATIC_KEY_TRUE(vm_numa_stat_key);
#ifdef CONFIG_HAVE_UNSTABLE_SCHED_CLOCK
/* kernel/sched/clock.c: static key behind sched_clock_stable() */
extern struct static_key_false __sched_clock_stable;

static const char *sched_clock_check(void)
{
	return !!static_branch_likely(&__sched_clock_stable) ==
	       !!sched_clock_stable() ? "consistent" : "inconsistent";
}
#else
/* only x86 and parisc have an unstable sched_clock() */
static const char *sched_clock_check(void)
{
	return "n/a";
}
#endif

/*
 * linux_banner from .text, .data and .rodata. LOAD() reads through a
 * pointer the compiler cannot follow, so the pointers are loaded from
 * memory where the relocations wrote them, and banner_ptr is not made
 * read-only.
 */
#define LOAD(ptr) ({ typeof(ptr) __p = (ptr); OPTIMIZER_HIDE_VAR(__p); *__p; })

static const char *banner_ptr = linux_banner;
static const char * const banner_table[] = { linux_banner };

static int livepatch_version_proc_show(struct seq_file *m, void *v)
{
	const char *s = "4711 rest";
	unsigned long long ull = 0;
	char buf[16] = { };
	int ret;

	seq_puts(m, linux_banner);

	pr_info("%s: linux_banner %s", __func__, linux_banner);
	pr_info("%s: banner references %s %s\n", __func__,
		LOAD(&banner_ptr) == linux_banner ? "same" : "differ",
		LOAD(&banner_table[0]) == linux_banner ? "same" : "differ");
	ret = skip_atoi(&s);
	pr_info("%s: skip_atoi %d rest '%s'\n", __func__, ret, s);
	ret = _kstrtoull("1f", 16, &ull);
	pr_info("%s: _kstrtoull %d %llu\n", __func__, ret, ull);
	ret = num_to_str(buf, sizeof(buf) - 1, 12345, 8);
	pr_info("%s: num_to_str %d '%s'\n", __func__, ret, buf);
	pr_info("%s: max_threads %d\n", __func__, max_threads);
	pr_info("%s: vm_numa_stat_key %d, sched_clock_stable %s\n", __func__,
		static_branch_likely(&vm_numa_stat_key) ? 1 : 0,
		sched_clock_check());
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
		/* name being NULL means vmlinux */
		.funcs = funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int test_klp_convert_vmlinux_init(void)
{
	return klp_enable_patch(&patch);
}

static void test_klp_convert_vmlinux_exit(void)
{
}

module_init(test_klp_convert_vmlinux_init);
module_exit(test_klp_convert_vmlinux_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Livepatch test: klp-convert, unexported vmlinux symbols");
MODULE_INFO(livepatch, "Y");
