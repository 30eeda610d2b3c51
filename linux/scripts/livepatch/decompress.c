// SPDX-License-Identifier: GPL-2.0
/*
 * In-memory decompression of gzip, xz, zstd and lz4 data: the compressed
 * modules (.ko.gz, .ko.xz, .ko.zst) and bzImage payloads of distribution
 * kernels.  Every input is hostile: the output buffer grows geometrically
 * but never beyond max_out (plus one guard byte, which tells "exactly
 * max_out" from "more"), decoder memory is bounded, and every loop either
 * consumes input, produces output or stops.  No global state: callers
 * decompress from several threads at once.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <lz4.h>
#include <lz4frame.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>
#include "decompress.h"
#include "util.h"

#define LZ4_LEGACY_MAGIC	0x184c2102u
/* "lz4 -l" cuts its input into blocks of this size (lz4io.c) */
#define LZ4_LEGACY_BLOCK	(8u << 20)
/* more than the 32 MiB dictionary of the kernel's xz_wrap.sh */
#define XZ_MEMLIMIT		(128u << 20)
/* first output allocation: small, so tiny hostile inputs cost little */
#define OUT_MIN			(64u << 10)
/* zlib counts in uInt: feed it at most this much at a time */
#define ZLIB_CHUNK		(1u << 30)

struct dstate {
	const char *path;
	const char *format;
	const unsigned char *in;
	size_t in_size;
	size_t in_pos;
	unsigned char *buf;
	size_t len;		/* bytes of output so far */
	size_t cap;		/* bytes allocated at buf */
	size_t max;		/* the caller's max_out */
	unsigned int flags;
};

static const struct {
	const char *name;
	unsigned char magic[6];
	size_t len;
} magics[] = {
	{ "gzip", { 0x1f, 0x8b, 0x08 }, 3 },
	{ "xz",   { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6 },
	{ "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4 },
	{ "lz4",  { 0x02, 0x21, 0x4c, 0x18 }, 4 },	/* legacy, lz4 -l */
	{ "lz4",  { 0x04, 0x22, 0x4d, 0x18 }, 4 },	/* frame format */
};

const char *compression_of(const void *buf, size_t size)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(magics); i++)
		if (size >= magics[i].len &&
		    !memcmp(buf, magics[i].magic, magics[i].len))
			return magics[i].name;
	return NULL;
}

static uint32_t get_le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static int fail(struct dstate *d, const char *what)
{
	if (!(d->flags & DECOMPRESS_QUIET))
		klp_error(d->path, "%s: %s", d->format, what);
	return -1;
}

static int too_large(struct dstate *d)
{
	if (!(d->flags & DECOMPRESS_QUIET))
		klp_error(d->path, "%s: decompressed size exceeds %zu bytes",
		  d->format, d->max);
	return -1;
}

/*
 * At least want bytes free at buf + len, doubling the allocation; it
 * stops at max + want, so an output that passes max is seen (len > max)
 * before the buffer grows again.
 */
static int reserve(struct dstate *d, size_t want)
{
	size_t need, limit, cap;
	unsigned char *p;

	if (d->len > d->max)
		return too_large(d);
	if (d->cap - d->len >= want)
		return 0;
	limit = d->max > SIZE_MAX - want ? SIZE_MAX : d->max + want;
	need = d->len + want;	/* len <= max: need <= limit */
	cap = d->cap ? d->cap : OUT_MIN;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
	if (cap > limit)
		cap = limit;
	p = realloc(d->buf, cap);
	if (!p)
		return fail(d, "out of memory for the decompressed data");
	d->buf = p;
	d->cap = cap;
	return 0;
}

/* room for one more step of a streaming decoder */
static int reserve_some(struct dstate *d)
{
	return reserve(d, 1);
}

static int after_stream(struct dstate *d, bool next_magic)
{
	if (d->in_pos == d->in_size || (d->flags & DECOMPRESS_TRAILING_OK))
		return 1;	/* done */
	if (!next_magic)
		return fail(d, "data after the compressed stream");
	return 0;		/* another stream follows */
}

static bool at_magic(struct dstate *d)
{
	const char *f = compression_of(d->in + d->in_pos,
				       d->in_size - d->in_pos);

	return f && !strcmp(f, d->format);
}

