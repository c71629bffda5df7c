/*
 * In-kernel benchmarks (kernel/bench.h): what cannot run on the host.
 * vmalloc(64 KiB)+vfree edits live page tables and flushes TLB entries, so
 * it is timed here, against the cost of the 16 order-0 page allocations
 * and frees it cannot avoid. Each figure is the best of several rounds,
 * which filters out interrupts and host noise.
 */
#include "kernel/bench.h"
#include "kernel/printk.h"
#include "arch/x86_64/io.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

#define ROUNDS 7
#define PAIRS  64

static void *volatile sink;

static void vmalloc_64k_pair(void)
{
	void *p = vmalloc(64 << 10);

	sink = p;
	vfree(p);
}

static void page_pairs_16(void)
{
	struct page *pages[16];

	for (int i = 0; i < 16; i++)
		pages[i] = alloc_pages(GFP_KERNEL, 0);
	for (int i = 0; i < 16; i++)
		__free_pages(pages[i], 0);
}

static void kmalloc_64_pair(void)
{
	void *p = kmalloc(64, GFP_KERNEL);

	sink = p;
	kfree(p);
}

/* Fewest TSC ticks one call of @fn took, as an average over PAIRS calls,
 * in the best of ROUNDS rounds. */
static uint64_t best_ticks(void (*fn)(void))
{
	uint64_t best = ~0ULL;

	fn(); /* warm up: caches, slabs, page tables */
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = rdtsc();

		for (int i = 0; i < PAIRS; i++)
			fn();
		best = min(best, (rdtsc() - t0) / PAIRS);
	}
	return best;
}

static void report(const char *what, uint64_t ticks, const char *base_what,
		   uint64_t base)
{
	printk(KERN_INFO "bench: %s: %llu ticks; %s: %llu ticks; ratio "
			 "%llu.%02llu\n",
	       what, (unsigned long long)ticks, base_what,
	       (unsigned long long)base, (unsigned long long)(ticks / base),
	       (unsigned long long)(ticks * 100 / base % 100));
}

void bench_run(void)
{
	uint64_t pages = best_ticks(page_pairs_16);

	report("vmalloc(64 KiB)+vfree", best_ticks(vmalloc_64k_pair),
	       "16 x alloc_pages(0)+__free_pages (baseline)", max(pages, 1ULL));
	report("kmalloc(64)+kfree", best_ticks(kmalloc_64_pair),
	       "16 x alloc_pages(0)+__free_pages (baseline)", max(pages, 1ULL));
}
