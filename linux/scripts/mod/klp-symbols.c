// SPDX-License-Identifier: GPL-2.0
/*
 * Symbols.list: what kallsyms will show for vmlinux and for every module,
 * written for klp-convert (scripts/livepatch/klp-convert), which resolves a
 * livepatch module's references to unexported symbols from it at build time.
 *
 * The format is described in Documentation/livepatch/klp-convert.rst:
 *
 *	klp-convert-symbol-data.1
 *	*<object>
 *	<type> <flags> <name> <file>
 *
 * Records of an object come in the order in which the kernel's livepatch
 * core iterates that object's symbols, so the position of a symbol among
 * the records of the same name is its sympos:
 *
 *  - modules: .ko symbol table order, which is the symbol table order of
 *    <module>.o (ld -r keeps it). Every defined symbol counts, including
 *    those only visible while the module is loading (flag 'i').
 *  - vmlinux: final link address order. modpost only sees vmlinux.o, whose
 *    order differs once the linker script places its sections, so the run
 *    before the link (-k) writes the module blocks only, and after vmlinux
 *    is linked, "modpost -K" adds the vmlinux block from System.map (exactly
 *    what kallsyms is built from), the linked vmlinux's symbol table (source
 *    files) and vmlinux's symvers (exports).
 *
 * An external module build (M=) writes its own Symbols.list: the kernel's,
 * plus the blocks of the modules it builds, so that a livepatch can use the
 * symbols of a module built along with it.
 */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <hash.h>
#include <hashtable.h>
#include <list.h>
#include <xalloc.h>

#include "modpost.h"
#include "klp-symtype.h"

struct klp_sym {
	char *name;
	const char *file;
	char type;
	bool init;	/* not in a live module's core kallsyms */
};

struct klp_object {
	struct list_head list;
	struct module *mod;
	struct klp_sym *syms;
	size_t nr;
	size_t alloc;
};

static LIST_HEAD(klp_objects);

static const char *klp_sec_name(const struct elf_info *info, unsigned int idx)
{
	const Elf_Shdr *strsec = &info->sechdrs[info->secindex_strings];

	return (const char *)info->hdr + strsec->sh_offset +
	       info->sechdrs[idx].sh_name;
}

/* The letter nm and kallsyms give a defined symbol (klp-symtype.h). */
static char klp_elf_sym_type(const Elf_Shdr *sec, const Elf_Sym *sym)
{
	return klp_sym_type(sec, sec ? sec->sh_flags : 0,
			    sec ? sec->sh_type : 0, ELF_ST_BIND(sym->st_info),
			    ELF_ST_TYPE(sym->st_info));
}

static void klp_add(struct klp_object *obj, const char *name,
		    const char *file, char type, bool init)
{
	struct klp_sym *ks;

	if (obj->nr == obj->alloc) {
		obj->alloc = obj->alloc ? obj->alloc * 2 : 256;
		obj->syms = xrealloc(obj->syms, obj->alloc * sizeof(*obj->syms));
	}
	ks = &obj->syms[obj->nr++];
	ks->name = xstrdup(name);
	ks->file = file;
	ks->type = type;
	ks->init = init;
}

/*
 * Record the defined symbols of @mod, in symbol table order. Must run before
 * modpost's remove_dot() truncates "name.N" in place: kallsyms keeps the
 * full names, and so must Symbols.list.
 */
void klp_record_symbols(struct module *mod, const struct elf_info *info)
{
	struct klp_object *obj;
	const char *file = NULL;
	const Elf_Sym *sym;

	/* vmlinux gets its block after the link, see above */
	if (mod->is_vmlinux)
		return;

	obj = xmalloc(sizeof(*obj));
	memset(obj, 0, sizeof(*obj));
	obj->mod = mod;
	list_add_tail(&obj->list, &klp_objects);

	for (sym = info->symtab_start; sym < info->symtab_stop; sym++) {
		const char *name = info->strtab + sym->st_name;
		unsigned int type = ELF_ST_TYPE(sym->st_info);
		unsigned int shndx = get_secindex(info, sym);
		const Elf_Shdr *sec = NULL;
		const char *sname = "";

		if (type == STT_FILE) {
			/* outlives the ELF mapping; shared by its symbols */
			file = xstrdup(strrchr(name, '/') ?
				       strrchr(name, '/') + 1 : name);
			continue;
		}
		/* get_secindex() moves SHN_COMMON: test the symbol's own */
		if (type == STT_SECTION || !*name || shndx == SHN_UNDEF ||
		    sym->st_shndx == SHN_COMMON)
			continue;
		if (shndx < info->num_sections && shndx != SHN_ABS) {
			sec = &info->sechdrs[shndx];
			sname = klp_sec_name(info, shndx);
			if (klp_sec_discarded(sname))
				continue;
		}

		klp_add(obj, name,
			ELF_ST_BIND(sym->st_info) == STB_LOCAL ? file : NULL,
			klp_elf_sym_type(sec, sym),
			!klp_sec_core(info->hdr->e_machine, sec,
				      sec ? sec->sh_flags : 0, sname));
	}
}

