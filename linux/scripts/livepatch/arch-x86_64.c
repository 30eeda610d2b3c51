// SPDX-License-Identifier: GPL-2.0
/*
 * x86_64: the relocations arch/x86/kernel/module.c __write_relocate_add()
 * handles, and the special sections of its module loader.
 */
#include <elf.h>
#include <string.h>
#include "arch.h"
#include "util.h"

static const struct arch_reloc x86_64_relocs[] = {
	RELOC(R_X86_64_NONE,	0),
	RELOC(R_X86_64_64,		8),
	RELOC(R_X86_64_32,		4),
	RELOC(R_X86_64_32S,		4),
	RELOC(R_X86_64_PC32,	4),
	RELOC(R_X86_64_PLT32,	4),
	RELOC(R_X86_64_PC64,	8),
};

/* Only for messages: types the kernel refuses */
static const struct arch_reloc x86_64_known[] = {
	RELOC(R_X86_64_GOT32,	4),
	RELOC(R_X86_64_COPY,	0),
	RELOC(R_X86_64_GLOB_DAT,	8),
	RELOC(R_X86_64_JUMP_SLOT,	8),
	RELOC(R_X86_64_RELATIVE,	8),
	RELOC(R_X86_64_GOTPCREL,	4),
	RELOC(R_X86_64_16,		2),
	RELOC(R_X86_64_PC16,	2),
	RELOC(R_X86_64_8,		1),
	RELOC(R_X86_64_PC8,		1),
	RELOC(R_X86_64_TPOFF32,	4),
	RELOC(R_X86_64_GOTOFF64,	8),
	RELOC(R_X86_64_GOTPC32,	4),
	RELOC(R_X86_64_SIZE32,	4),
	RELOC(R_X86_64_SIZE64,	8),
	RELOC(R_X86_64_GOTPCRELX,	4),
	RELOC(R_X86_64_REX_GOTPCRELX, 4),
};

/*
 * Sections the loader (module_finalize(), find_module_sections(), the
 * COMING notifiers) reads before klp_module_coming() writes relocations
 * to a module's symbols: such a reference would still read as zero.
 */
static const char * const x86_64_special_sections[] = {
	"__jump_table",
	".static_call_sites",
	".altinstructions",
	".altinstr_replacement",
	".parainstructions",
	".smp_locks",
	"__bug_table",
	"__ex_table",
	".orc_unwind*",
	"__mcount_loc",
	".call_sites",
	".return_sites",
	".retpoline_sites",
	".ibt_endbr_seal",
	"__patchable_function_entries",
};

/*
 * From the instruction bytes before the displacement: e8/e9 (call/jmp
 * rel32) are calls; a RIP-relative ModRM (mod 00, r/m 101) after a mov
 * opcode (89 store, 8b load) reads or writes.  Everything else (lea,
 * pointers in data, other instructions) takes an address.
 */
static enum reloc_use x86_64_reloc_use(unsigned int type,
				       const unsigned char *bytes,
				       unsigned long long size,
				       unsigned long long off, bool exec)
{
	if (type == R_X86_64_PLT32)
		return RELOC_USE_CALL;
	if (!exec || !bytes || off > size || type != R_X86_64_PC32)
		return RELOC_USE_ADDRESS;
	if (off >= 1 && (bytes[off - 1] == 0xe8 || bytes[off - 1] == 0xe9))
		return RELOC_USE_CALL;
	if (off >= 2 && (bytes[off - 1] & 0xc7) == 0x05 &&
	    (bytes[off - 2] == 0x8b || bytes[off - 2] == 0x89))
		return RELOC_USE_LOAD;
	return RELOC_USE_ADDRESS;
}

static const char * const x86_64_loader_symbols[] = {
	"_GLOBAL_OFFSET_TABLE_",
};

const struct arch arch_x86_64 = {
	.name = "x86_64",
	.machine = EM_X86_64,
	.elf_class = ELFCLASS64,
	.elf_data = ELFDATA2LSB,
	.kernel_cflags = "-mcmodel=kernel -fno-PIE",
	.zero_target = true,
	.none_type = R_X86_64_NONE,
	.abs64_type = R_X86_64_64,
	.relocs = x86_64_relocs,
	.nr_relocs = ARRAY_SIZE(x86_64_relocs),
	.known = x86_64_known,
	.nr_known = ARRAY_SIZE(x86_64_known),
	.special_sections = x86_64_special_sections,
	.nr_special_sections = ARRAY_SIZE(x86_64_special_sections),
	.loader_symbols = x86_64_loader_symbols,
	.nr_loader_symbols = ARRAY_SIZE(x86_64_loader_symbols),
	.reloc_use = x86_64_reloc_use,
};
