# SPDX-License-Identifier: GPL-2.0
# The test plan of "make mutants" (scripts/mutants.sh): only what can catch
# a mutant of the series, with short bounds, in the order of check.sh.
# KUnit already ran at boot; the host parses the console for it, and for
# KASAN and lockdep reports.
bind_all
ivshmem=$(bdfs_of $ID_IVSHMEM | head -n 1)
edu=$(bdfs_of $ID_EDU | head -n 1)
virtio=$(bdfs_of $ID_VIRTIO_NET | head -n 1)
vfio=/tests/vfio

# The perf and CPU hotplug half of the lock chain that a fault waiting for
# memory_lock under the mmap_lock closes with the ATS device's reset.
run perf-fault perf-fault 1

run vfio_pci_bar_mmap_test@ivshmem $vfio/vfio_pci_bar_mmap_test "$ivshmem"
run vfio_pci_dmabuf_mmap_test@ivshmem $vfio/vfio_pci_dmabuf_mmap_test "$ivshmem"

# virtio-net (IOMMU=1 only): its reset is an FLR through the IOMMU's reset
# preparation, the other half of that chain; the mapping tests reset it
# under BAR and DMABUF mappings.
if [ -n "$virtio" ]; then
	for t in vfio_pci_device_test vfio_pci_bar_mmap_test \
		 vfio_pci_dmabuf_mmap_test; do
		run "$t@virtio" "$vfio/$t" "$virtio"
	done
fi

# igb (QEMU 8 and later): reset (FLR) under BAR and DMABUF mappings, and
# peer-to-peer DMA from igb into an imported DMABUF.
igb=$(bdfs_of $ID_IGB | head -n 1)
if [ -n "$igb" ]; then
	for t in vfio_pci_bar_mmap_test vfio_pci_dmabuf_mmap_test; do
		run "$t@igb" "$vfio/$t" "$igb"
	done
	run vfio_pci_dmabuf_p2p_test $vfio/vfio_pci_dmabuf_p2p_test \
		"$ivshmem" "$igb"
fi

# Races and hostile input; edu provides the DMABUF of another device.
run vfio_pci_dmabuf_stress_test@ivshmem env \
	STRESS_SECONDS="${STRESS_SECONDS:-5}" \
	FUZZ_ITERATIONS="${FUZZ_ITERATIONS:-1000}" \
	$vfio/vfio_pci_dmabuf_stress_test "$ivshmem" "$edu"

# Container ioctls against the detach of the container's last group.
run vfio_container_detach_test@ivshmem \
	$vfio/vfio_container_detach_test "$ivshmem"
