/* SPDX-License-Identifier: GPL-2.0 */
/*
 * klp-fixdiff's two comparisons (fixdiff.c), for its main() and the fuzz
 * harness: 0 when they succeed, 1 after an error or a refusal reported
 * with klp_error().
 */
#ifndef _KLP_FIXDIFF_H
#define _KLP_FIXDIFF_H

/* every function of rebuilt the same as in shipped */
int fixdiff_match(const char *rebuilt_path, const char *shipped_path);
/* what a fix changes between two compilations of one translation unit */
int fixdiff_diff(const char *orig_path, const char *patched_path);
/*
 * the hunks of one file the fix changes ("a,b,c,d ..." of its @@ lines),
 * for fixdiff_diff() to tell moved __LINE__ values; -1 for a bad list
 */
int fixdiff_add_hunks(const char *spec);
void fixdiff_clear_hunks(void);

#endif /* _KLP_FIXDIFF_H */
