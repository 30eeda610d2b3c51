# SPDX-License-Identifier: GPL-2.0
#
# Standalone build and test driver for klp-convert (no kernel tree needed).
# Run from the repository root:
#
#   make -f mk/tool.mk [tool]   build build/bin/klp-convert
#   make -f mk/tool.mk check    host test suite, three times:
#                                 1. the normal build,
#                                 2. an ASan+UBSan build (build/tool-asan/),
#                                 3. the normal build under valgrind.
#                               Every test of every run is counted separately
#                               ("PASS: asan/<name>", "PASS: valgrind/<name>");
#                               the last line is "N passed, N failed".
#   make -f mk/tool.mk bench    benchmark, results in build/bench/results.txt,
#                               after bench-diff
#   make -f mk/tool.mk bench-diff  the Symbols.list parser's fast path against
#                               its general parser (bench/diff-parse.c)
#   make -f mk/tool.mk print-objs [PROG=klp-symlist]  the objects of a program
#   make -f mk/tool.mk clean
#
# The objects are those of the kernel build: klp-convert-objs of
# linux/scripts/livepatch/Makefile.  As there, the kernel's scripts/include
# is on the include path: that of the pinned kernel source, copied into
# build/kernel-include once (scripts/kernel-include.sh).

BUILD		:= build
SRCDIR		:= linux/scripts/livepatch
# <prog>-objs := ... and += ..., continuation lines joined
objs_of		= $(shell sed -e ':a' -e '/\\$$/{N;s/\\\n//;ba' -e '}' \
			   $(SRCDIR)/Makefile | \
		     sed -n 's/^$(1)-objs[[:space:]]*[:+]=//p')
