// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_callthunks_mod: the target module of test-klp-callthunks.sh.
 *
 * tkct_callee() is static: test_klp_callthunks_lp calls it through a
 * .klp.rela.test_klp_callthunks_mod.text relocation, which the livepatch
 * core writes when both modules are loaded, after the module loader has
 * finished with the livepatch's code. tkct_callee() reads the call
 * instruction that called it and says where that call goes: to the
 * function itself, or (x86 call depth tracking) to its call thunk, the
 * call depth accounting in the padding before it. The module's own call,
 * from tkct_run(), shows what a call of this kernel must look like.
 *
 * Writing a number n to the "run" parameter prints tkct_run(n), which is
 * 10 * n + 1, or 10 * n + 2 once test_klp_callthunks_lp has replaced it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

static const char *call_route(void *fn, void *ret)
{
#ifdef CONFIG_X86_64
	const u8 *call = ret - 5;
	unsigned long before;
	s32 disp;

	if (call[0] != 0xe8)	/* CALL rel32 */
		return "through an unknown instruction";
	memcpy(&disp, call + 1, sizeof(disp));
	/* how far before fn the call goes (the thunk is in its padding) */
	before = (unsigned long)fn - (unsigned long)(ret + disp);
	if (!before)
		return "directly";
	if (before <= CONFIG_FUNCTION_ALIGNMENT)
		return "through its call thunk";
	return "to a wrong address";
#else
	return "(route not checked on this architecture)";
#endif
}

static noinline int tkct_callee(int x)
{
	pr_info("%s(%d) called from %ps %s\n", __func__, x,
		__builtin_return_address(0),
		call_route(tkct_callee, __builtin_return_address(0)));
	return 10 * x;
}

/*
 * Global, so that the compiler keeps it whole for the livepatch to replace;
 * not __init, as the loader patches the calls of the module's core text.
 */
int tkct_run(int x);
noinline int tkct_run(int x)
{
	return tkct_callee(x) + 1;
}

static int run_set(const char *val, const struct kernel_param *kp)
{
	int x, ret;

	ret = kstrtoint(val, 0, &x);
	if (ret)
		return ret;
	pr_info("tkct_run(%d) = %d\n", x, tkct_run(x));
	return 0;
}

static const struct kernel_param_ops run_ops = {
	.set = run_set,
};
module_param_cb(run, &run_ops, NULL, 0200);
MODULE_PARM_DESC(run, "Write a number n to print tkct_run(n)");

static int __init test_klp_callthunks_mod_init(void)
{
	pr_info("tkct_run(1) = %d\n", tkct_run(1));
	return 0;
}

static void __exit test_klp_callthunks_mod_exit(void)
{
}

module_init(test_klp_callthunks_mod_init);
module_exit(test_klp_callthunks_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Livepatch test: calls of a livepatch into a module under call depth tracking");