/* The kernel's name of a module: basename, '-' and ',' become '_'. */
static void klp_object_name(struct buffer *b, const struct module *mod)
{
	const char *p = mod->name;

	if (strrchr(p, '/'))
		p = strrchr(p, '/') + 1;
	buf_printf(b, "*");
	for (; *p; p++)
		buf_printf(b, "%c", klp_modname_char(*p));
	buf_printf(b, "\n");
}

static bool klp_exported(const char *name, struct module *mod)
{
	return sym_find_with_module(name, mod);
}

/*
 * Names and files that cannot be fields are left out (klp_name_ok(),
 * klp_file_ok()).
 * They go through buf_write(): buf_printf() fails beyond 500 bytes, and a
 * kallsyms name has up to 511.
 */
static void klp_print_sym(struct buffer *b, char type, bool exported,
			  bool init, bool sealed, const char *name,
			  const char *file)
{
	if (!klp_name_ok(name))
		return;
	if (!file || !klp_file_ok(file))
		file = "-";
	buf_printf(b, "%c %s ", type, klp_record_flags(exported, init, sealed));
	buf_write(b, name, strlen(name));
	buf_write(b, " ", 1);
	buf_write(b, file, strlen(file));
	buf_write(b, "\n", 1);
}

static void klp_write_object(struct buffer *b, const struct klp_object *obj)
{
	size_t i;

	klp_object_name(b, obj->mod);
	for (i = 0; i < obj->nr; i++) {
		const struct klp_sym *ks = &obj->syms[i];

		klp_print_sym(b, ks->type,
			      !islower(ks->type) &&
			      klp_exported(ks->name, obj->mod),
			      ks->init, false, ks->name, ks->file);
	}
}

/* Whether this run read the object of block header @header ("*name"). */
static bool klp_read_this_run(const char *header)
{
	size_t len = strlen(header);
	struct klp_object *obj;
	struct buffer b = { };
	bool found = false;

	list_for_each_entry(obj, &klp_objects, list) {
		b.pos = 0;
		klp_object_name(&b, obj->mod);	/* "*name\n" */
		if (b.pos == len + 1 && !strncmp(b.p, header, len)) {
			found = true;
			break;
		}
	}
	free(b.p);
	return found;
}

/*
 * The blocks of @base (the kernel's Symbols.list, for an external module
 * build) except those of objects this run read again.
 */
static void klp_copy_base(struct buffer *b, const char *base)
{
	char *buf = read_text_file(base), *pos = buf, *line;
	bool copy = false;

	line = get_line(&pos);
	if (!line || strcmp(line, KLP_SYMBOLS_VERSION))
		fatal("%s: not a %s file\n", base, KLP_SYMBOLS_VERSION);

	while ((line = get_line(&pos))) {
		if (line[0] == '*')
			copy = !klp_read_this_run(line);
		if (copy) {
			buf_write(b, line, strlen(line));
			buf_write(b, "\n", 1);
		}
	}
	free(buf);
}

/*
 * Write the blocks of the modules read by this run, in modules.order order.
 * In-tree, "modpost -K" adds vmlinux after the link; an external module
 * build starts from the kernel's complete list, @base.
 */
void klp_write_symbols_list(const char *fname, const char *base)
{
	struct buffer b = { };
	struct klp_object *obj;

	buf_printf(&b, "%s\n", KLP_SYMBOLS_VERSION);
	if (base)
		klp_copy_base(&b, base);
	list_for_each_entry(obj, &klp_objects, list)
		klp_write_object(&b, obj);
	write_if_changed(&b, fname);
	free(b.p);
}

/* ------------------------------------------------------------------------
 * After the final link: vmlinux block in kallsyms order.
 */

struct klp_local {
	struct hlist_node hnode;
	unsigned long long addr;
	const char *name;
	const char *file;
	bool taken;
};

static HASHTABLE_DEFINE(klp_locals, 1U << 14);

static unsigned int klp_local_hash(const char *name, unsigned long long addr)
{
	return hash_str(name) ^ hash_32(addr ^ (addr >> 32));
}

/*
 * With CONFIG_X86_KERNEL_IBT, objtool lists in .ibt_endbr_seal the vmlinux
 * functions whose address vmlinux never takes: one 32-bit offset from each
 * entry to the function's ENDBR, which apply_seal_endbr() turns into a NOP
 * at boot.  Such a function can only be called directly.
 */
struct klp_sealed {
	struct hlist_node hnode;
	unsigned long long addr;
};

static HASHTABLE_DEFINE(klp_sealed_addrs, 1U << 12);

