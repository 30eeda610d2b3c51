// SPDX-License-Identifier: GPL-2.0
/*
 * ppc64le (ELFv2, not CONFIG_PPC_KERNEL_PCREL): the relocations
 * arch/powerpc/kernel/module_64.c apply_relocate_add() handles for
 * livepatch symbols, and the special sections of its module loader.
 *
 * Modules are built with -mcmodel=large: a module reaches another
 * object's data through its own TOC (an R_PPC64_ADDR64 in .toc) and calls
 * another object's function with "bl <func>; nop".  The loader sends such
 * a call through a stub that loads the callee's TOC pointer (r2) and
 * replaces the nop with "ld r2,24(r1)" to restore the caller's.
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include "arch.h"
#include "util.h"

/* Not in every <elf.h> */
#ifndef R_PPC64_TOCSAVE
#define R_PPC64_TOCSAVE		109
#endif
#ifndef R_PPC64_REL24_NOTOC
#define R_PPC64_REL24_NOTOC	116
#endif
#ifndef R_PPC64_ENTRY
#define R_PPC64_ENTRY		118
#endif
#ifndef R_PPC64_PCREL34
#define R_PPC64_PCREL34		132
#endif
#ifndef R_PPC64_GOT_PCREL34
#define R_PPC64_GOT_PCREL34	133
#endif
#ifndef R_PPC64_REL16_LO
#define R_PPC64_REL16_LO	250
#endif
#ifndef R_PPC64_REL16_HA
#define R_PPC64_REL16_HA	252
#endif

#define PPC_INST_NOP		0x60000000u	/* ori r0,r0,0 */
#define PPC_INST_LD_TOC		0xe8410018u	/* ld r2,24(r1) */
#define PPC_BRANCH_MASK		0xfc000003u	/* opcode, AA and LK */
#define PPC_INST_BL		0x48000001u
#define PPC_INST_B		0x48000000u

static const struct arch_reloc ppc64le_relocs[] = {
	RELOC(R_PPC64_NONE,		0),
	RELOC(R_PPC64_ADDR64,	8),
	RELOC(R_PPC64_ADDR32,	4),
	RELOC(R_PPC64_REL24,	4),
	RELOC(R_PPC64_REL64,	8),
	RELOC(R_PPC64_REL32,	4),
};

#define TOC_RELATIVE \
	"the kernel computes it from the livepatch's own TOC pointer, which is not within 2 GB of another object's symbols; build with the kernel's module flags (-mcmodel=large), which reach other objects through a TOC entry"
#define PCREL_ONLY \
	"the kernel applies it only when built with CONFIG_PPC_KERNEL_PCREL; build with the kernel's module flags (-mcmodel=large, no -mpcrel)"
#define LOCAL_ONLY \
	"it is a marker the compiler puts on the livepatch's own functions; a hand-written reference must use R_PPC64_ADDR64 or a call (bl)"
#define REL16_UNCHECKED \
	"the kernel writes the low 32 bits of the distance without a range check, and modules are loaded far outside 2 GB of vmlinux; use R_PPC64_ADDR64 through the TOC"
#define NEVER_APPLIED \
	"the powerpc module loader refuses it (it only applies relocations of relocatable objects)"

