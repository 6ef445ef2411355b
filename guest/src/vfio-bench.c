// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-bench: the numbers of "make bench", measured the same way on the
 * unpatched base and on the patched kernel.
 *
 *   [BENCH_ROUNDS=N] vfio-bench BDF
 *
 * The device is an ivshmem-plain with a large BAR2.  Every time is measured
 * in ROUNDS rounds (BENCH_ROUNDS, 21 by default; guest/init takes it from
 * the kernel command line) and reported as its min, median and max, so that
 * the host can tell a difference from the noise of TCG.
 *
 * For each mapping kind (the device fd, and an exported DMABUF where the
 * kernel can map one) and each placement of the mapping (4 KiB, 2 MiB and
 * 1 GiB aligned, and wherever a plain mmap(NULL, ...) puts it), it maps the
 * whole BAR anew in each round, touches every page, and reports the minor
 * faults and the time.  Then it times a revocation (clearing memory enable,
 * which zaps every mapping) and the restore with a populated mapping of
 * growing size, with 1 to 4096 populated one-page mappings of the device
 * fd, and with as many exported one-page DMABUFs, mapped and populated
 * where the kernel can map them (not on the base).  Last, it reports the
 * kernel memory per one-page mapping of the device fd, per exported
 * one-page DMABUF and per mapping of one: the growth of Slab and PageTables
 * and the fall of MemFree in /proc/meminfo, the median of MEM_RUNS batches
 * of MEM_MAPS.  Every result is a line
 *
 *   @@@ bench KEY VALUE
 *
 * and a time KEY comes as three lines, KEY/min, KEY/med and KEY/max.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include "vfio-open.h"

#define BAR 2
#define SZ_4K (4096UL)
#define SZ_2M (2UL << 20)
#define SZ_1G (1UL << 30)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Fewer, and the [min, max] ranges that the host compares are too narrow. */
#define MIN_ROUNDS 15
#define DEFAULT_ROUNDS 21
#define MAX_ROUNDS 101
#define REVOKE_MAPS 4096	/* the most mappings a revocation is timed with */
#define MEM_MAPS 1024		/* mappings per memory batch */
#define MEM_RUNS 5		/* memory batches, all kept until the last */
#define MAX_MAPS (MEM_MAPS * MEM_RUNS)

static int device, rounds;
static struct vfio_region_info bar = { .argsz = sizeof(bar), .index = BAR };
static volatile char *maps[MAX_MAPS];
static int fds[MAX_MAPS];

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

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* @v[0..@n) sorted, and its median (the upper one for an even @n). */
static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* The times @v of the rounds as KEY/min, KEY/med and KEY/max. */
static void report_spread(const char *key, double *v)
{
	double med = median(v, rounds);
	char k[96];

	snprintf(k, sizeof(k), "%s/min", key);
	report(k, v[0]);
	snprintf(k, sizeof(k), "%s/med", key);
	report(k, med);
	snprintf(k, sizeof(k), "%s/max", key);
	report(k, v[rounds - 1]);
}

/* BENCH_ROUNDS, which guest/init takes from the kernel command line. */
static int get_rounds(void)
{
	const char *s = getenv("BENCH_ROUNDS");
	int n = s ? atoi(s) : DEFAULT_ROUNDS;

	if (n < MIN_ROUNDS || n > MAX_ROUNDS) {
		fprintf(stderr, "BENCH_ROUNDS=%s: not in %d..%d\n", s,
			MIN_ROUNDS, MAX_ROUNDS);
		exit(2);
	}
	return n;
}

/* The offset in the BAR of the @i-th one-page mapping: distinct pages. */
static off_t page_off(size_t i)
{
	return (i % (bar.size / SZ_4K)) * SZ_4K;
}

/* An address range to unmap after use. */
struct range {
	void *start;
	size_t len;
};

/*
 * An address range of @len at (address % @align) == @skew, in a reservation
 * @res; with no @align, NULL: let mmap() place it.
 */
