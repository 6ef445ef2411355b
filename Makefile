# SPDX-License-Identifier: GPL-2.0
#
# vfio-pci DMABUF mmap: the patch series and the harness that proves it.
#
#   make          fetch the base, apply the series, build, and show the
#                 feature working in QEMU
#   make check    every check and test; last line "N passed, N failed, ..."
#   make help     every target, one line each: the "## " line next to it
#
# See README.md for the rest.

S := scripts

.PHONY: all help demo deps base tree export status resign check check-debug \
	check-quilt check-matrix check-b4 check-builds builds-deps build-qemu build-nop2p build-i386 build-debug \
	build-arm64 check-arm64 \
	run-check run-debug stress bench kunit htmldocs mutants vmm clean distclean

## all          the same as demo
all: demo

## help         this list
help:
	@sed -n 's/^## /make /p' $(firstword $(MAKEFILE_LIST))

## deps         install the Debian packages the harness needs
deps:
	@$(S)/deps.sh

## base         fetch the pinned base and import it into git (cached)
base: deps
	@$(S)/fetch-base.sh

## tree         build/linux: the base plus one commit per patch
tree: deps
	@$(S)/tree.sh

## export       regenerate patches/ from build/linux (commit changes first)
export:
	@$(S)/export.sh

## status       does build/linux hold anything patches/ does not?
status:
	@$(S)/status.sh

## resign       re-sign every patch: make resign IDENTITY="Name <mail>"
resign:
	@$(S)/resign.sh

# Kernels, built into build/out/VARIANT:
## build-qemu   the x86_64 kernel of make, run-check and bench
## build-nop2p  x86_64 with PCI_P2PDMA=n and vfio as modules
## build-i386   i386 (no ZONE_DEVICE: PCI_P2PDMA=n), vfio as modules
## build-debug  x86_64 with lockdep, KASAN, kmemleak: the one make check boots
## build-arm64  arm64 for QEMU's virt machine with an SMMUv3, cross-compiled
BUILDS := build-qemu build-nop2p build-i386 build-debug build-arm64

# A static pattern rule: make skips implicit rules for .PHONY targets.
$(BUILDS): build-%: deps
	@[ -d build/linux/.git ] || $(S)/tree.sh
	@$(S)/build.sh $*

## demo         build, boot in QEMU and show the feature, step by step
demo: build-qemu
	@SHOW=1 IOMMU=0 $(S)/qemu.sh qemu demo >/dev/null

## run-check    the guest test plan alone, on the built qemu kernel
run-check:
	@$(S)/qemu.sh qemu check
## run-debug    the guest test plan alone, on the built debug kernel
run-debug:
	@TIMEOUT=1800 $(S)/qemu.sh debug check

## check-arm64  the guest test plan and KUnit on arm64 (QEMU virt, TCG)
# Not in make check, see README.md, "arm64".
check-arm64: build-arm64
	@rc=0; TIMEOUT=2400 $(S)/qemu.sh arm64 check || rc=1; \
	v=build/logs/arm64-check.verdict; \
	$(S)/kunit-results.sh build/logs/arm64-check.console arm64: | tee -a $$v; \
	awk '/^PASS/ { p++ } /^FAIL/ { f++ } /^SKIP/ { s++ } END { \
		printf "%d passed, %d failed, %d skipped\n", p, f, s; exit f > 0 }' $$v && \
	exit $$rc

## vmm          QEMU in the guest passes a device through to a nested guest
# The built qemu kernel as L1 and L2 (KERNEL=, L2_KERNEL= for others); about
# 1.5 to 2.5 minutes. See README.md, "A real VMM as the client".
vmm: deps
	@$(S)/vmm.sh

## kunit        the series' KUnit suites with tools/testing/kunit/kunit.py
kunit: deps
	@[ -d build/linux/.git ] || $(S)/tree.sh
	@$(S)/kunit.sh

## htmldocs     the driver-api book with Sphinx; fails on the series' warnings
htmldocs: deps
	@$(S)/deps.sh python3-sphinx python3-yaml
	@[ -d build/linux/.git ] || $(S)/tree.sh
	@$(S)/htmldocs.sh

## bench        numbers against the unpatched base, measured in one run
bench: deps
	@[ -d build/linux/.git ] || $(S)/tree.sh
	@$(S)/bench.sh

## stress       the debug guest plan, races and fuzzer longer [FUZZ_SEED=n]
# make stress STRESS_SECONDS=120 FUZZ_ITERATIONS=50000 [FUZZ_SEED=n]
STRESS_SECONDS ?= 60
FUZZ_ITERATIONS ?= 20000
stress: build-debug
	@STRESS_SECONDS=$(STRESS_SECONDS) FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) \
		TIMEOUT=3600 $(S)/qemu.sh debug check

## check        every check and test; last line "N passed, N failed, ..."
check: deps
	@$(S)/check.sh

## check-quilt  the queue under quilt: push -a --fuzz=0, refresh keeps hunks
check-quilt: deps
	@$(S)/check-quilt.sh

## check-matrix the Kconfig matrix and randconfigs, then make check-builds
# MATRIX=full ROWS=regex SEEDS="..." (ROWS also picks check-builds rows)
check-matrix: deps builds-deps
	@[ -d build/linux/.git ] || $(S)/tree.sh
	@rc=0; $(S)/check-matrix.sh || rc=1; $(S)/check-builds.sh || rc=1; \
	cat build/logs/check-matrix.results build/logs/check-builds.results | \
	awk '/^PASS/ { p++ } /^FAIL/ { f++ } END { printf "%d passed, %d failed\n", p, f }'; \
	exit $$rc

## check-b4     b4 prep --check over the queue, as maintainers run it
check-b4: deps
	@[ -d build/linux/.git ] || $(S)/tree.sh
	@$(S)/check-b4.sh

## check-builds the series compiled as Debian, robots and clang build it
# W=1 builds of what it touches, base vs tip; ROWS=regex; minutes a row
check-builds: deps builds-deps
	@[ -d build/linux/.git ] || $(S)/tree.sh
	@$(S)/check-builds.sh

# The cross-compilers and clang of make check-builds.
builds-deps:
	@$(S)/deps.sh curl gcc-aarch64-linux-gnu gcc-powerpc64le-linux-gnu \
		gcc-s390x-linux-gnu gcc-riscv64-linux-gnu clang-19 lld-19 llvm-19

## mutants      does a test catch each bug in mutants/? [MUTANTS="01 07"]
# About 4-6 minutes per mutant, so not part of make check.
mutants: deps
	@[ -d build/linux/.git ] || $(S)/tree.sh
	@$(S)/mutants.sh $(MUTANTS)

## check-debug  the debug kernel stage of make check alone
check-debug: deps
	@CHECKS=debug $(S)/check.sh

## clean        remove build/out, build/logs, build/selftests, build/quilt
clean:
	rm -rf build/out build/logs build/selftests build/quilt

## distclean    remove build/
distclean:
	rm -rf build
