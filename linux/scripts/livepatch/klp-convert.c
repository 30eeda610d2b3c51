// SPDX-License-Identifier: GPL-2.0
/*
 * klp-convert - turn a linked livepatch module into the format of
 * Documentation/livepatch/module-elf-format.rst
 *
 * Usage: klp-convert [options] <Symbols.list> <input.ko> <output.ko>
 */
#include <getopt.h>
#include <stdio.h>
#include "convert.h"

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

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	bool verbose = false;
	int c;

	while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'v':
			verbose = true;
			break;
		case 'V':
			printf("klp-convert %s (symbol data format 1)\n",
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
	return klp_convert(argv[optind], argv[optind + 1], argv[optind + 2],
			   verbose) ? 1 : 0;
}
