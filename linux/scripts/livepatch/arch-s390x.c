// SPDX-License-Identifier: GPL-2.0
/*
 * s390x: the relocations arch/s390/kernel/module.c apply_rela() handles
 * for livepatch symbols, and the special sections of its module loader.
 *
 * Modules are built with -fPIC: a module calls another object's function
 * through R_390_PLT32DBL (brasl) and reaches its data through a GOT entry
 * (R_390_GOTENT, lgrl); a symbol declared hidden is addressed directly
 * (R_390_PC32DBL, larl).  The loader keeps one GOT and PLT slot per
 * symbol of the module, which livepatch symbols get too.
 */
#include <elf.h>
#include <string.h>
#include "arch.h"
#include "util.h"

static const struct arch_reloc s390x_relocs[] = {
	RELOC(R_390_NONE,		0),
	RELOC(R_390_64,		8),
	RELOC(R_390_PC32,		4),
	RELOC(R_390_PC64,		8),
	RELOC(R_390_PC32DBL,	4),
	RELOC(R_390_PLT32DBL,	4),
	RELOC(R_390_PLT32,		4),
	RELOC(R_390_PLT64,		8),
	RELOC(R_390_GOTENT,		4),
	RELOC(R_390_GOTPLTENT,	4),
};

#define NARROW \
	"the field is too narrow to reach another object; build with the kernel's module flags (-fPIC)"
#define GOT_BASE \
	"it is relative to a GOT base register (-fpic) or to the GOT itself; build with the kernel's module flags (-fPIC), which reach a GOT entry PC-relatively (R_390_GOTENT)"
#define ABS32 \
	"kernel and module addresses do not fit in 32 bits; use a 64-bit pointer (R_390_64) or a PC-relative reference"
#define SHARED_ONLY \
	"it only occurs in shared objects, and the s390 module loader refuses it"

static const struct arch_reloc s390x_known[] = {
	REFUSED(R_390_8,		1, NARROW),
	REFUSED(R_390_12,		2, NARROW),
	REFUSED(R_390_16,		2, NARROW),
	REFUSED(R_390_20,		3, NARROW),
	REFUSED(R_390_32, 4, ABS32),
	REFUSED(R_390_PC16,		2, NARROW),
	REFUSED(R_390_PC16DBL,	2, NARROW),
	REFUSED(R_390_PLT16DBL,	2, NARROW),
	REFUSED(R_390_GOT12,		2, GOT_BASE),
	REFUSED(R_390_GOT16,		2, GOT_BASE),
	REFUSED(R_390_GOT20,		3, GOT_BASE),
	REFUSED(R_390_GOT32,		4, GOT_BASE),
	REFUSED(R_390_GOT64,		8, GOT_BASE),
	REFUSED(R_390_GOTPLT12,	2, GOT_BASE),
	REFUSED(R_390_GOTPLT16,	2, GOT_BASE),
	REFUSED(R_390_GOTPLT20,	3, GOT_BASE),
	REFUSED(R_390_GOTPLT32,	4, GOT_BASE),
	REFUSED(R_390_GOTPLT64,	8, GOT_BASE),
	REFUSED(R_390_GOTOFF16,	2, GOT_BASE),
	REFUSED(R_390_GOTOFF32,	4, GOT_BASE),
	REFUSED(R_390_GOTOFF64,	8, GOT_BASE),
	REFUSED(R_390_GOTPC,		4, GOT_BASE),
	REFUSED(R_390_GOTPCDBL,	4, GOT_BASE),
	REFUSED(R_390_PLTOFF16,	2, GOT_BASE),
	REFUSED(R_390_PLTOFF32,	4, GOT_BASE),
	REFUSED(R_390_PLTOFF64,	8, GOT_BASE),
	REFUSED(R_390_COPY,		0, SHARED_ONLY),
	REFUSED(R_390_GLOB_DAT,	8, SHARED_ONLY),
	REFUSED(R_390_JMP_SLOT,	8, SHARED_ONLY),
	REFUSED(R_390_RELATIVE,	8, SHARED_ONLY),
};

/*
 * Sections arch/s390/kernel/module.c module_finalize() and the generic
 * loader read before relocations to a module's symbols are written.
 */
static const char * const s390x_special_sections[] = {
	"__jump_table",
	"__bug_table",
	"__ex_table",
	"__mcount_loc",
	"__patchable_function_entries",
	".altinstructions",
	".altinstr_replacement",
	".s390_indirect*",
	".s390_return*",
};

static const char * const s390x_loader_symbols[] = {
	"_GLOBAL_OFFSET_TABLE_",
};

/*
 * RIL-format instructions with a PC-relative 32-bit field at offset 2:
 * brasl (c0x5) and brcl (c0x4) branch, larl (c0x0) takes the address,
 * lgrl/lrl/lgfrl/llgfrl (c4x8, c4xd, c4xc, c4xe) load, stgrl/strl
 * (c4xb, c4xf) store.
 */
static enum reloc_use s390x_reloc_use(unsigned int type,
				      const unsigned char *bytes,
				      unsigned long long size,
				      unsigned long long off, bool exec)
{
	unsigned char op, op2;

	if (type == R_390_PLT32DBL || type == R_390_PLT32 || type == R_390_PLT64)
		return RELOC_USE_CALL;
	if (!exec || !bytes || off < 2 || off > size || type != R_390_PC32DBL)
		return RELOC_USE_ADDRESS;
	op = bytes[off - 2];
	op2 = bytes[off - 1] & 0x0f;
	if (op == 0xc0 && (op2 == 0x5 || op2 == 0x4))
		return RELOC_USE_CALL;
	if (op == 0xc4 && (op2 == 0x8 || op2 == 0xd || op2 == 0xc ||
			   op2 == 0xe || op2 == 0xb || op2 == 0xf))
		return RELOC_USE_LOAD;
	return RELOC_USE_ADDRESS;
}

const struct arch arch_s390x = {
	.name = "s390x",
	.machine = EM_S390,
	.elf_class = ELFCLASS64,
	.elf_data = ELFDATA2MSB,
	.kernel_cflags = "-fPIC",
	.none_type = R_390_NONE,
	.abs64_type = R_390_64,
	.relocs = s390x_relocs,
	.nr_relocs = ARRAY_SIZE(s390x_relocs),
	.known = s390x_known,
	.nr_known = ARRAY_SIZE(s390x_known),
	.special_sections = s390x_special_sections,
	.nr_special_sections = ARRAY_SIZE(s390x_special_sections),
	.loader_symbols = s390x_loader_symbols,
	.nr_loader_symbols = ARRAY_SIZE(s390x_loader_symbols),
	.reloc_use = s390x_reloc_use,
};
