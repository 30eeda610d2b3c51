// SPDX-License-Identifier: GPL-2.0
/*
 * klp-symlist - write the Symbols.list klp-convert reads from a kernel's
 * install products rather than its build: the kernel a distribution ships
 * (image, System.map or a /proc/kallsyms dump, Module.symvers, the module
 * tree) is livepatched without being rebuilt.  The records are those
 * modpost writes for the same kernel (scripts/mod/klp-symtype.h).
 *
 * Usage: klp-symlist [options] -o <Symbols.list>
 */
#include <gelf.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../mod/klp-symtype.h"
#include "symlist.h"
#include "util.h"

struct options {
	const char *out;
	const char *system_map;
	const char *vmlinuz;
	const char *kallsyms;
	const char *symvers;
	const char *modules;
	const char *release;
	const char *debug_vmlinux;
	const char *debug_modules;
	const char *debug_root;
	const char *config;
	bool force;
	unsigned int jobs;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: klp-symlist [options] -o <Symbols.list>\n"
		"Write the Symbols.list of an installed kernel for klp-convert.\n"
		"\n"
		"vmlinux, one of:\n"
		"      --vmlinuz FILE        the kallsyms tables of the image (vmlinuz, bzImage, vmlinux)\n"
		"      --system-map FILE     a System.map (the real one, not a placeholder)\n"
		"      --kallsyms FILE       a /proc/kallsyms dump of the target (its vmlinux lines)\n"
		"      --symvers FILE        Module.symvers: export flags; checks the modules against it\n"
		"      --modules DIR         the module tree (/lib/modules/<release>): .ko, .ko.xz, .ko.zst, .ko.gz\n"
		"      --release REL         every module's vermagic must be of this release\n"
		"      --debug-vmlinux FILE  the linked vmlinux (debug package): source files of vmlinux locals\n"
		"      --debug-modules DIR   the unstripped modules, laid out as --modules: source files\n"
		"      --debug-root DIR      both from a debug package (/usr/lib/debug): DIR/boot/vmlinux-REL,\n"
		"                            DIR/lib/modules/REL (needs --release)\n"
		"      --config FILE         the kernel's .config (default: beside --symvers, as in a\n"
		"                            headers package, else /boot/config-REL): a kernel without\n"
		"                            CONFIG_LIVEPATCH or CONFIG_KALLSYMS_ALL is refused\n"
		"      --force               write the list of such a kernel anyway, for inspection\n"
		"  -j, --jobs N              threads reading modules (default: every online CPU)\n"
		"  -o, --output FILE         the Symbols.list to write\n"
		"  -h, --help                show this help\n");
}

static int parse_jobs(const char *s, unsigned int *jobs)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*end || end == s || n < 1 || n > 1024) {
		fprintf(stderr, "klp-symlist: -j %s: give 1 to 1024 threads\n", s);
		return -1;
	}
	*jobs = n;
	return 0;
}

/*
 * A debug package's files, as Debian's linux-image-<release>-dbg lays
 * them out under /usr/lib/debug: boot/vmlinux-<release> and the unstripped
 * modules in lib/modules/<release>, where they are installed.
 */
static int set_debug_root(struct options *o)
{
	static char *vmlinux, *modules;

	if (!o->release) {
		fputs("klp-symlist: --debug-root needs --release\n", stderr);
		return -1;
	}
	free(vmlinux);
	free(modules);
	vmlinux = xasprintf("%s/boot/vmlinux-%s", o->debug_root, o->release);
	modules = xasprintf("%s/lib/modules/%s", o->debug_root, o->release);
	if (!o->debug_vmlinux)
		o->debug_vmlinux = vmlinux;
	if (!o->debug_modules && o->modules)
		o->debug_modules = modules;
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "system-map", required_argument, NULL, 'S' },
		{ "vmlinuz", required_argument, NULL, 'Z' },
		{ "kallsyms", required_argument, NULL, 'K' },
		{ "symvers", required_argument, NULL, 'y' },
		{ "modules", required_argument, NULL, 'm' },
		{ "release", required_argument, NULL, 'r' },
		{ "debug-vmlinux", required_argument, NULL, 'D' },
		{ "debug-modules", required_argument, NULL, 'M' },
		{ "debug-root", required_argument, NULL, 'R' },
		{ "config", required_argument, NULL, 'C' },
		{ "force", no_argument, NULL, 'F' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "o:j:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->out = optarg;
			break;
		case 'S':
			o->system_map = optarg;
			break;
		case 'Z':
			o->vmlinuz = optarg;
			break;
		case 'K':
			o->kallsyms = optarg;
			break;
		case 'y':
			o->symvers = optarg;
			break;
		case 'm':
			o->modules = optarg;
			break;
		case 'r':
			o->release = optarg;
			break;
		case 'D':
			o->debug_vmlinux = optarg;
			break;
		case 'M':
			o->debug_modules = optarg;
			break;
		case 'R':
			o->debug_root = optarg;
			break;
		case 'C':
			o->config = optarg;
			break;
		case 'F':
			o->force = true;
			break;
		case 'j':
			if (parse_jobs(optarg, &o->jobs))
				return 2;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || !o->out ||
	    !!o->system_map + !!o->vmlinuz + !!o->kallsyms != 1) {
		fputs("klp-symlist: give -o and exactly one of --vmlinuz, --system-map, --kallsyms\n",
		      stderr);
		usage(stderr);
		return 2;
	}
	if (o->debug_root && set_debug_root(o))
		return 2;
	if (o->debug_modules && !o->modules) {
		fputs("klp-symlist: --debug-modules without --modules\n", stderr);
		return 2;
	}
	if (!o->jobs) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		o->jobs = n > 0 ? (n > 64 ? 64 : n) : 1;
	}
	return 0;
}

