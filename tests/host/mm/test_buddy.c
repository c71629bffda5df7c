/*
 * The buddy allocator's behaviour (mm/page_alloc.c) on the host arena:
 * hand-over, split and coalesce, the pcp list, watermarks and exhaustion,
 * buddyinfo, and the panics that catch misuse. Each Criterion test runs in
 * its own process, so each starts from a fresh arena.
 */
#include <math.h>
#include <signal.h>
#include "tests/host/mm/mm_test.h"

/* The standard 16 MiB arena (RAM at pfn 0x100..0x1100, two holes). */
static void setup_arena(void)
{
	host_arena_create(ARENA_MIB);
	host_arena_hand_over();
}

/* Only pfns 0x400..0x800 handed over: a single free order-10 block. */
static void setup_one_block(void)
{
	host_arena_create(8);
	free_memory_range(0x400, 0x800);
}

static void setup_64m(void)
{
	host_arena_create(64);
	host_arena_hand_over();
}

static void setup_512m(void)
{
	host_arena_create(512);
	host_arena_hand_over();
}

/*
 * Blocks of the 16 MiB arena: 0x100 o8 | hole 0x200-0x240 | 0x240 o6,
 * 0x280 o7, 0x300 o8, 0x400 o8, 0x500 o7, 0x580 o5, 0x5a0 o1, 0x5a2 o0 |
 * hole 0x5a3 | 0x5a4 o2, 0x5a8 o3, 0x5b0 o4, 0x5c0 o6, 0x600 o9, 0x800 o10,
 * 0xc00 o10, 0x1000 o8.
 */
static const char arena_buddyinfo[] =
    "Node 0, zone   Normal      1      1      1      1      1      1"
    "      2      2      4      1      2 \n";

static unsigned long pfn_of(struct page *page)
{
	return page_to_pfn(page);
}

Test(buddy, hand_over_builds_maximal_aligned_blocks, .init = setup_arena)
{
	char buf[256];

	buddyinfo_show(buf, sizeof(buf));
	cr_assert_str_eq(buf, arena_buddyinfo);
	cr_assert_eq(totalram_pages(), host_arena_usable_pages(ARENA_MIB));
	cr_assert_eq(nr_free_pages(), totalram_pages());
	assert_buddy_clean();
}

Test(buddy, hand_over_twice_panics, .init = setup_arena, .signal = SIGABRT)
{
	host_expect_panic("pfn 0x400 handed over twice");
	free_memory_range(0x400, 0x401);
}

Test(buddy, splits_the_smallest_block_that_fits, .init = setup_one_block)
{
	unsigned long n[MAX_ORDER + 1];
	struct page *a = alloc_pages(GFP_KERNEL, 9);
	struct page *b = alloc_pages(GFP_KERNEL, 8);

	cr_assert_eq(pfn_of(a), 0x400);
	cr_assert_eq(pfn_of(b), 0x600);
	buddy_counts(n);
	cr_assert_eq(n[8], 1, "the upper half of 0x600 stays free");
	cr_assert_eq(n[9] + n[10], 0);
	cr_assert_eq(nr_free_pages(), 256);
	assert_buddy_clean();
}

Test(buddy, coalesces_freed_buddies, .init = setup_one_block)
{
	unsigned long n[MAX_ORDER + 1];
	struct page *a = alloc_pages(GFP_KERNEL, 9);
	struct page *b = alloc_pages(GFP_KERNEL, 8);

	__free_pages(b, 8);
	buddy_counts(n);
	cr_assert_eq(n[8], 0, "0x600 and 0x700 merged");
	cr_assert_eq(n[9], 1);
	__free_pages(a, 9);
	buddy_counts(n);
	cr_assert_eq(n[9], 0);
	cr_assert_eq(n[10], 1, "back to one order-10 block");
	cr_assert_eq(nr_free_pages(), 1024);
	assert_buddy_clean();
}

Test(buddy, does_not_merge_across_a_hole, .init = setup_arena)
{
	struct page *p = alloc_pages(GFP_KERNEL, 1);

	cr_assert_eq(pfn_of(p), 0x5a0, "the only order-1 block");
	__free_pages(p, 1);
	/* 0x5a0's order-1 buddy is 0x5a2, an order-0 block next to a hole. */
	drain_all_pages();
	assert_buddy_clean();
	{
		char buf[256];

		buddyinfo_show(buf, sizeof(buf));
		cr_assert_str_eq(buf, arena_buddyinfo);
	}
}

