/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test_klp_verify_target: the target module of test-klp-verify.sh, built
 * twice under the same name from verify_a.c and verify_b.c:
 *
 *   variant A (tests/guest/modules): verify_a.o, verify_b.o; the build
 *     the livepatches test_klp_verify_{shift,gone,late} are converted for;
 *   variant B (tests/guest/modules-b, TEST_KLP_VERIFY_B): verify_b.o,
 *     verify_a.o, so that the two static verify_dup swap positions; no
 *     verify_gone; verify_late_fn in .init.text.
 */
#ifndef _TEST_KLP_VERIFY_H
#define _TEST_KLP_VERIFY_H

/* verify_a.c */
int verify_a_dup(void);
int test_klp_verify_target_value(void);
#ifndef TEST_KLP_VERIFY_B
extern int verify_gone;
#endif

/* verify_b.c */
int verify_b_dup(void);
int verify_late_fn(void);

#endif /* _TEST_KLP_VERIFY_H */
