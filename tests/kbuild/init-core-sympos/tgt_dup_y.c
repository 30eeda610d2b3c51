// SPDX-License-Identifier: GPL-2.0
/*
 * Target module tgt_dup, file y (linked second): dup_setup,2 while the
 * module loads, but the only dup_setup (position 1) once it is live.
 */
#include <linux/module.h>

int tgt_dup_y(void);

static noinline int dup_setup(void)
{
	return 2;
}

noinline int tgt_dup_y(void)
{
	return dup_setup();
}
