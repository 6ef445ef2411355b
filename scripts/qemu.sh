#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot VARIANT's kernel in QEMU (TCG) with emulated PCI devices that have real
# MMIO BARs, run guest plan PLAN, and report one PASS/FAIL/SKIP line per test.
#
#   qemu.sh VARIANT PLAN
#
#   IOMMU=1     emulated Intel IOMMU (default); IOMMU=0: vfio no-IOMMU mode
#   SHM_SIZE    size of the ivshmem-plain BAR2 (default 64M)
#   TIMEOUT     seconds before the run counts as hung (default 900)
#   SHOW=1      print the guest's output after the run (for the demo)
#   STRESS_SECONDS, FUZZ_ITERATIONS, FUZZ_SEED   bounds of the stress test
#   BENCH_ROUNDS  rounds of every time vfio-bench measures (make bench)
#
# Logs stay in $BUILD/logs/VARIANT-PLAN.{console,results}. A hang, panic,
# oops, KASAN, lockdep or kmemleak report fails the run.
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: qemu.sh VARIANT PLAN}
plan=${2:?usage: qemu.sh VARIANT PLAN}
out=$BUILD/out/$variant
logs=$BUILD/logs
name=$variant-$plan
IOMMU=${IOMMU:-1}
SHM_SIZE=${SHM_SIZE:-64M}
TIMEOUT=${TIMEOUT:-900}

# A 32-bit Intel CPU for i386: with -cpu max, QEMU's AMD vendor makes a
# 32-bit SMP kernel warn that the processors are unfit for SMP.
#
# No 5-level paging on x86_64: the base kernel's identify_cpu() clears the
# boot CPU's capability words, X86_FEATURE_LA57 with them, before reading
# them again, and an interrupt in that window makes KASAN compute its shadow
# for 4-level paging, so it reports a wild-memory-access in
# do_raw_spin_lock() from handle_edge_irq() at boot (seen about once in ten
# TCG boots of the debug kernel, long before any vfio code runs). The series
# does not depend on the number of page table levels.
#
# x86_64 reserves huge pages at boot (one of 1 GiB, four of 2 MiB) for the
# hugetlb variants of vfio_dma_mapping_test, and vfio_pci_driver_test pins
# 1 GiB: the guest gets 4 GiB.
#
# arm64 boots QEMU's virt machine (GICv3, and an SMMUv3 with IOMMU=1), whose
# second PL011 takes the results.
machine=q35 tty=ttyS kernel=$out/arch/x86/boot/bzImage
case $variant in
i386) qemu=qemu-system-i386; cpu=coreduo; mem=2G ;;
arm64) qemu=qemu-system-aarch64; cpu=max; mem=4G; tty=ttyAMA
	machine=virt,gic-version=3; kernel=$out/arch/arm64/boot/Image ;;
*) qemu=qemu-system-x86_64; cpu=max,la57=off; mem=4G ;;
esac
# QEMU 10 (cached from bookworm-backports) when it can be had, for igb; the
# system's QEMU otherwise, on which the igb tests skip. QEMU10=0: the system's.
qemu_opts=()
if [ "${QEMU10:-1}" = 1 ] && root=$("$TOP/scripts/qemu10.sh" "${qemu#qemu-system-}"); then
	if [ "$root" != / ]; then
		qemu=$root/usr/bin/$qemu
		export QEMU_MODULE_DIR=$root/usr/lib/x86_64-linux-gnu/qemu
		qemu_opts=(-L "$root/usr/share/qemu" -L "$root/usr/share/seabios")
	fi
else
	warn "booting the system's QEMU: the tests that need igb skip"
fi
need "$qemu" timeout
qemu_major=$("$qemu" --version | sed -n 's/^QEMU emulator version \([0-9]*\).*/\1/p')
[ -f "$kernel" ] || die "no kernel at $kernel: make build-$variant"
[ -f "$TOP/guest/plans/$plan.sh" ] || die "no guest plan '$plan'"
"$TOP/scripts/guest.sh" "$variant"

mkdir -p "$logs"
console=$logs/$name.console
results=$logs/$name.results
: >"$console"
: >"$results"

# The ivshmem BAR2 is this file: the host greets the guest at offset 0 and
# reads its reply at offset 4096 after the run.
shm=$(mktemp /dev/shm/vfiotest.XXXXXX)
trap 'rm -f "$shm"' EXIT
truncate -s "$SHM_SIZE" "$shm"
printf 'hello from the host' | dd of="$shm" conv=notrunc status=none

append="console=${tty}0 vfiotest.out=${tty}1 panic=-1 oops=panic softlockup_panic=1"
append="$append vfiotest.plan=$plan"
[ "$variant" = i386 ] ||
	append="$append hugepagesz=1G hugepages=1 hugepagesz=2M hugepages=4"
