#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make vmm: a real VMM as the client of the series. The patched kernel boots
# in QEMU (TCG) as L1 with ivshmem-plain bound to vfio-pci; Debian's own
# qemu-system-x86_64, packed into L1's initramfs, passes the device through
# with -device vfio-pci to a nested guest (L2: the same kernel unless
# L2_KERNEL says otherwise, a static C /init, 128 MiB). Checks, one
# PASS/FAIL/SKIP line each:
#
#   - data both ways: L2 reads the host's pattern through its mmap of
#     resource2 and writes its own, which the host finds in the /dev/shm
#     backing file after the run;
#   - L1's QEMU maps BAR2 through a "/dmabuf:vfio..." file (its faults are
#     printed);
#   - L2 clears memory enable: L2 no longer sees the BAR; set again, it does,
#     and QEMU faults BAR2 in anew, as vfio-pci zapped it;
#   - L2 resets the device (a secondary bus reset of its root port, which
#     QEMU turns into VFIO_DEVICE_RESET): L1 logs the reset, the data
#     survives and QEMU faults BAR2 in anew (memory enable is cleared
#     around a reset);
#   - L1 unbinds the device while QEMU holds it: the unbind waits, L2 still
#     reads the BAR, QEMU asks L2 to unplug the device (L2's slot has PCIe
#     hotplug), L2 does, and the unbind completes with QEMU and L2 running;
#   - no kernel report (oops, WARN, KASAN, lockdep, ...) in L1's or L2's
#     log, and no leak kmemleak finds in L1 (on the debug kernel).
#
#   KERNEL    bzImage for L1 and L2 (default: build/out/qemu's)
#   L2_KERNEL bzImage for L2 alone (default: KERNEL), e.g. a small one under
#             a debug or mutant L1; a 32-bit one gets a 32-bit /init
#   TIMEOUT   seconds before the run counts as hung (default 900)
#   CORRUPT=1 the host writes one wrong word in its pattern: the data check
#             must fail (a check of the check)
#   SHM_SIZE  the size of ivshmem's BAR2 (default 512M; 1G measures whether
#             QEMU's mapping of it takes one fault, PUD)
#
# Needs no kernel build of its own: make build-qemu first. Logs are in
# build/logs/vmm.{console,results,qemu,verdict} and vmm-l2.console; the last
# line is "N passed, N failed".
set -eu
shopt -s inherit_errexit
. "$(dirname "$0")/lib.sh"

KERNEL=${KERNEL:-$BUILD/out/qemu/arch/x86/boot/bzImage}
L2_KERNEL=${L2_KERNEL:-$KERNEL}
TIMEOUT=${TIMEOUT:-900}
SHM_SIZE=${SHM_SIZE:-512M}
work=$BUILD/vmm/work
logs=$BUILD/logs
qemu=/usr/bin/qemu-system-x86_64
accel=/usr/lib/x86_64-linux-gnu/qemu/accel-tcg-x86_64.so

# A precondition that is missing is a SKIP, never a PASS.
skip() {
	echo "SKIP vmm # $*"
	echo "1 skipped"
	echo "0 passed, 0 failed"
	exit 0
}

# The same lines scripts/qemu.sh fails a boot on.
kernel_reports() {
	grep -E -c 'Oops|BUG:|WARNING:|Kernel panic|KASAN:|UBSAN:|unreferenced object|possible .*locking|circular locking|INFO: task .* blocked|general protection fault' "$1" || true
}

[ -f "$KERNEL" ] || skip "no kernel at $KERNEL: make build-qemu"
[ -f "$L2_KERNEL" ] || skip "no kernel at $L2_KERNEL"
[ -x "$qemu" ] || skip "no $qemu: install qemu-system-x86"
[ -f "$accel" ] || skip "no TCG accelerator module $accel"
firmware="/usr/share/seabios/bios-256k.bin /usr/share/qemu/kvmvapic.bin
	/usr/share/qemu/linuxboot_dma.bin"
for f in $firmware; do
	[ -f "$f" ] || skip "no $f (qemu-system-data, seabios)"
done
file -L /bin/busybox 2>/dev/null | grep -q 'statically linked' ||
	skip "/bin/busybox is not a static busybox: install busybox-static"
need cpio gcc ldd perl timeout

# L2's initramfs: its /init alone.
rm -rf "$work"
mkdir -p "$work/l2" "$work/l1"/{bin,sbin,dev,proc,sys,tmp,plans,tests,vmm,lib64}
mkdir -p "$work/l1/usr/bin" "$work/l1/usr/share/qemu" "$(dirname "$work/l1$accel")"
# L2's /init matches L2's kernel: a 32-bit x86 kernel lacks XLF_KERNEL_64,
# bit 0 of xloadflags at 0x236 of the boot protocol's header ("HdrS").
[ "$(dd if="$L2_KERNEL" bs=1 skip=514 count=4 status=none)" = HdrS ] ||
	skip "$L2_KERNEL is not an x86 bzImage"
m=-m64
if [ $(($(od -An -tu2 -j 566 -N2 "$L2_KERNEL") & 1)) = 0 ]; then
	m=-m32
	"$TOP/scripts/deps-foreign.sh" i386 >/dev/null
fi
gcc $m -static -O2 -Wall -Werror -D_FILE_OFFSET_BITS=64 \
	-o "$work/l2/init" "$TOP/guest/vmm/l2-init.c"
