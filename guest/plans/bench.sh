# SPDX-License-Identifier: GPL-2.0
# The guest side of "make bench": vfio-bench on the first ivshmem-plain.
bind_all
ivshmem=$(bdfs_of $ID_IVSHMEM | head -n 1)
run bench /tests/vfio-bench "$ivshmem"

# What P2PDMA users see, to compare base and patched: the p2pmem sysfs groups
# of every PCI device (their number, and each device that has one).
echo "@@@ bench p2pmem/devices $(ls -d /sys/bus/pci/devices/*/p2pmem 2>/dev/null | wc -l)"
for d in /sys/bus/pci/devices/*/p2pmem; do
	[ -d "$d" ] && echo "@@@ bench p2pmem/$(basename "$(dirname "$d")")/size $(cat "$d/size")"
done
