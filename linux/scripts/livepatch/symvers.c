// SPDX-License-Identifier: GPL-2.0
/*
 * klp-symlist: Module.symvers, the export flags and modversion CRCs of the
 * kernel's build.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "../mod/klp-symtype.h"
#include "symlist.h"
#include "util.h"

/* split line at tabs into at most n fields; how many there were */
static unsigned int split_tabs(char *line, char **f, unsigned int n)
{
	unsigned int i = 0;

	while (i < n) {
		f[i++] = line;
		line = strchr(line, '\t');
		if (!line)
			return i;
		*line++ = '\0';
	}
	return i + 1;	/* more than n */
}

/* "fs/minix/minix" or "vmlinux": the kernel's name, in place */
static const char *kernel_modname(char *path)
{
	char *p = strrchr(path, '/'), *c;

	p = p ? p + 1 : path;
	for (c = p; *c; c++)
		*c = klp_modname_char(*c);
	return p;
}

static int symvers_line(struct symvers *sv, char *line, unsigned int lineno)
{
	struct export *e = &sv->exports[sv->nr];
	char *f[6], *end;
	unsigned long crc;

	if (split_tabs(line, f, 5) < 4)
		goto bad;
	errno = 0;
	crc = strtoul(f[0], &end, 16);
	if (errno || *end || end == f[0] || crc > 0xffffffffUL ||
	    !klp_field_ok(f[1]) || !klp_field_ok(f[2]) ||
	    !klp_starts(f[3], "EXPORT_SYMBOL"))
		goto bad;
	e->name = f[1];
	e->module = kernel_modname(f[2]);
	e->crc = crc;
	e->hash = hash_cstr(e->name);
	e->seen = false;
	if (!strcmp(e->module, "vmlinux"))
		sv->nr_vmlinux++;
	sv->nr++;
	return 0;
bad:
	klp_error(sv->path, "line %u: not a Module.symvers line (<crc>\\t<symbol>\\t<module>\\tEXPORT_SYMBOL[_GPL]\\t<namespace>)",
		  lineno);
	return -1;
}

int symvers_read(const char *path, struct symvers *sv)
{
	size_t size, lines = 1, i;
	unsigned int lineno = 0;
	char *pos, *line;

	memset(sv, 0, sizeof(*sv));
	sv->path = path;
	sv->text = read_whole_file(path, MAX_TEXT_FILE, &size);
	if (!sv->text)
		return -1;
	for (i = 0; i < size; i++)
		lines += sv->text[i] == '\n';
	sv->exports = xcalloc(lines, sizeof(*sv->exports));
	pos = sv->text;
	while ((line = next_line(&pos))) {
		lineno++;
		if (symvers_line(sv, line, lineno))
			return -1;
	}
	htable_init(&sv->names, sv->nr);
	for (i = 0; i < sv->nr; i++)
		hlist_add_head(&sv->exports[i].node,
			       htable_bucket(&sv->names, sv->exports[i].hash));
	return 0;
}

struct export *symvers_find(const struct symvers *sv, const char *name,
			    const char *module)
{
	uint32_t h = hash_cstr(name);
	struct export *e;

	if (!sv->nr)
		return NULL;
	hlist_for_each_entry(e, htable_bucket(&sv->names, h), node)
		if (e->hash == h && !strcmp(e->name, name) &&
		    (!module || !strcmp(e->module, module)))
			return e;
	return NULL;
}

struct export *symvers_find_any(const struct symvers *sv, const char *name)
{
	return symvers_find(sv, name, NULL);
}

void symvers_free(struct symvers *sv)
{
	/* an empty Module.symvers has a table too: free(NULL) otherwise */
	htable_free(&sv->names);
	free(sv->exports);
	free(sv->text);
	memset(sv, 0, sizeof(*sv));
}

