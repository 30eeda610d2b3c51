// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the modpost side of klp-convert: the fuzzed bytes
 * are a module object (.o or .ko) as modpost reads it.  modpost's own
 * parse_elf() maps it, klp_record_symbols() (scripts/mod/klp-symbols.c)
 * records its symbols, klp_write_symbols_list() writes the Symbols.list
 * module block to a temporary file, and that file must parse by the
 * rules of its reader (scripts/livepatch/symbols.c).  See README.
 *
 * This one file is compiled twice (build.sh):
 *
 *  - as is: the harness, with modpost.c #included after
 *    "#define main modpost_main", so that it reaches modpost's static
 *    functions and state and resets them between inputs;
 *  - with -DFUZZ_MODPOST_KLP: klp-symbols.c #included, plus accessors to
 *    its static list of recorded objects (the oracle reads them, and they
 *    are freed between inputs).  Its own "#include "modpost.h"" cannot go
 *    into the first unit: modpost.h has no include guard.
 *
 * In both, exit() is fuzz_exit(): while modpost reads the input, its
 * fatal() is a clean rejection (longjmp() back here); while
 * klp_write_symbols_list() writes, any exit is a finding.  mmap() of the
 * input is a heap copy of its exact size, so that ASan sees every read
 * past its end.
 *
 * Environment:
 *   MODPOST_FUZZ_FULL=1     modpost's complete read_symbols() (section
 *                           mismatch checks, device tables...) instead
 *                           of the part Symbols.list depends on
 *   MODPOST_FUZZ_NOGATE=1   skip the ELF checks of fuzz_elf_sane()
 *   MODPOST_FUZZ_VERBOSE=1  modpost's warnings and errors to stderr
 *   MODPOST_FUZZ_TMP=<dir>  where the directory of each input is made
 *                           (default /dev/shm, else /tmp); a crash leaves
 *                           its directory behind
 */
#define _GNU_SOURCE
#include <byteswap.h>
#include <ctype.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* shared by the two units */
void fuzz_exit(int status) __attribute__((noreturn));
size_t fuzz_klp_nr_objects(void);
size_t fuzz_klp_nr_syms(void);
void fuzz_klp_sym(size_t i, const char **name, const char **file,
		  char *type, bool *init);
void fuzz_klp_reset(void);

#ifdef FUZZ_MODPOST_KLP

/* ------------------------------------------------------------------------
 * The klp-symbols.c unit.
 */
#include <hash.h>
#include <hashtable.h>
#include <list.h>
#include <xalloc.h>

/* klp-symbols.c never frees its strings (modpost exits): collect them */
static char **fuzz_strs;
static size_t fuzz_nr_strs, fuzz_alloc_strs;

static char *fuzz_klp_xstrdup(const char *s)
{
	if (fuzz_nr_strs == fuzz_alloc_strs) {
		fuzz_alloc_strs = fuzz_alloc_strs ? 2 * fuzz_alloc_strs : 256;
		fuzz_strs = xrealloc(fuzz_strs,
				     fuzz_alloc_strs * sizeof(*fuzz_strs));
	}
	return fuzz_strs[fuzz_nr_strs++] = xstrdup(s);
}

#define exit fuzz_exit
#define xstrdup fuzz_klp_xstrdup
#include FUZZ_KLP_SYMBOLS_C
#undef xstrdup
#undef exit

size_t fuzz_klp_nr_objects(void)
{
	struct klp_object *obj;
	size_t n = 0;

	list_for_each_entry(obj, &klp_objects, list)
		n++;
	return n;
}

static struct klp_object *fuzz_klp_first(void)
{
	return list_first_entry(&klp_objects, struct klp_object, list);
}

size_t fuzz_klp_nr_syms(void)
{
	return list_empty(&klp_objects) ? 0 : fuzz_klp_first()->nr;
}

void fuzz_klp_sym(size_t i, const char **name, const char **file,
		  char *type, bool *init)
{
	const struct klp_sym *ks = &fuzz_klp_first()->syms[i];

	*name = ks->name;
	*file = ks->file;
	*type = ks->type;
	*init = ks->init;
}

