// SPDX-License-Identifier: GPL-2.0
/*
 * Test driver of linux/scripts/livepatch/vmlinuz.c and decompress.c:
 *
 *   vmlinuz-dump <image>            "addr type name" per kallsyms record,
 *                                   in kallsyms order, then nothing else
 *   vmlinuz-dump -b <image>         the Build ID (hex), or "none"
 *   vmlinuz-dump -n <image>         the number of records
 *   vmlinuz-dump -d <max> [-t] <f>  decompress <f> (at most <max> bytes,
 *                                   -t: trailing data allowed) to stdout
 *
 * Exit status 0, or 1 after the tool's error message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "../../linux/scripts/livepatch/decompress.h"
#include "../../linux/scripts/livepatch/util.h"
#include "../../linux/scripts/livepatch/vmlinuz.h"

static void *read_file(const char *path, size_t *size)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	void *buf;

	if (!f || fstat(fileno(f), &st)) {
		perror(path);
		exit(1);
	}
	buf = xmalloc(st.st_size + 1);
	*size = fread(buf, 1, st.st_size, f);
	fclose(f);
	return buf;
}

static int do_decompress(int argc, char **argv)
{
	unsigned int flags = 0;
	size_t size, out_size;
	void *in, *out;

	if (argc == 5 && !strcmp(argv[3], "-t"))
		flags = DECOMPRESS_TRAILING_OK;
	else if (argc != 4)
		return 2;
	in = read_file(argv[argc - 1], &size);
	if (decompress_flags(argv[argc - 1], in, size,
			     strtoull(argv[2], NULL, 0), flags, &out, &out_size)) {
		free(in);
		return 1;
	}
	fwrite(out, 1, out_size, stdout);
	free(out);
	free(in);
	return 0;
}

int main(int argc, char **argv)
{
	struct ksym_table t;
	const char *mode = argc == 3 ? argv[1] : "";
	size_t i;

	if (argc >= 2 && !strcmp(argv[1], "-d"))
		return do_decompress(argc, argv);
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: vmlinuz-dump [-b|-n] <image>\n");
		return 2;
	}
	if (vmlinuz_read_kallsyms(argv[argc - 1], &t))
		return 1;
	if (!strcmp(mode, "-b")) {
		for (i = 0; i < t.build_id_len; i++)
			printf("%02x", t.build_id[i]);
		printf("%s\n", t.build_id_len ? "" : "none");
	} else if (!strcmp(mode, "-n")) {
		printf("%zu\n", t.nr);
	} else {
		for (i = 0; i < t.nr; i++)
			printf("%016llx %c %s\n", t.syms[i].addr, t.syms[i].type,
			       t.syms[i].name);
	}
	ksym_table_free(&t);
	return 0;
}
