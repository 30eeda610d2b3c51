// SPDX-License-Identifier: GPL-2.0
/*
 * ELF notes (see notes.h).  The sizes come from the file: every length is
 * checked against what is left of the buffer before it is used.
 */
#include <stdint.h>
#include <string.h>
#include <elf.h>

#include "notes.h"

static uint32_t word(const unsigned char *p, bool big_endian)
{
	if (big_endian)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

static uint64_t padded(uint64_t n, size_t align)
{
	return (n + align - 1) / align * align;
}

bool notes_build_id(const void *buf, size_t size, bool big_endian,
		    size_t align, const void **id, size_t *len)
{
	const unsigned char *p = buf;
	uint64_t off = 0, namesz, descsz, desc;

	if (align != 8)
		align = 4;
	while (size - off >= 12) {
		namesz = word(p + off, big_endian);
		descsz = word(p + off + 4, big_endian);
		desc = off + 12 + padded(namesz, align);
		if (desc > size || descsz > size - desc)
			return false;
		if (word(p + off + 8, big_endian) == NT_GNU_BUILD_ID &&
		    namesz == 4 && !memcmp(p + off + 12, "GNU", 4)) {
			*id = p + desc;
			*len = descsz;
			return true;
		}
		if (padded(descsz, align) > size - desc)
			return false;
		off = desc + padded(descsz, align);
	}
	return false;
}
