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
#   make -f mk/tool.mk bench    benchmark, results in build/bench/results.txt
#   make -f mk/tool.mk clean

BUILD		:= build
SRCDIR		:= linux/scripts/livepatch
SRCS		:= $(sort $(wildcard $(SRCDIR)/*.c))
HDRS		:= $(wildcard $(SRCDIR)/*.h) linux/include/uapi/linux/livepatch.h
PKG_CONFIG	?= pkg-config
LIBELF_CFLAGS	:= $(shell $(PKG_CONFIG) --cflags libelf 2>/dev/null)
LIBELF_LIBS	:= $(shell $(PKG_CONFIG) --libs libelf 2>/dev/null || echo -lelf)
HOSTCC		?= gcc
TOOL_CFLAGS	:= -std=gnu11 -O2 -g -Wall -Wextra -Werror $(LIBELF_CFLAGS)
ASAN_FLAGS	:= -fsanitize=address,undefined -fno-omit-frame-pointer

TOOL		:= $(BUILD)/bin/klp-convert
TOOL_ASAN	:= $(BUILD)/bin/klp-convert-asan
INSPECT		:= $(BUILD)/tests/klp-inspect
OBJS		:= $(patsubst $(SRCDIR)/%.c,$(BUILD)/tool/%.o,$(SRCS))
ASAN_OBJS	:= $(patsubst $(SRCDIR)/%.c,$(BUILD)/tool-asan/%.o,$(SRCS))

.PHONY: tool check bench clean
.DEFAULT_GOAL := tool

tool: $(TOOL)

$(TOOL): $(OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOL_CFLAGS) -o $@ $^ $(LIBELF_LIBS)

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

check: $(TOOL) $(TOOL_ASAN) $(INSPECT)
	@tests/host/check.sh $(abspath $(TOOL)) $(abspath $(TOOL_ASAN)) \
		$(abspath $(INSPECT)) $(abspath $(BUILD)/tests/host)

bench: $(TOOL)
	@bench/run.sh $(abspath $(TOOL)) $(abspath $(BUILD)/bench)

clean:
	rm -rf $(BUILD)/bin/klp-convert $(BUILD)/bin/klp-convert-asan \
		$(BUILD)/tool $(BUILD)/tool-asan $(BUILD)/tests $(BUILD)/bench
