/*
 * In-kernel self-tests of the buddy allocator (`ktest=buddy`), run on the
 * real mem_map after boot: splitting, coalescing, the compound marks,
 * zeroing, the pcp list, and exhaustion down to the min watermark and back.
 * The host tests (tests/host/mm) cover the same ground on a synthetic
 * arena plus the misuse panics, which cannot be tested here.
 *
 * The cases assume nothing else allocates pages while they run (one CPU,
 * tests run before user space starts).
 */
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "mm/page_alloc.h"

static void free_counts(unsigned long n[MAX_ORDER + 1])
{
	char buf[160];
	const char *p;
	unsigned int o;

	buddyinfo_show(buf, sizeof(buf));
	p = buf + strlen("Node 0, zone   Normal");
	for (o = 0; o <= MAX_ORDER; o++) {
		unsigned long v = 0;

		while (*p == ' ')
			p++;
		while (*p >= '0' && *p <= '9')
			v = v * 10 + (unsigned long)(*p++ - '0');
		n[o] = v;
	}
}

static bool buddy_clean(struct ktest *t)
{
	char err[160];

	if (buddy_check(err, sizeof(err)) == 0)
		return true;
	ktest_fail(t, __FILE__, __LINE__, "buddy_check: %s", err);
	return false;
}

static void buddyinfo_has_linux_format(struct ktest *t)
{
	char buf[160];
	size_t len = buddyinfo_show(buf, sizeof(buf));

	KTEST_EXPECT_EQ(t, len, strlen(buf));
	KTEST_EXPECT_EQ(t, strncmp(buf, "Node 0, zone   Normal ", 22), 0);
	/* 22 characters of prefix, 11 fields of 7, a newline. */
	KTEST_EXPECT_EQ(t, len, 22 + 7 * (MAX_ORDER + 1) + 1);
	KTEST_EXPECT_EQ(t, buf[len - 1], '\n');
}

static void buddy_check_is_clean_after_boot(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, buddy_clean(t));
	KTEST_EXPECT_GT(t, totalram_pages(), 0);
	KTEST_EXPECT_LE(t, nr_free_pages(), totalram_pages());
}

static void buddy_splits_the_smallest_free_block(struct ktest *t)
{
	unsigned long before[MAX_ORDER + 1], after[MAX_ORDER + 1];
	unsigned int o, split = 1;
	struct page *p;

	drain_all_pages();
	free_counts(before);
	while (split <= MAX_ORDER && !before[split])
		split++;
	KTEST_ASSERT_LE(t, split, MAX_ORDER);
	p = alloc_pages(GFP_KERNEL, 1);
	KTEST_ASSERT_NOT_NULL(t, p);
	free_counts(after);
	KTEST_EXPECT_EQ(t, after[split], before[split] - 1);
	for (o = 1; o < split; o++)
		KTEST_EXPECT_EQ(t, after[o], before[o] + 1);
	KTEST_EXPECT_TRUE(t, IS_ALIGNED(page_to_pfn(p), 2));
	__free_pages(p, 1);
}

static void buddy_coalesces_freed_buddies(struct ktest *t)
{
	char before[160], after[160];
	struct page *a, *b;

	drain_all_pages();
	buddyinfo_show(before, sizeof(before));
	a = alloc_pages(GFP_KERNEL, 3);
	b = alloc_pages(GFP_KERNEL, 2);
	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_ASSERT_NOT_NULL(t, b);
	__free_pages(a, 3);
	__free_pages(b, 2);
	buddyinfo_show(after, sizeof(after));
	KTEST_EXPECT_STREQ(t, after, before);
	KTEST_EXPECT_TRUE(t, buddy_clean(t));
}

static void buddy_marks_compound_blocks(struct ktest *t)
{
	struct page *p = alloc_pages(GFP_KERNEL, 2);
	unsigned int i;

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_TRUE(t, IS_ALIGNED(page_to_pfn(p), 4));
	KTEST_EXPECT_EQ(t, p->flags, PR_KERNEL | PG_head | 2 << PG_ORDER_SHIFT);
	KTEST_EXPECT_EQ(t, page_count(p), 1);
	for (i = 1; i < 4; i++) {
		KTEST_EXPECT_EQ(t, p[i].flags, PR_KERNEL | PG_tail);
		KTEST_EXPECT_EQ(t, p[i].compound_head, page_to_pfn(p));
	}
	__free_pages(p, 2);
}

