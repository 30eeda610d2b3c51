// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_reload_filler: test_klp_reload_mod under another name, loaded
 * between two loads of it so that the second one gets other addresses
 * (the same sizes fill the holes the first one left).
 */
#include "test_klp_reload_mod.c"
