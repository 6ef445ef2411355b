# SPDX-License-Identifier: GPL-2.0
# The L1 plan of "make vmm" (scripts/vmm.sh): a real VMM as the client of the
# series. Debian's qemu-system-x86_64, packed into this initramfs, passes
# ivshmem-plain through with -device vfio-pci to a nested guest (L2) whose
# /init (guest/vmm/l2-init.c) checks the BAR's data. Here, L1 watches its
# QEMU at each phase L2 announces: the BAR mappings' names in
# /proc/PID/maps and smaps, and its page faults (minflt in /proc/PID/stat);
# at the end it unbinds the device while QEMU holds it.
#
# Neither pagemap nor smaps can show which pages of a BAR mapping are
# present: the page walk skips VM_PFNMAP mappings. Faults tell instead:
# with the type1 container QEMU maps BAR2 into the IOMMU too (for
# peer-to-peer), and type1 faults in the whole BAR to find its PFNs. So the
# BAR is present before L2 touches it, and when memory enable goes off and
# on again, QEMU's DMA map faults it in anew: at least one fault per 2 MiB
# of BAR2, unless vfio-pci failed to zap it.
#
# L2 also resets the device (a secondary bus reset of its root port, which
# QEMU turns into VFIO_DEVICE_RESET): L1 must log the reset, and QEMU must
# fault the BAR in anew (memory enable is cleared around a reset). At the end L1 unbinds the device while QEMU holds it:
# vfio-pci relays the request, QEMU presses the attention button of L2's
# slot, L2 unplugs the device, QEMU lets go and the unbind completes, with
# QEMU and L2 still running.
#
# L2's console comes back to the host as "l2| " lines, which it checks for
# kernel reports as it checks L1's.

l2log=/tmp/l2.console
ivshmem=$(bdfs_of $ID_IVSHMEM | head -n 1)

# wait_l2 MARKER SECONDS: until L2 printed "@@@ l2 MARKER"; fails if QEMU
# exited or the time ran out. A second per poll: each costs a fork under TCG.
wait_l2() {
	local n=0
	while ! grep -q "^@@@ l2 $1" $l2log 2>/dev/null; do
		kill -0 "$qpid" 2>/dev/null || return 1
		n=$((n + 1))
		[ $n -le "$2" ] || return 1
		sleep 1
	done
}

minflt() { awk '{ print $10 }' "/proc/$qpid/stat"; }

# refaults NAME M0 M1 WHAT: QEMU faulted BAR2 in anew between M0 and M1,
# at least once per page of the largest size its mapping can hold: 1 GiB
# where its address is 1 GiB aligned (placed so by the series even though
# QEMU does not ask), else 2 MiB. Fewer: vfio-pci did not zap it.
refaults() {
	local n=$(( ${bar2:-0} / 2048 )) start
	start=$(grep '/dmabuf:vfio[0-9]*:.*/2$' "/proc/$qpid/maps" | head -n 1 | cut -d- -f1)
	[ -n "$start" ] && [ $((0x$start % (1 << 30))) = 0 ] &&
		[ "${bar2:-0}" -ge $((1 << 20)) ] && n=$(( bar2 >> 20 ))
	echo "@@@ vmm faults: QEMU minflt $2, then $3 $4 (+$(($3 - $2))), BAR2 ${bar2:-?} KiB"
	[ "$n" -gt 0 ] && [ $(($3 - $2)) -ge "$n" ] &&
		result "$1" PASS "minflt +$(($3 - $2)) $4, at least $n needed" ||
		result "$1" FAIL "minflt +$(($3 - $2)) $4, fewer than $n: was the BAR zapped?"
}

# L2's ticks (a read of BAR2 word 0 each second) from line $1 on.
ticks() { grep '^@@@ l2 tick' $l2log | tr -d '\r' | tail -n "+$1"; }

# Forward L2's results and console to the host, then stop.
finish_vmm() {
	grep '^@@@ result ' $l2log 2>/dev/null | tr -d '\r'
	echo "@@@ vmm qemu log:"
	sed 's/^/qemu| /' /tmp/qemu.log 2>/dev/null
	sed 's/\r$//; s/^/l2| /' $l2log 2>/dev/null
}