KLP_OBJS	:= $(call objs_of,klp-convert)
SYMLIST_OBJS	:= $(call objs_of,klp-symlist)
ifeq ($(strip $(KLP_OBJS)),)
$(error no klp-convert-objs in $(SRCDIR)/Makefile)
endif
ifeq ($(strip $(SYMLIST_OBJS)),)
$(error no klp-symlist-objs in $(SRCDIR)/Makefile)
endif
SRCS		:= $(addprefix $(SRCDIR)/,$(KLP_OBJS:.o=.c))
KINC		:= $(BUILD)/kernel-include
KINC_STAMP	:= $(KINC)/.stamp
SYMLIST_SRCS	:= $(addprefix $(SRCDIR)/,$(SYMLIST_OBJS:.o=.c))
HDRS		:= $(wildcard $(SRCDIR)/*.h) linux/include/uapi/linux/livepatch.h \
		   linux/scripts/mod/klp-symtype.h $(KINC_STAMP)
PKG_CONFIG	?= pkg-config
LIBELF_CFLAGS	:= $(shell $(PKG_CONFIG) --cflags libelf 2>/dev/null)
LIBELF_LIBS	:= $(shell $(PKG_CONFIG) --libs libelf 2>/dev/null || echo -lelf)
HOSTCC		?= gcc
# the kernel's host warnings (KBUILD_HOSTCFLAGS) and ours
TOOL_CFLAGS	:= -std=gnu11 -O2 -g -Wall -Wextra -Wmissing-prototypes \
		   -Wstrict-prototypes -Werror -I $(KINC) $(LIBELF_CFLAGS)
ASAN_FLAGS	:= -fsanitize=address,undefined -fno-omit-frame-pointer -DKLP_READ_INTO_HEAP

SYMLIST_LIBS	:= $(LIBELF_LIBS) -lpthread \
		   $(shell $(PKG_CONFIG) --libs libzstd liblzma zlib liblz4 2>/dev/null || \
			   echo -lzstd -llzma -lz -llz4)

TOOL		:= $(BUILD)/bin/klp-convert
TOOL_ASAN	:= $(BUILD)/bin/klp-convert-asan
SYMLIST		:= $(BUILD)/bin/klp-symlist
SYMLIST_ASAN	:= $(BUILD)/bin/klp-symlist-asan
VMLINUZ_DUMP	:= $(BUILD)/tests/vmlinuz-dump
VMLINUZ_DUMP_ASAN := $(BUILD)/tests/vmlinuz-dump-asan
INSPECT		:= $(BUILD)/tests/klp-inspect
FIXDIFF		:= $(BUILD)/bin/klp-fixdiff
FIXDIFF_O	:= $(addprefix $(BUILD)/tool/,util.o elf.o arch.o arch-x86_64.o \
			   arch-ppc64le.o arch-s390x.o)
ELF_EDIT	:= $(BUILD)/tests/elf-edit
OBJS		:= $(patsubst $(SRCDIR)/%.c,$(BUILD)/tool/%.o,$(SRCS))
ASAN_OBJS	:= $(patsubst $(SRCDIR)/%.c,$(BUILD)/tool-asan/%.o,$(SRCS))
SYMLIST_O	:= $(patsubst $(SRCDIR)/%.c,$(BUILD)/tool/%.o,$(SYMLIST_SRCS))
SYMLIST_ASAN_O	:= $(patsubst $(SRCDIR)/%.c,$(BUILD)/tool-asan/%.o,$(SYMLIST_SRCS))

.PHONY: tool check bench clean print-objs install
.DEFAULT_GOAL := tool

tool: $(TOOL) $(SYMLIST) $(FIXDIFF)

# make -f mk/tool.mk print-objs [PROG=klp-symlist]
PROG		?= klp-convert
print-objs:
	@echo $(if $(filter klp-symlist,$(PROG)),$(SYMLIST_OBJS),$(KLP_OBJS))

$(KINC_STAMP): config/kernel.env
	@scripts/kernel-include.sh $(KINC)

$(TOOL): $(OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOL_CFLAGS) -o $@ $^ $(LIBELF_LIBS)

# klp-fixdiff (fix/, from a fix to a livepatch): on klp-convert's ELF layer
$(FIXDIFF): fix/fixdiff.c fix/fixdiff.h $(FIXDIFF_O) $(HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOL_CFLAGS) -iquote $(SRCDIR) -o $@ $< $(FIXDIFF_O) $(LIBELF_LIBS)

$(SYMLIST): $(SYMLIST_O)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOL_CFLAGS) -o $@ $^ $(SYMLIST_LIBS)

$(SYMLIST_ASAN): $(SYMLIST_ASAN_O)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOL_CFLAGS) $(ASAN_FLAGS) -o $@ $^ $(SYMLIST_LIBS)

$(BUILD)/tool/%.o: $(SRCDIR)/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOL_CFLAGS) -c -o $@ $<

$(TOOL_ASAN): $(ASAN_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOL_CFLAGS) $(ASAN_FLAGS) -o $@ $^ $(LIBELF_LIBS)

$(BUILD)/tool-asan/%.o: $(SRCDIR)/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOL_CFLAGS) $(ASAN_FLAGS) -c -o $@ $<

$(INSPECT): tests/host/klp-inspect.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOL_CFLAGS) -o $@ $< $(LIBELF_LIBS)

# next to klp-inspect, where tests/host/hostile.sh looks for it
$(ELF_EDIT): tests/host/elf-edit.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOL_CFLAGS) -o $@ $<

# make install [PREFIX=/usr/local] [DESTDIR=]: the programs a livepatch
# author needs beside a distribution's kernel headers
PREFIX		?= /usr/local
install: $(TOOL) $(SYMLIST)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include
	install -m 755 $(TOOL) $(SYMLIST) $(SRCDIR)/klp-convert-build $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(SRCDIR)/klp-convert-annotations.h $(DESTDIR)$(PREFIX)/include/

# tests/host/vmlinuz.sh: the kallsyms decoder alone
$(VMLINUZ_DUMP): tests/host/vmlinuz-dump.c $(addprefix $(BUILD)/tool/,decompress.o vmlinuz.o notes.o util.o)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOL_CFLAGS) -o $@ $^ $(SYMLIST_LIBS)

$(VMLINUZ_DUMP_ASAN): tests/host/vmlinuz-dump.c $(addprefix $(BUILD)/tool-asan/,decompress.o vmlinuz.o notes.o util.o)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOL_CFLAGS) $(ASAN_FLAGS) -o $@ $^ $(SYMLIST_LIBS)

# the fast path check (tests/host/check.sh) and the benchmark (bench/)
BENCH		:= $(BUILD)/bench
TOOL_GENERAL	:= $(BENCH)/klp-convert-general-parser
DIFF_PARSE	:= $(BENCH)/diff-parse

# everything the host tests run (make check builds these first, once, so
# that its steps running side by side never build the same file)
CHECK_BINS	:= $(TOOL) $(TOOL_ASAN) $(SYMLIST) $(SYMLIST_ASAN) $(INSPECT) \
		   $(ELF_EDIT) $(VMLINUZ_DUMP) $(VMLINUZ_DUMP_ASAN) \
		   $(TOOL_GENERAL) $(DIFF_PARSE) $(FIXDIFF)
.PHONY: check-bins
check-bins: $(CHECK_BINS)

check: $(CHECK_BINS)
	@VMLINUZ_DUMP=$(abspath $(VMLINUZ_DUMP)) VMLINUZ_DUMP_ASAN=$(abspath $(VMLINUZ_DUMP_ASAN)) \
		FAST_PATH_GENERAL=$(abspath $(TOOL_GENERAL)) DIFF_PARSE=$(abspath $(DIFF_PARSE)) \
		tests/host/check.sh $(abspath $(TOOL)) $(abspath $(TOOL_ASAN)) \
		$(abspath $(INSPECT)) $(abspath $(BUILD)/tests/host)

# ---- benchmark (bench/) ----
# The reference of bench/diff-parse.c: klp-convert from the same objects,
# but symbols.c built with -DKLP_SYMBOLS_NO_FAST_PATH (every record goes
# through the general parser).

$(BENCH)/general/symbols.o: $(SRCDIR)/symbols.c $(HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOL_CFLAGS) -DKLP_SYMBOLS_NO_FAST_PATH -iquote $(SRCDIR) -c -o $@ $<

$(TOOL_GENERAL): $(filter-out %/symbols.o,$(OBJS)) $(BENCH)/general/symbols.o
	$(HOSTCC) $(TOOL_CFLAGS) -o $@ $^ $(LIBELF_LIBS)

$(DIFF_PARSE): bench/diff-parse.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -Wall -Wextra -Werror -o $@ $<

.PHONY: bench-diff
bench-diff: $(TOOL) $(TOOL_GENERAL) $(DIFF_PARSE)
	@bench/run.sh --diff-only $(abspath $(TOOL)) $(abspath $(BENCH)) \
		$(abspath $(TOOL_GENERAL)) $(abspath $(DIFF_PARSE))

bench: $(TOOL) $(SYMLIST) $(FIXDIFF) $(TOOL_GENERAL) $(DIFF_PARSE)
	@bench/run.sh $(abspath $(TOOL)) $(abspath $(BENCH)) \
		$(abspath $(TOOL_GENERAL)) $(abspath $(DIFF_PARSE))

clean:
	rm -rf $(BUILD)/bin/klp-convert $(BUILD)/bin/klp-convert-asan \
		$(VMLINUZ_DUMP) $(VMLINUZ_DUMP_ASAN) \
		$(BUILD)/bin/klp-symlist $(BUILD)/bin/klp-symlist-asan \
		$(BUILD)/tool $(BUILD)/tool-asan $(BUILD)/tests $(BUILD)/bench

# ---- fuzzing (tests/fuzz/README) ----
#   make -f mk/tool.mk fuzz FUZZ_SECONDS=N   every harness N seconds, corpus grows in build/fuzz/
#   make -f mk/tool.mk fuzz-replay           committed corpus + reproducers under ASan+UBSan, eu-elflint
#   make -f mk/tool.mk fuzz-cov              line/branch coverage of the replay (llvm-cov)
#   make -f mk/tool.mk fuzz-afl FUZZ_SECONDS=N   AFL++ on the unmodified program
FUZZ_CC		?= clang
FUZZ_DIR	:= tests/fuzz
FUZZ_BUILD	:= $(BUILD)/fuzz
FUZZERS		:= module symbols vmlinuz symlist kconfig fixdiff
FUZZ_SRCS	:= $(filter-out %/klp-convert.c,$(SRCS)) $(SRCDIR)/decompress.c \
		   $(SRCDIR)/vmlinuz.c $(SRCDIR)/notes.c $(SRCDIR)/symlist-vmlinux.c \
		   $(SRCDIR)/symlist-text.c $(SRCDIR)/symvers.c \
		   $(SRCDIR)/symlist-modules.c $(SRCDIR)/symlist-image.c \
		   $(SRCDIR)/symlist-config.c \
		   $(FUZZ_DIR)/fuzz-common.c \
		   $(FUZZ_DIR)/check-output.c
FUZZ_HDRS	:= $(HDRS) $(FUZZ_DIR)/fuzz-common.h fix/fixdiff.h
FUZZ_CFLAGS	:= -std=gnu11 -g -O1 -Wall -Wextra -Werror -DKLP_READ_INTO_HEAP \
		   -DVMLINUZ_MAX_IMAGE='(64ULL<<20)' -DMAX_MODULE_SIZE='(64ULL<<20)' \
		   -iquote $(SRCDIR) -iquote fix -I $(KINC) $(LIBELF_CFLAGS)
FUZZ_SAN	:= -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_COV	:= -fsanitize=fuzzer -fprofile-instr-generate -fcoverage-mapping
FUZZ_SECONDS	?= 60

# The sources every harness shares are compiled once (instrumented for
# coverage, -fsanitize=fuzzer-no-link), then linked into each harness.
FUZZ_SAN_OBJ	:= -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_OBJS	:= $(addprefix $(FUZZ_BUILD)/obj/,$(notdir $(FUZZ_SRCS:.c=.o)))
vpath %.c $(SRCDIR) $(FUZZ_DIR) fix

# fuzz-fixdiff: klp-fixdiff without its main()
$(FUZZ_BUILD)/obj/fixdiff.o: FUZZ_CFLAGS += -DKLP_FIXDIFF_NO_MAIN
$(FUZZ_BUILD)/fuzz-fixdiff: $(FUZZ_BUILD)/obj/fixdiff.o
$(FUZZ_BUILD)/cov-fixdiff: FUZZ_SRCS += fix/fixdiff.c
$(FUZZ_BUILD)/cov-fixdiff: FUZZ_CFLAGS += -DKLP_FIXDIFF_NO_MAIN

$(FUZZ_BUILD)/obj/%.o: %.c $(FUZZ_HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN_OBJ) -c -o $@ $<

$(FUZZ_BUILD)/fuzz-%: $(FUZZ_BUILD)/obj/fuzz-%.o $(FUZZ_OBJS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -o $@ $^ $(SYMLIST_LIBS)

$(FUZZ_BUILD)/cov-%: $(FUZZ_DIR)/fuzz-%.c $(FUZZ_SRCS) $(FUZZ_HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_COV) -o $@ $< $(FUZZ_SRCS) $(SYMLIST_LIBS)

.PHONY: fuzz fuzz-replay fuzz-cov fuzz-afl
fuzz: $(addprefix $(FUZZ_BUILD)/fuzz-,$(FUZZERS))
	@$(FUZZ_DIR)/run.sh fuzz $(abspath $(FUZZ_BUILD)) $(FUZZ_SECONDS) $(FUZZERS)

fuzz-replay: $(addprefix $(FUZZ_BUILD)/fuzz-,$(FUZZERS))
	@$(FUZZ_DIR)/run.sh replay $(abspath $(FUZZ_BUILD)) 0 $(FUZZERS)

fuzz-cov: $(addprefix $(FUZZ_BUILD)/cov-,$(FUZZERS))
	@$(FUZZ_DIR)/run.sh cov $(abspath $(FUZZ_BUILD)) 0 $(FUZZERS)

fuzz-afl: $(KINC_STAMP)
	@KLP_SRCS="$(abspath $(SRCS))" KLP_INCLUDE=$(abspath $(KINC)) \
		$(FUZZ_DIR)/afl.sh $(abspath $(FUZZ_BUILD)) $(FUZZ_SECONDS)
