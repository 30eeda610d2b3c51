// SPDX-License-Identifier: GPL-2.0
/*
 * Symbols.list: where every symbol of vmlinux and of each module lives.
 *
 * Format "klp-convert-symbol-data.1" (written by modpost):
 *
 *	klp-convert-symbol-data.1
 *	# comment
 *	*vmlinux
 *	<type> <flags> <name> <file>
 *	*<module name>
 *	<type> <flags> <name> <file>
 *
 * - fields are separated by one space; no trailing space;
 * - "*<object>" starts the block of an object: "vmlinux" or a module's
 *   KBUILD_MODNAME ('-' is read as '_'): letters, digits and '_' (the
 *   kernel's 55-character limit is checked when a name is used); an
 *   object has one block;
 * - no line has control characters (a NUL, a tab, a carriage return);
 * - <type> is one letter of nm and kallsyms (KLP_TYPE_LETTERS): t T text,
 *   d D data, r R rodata, b B bss, w W v V weak, a A absolute, ...;
 *   lower case means local;
 * - <flags> is "-" or letters: x = exported (EXPORT_SYMBOL*),
 *   i = module symbol not kept in the core kallsyms of a live module
 *   (init or non-ALLOC section): visible only while the module loads,
 *   s = vmlinux function whose ENDBR is sealed at boot (IBT): calls only;
 * - <name> is the kallsyms name (dots allowed, no spaces or commas);
 * - <file> is the source file basename of a local symbol, else "-";
 * - records of an object are in the order the kernel walks them
 *   (vmlinux: by address; modules: .ko symbol table order), so the
 *   sympos of a record is its rank, from 1, among the records of the
 *   same name in its block.
 *
 * The "klp-convert-symbol-data.0.1" lists of the earlier klp-convert
 * patches (bare names from nm, "__ksymtab_<name>" export markers) are
 * refused with their own message: without types and init symbols, and in
 * nm's order, they cannot give the checks and positions above.
 *
 * A distribution has millions of records and a livepatch references a
 * few thousand names, so the file is mapped and parsed in one pass, and
 * only records of names registered with symdb_want() are kept.  Every
 * record is validated all the same, kept or not (type letter, flags,
 * exactly four non-empty fields): fast_record() takes the well-formed
 * common records with a few vector compares per line, parse_line() the
 * rest, and reports errors as file:line, the line number being counted
 * from the byte offset only then.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../mod/klp-symtype.h"
#include "scan.h"
#include "symbols.h"
#include "util.h"

#define FORMAT_1	KLP_SYMBOLS_VERSION
#define FORMAT_0_1	"klp-convert-symbol-data.0.1"

struct symdb *symdb_new(const char *path, size_t expected_names)
{
	struct symdb *db = xcalloc(1, sizeof(*db));

	db->path = path;
	htable_init(&db->names, expected_names);
	htable_init(&db->obj_hash, 8192);
	return db;
}

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

static struct symname *find_name(const struct symdb *db, const char *name,
				 size_t len, uint32_t h)
{
	struct symname *sn;

	hlist_for_each_entry(sn, htable_bucket(&db->names, h), node)
		if (sn->hash == h && sn->len == len && !memcmp(sn->name, name, len))
			return sn;
	return NULL;
}

/*
 * Pre-filter of the wanted names, a Bloom filter in 8 KiB (stays in L1):
 * a name sets two bits, one per 16-bit half of its hash.  With 2,000
 * names wanted, 0.4% of the other names pass (10,000: 7%), so nearly
 * every record is dropped right after hashing its name, without the
 * cache misses of the buckets and of the names.  (A key made of the
 * length and of the first and last characters barely filtered: kernel
 * names share a few prefixes and end in a handful of characters.)
 */
#define FILTER_BITS	(8 * sizeof(((struct symdb *)0)->filter))
_Static_assert(FILTER_BITS == 1 << 16, "one filter bit per 16-bit key");

static inline bool filter_bit(const struct symdb *db, unsigned int key)
{
	return db->filter[key >> 3] & (1 << (key & 7));
}

static inline bool filter_test(const struct symdb *db, uint32_t h)
{
	return filter_bit(db, h & 0xffff) && filter_bit(db, h >> 16);
}