vmm_plan() {
	local group m0 m1 n first hotplug c
	[ -n "$ivshmem" ] || { result l1-device FAIL "no ivshmem-plain in L1"; return; }
	bind_vfio "$ivshmem" || { result l1-binds-vfio-pci FAIL; return; }
	result l1-binds-vfio-pci PASS "$ivshmem"
	# BAR2's size in KiB, from sysfs: "start end flags" of its line.
	bar2=$(sed -n 3p "/sys/bus/pci/devices/$ivshmem/resource")
	set -- $bar2
	bar2=$((($2 - $1 + 1) / 1024))
	group=$(basename "$(readlink "/sys/bus/pci/devices/$ivshmem/iommu_group")")
	[ -c "/dev/vfio/$group" ] ||
		{ result l1-vfio-group FAIL "no /dev/vfio/$group"; return; }

	# QEMU pins all of L2's RAM for the type1 container.
	ulimit -l unlimited
	# acpi=off: L2's ACPI table load alone takes minutes under nested TCG.
	# lockdep.prove_locking=0: L2 exercises no path the series changes
	# (no vfio there), and its unplug takes the base's pciehp path, which
	# lockdep reports on a debug kernel: pciehp_unconfigure_device() drops
	# ctrl->reset_lock and takes it again under pci_rescan_remove_lock.
	# KASAN and the other checks stay on.
	# rombar=0: ivshmem-plain has no ROM, and QEMU would look for a file.
	# The root port is hot-pluggable natively: with q35's default, ACPI
	# hotplug, QEMU leaves its slot empty for pciehp, which powers it off.
	/usr/bin/qemu-system-x86_64 -L /usr/share/qemu -machine q35 -m 128M -smp 1 \
		-nodefaults -display none -monitor none -no-reboot \
		-global ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off \
		-kernel /vmm/bzImage -initrd /vmm/l2.cpio \
		-append "console=ttyS0 acpi=off panic=-1 kunit.enable=0 lockdep.prove_locking=0" \
		-serial file:$l2log \
		-device pcie-root-port,id=rp0,chassis=1 \
		-device "vfio-pci,host=$ivshmem,rombar=0,bus=rp0" >/tmp/qemu.log 2>&1 &
	qpid=$!
	echo "@@@ vmm L1 QEMU pid $qpid"

	if ! wait_l2 touch-begin 600; then
		result l1-qemu-runs-l2 FAIL "L2 did not reach its BAR checks"
		kill "$qpid" 2>/dev/null
		return
	fi
	result l1-qemu-runs-l2 PASS
	m0=$(minflt)
	wait_l2 touched 120 || { result l2-touches-bar FAIL "L2 stopped"; return; }
	m1=$(minflt)
	echo "@@@ vmm maps:"
	grep /dmabuf: "/proc/$qpid/maps"
	echo "@@@ vmm smaps of the BAR mappings:"
	awk '/^[0-9a-f]+-[0-9a-f]+ / { show = /\/dmabuf:/ } show' "/proc/$qpid/smaps"
	# The series names each BAR mapping after its DMABUF; the base shows
	# the device fd ("anon_inode:[vfio-device]" or "/dev/vfio/N").
	n=$(grep -c '/dmabuf:vfio[0-9]*:.*/2$' "/proc/$qpid/maps")
	[ "$n" -ge 1 ] && result l1-qemu-maps-dmabuf PASS \
		"$(grep -o '/dmabuf:vfio.*' "/proc/$qpid/maps" | sort -u | tr '\n' ' ')" ||
		result l1-qemu-maps-dmabuf FAIL "no /dmabuf:vfio...:/2 in QEMU's maps"
	echo "@@@ vmm faults: QEMU minflt $m0 at touch-begin, $m1 after L2 read every page of BAR2 (+$((m1 - m0)))"

	# L2 clears memory enable, then sets it and reads BAR2 again.
	wait_l2 memory-off 120 || { result l1-memory-off FAIL "L2 stopped"; return; }
	m0=$(minflt)
	wait_l2 memory-on 120 || { result l1-memory-on FAIL "L2 stopped"; return; }
	refaults l1-qemu-refaults-bar2 "$m0" "$(minflt)" "after memory on"

	# L2 resets the device. L1 sees the reset itself in its log (the PCI
	# core's "resetting", once per reset of a device with a driver); the
	# refaults come from the memory enable that QEMU and L2's kernel clear
	# around a reset, so they show that the mapping works after it.
	echo "@@@ vmm reset methods in L1: $(cat "/sys/bus/pci/devices/$ivshmem/reset_method" 2>&1)"
	wait_l2 reset-begin 120 || { result l1-reset FAIL "L2 stopped"; return; }
	m0=$(minflt)
	n=$(dmesg | grep -c "$ivshmem: resetting")
	wait_l2 reset-done 120 || { result l1-reset FAIL "L2 stopped"; return; }
	m1=$(minflt)
	n=$(($(dmesg | grep -c "$ivshmem: resetting") - n))
	[ "$n" -ge 1 ] && result l1-resets-device PASS "$n reset(s) of $ivshmem in L1's log" ||
		result l1-resets-device FAIL "no reset of $ivshmem in L1's log while L2 reset it"
	refaults l1-qemu-refaults-around-reset "$m0" "$m1" "around the reset"

	# Unbind while QEMU holds the device: vfio-pci relays the request to
	# QEMU and waits. QEMU asks L2 to unplug the device, which pciehp in
	# L2 does after the 5 s it leaves a button press to be cancelled; then
	# QEMU lets go. Without PCIe hotplug in L2, QEMU cannot unplug the
	# device and L1 kills it instead.
	wait_l2 idle 60 || { result l1-unbind FAIL "L2 stopped"; return; }
	hotplug=$(grep -c 'pciehp: Slot #' $l2log || true)
	echo "$ivshmem" >"/sys/bus/pci/devices/$ivshmem/driver/unbind" &
	ubpid=$!
	sleep 2
	kill -0 $ubpid 2>/dev/null && kill -0 "$qpid" 2>/dev/null &&
		result l1-unbind-waits-for-qemu PASS ||
		result l1-unbind-waits-for-qemu FAIL "unbind returned or QEMU exited while QEMU held the device"
	# L2's reads of the BAR from now until it let go of the device.
	first=$(($(ticks 1 | wc -l) + 1))
	if [ "$hotplug" = 0 ]; then
		for c in l2-unplugs-on-request l1-unbind-completes-on-release l2-runs-after-unplug; do
			result $c SKIP "no pciehp slot in L2 (no CONFIG_HOTPLUG_PCI_PCIE, or pcie_ports=compat)"
		done
		sleep 5
		bar_reads "$first"
		kill "$qpid"
		wait "$qpid"
		unbind_done l1-unbind-completes-on-exit "after QEMU exited"
		return
	fi
	if wait_l2 unplugged 120 && grep -q 'pciehp: .*Button press' $l2log; then
		result l2-unplugs-on-request PASS \
			"$(grep -m 1 -o 'pciehp: .*Button press.*' $l2log | tr -d '\r')"
	else
		result l2-unplugs-on-request FAIL "L2 did not unplug the device on a button press within 120 s"
	fi
	bar_reads "$first"
	if unbind_done l1-unbind-completes-on-release "after L2 unplugged the device"; then
		kill -0 "$qpid" 2>/dev/null && result l1-qemu-runs-after-release PASS ||
			result l1-qemu-runs-after-release FAIL "QEMU exited"
	fi
	# L2 runs on without the device: a tick that finds it gone. On the
	# debug kernel L2 can take many seconds to tear the device down.
	wait_l2 'tick [0-9]* gone' 60 &&
		result l2-runs-after-unplug PASS "$(ticks 1 | tail -n 1)" ||
		result l2-runs-after-unplug FAIL "no tick 60 s after the unplug; last: $(ticks 1 | tail -n 1)"
	kill "$qpid"
	wait "$qpid"
	# Whatever failed above, no unbind may be left waiting.
	n=0
	while kill -0 $ubpid 2>/dev/null && [ $n -lt 30 ]; do
		sleep 1
		n=$((n + 1))
	done
	! kill -0 $ubpid 2>/dev/null ||
		result l1-unbind-completes FAIL "the unbind still waits 30 s after QEMU exited"
}

