/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Opening a vfio-pci device with plain vfio ioctls, for the guest programs:
 * through its group, in IOMMU (type1) or no-IOMMU mode.
 */
#ifndef GUEST_VFIO_OPEN_H
#define GUEST_VFIO_OPEN_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>

static void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, what,
		strerror(errno));
	exit(1);
}

/* Open the device through its vfio group, in IOMMU or no-IOMMU mode. */
static int open_device(const char *bdf)
{
	char path[PATH_MAX], link[PATH_MAX];
	int container, group, device, iommu = VFIO_TYPE1v2_IOMMU;
	struct vfio_group_status status = { .argsz = sizeof(status) };
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", bdf);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		die("iommu_group");
	link[n] = 0;
	snprintf(path, sizeof(path), "/dev/vfio/%s", strrchr(link, '/') + 1);
	group = open(path, O_RDWR);
	if (group < 0) {
		snprintf(path, sizeof(path), "/dev/vfio/noiommu-%s",
			 strrchr(link, '/') + 1);
		group = open(path, O_RDWR);
		iommu = VFIO_NOIOMMU_IOMMU;
	}
	if (group < 0)
		die("open group");
	printf("group %s, %s mode\n", path,
	       iommu == VFIO_NOIOMMU_IOMMU ? "no-IOMMU" : "IOMMU");

	container = open("/dev/vfio/vfio", O_RDWR);
	if (container < 0)
		die("open /dev/vfio/vfio");
	if (ioctl(group, VFIO_GROUP_GET_STATUS, &status) ||
	    !(status.flags & VFIO_GROUP_FLAGS_VIABLE))
		die("group not viable");
	if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container))
		die("VFIO_GROUP_SET_CONTAINER");
	if (ioctl(container, VFIO_SET_IOMMU, iommu))
		die("VFIO_SET_IOMMU");
	device = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	if (device < 0)
		die("VFIO_GROUP_GET_DEVICE_FD");
	return device;
}

static void set_memory_enable(int device, int on)
{
	struct vfio_region_info cfg = {
		.argsz = sizeof(cfg), .index = VFIO_PCI_CONFIG_REGION_INDEX,
	};
	unsigned short cmd;

	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &cfg) ||
	    pread(device, &cmd, 2, cfg.offset + PCI_COMMAND) != 2)
		die("read PCI_COMMAND");
	cmd = on ? cmd | PCI_COMMAND_MEMORY : cmd & ~PCI_COMMAND_MEMORY;
	if (pwrite(device, &cmd, 2, cfg.offset + PCI_COMMAND) != 2)
		die("write PCI_COMMAND");
}

/* Export [@off, @off + @len) of BAR @bar as a DMABUF: its fd, or -1. */
static inline int export_dmabuf(int device, unsigned int bar, size_t off,
				size_t len)
{
	struct {
		struct vfio_device_feature hdr;
		struct vfio_device_feature_dma_buf get;
		struct vfio_region_dma_range range;
	} req = {
		.hdr.argsz = sizeof(req),
		.hdr.flags = VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_DMA_BUF,
		.get = { .region_index = bar, .open_flags = O_RDWR | O_CLOEXEC,
			 .nr_ranges = 1 },
		.range = { .offset = off, .length = len },
	};

	return ioctl(device, VFIO_DEVICE_FEATURE, &req);
}

#endif
