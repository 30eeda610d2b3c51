// SPDX-License-Identifier: GPL-2.0
/*
 * IBT: do_one_initcall() is only called directly in vmlinux, so objtool
 * lists it in .ibt_endbr_seal and the kernel removes its ENDBR at boot.
 * The livepatch may call it, but an indirect call through the address it
 * takes here would fault: klp-convert must refuse the address, and only
 * the address.
 */
#include <linux/init.h>
#include <linux/kernel.h>

#include "klp_test_patch.h"
#include <linux/seq_file.h>

int (*lp_sealed_ptr)(initcall_t fn) = do_one_initcall;

static int lp_version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", do_one_initcall(NULL) + !!lp_sealed_ptr);
	return 0;
}

KLP_TEST_PATCH(NULL, "version_proc_show", lp_version_proc_show, klp_test_no_pre_enable);
