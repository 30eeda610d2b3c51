// SPDX-License-Identifier: GPL-2.0
/*
 * Run a command N times; print the median wall time (ms) and the peak
 * RSS (KiB, ru_maxrss from wait4()) of the child.
 *
 * Usage: runner <runs> <command> [args...]
 * Output: "<median ms> <min ms> <max ms> <peak rss KiB>"
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[1]) : 0, i, status;
	double ms[101];
	long rss = 0;

	if (runs < 1 || runs > 101) {
		fprintf(stderr, "usage: runner <runs 1..101> <command> [args...]\n");
		return 2;
	}
	for (i = 0; i < runs; i++) {
		struct timespec t0, t1;
		struct rusage ru;
		pid_t pid;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		pid = fork();
		if (pid == 0) {
			/* the measured command's output is not ours (verify prints) */
			int null = open("/dev/null", O_WRONLY);

			if (null >= 0)
				dup2(null, 1);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (pid < 0 || wait4(pid, &status, 0, &ru) != pid) {
			perror("runner");
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "runner: %s failed\n", argv[2]);
			return 1;
		}
		ms[i] = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (ru.ru_maxrss > rss)
			rss = ru.ru_maxrss;
	}
	qsort(ms, runs, sizeof(ms[0]), cmp_double);
	printf("%.1f %.1f %.1f %ld\n", ms[runs / 2], ms[0], ms[runs - 1], rss);
	return 0;
}
