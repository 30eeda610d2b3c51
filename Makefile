# klp-convert: kernel patch series, host tool and tests.
# See README.md. The kernel source, its build and every test output live in
# build/ (ignored).

.PHONY: check demo tool host-check bench prepare kernel guest apply clean

check:
	@scripts/check.sh

demo:
	@scripts/demo.sh

tool:
	@$(MAKE) -s -f mk/tool.mk tool

host-check:
	@$(MAKE) -s -f mk/tool.mk check

bench:
	@$(MAKE) -s -f mk/tool.mk bench

prepare:
	@scripts/prepare-kernel.sh

kernel:
	@scripts/build-kernel.sh

# make guest [TESTS="test-sample.sh ..."]
guest: kernel
	@scripts/run-guest.sh $(TESTS)

apply:
	@scripts/apply.sh $(KSRC)

clean:
	rm -rf build
