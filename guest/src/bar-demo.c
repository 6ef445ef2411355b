// SPDX-License-Identifier: GPL-2.0
/*
 * bar-demo: what a VMM or userspace driver does with vfio-pci BAR memory,
 * step by step, with plain vfio ioctls.
 *
 *   bar-demo BDF [BAR]
 *
 * The device is normally an ivshmem-plain whose BAR2 (the default) is host
 * shared memory: the host wrote a greeting at offset 0 before boot and
 * checks, after the guest powers off, the reply this program writes at offset
 * 4096.  Any BAR of plain memory works, such as a bochs-display's BAR0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>

#include "vfio-open.h"

static unsigned int bar_index = 2;
#define REPLY_OFFSET 4096

static sigjmp_buf fault_jmp;
static volatile sig_atomic_t fault_expected;

/* A SIGBUS outside show() is a bug of the demo: die of it. */
static void on_sigbus(int sig)
{
	if (!fault_expected) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	fault_expected = 0;
	siglongjmp(fault_jmp, sig);
}

/* Read a string from the mapping, or report the SIGBUS that stopped us. */
static bool show(const char *label, volatile char *p)
{
	char buf[64];
	size_t i;

	if (sigsetjmp(fault_jmp, 1)) {
		printf("%-34s SIGBUS\n", label);
		return false;
	}
	fault_expected = 1;
	for (i = 0; i < sizeof(buf) - 1 && p[i]; i++)
		buf[i] = p[i];
	fault_expected = 0;
	buf[i] = 0;
	printf("%-34s \"%s\"\n", label, buf);
	return true;
}

/*
 * Write a string into the mapping a byte at a time: string functions may
 * store unaligned, which faults on the Device memory of an uncached arm64
 * mapping.
 */
static void put_str(volatile char *p, const char *s)
{
	do
		*p++ = *s;
	while (*s++);
}

static int failures;

/* Count an outcome the series promises that did not happen. */
static void expect(bool ok, const char *what)
{
	if (!ok) {
		printf("UNEXPECTED: %s\n", what);
		failures++;
	}
}

static void maps_line(void *addr)
{
	char line[512], want[32];
	FILE *f = fopen("/proc/self/maps", "r");

	snprintf(want, sizeof(want), "%lx-", (unsigned long)addr);
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, want, strlen(want)))
			printf("/proc/self/maps: %s", line);
	if (f)
		fclose(f);
}

/* Revoke DMABUF @fd for good: 0 or an errno. */
static int revoke_dmabuf(int device, int fd)
{
#ifndef VFIO_DEVICE_FEATURE_DMA_BUF_REVOKE
	/* Built against the uAPI of a kernel without the series. */
	return ENOTTY;
#else
	struct {
		struct vfio_device_feature hdr;
		struct vfio_device_feature_dma_buf_revoke revoke;
	} req = {
		.hdr.argsz = sizeof(req),
		.hdr.flags = VFIO_DEVICE_FEATURE_SET |
			     VFIO_DEVICE_FEATURE_DMA_BUF_REVOKE,
		.revoke.dmabuf_fd = fd,
	};

	return ioctl(device, VFIO_DEVICE_FEATURE, &req) ? errno : 0;
#endif
}

/*
 * Export the BAR's [off, off + len) as a DMABUF, map it, read through it, and
 * revoke it for good.  The series exports on every kernel vfio-pci builds on,
 * 32-bit and PCI_P2PDMA=n included.
 */
static void dmabuf_demo(int device, size_t off, size_t len)
{
	int fd = export_dmabuf(device, bar_index, off, len), err;
	void *p;

	if (fd < 0) {
		printf("VFIO_DEVICE_FEATURE_DMA_BUF:      %s\n", strerror(errno));
		expect(false, "export failed");
		return;
	}
	printf("exported BAR%u [%#zx, +%#zx) as DMABUF fd %d\n", bar_index, off,
	       len, fd);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		printf("mmap(DMABUF):                     %s\n", strerror(errno));
		expect(false, "mmap() of the DMABUF failed");
		close(fd);
		return;
	}
	maps_line(p);
	expect(show("read through the DMABUF mapping:", p),
	       "no data through the DMABUF mapping");
	err = revoke_dmabuf(device, fd);
	printf("VFIO_DEVICE_FEATURE_DMA_BUF_REVOKE: %s\n", err ? strerror(err) : "done");
	expect(!err, "permanent revoke failed");
	expect(!show("after the permanent revoke, read:", p),
	       "the revoked DMABUF mapping still reads");
	set_memory_enable(device, 0);
	set_memory_enable(device, 1);
	expect(!show("memory decode off and on, read:", p),
	       "memory enable brought a revoked DMABUF back");
	munmap(p, len);
	close(fd);
}

/*
 * A 32-bit kernel cannot mmap() the device fd at region offsets of 4 GiB and
 * more, where vfio places BAR1 and up; an exported DMABUF of the whole BAR
 * starts at offset 0 and maps there.
 */
static void *map_whole_bar(int device, size_t size)
{
	int fd;
	void *p;

	printf("mmap(device fd):                  %s (offset beyond a 32-bit mmap())\n",
	       strerror(EOVERFLOW));
	fd = export_dmabuf(device, bar_index, 0, size);
	if (fd < 0)
		die("VFIO_DEVICE_FEATURE_DMA_BUF of the whole BAR");
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p != MAP_FAILED)
		printf("mapped BAR%u through DMABUF fd %d instead\n", bar_index, fd);
	close(fd);
	return p;
}

int main(int argc, char **argv)
{
	struct vfio_region_info bar = { .argsz = sizeof(bar), .index = bar_index };
	struct sigaction sa = { .sa_handler = on_sigbus };
	int device;
	char *p;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: %s BDF [BAR]\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	sigaction(SIGBUS, &sa, NULL);
	if (argc == 3)
		bar.index = bar_index = atoi(argv[2]);
	device = open_device(argv[1]);
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &bar))
		die("VFIO_DEVICE_GET_REGION_INFO");
	printf("BAR%u: %llu KiB at region offset %#llx, flags %#x\n", bar_index,
	       bar.size >> 10, bar.offset, bar.flags);

	p = mmap(NULL, bar.size, PROT_READ | PROT_WRITE, MAP_SHARED, device,
		 bar.offset);
	if (p == MAP_FAILED && errno == EOVERFLOW)
		p = map_whole_bar(device, bar.size);
	if (p == MAP_FAILED)
		die("mmap BAR");
	maps_line(p);
	show("host wrote, guest reads:", p);
	put_str(p + REPLY_OFFSET, "hello from the guest");
	show("guest wrote at +4096:", p + REPLY_OFFSET);

	set_memory_enable(device, 0);
	expect(!show("memory decode off, read:", p),
	       "the BAR mapping reads with memory decode off");
	set_memory_enable(device, 1);
	expect(show("memory decode on again, read:", p),
	       "the BAR mapping did not come back");

	dmabuf_demo(device, 0, 2 * 1024 * 1024 < bar.size ? 2 * 1024 * 1024 : bar.size);
	munmap(p, bar.size);
	close(device);
	return failures ? 1 : 0;
}
