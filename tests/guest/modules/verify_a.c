// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_verify_target, file a (see test_klp_verify.h): the
 * first static verify_dup (11), the global verify_gone of variant A only,
 * and the function the livepatches of test-klp-verify.sh replace.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include "test_klp_verify.h"

#ifdef TEST_KLP_VERIFY_B
#define VARIANT "B"
#else
#define VARIANT "A"
#endif

/* verify_dup,1 in variant A, where verify_a.o links first; ,2 in B */
static int verify_dup __used = 11;

#ifndef TEST_KLP_VERIFY_B
/* global, not exported; variant B has none */
int verify_gone = 33;
#endif

int verify_a_dup(void)
{
	return READ_ONCE(verify_dup);
}

/* Every livepatch of test-klp-verify.sh replaces this function. */
noinline int test_klp_verify_target_value(void)
{
	return verify_a_dup();
}

static int __init test_klp_verify_target_init(void)
{
	pr_info("variant %s: verify_dup %d %d, verify_late_fn %d\n", VARIANT,
		verify_a_dup(), verify_b_dup(), verify_late_fn());
	return 0;
}

static void __exit test_klp_verify_target_exit(void)
{
}

module_init(test_klp_verify_target_init);
module_exit(test_klp_verify_target_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Livepatch test: klp-convert verify, target module (variant " VARIANT ")");
