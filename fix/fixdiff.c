// SPDX-License-Identifier: GPL-2.0
/*
 * klp-fixdiff: function by function comparison of relocatable objects,
 * on klp-convert's ELF layer (linux/scripts/livepatch/elf.c).
 *
 *   klp-fixdiff match <rebuilt> <shipped>
 *
 * Proves that a module rebuilt from the distribution's source is the one
 * the distribution shipped: every function of <rebuilt> has a function of
 * the same name in <shipped> (the n-th of that name for the n-th, in
 * symbol table order: static functions of one name in several files),
 * with the same size, the same bytes and the same relocations (offset in
 * the function, type, target and addend; a section symbol's target is the
 * section's name).  Both are ET_REL, so no relocation is applied on
 * either side and the bytes compare as they are.
 *
 * Exit status 0 when every function matches, 1 naming the first that
 * does not (or an input that cannot be read), 2 for a wrong command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "elf.h"
#include "util.h"

/* One function: its symbol and the relocations inside it */
struct func {
	const struct symbol *sym;
	unsigned int nth;		/* among the functions of its name */
	const struct rela **relas;
	size_t nr_relas, alloc_relas;
};

struct funcs {
	struct func *v;
	size_t nr, alloc;
};

static bool is_function(const struct symbol *s)
{
	return GELF_ST_TYPE(s->sym.st_info) == STT_FUNC && s->sec &&
	       s->sym.st_size && s->sec->sh.sh_type == SHT_PROGBITS;
}

static int cmp_rela(const void *a, const void *b)
{
	const struct rela *x = *(const struct rela * const *)a;
	const struct rela *y = *(const struct rela * const *)b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->type < y->type ? -1 : x->type > y->type;
}

/* the relocations of f's section that fall inside f */
static void collect_relas(struct func *f)
{
	GElf_Addr lo = f->sym->sym.st_value, hi = lo + f->sym->sym.st_size;
	const struct section *rsec;
	size_t i;

	for (rsec = f->sym->sec->rsecs; rsec; rsec = rsec->next_rsec)
		for (i = 0; i < rsec->nr_relas; i++) {
			const struct rela *r = &rsec->relas[i];

			if (r->offset < lo || r->offset >= hi)
				continue;
			ARRAY_GROW(f->relas, f->nr_relas, f->alloc_relas, 8);
			f->relas[f->nr_relas++] = r;
		}
	if (f->nr_relas)
		qsort(f->relas, f->nr_relas, sizeof(*f->relas), cmp_rela);
}

static void collect_funcs(const struct elf *elf, struct funcs *fs)
{
	size_t i, j;

	memset(fs, 0, sizeof(*fs));
	for (i = 1; i < elf->nr_syms; i++) {
		const struct symbol *s = &elf->syms[i];
		struct func *f;

		if (!is_function(s))
			continue;
		ARRAY_GROW(fs->v, fs->nr, fs->alloc, 256);
		f = &fs->v[fs->nr];
		memset(f, 0, sizeof(*f));
		f->sym = s;
		for (j = 0; j < fs->nr; j++)
			f->nth += !strcmp(fs->v[j].sym->name, s->name);
		collect_relas(f);
		fs->nr++;
	}
}

static void free_funcs(struct funcs *fs)
{
	size_t i;

	for (i = 0; i < fs->nr; i++)
		free(fs->v[i].relas);
	free(fs->v);
}

static const struct func *find_func(const struct funcs *fs, const char *name,
				    unsigned int nth)
{
	size_t i;

	for (i = 0; i < fs->nr; i++)
		if (fs->v[i].nth == nth && !strcmp(fs->v[i].sym->name, name))
			return &fs->v[i];
	return NULL;
}

/* a relocation's target: a symbol's name, or a section symbol's section */
static const char *target(const struct rela *r)
{
	const struct symbol *s = r->sym;

	if (!s)
		return "(none)";
	if (GELF_ST_TYPE(s->sym.st_info) == STT_SECTION && s->sec)
		return s->sec->name;
	return s->name;
}

static const unsigned char *func_bytes(const struct func *f)
{
	return (const unsigned char *)f->sym->sec->buf + f->sym->sym.st_value;
}