void fuzz_klp_reset(void)
{
	struct klp_object *obj, *tmp;

	list_for_each_entry_safe(obj, tmp, &klp_objects, list) {
		list_del(&obj->list);
		free(obj->syms);
		free(obj);
	}
	while (fuzz_nr_strs)
		free(fuzz_strs[--fuzz_nr_strs]);
}

#else /* !FUZZ_MODPOST_KLP */

/* ------------------------------------------------------------------------
 * The harness, with modpost.c.
 */
static FILE *fuzz_stderr;
static void *fuzz_mmap(void *addr, size_t len, int prot, int flags, int fd,
		       off_t off);
static int fuzz_munmap(void *addr, size_t len);
int modpost_main(int argc, char **argv);

#undef stderr
#define stderr fuzz_stderr
#define main modpost_main
#define exit fuzz_exit
#define mmap fuzz_mmap
#define munmap fuzz_munmap
#include FUZZ_MODPOST_C
#undef munmap
#undef mmap
#undef exit
#undef main
#undef stderr
#define stderr stderr

#define FUZZ_TYPE_LETTERS	"aAbBcCdDgGiInNprRsStTuvVwW?"
#define FUZZ_EXPORT_PREFIX	"__export_symbol_"
#define FUZZ_VERSION		"klp-convert-symbol-data.1"

static enum { FUZZ_IDLE, FUZZ_READ, FUZZ_WRITE } fuzz_phase;
static jmp_buf fuzz_env;
static bool fuzz_full, fuzz_nogate;
static void *fuzz_map;			/* the input, as modpost "mapped" it */
/* a directory per input: a crash leaves nothing else behind */
static char fuzz_dir[PATH_MAX], fuzz_in[PATH_MAX], fuzz_out[PATH_MAX];
static const char *fuzz_tmp;		/* where they are made */

static void fuzz_cleanup(void)
{
	if (!fuzz_dir[0])
		return;
	unlink(fuzz_in);
	unlink(fuzz_out);
	rmdir(fuzz_dir);
	fuzz_dir[0] = '\0';
}

#define PROMISE(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz-modpost: broken promise: " __VA_ARGS__); \
		fputc('\n', stderr);					\
		fuzz_cleanup();						\
		abort();						\
	}								\
} while (0)

void fuzz_exit(int status)
{
	if (fuzz_phase == FUZZ_READ)
		longjmp(fuzz_env, 1);
	PROMISE(fuzz_phase != FUZZ_WRITE,
		"modpost exited (status %d) while writing Symbols.list", status);
	exit(status);
}

/* grab_file(): the exact bytes on the heap instead of a mapping */
static void *fuzz_mmap(void *addr, size_t len, int prot, int flags, int fd,
		       off_t off)
{
	char *p;

	(void)addr;
	(void)prot;
	(void)flags;
	if (!len) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	p = xmalloc(len);
	if (pread(fd, p, len, off) != (ssize_t)len) {
		free(p);
		errno = EIO;
		return MAP_FAILED;
	}
	fuzz_map = p;
	return p;
}

static int fuzz_munmap(void *addr, size_t len)
{
	(void)len;
	if (addr == fuzz_map)
		fuzz_map = NULL;
	free(addr);
	return 0;
}

/* ------------------------------------------------------------------------
 * What modpost takes for granted about an ELF object: a compiler or
 * linker output never breaks it, and parse_elf() does not check it.  An
 * input that breaks it makes modpost itself read out of bounds, before or
 * after klp_record_symbols() (which relies on the same things), so it is
 * not given to modpost: those are modpost's findings, see README.
 * Everything is read as parse_elf() reads it (Elf64 of elfconfig.h).
 */
