// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: klp-fixdiff (fix/fixdiff.c) on the fuzzed bytes as one of
 * its two objects, the other fixed/lp.ko: diff both ways (with the hunks
 * of a made-up fix, for moved __LINE__ values) and match both ways, in
 * process.  The promises checked, besides no crash and no read
 * past either input (-DKLP_READ_INTO_HEAP: each lives in a heap buffer
 * of its exact size):
 *  - every call returns 0 or 1, and 1 exactly when an error or a refusal
 *    was reported (klp_error_count() > 0);
 *  - an object compared with itself matches, and a diff of it against
 *    itself changes nothing (so it fails with "nothing to livepatch" or
 *    an error reading it, never with a refusal or a change).
 * A broken promise aborts, so libFuzzer keeps the input as a crash.
 */
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fixdiff.h"
#include "fuzz-common.h"
#include "util.h"

static char input_path[] = "/tmp/klp-fuzz-fixdiff-XXXXXX";
static const char *fixed;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd;

	(void)argc;
	(void)argv;
	elf_version(EV_CURRENT);
	klp_error_set_progname("klp-fixdiff");
	fixed = getenv("KLP_FUZZ_MODULE");
	if (!fixed) {
		fputs("fuzz-fixdiff: set KLP_FUZZ_MODULE (tests/fuzz/run.sh does)\n", stderr);
		exit(1);
	}
	fd = mkstemp(input_path);
	if (fd < 0) {
		perror("mkstemp");
		exit(1);
	}
	close(fd);
	/* a fix's hunks, so that moved __LINE__ values are looked for */
	if (fixdiff_add_hunks("10,2,10,3 40,0,42,1 100,5,103,2")) {
		fputs("fuzz-fixdiff: bad hunks\n", stderr);
		exit(1);
	}
	/* the verdict lines are not the subject */
	if (!freopen("/dev/null", "w", stdout))
		exit(1);
	klp_error_set_stream(fopen("/dev/null", "w"));
	return 0;
}

static void write_input(const uint8_t *data, size_t size)
{
	FILE *f = fopen(input_path, "w");

	if (!f || (size && fwrite(data, size, 1, f) != 1) || fclose(f)) {
		perror(input_path);
		abort();
	}
}

static int checked(int (*fn)(const char *, const char *), const char *a,
		   const char *b, const char *what)
{
	int ret;

	klp_error_reset();
	ret = fn(a, b);
	PROMISE(ret == 0 || ret == 1, "%s returned %d", what, ret);
	PROMISE((ret == 1) == (klp_error_count() > 0),
		"%s returned %d with %u errors", what, ret, klp_error_count());
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int errors;

	write_input(data, size);
	checked(fixdiff_diff, fixed, input_path, "diff fixed fuzzed");
	checked(fixdiff_diff, input_path, fixed, "diff fuzzed fixed");
	checked(fixdiff_match, input_path, fixed, "match fuzzed fixed");
	/* against itself: the same, or unreadable */
	if (checked(fixdiff_match, input_path, input_path, "match self")) {
		klp_error_reset();
		PROMISE(fixdiff_diff(input_path, input_path) == 1, "diff self of an unmatched object succeeded");
		return 0;
	}
	klp_error_reset();
	PROMISE(fixdiff_diff(input_path, input_path) == 1, "diff self found a change");
	errors = klp_error_count();
	PROMISE(errors == 1, "diff self reported %u errors, expected only 'nothing to livepatch'", errors);
	return 0;
}
