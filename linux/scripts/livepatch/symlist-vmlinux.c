// SPDX-License-Identifier: GPL-2.0
/*
 * klp-symlist: the vmlinux block of Symbols.list.
 *
 * vmlinux records come, in kallsyms order, from one of:
 *  - a System.map, as modpost -K reads it: kallsyms is built from it, less
 *    the symbols scripts/kallsyms.c ignores (klp_kallsyms_ignores());
 *  - a /proc/kallsyms dump of the target: its lines without a module;
 *  - the kallsyms tables of the image itself (vmlinuz.c).
 * Export flags come from Module.symvers, source files of local symbols from
 * the linked vmlinux when it is given (a distribution's debug package).
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../mod/klp-symtype.h"
#include "kallsyms-line.h"
#include "notes.h"
#include "symlist.h"
#include "util.h"

static void vs_add(struct vmlinux_syms *vs, unsigned long long addr,
		   char type, const char *name)
{
	ARRAY_GROW(vs->recs, vs->nr, vs->alloc, 4096);
	vs->recs[vs->nr++] = (struct vrec){ addr, name, type };
}

static int map_error(const char *path, const struct ksym_reader *r,
		     const char *msg)
{
	char *where = xasprintf("%s:%u", path, r->line);

	klp_error(where, "%s", msg);
	free(where);
	return -1;
}

/* the lines of System.map and /proc/kallsyms (kallsyms-line.c) */
static int read_map(const char *path, struct vmlinux_syms *vs, bool dump)
{
	struct ksym_reader r;
	struct ksym_line l;
	size_t size;
	int ret;

	memset(vs, 0, sizeof(*vs));
	vs->path = path;
	vs->text = read_whole_file(path, MAX_TEXT_FILE, &size);
	if (!vs->text)
		return -1;
	ksym_reader_init(&r, vs->text, size);
	while ((ret = ksym_read_line(&r, &l)) > 0) {
		char *name = (char *)l.name;

		/* a dump shows what kallsyms keeps; a map, all of nm */
		if (l.mod)
			continue;
		/* the reader is past the newline or tab that ends the name */
		name[l.name_len] = '\0';
		if (!dump && klp_kallsyms_ignores(name, l.type))
			continue;
		vs_add(vs, l.addr, l.type, name);
	}
	if (ret < 0)
		return map_error(path, &r, r.error);
	if (!vs->nr) {
		klp_error(path, "no vmlinux symbols");
		return -1;
	}
	return 0;
}

int vmlinux_from_system_map(const char *path, struct vmlinux_syms *vs)
{
	return read_map(path, vs, false);
}

int vmlinux_from_kallsyms(const char *path, struct vmlinux_syms *vs)
{
	return read_map(path, vs, true);
}

void vmlinux_syms_free(struct vmlinux_syms *vs)
{
	free(vs->recs);
	free(vs->text);
	memset(vs, 0, sizeof(*vs));
}

/* ------------------------------------------------------------------ */

/* A local of the linked vmlinux: its source file, by name and address */
struct vlocal {
	struct hlist_node node;
	uint32_t hash;
	unsigned long long addr;
	const char *name;
	const char *file;
	bool taken;
};

struct vlocals {
	Elf *elf;
	int fd;
	struct vlocal *v;
	size_t nr;
	struct htable hash;
};

static uint32_t vlocal_hash(const char *name, unsigned long long addr)
{
	return hash_cstr(name) ^ (uint32_t)(addr ^ addr >> 32);
}

static Elf_Scn *find_symtab(Elf *elf, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, sh) && sh->sh_type == SHT_SYMTAB)
			return scn;
	return NULL;
}

/* the NT_GNU_BUILD_ID of an ELF file's note sections, if any */
static bool elf_build_id(Elf *elf, const void **id, size_t *len)
{
	const char *ident = elf_getident(elf, NULL);
	bool msb = ident && ident[EI_DATA] == ELFDATA2MSB;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn))) {
		Elf_Data *data;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		data = elf_rawdata(scn, NULL);
		if (data && data->d_buf &&
		    notes_build_id(data->d_buf, data->d_size, msb,
				   sh.sh_addralign, id, len))
			return true;
	}
	return false;
}