static bool fuzz_in_file(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

static bool fuzz_str_in(const uint8_t *data, const Elf64_Shdr *sec,
			uint64_t idx)
{
	return idx < sec->sh_size &&
	       memchr(data + sec->sh_offset + idx, '\0', sec->sh_size - idx);
}

/* the symbol table modpost reads, if fuzz_elf_sane() found one */
static Elf64_Shdr fuzz_symtab, fuzz_strtab;
static bool fuzz_have_symtab;

static bool fuzz_elf_sane(const uint8_t *data, size_t size)
{
	Elf64_Shdr sh, shstr, symtab, strtab, shndx = { 0 };
	uint64_t num, nsyms, i, strndx;
	unsigned int symtab_idx = 0, shndx_idx = 0, modinfo_idx = 0;
	Elf64_Ehdr eh;
	Elf64_Sym sym;

	fuzz_have_symtab = false;
	if (size < sizeof(eh) || memcmp(data, ELFMAG, SELFMAG))
		return true;		/* parse_elf() ignores it */
	memcpy(&eh, data, sizeof(eh));
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB)	/* the host's order */
		return eh.e_ident[EI_DATA] != ELFDATA2MSB;
	if (eh.e_type != ET_REL || eh.e_shoff > size)
		return true;		/* fatal() */
	if (eh.e_shoff % 8 || size - eh.e_shoff < sizeof(sh))
		return false;
#define SECHDR(n, s) memcpy(&(s), data + eh.e_shoff + (n) * sizeof(s), sizeof(s))
	SECHDR(0, sh);
	num = eh.e_shnum ? eh.e_shnum : sh.sh_size;
	strndx = eh.e_shstrndx == SHN_XINDEX ? sh.sh_link : eh.e_shstrndx;
	if (!num || num > (size - eh.e_shoff) / sizeof(sh) || strndx >= num)
		return false;
	SECHDR(strndx, shstr);
	if (!fuzz_in_file(shstr.sh_offset, shstr.sh_size, size))
		return false;

	for (i = 0; i < num; i++) {
		SECHDR(i, sh);
		if (!fuzz_str_in(data, &shstr, sh.sh_name))
			return false;
		if (!i)
			continue;
		if (sh.sh_type != SHT_NOBITS &&
		    !fuzz_in_file(sh.sh_offset, sh.sh_size, size))
			return false;
		/* parse_elf() follows the links of every symbol table */
		if (sh.sh_type == SHT_SYMTAB) {
			symtab_idx = i;
			if (!fuzz_in_file(sh.sh_offset, sh.sh_size, size) ||
			    sh.sh_link >= num)
				return false;
			SECHDR(sh.sh_link, strtab);
			if (!fuzz_in_file(strtab.sh_offset, strtab.sh_size, size))
				return false;
		}
		if (sh.sh_type == SHT_SYMTAB_SHNDX) {
			shndx_idx = i;
			if (!fuzz_in_file(sh.sh_offset, sh.sh_size, size))
				return false;
		}
		if (!strcmp((const char *)data + shstr.sh_offset + sh.sh_name,
			    ".modinfo"))
			modinfo_idx = i;
	}
	if (!symtab_idx)
		return true;		/* fatal() */

	/* get_modinfo() reads strings up to a NUL */
	if (modinfo_idx) {
		SECHDR(modinfo_idx, sh);
		if (sh.sh_type != SHT_NOBITS &&
		    (!sh.sh_size || data[sh.sh_offset + sh.sh_size - 1]))
			return false;
	}

	SECHDR(symtab_idx, symtab);
	if (symtab.sh_offset % 8 || symtab.sh_size % sizeof(sym))
		return false;
	SECHDR(symtab.sh_link, strtab);
	if (shndx_idx) {
		SECHDR(shndx_idx, shndx);
		if (shndx.sh_offset % 4 || shndx.sh_size % 4)
			return false;
	}
#undef SECHDR

	nsyms = symtab.sh_size / sizeof(sym);
	for (i = 0; i < nsyms; i++) {
		memcpy(&sym, data + symtab.sh_offset + i * sizeof(sym),
		       sizeof(sym));
		if (!fuzz_str_in(data, &strtab, sym.st_name))
			return false;
		if (sym.st_shndx == SHN_XINDEX &&
		    (!shndx_idx || i >= shndx.sh_size / 4))
			return false;
	}
	fuzz_symtab = symtab;
	fuzz_strtab = strtab;
	fuzz_have_symtab = true;
	return true;
}

