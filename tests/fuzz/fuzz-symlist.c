// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: klp-symlist's readers (symlist-vmlinux.c, symvers.c,
 * symlist-modules.c) on an install tree made of the fuzzed bytes.  The
 * input is a selector byte, then up to four parts separated by SEP:
 *
 *   <selector> <map> SEP <Module.symvers> SEP <module> SEP <modules.order>
 *
 * selector bits:
 *   0x01  the map is a /proc/kallsyms dump (else a System.map)
 *   0x02  read Module.symvers, give it to vmlinux_block() and the modules
 *   0x04  a module tree: the module part is kernel/m.ko, or with
 *   0x18  its suffix: .ko, .ko.xz, .ko.zst, .ko.gz (the bytes are written
 *         as they are: the reader decompresses by magic, not by name)
 *   0x20  write the modules.order part
 *   0x40  the tree is its own debug tree (each module its own unstripped
 *         module); without 0x04, the module part is the linked vmlinux
 *         of a debug package, for the source files of vmlinux locals
 *   0x80  every vermagic must be of release "6.12.0-test"
 *
 * The promises checked after each run, besides no crash:
 *  - failure: klp_error_count() > 0;
 *  - success: no error counted; the output is a well-formed Symbols.list
 *    (the version line, "*<object>" lines, each object once, the first
 *    "*vmlinux", records
 *    "<type> <flags> <name> <file>" after an object line) of at most
 *    32 times the input (the uncompressed module counted) plus 4 KiB: a
 *    record repeats one name of at most 511 bytes for a 24-byte symbol.
 * A broken promise aborts, so libFuzzer keeps the input as a crash.
 *
 * Build with -DMAX_MODULE_SIZE=... so that a small compressed module
 * cannot ask for a gigabyte.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../mod/klp-symtype.h"
#include "decompress.h"
#include "fuzz-common.h"
#include "symbols.h"
#include "symlist.h"
#include "util.h"

#define SEP		"\n%%klp-part%%\n"
#define NR_PARTS	4
#define RELEASE		"6.12.0-test"
#ifndef MAX_MODULE_SIZE
#define MAX_MODULE_SIZE	(1ULL << 30)
#endif

enum { PART_MAP, PART_SYMVERS, PART_MODULE, PART_ORDER };

#define SEL_KALLSYMS	0x01
#define SEL_SYMVERS	0x02
#define SEL_MODULE	0x04
#define SEL_SUFFIX(s)	(((s) >> 3) & 3)
#define SEL_ORDER	0x20
#define SEL_DEBUG	0x40
#define SEL_RELEASE	0x80

struct part {
	const uint8_t *p;
	size_t len;
};

static const char *const suffixes[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
static char *dir, *map_path, *symvers_path, *tree, *order_path, *debug_vmlinux;
static char *module_paths[ARRAY_SIZE(suffixes)];
static FILE *devnull;

static void cleanup(void)
{
	size_t i;

	unlink(map_path);
	unlink(symvers_path);
	unlink(debug_vmlinux);
	unlink(order_path);
	for (i = 0; i < ARRAY_SIZE(module_paths); i++)
		unlink(module_paths[i]);
	/* tree/kernel, tree, dir */
	*strrchr(module_paths[0], '/') = '\0';
	rmdir(module_paths[0]);
	rmdir(tree);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char shm_tmpl[] = "/dev/shm/klp-fuzz-symlist.XXXXXX";
	static char tmp_tmpl[] = "/tmp/klp-fuzz-symlist.XXXXXX";
	char *kdir;
	size_t i;

	(void)argc;
	(void)argv;
	dir = mkdtemp(shm_tmpl);
	if (!dir)
		dir = mkdtemp(tmp_tmpl);
	if (!dir) {
		perror("klp-fuzz: mkdtemp");
		exit(2);
	}
	map_path = xasprintf("%s/System.map", dir);
	symvers_path = xasprintf("%s/Module.symvers", dir);
	debug_vmlinux = xasprintf("%s/vmlinux", dir);
	tree = xasprintf("%s/modules", dir);
	order_path = xasprintf("%s/modules.order", tree);
	kdir = xasprintf("%s/kernel", tree);
	if (mkdir(tree, 0755) || mkdir(kdir, 0755)) {
		perror("klp-fuzz: mkdir");
		exit(2);
	}
	for (i = 0; i < ARRAY_SIZE(suffixes); i++)
		module_paths[i] = xasprintf("%s/m%s", kdir, suffixes[i]);
	free(kdir);
	atexit(cleanup);
	if (!getenv("KLP_FUZZ_VERBOSE"))
		devnull = fopen("/dev/null", "w");
	klp_error_set_progname("klp-symlist");
	elf_version(EV_CURRENT);
	return 0;
}

static void write_file(const char *path, const struct part *p)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || (p->len && write(fd, p->p, p->len) != (ssize_t)p->len) ||
	    close(fd)) {
		fprintf(stderr, "klp-fuzz: cannot write %s\n", path);
		exit(2);
	}
}

