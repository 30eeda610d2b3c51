/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * livepatch.h - Kernel Live Patching ELF format
 *
 * Names and layouts shared by the kernel, livepatch modules and the
 * klp-convert host tool (see Documentation/livepatch/module-elf-format.rst).
 */

#ifndef _UAPI_LINUX_LIVEPATCH_H
#define _UAPI_LINUX_LIVEPATCH_H

#include <linux/types.h>

#define KLP_RELA_PREFIX		".klp.rela."
#define KLP_SYM_PREFIX		".klp.sym."
#define KLP_MODULE_RELOC_PREFIX	".klp.module_relocs."
#define KLP_RELOC_SYMBOL_PREFIX	".klp.sym.rela."

/* One KLP_SYMPOS() annotation: a 64-bit slot relocated to the symbol, then its position. */
struct klp_module_reloc {
	__u64 sym;
	__u32 sympos;
} __attribute__((packed));

#endif /* _UAPI_LINUX_LIVEPATCH_H */
