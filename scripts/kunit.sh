#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make kunit: the series' KUnit suites with the kernel's own tool,
# tools/testing/kunit/kunit.py, in an x86_64 QEMU: the P2PDMA provider core
# (drivers/pci/.kunitconfig) and the vfio-pci DMABUF PFN lookup. Output in
# build/kunit.
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

need qemu-system-x86_64
cd "$TREE"
kunit() { PATH=/usr/bin:$PATH python3 tools/testing/kunit/kunit.py "$@"; }

# kunit.py run would start QEMU with "-accel kvm" first, and nested KVM hangs
# on the machines this was written on; build with kunit.py, boot under TCG as
# the rest of the harness does, and let kunit.py parse the result.
kunit build --arch=x86_64 --qemu_config="$TOP/configs/kunit-x86_64.py" \
	--build_dir="$BUILD/kunit" --jobs="$JOBS" --kunitconfig=drivers/pci \
	--kconfig_add CONFIG_VFIO=y --kconfig_add CONFIG_VFIO_PCI=y \
	--kconfig_add CONFIG_VFIO_PCI_DMABUF_KUNIT_TEST=y
timeout 600 qemu-system-x86_64 -nodefaults -m 1024 -accel tcg \
	-kernel "$BUILD/kunit/arch/x86/boot/bzImage" \
	-append 'kunit.enable=1 console=ttyS0 kunit_shutdown=poweroff' \
	-no-reboot -nographic -serial stdio >"$BUILD/kunit/test.log" 2>&1 ||
	die "the KUnit kernel did not run to completion: $BUILD/kunit/test.log"
kunit parse "$BUILD/kunit/test.log"
