/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test_klp_convert_mod: the target module of the klp-convert selftests,
 * built from test_klp_convert_mod_a.c, _b.c and _c.c in that order.
 * What its files share; everything else is static to one file.
 */
#ifndef _TEST_KLP_CONVERT_H
#define _TEST_KLP_CONVERT_H

#include <linux/init.h>

/* file a */
void test_klp_convert_mod_print(void);
extern int tkcm_exported;

/* file b */
int tkcm_b_get_id(void);
const char *tkcm_b_state(void);
int tkcm_b_count(void);
int tkcm_b_static_func(int x);
int tkcm_b_static_data(void);
int tkcm_b_read_mostly(void);

/* file c */
extern int tkcm_global;
int tkcm_c_count(void);
int tkcm_c_percpu(void);
int __init tkcm_c_init(void);

#endif /* _TEST_KLP_CONVERT_H */
