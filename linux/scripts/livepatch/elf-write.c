// SPDX-License-Identifier: GPL-2.0
/*
 * Writing the ELF model back: renumber what is left, rebuild the string
 * tables, serialise symbols and relocations, lay the file out ourselves
 * (ELF_F_LAYOUT) so the result is deterministic, and publish it with
 * rename() so that no reader ever sees a partial output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "elf.h"

struct strtab_builder {
	char *buf;
	size_t len;
	size_t cap;
};

static size_t strtab_add(struct strtab_builder *b, const char *s)
{
	size_t len = strlen(s) + 1, off;

	if (!s[0])
		return 0;
	if (b->len + len > b->cap) {
		b->cap = (b->len + len) * 2;
		b->buf = xrealloc(b->buf, b->cap);
	}
	off = b->len;
	memcpy(b->buf + off, s, len);
	b->len += len;
	return off;
}

static void strtab_init(struct strtab_builder *b)
{
	b->cap = 4096;
	b->buf = xmalloc(b->cap);
	b->buf[0] = '\0';
	b->len = 1;
}

struct out_ctx {
	struct elf *elf;
	Elf *out;
	struct symbol **order;		/* symbols in output order */
	size_t nr_out_syms;
	size_t nr_locals;
	struct strtab_builder shstr;
	struct strtab_builder str;
	void **bufs;			/* serialised contents to free */
	size_t nr_bufs, alloc_bufs;
};

static void *ctx_buf(struct out_ctx *ctx, size_t size)
{
	void *p = xcalloc(1, size ? size : 1);

	ARRAY_GROW(ctx->bufs, ctx->nr_bufs, ctx->alloc_bufs, 64);
	ctx->bufs[ctx->nr_bufs++] = p;
	return p;
}

/* Locals must precede globals; sh_info of .symtab counts them. */
static void renumber(struct out_ctx *ctx)
{
	struct elf *elf = ctx->elf;
	size_t i, n = 0, pass;

	for (i = 0; i < elf->nr_secs; i++)
		if (!elf->secs[i]->removed)
			elf->secs[i]->idx = n++;

	/* symbol 0 is the null symbol (elf.c read_symbols()) */
	ctx->order = xcalloc(elf->nr_syms, sizeof(*ctx->order));
	ctx->order[0] = &elf->syms[0];
	n = 1;
	for (pass = 0; pass < 2; pass++) {
		for (i = 1; i < elf->nr_syms; i++) {
			struct symbol *sym = &elf->syms[i];
			bool local = GELF_ST_BIND(sym->sym.st_info) == STB_LOCAL;

			if (sym->removed || local != !pass)
				continue;
			sym->idx = n;
			ctx->order[n++] = sym;
		}
		if (!pass)
			ctx->nr_locals = n;
	}
	ctx->nr_out_syms = n;
}

static int fill_symtab(struct out_ctx *ctx, Elf_Data *data)
{
	size_t i;

	for (i = 0; i < ctx->nr_out_syms; i++) {
		struct symbol *sym = ctx->order[i];
		GElf_Sym s = sym->sym;

		s.st_name = i ? strtab_add(&ctx->str, sym->name) : 0;
		if (sym->sec)
			s.st_shndx = sym->sec->idx;
		if (!gelf_update_sym(data, i, &s))
			return -1;
	}
	return 0;
}

static int fill_relocs(struct out_ctx *ctx, struct section *sec, Elf_Data *data)
{
	bool is64 = ctx->elf->ehdr.e_ident[EI_CLASS] == ELFCLASS64;
	size_t i;

	for (i = 0; i < sec->nr_relas; i++) {
		const struct rela *r = &sec->relas[i];
		GElf_Rela out = { .r_offset = r->offset, .r_addend = r->addend };
		GElf_Rel rel;

		out.r_info = is64 ? GELF_R_INFO(r->sym->idx, r->type) :
				    ELF32_R_INFO(r->sym->idx, r->type);
		if (sec->sh.sh_type == SHT_RELA) {
			if (!gelf_update_rela(data, i, &out))
				return -1;
			continue;
		}
		rel.r_offset = out.r_offset;
		rel.r_info = out.r_info;
		if (!gelf_update_rel(data, i, &rel))
			return -1;
	}
	return 0;
}

/*
 * SHT_GROUP: a flag word followed by member section indexes, valid ones
 * (elf.c check_group()) of sections that stay (group_removed_member()).
 */
