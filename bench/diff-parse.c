// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test of the Symbols.list parser (make bench): runs a
 * reference klp-convert and the one under test on randomly mutated
 * Symbols.list files and requires the same exit status, stdout, stderr
 * (error texts and line numbers) and output bytes.
 *
 * The reference is the same source with the fast path of the parser
 * switched off (mk/tool.mk), so this keeps the fast path, the second
 * parser of every well-formed record, exactly as strict as the general
 * one.  The mutated lines sit between filler records, so they go through
 * the fast path (which needs 64 readable bytes) as well as through the
 * general parser near the end of the file.
 *
 * Usage: diff-parse <reference klp-convert> <klp-convert> <Symbols.list>
 *                   <module.ko> <work dir> [iterations [seed]]
 * Prints one summary line; exits 1 on any difference (the differing lists
 * are kept in <work dir>/diff-<iteration>.list), 2 on a usage or I/O error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct buf {
	char *p;
	size_t len, cap;
};

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("diff-parse: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static void put(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			die("out of memory");
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void putc_(struct buf *b, char c)
{
	put(b, &c, 1);
}

/* splitmix64: small, seeded, the same sequence everywhere */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t below(size_t n)	/* 0 .. n-1 */
{
	return n ? rnd() % n : 0;
}

static double unit(void)	/* [0, 1) */
{
	return (rnd() >> 11) * (1.0 / 9007199254740992.0);
}

static const char alphabet[] = " \n\t\r-xi*#?tTdDrRbBWVAU_.a0";
static const char separators[] = " \n\t\r\0";

static char byte(void)
{
	if (unit() < 0.5)
		return separators[below(sizeof(separators) - 1)];
	return alphabet[below(sizeof(alphabet) - 1)];
}

/* one line, without its '\n' */
struct line {
	char *p;
	size_t len;
};

static struct line *base;
static size_t nr_base;

static void read_base(const char *path)
{
	struct buf b = { 0 };
	char chunk[65536];
	size_t n, start = 0, i;
	FILE *f = fopen(path, "rb");

	if (!f)
		die("%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		put(&b, chunk, n);
	fclose(f);
	if (!b.len)
		die("%s: empty", path);
	/* split like Python's bytes.split(b'\n'): a final empty piece too */
	for (i = 0; i <= b.len; i++) {
		if (i < b.len && b.p[i] != '\n')
			continue;
		base = realloc(base, (nr_base + 1) * sizeof(*base));
		if (!base)
			die("out of memory");
		base[nr_base].p = b.p + start;
		base[nr_base].len = i - start;
		nr_base++;
		start = i + 1;
	}
}

/* n filler records, each on a line of its own */
static void filler(struct buf *text, size_t n)
{
	static const char types[] = "tTdb";
	size_t i, y;

	for (i = 0; i < n; i++) {
		char head[64];
		int len = snprintf(head, sizeof(head), "%c - filler_%zu_",
				   types[below(4)], i);

		putc_(text, '\n');
		put(text, head, len);
		for (y = below(60); y; y--)
			putc_(text, 'y');
		put(text, " f.c", 4);
	}
}

/* a random position of the line, or one where the fast path looks */
static size_t interesting(const struct buf *l)
{
	size_t spaces = 0, i, pick;
	size_t fixed[] = { 0, 1, 2, 3, 4, l->len ? l->len - 1 : 0, l->len };

	for (i = 0; i < l->len; i++)
		spaces += l->p[i] == ' ';
	if (unit() < 0.3 || !spaces)
		return below(l->len + 1);
	pick = below(7 + 3 * spaces);
	if (pick < 7)
		return fixed[pick];
	pick -= 7;
	for (i = 0; i < l->len; i++) {
		if (l->p[i] != ' ')
			continue;
		if (pick < 3) {
			long pos = (long)i + (long)pick - 1;

			return pos < 0 ? 0 : (size_t)pos;
		}
		pick -= 3;
	}
	return 0;
}

static void insert(struct buf *l, size_t pos, const char *p, size_t n)
{
	size_t tail;

	if (pos > l->len)	/* as Python's slice assignment: append */
		pos = l->len;
	tail = l->len - pos;
	put(l, p, n);		/* grow */
	memmove(l->p + pos + n, l->p + pos, tail);
	memcpy(l->p + pos, p, n);
}

static void erase(struct buf *l, size_t pos, size_t n)
{
	if (pos >= l->len)
		return;
	if (n > l->len - pos)
		n = l->len - pos;
	memmove(l->p + pos, l->p + pos + n, l->len - pos - n);
	l->len -= n;
}

static void mutate(struct buf *l, const struct line *src)
{
	static const char *const flags[] = { "xi", "ix", "x", "i", "-", "", "q" };
	size_t ops = 1 + below(2), pos, n;
	char c, longs[80];

	l->len = 0;
	put(l, src->p, src->len);
	while (ops--) {
		int op = below(6);

		pos = interesting(l);
		if (op == 0 && l->len) {
			l->p[pos < l->len ? pos : l->len - 1] = byte();
		} else if (op == 1) {
			c = byte();
			insert(l, pos, &c, 1);
		} else if (op == 2 && l->len) {
			erase(l, pos < l->len ? pos : l->len - 1, 1);
		} else if (op == 3) {			/* long name or file */
			n = 1 + below(79);
			memset(longs, 'L', n);
			insert(l, pos, longs, n);
		} else if (op == 4) {			/* multi-letter flags */
			const char *f = flags[below(7)];

			erase(l, 2, 1);
			insert(l, 2, f, strlen(f));
		} else {
			insert(l, pos, " ", 1);
		}
	}
}

static void write_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, p, n) != (ssize_t)n || close(fd))
		die("%s: %s", path, strerror(errno));
}