/* ------------------------------------------------------------------------
 * Reading the module, as read_symbols() does.
 */

/*
 * The part of read_symbols() Symbols.list depends on: parse_elf(), the
 * module, its .modinfo, klp_record_symbols(), and its exports.  modpost
 * finds those in the relocations of .export_symbol (check_sec_ref());
 * here every "__export_symbol_<name>" label exports <name>.
 */
static void fuzz_read_symbols(const char *modname)
{
	struct elf_info info = { };
	const Elf_Sym *sym;
	struct module *mod;
	char *license, *namespace;

	if (!parse_elf(&info, modname))
		return;

	mod = new_module(modname, strlen(modname) - strlen(".o"));

	license = get_modinfo(&info, "license");
	if (!license)
		error("missing MODULE_LICENSE() in %s\n", modname);
	while (license) {
		if (!license_is_gpl_compatible(license)) {
			mod->is_gpl_compatible = false;
			break;
		}
		license = get_next_modinfo(&info, "license", license);
	}
	namespace = get_modinfo(&info, "import_ns");
	while (namespace) {
		add_namespace(&mod->imported_namespaces, namespace);
		namespace = get_next_modinfo(&info, "import_ns", namespace);
	}
	mod->is_livepatch = get_modinfo(&info, "livepatch");

	klp_record_symbols(mod, &info);

	for (sym = info.symtab_start; sym < info.symtab_stop; sym++) {
		const char *name = info.strtab + sym->st_name;

		if (strstarts(name, FUZZ_EXPORT_PREFIX) &&
		    name[strlen(FUZZ_EXPORT_PREFIX)])
			sym_add_exported(name + strlen(FUZZ_EXPORT_PREFIX), mod,
					 false, "");
	}

	parse_elf_finish(&info);
}

static void fuzz_free_namespaces(struct list_head *head)
{
	struct namespace_list *ns, *tmp;

	list_for_each_entry_safe(ns, tmp, head, list)
		free(ns);
}

/* modpost as it was before the input */
static void fuzz_reset(void)
{
	struct module *mod, *mtmp;
	struct symbol *s, *stmp;

	list_for_each_entry_safe(mod, mtmp, &modules, list) {
		list_for_each_entry_safe(s, stmp, &mod->exported_symbols, list) {
			hash_del(&s->hnode);
			free(s->namespace);
			free(s);
		}
		list_for_each_entry_safe(s, stmp, &mod->unresolved_symbols, list)
			free(s);
		fuzz_free_namespaces(&mod->missing_namespaces);
		fuzz_free_namespaces(&mod->imported_namespaces);
		free(mod->dev_table_buf.p);
		free(mod);
	}
	INIT_LIST_HEAD(&modules);
	fuzz_klp_reset();
	free(fuzz_map);		/* after a fatal() in parse_elf() */
	fuzz_map = NULL;
	error_occurred = false;
	sec_mismatch_count = 0;
	nr_unresolved = 0;
	target_is_big_endian = false;
}

/* ------------------------------------------------------------------------
 * The oracle: the rules of scripts/livepatch/symbols.c.
 */
static char *fuzz_read_file(const char *path, size_t *size)
{
	struct stat st;
	char *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st)) {
		perror(path);
		abort();
	}
	buf = xmalloc(st.st_size + 1);
	if (read(fd, buf, st.st_size) != st.st_size) {
		perror(path);
		abort();
	}
	close(fd);
	buf[st.st_size] = '\0';
	*size = st.st_size;
	return buf;
}

static void fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) ||
	    close(fd)) {
		perror(path);
		abort();
	}
}

/* a name or file the reader can take: non-empty, no byte <= ' ', no DEL */
static bool fuzz_printable(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return false;
	return true;
}

/*
 * What a record can hold: names shorter than kallsyms' KSYM_NAME_LEN (512),
 * file names of at most NAME_MAX (255); the others are left out or "-".
 */
static bool fuzz_name_ok(const char *s)
{
	return fuzz_printable(s) && strlen(s) < 512;
}

