// SPDX-License-Identifier: GPL-2.0
/*
 * klp-symlist: the module blocks of Symbols.list from an installed module
 * tree (/lib/modules/<release>, or any directory of .ko, .ko.xz, .ko.zst,
 * .ko.gz), read in process and in parallel.
 *
 * A .ko's symbol table is the order in which the kernel counts a module's
 * symbols, so each block lists them in that order, with modpost's type
 * and flag rules (scripts/mod/klp-symtype.h).  Installed modules are
 * stripped of debug information (INSTALL_MOD_STRIP, a distribution's
 * packaging), which only takes their STT_FILE symbols: the <file> field
 * comes from the unstripped modules when given (debug_dir), else is "-".
 *
 * Before anything is written, the modules must be of one build: one
 * vermagic release, the CRCs of their __versions those of Module.symvers,
 * their exports those Module.symvers gives them, the Build ID of a debug
 * module that of the module.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../mod/klp-symtype.h"
#include "decompress.h"
#include "elf.h"
#include "notes.h"
#include "symlist.h"
#include "util.h"

/*
 * a module file, compressed or not, and its contents uncompressed (the
 * fuzz harness builds with less: a small input asks for no gigabyte)
 */
#ifndef MAX_MODULE_SIZE
#define MAX_MODULE_SIZE		(1ULL << 30)
#endif
#define MODVERSION_SIZE		64	/* struct modversion_info, 64-bit */

struct module_job {
	char *path;			/* as found */
	char *rel;			/* relative to the tree, without .xz... */
	char *name;			/* kernel name, from .modinfo */
	char *release;			/* first word of vermagic */
	char *debug_path;		/* the unstripped module, if given */
	size_t rank;			/* line of modules.order, or SIZE_MAX */
	struct strbuf block;		/* "*name\n" and its records */
	char *errors;			/* this module's error lines */
	size_t errors_len;
	unsigned int nr_errors;
};

struct modtree {
	const struct modtree_opts *o;
	struct module_job *jobs;
	size_t nr;
	size_t alloc;
	atomic_size_t next;
};

static const char *const ko_suffixes[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };

/* the length of p without its compression suffix if it is a module, else 0 */
static size_t module_stem(const char *p)
{
	size_t len = strlen(p), i;

	for (i = 0; i < ARRAY_SIZE(ko_suffixes); i++) {
		size_t sl = strlen(ko_suffixes[i]);

		if (len > sl && !strcmp(p + len - sl, ko_suffixes[i]))
			return len - sl + 3;	/* keep ".ko" */
	}
	return 0;
}

static void add_job(struct modtree *t, const char *path, const char *rel)
{
	struct module_job *j;

	ARRAY_GROW(t->jobs, t->nr, t->alloc, 256);
	j = &t->jobs[t->nr++];
	memset(j, 0, sizeof(*j));
	j->path = xstrdup(path);
	j->rel = xstrndup(rel, module_stem(rel));
}

/* nftw() has no context argument */
static struct modtree *walking;
static size_t walk_prefix;

static int walk_one(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_F && module_stem(path))
		add_job(walking, path, path + walk_prefix);
	return 0;
}

static int cmp_rel(const void *a, const void *b)
{
	const struct module_job *x = a, *y = b;

	return strcmp(x->rel, y->rel);
}

static int cmp_rank(const void *a, const void *b)
{
	const struct module_job *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->rel, y->rel);
}

/*
 * Every module of the tree, in the order of its modules.order (the order
 * of modpost's blocks), then those it does not list in path order.
 */
static int find_modules(struct modtree *t)
{
	char *order_path, *order = NULL, *line, *pos;
	size_t i, size, rank;

	walking = t;
	walk_prefix = strlen(t->o->dir) + 1;
	if (nftw(t->o->dir, walk_one, 32, FTW_PHYS)) {
		klp_error(t->o->dir, "cannot read the module tree: %s",
			  strerror(errno));
		return -1;
	}
	if (!t->nr)
		return 0;
	qsort(t->jobs, t->nr, sizeof(*t->jobs), cmp_rel);
	for (i = 1; i < t->nr; i++)
		if (!strcmp(t->jobs[i - 1].rel, t->jobs[i].rel)) {
			klp_error(t->jobs[i].path, "the same module as %s",
				  t->jobs[i - 1].path);
			return -1;
		}

	order_path = xasprintf("%s/modules.order", t->o->dir);
	if (!access(order_path, F_OK))
		order = read_whole_file(order_path, 1U << 30, &size);
	free(order_path);
	if (!order)
		return klp_error_count() ? -1 : 0;
	/*
	 * The rank of each listed module, then one sort: the listed ones
	 * first, in the order listed (a line listed twice keeps its first
	 * rank), then the others in path order.
	 */
	for (i = 0; i < t->nr; i++)
		t->jobs[i].rank = SIZE_MAX;
	pos = order;
	for (rank = 0; (line = strsep(&pos, "\n")); rank++) {
		struct module_job key = { .rel = line }, *j;

		j = *line ? bsearch(&key, t->jobs, t->nr, sizeof(*j), cmp_rel) : NULL;
		if (j && j->rank == SIZE_MAX)
			j->rank = rank;	/* else not installed (built-in?) */
	}
	qsort(t->jobs, t->nr, sizeof(*t->jobs), cmp_rank);
	free(order);
	return 0;
}

