/*
 * The host arena standing in for RAM, and printk/panic for the host: see
 * host_arena.h. Physical address 0 is the start of one aligned_alloc()
 * block, so __va() is a plain offset as in the kernel's direct map, and
 * page_offset_base is 4 MiB aligned like PAGE_OFFSET, so buddy blocks are
 * aligned to their size in virtual memory too. Under ASan the first MiB
 * and the holes are poisoned: a hole the allocator hands out by mistake
 * faults at its first use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests/host/mm/host_arena.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "kernel/printk.h"
#include "kernel/vsprintf.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#define poison(va, len) ASAN_POISON_MEMORY_REGION(va, len)
#else
#define poison(va, len) ((void)(va), (void)(len))
#endif

#define ARENA_ALIGN (4UL << 20)

uintptr_t page_offset_base;
struct page *mem_map;
unsigned long max_pfn;

const struct host_range host_arena_holes[] = {
    {0x200, 0x240}, /* 256 KiB at 2 MiB: where the kernel image is */
    {0x5a3, 0x5a4}, /* one firmware page, splitting blocks around it */
};
const size_t host_arena_nr_holes =
    sizeof(host_arena_holes) / sizeof(host_arena_holes[0]);
unsigned long host_arena_end_pfn;

static char host_log_buf[1 << 20];
static size_t host_log_len;
static bool log_quiet;
static const char *expected[8];
static size_t nr_expected;

void host_arena_create(unsigned long mib)
{
	size_t bytes;
	void *arena;

	if (mib < 8) {
		fprintf(stderr, "host_arena: %lu MiB is too small\n", mib);
		abort();
	}
	host_arena_end_pfn = HOST_ARENA_BASE_PFN + (mib << (20 - PAGE_SHIFT));
	max_pfn = host_arena_end_pfn;
	bytes = ALIGN(PFN_PHYS(max_pfn), ARENA_ALIGN);
	arena = aligned_alloc(ARENA_ALIGN, bytes);
	mem_map = calloc(max_pfn, sizeof(struct page));
	if (!arena || !mem_map) {
		perror("host_arena");
		abort();
	}
	page_offset_base = (uintptr_t)arena;
	poison(arena, PFN_PHYS(HOST_ARENA_BASE_PFN));
	page_alloc_init();
}

void host_arena_hand_over(void)
{
	unsigned long start = HOST_ARENA_BASE_PFN;
	size_t i;

	for (i = 0; i < host_arena_nr_holes; i++) {
		const struct host_range *h = &host_arena_holes[i];

		free_memory_range(start, h->start);
		poison(__va(PFN_PHYS(h->start)), PFN_PHYS(h->end - h->start));
		start = h->end;
	}
	free_memory_range(start, host_arena_end_pfn);
}

void host_arena_init(unsigned long mib)
{
	host_arena_create(mib);
	host_arena_hand_over();
	kmem_cache_init();
}

unsigned long host_arena_usable_pages(unsigned long mib)
{
	unsigned long pages = mib << (20 - PAGE_SHIFT);
	size_t i;

	for (i = 0; i < host_arena_nr_holes; i++)
		pages -= host_arena_holes[i].end - host_arena_holes[i].start;
	return pages;
}

bool host_arena_owns(const void *va, size_t len)
{
	uintptr_t start = (uintptr_t)va - page_offset_base;
	uintptr_t end = start + len;
	size_t i;

	if (start < PFN_PHYS(HOST_ARENA_BASE_PFN) ||
	    end > PFN_PHYS(host_arena_end_pfn) || end < start)
		return false;
	for (i = 0; i < host_arena_nr_holes; i++)
		if (start < PFN_PHYS(host_arena_holes[i].end) &&
		    end > PFN_PHYS(host_arena_holes[i].start))
			return false;
	return true;
}

/* ---- printk and panic ---- */

static void log_append(const char *s)
{
	size_t n = strlen(s);

	if (host_log_len + n >= sizeof(host_log_buf))
		host_log_len = 0; /* the tests only look at recent text */
	memcpy(host_log_buf + host_log_len, s, n + 1);
	host_log_len += n;
	if (!log_quiet)
		fputs(s, stderr);
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[1024];
	int n;

	if (fmt[0] == KERN_SOH[0] && fmt[1])
		fmt += 2;
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	log_append(buf);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_quiet = false;
	log_append("Kernel panic - not syncing: ");
	log_append(buf);
	log_append("\n");
	for (i = 0; i < nr_expected; i++) {
		if (!strstr(buf, expected[i])) {
			fprintf(stderr,
				"host_arena: panic message lacks \"%s\"\n",
				expected[i]);
			_exit(3);
		}
	}
	abort();
}

const char *host_log(void)
{
	return host_log_buf;
}

void host_log_clear(void)
{
	host_log_len = 0;
	host_log_buf[0] = '\0';
}

bool host_log_contains(const char *needle)
{
	return strstr(host_log_buf, needle) != NULL;
}

void host_log_quiet(bool quiet)
{
	log_quiet = quiet;
}

void host_expect_panic(const char *needle)
{
	if (nr_expected < sizeof(expected) / sizeof(expected[0]))
		expected[nr_expected++] = needle;
}