static bool fuzz_file_ok(const char *s)
{
	return fuzz_printable(s) && strlen(s) <= 255;
}

/* one record line, @end its newline; the fields are split in place */
static void fuzz_check_record(char *line, char *end, unsigned int lineno,
			      char *field[4])
{
	char *p;
	int n = 0;

	for (p = line; p < end; p++)
		PROMISE((unsigned char)*p >= ' ' && *p != 0x7f,
			"line %u: control character 0x%02x", lineno,
			(unsigned char)*p);
	*end = '\0';
	field[n++] = line;
	for (p = line; (p = strchr(p, ' ')); n++) {
		*p++ = '\0';
		if (n < 4)
			field[n] = p;
	}
	PROMISE(n == 4, "line %u: %d fields, expected 4", lineno, n);
	for (n = 0; n < 4; n++)
		PROMISE(*field[n], "line %u: field %d empty", lineno, n + 1);
	PROMISE(!field[0][1] && strchr(FUZZ_TYPE_LETTERS, field[0][0]),
		"line %u: bad type '%s'", lineno, field[0]);
	PROMISE(!strcmp(field[1], "-") ||
		strspn(field[1], "xi") == strlen(field[1]),
		"line %u: bad flags '%s'", lineno, field[1]);
}

/*
 * The list is the version line, the module's block, and in it every
 * recorded symbol the reader can represent, in symbol table order, with
 * its type, 'i' if init, and its file, or "-" if it has none the reader
 * can take.
 */
static void fuzz_check_output(bool have_module)
{
	size_t size, nr = fuzz_klp_nr_syms(), i = 0;
	char *buf = fuzz_read_file(fuzz_out, &size), *pos = buf, *nl;
	unsigned int lineno = 0;

	PROMISE(fuzz_klp_nr_objects() == have_module, "%zu objects recorded",
		fuzz_klp_nr_objects());
	PROMISE(size && buf[size - 1] == '\n', "no newline at the end");
	PROMISE(strlen(buf) == size, "NUL in Symbols.list");
	while ((nl = strchr(pos, '\n'))) {
		char *field[4], *name, *file;
		const char *kname, *kfile;
		bool init;
		char type;

		lineno++;
		if (lineno == 1) {
			*nl = '\0';
			PROMISE(!strcmp(pos, FUZZ_VERSION),
				"line 1: '%s'", pos);
		} else if (lineno == 2) {
			*nl = '\0';
			PROMISE(!strcmp(pos, "*fuzz"), "line 2: '%s'", pos);
		} else {
			fuzz_check_record(pos, nl, lineno, field);
			name = field[2];
			file = field[3];
			do {
				PROMISE(i < nr, "line %u: record '%s' never recorded",
					lineno, name);
				fuzz_klp_sym(i++, &kname, &kfile, &type, &init);
			} while (!fuzz_name_ok(kname));
			PROMISE(!strcmp(name, kname),
				"line %u: name '%s', recorded '%s'", lineno,
				name, kname);
			PROMISE(field[0][0] == type,
				"line %u: type %c, recorded %c", lineno,
				field[0][0], type);
			PROMISE(!strchr(field[1], 'i') == !init,
				"line %u: flags '%s', init %d", lineno,
				field[1], init);
			if (kfile && fuzz_file_ok(kfile))
				PROMISE(!strcmp(file, kfile),
					"line %u: file '%s', recorded '%s'",
					lineno, file, kfile);
			else
				PROMISE(!strcmp(file, "-"),
					"line %u: file '%s' for none", lineno, file);
		}
		pos = nl + 1;
	}
	PROMISE(lineno >= 1 + have_module, "%u lines", lineno);
	for (; i < nr; i++) {
		const char *kname, *kfile;
		bool init;
		char type;

		fuzz_klp_sym(i, &kname, &kfile, &type, &init);
		PROMISE(!fuzz_printable(kname), "record of '%s' missing", kname);
	}
	free(buf);
}

/*
 * The records are defined symbols of the symbol table, in its order (the
 * order of the sympos): not undefined, common, section or file symbols.
 */
