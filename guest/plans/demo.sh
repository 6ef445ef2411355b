# SPDX-License-Identifier: GPL-2.0
# The demonstration of "make": one ivshmem-plain BAR, shown step by step.
bind_all
ivshmem=$(bdfs_of $ID_IVSHMEM | head -n 1)
run demo bar-demo "$ivshmem"