/*
 * NULL if a and b are the same function, else what differs, in why
 * (offsets relative to the function).
 */
static const char *compare(const struct func *a, const struct func *b,
			   char *why, size_t len)
{
	GElf_Xword size = a->sym->sym.st_size, i;

	if (size != b->sym->sym.st_size) {
		snprintf(why, len, "size %llu, shipped %llu",
			 (unsigned long long)size,
			 (unsigned long long)b->sym->sym.st_size);
		return why;
	}
	if (a->sym->sym.st_value + size > a->sym->sec->size ||
	    b->sym->sym.st_value + size > b->sym->sec->size) {
		snprintf(why, len, "extends past the end of its section");
		return why;
	}
	for (i = 0; i < size; i++)
		if (func_bytes(a)[i] != func_bytes(b)[i]) {
			snprintf(why, len, "byte at +0x%llx: 0x%02x, shipped 0x%02x",
				 (unsigned long long)i, func_bytes(a)[i],
				 func_bytes(b)[i]);
			return why;
		}
	for (i = 0; i < a->nr_relas && i < b->nr_relas; i++) {
		const struct rela *x = a->relas[i], *y = b->relas[i];
		GElf_Addr xo = x->offset - a->sym->sym.st_value;
		GElf_Addr yo = y->offset - b->sym->sym.st_value;

		if (xo == yo && x->type == y->type && x->addend == y->addend &&
		    !strcmp(target(x), target(y)))
			continue;
		snprintf(why, len, "relocation at +0x%llx: type %u %s%+lld, shipped +0x%llx type %u %s%+lld",
			 (unsigned long long)xo, x->type, target(x),
			 (long long)x->addend, (unsigned long long)yo, y->type,
			 target(y), (long long)y->addend);
		return why;
	}
	if (a->nr_relas != b->nr_relas) {
		snprintf(why, len, "%zu relocations, shipped %zu", a->nr_relas,
			 b->nr_relas);
		return why;
	}
	return NULL;
}

static int match(const char *rebuilt_path, const char *shipped_path)
{
	struct elf *rebuilt = elf_open_read(rebuilt_path);
	struct elf *shipped = rebuilt ? elf_open_read(shipped_path) : NULL;
	struct funcs a, b;
	char why[1024];
	size_t i, same = 0;
	int ret = 1;

	if (!shipped) {
		elf_close(rebuilt);
		return 1;
	}
	collect_funcs(rebuilt, &a);
	collect_funcs(shipped, &b);
	for (i = 0; i < a.nr; i++) {
		const struct func *f = &a.v[i], *g;

		g = find_func(&b, f->sym->name, f->nth);
		if (!g) {
			klp_error(rebuilt_path, "function %s (number %u of that name) is not in %s: the source is not what %s was built from",
				  f->sym->name, f->nth + 1, shipped_path, shipped_path);
			goto out;
		}
		if (compare(f, g, why, sizeof(why))) {
			klp_error(rebuilt_path, "function %s differs from %s: %s: the source or the toolchain is not what it was built with",
				  f->sym->name, shipped_path, why);
			goto out;
		}
		same++;
	}
	if (!a.nr) {
		klp_error(rebuilt_path, "no function to compare");
		goto out;
	}
	printf("%zu of %zu functions identical in bytes and relocations (%zu in %s)\n",
	       same, a.nr, b.nr, shipped_path);
	ret = 0;
out:
	free_funcs(&a);
	free_funcs(&b);
	elf_close(rebuilt);
	elf_close(shipped);
	return ret;
}

static void usage(FILE *f)
{
	fputs("Usage: klp-fixdiff match <rebuilt.ko> <shipped.ko>\n"
	      "Compare every function of a module rebuilt from the distribution's\n"
	      "source with the module it shipped: bytes and relocations.\n", f);
}

int main(int argc, char **argv)
{
	klp_error_set_progname("klp-fixdiff");
	elf_version(EV_CURRENT);
	if (argc == 2 && !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (argc != 4 || strcmp(argv[1], "match")) {
		usage(stderr);
		return 2;
	}
	return match(argv[2], argv[3]);
}