/* the parts after the selector byte; missing ones are empty */
static void split(const uint8_t *data, size_t size, struct part *parts)
{
	size_t i, seplen = strlen(SEP);

	for (i = 0; i < NR_PARTS; i++) {
		const uint8_t *sep = i < NR_PARTS - 1 ?
				     memmem(data, size, SEP, seplen) : NULL;

		parts[i].p = data;
		parts[i].len = sep ? (size_t)(sep - data) : size;
		if (!sep) {
			for (i++; i < NR_PARTS; i++)
				parts[i] = (struct part){ data + size, 0 };
			return;
		}
		size -= sep + seplen - data;
		data = sep + seplen;
	}
}

/* the module's size as the reader sees it: decompressed if it can be */
static size_t module_size(const struct part *m)
{
	void *buf;
	size_t n;

	if (!compression_of(m->p, m->len) ||
	    decompress("fuzz", m->p, m->len, MAX_MODULE_SIZE, &buf, &n))
		return m->len;
	free(buf);
	return n;
}

/* "<type> <flags> <name> <file>": four fields, none empty */
static void check_record(const char *line, size_t len)
{
	const char *f[4], *end = line + len, *sp;
	size_t n = 0;

	for (sp = line; n < 4; sp++) {
		f[n++] = sp;
		sp = memchr(sp, ' ', end - sp);
		if (!sp)
			break;
	}
	PROMISE(n == 4 && !sp, "record '%.*s': not 4 fields", (int)len, line);
	PROMISE(f[1] == line + 2 && klp_type_ok(line[0]),
		"record '%.*s': bad type", (int)len, line);
	PROMISE(!strncmp(f[1], "- ", 2) || !strncmp(f[1], "x ", 2) ||
		!strncmp(f[1], "i ", 2) || !strncmp(f[1], "xi ", 3),
		"record '%.*s': bad flags", (int)len, line);
	PROMISE(f[3] > f[2] + 1 && end > f[3],
		"record '%.*s': empty field", (int)len, line);
}

/* "*<object>": a name, and each object once (one vmlinux, one module) */
static void check_object(const char *line, size_t len, struct part *objects,
			 size_t *nr)
{
	size_t i;

	PROMISE(len > 1 && !memchr(line, ' ', len),
		"object line '%.*s'", (int)len, line);
	for (i = 0; i < *nr; i++)
		PROMISE(objects[i].len != len ||
			memcmp(objects[i].p, line, len),
			"object '%.*s' twice", (int)len, line);
	PROMISE(*nr < 8, "more objects than the input has");
	objects[(*nr)++] = (struct part){ (const uint8_t *)line, len };
}

