// SPDX-License-Identifier: GPL-2.0
/*
 * test_klp_convert_lp: livepatch of test_klp_convert_mod whose new
 * test_klp_convert_mod_print() reads the target's statics by their C
 * names. klp-convert turns every such reference into a
 * .klp.rela.test_klp_convert_mod.<section> relocation; the livepatch
 * core writes them when the target is (or becomes) loaded. The values
 * printed show whether each one resolved to the right symbol.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/percpu.h>

/* unique in the module: no annotation */
extern int tkcm_static_func(int x);
extern int tkcm_static_data;
extern int tkcm_read_mostly;
extern int tkcm_global;
extern int tkcm_exported;
DECLARE_PER_CPU(int, tkcm_percpu);

/* duplicates, KLP_MODULE_RELOC()/KLP_SYMPOS() form */
extern int get_id(void);
extern const char *state;
extern int tkcm_setup(void);
/* compiler-renamed function-local statics: "counter.0" of files b and c */
extern int counter_b __asm__("counter.0");

KLP_MODULE_RELOC(test_klp_convert_mod) test_klp_convert_mod_relocs[] = {
	KLP_SYMPOS(get_id, 1),
	KLP_SYMPOS(state, 2),
	KLP_SYMPOS(tkcm_setup, 1),
	KLP_SYMPOS(counter_b, 1),
};

/* duplicates, KLP_RELOC_SYMBOL_POS() form */
extern int get_id_b(void)
	KLP_RELOC_SYMBOL_POS(test_klp_convert_mod, test_klp_convert_mod, get_id, 2);
extern const char *state_a
	KLP_RELOC_SYMBOL_POS(test_klp_convert_mod, test_klp_convert_mod, state, 1);
extern int counter_c
	KLP_RELOC_SYMBOL_POS(test_klp_convert_mod, test_klp_convert_mod, counter.0, 2);

/*
 * One symbol referenced from .text, .data and .rodata. LOAD() reads
 * through a pointer the compiler cannot follow, so the pointers are
 * loaded from memory where the relocations wrote them, and
 * static_data_ptr is not made read-only.
 */
#define LOAD(ptr) ({ typeof(ptr) __p = (ptr); OPTIMIZER_HIDE_VAR(__p); *__p; })

static int *static_data_ptr = &tkcm_static_data;
static int * const static_data_table[] = { &tkcm_static_data, &tkcm_global };

static void livepatch_print(void)
{
	pr_info("%s: ids %d %d, %s, %s, setup %d\n", __func__,
		get_id(), get_id_b(), state_a, state, tkcm_setup());
	pr_info("%s: static_func(5) %d, static_data %d %d %d, global %d %d\n",
		__func__, tkcm_static_func(5), tkcm_static_data,
		*LOAD(&static_data_ptr), *LOAD(&static_data_table[0]),
		tkcm_global, *LOAD(&static_data_table[1]));
	pr_info("%s: exported %d, read_mostly %d, percpu %d, counters %d %d\n",
		__func__, tkcm_exported, tkcm_read_mostly,
		this_cpu_read(tkcm_percpu), counter_b, counter_c);
}

static struct klp_func funcs[] = {
	{
		.old_name = "test_klp_convert_mod_print",
		.new_func = livepatch_print,
	}, { }
};

static struct klp_object objs[] = {
	{
		.name = "test_klp_convert_mod",
		.funcs = funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int test_klp_convert_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void test_klp_convert_lp_exit(void)
{
}

module_init(test_klp_convert_lp_init);
module_exit(test_klp_convert_lp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Livepatch test: klp-convert, statics of a module");
MODULE_INFO(livepatch, "Y");