static void fill_group(struct out_ctx *ctx, struct section *sec, Elf_Data *data)
{
	const Elf32_Word *in = sec->buf;
	Elf32_Word *out = data->d_buf;
	size_t i, n = sec->size / sizeof(*in);

	out[0] = in[0];
	for (i = 1; i < n; i++)
		out[i] = ctx->elf->secs[in[i]]->idx;
}

/* sh_info: the reader checked every index it renumbers (elf.c) */
static GElf_Word output_info(struct out_ctx *ctx, const struct section *sec)
{
	struct elf *elf = ctx->elf;

	if (is_rela_section(sec))
		return sec->base->idx;
	if (sec == elf->symtab)
		return ctx->nr_locals;
	if (sec->sh.sh_type == SHT_GROUP)
		return elf->syms[sec->sh.sh_info].idx;
	if (sec->sh.sh_flags & SHF_INFO_LINK)
		return elf->secs[sec->sh.sh_info]->idx;
	return sec->sh.sh_info;
}

static size_t data_size(struct out_ctx *ctx, const struct section *sec)
{
	Elf_Type t = sec->sh.sh_type == SHT_RELA ? ELF_T_RELA : ELF_T_REL;

	if (sec == ctx->elf->symtab)
		return gelf_fsize(ctx->out, ELF_T_SYM, ctx->nr_out_syms, EV_CURRENT);
	if (is_rela_section(sec))
		return gelf_fsize(ctx->out, t, sec->nr_relas, EV_CURRENT);
	return sec->size;
}

static int fill_data(struct out_ctx *ctx, struct section *sec, Elf_Data *data)
{
	struct elf *elf = ctx->elf;

	data->d_version = EV_CURRENT;
	data->d_type = sec->data_type;
	data->d_size = data_size(ctx, sec);
	data->d_align = 1;
	if (sec == elf->symtab) {
		data->d_buf = ctx_buf(ctx, data->d_size);
		return fill_symtab(ctx, data);
	}
	if (is_rela_section(sec)) {
		data->d_buf = ctx_buf(ctx, data->d_size);
		return fill_relocs(ctx, sec, data);
	}
	if (sec->sh.sh_type == SHT_GROUP) {
		data->d_buf = ctx_buf(ctx, data->d_size);
		fill_group(ctx, sec, data);
		return 0;
	}
	data->d_buf = sec->buf;
	return 0;
}

static GElf_Off align_up(GElf_Off off, GElf_Xword align)
{
	if (align <= 1)
		return off;
	return (off + align - 1) / align * align;
}

static GElf_Xword chdr_align(const struct out_ctx *ctx)
{
	return ctx->elf->ehdr.e_ident[EI_CLASS] == ELFCLASS64 ?
	       __alignof__(Elf64_Chdr) : __alignof__(Elf32_Chdr);
}

/* String tables last: their contents depend on every other section. */
static bool is_string_table(const struct out_ctx *ctx, const struct section *sec)
{
	return sec == ctx->elf->strtab || sec == ctx->elf->shstrtab;
}

static int build_sections(struct out_ctx *ctx)
{
	struct elf *elf = ctx->elf;
	Elf_Data **datas = xcalloc(elf->nr_secs, sizeof(*datas));
	GElf_Off off = gelf_fsize(ctx->out, ELF_T_EHDR, 1, EV_CURRENT);
	GElf_Ehdr ehdr;
	size_t i;
	int ret = -1;

	for (i = 1; i < elf->nr_secs; i++) {
		struct section *sec = elf->secs[i];
		Elf_Scn *scn;

		if (sec->removed)
			continue;
		sec->sh.sh_name = strtab_add(&ctx->shstr, sec->name);
		scn = elf_newscn(ctx->out);
		datas[i] = scn ? elf_newdata(scn) : NULL;
		if (!datas[i])
			goto out;
		if (!is_string_table(ctx, sec) && fill_data(ctx, sec, datas[i]))
			goto out;
	}
	for (i = 1; i < elf->nr_secs; i++) {
		struct section *sec = elf->secs[i];

		if (sec->removed || !is_string_table(ctx, sec))
			continue;
		datas[i]->d_version = EV_CURRENT;
		datas[i]->d_type = ELF_T_BYTE;
		datas[i]->d_align = 1;
		if (sec == elf->shstrtab) {
			datas[i]->d_buf = ctx->shstr.buf;
			datas[i]->d_size = ctx->shstr.len;
		} else {
			datas[i]->d_buf = ctx->str.buf;
			datas[i]->d_size = ctx->str.len;
		}
	}
	for (i = 1; i < elf->nr_secs; i++) {
		struct section *sec = elf->secs[i];
		GElf_Shdr sh;

		if (sec->removed)
			continue;
		sh = sec->sh;
		sh.sh_link = sec->link ? sec->link->idx : 0;
		sh.sh_info = output_info(ctx, sec);
		if (sh.sh_type != SHT_NOBITS) {
			sh.sh_size = datas[i]->d_size;
		} else {
			datas[i]->d_buf = NULL;
			datas[i]->d_size = sh.sh_size;
		}
		/*
		 * Only bytes in the file are aligned: the reader checked that
		 * their alignment is met in the input, which bounds the
		 * padding; no alignment of an empty section may grow it.
		 */
		/*
		 * libelf writes a compressed section with the alignment of
		 * its Elf_Chdr, whatever it said: say it ourselves, so the
		 * layout is ours and a second conversion reproduces it.
		 */
		if (sh.sh_flags & SHF_COMPRESSED)
			sh.sh_addralign = chdr_align(ctx);
		if (sh.sh_type != SHT_NOBITS && sh.sh_size)
			off = align_up(off, sh.sh_addralign);
		sh.sh_offset = off;
		if (sh.sh_type != SHT_NOBITS)
			off += sh.sh_size;
		if (!gelf_update_shdr(elf_getscn(ctx->out, sec->idx), &sh))
			goto out;
	}
	if (!gelf_getehdr(ctx->out, &ehdr))
		goto out;
	ehdr.e_shoff = align_up(off, 8);
	ehdr.e_shstrndx = elf->shstrtab->idx;
	ret = gelf_update_ehdr(ctx->out, &ehdr) ? 0 : -1;
out:
	free(datas);
	return ret;
}

