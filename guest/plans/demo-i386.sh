# SPDX-License-Identifier: GPL-2.0
# The demo on a 32-bit kernel. There a BAR can be mapped through the device
# fd only at a region offset below 4 GiB, that is BAR0: mmap() of files other
# than regular files and block devices is limited to ULONG_MAX bytes (on the
# unpatched base as well). bochs-display's BAR0 is its plain-memory frame
# buffer. ivshmem-plain's BAR2, at region offset 2 TiB, is mapped through an
# exported DMABUF, which starts at offset 0: the series exports DMABUFs on
# kernels without PCI_P2PDMA.
bind_all
bochs=$(bdfs_of $ID_BOCHS | head -n 1)
ivshmem=$(bdfs_of $ID_IVSHMEM | head -n 1)
run bar-demo-bochs bar-demo "$bochs" 0
run demo bar-demo "$ivshmem" 2
