/*
 * A host stand-in for RAM, so mm/page_alloc.c and mm/slab.c run unchanged
 * in a process: an aligned block of host memory plays physical memory from
 * pfn 0, PAGE_OFFSET (page_offset_base) points at it, mem_map[] describes
 * it, and the frames [HOST_ARENA_BASE_PFN, host_arena_end_pfn) minus a few
 * reserved holes are handed to the buddy allocator as memblock would.
 *
 * printk() and panic() for the host live here too: printk text goes to
 * stderr and into a buffer the tests can search; panic() prints and calls
 * abort(), so a test expecting one declares `.signal = SIGABRT`.
 * Used by the Criterion tests (tests/host/mm), the libFuzzer target
 * (tests/fuzz/fuzz_mm.c) and the benchmark (tests/host/mm/bench).
 */
#ifndef KEEL_TESTS_HOST_ARENA_H
#define KEEL_TESTS_HOST_ARENA_H

#include <stdbool.h>
#include <stddef.h>

/* RAM starts at 1 MiB, as on a PC once the first MiB is kept back. */
#define HOST_ARENA_BASE_PFN 0x100UL

struct host_range {
	unsigned long start, end; /* pfns, end exclusive */
};

/* The reserved holes inside the arena (a "kernel image", a lone page). */
extern const struct host_range host_arena_holes[];
extern const size_t host_arena_nr_holes;
extern unsigned long host_arena_end_pfn; /* one past the last RAM pfn */

/*
 * Map @mib MiB of RAM (from HOST_ARENA_BASE_PFN, @mib >= 8) and call
 * page_alloc_init(); no memory is handed over yet.
 */
void host_arena_create(unsigned long mib);
/* Hand the RAM minus the holes to the buddy allocator. */
void host_arena_hand_over(void);
/* create + hand over + kmem_cache_init(): the usual test setup. */
void host_arena_init(unsigned long mib);
/* Pages handed over by host_arena_hand_over() for an arena of @mib MiB. */
unsigned long host_arena_usable_pages(unsigned long mib);

/* Is [va, va+len) inside the RAM the allocator manages (not a hole)? */
bool host_arena_owns(const void *va, size_t len);

/* The printk log since the last host_log_clear(). */
const char *host_log(void);
void host_log_clear(void);
bool host_log_contains(const char *needle);
/* Silence printk's copy to stderr (the log buffer still fills). */
void host_log_quiet(bool quiet);

/*
 * Declare that the test must end in a panic whose message contains
 * @needle (call again to add more). A panic without them exits with
 * status 3 instead of aborting, so a `.signal = SIGABRT` test fails.
 */
void host_expect_panic(const char *needle);

#endif