static void slurp(const char *path, struct buf *b)
{
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	b->len = 0;
	put(b, "", 0);
	if (fd < 0) {
		if (errno == ENOENT)
			return;
		die("%s: %s", path, strerror(errno));
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		put(b, chunk, n);
	close(fd);
}

struct result {
	int status;
	struct buf out, err, ko;
	int has_ko;
};

static const char *dir, *module;
static char list_path[4096], out_path[4096], stdout_path[4096], stderr_path[4096];

static void run(const char *tool, struct result *r)
{
	pid_t pid;
	int st;

	unlink(out_path);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		int o = open(stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(stderr_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
			_exit(127);
		execl(tool, tool, "-v", list_path, module, out_path, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		die("waitpid: %s", strerror(errno));
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	slurp(stdout_path, &r->out);
	slurp(stderr_path, &r->err);
	r->has_ko = access(out_path, F_OK) == 0;
	slurp(out_path, &r->ko);
	unlink(out_path);
}

static int same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && !memcmp(a->p, b->p, a->len);
}

static void first_line(const struct buf *b, char *to, size_t size)
{
	size_t n = strcspn(b->p, "\n");

	if (n >= size)
		n = size - 1;
	memcpy(to, b->p, n);
	to[n] = '\0';
}

int main(int argc, char **argv)
{
	const char *ref, *new;
	long iterations = 2000, it, converted = 0, diffs = 0;
	struct buf text = { 0 }, mutated = { 0 };
	struct result a = { 0 }, b = { 0 };
	size_t *order, nr_body = 0, i, j;
	struct line *body;

	if (argc < 6 || argc > 8) {
		fprintf(stderr, "usage: %s <reference klp-convert> <klp-convert> <Symbols.list> <module.ko> <work dir> [iterations [seed]]\n",
			argv[0]);
		return 2;
	}
	ref = argv[1];
	new = argv[2];
	module = argv[4];
	dir = argv[5];
	if (argc > 6)
		iterations = strtol(argv[6], NULL, 0);
	rng_state = argc > 7 ? strtoull(argv[7], NULL, 0) : 1;
	if (iterations < 1)
		die("iterations: %s", argv[6]);
	snprintf(list_path, sizeof(list_path), "%s/Symbols.list", dir);
	snprintf(out_path, sizeof(out_path), "%s/out.ko", dir);
	snprintf(stdout_path, sizeof(stdout_path), "%s/stdout.txt", dir);
	snprintf(stderr_path, sizeof(stderr_path), "%s/stderr.txt", dir);
	read_base(argv[3]);

	/* the records: every non-empty line after the header */
	body = calloc(nr_base, sizeof(*body));
	order = calloc(nr_base, sizeof(*order));
	if (!body || !order)
		die("out of memory");
	for (i = 1; i < nr_base; i++)
		if (base[i].len)
			body[nr_body++] = base[i];
	if (!nr_body)
		die("%s: no record", argv[3]);

	for (it = 0; it < iterations; it++) {
		static const double rates[] = { 0, 0.02, 0.05, 0.15 };
		double rate;

		for (i = 0; i < nr_body; i++)
			order[i] = i;
		if (unit() < 0.1) {		/* shuffled records */
			for (i = nr_body - 1; i > 0; i--) {
				size_t t;

				j = below(i + 1);
				t = order[i];
				order[i] = order[j];
				order[j] = t;
			}
		}
		rate = rates[below(4)];
		text.len = 0;
		put(&text, base[0].p, base[0].len);
		/* the first record stays first, unmutated */
		putc_(&text, '\n');
		put(&text, body[order[0]].p, body[order[0]].len);
		for (i = 1; i < nr_body; i++) {
			const struct line *l = &body[order[i]];

			if (unit() < 0.5)
				filler(&text, below(4));
			putc_(&text, '\n');
			if (unit() < rate) {
				mutate(&mutated, l);
				put(&text, mutated.p, mutated.len);
			} else {
				put(&text, l->p, l->len);
			}
		}
		if (unit() < 0.5)
			filler(&text, below(3));
		if (unit() < 0.7)
			putc_(&text, '\n');
		write_file(list_path, text.p, text.len);

		run(ref, &a);
		run(new, &b);
		converted += a.status == 0;
		if (a.status == 127 || b.status == 127)
			die("cannot run %s", a.status == 127 ? ref : new);
		if (a.status != b.status || !same(&a.out, &b.out) ||
		    !same(&a.err, &b.err) || a.has_ko != b.has_ko ||
		    !same(&a.ko, &b.ko)) {
			char keep[4096], ea[200], eb[200];

			snprintf(keep, sizeof(keep), "%s/diff-%ld.list", dir, it);
			write_file(keep, text.p, text.len);
			first_line(&a.err, ea, sizeof(ea));
			first_line(&b.err, eb, sizeof(eb));
			printf("difference at iteration %ld (kept as %s): reference status %d '%s', klp-convert status %d '%s'%s\n",
			       it, keep, a.status, ea, b.status, eb,
			       same(&a.ko, &b.ko) ? "" : ", outputs differ");
			if (++diffs > 5) {
				it++;
				break;
			}
		}
	}
	printf("%ld mutated Symbols.list files (%ld converted, %ld refused), %ld differences\n",
	       it, converted, it - converted, diffs);
	return diffs ? 1 : 0;
}