static int gunzip_step(struct dstate *d, z_stream *z)
{
	size_t in_avail = d->in_size - d->in_pos;
	size_t out_avail = d->cap - d->len;
	int ret;

	z->next_in = (unsigned char *)d->in + d->in_pos;
	z->avail_in = in_avail > ZLIB_CHUNK ? ZLIB_CHUNK : in_avail;
	z->next_out = d->buf + d->len;
	z->avail_out = out_avail > ZLIB_CHUNK ? ZLIB_CHUNK : out_avail;
	ret = inflate(z, Z_NO_FLUSH);
	d->in_pos = (const unsigned char *)z->next_in - d->in;
	d->len = z->next_out - d->buf;
	return ret;
}

static int gunzip(struct dstate *d)
{
	z_stream z;
	int ret, done = 0;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return fail(d, "cannot initialise zlib");
	while (!done) {
		if (reserve_some(d)) {
			done = -1;
			break;
		}
		ret = gunzip_step(d, &z);
		if (ret == Z_STREAM_END) {
			done = after_stream(d, at_magic(d));
			if (!done)
				inflateReset(&z);
		} else if (ret != Z_OK && ret != Z_BUF_ERROR) {
			done = fail(d, z.msg ? z.msg : "corrupt data");
		} else if (d->in_pos == d->in_size && d->len < d->cap) {
			/* all input given, room left, and no end yet */
			done = fail(d, "truncated data");
		}
	}
	if (done > 0 && d->len > d->max)
		done = too_large(d);
	inflateEnd(&z);
	return done < 0 ? -1 : 0;
}

static const char *xz_strerror(lzma_ret ret)
{
	switch (ret) {
	case LZMA_MEM_ERROR:		return "out of memory";
	case LZMA_MEMLIMIT_ERROR:	return "needs too much memory to decode";
	case LZMA_FORMAT_ERROR:		return "not xz data";
	case LZMA_OPTIONS_ERROR:	return "unsupported options";
	case LZMA_DATA_ERROR:		return "corrupt data";
	case LZMA_BUF_ERROR:		return "truncated data";
	default:			return "decoder error";
	}
}

static int unxz(struct dstate *d)
{
	lzma_stream s = LZMA_STREAM_INIT;
	uint32_t flags = d->flags & DECOMPRESS_TRAILING_OK ? 0 : LZMA_CONCATENATED;
	lzma_ret ret;
	int err = 0;

	if (lzma_stream_decoder(&s, XZ_MEMLIMIT, flags) != LZMA_OK)
		return fail(d, "cannot initialise liblzma");
	s.next_in = d->in;
	s.avail_in = d->in_size;
	for (;;) {
		if (reserve_some(d)) {
			err = -1;
			break;
		}
		s.next_out = d->buf + d->len;
		s.avail_out = d->cap - d->len;
		ret = lzma_code(&s, LZMA_FINISH);
		d->len = s.next_out - d->buf;
		if (ret == LZMA_STREAM_END)
			break;
		if (ret != LZMA_OK) {
			err = fail(d, xz_strerror(ret));
			break;
		}
	}
	d->in_pos = d->in_size - s.avail_in;
	lzma_end(&s);
	if (!err && d->len > d->max)
		err = too_large(d);
	return err;
}

/*
 * The kernel pipes its input to zstd, so no frame says its content
 * size, and "zstd -22 --ultra" asks for a 2^27 byte window even for a
 * small vmlinux: allow libzstd's default limit, whatever max_out is.
 */
#define ZSTD_WINDOW_LOG_MAX	27

static int unzstd(struct dstate *d)
{
	ZSTD_DStream *z = ZSTD_createDStream();
	ZSTD_inBuffer in = { d->in, d->in_size, 0 };
	ZSTD_outBuffer out;
	size_t ret;
	int done = 0;

	if (!z)
		return fail(d, "cannot initialise libzstd");
	ZSTD_DCtx_setParameter(z, ZSTD_d_windowLogMax, ZSTD_WINDOW_LOG_MAX);
	while (!done) {
		if (reserve_some(d)) {
			done = -1;
			break;
		}
		out = (ZSTD_outBuffer){ d->buf + d->len, d->cap - d->len, 0 };
		ret = ZSTD_decompressStream(z, &out, &in);
		d->len += out.pos;
		d->in_pos = in.pos;
		if (ZSTD_isError(ret))
			done = fail(d, ZSTD_getErrorName(ret));
		else if (ret == 0)
			done = after_stream(d, at_magic(d));
		else if (in.pos == in.size && out.pos < out.size)
			done = fail(d, "truncated data");
	}
	ZSTD_freeDStream(z);
	if (done > 0 && d->len > d->max)
		return too_large(d);
	return done < 0 ? -1 : 0;
}