(cd "$work/l2" && echo init | cpio -o -H newc --quiet -R 0:0) >"$work/l1/vmm/l2.cpio"
cp "$L2_KERNEL" "$work/l1/vmm/bzImage"

# L1's: busybox, the harness's /init with the vmm plan, and QEMU
# with what ldd lists at the paths it lists them, its TCG module and the
# firmware it loads for a q35 -kernel boot.
cp /bin/busybox "$work/l1/bin/busybox"
install -m 755 "$TOP/guest/init" "$work/l1/init"
cp "$TOP/guest/plans/lib.sh" "$TOP/guest/plans/vmm.sh" "$work/l1/plans/"
cp "$qemu" "$work/l1$qemu"
cp "$accel" "$work/l1$accel"
for lib in $( (ldd "$qemu"; ldd "$accel") | grep -o '/[^ ]*' | sort -u); do
	mkdir -p "$work/l1$(dirname "$lib")"
	cp -L "$lib" "$work/l1$lib"
done
cp $firmware "$work/l1/usr/share/qemu/"
(cd "$work/l1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) \
	>"$work/l1.cpio"
log "L1 initramfs: $(du -h "$work/l1.cpio" | cut -f1)"

# BAR2 is this file: the host's pattern at 0, L2's at 1 MiB (l2-init.c).
# 512 MiB, so that mapping it again takes 256 faults of 2 MiB, far more
# than the few dozen QEMU takes on its heap in the same window.
shm=$(mktemp /dev/shm/vfiovmm.XXXXXX)
trap 'rm -f "$shm"' EXIT
truncate -s "$SHM_SIZE" "$shm"
perl -e 'print pack("V*", map { 0xc0de0000 + $_ } 0 .. 16383)' |
	dd of="$shm" conv=notrunc status=none
[ "${CORRUPT:-0}" != 1 ] ||
	printf 'XXXX' | dd of="$shm" bs=4 seek=100 conv=notrunc status=none

mkdir -p "$logs"
console=$logs/vmm.console
results=$logs/vmm.results
: >"$console"
: >"$results"
append="console=ttyS0 panic=-1 oops=panic softlockup_panic=1 kunit.enable=0"
append="$append vfiotest.plan=vmm intel_iommu=on vfio_iommu_type1.allow_unsafe_interrupts=1"
log "booting L1 ($KERNEL) with QEMU inside it"
start=$(date +%s)
rc=0
# L1 runs a QEMU of its own: 2 GiB for the initramfs and L2's pinned RAM.
nice timeout -k 10 "$TIMEOUT" "$qemu" -machine q35 -cpu max,la57=off -smp 2 -m 2G \
	-kernel "$KERNEL" -initrd "$work/l1.cpio" -append "$append" \
	-no-reboot -display none -monitor none -nodefaults \
	-serial "file:$console" -serial "file:$results" \
	-device intel-iommu,intremap=off \
	-object "memory-backend-file,id=shm0,share=on,mem-path=$shm,size=$SHM_SIZE" \
	-device pcie-root-port,id=rp0,chassis=1 \
	-device ivshmem-plain,memdev=shm0,bus=rp0 \
	</dev/null >"$logs/vmm.qemu" 2>&1 || rc=$?
secs=$(($(date +%s) - start))
log "vmm: QEMU exited with $rc after $secs s"

sed -n 's/\r$//; s/^l2| //p' "$results" >"$logs/vmm-l2.console"
{
	[ "$rc" != 124 ] && [ "$rc" != 137 ] || echo "FAIL vmm:qemu # hung: killed after $TIMEOUT s"
	awk -v prefix=vmm: -f "$TOP/scripts/results.awk" "$results"
	# L2 to host: L2's pattern in the backing file, at 1 MiB.
	bad=$(dd if="$shm" bs=1M skip=1 count=1 status=none | head -c 65536 | perl -e '
		local $/; my @w = unpack("V*", <STDIN>); my $bad = 16384 - @w;
		for my $i (0 .. $#w) { $bad++ if $w[$i] != 0x12c20000 + $i }
		print $bad')
	[ "$bad" = 0 ] && echo "PASS vmm:host-sees-l2-pattern" ||
		echo "FAIL vmm:host-sees-l2-pattern # $bad of 16384 words differ"
	for level in L1:"$console" L2:"$logs/vmm-l2.console"; do
		f=${level#*:}
		if ! grep -q 'Linux version' "$f"; then
			echo "FAIL vmm:${level%%:*}-kernel-log-clean # no kernel log in $f"
			continue
		fi
		n=$(kernel_reports "$f")
		[ "$n" = 0 ] && echo "PASS vmm:${level%%:*}-kernel-log-clean" ||
			echo "FAIL vmm:${level%%:*}-kernel-log-clean # $n report lines in $f"
	done
} >"$logs/vmm.verdict"

# What the run measured: QEMU's BAR mappings and faults, as L1 saw them.
sed -n 's/\r$//; /^@@@ vmm faults/p; /^[0-9a-f]*-[0-9a-f]* .*\/dmabuf:/p' "$results" |
	sed 's/^@@@ vmm //' | awk '!seen[$0]++' >&2
cat "$logs/vmm.verdict"
pass=$(grep -c '^PASS' "$logs/vmm.verdict" || true)
fail=$(grep -c '^FAIL' "$logs/vmm.verdict" || true)
skips=$(grep -c '^SKIP' "$logs/vmm.verdict" || true)
echo "$skips skipped; $secs s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
