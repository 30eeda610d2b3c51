// SPDX-License-Identifier: GPL-2.0
/*
 * klp-fixdiff: function by function comparison of relocatable objects,
 * on klp-convert's ELF layer (linux/scripts/livepatch/elf.c).
 *
 *   klp-fixdiff match <rebuilt> <shipped>
 *   klp-fixdiff diff [--hunks 'a,b,c,d ...']... <original.o> <patched.o>
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
 * diff decides what a fix changes, function by function, between one
 * translation unit compiled before and after it with -ffunction-sections
 * -fdata-sections: relocations compare by what they reach (a symbol and
 * offset; a string by its text) rather than by section and addend, and
 * names by what they are without the counters the compiler numbers them
 * with (foo.12, __UNIQUE_ID_ddebug34).  A changed static function inlined
 * into its callers changes the callers, which are listed.  It refuses
 * what phase one cannot livepatch: changed __init, __exit or noinstr
 * code, a changed function ftrace cannot redirect (no __fentry__ call),
 * changed size or contents of existing data.
 *
 * Exit status 0 when every function matches (match) or the fix can be
 * livepatched (diff), 1 naming the first function that does not match or
 * what is refused (or an input that cannot be read), 2 for a wrong
 * command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "elf.h"
#include "fixdiff.h"
#include "util.h"

/* One function: its symbol and the relocations inside it */
struct func {
	const struct symbol *sym;
	unsigned int nth;		/* among the functions of its name */
	char norm[256];			/* the name without compiler counters */
	unsigned int norm_nth;		/* among the functions of that name */
	const struct rela **relas;
	size_t nr_relas, alloc_relas;
};

struct funcs {
	struct func *v;
	size_t nr, alloc;
};

/*
 * name without the numbers the compiler counts with: a digit run after a
 * '.' (foo.12, foo.part.3, .rodata.__func__.7) and the trailing digits of
 * __UNIQUE_ID_ names become "N"
 */
static void norm_name(const char *name, char *buf, size_t len)
{
	bool unique = !strncmp(name, "__UNIQUE_ID_", 12);
	size_t o = 0;
	const char *p;

	for (p = name; *p && o + 2 < len; p++) {
		bool run_start = *p >= '0' && *p <= '9' &&
				 (p > name && p[-1] == '.');

		if (unique && *p >= '0' && *p <= '9' && !p[strspn(p, "0123456789")])
			run_start = true;
		if (run_start) {
			buf[o++] = 'N';
			p += strspn(p, "0123456789") - 1;
			continue;
		}
		buf[o++] = *p;
	}
	buf[o] = '\0';
}

