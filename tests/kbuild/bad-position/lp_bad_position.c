// SPDX-License-Identifier: GPL-2.0
/*
 * Annotation positions the objects do not have: type_show is a static of
 * seven vmlinux files, LL_bits of two.
 */
#include <linux/kernel.h>

#include "klp_test_patch.h"
#include <linux/seq_file.h>

struct kobject;
struct kobj_attribute;
extern ssize_t type_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf);
extern const unsigned char ll_bits[]
	KLP_RELOC_SYMBOL_POS(vmlinux, vmlinux, LL_bits, 3);

KLP_MODULE_RELOC(vmlinux) lp_relocs[] = {
	KLP_SYMPOS(type_show, 9),
};

static int lp_version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%ld %d\n", (long)type_show(NULL, NULL, NULL), ll_bits[0]);
	return 0;
}

KLP_TEST_PATCH(NULL, "version_proc_show", lp_version_proc_show, klp_test_no_pre_enable);
