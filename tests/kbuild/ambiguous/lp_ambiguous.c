// SPDX-License-Identifier: GPL-2.0
/*
 * type_show() is a static function of seven vmlinux files: without an
 * annotation klp-convert cannot know which one is meant.
 */
#include <linux/kernel.h>

#include "klp_test_patch.h"
#include <linux/seq_file.h>

struct kobject;
struct kobj_attribute;
extern ssize_t type_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf);

static int lp_version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%ld\n", (long)type_show(NULL, NULL, NULL));
	return 0;
}

KLP_TEST_PATCH(NULL, "version_proc_show", lp_version_proc_show, klp_test_no_pre_enable);
