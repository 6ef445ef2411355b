# SPDX-License-Identifier: GPL-2.0
# Helpers for the guest plans. Sourced by /init.

# Emulated devices the harness gives the guest, by PCI vendor:device.
ID_IVSHMEM=1af4:1110
ID_EDU=1234:11e8
ID_BOCHS=1234:1111
ID_TESTDEV=1b36:0005
# virtio-net, modern only, with ATS behind the emulated IOMMU (x86_64 only)
ID_VIRTIO_NET=1af4:1041
# igb (82576), with FLR and SR-IOV (QEMU 8 and later, x86_64 only)
ID_IGB=8086:10c9

# Print the BDFs of the devices with vendor:device $1, one a line.
bdfs_of() {
	local d
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor"):$(cat "$d/device")" = \
		  "$(echo "$1" | sed 's/^/0x/; s/:/:0x/')" ] && basename "$d"
	done
	return 0
}

# Bind one device to vfio-pci through driver_override.
bind_vfio() {
	local d=/sys/bus/pci/devices/$1
	echo vfio-pci >"$d/driver_override"
	[ -e "$d/driver" ] && echo "$1" >"$d/driver/unbind"
	echo "$1" >/sys/bus/pci/drivers_probe
	[ "$(basename "$(readlink "$d/driver")")" = vfio-pci ] || {
		echo "could not bind $1 to vfio-pci"
		return 1
	}
}

load_vfio() {
	[ -d /sys/bus/pci/drivers/vfio-pci ] && return 0
	modprobe vfio-pci || echo "modprobe vfio-pci failed"
}

bind_all() {
	local id b
	load_vfio
	for id in $ID_IVSHMEM $ID_EDU $ID_BOCHS $ID_TESTDEV $ID_VIRTIO_NET $ID_IGB; do
		for b in $(bdfs_of $id); do
			bind_vfio "$b" && echo "bound $b ($id) to vfio-pci"
		done
	done
}

# run NAME CMD...: run one test program, framed for the host's parser.
run() {
	local name=$1 rc
	shift
	echo "@@@ begin $name"
	"$@"
	rc=$?
	echo "@@@ end $name rc=$rc"
}

# Result of a check done by the plan itself, not by a test program.
result() {
	echo "@@@ result $1 $2${3:+ # $3}"
}
