// SPDX-License-Identifier: GPL-2.0
/*
 * klp-inspect: dump a relocatable ELF object in a canonical text form for
 * the host tests.  Independent of klp-convert's own ELF layer on purpose:
 * it is the second opinion on what klp-convert wrote.
 *
 *   S <idx> <name> type=<t> flags=<hex> link=<idx> info=<idx> entsize=<n> align=<n>
 *   Y <idx> <name> shndx=<UND|ABS|LIVEPATCH|COMMON|section> <LOCAL|GLOBAL|WEAK> <type> value=<hex>
 *   L locals=<symtab sh_info>
 *   R <rela section> <offset hex> type=<n> sym=<name> addend=<signed hex> bytes=<target bytes hex>
 */
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *bind_name(unsigned int b)
{
	return b == STB_LOCAL ? "LOCAL" : b == STB_GLOBAL ? "GLOBAL" :
	       b == STB_WEAK ? "WEAK" : "OTHER";
}

static const char *type_name(unsigned int t)
{
	static const char * const names[] = {
		"NOTYPE", "OBJECT", "FUNC", "SECTION", "FILE",
	};

	return t < 5 ? names[t] : "OTHER";
}

static unsigned int width(unsigned int type)
{
	switch (type) {
	case R_X86_64_NONE: return 0;
	case R_X86_64_64: case R_X86_64_PC64: return 8;
	default: return 4;
	}
}

int main(int argc, char **argv)
{
	size_t shnum, shstrndx, i, j, symidx = 0, strndx = 0, nsyms = 0;
	Elf_Data *symdata = NULL;
	Elf *e;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: klp-inspect <file.o>\n");
		return 2;
	}
	elf_version(EV_CURRENT);
	fd = open(argv[1], O_RDONLY);
	e = fd < 0 ? NULL : elf_begin(fd, ELF_C_READ, NULL);
	if (!e || elf_getshdrnum(e, &shnum) || elf_getshdrstrndx(e, &shstrndx)) {
		fprintf(stderr, "klp-inspect: %s: cannot read\n", argv[1]);
		return 1;
	}
	for (i = 1; i < shnum; i++) {
		Elf_Scn *scn = elf_getscn(e, i);
		GElf_Shdr sh;

		gelf_getshdr(scn, &sh);
		printf("S %zu %s type=%u flags=0x%" PRIx64 " link=%u info=%u entsize=%" PRIu64 " align=%" PRIu64 "\n",
		       i, elf_strptr(e, shstrndx, sh.sh_name), sh.sh_type,
		       (uint64_t)sh.sh_flags, sh.sh_link, sh.sh_info,
		       (uint64_t)sh.sh_entsize, (uint64_t)sh.sh_addralign);
		if (sh.sh_type == SHT_SYMTAB) {
			symidx = i;
			strndx = sh.sh_link;
			symdata = elf_getdata(scn, NULL);
			nsyms = sh.sh_size / sh.sh_entsize;
			printf("L locals=%u\n", sh.sh_info);
		}
	}
	for (i = 0; i < nsyms; i++) {
		GElf_Sym s;
		char shndx[64];

		gelf_getsym(symdata, i, &s);
		if (s.st_shndx == SHN_UNDEF)
			strcpy(shndx, "UND");
		else if (s.st_shndx == SHN_ABS)
			strcpy(shndx, "ABS");
		else if (s.st_shndx == SHN_COMMON)
			strcpy(shndx, "COMMON");
		else if (s.st_shndx == 0xff20)
			strcpy(shndx, "LIVEPATCH");
		else {
			GElf_Shdr sh;

			gelf_getshdr(elf_getscn(e, s.st_shndx), &sh);
			snprintf(shndx, sizeof(shndx), "%s",
				 elf_strptr(e, shstrndx, sh.sh_name));
		}
		printf("Y %zu %s shndx=%s %s %s value=0x%" PRIx64 "\n", i,
		       elf_strptr(e, strndx, s.st_name), shndx,
		       bind_name(GELF_ST_BIND(s.st_info)),
		       type_name(GELF_ST_TYPE(s.st_info)), (uint64_t)s.st_value);
	}
	for (i = 1; i < shnum; i++) {
		Elf_Scn *scn = elf_getscn(e, i), *tscn;
		Elf_Data *d, *td;
		GElf_Shdr sh, tsh;

		gelf_getshdr(scn, &sh);
		if (sh.sh_type != SHT_RELA || sh.sh_link != symidx)
			continue;
		d = elf_getdata(scn, NULL);
		tscn = elf_getscn(e, sh.sh_info);
		gelf_getshdr(tscn, &tsh);
		td = elf_getdata(tscn, NULL);
		for (j = 0; j < sh.sh_size / sh.sh_entsize; j++) {
			GElf_Rela r;
			GElf_Sym s;
			unsigned int k, w;

			gelf_getrela(d, j, &r);
			gelf_getsym(symdata, GELF_R_SYM(r.r_info), &s);
			printf("R %s 0x%" PRIx64 " type=%u sym=%s addend=%s0x%" PRIx64 " bytes=",
			       elf_strptr(e, shstrndx, sh.sh_name),
			       (uint64_t)r.r_offset, (unsigned int)GELF_R_TYPE(r.r_info),
			       GELF_R_SYM(r.r_info) ? elf_strptr(e, strndx, s.st_name) : "-",
			       r.r_addend < 0 ? "-" : "",
			       (uint64_t)(r.r_addend < 0 ? -r.r_addend : r.r_addend));
			w = width(GELF_R_TYPE(r.r_info));
			for (k = 0; k < w; k++) {
				unsigned char b = 0;

				if (tsh.sh_type != SHT_NOBITS && td &&
				    r.r_offset + k < td->d_size)
					b = ((unsigned char *)td->d_buf)[r.r_offset + k];
				printf("%02x", b);
			}
			printf("%s\n", w ? "" : "-");
		}
	}
	elf_end(e);
	close(fd);
	return 0;
}
