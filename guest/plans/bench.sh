# SPDX-License-Identifier: GPL-2.0
# The guest side of "make bench": vfio-bench on the first ivshmem-plain.
bind_all
ivshmem=$(bdfs_of $ID_IVSHMEM | head -n 1)
run bench /tests/vfio-bench "$ivshmem"