static const struct arch_reloc ppc64le_known[] = {
	REFUSED(R_PPC64_TOC,		8, LOCAL_ONLY),
	REFUSED(R_PPC64_TOC16,	2, TOC_RELATIVE),
	REFUSED(R_PPC64_TOC16_LO,	2, TOC_RELATIVE),
	REFUSED(R_PPC64_TOC16_HI,	2, TOC_RELATIVE),
	REFUSED(R_PPC64_TOC16_HA,	2, TOC_RELATIVE),
	REFUSED(R_PPC64_TOC16_DS,	2, TOC_RELATIVE),
	REFUSED(R_PPC64_TOC16_LO_DS,	2, TOC_RELATIVE),
	REFUSED(R_PPC64_REL24_NOTOC,	4, PCREL_ONLY),
	REFUSED(R_PPC64_PCREL34,	8, PCREL_ONLY),
	REFUSED(R_PPC64_GOT_PCREL34,	8, PCREL_ONLY),
	REFUSED(R_PPC64_TOCSAVE,	0, LOCAL_ONLY),
	REFUSED(R_PPC64_ENTRY,	8, LOCAL_ONLY),
	REFUSED(R_PPC64_REL16_HA, 2, REL16_UNCHECKED),
	REFUSED(R_PPC64_REL16_LO, 2, REL16_UNCHECKED),
	RELOC(R_PPC64_ADDR16,	2),
	RELOC(R_PPC64_ADDR16_LO,	2),
	RELOC(R_PPC64_ADDR16_HI,	2),
	RELOC(R_PPC64_ADDR16_HA,	2),
	RELOC(R_PPC64_ADDR16_HIGHER, 2),
	RELOC(R_PPC64_ADDR16_HIGHEST, 2),
	RELOC(R_PPC64_ADDR14,	4),
	RELOC(R_PPC64_REL14,	4),
	RELOC(R_PPC64_ADDR24,	4),
	RELOC(R_PPC64_GOT16,	2),
	RELOC(R_PPC64_GOT16_HA,	2),
	RELOC(R_PPC64_GOT16_LO_DS,	2),
	RELOC(R_PPC64_UADDR64,	8),
	REFUSED(R_PPC64_COPY,		0, NEVER_APPLIED),
	REFUSED(R_PPC64_GLOB_DAT,	8, NEVER_APPLIED),
	REFUSED(R_PPC64_JMP_SLOT,	8, NEVER_APPLIED),
	REFUSED(R_PPC64_RELATIVE,	8, NEVER_APPLIED),
};

/*
 * Sections arch/powerpc/kernel/module.c module_finalize() and the generic
 * loader read before relocations to a module's symbols are written.
 */
static const char * const ppc64le_special_sections[] = {
	"__jump_table",
	"__bug_table",
	"__ex_table",
	"__mcount_loc",
	"__patchable_function_entries",
	"__ftr_fixup",
	"__mmu_ftr_fixup",
	"__fw_ftr_fixup",
	"__lwsync_fixup",
	"__spec_barrier_fixup",
	".opd",
};

/* modpost's ignore_undef_symbol() for EM_PPC64: set by the loader or ld */
static const char * const ppc64le_loader_symbols[] = {
	".TOC.",
	"_GLOBAL_OFFSET_TABLE_",
	"_restgpr0_*",
	"_savegpr0_*",
	"_restgpr1_*",
	"_savegpr1_*",
	"_restfpr_*",
	"_savefpr_*",
	"_restvr_*",
	"_savevr_*",
};

/* the reasons of ppc64le_check_site() */
#define NOT_AN_INSN \
	"the place is not an instruction word; the kernel writes R_PPC64_REL24 into a branch instruction"
#define REL32_FAR \
	"modules are loaded in vmalloc space, beyond the 32-bit reach of vmlinux (\"REL32 out of range\" at load); use a 64-bit reference (R_PPC64_ADDR64 or R_PPC64_REL64)"
#define LATE_PLAIN_STORE \
	"relocations to a module's symbols are written after the livepatch's read-only sections are protected, and the powerpc loader writes this type with a plain store, which faults; keep the reference in writable data (drop the const), or in code"

static unsigned int read_insn(const unsigned char *p)
{
	return (unsigned int)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0];
}

/*
 * restore_r2(): a call through the stub must be a "bl" (a tail call "b"
 * would return to our caller with the callee's TOC pointer) followed by
 * the nop the loader turns into "ld r2,24(r1)".
 */
