/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-memory decompression of the formats the kernel compresses modules
 * and bzImage payloads with: gzip, xz, zstd, lz4 (legacy "lz4 -l" frames
 * and the lz4 frame format).  Every input is taken to be hostile.
 */
#ifndef _KLP_DECOMPRESS_H
#define _KLP_DECOMPRESS_H

#include <stddef.h>

/*
 * The bzImage payload is the compressed stream followed by the 4-byte
 * size the kernel's build appends (size_append): accept, and ignore,
 * bytes after the first complete stream.
 */
#define DECOMPRESS_TRAILING_OK	0x1
/*
 * A stream looked for inside an image (s390): a failure is an answer,
 * not an error; nothing is printed.
 */
#define DECOMPRESS_QUIET	0x2

/*
 * "gzip", "xz", "zstd", "lz4" (legacy 'lz4 -l' frames as the kernel uses,
 * and the lz4 frame format), or NULL if buf does not start with one of
 * their magics.
 */
const char *compression_of(const void *buf, size_t size);

/*
 * Decompress in (format by magic) into a malloc'ed *out of *out_size
 * bytes.  Refuses (klp_error(path, ...) and returns -1) truncated or
 * corrupt input, data after the compressed stream(s), and output larger
 * than max_out.  Concatenated streams of one format are one input, as
 * for the command line tools.  Reentrant: no state outside the call.
 */
int decompress(const char *path, const void *in, size_t in_size,
	       size_t max_out, void **out, size_t *out_size);

/* decompress() with DECOMPRESS_* flags */
int decompress_flags(const char *path, const void *in, size_t in_size,
		     size_t max_out, unsigned int flags,
		     void **out, size_t *out_size);

#endif /* _KLP_DECOMPRESS_H */
