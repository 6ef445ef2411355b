# SPDX-License-Identifier: GPL-2.0
# The test plan of "make check": the vfio selftests of the tree against the
# emulated devices, and the demo. KUnit already ran at boot; the host parses
# the console for it.
#
# The upstream selftests run against edu: ivshmem-plain's 256-byte BAR0 is
# smaller than a page, and the selftest library's mmap_reserve() then fails
# its tail munmap() with EINVAL, on the unpatched base too.
bind_all
ivshmem=$(bdfs_of $ID_IVSHMEM | head -n 1)
edu=$(bdfs_of $ID_EDU | head -n 1)

for t in /tests/vfio/*_test; do
	[ -x "$t" ] || continue
	run "$(basename "$t")" "$t" "$edu"
done
run demo bar-demo "$ivshmem"
