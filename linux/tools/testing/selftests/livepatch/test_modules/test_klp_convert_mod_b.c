// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_convert_mod, file b: the second get_id and state, and the
 * statics that are unique in the module.
 */

#include <linux/kernel.h>
#include <linux/cache.h>
#include "test_klp_convert.h"

/* get_id,2 and state,2 of the module */
static int id = 2;

static noinline int get_id(void)
{
	return READ_ONCE(id);
}

static const char *state __used = "state of file b";

/* unique static function and data */
static noinline int tkcm_static_func(int x)
{
	return x * READ_ONCE(id) + 1;
}

static int tkcm_static_data __used = 7;
static int tkcm_read_mostly __used __read_mostly = 17;

int tkcm_b_get_id(void)
{
	return get_id();
}

const char *tkcm_b_state(void)
{
	return READ_ONCE(state);
}

/* GCC names this local "counter.<n>"; file c has one of the same name */
int tkcm_b_count(void)
{
	static int counter = 20;

	return ++counter;
}

int tkcm_b_static_func(int x)
{
	return tkcm_static_func(x);
}

int tkcm_b_static_data(void)
{
	return READ_ONCE(tkcm_static_data);
}

int tkcm_b_read_mostly(void)
{
	return READ_ONCE(tkcm_read_mostly);
}
