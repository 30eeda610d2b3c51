/* SPDX-License-Identifier: GPL-2.0 */
/*
 * klp-convert verify and audit (verify.c).
 */
#ifndef _KLP_VERIFY_H
#define _KLP_VERIFY_H

#include <stdbool.h>

/* 0 if every entry resolves exactly as written, 1 otherwise */
int klp_verify(const char *target, const char *ko, bool json);
/* 0 if nothing changes between the targets; ko may be NULL */
int klp_audit(const char *old_target, const char *new_target, const char *ko,
	      bool json);

#endif /* _KLP_VERIFY_H */
