# klp-convert: kernel patch series, host tool and tests.
# See README.md. The kernel source, its build and every test output live in
# build/ (ignored).

.PHONY: check bare-check demo tool install host-check bench fuzz prepare kernel guest apply series clean
FUZZ_SECONDS ?= 60

# Each entry point first installs the Debian packages it needs
# (scripts/deps.sh; as root, else it prints the apt-get line and stops;
# make check does so in its first phase, which the phase table times).
# make check [ARCHES="x86_64 ppc64le s390x"]: the test kernels of those
# architectures (default all three), or [KCONFIGS="livepatch ..."]
check:
	@scripts/check.sh

# a fresh debootstrap'ed bookworm: make tool, bench, host-check install
# what they need (tests/deps/bare-chroot.sh; slow, not part of check);
# BARE_FULL=1 runs the whole make check in it too
bare-check:
	@scripts/deps.sh bare-check
	@tests/deps/bare-chroot.sh $(if $(BARE_FULL),--full)

demo:
	@scripts/deps.sh kernel
	@scripts/demo.sh

tool:
	@scripts/deps.sh tool
	@$(MAKE) -s -f mk/tool.mk tool

# make install [PREFIX=/usr/local] [DESTDIR=]: klp-convert, klp-symlist,
# klp-convert-build and klp-convert-annotations.h, for livepatches of an installed kernel
# (a distribution's, built against its headers package)
install:
	@scripts/deps.sh tool
	@$(MAKE) -s -f mk/tool.mk install $(if $(PREFIX),PREFIX=$(PREFIX)) $(if $(DESTDIR),DESTDIR=$(DESTDIR))

host-check:
	@scripts/deps.sh host-check
	@$(MAKE) -s -f mk/tool.mk check

bench:
	@scripts/deps.sh bench
	@$(MAKE) -s -f mk/tool.mk bench

# make fuzz [FUZZ_SECONDS=N]: every libFuzzer harness for N seconds each
fuzz:
	@scripts/deps.sh fuzz
	@$(MAKE) -s -f mk/tool.mk fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)
	@if [ -f build/obj-livepatch/scripts/mod/elfconfig.h ]; then \
		tests/fuzz/modpost/run.sh fuzz $(FUZZ_SECONDS); \
	else \
		echo "fuzz-modpost: skipped, it builds against the test kernel (make kernel)"; \
	fi

prepare:
	@scripts/prepare-kernel.sh

kernel:
	@scripts/deps.sh kernel
	@scripts/build-kernel.sh

# make guest [TESTS="test-sample.sh ..."]
guest: kernel
	@scripts/run-guest.sh $(TESTS)

# make apply KSRC=/path/to/linux-6.12: the series of make series, with git am
# in a git work tree, else with patch(1)
apply:
	@scripts/deps.sh apply
	@scripts/apply.sh $(KSRC)

# make series [SERIES_DIR=dir]: the git format-patch series with a cover
# letter (default build/series), author and Signed-off-by from git config
series:
	@scripts/deps.sh series
	@scripts/make-series.sh $(SERIES_DIR)

clean:
	rm -rf build
