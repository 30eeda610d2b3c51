// SPDX-License-Identifier: GPL-2.0
/*
 * The livepatch of the distro test (tests/distro/check.sh): built against
 * Debian's linux-headers, without our kernel series, by klp-convert-build.
 *
 * It replaces cmdline_proc_show() of vmlinux and minix_init_fs_context()
 * of the minix module (minix_mount() in 6.1), and uses symbols that are defined twice in their
 * object, one position in each annotation form of klp-convert-annotations.h:
 *
 *   vmlinux  debugfs_root   1 (KLP_SYMPOS)  2 (KLP_RELOC_SYMBOL_POS)
 *   minix    pointers_lock  1 (KLP_SYMPOS)  2 (KLP_RELOC_SYMBOL_POS)
 *
 * It also takes the address of minix's static dir_commit_chunk() by its
 * plain name: another module of Debian's defines one too, so it resolves
 * only because klp-convert looks among the patched objects (vmlinux and
 * minix).
 *
 * It prints the addresses it was given, which the guest compares with
 * the k-th line of that name and object in /proc/kallsyms:
 *
 *   klp_distro: vmlinux debugfs_root,1 <address>   (when it loads)
 *   klp_distro: minix pointers_lock,1 <address>    (each time a minix
 *                                                   mount starts)
 */
#define pr_fmt(fmt) "klp_distro: " fmt

#include <linux/fs_context.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/version.h>
#include <klp-convert-annotations.h>

/*
 * Statics of fs/minix/inode.c: minix mounts through fs_context from 6.9
 * on (minix_init_fs_context(), minix_context_ops); 6.1 has minix_mount()
 * and minix_fill_super().
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
#define KLP_DISTRO_FS_CONTEXT
extern const struct fs_context_operations minix_context_ops;
#else
extern int minix_fill_super(struct super_block *s, void *data, int silent);
#endif
/* static in fs/minix/dir.c, and in another module: only the address */
extern void dir_commit_chunk(void);

/* two static 'debugfs_root' of vmlinux, two 'pointers_lock' of minix */
extern struct dentry *debugfs_root;
extern struct dentry *debugfs_root_2
	KLP_RELOC_SYMBOL_POS(vmlinux, vmlinux, debugfs_root, 2);
extern rwlock_t pointers_lock;
extern rwlock_t pointers_lock_2
	KLP_RELOC_SYMBOL_POS(minix, minix, pointers_lock, 2);

KLP_MODULE_RELOC(vmlinux) vmlinux_relocs[] = {
#ifndef KLP_DISTRO_BAD_POS
	KLP_SYMPOS(debugfs_root, 1),
#else
	/* the negative test: vmlinux has two */
	KLP_SYMPOS(debugfs_root, 3),
#endif
};

#ifdef KLP_DISTRO_UNDEF
/* the negative test: no object has it */
extern int klp_distro_no_such_symbol;
#endif

KLP_MODULE_RELOC(minix) minix_relocs[] = {
	KLP_SYMPOS(pointers_lock, 1),
};

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "this has been live patched by klp_distro");
	return 0;
}

/* what the guest checks against /proc/kallsyms, printed at each mount */
static void livepatch_minix_addresses(void)
{
	pr_info("minix pointers_lock,1 %px\n", &pointers_lock);
	pr_info("minix pointers_lock,2 %px\n", &pointers_lock_2);
	pr_info("minix dir_commit_chunk %px\n", dir_commit_chunk);
}

#ifdef KLP_DISTRO_FS_CONTEXT
static int livepatch_minix_init_fs_context(struct fs_context *fc)
{
	fc->ops = &minix_context_ops;
	livepatch_minix_addresses();
	return 0;
}
#else
static struct dentry *livepatch_minix_mount(struct file_system_type *fs_type,
					    int flags, const char *dev_name,
					    void *data)
{
	livepatch_minix_addresses();
	return mount_bdev(fs_type, flags, dev_name, data, minix_fill_super);
}
#endif

static struct klp_func vmlinux_funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = livepatch_cmdline_proc_show,
	}, { }
};

static struct klp_func minix_funcs[] = {
	{
#ifdef KLP_DISTRO_FS_CONTEXT
		.old_name = "minix_init_fs_context",
		.new_func = livepatch_minix_init_fs_context,
#else
		.old_name = "minix_mount",
		.new_func = livepatch_minix_mount,
#endif
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = vmlinux_funcs,
	}, {
		.name = "minix",
		.funcs = minix_funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int livepatch_distro_init(void)
{
	pr_info("vmlinux debugfs_root,1 %px\n", &debugfs_root);
	pr_info("vmlinux debugfs_root,2 %px\n", &debugfs_root_2);
#ifdef KLP_DISTRO_UNDEF
	pr_info("%d\n", klp_distro_no_such_symbol);
#endif
	return klp_enable_patch(&patch);
}

static void livepatch_distro_exit(void)
{
}

module_init(livepatch_distro_init);
module_exit(livepatch_distro_exit);
MODULE_DESCRIPTION("Livepatch of Debian's kernel: the distro test of klp-convert");
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