static void klp_read_sealed(struct elf_info *info)
{
	const char *secstrings = (void *)info->hdr +
		info->sechdrs[info->secindex_strings].sh_offset;
	unsigned int i;
	size_t j;

	for (i = 1; i < info->num_sections; i++) {
		Elf_Shdr *sh = &info->sechdrs[i];
		const int32_t *entry;

		if (strcmp(secstrings + sh->sh_name, ".ibt_endbr_seal") ||
		    sh->sh_type == SHT_NOBITS)
			continue;
		if (sh->sh_offset > info->size ||
		    sh->sh_size > info->size - sh->sh_offset)
			fatal("vmlinux: .ibt_endbr_seal is outside the file\n");
		entry = (void *)info->hdr + sh->sh_offset;
		for (j = 0; j < sh->sh_size / sizeof(*entry); j++) {
			struct klp_sealed *sl = xmalloc(sizeof(*sl));

			sl->addr = sh->sh_addr + j * sizeof(*entry) +
				   (long long)(int32_t)TO_NATIVE(entry[j]);
			hash_add(klp_sealed_addrs, &sl->hnode, hash_32(sl->addr));
		}
	}
}

static bool klp_is_sealed(char type, unsigned long long addr)
{
	struct klp_sealed *sl;

	if (type != 't' && type != 'T')
		return false;
	hash_for_each_possible(klp_sealed_addrs, sl, hnode, hash_32(addr))
		if (sl->addr == addr)
			return true;
	return false;
}

/* Source file of every local symbol of the linked vmlinux, by name+address. */
static void klp_read_vmlinux_files(const char *vmlinux, struct elf_info *info)
{
	const char *file = NULL;
	const Elf_Sym *sym;

	info->linked = true;
	if (!parse_elf(info, vmlinux))
		fatal("%s: cannot read the linked vmlinux\n", vmlinux);
	klp_read_sealed(info);

	for (sym = info->symtab_start; sym < info->symtab_stop; sym++) {
		const char *name = info->strtab + sym->st_name;
		struct klp_local *l;

		if (ELF_ST_TYPE(sym->st_info) == STT_FILE) {
			file = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
			continue;
		}
		if (ELF_ST_BIND(sym->st_info) != STB_LOCAL || !*name || !file ||
		    ELF_ST_TYPE(sym->st_info) == STT_SECTION)
			continue;
		l = xmalloc(sizeof(*l));
		l->taken = false;
		l->addr = sym->st_value;
		l->name = name;
		l->file = file;
		hash_add(klp_locals, &l->hnode, klp_local_hash(name, l->addr));
	}
}

/*
 * Zero-sized locals of the same name can share an address (lock class keys
 * without lockdep, say): hand out their files in symbol table order. The
 * bucket lists the latest added first, so take the last match not taken.
 */
static const char *klp_local_file(const char *name, unsigned long long addr)
{
	struct klp_local *l, *found = NULL;

	hash_for_each_possible(klp_locals, l, hnode, klp_local_hash(name, addr))
		if (!l->taken && l->addr == addr && !strcmp(l->name, name))
			found = l;
	if (!found)
		return NULL;
	found->taken = true;
	return found->file;
}

/* The module blocks modpost -k wrote before the link: all after line 1. */
static char *klp_module_blocks(const char *fname, char *buf)
{
	char *pos = buf, *line;

	line = get_line(&pos);
	if (!line || strcmp(line, KLP_SYMBOLS_VERSION))
		fatal("%s: not a %s file\n", fname, KLP_SYMBOLS_VERSION);
	return pos;
}

/*
 * Symbols.list: a vmlinux block in final link order, then the module blocks
 * of @modules_list as they are. The vmlinux records are System.map's (the
 * input of kallsyms, in address order), the source files come from the
 * linked vmlinux, the export flags from vmlinux's exports as read from its
 * symvers file (-i; that includes symbols the linker script defines, like
 * jiffies).
 */
void klp_finalize_symbols_list(const char *modules_list, const char *vmlinux,
			       const char *system_map, const char *fname)
{
	struct module *mod_vmlinux = find_module("vmlinux");
	struct elf_info info = { };
	struct buffer b = { };
	char *buf, *modules, *pos, *line;

	if (!mod_vmlinux)
		fatal("modpost -K: no vmlinux exports: pass its symvers file with -i\n");
	buf = read_text_file(modules_list);
	modules = klp_module_blocks(modules_list, buf);
	klp_read_vmlinux_files(vmlinux, &info);

	buf_printf(&b, "%s\n*vmlinux\n", KLP_SYMBOLS_VERSION);
	pos = read_text_file(system_map);
	while ((line = get_line(&pos))) {
		unsigned long long addr;
		char type, name[KLP_KSYM_NAME_LEN + 1];
		const char *file = NULL;

		if (sscanf(line, "%llx %c %512s", &addr, &type, name) != 3)
			fatal("%s: malformed line: %s\n", system_map, line);
		if (klp_kallsyms_ignores(name, type))
			continue;
		if (islower(type))
			file = klp_local_file(name, addr);
		klp_print_sym(&b, type,
			      !islower(type) &&
			      sym_find_with_module(name, mod_vmlinux),
			      false, klp_is_sealed(type, addr), name, file);
	}
	if (modules)
		buf_write(&b, modules, strlen(modules));
	write_if_changed(&b, fname);
	parse_elf_finish(&info);
}