Test(buddy, multi_page_blocks_are_compound, .init = setup_arena)
{
	struct page *p = alloc_pages(GFP_KERNEL, 2);
	unsigned int i;

	cr_assert_not_null(p);
	cr_assert_eq(p->flags, PR_KERNEL | PG_head | 2 << PG_ORDER_SHIFT);
	cr_assert_eq(page_count(p), 1);
	for (i = 1; i < 4; i++) {
		cr_assert_eq(p[i].flags, PR_KERNEL | PG_tail);
		cr_assert_eq(p[i].compound_head, pfn_of(p));
		cr_assert_eq(page_count(&p[i]), 0);
	}
	__free_pages(p, 2);
	assert_buddy_clean();
}

Test(buddy, order_zero_pages_are_plain_kernel_pages, .init = setup_arena)
{
	struct page *p = alloc_page(GFP_KERNEL);

	cr_assert_eq(p->flags, PR_KERNEL);
	cr_assert_eq(page_count(p), 1);
	cr_assert(host_arena_owns(page_address(p), PAGE_SIZE));
	__free_page(p);
	cr_assert_eq(p->flags, PR_PCP);
	assert_buddy_clean();
}

Test(buddy, gfp_zero_zeroes_every_page, .init = setup_arena)
{
	unsigned int orders[] = {0, 3};
	size_t i, j;

	for (i = 0; i < 2; i++) {
		unsigned int order = orders[i];
		struct page *p = alloc_pages(GFP_KERNEL, order);
		unsigned char *va = page_address(p);

		memset(va, 0xa5, PAGE_SIZE << order);
		__free_pages(p, order);
		p = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
		va = page_address(p);
		for (j = 0; j < PAGE_SIZE << order; j++)
			cr_assert_eq(va[j], 0, "order %u byte %zu", order, j);
		__free_pages(p, order);
	}
}

Test(buddy, address_api_round_trips, .init = setup_arena)
{
	unsigned long a = __get_free_pages(GFP_KERNEL, 1);
	unsigned long z = get_zeroed_page(GFP_KERNEL);
	unsigned long before;
	size_t i;

	cr_assert_neq(a, 0);
	cr_assert(IS_ALIGNED(a, 2 * PAGE_SIZE));
	cr_assert_eq(virt_to_page(a)->flags & PG_head, PG_head);
	for (i = 0; i < PAGE_SIZE; i++)
		cr_assert_eq(((unsigned char *)z)[i], 0);
	before = nr_free_pages();
	free_pages(a, 1);
	free_page(z);
	free_pages(0, 3); /* no-op, as in Linux */
	cr_assert_eq(nr_free_pages(), before + 3);
	assert_buddy_clean();
}

Test(buddy, extra_reference_defers_the_free, .init = setup_arena)
{
	struct page *p = alloc_page(GFP_KERNEL);
	unsigned long before = nr_free_pages();

	p->_refcount = 2;
	__free_page(p);
	cr_assert_eq(p->flags, PR_KERNEL, "still allocated");
	cr_assert_eq(page_count(p), 1);
	cr_assert_eq(nr_free_pages(), before);
	__free_page(p);
	cr_assert_eq(nr_free_pages(), before + 1);
}

/* ---- the per-cpu list ---- */

Test(buddy, pcp_refills_a_batch_at_a_time, .init = setup_64m)
{
	/* 16319 pages managed: batch 3, high 18 (Linux's zone_batchsize). */
	struct page *p[4];
	int i;

	cr_assert_eq(pcp_pages(), 0);
	p[0] = alloc_page(GFP_KERNEL);
	cr_assert_eq(pcp_pages(), 2, "3 taken, 1 handed out");
	p[1] = alloc_page(GFP_KERNEL);
	p[2] = alloc_page(GFP_KERNEL);
	cr_assert_eq(pcp_pages(), 0);
	p[3] = alloc_page(GFP_KERNEL);
	cr_assert_eq(pcp_pages(), 2);
	for (i = 0; i < 4; i++)
		__free_page(p[i]);
	cr_assert_eq(pcp_pages(), 6);
	assert_buddy_clean();
}

Test(buddy, pcp_gives_back_a_batch_at_high, .init = setup_64m)
{
	struct page *p[40];
	unsigned long most = 0;
	int i;

	for (i = 0; i < 40; i++)
		p[i] = alloc_page(GFP_KERNEL);
	drain_all_pages();
	for (i = 0; i < 40; i++) {
		__free_page(p[i]);
		most = max(most, pcp_pages());
		cr_assert_lt(pcp_pages(), 18, "pcp reached high");
	}
	cr_assert_eq(most, 17, "high - 1 is the most it holds");
	drain_all_pages();
	cr_assert_eq(pcp_pages(), 0);
	assert_buddy_clean();
}