static void filter_add(struct symdb *db, uint32_t h)
{
	db->filter[(h & 0xffff) >> 3] |= 1 << (h & 7);
	db->filter[h >> 19] |= 1 << (h >> 16 & 7);
}

static struct symname *add_wanted(struct symdb *db, const char *name,
				  size_t len, uint32_t h)
{
	struct symname *sn;

	filter_add(db, h);
	sn = xcalloc(1, sizeof(*sn));
	sn->hash = h;
	sn->name = name;
	sn->len = len;
	ARRAY_GROW(db->wanted, db->nr_wanted, db->alloc_wanted, 64);
	db->wanted[db->nr_wanted++] = sn;
	/* grow so chains stay short even if more names come than announced */
	if (db->nr_wanted > db->names.mask) {
		size_t i;

		htable_free(&db->names);
		htable_init(&db->names, db->nr_wanted * 2);
		for (i = 0; i + 1 < db->nr_wanted; i++)
			hlist_add_head(&db->wanted[i]->node,
				       htable_bucket(&db->names, db->wanted[i]->hash));
	}
	hlist_add_head(&sn->node, htable_bucket(&db->names, h));
	return sn;
}

void symdb_want(struct symdb *db, const char *name)
{
	size_t len = strlen(name);
	uint32_t h = hash_mem(name, len);

	if (!find_name(db, name, len, h))
		add_wanted(db, name, len, h);
}

void symdb_want_all(struct symdb *db)
{
	db->want_all = true;
	memset(db->filter, 0xff, sizeof(db->filter));
}

const struct symname *symdb_lookup(const struct symdb *db, const char *name)
{
	size_t len = strlen(name);
	const struct symname *sn = find_name(db, name, len, hash_mem(name, len));

	return sn && sn->nr_recs ? sn : NULL;
}

const struct symobj *symdb_find_object(const struct symdb *db, const char *name)
{
	uint32_t h = hash_cstr(name);
	struct symobj *obj;

	hlist_for_each_entry(obj, htable_bucket(&db->obj_hash, h), node)
		if (obj->hash == h && !strcmp(obj->name, name))
			return obj;
	return NULL;
}

const struct symrec *symname_pick(const struct symname *sn,
				  const struct symobj *obj, unsigned long pos,
				  bool core_only, unsigned int *count)
{
	const struct symrec *found = NULL;
	unsigned int i, n = 0;

	for (i = 0; sn && i < sn->nr_recs; i++) {
		const struct symrec *r = &sn->recs[i];

		if (r->obj != obj || (core_only && r->init))
			continue;
		n++;
		if ((!pos && n == 1) || n == pos)
			found = r;
	}
	*count = n;
	return !pos && n != 1 ? NULL : found;
}

static unsigned int line_of(const struct symdb *db, const char *p)
{
	const char *s = db->map;
	unsigned int line = 1;

	while (s < p) {
		s = memchr(s, '\n', p - s);
		if (!s)
			break;
		s++;
		line++;
	}
	return line;
}

static int parse_error(struct symdb *db, const char *p, const char *msg)
{
	char *where = xasprintf("%s:%u", db->path, line_of(db, p));

	klp_error(where, "%s", msg);
	free(where);
	return -1;
}

/* name: allocated, normalised, not yet in db */
static struct symobj *new_object(struct symdb *db, char *name)
{
	struct symobj *obj = xcalloc(1, sizeof(*obj));

	obj->hash = hash_cstr(name);
	obj->name = name;
	hlist_add_head(&obj->node, htable_bucket(&db->obj_hash, obj->hash));
	ARRAY_GROW(db->objs, db->nr_objs, db->alloc_objs, 256);
	db->objs[db->nr_objs++] = obj;
	return obj;
}

struct symobj *symdb_object(struct symdb *db, const char *name, size_t len)
{
	char *copy = xmalloc(len + 1);
	struct symobj *obj;
	size_t i;

	for (i = 0; i < len; i++)
		copy[i] = name[i] == '-' ? '_' : name[i];
	copy[len] = '\0';
	obj = (struct symobj *)symdb_find_object(db, copy);
	if (obj) {
		free(copy);
		return obj;
	}
	return new_object(db, copy);
}