/* whether file is the output, out (stat()ed), under any name */
static bool is_output(const char *file, const struct stat *out)
{
	struct stat in;

	return file && !stat(file, &in) && in.st_dev == out->st_dev &&
	       in.st_ino == out->st_ino;
}

/* -o naming one of the inputs would replace it */
static int check_output(const struct options *o)
{
	const char *input = NULL;
	struct stat out;

	if (stat(o->out, &out))
		return 0;
	if (is_output(o->system_map, &out))
		input = o->system_map;
	else if (is_output(o->vmlinuz, &out))
		input = o->vmlinuz;
	else if (is_output(o->kallsyms, &out))
		input = o->kallsyms;
	else if (is_output(o->symvers, &out))
		input = o->symvers;
	else if (is_output(o->debug_vmlinux, &out))
		input = o->debug_vmlinux;
	if (!input)
		return 0;
	klp_error(o->out, "is the input %s: not overwriting it", input);
	return -1;
}

static int read_vmlinux(const struct options *o, struct vmlinux_syms *vs)
{
	if (o->system_map)
		return vmlinux_from_system_map(o->system_map, vs);
	if (o->kallsyms)
		return vmlinux_from_kallsyms(o->kallsyms, vs);
	return vmlinux_from_image(o->vmlinuz, vs);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the object names of the blocks written, sorted: one pass over the list */
static char **written_objects(const struct strbuf *sb, size_t *nr)
{
	char **names = NULL, *nl;
	const char *p = sb->p;
	size_t alloc = 0;

	*nr = 0;
	while (p && (p = strstr(p, "\n*"))) {
		p += 2;
		nl = strchr(p, '\n');
		ARRAY_GROW(names, *nr, alloc, 256);
		names[(*nr)++] = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
	}
	if (*nr)
		qsort(names, *nr, sizeof(*names), cmp_str);
	return names;
}

/*
 * Every export of Module.symvers found in its object: those of vmlinux
 * always, those of a module when the tree has it.  Another build's
 * Module.symvers lists exports this kernel does not have.
 */
static int check_exports(const struct symvers *sv, const struct strbuf *sb,
			 bool have_modules)
{
	unsigned int missing = 0;
	const struct export *first = NULL;
	size_t i, nr_objs = 0;
	char **objs = have_modules ? written_objects(sb, &nr_objs) : NULL;

	for (i = 0; i < sv->nr; i++) {
		const struct export *e = &sv->exports[i];

		if (e->seen)
			continue;
		if (strcmp(e->module, "vmlinux") &&
		    (!nr_objs || !bsearch(&e->module, objs, nr_objs,
					  sizeof(*objs), cmp_str)))
			continue;
		if (!first)
			first = e;
		missing++;
	}
	for (i = 0; i < nr_objs; i++)
		free(objs[i]);
	free(objs);
	if (!missing)
		return 0;
	klp_error(sv->path, "%u exports are not symbols of their object (first: %s of %s): Module.symvers is of another build",
		  missing, first->name, first->module);
	return -1;
}

static int write_output(const char *path, const struct strbuf *sb)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	FILE *f;

	if (fd < 0) {
		klp_error(path, "cannot create a file beside it: %s", strerror(errno));
		free(tmp);
		return -1;
	}
	f = fdopen(fd, "w");
	if (!f || fchmod(fd, 0644) || fwrite(sb->p, 1, sb->len, f) != sb->len ||
	    fclose(f) || rename(tmp, path)) {
		klp_error(path, "cannot write: %s", strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

struct vmlinux_job {
	const struct options *o;
	struct vmlinux_syms vs;
	char *errors;			/* its error lines */
	size_t errors_len;
	int ret;
};

/*
 * In a thread of its own: reading vmlinux's symbols (decoding an image)
 * overlaps reading the module tree.
 */
static void *vmlinux_thread(void *arg)
{
	struct vmlinux_job *v = arg;
	FILE *f = open_memstream(&v->errors, &v->errors_len);

	if (!f) {
		perror("open_memstream");
		exit(1);
	}
	klp_error_set_stream(f);
	v->ret = read_vmlinux(v->o, &v->vs);
	if (v->ret && !klp_error_count())
		klp_error(v->o->out, "cannot read the vmlinux symbols");
	klp_error_set_stream(NULL);
	fclose(f);
	return NULL;
}

/* the vmlinux records, read while the modules are */
static int read_inputs(const struct options *o, struct vmlinux_job *v,
		       struct modtree_opts *mo, struct strbuf *modules)
{
	size_t nr_modules = 0;
	pthread_t thread;
	bool threaded;
	int ret = 0;

	v->o = o;
	threaded = !pthread_create(&thread, NULL, vmlinux_thread, v);
	if (!threaded)
		vmlinux_thread(v);
	if (o->modules && modtree_blocks(mo, modules, &nr_modules))
		ret = -1;
	if (threaded)
		pthread_join(thread, NULL);
	/* after the modules' errors, whatever the timing */
	if (v->errors_len)
		fputs(v->errors, stderr);
	free(v->errors);
	if (v->ret) {
		klp_error_add(1);
		ret = -1;
	}
	return ret;
}

/*
 * The kernel's .config: --config, else the one beside Module.symvers (a
 * headers package has both), else /boot/config-<release>; NULL if none.
 */
static char *find_config(const struct options *o)
{
	char *path;

	if (o->config)
		return xstrdup(o->config);
	if (o->symvers) {
		const char *slash = strrchr(o->symvers, '/');

		path = slash ? xasprintf("%.*s/.config", (int)(slash - o->symvers),
					 o->symvers) : xstrdup(".config");
		if (!access(path, F_OK))
			return path;
		free(path);
	}
	if (o->release) {
		path = xasprintf("/boot/config-%s", o->release);
		if (!access(path, F_OK))
			return path;
		free(path);
	}
	return NULL;
}

/*
 * A kernel that cannot take a livepatch gets no list, unless forced.
 * Without a .config (forced), the facts are taken to be a livepatch
 * kernel's.
 */
static int check_config(const struct options *o, struct kconfig_facts *k)
{
	char *config = find_config(o);
	int ret;

	k->livepatch = k->kallsyms_all = true;
	if (!config) {
		if (o->force)
			return 0;
		klp_error(o->symvers ? o->symvers : o->out,
			  "no kernel configuration (.config beside Module.symvers, /boot/config-<release>): give --config, or --force");
		return -1;
	}
	ret = kernel_config_check(config, o->force, k);
	free(config);
	return ret;
}

static int run(const struct options *o)
{
	struct modtree_opts mo = { .dir = o->modules, .release = o->release,
				   .debug_dir = o->debug_modules,
				   .jobs = o->jobs };
	struct vmlinux_job v = { 0 };
	struct symvers sv = { 0 };
	struct strbuf sb = { 0 }, modules = { 0 };
	struct kconfig_facts kf;
	int ret = -1;

	if (check_output(o) || check_config(o, &kf))
		return -1;
	if (o->symvers && symvers_read(o->symvers, &sv))
		goto out;
	mo.sv = &sv;
	if (read_inputs(o, &v, &mo, &modules))
		goto out;
	sb_adds(&sb, KLP_SYMBOLS_VERSION "\n");
	if (vmlinux_block(&v.vs, &sv, o->debug_vmlinux, &sb))
		goto out;
	if (modules.len)
		sb_add(&sb, modules.p, modules.len);
	/*
	 * Without CONFIG_KALLSYMS_ALL (a forced list) kallsyms has no data:
	 * an exported variable is missing from every build, so missing
	 * exports say nothing of the build (vermagic still does).
	 */
	if (o->symvers && kf.kallsyms_all && check_exports(&sv, &sb, o->modules))
		goto out;
	ret = write_output(o->out, &sb);
out:
	free(sb.p);
	free(modules.p);
	symvers_free(&sv);
	vmlinux_syms_free(&v.vs);
	return ret;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	int ret;

	klp_error_set_progname("klp-symlist");
	elf_version(EV_CURRENT);
	ret = parse_options(argc, argv, &o);
	if (ret)
		return ret;
	return run(&o) ? 1 : 0;
}
