// SPDX-License-Identifier: GPL-2.0
/*
 * klp-convert - turn a linked livepatch module into the format of
 * Documentation/livepatch/module-elf-format.rst, and check converted
 * modules against a target kernel before they are loaded.
 *
 * Usage: klp-convert [options] <Symbols.list> <input.ko> <output.ko>
 *        klp-convert verify [--json] <target> <livepatch.ko>
 *        klp-convert audit [--json] <old target> <new target> [<livepatch.ko>]
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "convert.h"
#include "verify.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: klp-convert [options] <Symbols.list> <input.ko> <output.ko>\n"
		"       klp-convert verify [--json] <target> <livepatch.ko>\n"
		"       klp-convert audit [--json] <old target> <new target> [<livepatch.ko>]\n"
		"Convert a linked livepatch module to the livepatch ELF format:\n"
		"references to unexported vmlinux symbols and to module symbols\n"
		"become .klp.sym symbols with .klp.rela relocation sections.\n"
		"verify says what a target kernel will bind each livepatch symbol\n"
		"of a converted module to; audit, what changes between two targets.\n"
		"A target is a Symbols.list or a /proc/kallsyms dump.\n"
		"\n"
		"  -v, --verbose  print one line per converted relocation\n"
		"      --json     verify, audit: JSON lines instead of text\n"
		"  -h, --help     show this help\n"
		"      --version  show the version\n");
}

static int check_command(const char *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false, audit = !strcmp(cmd, "audit");
	int c, n;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	n = argc - optind;
	if (audit && (n == 2 || n == 3))
		return klp_audit(argv[optind], argv[optind + 1],
				 n == 3 ? argv[optind + 2] : NULL, json);
	if (!audit && n == 2)
		return klp_verify(argv[optind], argv[optind + 1], json);
	fprintf(stderr, "klp-convert: %s: expected %s arguments\n", cmd,
		audit ? "2 or 3" : "2");
	usage(stderr);
	return 2;
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

	if (argc > 1 && (!strcmp(argv[1], "verify") || !strcmp(argv[1], "audit")))
		return check_command(argv[1], argc - 1, argv + 1);
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
