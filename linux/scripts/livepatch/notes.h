/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ELF notes: the one reader of klp-symlist's modules, vmlinux and kernel
 * images, in the byte order of the file the notes come from.
 */
#ifndef _KLP_NOTES_H
#define _KLP_NOTES_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The descriptor of the GNU Build ID note (NT_GNU_BUILD_ID, name "GNU")
 * among the notes in buf (size bytes of a SHT_NOTE section or a PT_NOTE
 * segment), each header word in the given byte order, names and
 * descriptors padded to align (4, or 8 where the section says so).  False
 * if there is none; notes that do not fit in buf end the search.
 */
bool notes_build_id(const void *buf, size_t size, bool big_endian,
		    size_t align, const void **id, size_t *len);

#endif /* _KLP_NOTES_H */