static struct symobj *start_object(struct symdb *db, const char *p,
				   const char *nl)
{
	size_t len = nl - p - 1, i;
	const struct symobj *old;
	struct symobj *obj;
	char *name;

	if (!len) {
		parse_error(db, p, "bad object line: expected '*<object name>'");
		return NULL;
	}
	name = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		char c = p[1 + i] == '-' ? '_' : p[1 + i];

		if (!(c == '_' || (c >= '0' && c <= '9') ||
		      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
			free(name);
			parse_error(db, p, "bad object name: letters, digits, '_' and '-' only");
			return NULL;
		}
		name[i] = c;
	}
	name[len] = '\0';
	old = symdb_find_object(db, name);
	if (old) {
		char *msg = xasprintf("duplicate block for object '%s' (first at line %u)",
				      name, line_of(db, old->where));

		parse_error(db, p, msg);
		free(msg);
		free(name);
		return NULL;
	}
	obj = new_object(db, name);
	obj->where = p;
	return obj;
}

static struct symrec *add_record(struct symname *sn, struct symobj *obj,
				 bool init)
{
	struct symrec *rec;

	if (sn->cur_obj != obj) {
		sn->multi_obj |= sn->cur_obj != NULL;
		sn->cur_obj = obj;
		sn->cur_count = 0;
		sn->cur_core = 0;
	}
	ARRAY_GROW(sn->recs, sn->nr_recs, sn->alloc_recs, 4);
	rec = &sn->recs[sn->nr_recs++];
	memset(rec, 0, sizeof(*rec));
	rec->obj = obj;
	rec->init = init;
	rec->pos = ++sn->cur_count;
	rec->core_pos = init ? 0 : ++sn->cur_core;
	return rec;
}

struct symrec *symdb_add(struct symdb *db, struct symobj *obj, const char *name,
			 size_t len, bool init)
{
	uint32_t h = hash_mem(name, len);
	struct symname *sn;

	if (!filter_test(db, h))
		return NULL;
	sn = find_name(db, name, len, h);
	if (!sn) {
		if (!db->want_all)
			return NULL;
		sn = add_wanted(db, name, len, h);
	}
	return add_record(sn, obj, init);
}

/* Record flags, as letters in the file and as bits here */
enum { FLAG_OK = 1, FLAG_X = 2, FLAG_I = 4, FLAG_S = 8 };
static const unsigned char flag_bits[256] = {
	['x'] = FLAG_X, ['i'] = FLAG_I, ['s'] = FLAG_S,
};

/* "-", or letters of flag_bits; *flags gets their bits */
static bool valid_flags(const char *f, const char *end, unsigned int *flags)
{
	if (end - f == 1 && *f == '-')
		return true;
	for (; f < end; f++) {
		if (!flag_bits[(unsigned char)*f])
			return false;
		*flags |= flag_bits[(unsigned char)*f];
	}
	return true;
}

/*
 * Keep the record if its name is wanted; h is hash_mem(name, len).  The
 * callers test the filter first, which drops most records.
 */
static void keep_record(struct symdb *db, struct symobj *obj, const char *line,
			const char *name, size_t len, uint32_t h,
			const char *nl, unsigned int flags)
{
	const char *file = name + len + 1;
	bool exported = flags & FLAG_X;
	struct symname *sn;
	struct symrec *rec;

	sn = find_name(db, name, len, h);
	if (!sn) {
		if (!db->want_all)
			return;
		sn = add_wanted(db, name, len, h);
	}
	rec = add_record(sn, obj, flags & FLAG_I);
	rec->type = line[0];
	rec->exported = exported;
	rec->sealed = flags & FLAG_S;
	sn->vmlinux_export |= exported && symobj_is_vmlinux(obj);
	if (nl - file != 1 || *file != '-') {
		rec->file = file;
		rec->file_len = nl - file;
	}
}

/*
 * The general record parser: "<type> <flags> <name> <file>" from line to
 * nl; seps[] are the first spaces of the line, nr_seps how many it has.
 * It checks everything and reports errors; parse_format_1() only comes
 * here for the lines its fast path does not take.
 */
