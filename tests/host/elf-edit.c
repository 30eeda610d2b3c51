// SPDX-License-Identifier: GPL-2.0
/*
 * elf-edit: write a copy of an ELF file with one field changed, to derive
 * hostile inputs from good fixtures for the host tests.  Raw Elf64
 * structures, no libelf: it must be able to write what libelf would
 * refuse to.
 *
 *   elf-edit <in> <out> ehdr <field> <value>
 *   elf-edit <in> <out> ident <byte-index> <value>
 *   elf-edit <in> <out> shdr <section> <field> <value>
 *   elf-edit <in> <out> sym <symbol> <field> <value>
 *   elf-edit <in> <out> rela <rela-section> <entry> <field> <value>
 *   elf-edit <in> <out> bytes <file-offset> <hexbytes>
 *
 * <section> and <symbol> are a name (the first match) or an index; values
 * are numbers as strtoull() reads them with base 0 ("-1" is all ones).
 * With <out> "-", nothing is written and the current value of the field
 * is printed in decimal; the pseudo field "index" prints the index of a
 * section or symbol found by name.  "bytes" may write past the end of the
 * file, which grows it.  Fields are those of the Elf64 structures without
 * their prefix (sh_addralign: addralign).  Exits 2 on any error.
 */
#include <ctype.h>
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct field {
	const char *name;
	size_t offset;
	size_t size;
};