static void *reserve(size_t len, size_t align, size_t skew, struct range *res)
{
	res->len = align ? len + 2 * align : 0;
	if (!align)
		return NULL;
	res->start = mmap(NULL, res->len, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (res->start == MAP_FAILED)
		die("reserve");
	return (void *)((((uintptr_t)res->start + align - 1) & ~(align - 1)) +
			skew);
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

/* Map the whole BAR at @where and touch it: the time, or -1; its faults. */
static double touch_round(void *where, int fd, off_t off, long *faults)
{
	volatile char *p = map_at(where, fd, off, bar.size);
	double t;

	if (!p)
		return -1;
	*faults = minflt();
	t = now_us();
	touch(p, bar.size);
	t = now_us() - t;
	*faults = minflt() - *faults;
	munmap((void *)p, bar.size);
	return t;
}

/*
 * Touch the whole BAR through @fd mapped at each placement, anew in each
 * round; the faults are the same in every round, so they have no spread.
 */
static void touch_bench(const char *kind, int fd, off_t off)
{
	static const struct { const char *name; size_t align, skew; } at[] = {
		{ "4k", SZ_2M, SZ_4K }, { "2m", SZ_1G, SZ_2M }, { "1g", SZ_1G, 0 },
		{ "plain", 0, 0 },	/* wherever mmap(NULL, ...) puts it */
	};
	double t[MAX_ROUNDS];
	struct range res;
	char key[64];
	void *where;
	long f = 0;
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(at); i++) {
		where = reserve(bar.size, at[i].align, at[i].skew, &res);
		for (r = 0; r < rounds; r++) {
			t[r] = touch_round(where, fd, off, &f);
			if (t[r] < 0)
				break;
		}
		/* Left, its hole could take the plain mapping: no test then. */
		if (res.len)
			munmap(res.start, res.len);
		if (r < rounds)
			return;
		snprintf(key, sizeof(key), "touch/%s/%s/faults", kind, at[i].name);
		report(key, f);
		snprintf(key, sizeof(key), "touch/%s/%s/us", kind, at[i].name);
		report_spread(key, t);
	}
}

/*
 * Time clearing memory enable (the revocation) and setting it again, over
 * the rounds; @m/@n/@len re-populate the mappings before each round,
 * since a revocation zaps them.
 */
static void revoke_bench(const char *what, size_t key_n,
			 volatile char **m, size_t n, size_t len)
{
	double off[MAX_ROUNDS], on[MAX_ROUNDS], t;
	char key[64];
	size_t i;
	int r;

	for (r = 0; r < rounds; r++) {
		for (i = 0; i < n; i++)
			if (m[i])
				touch(m[i], len);
		t = now_us();
		set_memory_enable(device, 0);
		off[r] = now_us() - t;
		t = now_us();
		set_memory_enable(device, 1);
		on[r] = now_us() - t;
	}
	snprintf(key, sizeof(key), "revoke/%s/%zu/us", what, key_n);
	report_spread(key, off);
	snprintf(key, sizeof(key), "restore/%s/%zu/us", what, key_n);
	report_spread(key, on);
}

/* maps[@from, @to): populated one-page mappings of the device fd. */
static void map_devfd_pages(size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++) {
		maps[i] = map_at(NULL, device, bar.offset + page_off(i), SZ_4K);
		if (!maps[i])
			die("mmap BAR page");
		touch(maps[i], SZ_4K);
	}
}

/* fds[@from, @to): exported one-page DMABUFs; false if the kernel cannot. */
static bool export_pages(size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++) {
		fds[i] = export_dmabuf(device, BAR, page_off(i), SZ_4K);
		if (fds[i] < 0 && i > 0)
			die("export DMABUF");
		if (fds[i] < 0)
			return false;
	}
	return true;
}

/*
 * maps[@from, @to): populated mappings of fds[@from, @to) where the kernel
 * can map a DMABUF (not on the base), else NULL; whether it could.
 */
static bool map_dmabufs(size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++) {
		maps[i] = map_at(NULL, fds[i], 0, SZ_4K);
		if (maps[i])
			touch(maps[i], SZ_4K);
	}
	return from == to || maps[from] != NULL;
}

static void unmap_pages(size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (maps[i])
			munmap((void *)maps[i], SZ_4K);
}

static void close_dmabufs(size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		close(fds[i]);
}

enum { MEM_SLAB, MEM_FREE, MEM_PAGETABLES, NR_MEM };

/*
 * The /proc/meminfo counters that kernel allocations move, in KiB.  Read
 * with read() into a static buffer: no allocation of our own in between.
 */
static void meminfo(long kib[NR_MEM])
{
	static const char *const field[NR_MEM] = {
		"\nSlab:", "\nMemFree:", "\nPageTables:",
	};
	static char buf[8192] = "\n";
	const char *p;
	ssize_t len;
	int fd, i;

	/*
	 * The counters lag by what each CPU has not folded in yet, up to
	 * hundreds of KiB: fold it first.  Without SMP there is no such file,
	 * and nothing to fold.
	 */
	fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "1", 1) != 1)
			die("stat_refresh");
		close(fd);
	}
	fd = open("/proc/meminfo", O_RDONLY);
	len = fd < 0 ? -1 : read(fd, buf + 1, sizeof(buf) - 2);
	if (len <= 0)
		die("/proc/meminfo");
	close(fd);
	buf[len + 1] = 0;
	for (i = 0; i < NR_MEM; i++) {
		p = strstr(buf, field[i]);
		kib[i] = p ? strtol(p + strlen(field[i]), NULL, 10) : 0;
	}
}

/* Bytes per mapping of each counter, in each batch. */
struct mem_runs {
	double bytes[NR_MEM][MEM_RUNS];
};

