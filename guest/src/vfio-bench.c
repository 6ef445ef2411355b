// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-bench: the numbers of "make bench", measured the same way on the
 * unpatched base and on the patched kernel.
 *
 *   vfio-bench BDF
 *
 * The device is an ivshmem-plain with a large BAR2.  For each mapping kind
 * (the device fd, and an exported DMABUF where the kernel can map one) and
 * each alignment of the mapping address (4 KiB, 2 MiB, 1 GiB), it touches
 * every page of the whole BAR and reports the minor faults and the time.
 * Then it times a revocation (clearing memory enable, which zaps every
 * mapping) and the restore with populated mappings of growing size, and with
 * growing numbers of mappings, as the median of 7 rounds.  Every result is a
 * line
 *
 *   @@@ bench KEY VALUE
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include "vfio-open.h"

#define BAR 2
#define SZ_4K (4096UL)
#define SZ_2M (2UL << 20)
#define SZ_1G (1UL << 30)

static int device;
static struct vfio_region_info bar = { .argsz = sizeof(bar), .index = BAR };

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static void report(const char *key, double value)
{
	printf("@@@ bench %s %.1f\n", key, value);
}

/* An address range of @len at (address % @align) == @skew. */
static void *reserve(size_t len, size_t align, size_t skew)
{
	char *p = mmap(NULL, len + 2 * align, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		die("reserve");
	return (void *)((((uintptr_t)p + align - 1) & ~(align - 1)) + skew);
}

/* Map @len of @fd at @off; NULL if the kernel refuses. */
static volatile char *map_at(void *where, int fd, off_t off, size_t len)
{
	void *p = mmap(where, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | (where ? MAP_FIXED : 0), fd, off);

	return p == MAP_FAILED ? NULL : p;
}

static void touch(volatile char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += SZ_4K)
		(void)p[i];
}

static void touch_bench(const char *kind, int fd, off_t off)
{
	static const struct { const char *name; size_t align, skew; } at[] = {
		{ "4k", SZ_2M, SZ_4K }, { "2m", SZ_1G, SZ_2M }, { "1g", SZ_1G, 0 },
	};
	size_t len = bar.size;
	char key[64];
	double t;
	long f;
	int i;

	for (i = 0; i < 3; i++) {
		volatile char *p = map_at(reserve(len, at[i].align, at[i].skew),
					  fd, off, len);

		if (!p)
			return;
		f = minflt();
		t = now_us();
		touch(p, len);
		t = now_us() - t;
		f = minflt() - f;
		snprintf(key, sizeof(key), "touch/%s/%s/faults", kind, at[i].name);
		report(key, f);
		snprintf(key, sizeof(key), "touch/%s/%s/us", kind, at[i].name);
		report(key, t);
		munmap((void *)p, len);
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#define ROUNDS 7

/*
 * Time clearing memory enable (the revocation) and setting it again, the
 * median of ROUNDS rounds; @maps/@n/@len re-populate the mappings before each
 * round, since a revocation zaps them.
 */
static void revoke_bench(const char *what, size_t key_n,
			 volatile char **maps, size_t n, size_t len)
{
	double off[ROUNDS], on[ROUNDS], t;
	char key[64];
	size_t i;
	int r;

	for (r = 0; r < ROUNDS; r++) {
		for (i = 0; i < n; i++)
			if (maps[i])
				touch(maps[i], len);
		t = now_us();
		set_memory_enable(device, 0);
		off[r] = now_us() - t;
		t = now_us();
		set_memory_enable(device, 1);
		on[r] = now_us() - t;
	}
	qsort(off, ROUNDS, sizeof(*off), cmp_double);
	qsort(on, ROUNDS, sizeof(*on), cmp_double);
	snprintf(key, sizeof(key), "revoke/%s/%zu/us", what, key_n);
	report(key, off[ROUNDS / 2]);
	snprintf(key, sizeof(key), "restore/%s/%zu/us", what, key_n);
	report(key, on[ROUNDS / 2]);
}

int main(int argc, char **argv)
{
	static volatile char *maps[256];
	size_t len, n, i;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s BDF\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	device = open_device(argv[1]);
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &bar))
		die("VFIO_DEVICE_GET_REGION_INFO");
	report("bar/MiB", bar.size >> 20);

	touch_bench("devfd", device, bar.offset);
	fd = export_dmabuf(device, BAR, 0, bar.size);
	report("export/whole-BAR/ok", fd >= 0);
	if (fd >= 0) {
		touch_bench("dmabuf", fd, 0);
		close(fd);
	}

	/* One populated mapping of growing size, aligned for huge pages. */
	for (len = SZ_2M; len <= bar.size && len <= SZ_1G; len *= 4) {
		volatile char *p = map_at(reserve(len, SZ_1G, 0), device,
					  bar.offset, len);

		if (!p)
			die("mmap BAR");
		revoke_bench("size-KiB", len >> 10, &p, 1, len);
		munmap((void *)p, len);
	}

	/* Growing numbers of populated one-page mappings of the device fd. */
	for (n = 1; n <= 256; n *= 4) {
		for (i = 0; i < n; i++) {
			maps[i] = map_at(NULL, device, bar.offset + i * SZ_4K, SZ_4K);
			if (!maps[i])
				die("mmap BAR page");
		}
		revoke_bench("devfd-maps", n, maps, n, SZ_4K);
		for (i = 0; i < n; i++)
			munmap((void *)maps[i], SZ_4K);
	}

	/*
	 * Growing numbers of exported one-page DMABUFs, each mapped and
	 * touched where the kernel can map a DMABUF (not on the base).
	 */
	for (n = 1; n <= 256; n *= 4) {
		static int fds[256];

		for (i = 0; i < n; i++) {
			fds[i] = export_dmabuf(device, BAR, i * SZ_4K, SZ_4K);
			if (fds[i] < 0)
				return 0;
			maps[i] = map_at(NULL, fds[i], 0, SZ_4K);
		}
		revoke_bench("dmabufs", n, maps, n, SZ_4K);
		for (i = 0; i < n; i++) {
			if (maps[i])
				munmap((void *)maps[i], SZ_4K);
			close(fds[i]);
		}
	}
	return 0;
}
