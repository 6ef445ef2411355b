// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the nested guest (L2) of "make vmm". L1's QEMU passes
 * ivshmem-plain through to it with -device vfio-pci; its BAR2 is, through
 * L1's vfio-pci BAR mapping, the host's /dev/shm backing file.
 *
 * A static C program rather than a shell: under TCG in TCG every process a
 * shell forks costs seconds. It prints "@@@ result NAME PASS|FAIL # why"
 * lines (the harness's format, guest/plans/lib.sh) and "@@@ l2 PHASE" lines
 * at which L1 samples its QEMU (maps, faults). L1 ends the run by killing
 * QEMU while L2 idles; should it not, L2 reboots, which ends it too, as
 * QEMU runs with -no-reboot.
 *
 * Layout of BAR2, shared with scripts/vmm.sh: the host's pattern at offset
 * 0, L2's at L2_OFFSET, both NWORDS 32-bit words.
 *
 * The device sits on a PCIe root port of L2 with hotplug: L2 resets it
 * through that port (a secondary bus reset, which QEMU turns into
 * VFIO_DEVICE_RESET in L1), and unplugs it when L1's vfio-pci relays a
 * release request to QEMU, which presses the slot's attention button.
 */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

#define NWORDS		16384			/* 64 KiB of each pattern */
#define HOST_WORD(i)	(0xc0de0000u + (i))	/* written by scripts/vmm.sh */
#define L2_WORD(i)	(0x12c20000u + (i))	/* checked by scripts/vmm.sh */
#define L2_OFFSET	(1u << 20)		/* where L2 writes its own */

static void result(const char *name, int ok, const char *why)
{
	printf("@@@ result %s %s%s%s\n", name, ok ? "PASS" : "FAIL",
	       why[0] ? " # " : "", why);
}

/* Tell L1 where we are, then give it time to look at its QEMU. */
static void phase(const char *name, int seconds)
{
	printf("@@@ l2 %s\n", name);
	fflush(stdout);
	sleep(seconds);
}

static int read_hex(const char *dir, const char *file)
{
	char path[512], buf[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return (int)strtol(buf, NULL, 16);
}

/* The sysfs directory of the passed-through ivshmem-plain (1af4:1110). */
static int find_ivshmem(char *dir, size_t len)
{
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *e;
	int found = 0;

	while (d && (e = readdir(d)) && !found) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(dir, len, "/sys/bus/pci/devices/%s", e->d_name);
		found = read_hex(dir, "vendor") == 0x1af4 &&
			read_hex(dir, "device") == 0x1110;
	}
	if (d)
		closedir(d);
	return found;
}

/* Memory enable in the command register, through L2's config space:
 * QEMU forwards the write to vfio-pci in L1, which revokes (clear) or
 * restores (set) every BAR mapping of the device, QEMU's included. */
static int set_memory(int cfg, int on)
{
	uint16_t cmd;

	if (pread(cfg, &cmd, 2, 4) != 2)
		return -1;
	cmd = on ? cmd | 2 : cmd & ~2;
	return pwrite(cfg, &cmd, 2, 4) == 2 ? 0 : -1;
}

/*
 * Once L2 has removed the device, its sysfs mapping of the BAR is gone and
 * a read raises SIGBUS; /init must survive it, or L2 panics.
 */
static sigjmp_buf bus_error;

static void on_sigbus(int sig)
{
	siglongjmp(bus_error, 1);
}

static int read_word(volatile uint32_t *p, uint32_t *v)
{
	if (sigsetjmp(bus_error, 1))
		return -1;
	*v = *p;
	return 0;
}

/* Write "1" to a sysfs attribute of the device. */
static int write_attr(const char *dir, const char *file)
{
	char path[400];
	int fd, ok;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ok = write(fd, "1", 1) == 1;
	close(fd);
	return ok ? 0 : -1;
}

/* One read per 4 KiB page of the BAR: every page faults once in L1. */
static uint32_t touch(volatile uint32_t *bar, size_t size)
{
	uint32_t sum = 0;
	size_t off;

	for (off = 0; off < size; off += 4096)
		sum += bar[off / 4];
	return sum;
}

int main(void)
{
	char dir[300], path[400], why[128];
	volatile uint32_t *bar;
	struct stat st;
	int fd, cfg, bad, i;
	uint32_t v;

	/* The initramfs holds /init alone. */
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mkdir("/dev", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	/* The initramfs has no /dev/console: print on the serial port. */
	fd = open("/dev/ttyS0", O_WRONLY | O_NOCTTY);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("@@@ l2 up\n");

	if (!find_ivshmem(dir, sizeof(dir))) {
		result("l2-finds-device", 0, "no 1af4:1110 in L2");
		goto out;
	}
	result("l2-finds-device", 1, strrchr(dir, '/') + 1);

	/* pci_enable_device(): memory decoding on, whatever the BIOS did. */
	if (write_attr(dir, "enable"))
		printf("could not enable %s\n", dir);

	snprintf(path, sizeof(path), "%s/resource2", dir);
	fd = open(path, O_RDWR);
	snprintf(path, sizeof(path), "%s/config", dir);
	cfg = open(path, O_RDWR);
	if (fd < 0 || cfg < 0 || fstat(fd, &st) ||
	    st.st_size < L2_OFFSET + NWORDS * 4) {
		result("l2-maps-bar2", 0, "cannot open resource2/config");
		goto out;
	}
	bar = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (bar == MAP_FAILED) {
		result("l2-maps-bar2", 0, "mmap of resource2 failed");
		goto out;
	}
	result("l2-maps-bar2", 1, "");

	/* Host to L2: the pattern the host wrote into the backing file. */
	for (bad = 0, i = 0; i < NWORDS; i++)
		bad += bar[i] != HOST_WORD(i);
	snprintf(why, sizeof(why), "%d of %d words differ, first 0x%08x",
		 bad, NWORDS, bar[0]);
	result("l2-reads-host-pattern", !bad, bad ? why : "");

	/* L2 to host: the host checks the backing file after the run. */
	for (i = 0; i < NWORDS; i++)
		bar[L2_OFFSET / 4 + i] = L2_WORD(i);
	for (bad = 0, i = 0; i < NWORDS; i++)
		bad += bar[L2_OFFSET / 4 + i] != L2_WORD(i);
	snprintf(why, sizeof(why), "%d of %d words read back wrong", bad, NWORDS);
	result("l2-writes-own-pattern", !bad, bad ? why : "");

	/* Every page of the BAR, so that L1 can count its QEMU's faults. */
	phase("touch-begin", 4);
	touch(bar, st.st_size);
	phase("touched", 4);

	/*
	 * Memory enable off: L1's vfio-pci zaps QEMU's BAR mapping and QEMU
	 * takes the BAR out of L2's address space, so the pattern is gone.
	 * On again: QEMU's next access faults the mapping back in.
	 */
	if (set_memory(cfg, 0)) {
		result("l2-memory-off", 0, "config write failed");
		goto out;
	}
	v = bar[0];
	snprintf(why, sizeof(why), "read 0x%08x", v);
	result("l2-memory-off-hides-bar", v != HOST_WORD(0), why);
	phase("memory-off", 4);
	set_memory(cfg, 1);
	v = bar[0];
	snprintf(why, sizeof(why), "read 0x%08x", v);
	result("l2-memory-on-shows-bar", v == HOST_WORD(0), v == HOST_WORD(0) ? "" : why);
	touch(bar, st.st_size);
	phase("memory-on", 4);

	/*
	 * Reset: L2's kernel picks a secondary bus reset of the root port
	 * above the device, and QEMU resets the device with
	 * VFIO_DEVICE_RESET, which L1 logs. L2's kernel and QEMU clear memory
	 * enable around it, so vfio-pci in L1 zaps QEMU's mapping, and QEMU
	 * faults it back in when memory is enabled again, which L1 counts.
	 * The data is the host's file and survives.
	 */
	phase("reset-begin", 4);
	result("l2-resets-device", !write_attr(dir, "reset"), "");
	v = bar[0];
	snprintf(why, sizeof(why), "read 0x%08x", v);
	result("l2-reads-bar-after-reset", v == HOST_WORD(0),
	       v == HOST_WORD(0) ? "" : why);
	touch(bar, st.st_size);
	phase("reset-done", 4);

	/*
	 * Idle, reading the BAR every second, while L1 unbinds the device
	 * under its QEMU: the unbind waits for QEMU to let go, QEMU's mapping
	 * keeps working meanwhile, and QEMU asks L2 to unplug the device.
	 * L2 then goes on without it; L1 kills QEMU to end the run.
	 */
	signal(SIGBUS, on_sigbus);
	printf("@@@ l2 idle\n");
	for (i = 0; i < 300; i++) {
		if (bar && access(dir, F_OK)) {
			printf("@@@ l2 unplugged %s\n", strrchr(dir, '/') + 1);
			munmap((void *)bar, st.st_size);
			bar = NULL;
		}
		if (!bar)
			printf("@@@ l2 tick %d gone\n", i);
		else if (read_word(bar, &v))
			printf("@@@ l2 tick %d sigbus\n", i);
		else
			printf("@@@ l2 tick %d 0x%08x\n", i, v);
		sleep(1);
	}

out:
	printf("@@@ l2 done\n");
	fflush(stdout);
	sync();
	reboot(RB_AUTOBOOT);
	return 0;
}