Test(buddy, pcp_sizes_reach_linux_31_and_186, .init = setup_512m)
{
	struct page *p[200];
	unsigned long most = 0;
	int i;

	p[0] = alloc_page(GFP_KERNEL);
	cr_assert_eq(pcp_pages(), 30, "batch 31");
	for (i = 1; i < 200; i++)
		p[i] = alloc_page(GFP_KERNEL);
	drain_all_pages();
	for (i = 0; i < 200; i++) {
		__free_page(p[i]);
		most = max(most, pcp_pages());
	}
	cr_assert_eq(most, 185, "high 186");
	assert_buddy_clean();
}

Test(buddy, drain_all_pages_empties_the_pcp_list, .init = setup_arena)
{
	struct page *p = alloc_page(GFP_KERNEL);
	unsigned long before = nr_free_pages();

	__free_page(p);
	cr_assert_gt(pcp_pages(), 0);
	drain_all_pages();
	cr_assert_eq(pcp_pages(), 0);
	cr_assert_eq(nr_free_pages(), before + 1);
	assert_buddy_clean();
}

/* ---- watermarks and exhaustion ---- */

static struct zone_watermarks expected_wmarks(unsigned long managed)
{
	unsigned long kib = managed * 4;
	unsigned long mfk = (unsigned long)sqrt((double)kib * 16);
	struct zone_watermarks w;
	unsigned long tmp;

	mfk = mfk < 128 ? 128 : mfk > 65536 ? 65536 : mfk;
	w.min = mfk / 4;
	tmp = max(w.min / 4, managed / 1000);
	w.low = w.min + tmp;
	w.high = w.min + 2 * tmp;
	return w;
}

Test(buddy, watermarks_follow_min_free_kbytes, .init = setup_arena)
{
	struct zone_watermarks w = zone_watermarks();
	struct zone_watermarks e = expected_wmarks(totalram_pages());

	cr_assert_eq(w.min, e.min, "min %lu, expected %lu", w.min, e.min);
	cr_assert_eq(w.low, e.low, "low %lu, expected %lu", w.low, e.low);
	cr_assert_eq(w.high, e.high, "high %lu, expected %lu", w.high, e.high);
	cr_assert(w.min < w.low && w.low < w.high);
}

Test(buddy, small_memory_clamps_min_free_kbytes_to_128)
{
	struct zone_watermarks w;

	host_arena_create(8);
	free_memory_range(0x400, 0x480); /* 512 KiB */
	w = zone_watermarks();
	cr_assert_eq(w.min, 32, "128 KiB");
	cr_assert_eq(w.low, 40);
	cr_assert_eq(w.high, 48);
}

/* Allocate order-@order blocks with @gfp until NULL; returns how many. */
static size_t exhaust(struct page **pages, size_t max, gfp_t gfp,
		      unsigned int order)
{
	size_t n = 0;

	while (n < max && (pages[n] = alloc_pages(gfp, order)))
		n++;
	cr_assert_lt(n, max, "never ran out");
	return n;
}

static struct page *held[8192];

Test(buddy, exhaustion_returns_null_then_recovers, .init = setup_arena)
{
	char before[256], after[256];
	unsigned long free_before = nr_free_pages();
	size_t n, i;

	buddyinfo_show(before, sizeof(before));
	n = exhaust(held, 8192, GFP_KERNEL | __GFP_NOWARN, 0);
	cr_assert_eq(nr_free_pages(), zone_watermarks().min,
		     "stops exactly at the min watermark");
	cr_assert_null(alloc_page(GFP_KERNEL | __GFP_NOWARN));
	assert_buddy_clean();
	for (i = 0; i < n; i++)
		__free_page(held[i]);
	cr_assert_eq(nr_free_pages(), free_before);
	drain_all_pages();
	buddyinfo_show(after, sizeof(after));
	cr_assert_str_eq(after, before, "everything coalesced back");
	assert_buddy_clean();
	cr_assert_not_null(alloc_pages(GFP_KERNEL, 4), "usable again");
}

Test(buddy, gfp_atomic_may_use_half_the_reserve, .init = setup_arena)
{
	unsigned long min = zone_watermarks().min;
	size_t n, m;

	n = exhaust(held, 8192, GFP_KERNEL | __GFP_NOWARN, 0);
	m = exhaust(held + n, 8192 - n, GFP_ATOMIC | __GFP_NOWARN, 0);
	cr_assert_eq(m, min - min / 2, "atomic took %zu of min %lu", m, min);
	cr_assert_eq(nr_free_pages(), min / 2);
	cr_assert_null(alloc_page(GFP_ATOMIC | __GFP_NOWARN));
	assert_buddy_clean();
}

Test(buddy, higher_order_failure_is_legitimate, .init = setup_arena)
{
	unsigned long min = zone_watermarks().min;
	size_t n, i;

	n = exhaust(held, 8192, GFP_KERNEL | __GFP_NOWARN, 3);
	cr_assert(nr_free_pages() < 8 + min || largest_free_order() < 3,
		  "free %lu, largest order %d", nr_free_pages(),
		  largest_free_order());
	for (i = 0; i < n; i++)
		__free_pages(held[i], 3);
	cr_assert_eq(nr_free_pages(), totalram_pages());
	assert_buddy_clean();
}