/* ------------------------------------------------------------------ */

/* .modinfo "key=value" of key, or NULL */
static const char *modinfo_value(const struct elf *elf, const char *key)
{
	const struct section *sec = find_section_by_name(elf, ".modinfo");
	size_t klen = strlen(key), off = 0;
	const char *p;

	if (!sec || sec->sh.sh_type != SHT_PROGBITS || !sec->buf)
		return NULL;
	p = sec->buf;
	/* the section need not end with a NUL: every string is bounded */
	while (off < sec->size) {
		const char *s = p + off;
		const char *nul = memchr(s, '\0', sec->size - off);

		if (!nul)
			return NULL;
		if ((size_t)(nul - s) > klen && !strncmp(s, key, klen) &&
		    s[klen] == '=')
			return s + klen + 1;
		off = nul - p + 1;
	}
	return NULL;
}

static char *kernel_name_of(const char *rel)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	char *name = xstrndup(base, strlen(base) - 3), *c;

	for (c = name; *c; c++)
		*c = klp_modname_char(*c);
	return name;
}

/*
 * "vmlinux" is the kernel's object (modpost takes a vmlinux.ko for the
 * kernel itself): a module of that name would be a second vmlinux block.
 */
static bool module_name_ok(const char *name)
{
	return klp_field_ok(name) && strlen(name) <= KLP_OBJNAME_MAX &&
	       strcmp(name, "vmlinux");
}

static int read_identity(struct module_job *j, const struct elf *elf)
{
	const char *name = modinfo_value(elf, "name");
	const char *vermagic = modinfo_value(elf, "vermagic");

	j->name = name ? xstrdup(name) : kernel_name_of(j->rel);
	if (!module_name_ok(j->name)) {
		klp_error(j->path, "module name '%s' is not a kernel module name",
			  j->name);
		return -1;
	}
	if (!vermagic || !*vermagic) {
		klp_error(j->path, "no vermagic in .modinfo: not an installed module");
		return -1;
	}
	j->release = xstrndup(vermagic, strcspn(vermagic, " "));
	return 0;
}

/* the CRCs of the symbols it imports: those Module.symvers gives them */
static int check_versions(const struct module_job *j, const struct elf *elf,
			  const struct symvers *sv)
{
	const struct section *sec = find_section_by_name(elf, "__versions");
	const unsigned char *p;
	size_t off;
	int ret = 0;

	if (!sec || !sv->nr || !sec->buf || sec->sh.sh_type != SHT_PROGBITS)
		return 0;
	if (sec->size % MODVERSION_SIZE) {
		klp_error(j->path, "__versions: %zu bytes, not a multiple of %d",
			  sec->size, MODVERSION_SIZE);
		return -1;
	}
	p = sec->buf;
	for (off = 0; off < sec->size; off += MODVERSION_SIZE) {
		char name[MODVERSION_SIZE - 8 + 1];
		const struct export *e;
		uint64_t crc;

		/* an unsigned long of the module's byte order */
		section_read_u64(elf, sec, off, &crc);
		memcpy(name, p + off + 8, MODVERSION_SIZE - 8);
		name[MODVERSION_SIZE - 8] = '\0';
		e = symvers_find_any(sv, name);
		if (e && e->crc != (uint32_t)crc) {
			klp_error(j->path, "imports %s with CRC 0x%08x, but %s gives 0x%08x: the modules and Module.symvers are from different builds",
				  name, (unsigned int)crc, sv->path, e->crc);
			ret = -1;
		}
	}
	return ret;
}

/* the Build ID note's bytes, or NULL: any note section, in its byte order */
static const void *build_id(const struct elf *elf, size_t *len)
{
	bool msb = elf->ehdr.e_ident[EI_DATA] == ELFDATA2MSB;
	const void *id;
	size_t i;

	for (i = 1; i < elf->nr_secs; i++) {
		const struct section *sec = elf->secs[i];

		if (sec->sh.sh_type == SHT_NOTE && sec->buf &&
		    notes_build_id(sec->buf, sec->size, msb,
				   sec->sh.sh_addralign, &id, len))
			return id;
	}
	return NULL;
}

