// SPDX-License-Identifier: GPL-2.0
/*
 * A static key of another module in __jump_table. The module loader reads
 * __jump_table when the livepatch loads, long before the livepatch core
 * writes relocations to tgt_key_mod's symbols.
 *
 * lp_key_branch() emits the code and __jump_table entry that
 * static_branch_unlikely() emits on x86 with CONFIG_JUMP_LABEL
 * (arch/x86/include/asm/jump_label.h); written out here because the test
 * kernel is built without CONFIG_JUMP_LABEL, where static_branch_*() only
 * read the key.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/jump_label.h>
#include <linux/livepatch.h>

extern struct static_key_false tgt_key;

static __always_inline bool lp_key_branch(void)
{
	asm goto("1: .byte 0x0f,0x1f,0x44,0x00,0x00\n\t"
		 ".pushsection __jump_table, \"aw\"\n\t"
		 ".balign 8\n\t"
		 ".long 1b - .\n\t"
		 ".long %l[l_yes] - .\n\t"
		 ".quad %c0 + 1 - .\n\t"
		 ".popsection\n\t"
		 : : "i" (&tgt_key) : : l_yes);
	return false;
l_yes:
	return true;
}

static int lp_func(void)
{
	return lp_key_branch() ? 2 : 1;
}

static struct klp_func funcs[] = {
	{
		.old_name = "tgt_key_func",
		.new_func = lp_func,
	}, { }
};

static struct klp_object objs[] = {
	{
		.name = "tgt_key_mod",
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
