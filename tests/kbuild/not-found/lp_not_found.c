// SPDX-License-Identifier: GPL-2.0
/*
 * A name that nothing defines: klp-convert must name the module file, the
 * symbol and where it is referenced.
 */
#include <linux/kernel.h>

#include "klp_test_patch.h"
#include <linux/seq_file.h>

extern int klp_kbuild_no_such_symbol;

static int lp_version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", klp_kbuild_no_such_symbol);
	return 0;
}

KLP_TEST_PATCH(NULL, "version_proc_show", lp_version_proc_show, klp_test_no_pre_enable);