/* a function with its bytes inside its section (checked once, here) */
static bool is_function(const struct symbol *s)
{
	return GELF_ST_TYPE(s->sym.st_info) == STT_FUNC && s->sec &&
	       s->sym.st_size && s->sec->sh.sh_type == SHT_PROGBITS &&
	       s->sec->buf && s->sym.st_size <= s->sec->size &&
	       s->sym.st_value <= s->sec->size - s->sym.st_size;
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

/* another name of a function already collected (init_module for init) */
static bool is_alias(const struct funcs *fs, const struct symbol *s)
{
	size_t i;

	for (i = 0; i < fs->nr; i++)
		if (fs->v[i].sym->sec == s->sec &&
		    fs->v[i].sym->sym.st_value == s->sym.st_value &&
		    fs->v[i].sym->sym.st_size == s->sym.st_size)
			return true;
	return false;
}

static void collect_funcs(const struct elf *elf, struct funcs *fs)
{
	size_t i, j;

	memset(fs, 0, sizeof(*fs));
	for (i = 1; i < elf->nr_syms; i++) {
		const struct symbol *s = &elf->syms[i];
		struct func *f;

		if (!is_function(s) || is_alias(fs, s))
			continue;
		ARRAY_GROW(fs->v, fs->nr, fs->alloc, 256);
		f = &fs->v[fs->nr];
		memset(f, 0, sizeof(*f));
		f->sym = s;
		norm_name(s->name, f->norm, sizeof(f->norm));
		for (j = 0; j < fs->nr; j++) {
			f->nth += !strcmp(fs->v[j].sym->name, s->name);
			f->norm_nth += !strcmp(fs->v[j].norm, f->norm);
		}
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

int fixdiff_match(const char *rebuilt_path, const char *shipped_path)
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

/* ---- diff: what a fix changes ---- */

/* PC-relative relocations of x86_64 address 4 bytes before their target */
static GElf_Sxword target_bias(const struct elf *elf, unsigned int type)
{
	if (elf->ehdr.e_machine != EM_X86_64)
		return 0;
	switch (type) {
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_GOTPCREL:
	case R_X86_64_GOTPCRELX:
	case R_X86_64_REX_GOTPCRELX:
		return 4;
	}
	return 0;
}

/* the symbol of sec covering offset o, if any */
static const struct symbol *symbol_at(const struct elf *elf,
				      const struct section *sec, GElf_Sxword o)
{
	size_t i;

	for (i = 1; i < elf->nr_syms; i++) {
		const struct symbol *s = &elf->syms[i];
		unsigned int t = GELF_ST_TYPE(s->sym.st_info);

		if (s->sec != sec || t == STT_SECTION || t == STT_FILE || !*s->name)
			continue;
		if (o >= (GElf_Sxword)s->sym.st_value &&
		    (o < (GElf_Sxword)(s->sym.st_value + s->sym.st_size) ||
		     (!s->sym.st_size && o == (GElf_Sxword)s->sym.st_value)))
			return s;
	}
	return NULL;
}

/*
 * What a relocation reaches, independent of where the compiler put it:
 * "name+off" (names normalized), a string by its text, or a section's
 * (normalized) name and offset where nothing else says it.
 */
static void describe_target(const struct elf *elf, const struct rela *r,
			    char *buf, size_t len)
{
	const struct symbol *s = r->sym, *at;
	char name[512];
	GElf_Sxword o;

	if (!s) {
		snprintf(buf, len, "(none)%+lld", (long long)r->addend);
		return;
	}
	if (GELF_ST_TYPE(s->sym.st_info) != STT_SECTION || !s->sec) {
		norm_name(s->name, name, sizeof(name));
		snprintf(buf, len, "%s%+lld", name, (long long)r->addend);
		return;
	}
	o = r->addend + target_bias(elf, r->type);
	if ((s->sec->sh.sh_flags & SHF_STRINGS) && s->sec->buf && o >= 0 &&
	    (GElf_Xword)o < s->sec->size) {
		const char *str = s->sec->buf;
		GElf_Sxword start = o;
		size_t n;

		while (start > 0 && str[start - 1])
			start--;
		/* the section's last string may have no NUL */
		n = strnlen(str + start, s->sec->size - start);
		snprintf(buf, len, "\"%.*s\"+%lld/%+lld", (int)(n < 64 ? n : 64),
			 str + start, (long long)(o - start),
			 (long long)-target_bias(elf, r->type));
		return;
	}
	at = symbol_at(elf, s->sec, o);
	if (at) {
		norm_name(at->name, name, sizeof(name));
		snprintf(buf, len, "%s+%lld/%+lld", name,
			 (long long)(o - (GElf_Sxword)at->sym.st_value),
			 (long long)-target_bias(elf, r->type));
		return;
	}
	norm_name(s->sec->name, name, sizeof(name));
	snprintf(buf, len, "%s%+lld", name, (long long)r->addend);
}

/* the same relocations, by offset, type and what they reach */
static bool same_relocs(const struct elf *ea, const struct func *a,
			const struct elf *eb, const struct func *b)
{
	char x[768], y[768];
	size_t i;

	if (a->nr_relas != b->nr_relas)
		return false;
	for (i = 0; i < a->nr_relas; i++) {
		const struct rela *p = a->relas[i], *q = b->relas[i];

		if (p->offset - a->sym->sym.st_value != q->offset - b->sym->sym.st_value ||
		    p->type != q->type)
			return false;
		describe_target(ea, p, x, sizeof(x));
		describe_target(eb, q, y, sizeof(y));
		if (strcmp(x, y))
			return false;
	}
	return true;
}

/* Same code: bytes and the relocations by what they reach */
static bool same_code(const struct elf *ea, const struct func *a,
		      const struct elf *eb, const struct func *b)
{
	return a->sym->sym.st_size == b->sym->sym.st_size &&
	       !memcmp(func_bytes(a), func_bytes(b), a->sym->sym.st_size) &&
	       same_relocs(ea, a, eb, b);
}

/*
 * The fix's hunks, one list per changed file: old lines [a, a + b) are new
 * lines [c, c + d) (a and c made the first line of the range when a count
 * is 0, as unified diffs name the line before it then).  Without them no
 * change is taken for a __LINE__ change.
 */
struct hunk {
	long a, b, c, d;
};

struct hunk_file {
	struct hunk *v;
	size_t nr, alloc;
};

static struct hunk_file *hunk_files;
static size_t nr_hunk_files, alloc_hunk_files;

/* "a,b,c,d a,b,c,d ...": the hunks of one file, in order */
int fixdiff_add_hunks(const char *spec)
{
	struct hunk_file *f;
	const char *p = spec;

	ARRAY_GROW(hunk_files, nr_hunk_files, alloc_hunk_files, 4);
	f = &hunk_files[nr_hunk_files++];
	memset(f, 0, sizeof(*f));
	while (*p) {
		struct hunk h;
		int n = 0;

		if (sscanf(p, "%ld,%ld,%ld,%ld%n", &h.a, &h.b, &h.c, &h.d, &n) != 4 ||
		    h.a < 0 || h.b < 0 || h.c < 0 || h.d < 0 ||
		    h.a > 10000000 || h.b > 10000000 || h.c > 10000000 || h.d > 10000000)
			return -1;
		if (!h.b)
			h.a++;
		if (!h.d)
			h.c++;
		ARRAY_GROW(f->v, f->nr, f->alloc, 8);
		f->v[f->nr++] = h;
		p += n;
		while (*p == ' ')
			p++;
	}
	return 0;
}

void fixdiff_clear_hunks(void)
{
	size_t i;

	for (i = 0; i < nr_hunk_files; i++)
		free(hunk_files[i].v);
	free(hunk_files);
	hunk_files = NULL;
	nr_hunk_files = alloc_hunk_files = 0;
}

/* old line u of f after the fix: u + *delta; false for a line it changes */
static bool line_moves(const struct hunk_file *f, long u, long *delta)
{
	size_t i;

	*delta = 0;
	for (i = 0; i < f->nr; i++) {
		const struct hunk *h = &f->v[i];

		if (u < h->a)
			break;
		if (u < h->a + h->b)
			return false;
		*delta = (h->c + h->d) - (h->a + h->b);
	}
	return true;
}

/* is u -> v a line number of a changed file moved by the fix? */
static bool is_moved_line(long u, long v)
{
	long delta;
	size_t i;

	for (i = 0; i < nr_hunk_files; i++)
		if (u > 0 && line_moves(&hunk_files[i], u, &delta) && delta &&
		    v == u + delta)
			return true;
	return false;
}

/*
 * The same code but for 32-bit little-endian constants that are line
 * numbers the fix moved (its hunks say where each line goes): __LINE__
 * values of unchanged code below a change.  The relocations must be the
 * same: a call to another function is never "line only".  *delta: the
 * first constant's move.
 */
static bool line_only(const struct elf *ea, const struct func *a,
		      const struct elf *eb, const struct func *b, long *delta)
{
	const unsigned char *p = func_bytes(a), *q = func_bytes(b);
	GElf_Xword n = a->sym->sym.st_size, i = 0;
	bool found = false;

	if (!nr_hunk_files || n != b->sym->sym.st_size ||
	    !same_relocs(ea, a, eb, b))
		return false;
	while (i < n) {
		int32_t u, v;

		if (p[i] == q[i]) {
			i++;
			continue;
		}
		if (n - i < 4)
			return false;
		memcpy(&u, p + i, 4);
		memcpy(&v, q + i, 4);
		if (!is_moved_line(u, v))
			return false;
		if (!found)
			*delta = (long)v - u;
		found = true;
		i += 4;
	}
	return found;
}

/* why a changed function cannot be replaced by a livepatch, or NULL */
static const char *cannot_replace(const struct elf *elf, const struct func *f)
{
	const char *sec = f->sym->sec->name;
	size_t i;

	if (!strncmp(sec, ".init.", 6))
		return "__init code runs once, at boot or when its module loads: a livepatch cannot replace it";
	if (!strncmp(sec, ".exit.", 6))
		return "__exit code: a livepatch cannot replace it";
	if (!strncmp(sec, ".noinstr.", 9))
		return "noinstr code is not traced: ftrace cannot redirect it";
	if (elf->ehdr.e_machine == EM_X86_64) {
		for (i = 0; i < f->nr_relas; i++)
			if (f->relas[i]->sym &&
			    !strcmp(f->relas[i]->sym->name, "__fentry__"))
				return NULL;
		return "no __fentry__ call (notrace): ftrace cannot redirect it";
	}
	return NULL;
}

struct diff_counts {
	unsigned int changed, added, same, line_only, refused, carried;
};

/*
 * Sections of per-call-site records, not the kernel's state: dynamic
 * debug descriptors, bug and exception tables and the like describe the
 * code next to them (a line number moves with it); the livepatch has
 * its own for the functions it carries.
 */
static const char * const site_record_sections[] = {
	"__dyndbg", "__bug_table", "__ex_table", "__jump_table",
	".static_call_sites", ".discard.", "__patchable_function_entries",
	".orc_unwind", ".altinstr", "__mcount_loc", ".init.", ".exit.",
};

static bool is_site_record(const struct section *sec)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(site_record_sections); i++)
		if (!strncmp(sec->name, site_record_sections[i],
			     strlen(site_record_sections[i])))
			return true;
	return false;
}

static bool is_data(const struct symbol *s)
{
	return GELF_ST_TYPE(s->sym.st_info) == STT_OBJECT && s->sec &&
	       (s->sec->sh.sh_flags & SHF_ALLOC) && s->sym.st_size &&
	       !is_site_record(s->sec);
}

/* initialized data whose bytes lie inside its section */
static bool has_bytes(const struct symbol *s)
{
	return s->sec->sh.sh_type == SHT_PROGBITS && s->sec->buf &&
	       s->sym.st_size <= s->sec->size &&
	       s->sym.st_value <= s->sec->size - s->sym.st_size;
}

/*
 * Existing data must keep its size and, where initialized, its contents:
 * bytes and what its relocations reach (a function pointer changed in an
 * ops table is a changed initial value).
 */
static void diff_data(const struct elf *a, const struct elf *b,
		      struct diff_counts *c)
{
	char na[512], nb[512];
	size_t i, j;

	for (i = 1; i < a->nr_syms; i++) {
		struct func x = { .sym = &a->syms[i] }, y = { 0 };
		unsigned int nth = 0, n = 0;
		bool same;

		if (!is_data(x.sym))
			continue;
		norm_name(x.sym->name, na, sizeof(na));
		/* the n-th datum of that name, as in a */
		for (j = 1; j < i; j++) {
			if (!is_data(&a->syms[j]))
				continue;
			norm_name(a->syms[j].name, nb, sizeof(nb));
			nth += !strcmp(na, nb);
		}
		for (j = 1; j < b->nr_syms && !y.sym; j++) {
			if (!is_data(&b->syms[j]))
				continue;
			norm_name(b->syms[j].name, nb, sizeof(nb));
			if (!strcmp(na, nb) && n++ == nth)
				y.sym = &b->syms[j];
		}
		if (!y.sym)
			continue;
		if (x.sym->sym.st_size != y.sym->sym.st_size) {
			printf("refused %s: data of %llu bytes becomes %llu: a livepatch cannot change the layout of data the kernel already has\n",
			       x.sym->name, (unsigned long long)x.sym->sym.st_size,
			       (unsigned long long)y.sym->sym.st_size);
			c->refused++;
			continue;
		}
		if (!has_bytes(x.sym) || !has_bytes(y.sym))
			continue;
		collect_relas(&x);
		collect_relas(&y);
		same = same_code(a, &x, b, &y);
		free(x.relas);
		free(y.relas);
		if (!same) {
			printf("refused %s: its initial value changes: a livepatch cannot change data the kernel already initialized\n",
			       x.sym->name);
			c->refused++;
		}
	}
}

enum fstate { F_SAME, F_CHANGED, F_NEW, F_LINE_ONLY, F_REFUSED, F_CARRIED };

/* does g call or reference f (its symbol, or its section's symbol)? */
static bool references(const struct func *g, const struct func *f)
{
	size_t i;

	for (i = 0; i < g->nr_relas; i++) {
		const struct symbol *s = g->relas[i]->sym;

		if (s == f->sym ||
		    (s && GELF_ST_TYPE(s->sym.st_info) == STT_SECTION &&
		     s->sec == f->sym->sec))
			return true;
	}
	return false;
}

/*
 * A changed local function ftrace cannot redirect (notrace: the kernel's
 * "inline" is notrace, and GCC may still not inline it) comes along in
 * the livepatch, and its callers are replaced instead; so on up while a
 * caller cannot be redirected either.
 */
static void carry_notrace(const struct elf *eb, const struct funcs *b,
			  enum fstate *st, const char **why)
{
	bool again = true;
	size_t i, j;

	while (again) {
		again = false;
		for (i = 0; i < b->nr; i++) {
			const struct func *f = &b->v[i];

			if ((st[i] != F_CHANGED && st[i] != F_NEW) || !why[i] ||
			    strncmp(why[i], "no __fentry__", 13) ||
			    GELF_ST_BIND(f->sym->sym.st_info) != STB_LOCAL)
				continue;
			st[i] = F_CARRIED;
			again = true;
			for (j = 0; j < b->nr; j++) {
				if (j == i || !references(&b->v[j], f) ||
				    st[j] == F_CHANGED || st[j] == F_NEW ||
				    st[j] == F_CARRIED || st[j] == F_REFUSED)
					continue;
				st[j] = F_CHANGED;
				why[j] = cannot_replace(eb, &b->v[j]);
			}
		}
	}
}

static void diff_funcs(const struct elf *ea, const struct funcs *a,
		       const struct elf *eb, const struct funcs *b,
		       struct diff_counts *c)
{
	enum fstate *st = xcalloc(b->nr + 1, sizeof(*st));
	const char **why = xcalloc(b->nr + 1, sizeof(*why));
	long *delta = xcalloc(b->nr + 1, sizeof(*delta));
	size_t i, j;

	for (i = 0; i < b->nr; i++) {
		const struct func *g = &b->v[i], *f = NULL;

		for (j = 0; j < a->nr && !f; j++)
			if (a->v[j].norm_nth == g->norm_nth &&
			    !strcmp(a->v[j].norm, g->norm))
				f = &a->v[j];
		if (f && same_code(ea, f, eb, g))
			st[i] = F_SAME;
		else if (f && line_only(ea, f, eb, g, &delta[i]))
			st[i] = F_LINE_ONLY;
		else
			st[i] = f ? F_CHANGED : F_NEW;
		if (st[i] == F_CHANGED || st[i] == F_NEW)
			why[i] = cannot_replace(eb, g);
	}
	carry_notrace(eb, b, st, why);
	for (i = 0; i < b->nr; i++) {
		const struct symbol *g = b->v[i].sym;

		switch (st[i]) {
		case F_SAME:
			c->same++;
			break;
		case F_LINE_ONLY:
			printf("line-only %s: only __LINE__ values differ, moved with the lines above them (%+ld); no livepatch needed unless the value matters\n",
			       g->name, delta[i]);
			c->line_only++;
			break;
		case F_CARRIED:
			printf("carried %s (%s): notrace, so its callers are replaced and call the livepatch's copy\n",
			       g->name, g->sec->name);
			c->carried++;
			break;
		default:
			if (why[i]) {
				printf("refused %s (%s): %s\n", g->name,
				       g->sec->name, why[i]);
				c->refused++;
			} else {
				printf("%s %s (%s)\n",
				       st[i] == F_CHANGED ? "changed" : "new",
				       g->name, g->sec->name);
				if (st[i] == F_CHANGED)
					c->changed++;
				else
					c->added++;
			}
		}
	}
	free(st);
	free(why);
	free(delta);
}

int fixdiff_diff(const char *orig_path, const char *patched_path)
{
	struct elf *orig = elf_open_read(orig_path);
	struct elf *patched = orig ? elf_open_read(patched_path) : NULL;
	struct diff_counts c = { 0 };
	struct funcs a, b;
	int ret = 1;

	if (!patched) {
		elf_close(orig);
		return 1;
	}
	collect_funcs(orig, &a);
	collect_funcs(patched, &b);
	diff_funcs(orig, &a, patched, &b, &c);
	diff_data(orig, patched, &c);
	printf("%u changed, %u new, %u carried, %u unchanged, %u line-only, %u refused\n",
	       c.changed, c.added, c.carried, c.same, c.line_only, c.refused);
	if (c.refused)
		klp_error(patched_path, "%u change%s cannot be livepatched (see above)",
			  c.refused, c.refused == 1 ? "" : "s");
	else if (!c.changed && !c.added && c.line_only)
		klp_error(patched_path, "the fix only moves __LINE__ values (%u function%s, above): nothing to livepatch unless a value matters",
			  c.line_only, c.line_only == 1 ? "" : "s");
	else if (!c.changed && !c.added)
		klp_error(patched_path, "the fix changes no function's code: nothing to livepatch");
	else
		ret = 0;
	free_funcs(&a);
	free_funcs(&b);
	elf_close(orig);
	elf_close(patched);
	return ret;
}

#ifndef KLP_FIXDIFF_NO_MAIN
static void usage(FILE *f)
{
	fputs("Usage: klp-fixdiff match <rebuilt.ko> <shipped.ko>\n"
	      "       klp-fixdiff diff [--hunks 'a,b,c,d ...']... <original.o> <patched.o>\n"
	      "match: every function of a module rebuilt from the distribution's\n"
	      "source against the module it shipped, bytes and relocations.\n"
	      "diff: the functions a fix changes or adds in one translation unit\n"
	      "(both compiled with -ffunction-sections -fdata-sections), and what\n"
	      "a livepatch cannot carry; --hunks: each changed file's hunks (the\n"
	      "numbers of its @@ lines), to tell moved __LINE__ values.\n", f);
}

int main(int argc, char **argv)
{
	klp_error_set_progname("klp-fixdiff");
	elf_version(EV_CURRENT);
	if (argc == 2 && !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "match"))
		return fixdiff_match(argv[2], argv[3]);
	if (argc >= 4 && !strcmp(argv[1], "diff")) {
		int i;

		for (i = 2; i + 2 < argc && !strcmp(argv[i], "--hunks"); i += 2)
			if (fixdiff_add_hunks(argv[i + 1])) {
				fprintf(stderr, "klp-fixdiff: --hunks '%s': expected 'a,b,c,d ...' of a unified diff's @@ lines\n",
					argv[i + 1]);
				return 2;
			}
		if (i + 2 == argc)
			return fixdiff_diff(argv[i], argv[i + 1]);
	}
	usage(stderr);
	return 2;
}
#endif /* KLP_FIXDIFF_NO_MAIN */