static const char *check_call(const struct arch_site *s, char *buf, size_t len)
{
	unsigned int insn;

	if (!s->bytes || s->off % 4 || s->size - s->off < 4)
		return NOT_AN_INSN;
	insn = read_insn(s->bytes + s->off);
	if ((insn & PPC_BRANCH_MASK) == PPC_INST_B) {
		snprintf(buf, len, "the instruction is a tail call (b, 0x%08x); the kernel reaches a livepatch symbol through a stub that switches the TOC pointer (r2), which only a call (bl) followed by a nop restores; call the function and return its result",
			 insn);
		return buf;
	}
	if ((insn & PPC_BRANCH_MASK) != PPC_INST_BL) {
		snprintf(buf, len, "the instruction 0x%08x is not a call (bl); the kernel reaches a livepatch symbol through a stub, which only a call followed by a nop can use",
			 insn);
		return buf;
	}
	if (s->size - s->off < 8) {
		snprintf(buf, len, "the call is the last instruction of its section, and the kernel needs a nop after it to restore the TOC pointer (r2); write 'bl <func>' followed by 'nop'");
		return buf;
	}
	insn = read_insn(s->bytes + s->off + 4);
	if (insn != PPC_INST_NOP && insn != PPC_INST_LD_TOC) {
		snprintf(buf, len, "the instruction after the call is 0x%08x, not a nop; the kernel calls a livepatch symbol through a stub that switches the TOC pointer (r2) and replaces that nop with 'ld r2,24(r1)' (\"Expected nop after call\" at load); call it as an external function (the compiler then writes 'bl <func>; nop'), or add the nop in assembly",
			 insn);
		return buf;
	}
	return NULL;
}

static const char *ppc64le_check_site(const struct arch_site *s, char *buf,
				      size_t len)
{
	if (s->type == R_PPC64_REL24)
		return check_call(s, buf, len);
	if (s->type == R_PPC64_REL32 && s->to_vmlinux)
		return REL32_FAR;
	/*
	 * A module's symbols are written once the livepatch's read-only
	 * sections are protected: only R_PPC64_REL24 is written with
	 * patch_instruction(), the other types with a plain store.
	 */
	if (!s->to_vmlinux && !s->writable && s->type != R_PPC64_NONE)
		return LATE_PLAIN_STORE;
	return NULL;
}

/*
 * R_PPC64_REL24 is a call (bl; a tail call is refused); an R_PPC64_ADDR64
 * in .toc is what code loads an address from.  Everything else takes an
 * address.
 */
static enum reloc_use ppc64le_reloc_use(unsigned int type,
					const unsigned char *bytes,
					unsigned long long size,
					unsigned long long off, bool exec)
{
	(void)bytes;
	(void)size;
	(void)off;
	(void)exec;
	if (type == R_PPC64_REL24)
		return RELOC_USE_CALL;
	return RELOC_USE_ADDRESS;
}

const struct arch arch_ppc64le = {
	.name = "ppc64le",
	.machine = EM_PPC64,
	.elf_class = ELFCLASS64,
	.elf_data = ELFDATA2LSB,
	.kernel_cflags = "-mcmodel=large",
	/*
	 * apply_relocate_add() has no case for R_PPC64_NONE ("Unknown ADD
	 * relocation: 0"): the placeholder of an emptied .rela section is
	 * R_PPC64_TOCSAVE, a marker it ignores.
	 */
	.none_type = R_PPC64_TOCSAVE,
	.abs64_type = R_PPC64_ADDR64,
	.relocs = ppc64le_relocs,
	.nr_relocs = ARRAY_SIZE(ppc64le_relocs),
	.known = ppc64le_known,
	.nr_known = ARRAY_SIZE(ppc64le_known),
	.special_sections = ppc64le_special_sections,
	.nr_special_sections = ARRAY_SIZE(ppc64le_special_sections),
	.loader_symbols = ppc64le_loader_symbols,
	.nr_loader_symbols = ARRAY_SIZE(ppc64le_loader_symbols),
	.check_site = ppc64le_check_site,
	.reloc_use = ppc64le_reloc_use,
};
