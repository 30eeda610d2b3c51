// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_reload_filler: loaded between two loads of
 * test_klp_reload_mod so that the second one gets other addresses.
 */

#include <linux/module.h>

static char filler_data[8192] __used;

static int test_klp_reload_filler_init(void)
{
	return 0;
}

static void test_klp_reload_filler_exit(void)
{
}

module_init(test_klp_reload_filler_init);
module_exit(test_klp_reload_filler_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Livepatch test: takes module memory");
