// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's configuration, for klp-symlist: a kernel built without
 * CONFIG_LIVEPATCH cannot load a livepatch, and one without
 * CONFIG_KALLSYMS_ALL has only its functions in kallsyms, where the
 * livepatch core looks up every symbol of a .klp.sym name: a list written
 * for either would promise what the kernel cannot do.
 */
#include <stdlib.h>
#include <string.h>
#include "symlist.h"
#include "util.h"

/* larger than any .config (a distribution's is about 300 KB) */
#define MAX_CONFIG_SIZE	(16U << 20)

static bool is_line(const char *p, size_t len, const char *want)
{
	return len == strlen(want) && !memcmp(p, want, len);
}

void kconfig_parse(const char *text, size_t size, struct kconfig_facts *k)
{
	const char *p = text, *end = text + size, *nl;

	memset(k, 0, sizeof(*k));
	while (p < end) {
		nl = memchr(p, '\n', end - p);
		if (!nl)
			nl = end;
		if (is_line(p, nl - p, "CONFIG_LIVEPATCH=y"))
			k->livepatch = true;
		else if (is_line(p, nl - p, "CONFIG_KALLSYMS_ALL=y"))
			k->kallsyms_all = true;
		p = nl + 1;
	}
}

int kernel_config_check(const char *path, bool force, struct kconfig_facts *facts)
{
	struct kconfig_facts k;
	size_t size;
	char *text = read_whole_file(path, MAX_CONFIG_SIZE, &size);
	int ret = 0;

	if (!text)
		return -1;
	kconfig_parse(text, size, &k);
	free(text);
	*facts = k;
	if (force)
		return 0;
	if (!k.livepatch) {
		klp_error(path, "CONFIG_LIVEPATCH is not set: this kernel cannot load a livepatch (--force writes the list anyway)");
		ret = -1;
	}
	if (!k.kallsyms_all) {
		klp_error(path, "CONFIG_KALLSYMS_ALL is not set: the kernel cannot resolve a livepatch's references to data (--force writes the list anyway)");
		ret = -1;
	}
	return ret;
}