#define FIELD(type, prefix, f) { #f, offsetof(type, prefix##f), \
				 sizeof(((type *)0)->prefix##f) }

static const struct field ehdr_fields[] = {
	FIELD(Elf64_Ehdr, e_, type), FIELD(Elf64_Ehdr, e_, machine),
	FIELD(Elf64_Ehdr, e_, version), FIELD(Elf64_Ehdr, e_, entry),
	FIELD(Elf64_Ehdr, e_, phoff), FIELD(Elf64_Ehdr, e_, shoff),
	FIELD(Elf64_Ehdr, e_, flags), FIELD(Elf64_Ehdr, e_, ehsize),
	FIELD(Elf64_Ehdr, e_, phentsize), FIELD(Elf64_Ehdr, e_, phnum),
	FIELD(Elf64_Ehdr, e_, shentsize), FIELD(Elf64_Ehdr, e_, shnum),
	FIELD(Elf64_Ehdr, e_, shstrndx), { NULL, 0, 0 },
};

static const struct field shdr_fields[] = {
	FIELD(Elf64_Shdr, sh_, name), FIELD(Elf64_Shdr, sh_, type),
	FIELD(Elf64_Shdr, sh_, flags), FIELD(Elf64_Shdr, sh_, addr),
	FIELD(Elf64_Shdr, sh_, offset), FIELD(Elf64_Shdr, sh_, size),
	FIELD(Elf64_Shdr, sh_, link), FIELD(Elf64_Shdr, sh_, info),
	FIELD(Elf64_Shdr, sh_, addralign), FIELD(Elf64_Shdr, sh_, entsize),
	{ NULL, 0, 0 },
};

static const struct field sym_fields[] = {
	FIELD(Elf64_Sym, st_, name), FIELD(Elf64_Sym, st_, info),
	FIELD(Elf64_Sym, st_, other), FIELD(Elf64_Sym, st_, shndx),
	FIELD(Elf64_Sym, st_, value), FIELD(Elf64_Sym, st_, size),
	{ NULL, 0, 0 },
};

static const struct field rela_fields[] = {
	FIELD(Elf64_Rela, r_, offset), FIELD(Elf64_Rela, r_, info),
	FIELD(Elf64_Rela, r_, addend), { NULL, 0, 0 },
};

static const char *prog = "elf-edit";
static unsigned char *buf;
static size_t buf_size;

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static uint64_t parse_number(const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (!*s || *end || errno)
		die("bad number '%s'", s);
	return v;
}

static bool is_index(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* p[0..size) inside the file? */
static void *at(uint64_t off, uint64_t size, const char *what)
{
	if (off > buf_size || size > buf_size - off)
		die("%s at 0x%llx (%llu bytes) is outside the file", what,
		    (unsigned long long)off, (unsigned long long)size);
	return buf + off;
}

static Elf64_Ehdr *ehdr(void)
{
	Elf64_Ehdr *eh = at(0, sizeof(*eh), "ELF header");

	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB)
		die("not a 64-bit little-endian ELF file");
	return eh;
}

static Elf64_Shdr *shdr(size_t idx)
{
	Elf64_Ehdr *eh = ehdr();

	if (idx >= eh->e_shnum || eh->e_shentsize != sizeof(Elf64_Shdr))
		die("no section %zu", idx);
	return at(eh->e_shoff + idx * sizeof(Elf64_Shdr), sizeof(Elf64_Shdr),
		  "section header");
}

static const char *string(size_t strndx, uint64_t off)
{
	Elf64_Shdr *sh = shdr(strndx);
	const char *s;

	if (off >= sh->sh_size)
		return NULL;
	s = at(sh->sh_offset + off, sh->sh_size - off, "string");
	return memchr(s, '\0', sh->sh_size - off) ? s : NULL;
}

static size_t find_section(const char *key)
{
	Elf64_Ehdr *eh = ehdr();
	size_t i;

	if (is_index(key)) {
		shdr(parse_number(key));
		return parse_number(key);
	}
	for (i = 1; i < eh->e_shnum; i++) {
		const char *name = string(eh->e_shstrndx, shdr(i)->sh_name);

		if (name && !strcmp(name, key))
			return i;
	}
	die("no section '%s'", key);
}

static size_t find_symtab(void)
{
	Elf64_Ehdr *eh = ehdr();
	size_t i;

	for (i = 1; i < eh->e_shnum; i++)
		if (shdr(i)->sh_type == SHT_SYMTAB)
			return i;
	die("no symbol table");
}

static Elf64_Sym *symbol(size_t symtab, size_t idx)
{
	Elf64_Shdr *sh = shdr(symtab);

	if (idx >= sh->sh_size / sizeof(Elf64_Sym))
		die("no symbol %zu", idx);
	return at(sh->sh_offset + idx * sizeof(Elf64_Sym), sizeof(Elf64_Sym),
		  "symbol");
}

static size_t find_symbol(const char *key)
{
	size_t symtab = find_symtab();
	Elf64_Shdr *sh = shdr(symtab);
	size_t i, n = sh->sh_size / sizeof(Elf64_Sym);

	if (is_index(key)) {
		symbol(symtab, parse_number(key));
		return parse_number(key);
	}
	for (i = 1; i < n; i++) {
		const char *name = string(sh->sh_link, symbol(symtab, i)->st_name);

		if (name && !strcmp(name, key))
			return i;
	}
	die("no symbol '%s'", key);
}

static const struct field *find_field(const struct field *fields,
				      const char *name)
{
	for (; fields->name; fields++)
		if (!strcmp(fields->name, name))
			return fields;
	die("unknown field '%s'", name);
}

/* print the field (value NULL) or set it */
static void access_field(void *base, const struct field *f, const char *value)
{
	unsigned char *p = (unsigned char *)base + f->offset;
	uint64_t v = 0;

	if (!value) {
		memcpy(&v, p, f->size);		/* little-endian host */
		printf("%llu\n", (unsigned long long)v);
		return;
	}
	v = parse_number(value);
	if (f->size < sizeof(v) && v >> (8 * f->size))
		die("value %s does not fit in %zu bytes", value, f->size);
	memcpy(p, &v, f->size);
}

static void print_index(size_t idx)
{
	printf("%zu\n", idx);
}

static void set_bytes(const char *off_s, const char *hex)
{
	uint64_t off = parse_number(off_s);
	size_t i, n = strlen(hex) / 2;

	if (strlen(hex) % 2 || !n)
		die("bad hex bytes '%s'", hex);
	if (off > SIZE_MAX - n)
		die("offset %s too large", off_s);
	if (off + n > buf_size) {
		buf = realloc(buf, off + n);
		if (!buf)
			die("out of memory");
		memset(buf + buf_size, 0, off + n - buf_size);
		buf_size = off + n;
	}
	for (i = 0; i < n; i++) {
		char byte[3] = { hex[2 * i], hex[2 * i + 1], '\0' };
		char *end;

		if (!isxdigit((unsigned char)byte[0]) ||
		    !isxdigit((unsigned char)byte[1]))
			die("bad hex bytes '%s'", hex);
		buf[off + i] = strtoul(byte, &end, 16);
	}
}

/* argv: the command and its arguments; value NULL means print */
static void edit(int argc, char **argv, bool print)
{
	const char *cmd = argv[0];
	const char *value = print ? NULL : argv[argc - 1];
	int nargs = argc - 1 - !print;	/* arguments before the value */
	size_t idx;

	if (!strcmp(cmd, "ehdr") && nargs == 1) {
		access_field(ehdr(), find_field(ehdr_fields, argv[1]), value);
	} else if (!strcmp(cmd, "ident") && nargs == 1 && !print) {
		uint64_t i = parse_number(argv[1]), v = parse_number(value);

		if (i >= EI_NIDENT || v > 0xff)
			die("ident %s %s: byte index below %d, value below 256",
			    argv[1], value, EI_NIDENT);
		*(unsigned char *)at(i, 1, "e_ident") = v;
	} else if (!strcmp(cmd, "shdr") && nargs == 2) {
		idx = find_section(argv[1]);
		if (print && !strcmp(argv[2], "index"))
			print_index(idx);
		else
			access_field(shdr(idx), find_field(shdr_fields, argv[2]),
				     value);
	} else if (!strcmp(cmd, "sym") && nargs == 2) {
		idx = find_symbol(argv[1]);
		if (print && !strcmp(argv[2], "index"))
			print_index(idx);
		else
			access_field(symbol(find_symtab(), idx),
				     find_field(sym_fields, argv[2]), value);
	} else if (!strcmp(cmd, "rela") && nargs == 3) {
		Elf64_Shdr *sh = shdr(find_section(argv[1]));
		uint64_t entry = parse_number(argv[2]);

		if (sh->sh_type != SHT_RELA ||
		    entry >= sh->sh_size / sizeof(Elf64_Rela))
			die("%s has no RELA entry %s", argv[1], argv[2]);
		access_field(at(sh->sh_offset + entry * sizeof(Elf64_Rela),
				sizeof(Elf64_Rela), "relocation"),
			     find_field(rela_fields, argv[3]), value);
	} else if (!strcmp(cmd, "bytes") && nargs == 1 && !print) {
		set_bytes(argv[1], value);
	} else {
		die("bad command; see the comment at the top of elf-edit.c");
	}
}

static void read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n;

	if (!f)
		die("%s: %s", path, strerror(errno));
	buf = malloc(cap);
	while (buf && (n = fread(buf + buf_size, 1, cap - buf_size, f)) > 0) {
		buf_size += n;
		if (buf_size == cap)
			buf = realloc(buf, cap *= 2);
	}
	if (!buf || ferror(f))
		die("%s: cannot read", path);
	fclose(f);
}

static void write_file(const char *path)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(buf, 1, buf_size, f) != buf_size || fclose(f))
		die("%s: cannot write", path);
}

int main(int argc, char **argv)
{
	bool print;

	if (argc < 5) {
		fprintf(stderr, "usage: elf-edit <in> <out|-> <command> <args>...\n"
			"(see the comment at the top of elf-edit.c)\n");
		return 2;
	}
	print = !strcmp(argv[2], "-");
	read_file(argv[1]);
	edit(argc - 3, argv + 3, print);
	if (!print)
		write_file(argv[2]);
	free(buf);
	return 0;
}