/* the image and the linked vmlinux of the debug package: one build */
static int check_vmlinux_build_id(const struct vmlinux_syms *vs,
				  const char *path, Elf *elf)
{
	const void *id;
	size_t len;

	if (!vs->build_id_len || !elf_build_id(elf, &id, &len))
		return 0;
	if (len == vs->build_id_len && !memcmp(id, vs->build_id, len))
		return 0;
	klp_error(path, "Build ID differs from that of %s: the debug vmlinux is of another build",
		  vs->path);
	return -1;
}

static int vlocals_read(const char *path, struct vlocals *vl)
{
	const char *file = NULL;
	Elf_Data *data;
	GElf_Shdr sh;
	Elf_Scn *scn;
	size_t i, n;

	vl->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (vl->fd < 0) {
		klp_error(path, "cannot open: %s", strerror(errno));
		return -1;
	}
	vl->elf = elf_begin(vl->fd, ELF_C_READ_MMAP, NULL);
	scn = vl->elf ? find_symtab(vl->elf, &sh) : NULL;
	data = scn ? elf_getdata(scn, NULL) : NULL;
	if (!data || !sh.sh_entsize) {
		klp_error(path, "no symbol table: give the linked vmlinux (debug package)");
		return -1;
	}
	n = sh.sh_size / sh.sh_entsize;
	vl->v = xcalloc(n, sizeof(*vl->v));
	for (i = 1; i < n; i++) {
		const char *name;
		GElf_Sym s;

		if (!gelf_getsym(data, i, &s))
			break;
		name = elf_strptr(vl->elf, sh.sh_link, s.st_name);
		if (!name)
			continue;
		if (GELF_ST_TYPE(s.st_info) == STT_FILE) {
			/*
			 * The linker's own locals (_GLOBAL_OFFSET_TABLE_,
			 * powerpc's _savegpr0_*) follow an STT_FILE without a
			 * name: of no source file, as modpost has them.
			 */
			file = !*name ? NULL :
			       strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
			continue;
		}
		if (!*name)
			continue;
		if (GELF_ST_BIND(s.st_info) != STB_LOCAL || !file ||
		    GELF_ST_TYPE(s.st_info) == STT_SECTION)
			continue;
		vl->v[vl->nr++] = (struct vlocal){ .addr = s.st_value,
			.name = name, .file = file,
			.hash = vlocal_hash(name, s.st_value) };
	}
	htable_init(&vl->hash, vl->nr);
	/* added last to first: a bucket lists them in symbol table order */
	for (i = vl->nr; i-- > 0;)
		hlist_add_head(&vl->v[i].node,
			       htable_bucket(&vl->hash, vl->v[i].hash));
	return 0;
}

/* as modpost's klp_local_file(): same-address twins in table order */
static const char *vlocal_file(struct vlocals *vl, const char *name,
			       unsigned long long addr)
{
	uint32_t h = vlocal_hash(name, addr);
	struct vlocal *l;

	hlist_for_each_entry(l, htable_bucket(&vl->hash, h), node)
		if (!l->taken && l->hash == h && l->addr == addr &&
		    !strcmp(l->name, name)) {
			l->taken = true;
			return l->file;
		}
	return NULL;
}

static void vlocals_free(struct vlocals *vl)
{
	if (vl->nr || vl->hash.buckets)
		htable_free(&vl->hash);
	free(vl->v);
	if (vl->elf)
		elf_end(vl->elf);
	if (vl->fd > 0)
		close(vl->fd);
}

int vmlinux_block(const struct vmlinux_syms *vs, struct symvers *sv,
		  const char *debug_vmlinux, struct strbuf *out)
{
	struct vlocals vl = { .fd = -1 };
	size_t i;

	if (debug_vmlinux && (vlocals_read(debug_vmlinux, &vl) ||
			      check_vmlinux_build_id(vs, debug_vmlinux, vl.elf))) {
		vlocals_free(&vl);
		return -1;
	}
	sb_adds(out, "*vmlinux\n");
	for (i = 0; i < vs->nr; i++) {
		const struct vrec *r = &vs->recs[i];
		const char *file = NULL;
		struct export *e = NULL;

		if (!islower((unsigned char)r->type))
			e = symvers_find(sv, r->name, "vmlinux");
		if (e)
			e->seen = true;
		/* decoded percpu symbols read 'A', local or not */
		if (debug_vmlinux &&
		    (islower((unsigned char)r->type) || r->type == 'A'))
			file = vlocal_file(&vl, r->name, r->addr);
		sb_record(out, r->type, e, false, r->name, file);
	}
	vlocals_free(&vl);
	return 0;
}