static void check_list(const struct strbuf *sb, size_t in_size)
{
	const char *p = sb->p, *end = sb->p + sb->len, *nl;
	size_t vlen = strlen(KLP_SYMBOLS_VERSION);
	struct part objects[8];
	size_t nr_objects = 0;

	PROMISE(sb->len <= 32 * in_size + 4096,
		"%zu bytes of Symbols.list from %zu of input", sb->len, in_size);
	PROMISE(sb->len > vlen && !memcmp(p, KLP_SYMBOLS_VERSION "\n", vlen + 1),
		"no version line");
	PROMISE(strlen(p) == sb->len, "a NUL in the list");
	PROMISE(!strncmp(p + vlen + 1, "*vmlinux\n", 9), "vmlinux is not first");
	for (p += vlen + 1; p < end; p = nl + 1) {
		const char *c;

		nl = memchr(p, '\n', end - p);
		PROMISE(nl, "last line without a newline");
		for (c = p; c < nl; c++)
			PROMISE(*c == ' ' || ((unsigned char)*c > ' ' && *c != 0x7f),
				"control character in '%.*s'", (int)(nl - p), p);
		if (*p == '*') {
			check_object(p, nl - p, objects, &nr_objects);
			continue;
		}
		PROMISE(nr_objects, "a record before an object line");
		check_record(p, nl - p);
	}
}

static int run_modules(unsigned int sel, const struct part *parts,
		       struct symvers *sv, struct strbuf *sb)
{
	struct modtree_opts mo = {
		.dir = tree, .jobs = 1, .sv = sv,
		.release = sel & SEL_RELEASE ? RELEASE : NULL,
		.debug_dir = sel & SEL_DEBUG ? tree : NULL,
	};
	size_t nr = 0;
	int ret;

	write_file(module_paths[SEL_SUFFIX(sel)], &parts[PART_MODULE]);
	if (sel & SEL_ORDER)
		write_file(order_path, &parts[PART_ORDER]);
	ret = modtree_blocks(&mo, sb, &nr);
	/* a module job's errors went to its own stream, then back */
	klp_error_set_stream(devnull);
	unlink(module_paths[SEL_SUFFIX(sel)]);
	unlink(order_path);
	return ret;
}

static int run(unsigned int sel, const struct part *parts, struct strbuf *sb)
{
	struct vmlinux_syms vs = { 0 };
	struct symvers sv = { 0 };
	const char *debug = NULL;
	int ret = -1;

	write_file(map_path, &parts[PART_MAP]);
	if (sel & SEL_KALLSYMS ? vmlinux_from_kallsyms(map_path, &vs) :
				 vmlinux_from_system_map(map_path, &vs))
		goto out;
	if (sel & SEL_SYMVERS) {
		write_file(symvers_path, &parts[PART_SYMVERS]);
		if (symvers_read(symvers_path, &sv))
			goto out;
	}
	sb_adds(sb, KLP_SYMBOLS_VERSION "\n");
	if ((sel & (SEL_MODULE | SEL_DEBUG)) == SEL_DEBUG) {
		write_file(debug_vmlinux, &parts[PART_MODULE]);
		debug = debug_vmlinux;
	}
	if (vmlinux_block(&vs, &sv, debug, sb))
		goto out;
	if (sel & SEL_MODULE && run_modules(sel, parts, &sv, sb))
		goto out;
	ret = 0;
out:
	symvers_free(&sv);
	vmlinux_syms_free(&vs);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct part parts[NR_PARTS];
	struct strbuf sb = { 0 };
	unsigned int sel;
	size_t in_size;

	if (!size)
		return 0;
	sel = data[0];
	split(data + 1, size - 1, parts);
	klp_error_reset();
	klp_error_set_stream(devnull);
	if (run(sel, parts, &sb)) {
		PROMISE(klp_error_count() > 0, "failed without an error");
	} else {
		PROMISE(!klp_error_count(), "%u errors, yet success",
			klp_error_count());
		in_size = size;
		if (sel & SEL_MODULE)
			in_size += module_size(&parts[PART_MODULE]);
		check_list(&sb, in_size);
		if (!devnull)
			fputs(sb.p, stderr);
	}
	free(sb.p);
	klp_error_reset();
	return 0;
}
