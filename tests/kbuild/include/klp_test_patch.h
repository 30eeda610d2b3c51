/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The livepatch module around each build-time negative case: replaces
 * function @old_func of object @objname (NULL: vmlinux) with @replacement.
 * A case that must reference something from init code passes it as
 * @pre_enable, called from the module's init before klp_enable_patch().
 */
#ifndef _KLP_TEST_PATCH_H
#define _KLP_TEST_PATCH_H

#include <linux/livepatch.h>
#include <linux/module.h>

static inline void klp_test_no_pre_enable(void)
{
}

#define KLP_TEST_PATCH(objname, old_func, replacement, pre_enable)	\
static struct klp_func funcs[] = {					\
	{ .old_name = old_func, .new_func = replacement }, { }		\
};									\
static struct klp_object objs[] = {					\
	{ .name = objname, .funcs = funcs }, { }			\
};									\
static struct klp_patch patch = {					\
	.mod = THIS_MODULE,						\
	.objs = objs,							\
};									\
static int __init lp_init(void)						\
{									\
	pre_enable();							\
	return klp_enable_patch(&patch);				\
}									\
static void __exit lp_exit(void)					\
{									\
}									\
module_init(lp_init);							\
module_exit(lp_exit);							\
MODULE_LICENSE("GPL");							\
MODULE_INFO(livepatch, "Y")

#endif /* _KLP_TEST_PATCH_H */
