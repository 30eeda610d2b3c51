/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A target kernel for verify and audit: its Symbols.list, or a
 * /proc/kallsyms dump of it (kallsyms.c).
 */
#ifndef _KLP_KALLSYMS_H
#define _KLP_KALLSYMS_H

#include "symbols.h"

/* a Symbols.list or a /proc/kallsyms dump, by its first line */
int symdb_load_target(struct symdb *db);

#endif /* _KLP_KALLSYMS_H */
