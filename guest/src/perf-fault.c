// SPDX-License-Identifier: GPL-2.0
/*
 * Read a CPU-wide perf counter, so that lockdep sees the kernel's copy to
 * userspace (which may fault, so it counts as taking the mmap_lock) with
 * the CPU perf context's mutex held, and take a CPU offline and back
 * online, which takes that mutex under the CPU hotplug state (the boot
 * does too; this makes sure).  Lockdep then knows cpu_hotplug_lock -> perf
 * CPU context mutex -> mmap_lock: the middle of the chain through which the
 * IOMMU group mutex, which a PCI reset of a device with ATS takes, is
 * ordered before the mmap_lock.  The debug guest plan runs this before the
 * reset tests, so that a reset that takes the group mutex under a lock that
 * faults wait for under the mmap_lock is reported.
 *
 *   perf-fault CPU
 *
 * Exits 4 (a kselftest skip) on a kernel without CPU hotplug, saying so:
 * nothing there takes the perf mutex under the hotplug state after boot.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/mman.h>
#include <sys/syscall.h>

#include <linux/perf_event.h>

static int set_online(const char *cpu, const char *state)
{
	char path[64];
	int fd, ok;

	/* Only a kernel with CPU hotplug has it. */
	if (access("/sys/devices/system/cpu/hotplug", F_OK) && errno == ENOENT) {
		printf("no /sys/devices/system/cpu/hotplug: this kernel has no CPU hotplug\n");
		return 4;
	}
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%s/online", cpu);
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		perror(path);
		return -1;
	}
	ok = write(fd, state, 1) == 1;
	if (!ok)
		perror(path);
	close(fd);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_CPU_CLOCK,
	};
	unsigned long long *count;
	int fd, ret;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CPU\n", argv[0]);
		return 2;
	}
	/* A CPU-wide counter: its context's mutex is the CPU context's. */
	fd = syscall(__NR_perf_event_open, &attr, -1, 0, -1, 0);
	if (fd < 0) {
		perror("perf_event_open");
		return 1;
	}
	count = mmap(NULL, getpagesize(), PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (count == MAP_FAILED ||
	    read(fd, count, sizeof(*count)) != sizeof(*count)) {
		perror("read into a new page");
		return 1;
	}
	close(fd);
	ret = set_online(argv[1], "0");
	if (!ret)
		ret = set_online(argv[1], "1");
	if (ret)
		return ret == 4 ? 4 : 1;
	printf("read a CPU-wide perf counter; cpu%s went offline and online\n",
	       argv[1]);
	return 0;
}