static int unlz4_frame(struct dstate *d)
{
	LZ4F_dctx *ctx;
	size_t ret, src, dst;
	int done = 0;

	if (LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION)))
		return fail(d, "cannot initialise liblz4");
	while (!done) {
		if (reserve_some(d)) {
			done = -1;
			break;
		}
		src = d->in_size - d->in_pos;
		dst = d->cap - d->len;
		ret = LZ4F_decompress(ctx, d->buf + d->len, &dst,
				      d->in + d->in_pos, &src, NULL);
		d->in_pos += src;
		d->len += dst;
		if (LZ4F_isError(ret))
			done = fail(d, LZ4F_getErrorName(ret));
		else if (ret == 0)
			done = after_stream(d, at_magic(d));
		else if (d->in_pos == d->in_size && d->len < d->cap)
			done = fail(d, "truncated data");
	}
	LZ4F_freeDecompressionContext(ctx);
	if (done > 0 && d->len > d->max)
		return too_large(d);
	return done < 0 ? -1 : 0;
}

/*
 * The legacy format ("lz4 -l", the kernel's choice): the magic, then
 * blocks of a little-endian compressed size and at most 8 MiB of
 * output each; a magic may start a new stream.  There is no end mark:
 * with DECOMPRESS_TRAILING_OK, a block size beyond the input ends it
 * (the bzImage payload's appended size reads like one).
 */
static int unlz4_legacy(struct dstate *d)
{
	size_t left;
	uint32_t csize;
	int n;

	d->in_pos = 4;
	while (d->in_pos < d->in_size) {
		left = d->in_size - d->in_pos;
		csize = left >= 4 ? get_le32(d->in + d->in_pos) : 0;
		if (left >= 4 && csize == LZ4_LEGACY_MAGIC) {
			d->in_pos += 4;
			continue;
		}
		if (left < 4 || csize > left - 4 ||
		    csize > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK)) {
			if ((d->flags & DECOMPRESS_TRAILING_OK) && d->len)
				break;
			return fail(d, "truncated data");
		}
		if (reserve(d, LZ4_LEGACY_BLOCK))
			return -1;
		n = LZ4_decompress_safe((const char *)d->in + d->in_pos + 4,
					(char *)d->buf + d->len, (int)csize,
					LZ4_LEGACY_BLOCK);
		if (n < 0)
			return fail(d, "corrupt data");
		d->in_pos += 4 + csize;
		d->len += n;
	}
	return d->len > d->max ? too_large(d) : 0;
}

static int unlz4(struct dstate *d)
{
	if (get_le32(d->in) == LZ4_LEGACY_MAGIC)
		return unlz4_legacy(d);
	return unlz4_frame(d);
}

int decompress_flags(const char *path, const void *in, size_t in_size,
		     size_t max_out, unsigned int flags,
		     void **out, size_t *out_size)
{
	struct dstate d = {
		.path = path, .in = in, .in_size = in_size,
		.max = max_out, .flags = flags,
	};
	int ret;

	*out = NULL;
	*out_size = 0;
	d.format = compression_of(in, in_size);
	if (!d.format) {
		if (!(flags & DECOMPRESS_QUIET))
			klp_error(path, "not gzip, xz, zstd or lz4 data");
		return -1;
	}
	switch (d.format[0]) {
	case 'g':
		ret = gunzip(&d);
		break;
	case 'x':
		ret = unxz(&d);
		break;
	case 'z':
		ret = unzstd(&d);
		break;
	default:
		ret = unlz4(&d);
		break;
	}
	if (ret) {
		free(d.buf);
		return -1;
	}
	*out = d.buf ? d.buf : xmalloc(1);
	*out_size = d.len;
	return 0;
}

int decompress(const char *path, const void *in, size_t in_size,
	       size_t max_out, void **out, size_t *out_size)
{
	return decompress_flags(path, in, in_size, max_out, 0, out, out_size);
}