static int parse_record(struct symdb *db, struct symobj *obj, const char *line,
			const char *nl, const char * const *seps, int nr_seps)
{
	const char *fields = "expected '<type> <flags> <name> <file>'";
	unsigned int flags = 0;
	const char *name;
	uint32_t h;
	size_t len;

	if (nl - line < 7 || !nr_seps || seps[0] != line + 1)
		return parse_error(db, line, fields);
	if (!klp_type_ok(line[0]))
		return parse_error(db, line,
				   "bad symbol type letter (expected one of " KLP_TYPE_LETTERS ")");
	if (!valid_flags(line + 2, nr_seps > 1 ? seps[1] : nl, &flags))
		return parse_error(db, line, "bad flags (expected '-' or letters from 'xis')");
	if (nr_seps != 3 || seps[1] == line + 2 || seps[2] == seps[1] + 1 ||
	    seps[2] + 1 == nl)
		return parse_error(db, line, fields);
	if (!obj)
		return parse_error(db, line, "symbol record before the first '*<object>' line");

	name = seps[1] + 1;
	len = seps[2] - name;
	h = hash_mem(name, len);
	if (filter_test(db, h))
		keep_record(db, obj, line, name, len, h, nl, flags);
	return 0;
}

static bool has_control_char(const char *p, const char *end)
{
	for (; p < end; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			return true;
	return false;
}

/* any line from line to nl (a comment, an object or a record) */
static int parse_line(struct symdb *db, struct symobj **obj, const char *line,
		      const char *nl)
{
	const char *seps[3], *s;
	int nr_seps = 0;

	if (has_control_char(line, nl))
		return parse_error(db, line, "control character (NUL, tab, carriage return...) in line");
	if (line < nl && *line == '#')
		return 0;
	if (line < nl && *line == '*') {
		*obj = start_object(db, line, nl);
		return *obj ? 0 : -1;
	}
	for (s = line; (s = memchr(s, ' ', nl - s)); s++) {
		if (nr_seps < 3)
			seps[nr_seps] = s;
		nr_seps++;
	}
	return parse_record(db, *obj, line, nl, seps, nr_seps);
}

/*
 * Type letter and flags of the fast path, from the first 4 bytes of the
 * line "<type> <flags> ": a valid type, one '-', 'x', 'i' or 's' flag letter
 * (as modpost writes for nearly every record) and spaces at 1 and 3.
 */
static const unsigned char fast_flag[256] = {
	['-'] = FLAG_OK, ['x'] = FLAG_OK | FLAG_X, ['i'] = FLAG_OK | FLAG_I,
	['s'] = FLAG_OK | FLAG_S,
};

/*
 * Fast path of parse_format_1() for a record of a known object: 64 bytes
 * must be readable from line.  Vector compares of the first 48 bytes
 * (rarely 64) give every separator of the line at once: no per-byte loop,
 * no function call per line, one branch per line in the common case.  It takes only lines that
 * parse_record() accepts, with the same result: "T F N F\n" where the
 * first four bytes <= ' ' are the spaces at 1 and 3, a space at s and
 * the newline at n (so there are exactly four fields, none empty), the
 * type letter is valid and the flag is a single valid letter.  Anything
 * else (comments, "*" lines, multi-letter flags, tabs, lines over 63
 * bytes, every error) returns 0, and the general parser handles the line
 * and reports errors.  Returns the length of the line with its '\n'.
 */
static inline size_t fast_record(struct symdb *db, struct symobj *obj,
				 const char *line)
{
	unsigned int n, s, flag;
	const char *name;
	uint64_t m;
	uint32_t h;

	m = field_end16(line) | field_end16(line + 16) << 16 |
	    field_end16(line + 32) << 32;
	/* separators at 1 and 3, not at 0, 2 or 4 (empty name) */
	if ((m & 0x1f) != 0xa)
		return 0;
	m &= ~0xfULL;
	/* the name and the file: two more separators, else read 16 more */
	if (unlikely(!(m & (m - 1)))) {
		m |= field_end16(line + 48) << 48;
		if (!(m & (m - 1)))
			return 0;
	}
	s = __builtin_ctzll(m);
	m &= m - 1;
	n = __builtin_ctzll(m);
	flag = fast_flag[(unsigned char)line[2]];
	if (line[1] != ' ' || line[3] != ' ' || line[s] != ' ' ||
	    line[n] != '\n' || s + 1 == n ||
	    !klp_type_ok(line[0]) || !flag)
		return 0;

	name = line + 4;
	h = hash_mem(name, s - 4);
	if (unlikely(filter_test(db, h)))
		keep_record(db, obj, line, name, s - 4, h, line + n, flag);
	return n + 1;
}

/*
 * The fast path parses a record while this many bytes are readable.  Built
 * with -DKLP_SYMBOLS_NO_FAST_PATH, every record goes through the general
 * parser: the reference the fast path is compared with (bench/diff-parse.c).
 */
#ifdef KLP_SYMBOLS_NO_FAST_PATH
#define FAST_PATH_MIN	SIZE_MAX
#else
#define FAST_PATH_MIN	64
#endif

/* Format 1, from the second line on */
static int parse_format_1(struct symdb *db, const char *p, const char *end)
{
	/* the fast path runs while p < fast_end */
	const char *fast_end = (size_t)(end - p) >= FAST_PATH_MIN ?
			       end - (FAST_PATH_MIN - 1) : p;
	struct symobj *obj = NULL;
	const char *nl;
	size_t n;

	while (p < end) {
		if (obj) {
			while (likely(p < fast_end) &&
			       likely(n = fast_record(db, obj, p)))
				p += n;
			if (p == end)
				break;
		}
		nl = memchr(p, '\n', end - p);
		if (!nl)
			nl = end;
		if (parse_line(db, &obj, p, nl))
			return -1;
		if (nl == end)
			break;
		p = nl + 1;
	}
	return 0;
}

static bool is_line(const char *p, size_t len, const char *s)
{
	return len == strlen(s) && !memcmp(p, s, len);
}

static int parse(struct symdb *db)
{
	const char *p = db->map, *end = p + db->size, *nl;
	size_t len;

	nl = memchr(p, '\n', end - p);
	len = (nl ? nl : end) - p;
	if (is_line(p, len, FORMAT_0_1))
		return parse_error(db, p, "'" FORMAT_0_1 "' is the format of the earlier klp-convert patches, which klp-convert no longer reads (no symbol types, no init symbols); use the Symbols.list of this kernel's build");
	if (!is_line(p, len, FORMAT_1))
		return parse_error(db, p, "not a Symbols.list: the first line must be '"
				   FORMAT_1 "'");
	p += len + 1;
	return p < end ? parse_format_1(db, p, end) : 0;
}

/*
 * The file in memory: mapped, or in sanitizer and fuzzing builds read
 * into a heap buffer of its exact size, so that reading past its end is
 * reported.
 */
#ifdef KLP_READ_INTO_HEAP
static void *map_file(int fd, size_t size)
{
	char *buf = xmalloc(size);
	size_t done = 0;
	ssize_t n;

	while (done < size) {
		n = read(fd, buf + done, size - done);
		if (n <= 0) {
			if (!n)
				errno = EIO;
			free(buf);
			return NULL;
		}
		done += n;
	}
	return buf;
}

static void unmap_file(void *map, size_t size)
{
	(void)size;
	free(map);
}
#else
static void *map_file(int fd, size_t size)
{
	void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);

	return map == MAP_FAILED ? NULL : map;
}

