// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_convert_mod, file a: the target module of test-klp-convert.sh.
 *
 * Its symbols are what a livepatch can only reach through klp-convert:
 * statics, statics of the same name in several of its files (get_id,
 * state, tkcm_setup, a function-local "counter"), an unexported global,
 * __read_mostly and per-CPU data. Writing anything to the "print"
 * parameter calls test_klp_convert_mod_print(), which test_klp_convert_lp
 * replaces by a function printing all of them.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include "test_klp_convert.h"

/*
 * A module-local absolute symbol, as the assembler's .set and .equ make
 * them (the crypto modules of distribution kernels have dozens): modpost
 * lists it with type 'a', and klp-convert must read such a list.
 */
asm(".set test_klp_convert_abs, 42");

/* get_id,1 and state,1 of the module: file b has the second ones */
static int id = 1;

static noinline int get_id(void)
{
	return READ_ONCE(id);
}

static const char *state __used = "state of file a";

/*
 * tkcm_setup,1: a same-named __init function follows in file c. It comes
 * after this one, so tkcm_setup,1 is this function both while the module
 * loads (full symbol table) and once it is live (core symbol table).
 */
static noinline int tkcm_setup(void)
{
	return READ_ONCE(id) * 100;
}

/* exported, but klp-convert still converts a use by a livepatch */
int tkcm_exported = 11;
EXPORT_SYMBOL_GPL(tkcm_exported);

noinline void test_klp_convert_mod_print(void)
{
	pr_info("%s: ids %d %d, %s, counters %d %d\n", __func__,
		get_id(), tkcm_b_get_id(), READ_ONCE(state),
		tkcm_b_count(), tkcm_c_count());
}

static int print_set(const char *val, const struct kernel_param *kp)
{
	test_klp_convert_mod_print();
	return 0;
}

static const struct kernel_param_ops print_ops = {
	.set = print_set,
};
module_param_cb(print, &print_ops, NULL, 0200);
MODULE_PARM_DESC(print, "Write anything to print the module's state");

static int __init test_klp_convert_mod_init(void)
{
	return tkcm_c_init() == tkcm_setup() ? 0 : -EINVAL;
}

static void __exit test_klp_convert_mod_exit(void)
{
}

module_init(test_klp_convert_mod_init);
module_exit(test_klp_convert_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Livepatch test: klp-convert target module");