static void buddy_gfp_zero_zeroes(struct ktest *t)
{
	struct page *p = alloc_pages(GFP_KERNEL, 1);
	unsigned char *va;
	size_t i;

	KTEST_ASSERT_NOT_NULL(t, p);
	memset(page_address(p), 0xa5, 2 * PAGE_SIZE);
	__free_pages(p, 1);
	p = alloc_pages(GFP_KERNEL | __GFP_ZERO, 1);
	KTEST_ASSERT_NOT_NULL(t, p);
	va = page_address(p);
	for (i = 0; i < 2 * PAGE_SIZE; i++)
		if (va[i])
			break;
	KTEST_EXPECT_EQ(t, i, 2 * PAGE_SIZE);
	__free_pages(p, 1);
}

static void buddy_pcp_list_is_drained(struct ktest *t)
{
	unsigned long free;
	struct page *p;

	drain_all_pages(); /* so the free below cannot reach pcp->high */
	free = nr_free_pages();
	p = alloc_page(GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, p->flags, PR_KERNEL);
	__free_page(p);
	KTEST_EXPECT_EQ(t, p->flags, PR_PCP);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free);
	drain_all_pages();
	KTEST_EXPECT_NE(t, page_role(p), PR_PCP);
	KTEST_EXPECT_TRUE(t, buddy_clean(t));
}

/*
 * Allocated blocks chain through their own first two words (next block,
 * order), so exhausting gigabytes needs no memory of its own.
 */
struct held {
	struct held *next;
	unsigned long order;
};

/* Allocate blocks of every order, largest first, until @gfp gets NULL. */
static struct held *exhaust(struct held *chain, gfp_t gfp)
{
	int order;

	for (order = MAX_ORDER; order >= 0; order--) {
		struct page *p;

		while ((p = alloc_pages(gfp | __GFP_NOWARN, order))) {
			struct held *h = page_address(p);

			h->next = chain;
			h->order = (unsigned long)order;
			chain = h;
		}
	}
	return chain;
}

static void release(struct held *chain)
{
	while (chain) {
		struct held *next = chain->next;

		free_pages((unsigned long)chain, chain->order);
		chain = next;
	}
}

static void buddy_exhaustion_returns_null_then_recovers(struct ktest *t)
{
	unsigned long free = nr_free_pages(), min = zone_watermarks().min;
	struct held *chain = exhaust(NULL, GFP_KERNEL);

	KTEST_EXPECT_EQ(t, nr_free_pages(), min);
	KTEST_EXPECT_NULL(t, alloc_page(GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_TRUE(t, buddy_clean(t));
	release(chain);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free);
	drain_all_pages();
	KTEST_EXPECT_TRUE(t, buddy_clean(t));
}

static void buddy_gfp_atomic_dips_below_min(struct ktest *t)
{
	unsigned long free = nr_free_pages(), min = zone_watermarks().min;
	struct held *chain = exhaust(NULL, GFP_KERNEL);

	chain = exhaust(chain, GFP_ATOMIC);
	KTEST_EXPECT_EQ(t, nr_free_pages(), min / 2);
	KTEST_EXPECT_NULL(t, alloc_page(GFP_ATOMIC | __GFP_NOWARN));
	release(chain);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free);
}

static void buddy_watermarks_are_ordered(struct ktest *t)
{
	struct zone_watermarks w = zone_watermarks();

	KTEST_EXPECT_GE(t, w.min, 32);	  /* min_free_kbytes >= 128 */
	KTEST_EXPECT_LE(t, w.min, 16384); /* min_free_kbytes <= 65536 */
	KTEST_EXPECT_LT(t, w.min, w.low);
	KTEST_EXPECT_LT(t, w.low, w.high);
}

static struct ktest_case buddy_cases[] = {
    KTEST_CASE(buddyinfo_has_linux_format),
    KTEST_CASE(buddy_check_is_clean_after_boot),
    KTEST_CASE(buddy_splits_the_smallest_free_block),
    KTEST_CASE(buddy_coalesces_freed_buddies),
    KTEST_CASE(buddy_marks_compound_blocks),
    KTEST_CASE(buddy_gfp_zero_zeroes),
    KTEST_CASE(buddy_pcp_list_is_drained),
    KTEST_CASE(buddy_exhaustion_returns_null_then_recovers),
    KTEST_CASE(buddy_gfp_atomic_dips_below_min),
    KTEST_CASE(buddy_watermarks_are_ordered),
    {},
};
KTEST_SUITE(buddy, buddy_cases);
