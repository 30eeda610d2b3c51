/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * klp-convert-annotations.h - klp-convert annotations for livepatch
 * modules built against a kernel without them (a distribution's headers
 * package).
 *
 * The same names, section names and layout as include/linux/livepatch.h
 * and include/uapi/linux/livepatch.h of a kernel that has klp-convert
 * (Documentation/livepatch/klp-convert.rst, sections 5 and 6). On such a
 * kernel, this header uses the kernel's definitions.
 *
 * KLP_MODULE_RELOC(obj) - declare an array of KLP_SYMPOS() entries for
 *	symbols of object @obj (vmlinux or a module name, '-' written '_').
 * KLP_SYMPOS(symbol, pos) - @symbol is the @pos-th symbol of that name in
 *	the object, counted as kallsyms lists them (1-based).
 * KLP_RELOC_SYMBOL_POS(lp_obj, sym_obj, sym, pos) - on a declaration, binds
 *	it to the @pos-th @sym of object @sym_obj; @lp_obj must be @sym_obj.
 * KLP_RELOC_SYMBOL(lp_obj, sym_obj, sym) - the same for a unique @sym.
 */

#ifndef _KLP_CONVERT_ANNOTATIONS_H
#define _KLP_CONVERT_ANNOTATIONS_H

/*
 * On a kernel with klp-convert, <linux/livepatch.h> defines everything
 * below (and includes <uapi/linux/livepatch.h>): the definitions here are
 * skipped.
 */
#include <linux/livepatch.h>
#include <linux/types.h>

#ifndef KLP_RELA_PREFIX
#define KLP_RELA_PREFIX		".klp.rela."
#endif
#ifndef KLP_SYM_PREFIX
#define KLP_SYM_PREFIX		".klp.sym."
#endif
#ifndef KLP_MODULE_RELOC_PREFIX
#define KLP_MODULE_RELOC_PREFIX	".klp.module_relocs."
#endif
#ifndef KLP_RELOC_SYMBOL_PREFIX
#define KLP_RELOC_SYMBOL_PREFIX	".klp.sym.rela."
#endif

#ifndef _UAPI_LINUX_LIVEPATCH_H
/* One KLP_SYMPOS() annotation: a 64-bit slot relocated to the symbol, then its position. */
struct klp_module_reloc {
	__u64 sym;
	__u32 sympos;
} __packed;
#endif

/*
 * The definitions below are token for token those of
 * include/linux/livepatch.h, so that including both headers, in either
 * order, is a valid redefinition.
 */
#ifndef KLP_MODULE_RELOC
#define KLP_MODULE_RELOC(obj)						\
	static struct klp_module_reloc __used				\
	__section(KLP_MODULE_RELOC_PREFIX #obj)
#endif

#ifndef KLP_SYMPOS
#define KLP_SYMPOS(symbol, pos)						\
	{ .sym = (unsigned long)&(symbol), .sympos = (pos) }
#endif

#ifndef KLP_RELOC_SYMBOL_POS
#define KLP_RELOC_SYMBOL_POS(lp_obj, sym_obj, sym, pos)			\
	__asm__(KLP_RELOC_SYMBOL_PREFIX #lp_obj "." #sym_obj "." #sym "." #pos)
#endif

#ifndef KLP_RELOC_SYMBOL
#define KLP_RELOC_SYMBOL(lp_obj, sym_obj, sym)				\
	KLP_RELOC_SYMBOL_POS(lp_obj, sym_obj, sym, 0)
#endif

#endif /* _KLP_CONVERT_ANNOTATIONS_H */