# Bounds of the stress tests, for make stress; rounds of make bench.
for v in STRESS_SECONDS FUZZ_ITERATIONS FUZZ_SEED BENCH_ROUNDS; do
	eval "val=\${$v:-}"
	[ -z "$val" ] || append="$append vfiotest.$(echo "$v" | tr A-Z a-z)=$val"
done
iommu=()
if [ "$IOMMU" = 1 ] && [ "$variant" = arm64 ]; then
	machine=$machine,iommu=smmuv3
	append="$append vfio_iommu_type1.allow_unsafe_interrupts=1"
	append="$append iommufd.allow_unsafe_interrupts=1"
elif [ "$IOMMU" = 1 ]; then
	# device-iotlb: the IOMMU accepts ATS, which the virtio-net device
	# below requests, so that its reset goes through the IOMMU's reset
	# preparation (pci_dev_reset_iommu_prepare()).
	#
	# aw-bits: the default address width changed from 39 (QEMU 7.2) to 48.
	iommu=(-device intel-iommu,intremap=off,device-iotlb=on,aw-bits=48
		-device pcie-root-port,id=rp1,chassis=2
		-device virtio-net-pci,bus=rp1,disable-legacy=on,iommu_platform=on,ats=on)
	# igb (QEMU 8 and later): FLR, SR-IOV with up to 8 VFs, and DMA that
	# the selftest library's igb driver drives (MAC loopback).
	if [ "$qemu_major" -ge 8 ]; then
		iommu+=(-device pcie-root-port,id=rp2,chassis=3
			-device igb,bus=rp2,romfile=)
		append="$append vfio_pci.enable_sriov=1"
	fi
	# No interrupt remapping is emulated: let vfio accept that.
	append="$append intel_iommu=on vfio_iommu_type1.allow_unsafe_interrupts=1"
	append="$append iommufd.allow_unsafe_interrupts=1"
else
	append="$append vfio.enable_unsafe_noiommu_mode=1"
fi

log "booting $variant ($plan plan, IOMMU=$IOMMU) in QEMU (the demo about a minute; at most $TIMEOUT s)"
start=$(date +%s)
rc=0
timeout -k 10 "$TIMEOUT" "$qemu" "${qemu_opts[@]}" -machine "$machine" -cpu "$cpu" -smp 2 -m "$mem" \
	-kernel "$kernel" -initrd "$out/initramfs.cpio" -append "$append" \
	-no-reboot -display none -monitor none -nodefaults \
	-serial "file:$console" -serial "file:$results" \
	"${iommu[@]}" \
	-object "memory-backend-file,id=shm0,share=on,mem-path=$shm,size=$SHM_SIZE" \
	-device pcie-root-port,id=rp0,chassis=1 \
	-device ivshmem-plain,memdev=shm0,bus=rp0 \
	-device edu -device bochs-display -device pci-testdev,membar=2M \
	</dev/null >"$logs/$name.qemu" 2>&1 || rc=$?
log "$name: QEMU exited with $rc after $(($(date +%s) - start)) s"
# The guest's transcript, for the demo (a boot takes a few seconds).
[ "${SHOW:-0}" != 1 ] || sed 's/\r$//; /^@@@ \(begin\|end\|done\)/d;
	s/^@@@ plan /guest: /' "$results" >&2

{
	[ "$rc" != 124 ] && [ "$rc" != 137 ] || echo "FAIL $variant:qemu # hung: killed after $TIMEOUT s"
	awk -v prefix="$variant:" -f "$TOP/scripts/results.awk" "$results"
	if grep -q '^@@@ begin demo' "$results"; then
		reply=$(dd if="$shm" bs=1 skip=4096 count=20 status=none | tr -d '\0')
		[ "$reply" = "hello from the guest" ] &&
			echo "PASS $variant:host-sees-guest-write" ||
			echo "FAIL $variant:host-sees-guest-write # read '$reply'"
	fi
	# Anything the kernel reports as a bug fails the run.
	reports=$(grep -E -c 'Oops|BUG:|WARNING:|Kernel panic|KASAN:|UBSAN:|unreferenced object|possible .*locking|circular locking|INFO: task .* blocked|general protection fault' "$console" || true)
	[ "$reports" = 0 ] && echo "PASS $variant:kernel-log-clean" ||
		echo "FAIL $variant:kernel-log-clean # $reports report lines in $console"
} | tee "$logs/$name.verdict"
grep -q '^FAIL' "$logs/$name.verdict" || exit 0
# The demo's reader sees no result lines: show what failed, and where.
if [ "${SHOW:-0}" = 1 ]; then
	grep '^FAIL' "$logs/$name.verdict" >&2
	echo "... the last lines of $console:" >&2
	tail -n 30 "$console" >&2
fi
exit 1
