// SPDX-License-Identifier: GPL-2.0
/*
 * klp-symlist: the text files it reads, whole and line by line, and the text it
 * writes: a string buffer and the Symbols.list record.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../mod/klp-symtype.h"
#include "symlist.h"
#include "util.h"

char *read_whole_file(const char *path, size_t max, size_t *size)
{
	struct stat st;
	char *buf;
	size_t got = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		klp_error(path, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		klp_error(path, "not a regular file");
		close(fd);
		return NULL;
	}
	if ((unsigned long long)st.st_size > max) {
		klp_error(path, "%lld bytes: larger than the %zu a %s can be",
			  (long long)st.st_size, max, "file of this kind");
		close(fd);
		return NULL;
	}
	buf = xmalloc(st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			klp_error(path, "cannot read: %s",
				  n ? strerror(errno) : "file shrank");
			free(buf);
			close(fd);
			return NULL;
		}
		got += n;
	}
	close(fd);
	buf[got] = '\0';
	*size = got;
	return buf;
}

void sb_add(struct strbuf *sb, const char *s, size_t len)
{
	ARRAY_RESERVE(sb->p, sb->len, sb->alloc, len + 1, 4096);
	memcpy(sb->p + sb->len, s, len);
	sb->len += len;
	sb->p[sb->len] = '\0';
}

void sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

/* As modpost's klp_print_sym(): names that cannot be fields are left out */
void sb_record(struct strbuf *sb, char type, bool exported, bool init,
	       const char *name, const char *file)
{
	char head[8];

	if (!klp_name_ok(name))
		return;
	if (!file || !klp_file_ok(file))
		file = "-";
	snprintf(head, sizeof(head), "%c %s ", type,
		 klp_record_flags(exported, init, false));
	sb_adds(sb, head);
	sb_adds(sb, name);
	sb_add(sb, " ", 1);
	sb_adds(sb, file);
	sb_add(sb, "\n", 1);
}

/* next line of *pos, NUL-terminated in place; NULL at the end */
char *next_line(char **pos)
{
	char *line = *pos, *nl;

	if (!*line)
		return NULL;
	nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*pos = nl + 1;
	} else {
		*pos = line + strlen(line);
	}
	return line;
}

