/*
 * The buddy page allocator (Linux's mm/page_alloc.c): blocks of 2^order
 * pages, order 0..MAX_ORDER, one free list per order, split on allocation,
 * coalesced with their buddy on free, and a per-cpu list of order-0 pages
 * in front (Linux's per_cpu_pages) so the common single-page case is a list
 * push or pop. One zone: keel has no ZONE_DMA/DMA32 split.
 *
 * Pure logic over mem_map[]: touches no hardware, builds on the host.
 */
#ifndef KEEL_MM_PAGE_ALLOC_H
#define KEEL_MM_PAGE_ALLOC_H

#include "mm/page.h"
#include "mm/gfp.h"

/*
 * Set up an empty allocator over mem_map[0..max_pfn), which the caller has
 * zeroed (every page PR_RESERVED; memblock_alloc zeroes). Called once
 * mem_map exists, before any free_memory_range().
 */
void page_alloc_init(void);

/*
 * Hand the frames [start_pfn, end_pfn) to the allocator (boot only: the
 * memblock hand-over). Builds maximal aligned blocks; counts them as
 * managed. Also recomputes the watermarks.
 */
void free_memory_range(unsigned long start_pfn, unsigned long end_pfn);

/*
 * Allocate 2^order contiguous pages. Returns the first struct page, or NULL
 * when no block is free or the allocation would take free memory below the
 * min watermark (GFP_ATOMIC/__GFP_HIGH may go to half of min). Each page is
 * PR_KERNEL with _refcount 1 on the head; __GFP_ZERO zeroes them.
 * Any context (interrupts are disabled inside).
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);

/* Free a block from alloc_pages; @order must match. Panics on a double
 * free or a page that is not an allocated block head. */
void __free_pages(struct page *page, unsigned int order);

/* The same, by direct-map address. 0 / NULL means failure. */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp);
void free_pages(unsigned long addr, unsigned int order);
#define alloc_page(gfp)	     alloc_pages(gfp, 0)
#define __free_page(page)    __free_pages(page, 0)
#define __get_free_page(gfp) __get_free_pages(gfp, 0)
#define free_page(addr)	     free_pages(addr, 0)

/* Counters, in pages. */
unsigned long nr_free_pages(void);  /* buddy lists plus pcp lists */
unsigned long totalram_pages(void); /* managed: handed to the allocator */

struct zone_watermarks {
	unsigned long min, low, high; /* pages */
};
/* min_free_kbytes = sqrt(16 * managed KiB) clamped to [128, 65536] KiB;
 * low = min + max(min/4, managed/1000), high = min + 2*that (Linux). */
struct zone_watermarks zone_watermarks(void);

/* Return every pcp page to the buddy lists (Linux's drain_all_pages). */
void drain_all_pages(void);

/*
 * Linux's /proc/buddyinfo: "Node 0, zone   Normal" followed by the number
 * of free blocks of each order 0..MAX_ORDER, each in a field of width 6.
 * Writes at most @len bytes into @buf (NUL-terminated); returns the length.
 */
size_t buddyinfo_show(char *buf, size_t len);

/*
 * Consistency checker used by the tests: every free block is aligned to its
 * order, on exactly one list, of the role and order its list says; no two
 * blocks overlap; pcp pages are PR_PCP; the counts add up to
 * nr_free_pages(). Returns 0, or -1 with the first problem in @err.
 */
int buddy_check(char *err, size_t errlen);

#endif
