# SPDX-License-Identifier: GPL-2.0
# The test plan of "make check": the vfio selftests of the tree against the
# emulated devices, and the demo. KUnit already ran at boot; the host parses
# the console for it.
#
# Every vfio selftest runs against edu and against ivshmem-plain, whose BAR2
# is host shared memory (the tests that write to a BAR need that). On the
# unpatched base the selftest library cannot map ivshmem-plain's 256-byte
# BAR0; the series fixes that.
bind_all
ivshmem=$(bdfs_of $ID_IVSHMEM | head -n 1)
edu=$(bdfs_of $ID_EDU | head -n 1)
virtio=$(bdfs_of $ID_VIRTIO_NET | head -n 1)

# Teach lockdep the perf and CPU hotplug half of the chain that orders the
# IOMMU group mutex before the mmap_lock, so that a reset of the ATS device
# below that closes a cycle with the fault path is reported.
run perf-fault perf-fault 1

for t in /tests/vfio/*_test; do
	[ -x "$t" ] || continue
	case $t in *_stress_test|*_p2p_test) continue ;; esac
	run "$(basename "$t")" "$t" "$edu"
	run "$(basename "$t")@ivshmem" "$t" "$ivshmem"
done

# virtio-net has ATS behind the emulated IOMMU (with IOMMU=1 only): its
# reset (FLR) goes through the IOMMU's reset preparation. The mapping tests
# reset it under BAR and DMABUF mappings.
if [ -n "$virtio" ]; then
	for t in vfio_pci_device_test vfio_pci_bar_mmap_test \
		 vfio_pci_dmabuf_mmap_test; do
		run "$t@virtio" "/tests/vfio/$t" "$virtio"
	done
fi

# igb: upstream's vfio_pci_driver_test (DMA by MAC loopback), SR-IOV on its
# VFs, reset (FLR) under BAR mappings, and peer-to-peer DMA from igb into a
# DMABUF of ivshmem-plain's BAR2 that iommufd imported.
#
# vfio_pci_driver_test maps 1 GiB of shared anonymous memory for DMA in each
# test: pinned in 4 KiB pages that takes longer than its 30 s test timeout
# under TCG and KASAN, so it gets shmem's transparent huge pages.
igb=$(bdfs_of $ID_IGB | head -n 1)
thp=/sys/kernel/mm/transparent_hugepage/shmem_enabled
if [ -n "$igb" ]; then
	echo always >$thp
	run vfio_pci_driver_test@igb /tests/vfio/vfio_pci_driver_test "$igb"
	echo never >$thp
	for t in vfio_pci_sriov_uapi_test vfio_pci_device_test \
		 vfio_pci_bar_mmap_test vfio_pci_dmabuf_mmap_test; do
		run "$t@igb" "/tests/vfio/$t" "$igb"
	done
	run vfio_pci_dmabuf_p2p_test /tests/vfio/vfio_pci_dmabuf_p2p_test \
		"$ivshmem" "$igb"
else
	result igb SKIP "no igb device: QEMU older than 8, or IOMMU=0"
fi

# Races and hostile input, short bounds: edu provides the DMABUF of another
# device. make stress runs the same for longer.
stress=/tests/vfio/vfio_pci_dmabuf_stress_test
[ -x $stress ] &&
	run vfio_pci_dmabuf_stress_test@ivshmem env \
		STRESS_SECONDS="${STRESS_SECONDS:-5}" \
		FUZZ_ITERATIONS="${FUZZ_ITERATIONS:-2000}" $stress "$ivshmem" "$edu"
run demo bar-demo "$ivshmem"

# On a kernel with kmemleak (the debug variant): scan once everything ran.
# Two scans, as kmemleak reports an object only when two scans agree.
leaks=/sys/kernel/debug/kmemleak
if [ -w "$leaks" ]; then
	echo scan >"$leaks"
	echo scan >"$leaks"
	n=$(grep -c '^unreferenced object' "$leaks")
	if [ "$n" = 0 ]; then
		result kmemleak PASS
	else
		cat "$leaks" >/dev/kmsg
		result kmemleak FAIL "$n unreferenced objects, see the console"
	fi
fi
