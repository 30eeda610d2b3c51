// SPDX-License-Identifier: GPL-2.0
/*
 * klp-convert - turn a linked livepatch module into the format of
 * Documentation/livepatch/module-elf-format.rst
 *
 * Usage: klp-convert [options] <Symbols.list> <input.ko> <output.ko>
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "convert.h"

static unsigned int nr_errors;

void klp_error(const char *file, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "klp-convert: %s: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	nr_errors++;
}

unsigned int klp_error_count(void)
{
	return nr_errors;
}

static void out_of_memory(void)
{
	fputs("klp-convert: out of memory\n", stderr);
	exit(1);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		out_of_memory();
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		out_of_memory();
	p = xmalloc(len + 1);
	va_start(ap, fmt);
	vsnprintf(p, len + 1, fmt, ap);
	va_end(ap);
	return p;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: klp-convert [options] <Symbols.list> <input.ko> <output.ko>\n"
		"Convert a linked livepatch module to the livepatch ELF format:\n"
		"references to unexported vmlinux symbols and to module symbols\n"
		"become .klp.sym symbols with .klp.rela relocation sections.\n"
		"\n"
		"  -v, --verbose  print one line per converted relocation\n"
		"  -h, --help     show this help\n"
		"      --version  show the version\n");
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (!strcmp(a, b))
		return true;
	return !stat(a, &sa) && !stat(b, &sb) &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int check_input(struct convert_ctx *ctx)
{
	const GElf_Ehdr *eh = &ctx->elf->ehdr;

	ctx->arch = arch_find(eh->e_machine);
	if (!ctx->arch) {
		klp_error(ctx->elf->path, "unsupported machine %u (supported: x86_64)",
			  eh->e_machine);
		return -1;
	}
	if (eh->e_ident[EI_CLASS] != ctx->arch->elf_class) {
		klp_error(ctx->elf->path, "wrong ELF class for %s", ctx->arch->name);
		return -1;
	}
	return check_livepatch_module(ctx);
}

static int convert(struct convert_ctx *ctx, const char *out_path)
{
	struct elf *elf = ctx->elf;

	ctx->dec = xcalloc(elf->nr_syms ? elf->nr_syms : 1, sizeof(*ctx->dec));
	/* keep going after errors: report everything in one run */
	read_annotations(ctx);
	ctx->db = symdb_new(ctx->symbols_path, elf->nr_syms);
	collect_wanted_names(ctx);
	if (symdb_load(ctx->db))
		return -1;
	decide_symbols(ctx);
	move_relocations(ctx);
	drop_removed_references(ctx);
	if (klp_error_count())
		return -1;
	rename_symbols(ctx);
	return elf_write(elf, out_path);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct convert_ctx ctx = { 0 };
	int c, ret = 1;

	while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'v':
			ctx.verbose = true;
			break;
		case 'V':
			printf("klp-convert %s (symbol data format 1, reads 0.1)\n",
			       KLP_CONVERT_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind != 3) {
		fputs("klp-convert: expected 3 arguments\n", stderr);
		usage(stderr);
		return 2;
	}
	ctx.symbols_path = argv[optind];
	if (same_file(argv[optind + 1], argv[optind + 2])) {
		klp_error(argv[optind + 2], "output is the input file; write to another file (the input is never modified)");
		return 1;
	}
	elf_version(EV_CURRENT);
	ctx.elf = elf_open_read(argv[optind + 1]);
	if (ctx.elf && !check_input(&ctx) && !convert(&ctx, argv[optind + 2]))
		ret = 0;
	if (ctx.elf)
		convert_ctx_free(&ctx);
	symdb_free(ctx.db);
	elf_close(ctx.elf);
	return ret;
}