/*
 * The source file of every symbol from the unstripped module: its symbol
 * table is the stripped one plus the STT_FILE symbols (and those of
 * debug sections), in the same order.  files[i]: of the module's symbol i.
 */
static int read_debug_files(struct module_job *j, const struct elf *elf,
			    const char *debug_dir, const char **files,
			    struct elf **debugp)
{
	const void *id, *did;
	size_t idlen, didlen, i, d;
	const char *file = NULL;
	struct elf *dbg;

	*debugp = NULL;
	j->debug_path = xasprintf("%s/%s", debug_dir, j->rel);
	if (access(j->debug_path, F_OK))
		return 0;	/* no debug module: files unknown */
	dbg = elf_open_read(j->debug_path);
	if (!dbg)
		return -1;
	*debugp = dbg;
	id = build_id(elf, &idlen);
	did = build_id(dbg, &didlen);
	if (id && did && (idlen != didlen || memcmp(id, did, idlen))) {
		klp_error(j->path, "Build ID differs from that of %s: the debug module is of another build",
			  dbg->path);
		return -1;
	}
	for (i = 1, d = 1; i < elf->nr_syms && d < dbg->nr_syms; d++) {
		const struct symbol *ds = &dbg->syms[d];

		if (GELF_ST_TYPE(ds->sym.st_info) == STT_FILE) {
			file = strrchr(ds->name, '/') ?
			       strrchr(ds->name, '/') + 1 : ds->name;
			continue;
		}
		/* a module that was not stripped has its own STT_FILEs */
		while (i < elf->nr_syms &&
		       GELF_ST_TYPE(elf->syms[i].sym.st_info) == STT_FILE)
			i++;
		if (i == elf->nr_syms)
			break;
		if (strcmp(ds->name, elf->syms[i].name))
			continue;	/* of a debug section */
		if (GELF_ST_BIND(ds->sym.st_info) == STB_LOCAL)
			files[i] = file;
		i++;
	}
	return 0;
}

static bool is_record_symbol(const struct symbol *s)
{
	unsigned int type = GELF_ST_TYPE(s->sym.st_info);
	GElf_Section shndx = s->sym.st_shndx;

	/* SHN_LIVEPATCH: a converted livepatch's reference, not a definition */
	return type != STT_FILE && type != STT_SECTION && *s->name &&
	       shndx != SHN_UNDEF && shndx != SHN_COMMON &&
	       shndx != SHN_LIVEPATCH;
}

static int check_export(const struct module_job *j, const char *ksymtab,
			const struct symvers *sv)
{
	const char *name = ksymtab + strlen("__ksymtab_");

	if (!sv->nr || symvers_find(sv, name, j->name))
		return 0;
	klp_error(j->path, "exports %s, which %s does not give to %s: the modules and Module.symvers are from different builds",
		  name, sv->path, j->name);
	return -1;
}

static int module_records(struct module_job *j, const struct elf *elf,
			  struct symvers *sv, const char **files)
{
	size_t i;
	int ret = 0;

	sb_adds(&j->block, "*");
	sb_adds(&j->block, j->name);
	sb_add(&j->block, "\n", 1);
	for (i = 1; i < elf->nr_syms; i++) {
		const struct symbol *s = &elf->syms[i];
		const char *sname = s->sec ? s->sec->name : "";
		unsigned int bind = GELF_ST_BIND(s->sym.st_info);
		struct export *e = NULL;
		char type;

		if (!is_record_symbol(s))
			continue;
		if (klp_starts(s->name, "__ksymtab_") && check_export(j, s->name, sv))
			ret = -1;
		if (s->sec && klp_sec_discarded(sname))
			continue;
		type = klp_sym_type(s->sec, s->sec ? s->sec->sh.sh_flags : 0,
				    s->sec ? s->sec->sh.sh_type : 0, bind,
				    GELF_ST_TYPE(s->sym.st_info));
		if (!islower((unsigned char)type))
			e = symvers_find(sv, s->name, j->name);
		if (e)
			e->seen = true;
		sb_record(&j->block, type, e,
			  !klp_sec_core(elf->ehdr.e_machine, s->sec,
					s->sec ? s->sec->sh.sh_flags : 0,
					sname),
			  s->name, bind == STB_LOCAL ? files[i] : NULL);
	}
	return ret;
}

