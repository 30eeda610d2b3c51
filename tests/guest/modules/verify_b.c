// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_verify_target, file b (see test_klp_verify.h): the
 * second static verify_dup (22) and verify_late_fn, a core function in
 * variant A and an init function in variant B.
 */

#include <linux/kernel.h>
#include <linux/init.h>
#include "test_klp_verify.h"

/* verify_dup,2 in variant A, where verify_b.o links second; ,1 in B */
static int verify_dup __used = 22;

int verify_b_dup(void)
{
	return READ_ONCE(verify_dup);
}

/*
 * In variant B this symbol exists only while the module loads: the
 * livepatch core finds it then, but not in the core symbol table of the
 * live module.
 */
#ifdef TEST_KLP_VERIFY_B
int __init verify_late_fn(void)
#else
int verify_late_fn(void)
#endif
{
	return 2 * verify_b_dup();
}