static void fuzz_check_order(const uint8_t *data)
{
	size_t nr = fuzz_klp_nr_syms(), j = 0;
	uint64_t i, nsyms = fuzz_symtab.sh_size / sizeof(Elf64_Sym);
	const char *kname = "", *kfile;
	Elf64_Sym sym;
	bool init;
	char type;

	for (i = 0; i < nsyms && j < nr; i++) {
		memcpy(&sym, data + fuzz_symtab.sh_offset + i * sizeof(sym),
		       sizeof(sym));
		if (sym.st_shndx == SHN_UNDEF || sym.st_shndx == SHN_COMMON ||
		    ELF64_ST_TYPE(sym.st_info) == STT_SECTION ||
		    ELF64_ST_TYPE(sym.st_info) == STT_FILE)
			continue;
		fuzz_klp_sym(j, &kname, &kfile, &type, &init);
		if (!strcmp(kname, (const char *)data + fuzz_strtab.sh_offset +
			    sym.st_name))
			j++;
	}
	if (j < nr)
		fuzz_klp_sym(j, &kname, &kfile, &type, &init);
	PROMISE(j == nr,
		"record %zu '%s' is not a defined symbol in symbol table order",
		j, kname);
}

/* ------------------------------------------------------------------------
 * libFuzzer.
 */
/* the module is "fuzz": its block is "*fuzz" */
static void fuzz_setup(void)
{
	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/fuzz-modpost.XXXXXX", fuzz_tmp);
	if (!mkdtemp(fuzz_dir)) {
		perror("fuzz-modpost: mkdtemp");
		abort();
	}
	snprintf(fuzz_in, sizeof(fuzz_in), "%s/fuzz.o", fuzz_dir);
	snprintf(fuzz_out, sizeof(fuzz_out), "%s/Symbols.list", fuzz_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct stat st;
	union { short s; char c[2]; } endian = { .s = 0x0102 };

	(void)argc;
	(void)argv;
	fuzz_full = getenv("MODPOST_FUZZ_FULL") &&
		    strcmp(getenv("MODPOST_FUZZ_FULL"), "0");
	fuzz_nogate = getenv("MODPOST_FUZZ_NOGATE") &&
		      strcmp(getenv("MODPOST_FUZZ_NOGATE"), "0");
	fuzz_stderr = getenv("MODPOST_FUZZ_VERBOSE") ? stderr :
		      fopen("/dev/null", "w");
	if (!fuzz_stderr) {
		perror("fuzz-modpost: /dev/null");
		exit(2);
	}
	/* tmpfs if there is one: every input writes two files */
	fuzz_tmp = getenv("MODPOST_FUZZ_TMP");
	if (!fuzz_tmp)
		fuzz_tmp = !stat("/dev/shm", &st) && S_ISDIR(st.st_mode) &&
			   !access("/dev/shm", W_OK) ? "/dev/shm" : "/tmp";

	/* what modpost's main() sets for "modpost -M -k Symbols.list" */
	host_is_big_endian = endian.c[0] == 1;
	module_enabled = true;
	klp_symbols = fuzz_out;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_nogate && !fuzz_elf_sane(data, size))
		return -1;	/* not added to the corpus */

	fuzz_setup();
	fuzz_write_file(fuzz_in, data, size);
	fuzz_phase = FUZZ_READ;
	if (!setjmp(fuzz_env)) {
		if (fuzz_full)
			read_symbols(fuzz_in);
		else
			fuzz_read_symbols(fuzz_in);

		fuzz_phase = FUZZ_WRITE;
		error_occurred = false;	/* would stop write_if_changed() */
		unlink(fuzz_out);
		klp_write_symbols_list(fuzz_out, NULL);
		fuzz_phase = FUZZ_IDLE;
		fuzz_check_output(!list_empty(&modules));
		if (fuzz_have_symtab)
			fuzz_check_order(data);
	}
	fuzz_phase = FUZZ_IDLE;
	fuzz_reset();
	fuzz_cleanup();
	return 0;
}

#endif /* FUZZ_MODPOST_KLP */
