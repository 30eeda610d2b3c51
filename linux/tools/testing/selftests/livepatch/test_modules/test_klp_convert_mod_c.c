// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_convert_mod, file c: an unexported global, per-CPU data, the
 * second function-local "counter" and the __init tkcm_setup.
 */

#include <linux/kernel.h>
#include <linux/percpu.h>
#include "test_klp_convert.h"

int tkcm_global = 13;

static DEFINE_PER_CPU(int, tkcm_percpu) = 19;

int tkcm_c_count(void)
{
	static int counter = 30;

	return ++counter;
}

int tkcm_c_percpu(void)
{
	return this_cpu_read(tkcm_percpu);
}

/*
 * tkcm_setup,2 of the module while it loads; gone from its core symbol
 * table once it is live, where file a's tkcm_setup is the only one.
 */
static noinline int __init tkcm_setup(void)
{
	return 100;
}

int __init tkcm_c_init(void)
{
	return tkcm_setup();
}