/*
 * The model into fd with libelf.  Every failure is libelf's, reported
 * once with the output's name: errno says why when the file could not be
 * written (a full disk, the file size limit), elf_errmsg() would only say
 * that it could not.
 */
static int write_elf_to_fd(struct elf *elf, int fd, const char *out_path)
{
	struct out_ctx ctx = { .elf = elf };
	GElf_Ehdr ehdr;
	int ret = -1;
	size_t i;

	renumber(&ctx);
	strtab_init(&ctx.shstr);
	strtab_init(&ctx.str);
	errno = 0;
	ctx.out = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!ctx.out || !gelf_newehdr(ctx.out, elf->ehdr.e_ident[EI_CLASS]) ||
	    !gelf_getehdr(ctx.out, &ehdr))
		goto out;
	memcpy(ehdr.e_ident, elf->ehdr.e_ident, EI_NIDENT);
	ehdr.e_type = elf->ehdr.e_type;
	ehdr.e_machine = elf->ehdr.e_machine;
	ehdr.e_version = elf->ehdr.e_version;
	ehdr.e_flags = elf->ehdr.e_flags;
	if (!gelf_update_ehdr(ctx.out, &ehdr))
		goto out;
	if (!elf_flagelf(ctx.out, ELF_C_SET, ELF_F_LAYOUT) ||
	    build_sections(&ctx) || elf_update(ctx.out, ELF_C_WRITE) < 0)
		goto out;
	ret = 0;
out:
	if (ret)
		klp_error(out_path, "cannot write: %s",
			  errno ? strerror(errno) : elf_errmsg(-1));
	if (ctx.out)
		elf_end(ctx.out);
	for (i = 0; i < ctx.nr_bufs; i++)
		free(ctx.bufs[i]);
	free(ctx.bufs);
	free(ctx.order);
	free(ctx.shstr.buf);
	free(ctx.str.buf);
	return ret;
}

/* Write next to the output, then rename(): never a partial output file. */
int elf_write(struct elf *elf, const char *out_path)
{
	const char *slash = strrchr(out_path, '/');
	char *tmp;
	mode_t mask;
	int fd;

	if (slash)
		tmp = xasprintf("%.*s/.%s.XXXXXX", (int)(slash - out_path),
				out_path, slash + 1);
	else
		tmp = xasprintf(".%s.XXXXXX", out_path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		klp_error(out_path, "cannot create a temporary file in the output directory: %s",
			  strerror(errno));
		free(tmp);
		return -1;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask)) {
		klp_error(out_path, "cannot write: %s", strerror(errno));
		goto fail;
	}
	if (write_elf_to_fd(elf, fd, out_path))
		goto fail;
	if (close(fd)) {
		fd = -1;
		klp_error(out_path, "cannot write: %s", strerror(errno));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, out_path)) {
		klp_error(out_path, "cannot rename %s into place: %s", tmp,
			  strerror(errno));
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}