static int read_module(struct module_job *j, const struct modtree_opts *o)
{
	void *raw, *buf = NULL;
	size_t size, out_size;
	struct elf *elf = NULL, *dbg = NULL;
	const char **files = NULL;
	int ret = -1;

	raw = read_whole_file(j->path, MAX_MODULE_SIZE, &size);
	if (!raw)
		return -1;
	if (compression_of(raw, size)) {
		if (decompress(j->path, raw, size, MAX_MODULE_SIZE, &buf,
			       &out_size))
			goto out;
		free(raw);
		raw = buf;
		size = out_size;
	}
	elf = elf_open_memory(j->path, raw, size);
	if (!elf || read_identity(j, elf) || check_versions(j, elf, o->sv))
		goto out;
	files = xcalloc(elf->nr_syms, sizeof(*files));
	if (o->debug_dir &&
	    read_debug_files(j, elf, o->debug_dir, files, &dbg))
		goto out;
	ret = module_records(j, elf, o->sv, files);
out:
	free(files);
	elf_close(dbg);
	elf_close(elf);
	free(raw);
	return ret;
}

static void run_job(struct module_job *j, const struct modtree_opts *o)
{
	FILE *f = open_memstream(&j->errors, &j->errors_len);

	if (!f) {
		perror("open_memstream");
		exit(1);
	}
	klp_error_reset();
	klp_error_set_stream(f);
	if (read_module(j, o) && !klp_error_count())
		klp_error(j->path, "cannot read the module");
	j->nr_errors = klp_error_count();
	klp_error_summary(j->path);
	klp_error_set_stream(NULL);
	fclose(f);
}

static void *worker(void *arg)
{
	struct modtree *t = arg;
	size_t i;

	while ((i = atomic_fetch_add(&t->next, 1)) < t->nr)
		run_job(&t->jobs[i], t->o);
	return NULL;
}

static void run_jobs(struct modtree *t)
{
	unsigned int n = t->o->jobs ? t->o->jobs : 1, i;
	pthread_t *threads;

	if (n > t->nr)
		n = t->nr ? t->nr : 1;
	threads = xcalloc(n, sizeof(*threads));
	for (i = 1; i < n; i++)
		if (pthread_create(&threads[i], NULL, worker, t)) {
			n = i;
			break;
		}
	worker(t);
	for (i = 1; i < n; i++)
		pthread_join(threads[i], NULL);
	free(threads);
}

static int cmp_job_name(const void *a, const void *b)
{
	const struct module_job *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* two files of one kernel name: the kernel loads one, which one is unknown */
static int check_names(struct modtree *t)
{
	struct module_job **by_name = xcalloc(t->nr, sizeof(*by_name));
	size_t i;
	int ret = 0;

	for (i = 0; i < t->nr; i++)
		by_name[i] = &t->jobs[i];
	qsort(by_name, t->nr, sizeof(*by_name), cmp_job_name);
	for (i = 1; i < t->nr; i++)
		if (!strcmp(by_name[i - 1]->name, by_name[i]->name)) {
			klp_error(by_name[i]->path, "module %s again (also %s): give a tree with one of them",
				  by_name[i]->name, by_name[i - 1]->path);
			ret = -1;
		}
	free(by_name);
	return ret;
}

/* every module read, all of one release, with one name each */
static int check_tree(struct modtree *t)
{
	const char *release = t->o->release, *first = NULL;
	size_t i;
	int ret = 0;

	for (i = 0; i < t->nr; i++) {
		struct module_job *j = &t->jobs[i];

		if (j->errors_len)
			fputs(j->errors, stderr);
		if (j->nr_errors) {
			klp_error_add(j->nr_errors);
			ret = -1;
			continue;
		}
		if (!release) {
			release = j->release;
			first = j->path;
		}
		if (strcmp(j->release, release)) {
			klp_error(j->path, "vermagic release %s, but %s%s%s: modules of another kernel",
				  j->release, release, first ? " in " : "",
				  first ? first : "");
			ret = -1;
		}
	}
	return ret ? ret : check_names(t);
}

static void free_jobs(struct modtree *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++) {
		struct module_job *j = &t->jobs[i];

		free(j->path);
		free(j->rel);
		free(j->name);
		free(j->release);
		free(j->debug_path);
		free(j->block.p);
		free(j->errors);
	}
	free(t->jobs);
}

int modtree_blocks(const struct modtree_opts *o, struct strbuf *out,
		   size_t *nr_modules)
{
	struct modtree t = { .o = o };
	size_t i;
	int ret;

	ret = find_modules(&t);
	if (!ret && !t.nr) {
		klp_error(o->dir, "no modules (.ko, .ko.xz, .ko.zst, .ko.gz)");
		ret = -1;
	}
	if (!ret) {
		run_jobs(&t);
		ret = check_tree(&t);
	}
	for (i = 0; !ret && i < t.nr; i++)
		sb_add(out, t.jobs[i].block.p, t.jobs[i].block.len);
	*nr_modules = t.nr;
	free_jobs(&t);
	return ret;
}