Test(buddy, failure_warns_unless_nowarn, .init = setup_arena)
{
	host_log_quiet(true);
	exhaust(held, 8192, GFP_KERNEL | __GFP_NOWARN, 0);
	cr_assert_not(host_log_contains("page allocation failure"));
	cr_assert_null(alloc_page(GFP_KERNEL));
	cr_assert(host_log_contains("page allocation failure: order:0"),
		  "log: %s", host_log());
}

Test(buddy, order_above_max_returns_null, .init = setup_arena)
{
	host_log_quiet(true);
	cr_assert_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER + 1));
	cr_assert(host_log_contains("WARNING"));
}

/* ---- buddyinfo ---- */

Test(buddy, buddyinfo_truncates_safely, .init = setup_arena)
{
	char buf[16];

	cr_assert_eq(buddyinfo_show(buf, 10), 9);
	cr_assert_str_eq(buf, "Node 0, z");
	cr_assert_eq(buddyinfo_show(buf, 0), 0);
	cr_assert_eq(buddyinfo_show(buf, sizeof(buf)), 15);
}

/* ---- misuse panics ---- */

Test(buddy, double_free_panics, .init = setup_arena, .signal = SIGABRT)
{
	struct page *p = alloc_page(GFP_KERNEL);

	__free_page(p);
	host_expect_panic("double free of pfn");
	__free_page(p);
}

Test(buddy, double_free_of_a_merged_block_panics, .init = setup_arena,
     .signal = SIGABRT)
{
	struct page *p = alloc_pages(GFP_KERNEL, 2);

	__free_pages(p, 2);
	host_expect_panic("double free of pfn");
	__free_pages(p, 2);
}

Test(buddy, wrong_order_panics, .init = setup_arena, .signal = SIGABRT)
{
	struct page *p = alloc_pages(GFP_KERNEL, 2);

	host_expect_panic("freed with order 1 but allocated with order 2");
	__free_pages(p, 1);
}

Test(buddy, order_zero_free_of_a_block_panics, .init = setup_arena,
     .signal = SIGABRT)
{
	struct page *p = alloc_pages(GFP_KERNEL, 3);

	host_expect_panic("freed with order 0 but allocated with order 3");
	__free_page(p);
}

Test(buddy, freeing_a_tail_page_panics, .init = setup_arena, .signal = SIGABRT)
{
	struct page *p = alloc_pages(GFP_KERNEL, 2);

	host_expect_panic("is a tail page of the block");
	__free_page(p + 1);
}

Test(buddy, freeing_a_reserved_page_panics, .init = setup_arena,
     .signal = SIGABRT)
{
	host_expect_panic("pfn 0x200 is reserved");
	__free_page(pfn_to_page(0x200));
}

Test(buddy, freeing_outside_mem_map_panics, .init = setup_arena,
     .signal = SIGABRT)
{
	host_expect_panic("is not a struct page in mem_map");
	__free_page(mem_map + max_pfn + 3);
}

Test(buddy, pcp_corruption_is_caught_at_the_next_alloc, .init = setup_arena,
     .signal = SIGABRT)
{
	struct page *p = alloc_page(GFP_KERNEL);

	__free_page(p);
	p->flags = PR_KERNEL; /* a stray write into a free page's struct */
	host_expect_panic("pcp list corrupted");
	alloc_page(GFP_KERNEL);
}

Test(buddy, free_list_corruption_is_caught_at_the_next_alloc,
     .init = setup_arena, .signal = SIGABRT)
{
	pfn_to_page(0x5a0)->flags = PR_KERNEL; /* the order-1 block's head */
	host_expect_panic("free list corrupted: pfn 0x5a0");
	alloc_pages(GFP_KERNEL, 1);
}

Test(buddy, buddy_check_finds_an_overlap, .init = setup_arena)
{
	char err[256];

	pfn_to_page(0x5a9)->flags = PR_FREE; /* inside the 0x5a8 block */
	cr_assert_eq(buddy_check(err, sizeof(err)), -1);
	cr_assert(strstr(err, "page 0x5a9 is free"), "err: %s", err);
	pfn_to_page(0x5a9)->flags = PR_BUDDY_TAIL;
	assert_buddy_clean();
}

Test(buddy, buddy_check_finds_a_lost_page, .init = setup_arena)
{
	struct page *p = alloc_page(GFP_KERNEL);
	char err[256];

	p->flags = PR_FREE; /* marked free but on no list */
	cr_assert_eq(buddy_check(err, sizeof(err)), -1);
	cr_assert(strstr(err, "free heads"), "err: %s", err);
}
