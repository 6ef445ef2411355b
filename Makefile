# SPDX-License-Identifier: GPL-2.0
#
# vfio-pci DMABUF mmap: the patch series and the harness that proves it.
#
#   make          fetch the base, apply the series, build, and show the
#                 feature working in QEMU
#   make check    every check and test; last line "N passed, N failed, ..."
#
# See README.md for the rest.

S := scripts

.PHONY: all demo deps base tree export status resign check check-debug \
	build-qemu build-nop2p build-i386 build-debug \
	run-check run-debug stress bench kunit htmldocs mutants clean distclean

all: demo

deps:
	@$(S)/deps.sh

base: deps
	@$(S)/fetch-base.sh

# The kernel work tree, build/linux: base plus one commit per patch.
tree: deps
	@$(S)/tree.sh

# Regenerate patches/ from the work tree (after committing changes there).
export:
	@$(S)/export.sh

# Does the work tree hold anything patches/ does not?
status:
	@$(S)/status.sh

# Re-sign every patch with another identity: make resign IDENTITY="Name <mail>"
resign:
	@$(S)/resign.sh

BUILDS := build-qemu build-nop2p build-i386 build-debug

# A static pattern rule: make skips implicit rules for .PHONY targets.
$(BUILDS): build-%: deps
	@[ -d build/linux/.git ] || $(S)/tree.sh
	@$(S)/build.sh $*

demo: build-qemu
	@SHOW=1 IOMMU=0 $(S)/qemu.sh qemu demo >/dev/null

# The guest test plan alone, on an already built kernel.
run-check:
	@$(S)/qemu.sh qemu check
run-debug:
	@TIMEOUT=1800 $(S)/qemu.sh debug check

# The series' KUnit suites with tools/testing/kunit/kunit.py.
kunit: deps
	@[ -d build/linux/.git ] || $(S)/tree.sh
	@$(S)/kunit.sh

# The driver-api book with Sphinx; fails on warnings in the series' files.
htmldocs: deps
	@$(S)/deps.sh python3-sphinx python3-yaml
	@[ -d build/linux/.git ] || $(S)/tree.sh
	@$(S)/htmldocs.sh

# Numbers against the unpatched base, measured in one run: make bench.
bench: deps
	@[ -d build/linux/.git ] || $(S)/tree.sh
	@$(S)/bench.sh

# The guest test plan with the race stress and the fuzzer bounded longer:
# make stress STRESS_SECONDS=120 FUZZ_ITERATIONS=50000 [FUZZ_SEED=n]
STRESS_SECONDS ?= 60
FUZZ_ITERATIONS ?= 20000
stress: build-debug
	@STRESS_SECONDS=$(STRESS_SECONDS) FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) \
		TIMEOUT=3600 $(S)/qemu.sh debug check

check: deps
	@$(S)/check.sh

# Small bugs (mutants/) applied to the series one at a time: does a test
# catch each? About 4-6 minutes per mutant, so not part of make check.
# make mutants MUTANTS="01 07" runs only those.
mutants: deps
	@[ -d build/linux/.git ] || $(S)/tree.sh
	@$(S)/mutants.sh $(MUTANTS)

# The debug kernel stage of make check alone (lockdep, KASAN, kmemleak).
check-debug: deps
	@CHECKS=debug $(S)/check.sh

clean:
	rm -rf build/out build/logs build/selftests

distclean:
	rm -rf build
