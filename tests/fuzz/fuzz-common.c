// SPDX-License-Identifier: GPL-2.0
/*
 * The shared part of the harnesses: files, the conversion, the checks.
 */
#include <dirent.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "convert.h"
#include "fuzz-common.h"
#include "verify.h"

static enum fuzz_target target;
static char *dir, *module_path, *symbols_path, *out_path, *out2_path, *out3_path;
static uint8_t *fixed;			/* contents of the fixed input */
static size_t fixed_size;
static const char *keep_dir;		/* KLP_FUZZ_KEEP: copy good outputs here */

static uint8_t *read_file(const char *path, size_t *size)
{
	struct stat st;
	uint8_t *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "klp-fuzz: cannot read %s\n", path);
		exit(2);
	}
	buf = malloc(st.st_size + 1);
	if (!buf || read(fd, buf, st.st_size) != st.st_size) {
		fprintf(stderr, "klp-fuzz: cannot read %s\n", path);
		exit(2);
	}
	close(fd);
	*size = st.st_size;
	return buf;
}

static void write_file(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) || close(fd)) {
		fprintf(stderr, "klp-fuzz: cannot write %s\n", path);
		exit(2);
	}
}

static char *path_in(const char *name)
{
	char *p = malloc(strlen(dir) + strlen(name) + 2);

	sprintf(p, "%s/%s", dir, name);
	return p;
}

static void cleanup(void)
{
	unlink(module_path);
	unlink(symbols_path);
	unlink(out_path);
	unlink(out2_path);
	unlink(out3_path);
	rmdir(dir);
	free(module_path);
	free(symbols_path);
	free(out_path);
	free(out2_path);
	free(out3_path);
	free(fixed);
}

void fuzz_init(enum fuzz_target t)
{
	const char *env = t == FUZZ_MODULE ? "KLP_FUZZ_SYMBOLS" : "KLP_FUZZ_MODULE";
	const char *fixed_path = getenv(env);
	static char shm_tmpl[] = "/dev/shm/klp-fuzz.XXXXXX";
	static char tmp_tmpl[] = "/tmp/klp-fuzz.XXXXXX";

	if (!fixed_path) {
		fprintf(stderr, "klp-fuzz: set %s to the fixed input\n", env);
		exit(2);
	}
	target = t;
	fixed = read_file(fixed_path, &fixed_size);
	/* tmpfs if there is one: every run writes four files */
	dir = mkdtemp(shm_tmpl);
	if (!dir)
		dir = mkdtemp(tmp_tmpl);
	if (!dir) {
		perror("klp-fuzz: mkdtemp");
		exit(2);
	}
	atexit(cleanup);
	module_path = path_in("in.ko");
	symbols_path = path_in("Symbols.list");
	out_path = path_in("out.ko");
	out2_path = path_in("out2.ko");
	out3_path = path_in("out3.ko");
	keep_dir = getenv("KLP_FUZZ_KEEP");
	elf_version(EV_CURRENT);
}

/* the directory holds exactly the inputs, and the outputs if expected */
static void check_dir(int nr_outputs)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		n++;
		PROMISE(!strcmp(de->d_name, "in.ko") ||
			!strcmp(de->d_name, "Symbols.list") ||
			(nr_outputs && !strncmp(de->d_name, "out", 3)),
			"left behind: %s", de->d_name);
	}
	closedir(d);
	PROMISE(n == 2 + nr_outputs, "%d files, expected %d", n, 2 + nr_outputs);
}

static void check_unchanged(const char *path, const uint8_t *data, size_t size)
{
	size_t now_size;
	uint8_t *now = read_file(path, &now_size);

	PROMISE(now_size == size && !memcmp(now, data, size), "input %s modified", path);
	free(now);
}

static void check_same(const char *a, const char *b, const char *what)
{
	size_t sa, sb;
	uint8_t *da = read_file(a, &sa), *db = read_file(b, &sb);

	PROMISE(sa == sb && !memcmp(da, db, sa), "%s", what);
	free(da);
	free(db);
}

/* the tool's error lines go nowhere; sanitizer reports still to stderr */
static int quiet_convert(const char *list, const char *in, const char *out)
{
	static FILE *devnull;

	if (!devnull && !getenv("KLP_FUZZ_VERBOSE"))
		devnull = fopen("/dev/null", "w");
	klp_error_set_stream(devnull);
	return klp_convert(list, in, out, false);
}

/*
 * verify reads the same inputs (the list may also be a kallsyms dump):
 * its verdicts go to stdout, which goes nowhere
 */
static int quiet_verify(const char *target, const char *ko)
{
	static bool redirected;

	if (!redirected && !getenv("KLP_FUZZ_VERBOSE"))
		redirected = freopen("/dev/null", "w", stdout) != NULL;
	return klp_verify(target, ko, false);
}

int fuzz_one(const uint8_t *data, size_t size)
{
	const uint8_t *module = target == FUZZ_MODULE ? data : fixed;
	const uint8_t *list = target == FUZZ_SYMBOLS ? data : fixed;
	size_t module_size = target == FUZZ_MODULE ? size : fixed_size;
	size_t list_size = target == FUZZ_SYMBOLS ? size : fixed_size;
	size_t out_size;
	uint8_t *out;
	int ret;

	write_file(module_path, module, module_size);
	write_file(symbols_path, list, list_size);
	if (quiet_convert(symbols_path, module_path, out_path)) {
		PROMISE(access(out_path, F_OK), "output left after a failure");
		check_dir(0);
	} else {
		check_dir(1);
		out = read_file(out_path, &out_size);
		PROMISE(out_size <= 4 * module_size + 65536,
			"output of %zu bytes from a %zu-byte module", out_size, module_size);
		check_output(out, out_size);
		PROMISE(!quiet_convert(symbols_path, module_path, out2_path),
			"second run failed");
		check_same(out_path, out2_path, "two runs differ");
		PROMISE(!quiet_convert(symbols_path, out_path, out3_path),
			"converting the output failed");
		check_same(out_path, out3_path, "converting the output changed it");
		if (keep_dir)
			keep_output(keep_dir, out, out_size, module, module_size);
		free(out);
		unlink(out2_path);
		unlink(out3_path);
		unlink(out_path);
	}
	ret = quiet_verify(symbols_path, module_path);
	PROMISE(ret == 0 || ret == 1, "verify returned %d", ret);
	check_unchanged(module_path, module, module_size);
	check_unchanged(symbols_path, list, list_size);
	return 0;
}