static void unmap_file(void *map, size_t size)
{
	munmap(map, size);
}
#endif

int symdb_map(struct symdb *db)
{
	struct stat st;
	int fd;

	/* O_NONBLOCK: a FIFO must not block the open, fstat() refuses it */
	fd = open(db->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		klp_error(db->path, "cannot open the symbol list: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		klp_error(db->path, "not a regular file");
		close(fd);
		return -1;
	}
	db->dev = st.st_dev;
	db->ino = st.st_ino;
	if (st.st_size == 0) {
		close(fd);
		klp_error(db->path, "empty file, not a Symbols.list");
		return -1;
	}
	db->size = st.st_size;
	db->map = map_file(fd, db->size);
	close(fd);
	if (!db->map) {
		klp_error(db->path, "cannot read: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int symdb_parse(struct symdb *db)
{
	return parse(db);
}

int symdb_load(struct symdb *db)
{
	return symdb_map(db) ? -1 : parse(db);
}

void symdb_free(struct symdb *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < db->nr_wanted; i++) {
		free(db->wanted[i]->recs);
		free(db->wanted[i]);
	}
	for (i = 0; i < db->nr_objs; i++) {
		free(db->objs[i]->name);
		free(db->objs[i]);
	}
	free(db->wanted);
	free(db->objs);
	htable_free(&db->names);
	htable_free(&db->obj_hash);
	if (db->map)
		unmap_file(db->map, db->size);
	free(db);
}
