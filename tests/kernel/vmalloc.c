/*
 * In-kernel suite "vmalloc": contents survive, the guard page after an area
 * faults (probed through an exception-table fixup, not an oops), vfree
 * unmaps and returns the pages, big requests get 2 MiB pages, ioremap maps
 * MMIO uncached, bad frees are reported and ignored.
 */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/page.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/vmalloc.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/uaccess.h"

static bool probe(const void *addr)
{
	uint64_t v;

	return get_kernel_nofault(&v, addr) == 0;
}

static void vmalloc_contents_survive_across_pages(struct ktest *t)
{
	unsigned long n = 64 << 10, bad = 0;
	uint32_t *p = vmalloc(n);

	KTEST_ASSERT_NOT_NULL(t, p);
	for (unsigned long i = 0; i < n / 4; i++)
		p[i] = (uint32_t)(i * 2654435761u);
	for (unsigned long i = 0; i < n / 4; i++)
		bad += p[i] != (uint32_t)(i * 2654435761u);
	KTEST_EXPECT_EQ(t, bad, 0);
	vfree(p);
}

static void vmalloc_guard_page_after_area_faults(struct ktest *t)
{
	char *p = vmalloc(3 * PAGE_SIZE);

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_TRUE(t, probe(p + 3 * PAGE_SIZE - 8));
	KTEST_EXPECT_FALSE(t, probe(p + 3 * PAGE_SIZE));
	KTEST_EXPECT_FALSE(t, probe(p + 4 * PAGE_SIZE - 8));
	vfree(p);
}

static void vmalloc_vfree_unmaps_and_returns_pages(struct ktest *t)
{
	char *warm = vmalloc(PAGE_SIZE); /* let slab settle first */
	unsigned long before;
	char *p;

	vfree(warm);
	drain_all_pages();
	before = nr_free_pages();
	p = vmalloc(16 * PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_LE(t, nr_free_pages(), before - 16);
	vfree(p);
	KTEST_EXPECT_FALSE(t, probe(p));
	KTEST_EXPECT_FALSE(t, probe(p + 15 * PAGE_SIZE));
	drain_all_pages();
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

static void vmalloc_large_request_uses_2mib_pages(struct ktest *t)
{
	char *p = vzalloc(4 * PMD_SIZE);
	int level = 0;

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_TRUE(t, IS_ALIGNED((uint64_t)p, PMD_SIZE));
	KTEST_EXPECT_NE(t, lookup_address((uint64_t)p, &level), 0);
	KTEST_EXPECT_EQ(t, level, 2);
	KTEST_EXPECT_EQ(t, p[4 * PMD_SIZE - 1], 0);
	KTEST_EXPECT_FALSE(t, probe(p + 4 * PMD_SIZE));
	vfree(p);
	KTEST_EXPECT_FALSE(t, probe(p));
}

static void
vmalloc_zero_size_returns_null_and_vfree_null_is_noop(struct ktest *t)
{
	KTEST_EXPECT_NULL(t, vmalloc(0));
	vfree(NULL);
}

static void vmalloc_bad_vfree_is_reported_and_ignored(struct ktest *t)
{
	char *p = vmalloc(2 * PAGE_SIZE);
	unsigned long before = log_next;

	KTEST_ASSERT_NOT_NULL(t, p);
	vfree(p + PAGE_SIZE); /* not the start of an area */
	KTEST_EXPECT_GT(t, log_next, before);
	before = log_next;
	vfree(p + 8); /* inside the first page: still not the start */
	KTEST_EXPECT_GT(t, log_next, before);
	KTEST_EXPECT_TRUE(t, probe(p)); /* still mapped */
	vfree(p);
	KTEST_EXPECT_FALSE(t, probe(p));
}

/* A freed 4 KiB area leaves its page table behind; a 2 MiB request that
 * lands on that slot must fall back to 4 KiB pages there, not panic. */
static void
vmalloc_huge_request_reuses_slot_of_freed_small_area(struct ktest *t)
{
	char *small = vmalloc(PMD_SIZE - PAGE_SIZE);
	char *big;

	KTEST_ASSERT_NOT_NULL(t, small);
	vfree(small);
	big = vmalloc(PMD_SIZE);
	KTEST_ASSERT_NOT_NULL(t, big);
	big[0] = 1;
	big[PMD_SIZE - 1] = 2;
	KTEST_EXPECT_EQ(t, big[0] + big[PMD_SIZE - 1], 3);
	vfree(big);
}

static void vmalloc_ioremap_maps_lapic_uncached(struct ktest *t)
{
	volatile uint32_t *lapic = ioremap(lapic_phys_base(), PAGE_SIZE);
	int level;
	pteval_t e;

	KTEST_ASSERT_NOT_NULL(t, lapic);
	e = lookup_address((uint64_t)lapic, &level);
	KTEST_EXPECT_EQ(t, level, 1);
	KTEST_EXPECT_TRUE(t, (e & _PAGE_PCD) && (e & _PAGE_NX));
	KTEST_EXPECT_NE(t, lapic[0x30 / 4] & 0xff, 0); /* version register */
	iounmap((void *)lapic);
	KTEST_EXPECT_FALSE(t, probe((const void *)lapic));
}

static void vmalloc_kernel_stack_has_unmapped_page_below(struct ktest *t)
{
	char *stack = alloc_kernel_stack();

	KTEST_ASSERT_NOT_NULL(t, stack);
	KTEST_EXPECT_TRUE(t, probe(stack));
	KTEST_EXPECT_TRUE(t, probe(stack + THREAD_SIZE - 8));
	KTEST_EXPECT_FALSE(t, probe(stack - 8));
	KTEST_EXPECT_EQ(
	    t,
	    page_role(virt_to_page(__va(
		lookup_address((uint64_t)stack, &(int){0}) & PTE_PFN_MASK))),
	    PR_KSTACK);
	KTEST_EXPECT_NOT_NULL(t, find_stack_guard((uint64_t)stack - 8));
	free_kernel_stack(stack);
}

static void vmalloc_vmallocinfo_names_area_and_caller(struct ktest *t)
{
	static char buf[8192];
	void *p = vmalloc(3 * PAGE_SIZE);

	KTEST_ASSERT_NOT_NULL(t, p);
	vmallocinfo_show(buf, sizeof(buf));
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "pages=3 vmalloc"));
	KTEST_EXPECT_NOT_NULL(
	    t, strstr(buf, "vmalloc_vmallocinfo_names_area_and_caller+0x"));
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "ioremap"));
	vfree(p);
}

static struct ktest_case vmalloc_cases[] = {
    KTEST_CASE(vmalloc_contents_survive_across_pages),
    KTEST_CASE(vmalloc_guard_page_after_area_faults),
    KTEST_CASE(vmalloc_vfree_unmaps_and_returns_pages),
    KTEST_CASE(vmalloc_large_request_uses_2mib_pages),
    KTEST_CASE(vmalloc_zero_size_returns_null_and_vfree_null_is_noop),
    KTEST_CASE(vmalloc_bad_vfree_is_reported_and_ignored),
    KTEST_CASE(vmalloc_huge_request_reuses_slot_of_freed_small_area),
    KTEST_CASE(vmalloc_ioremap_maps_lapic_uncached),
    KTEST_CASE(vmalloc_kernel_stack_has_unmapped_page_below),
    KTEST_CASE(vmalloc_vmallocinfo_names_area_and_caller),
    {},
};
KTEST_SUITE(vmalloc, vmalloc_cases);