static void mem_record(struct mem_runs *m, int run, const long *before,
		       const long *after)
{
	long kib;
	int i;

	for (i = 0; i < NR_MEM; i++) {
		kib = after[i] - before[i];
		/* Memory the kernel takes is memory no longer free. */
		if (i == MEM_FREE)
			kib = -kib;
		m->bytes[i][run] = kib * 1024.0 / MEM_MAPS;
	}
}

static void mem_report(const char *what, struct mem_runs *m)
{
	static const char *const name[NR_MEM] = { "slab", "free", "pagetable" };
	char key[64];
	int i;

	for (i = 0; i < NR_MEM; i++) {
		snprintf(key, sizeof(key), "mem/%s/%s-bytes", what, name[i]);
		report(key, median(m->bytes[i], MEM_RUNS));
	}
}

/*
 * Kernel memory per populated one-page mapping of the device fd.  Each batch
 * is kept until the last, so that its objects come from new slab pages and
 * not from the ones the previous batch freed; the median drops the batches
 * that a per-cpu page list refill or drain moved.
 */
static void mem_bench_devfd(void)
{
	long before[NR_MEM], after[NR_MEM];
	struct mem_runs m;
	int run;

	for (run = 0; run < MEM_RUNS; run++) {
		meminfo(before);
		map_devfd_pages(run * MEM_MAPS, (run + 1) * MEM_MAPS);
		meminfo(after);
		mem_record(&m, run, before, after);
	}
	unmap_pages(MAX_MAPS);
	mem_report("devfd-map", &m);
}

/* The same per exported one-page DMABUF, and per populated mapping of one. */
static void mem_bench_dmabuf(void)
{
	long before[NR_MEM], exported[NR_MEM], after[NR_MEM];
	struct mem_runs ex, map;
	bool mapped = true;
	int run;

	for (run = 0; run < MEM_RUNS; run++) {
		meminfo(before);
		if (!export_pages(run * MEM_MAPS, (run + 1) * MEM_MAPS))
			return;
		meminfo(exported);
		mapped = map_dmabufs(run * MEM_MAPS, (run + 1) * MEM_MAPS);
		meminfo(after);
		mem_record(&ex, run, before, exported);
		mem_record(&map, run, exported, after);
	}
	unmap_pages(MAX_MAPS);
	close_dmabufs(MAX_MAPS);
	mem_report("dmabuf-export", &ex);
	if (mapped)
		mem_report("dmabuf-map", &map);
}

/* Growing numbers of populated one-page mappings of the device fd. */
static void revoke_bench_devfd(void)
{
	size_t n;

	for (n = 1; n <= REVOKE_MAPS; n *= 4) {
		map_devfd_pages(0, n);
		revoke_bench("devfd-maps", n, maps, n, SZ_4K);
		unmap_pages(n);
	}
}

/*
 * Growing numbers of exported one-page DMABUFs, each mapped and populated
 * where the kernel can map a DMABUF (not on the base).
 */
static void revoke_bench_dmabufs(void)
{
	size_t n;

	for (n = 1; n <= REVOKE_MAPS; n *= 4) {
		if (!export_pages(0, n))
			return;
		map_dmabufs(0, n);
		revoke_bench("dmabufs", n, maps, n, SZ_4K);
		unmap_pages(n);
		close_dmabufs(n);
	}
}

int main(int argc, char **argv)
{
	/* A DMABUF fd per buffer: MAX_MAPS of them open at once. */
	struct rlimit nofile = { .rlim_cur = 8192, .rlim_max = 8192 };
	long kib[NR_MEM];
	struct range res;
	size_t len;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s BDF\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	rounds = get_rounds();
	if (setrlimit(RLIMIT_NOFILE, &nofile))
		die("setrlimit RLIMIT_NOFILE");
	device = open_device(argv[1]);
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &bar))
		die("VFIO_DEVICE_GET_REGION_INFO");
	report("bar/MiB", bar.size >> 20);
	report("rounds", rounds);

	touch_bench("devfd", device, bar.offset);
	fd = export_dmabuf(device, BAR, 0, bar.size);
	report("export/whole-BAR/ok", fd >= 0);
	if (fd >= 0) {
		touch_bench("dmabuf", fd, 0);
		close(fd);
	}

	/* One populated mapping of growing size, aligned for huge pages. */
	for (len = SZ_2M; len <= bar.size && len <= SZ_1G; len *= 4) {
		volatile char *p = map_at(reserve(len, SZ_1G, 0, &res), device,
					  bar.offset, len);

		if (!p)
			die("mmap BAR");
		revoke_bench("size-KiB", len >> 10, &p, 1, len);
		munmap(res.start, res.len);
	}

	revoke_bench_devfd();
	revoke_bench_dmabufs();

	/* Fault in the arrays and the meminfo buffer before measuring. */
	memset(maps, 0, sizeof(maps));
	memset(fds, 0, sizeof(fds));
	meminfo(kib);
	mem_bench_devfd();
	mem_bench_dmabuf();
	return 0;
}