# bar_reads FIRST: L2's ticks from line FIRST on, up to the first that
# found the device gone, each read the host's pattern: QEMU's mapping
# worked until L2 let go. At least two; the last may fall in L2's own tear
# down, as pciehp powers the slot off before the device leaves sysfs: QEMU
# then takes the BAR out of L2's address space (a read gives 0), or L2's
# mapping of it is gone already (SIGBUS).
bar_reads() {
	local t
	t=$(ticks "$1" | sed -n '/gone/q; p')
	echo "$t" | tail -n 3
	if [ "$(echo "$t" | grep -c ' 0xc0de0000$')" -ge 2 ] &&
	   ! echo "$t" | sed '$d' | grep -q -v ' 0xc0de0000$'; then
		result l2-bar-works-during-unbind PASS "$(echo "$t" | grep -c ' 0xc0de0000$') reads"
	else
		result l2-bar-works-during-unbind FAIL "ticks: $(echo $t | tail -c 200)"
	fi
}

# unbind_done NAME WHEN: the unbind returned within 60 s and the device
# has no driver.
unbind_done() {
	local n=0
	while kill -0 $ubpid 2>/dev/null && [ $n -lt 60 ]; do
		sleep 1
		n=$((n + 1))
	done
	if [ ! -e "/sys/bus/pci/devices/$ivshmem/driver" ]; then
		result "$1" PASS "$n s $2"
	else
		result "$1" FAIL "still bound $n s $2"
		return 1
	fi
}

# On a kernel with kmemleak (the debug one): two scans, as kmemleak
# reports an object only when two scans agree.
leak_check() {
	local leaks=/sys/kernel/debug/kmemleak n
	[ -w "$leaks" ] || return 0
	echo scan >"$leaks"
	echo scan >"$leaks"
	n=$(grep -c '^unreferenced object' "$leaks")
	if [ "$n" = 0 ]; then
		result l1-kmemleak PASS
	else
		cat "$leaks" >/dev/kmsg
		result l1-kmemleak FAIL "$n unreferenced objects, see L1's console"
	fi
}

vmm_plan
leak_check
finish_vmm
