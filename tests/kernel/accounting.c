/*
 * In-kernel suite "accounting": every page of usable RAM is in exactly one
 * meminfo category, the categories add up to MemTotal, and the census
 * agrees with each allocator's own counters, before and after allocating.
 * Also the monitor commands that print this state.
 */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/monitor.h"
#include "kernel/string.h"
#include "mm/init.h"
#include "mm/meminfo.h"
#include "mm/page.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

static void check_counters(struct ktest *t)
{
	struct meminfo mi;

	meminfo_collect(&mi);
	KTEST_EXPECT_EQ(t, meminfo_sum(&mi), mi.total);
	KTEST_EXPECT_EQ(t, mi.total, e820_usable_pages);
	KTEST_EXPECT_EQ(t, mi.free, nr_free_pages());
	KTEST_EXPECT_EQ(t, mi.slab, slab_pages());
	KTEST_EXPECT_EQ(t, mi.pagetables, nr_pagetable_pages());
	KTEST_EXPECT_EQ(t, mi.vmalloc, vmalloc_nr_pages());
	KTEST_EXPECT_EQ(t, mi.kstack, kstack_nr_pages());
	KTEST_EXPECT_EQ(t, mi.memmap,
			DIV_ROUND_UP(max_pfn * sizeof(struct page), PAGE_SIZE));
}

static void accounting_categories_add_up_to_memtotal(struct ktest *t)
{
	check_counters(t);
}

static void accounting_follows_allocations(struct ktest *t)
{
	struct meminfo before, after;
	void *v, *k;
	struct page *pg;

	meminfo_collect(&before);
	v = vmalloc(1 << 20);
	k = kmalloc(100, GFP_KERNEL);
	pg = alloc_pages(GFP_KERNEL, 2);
	KTEST_ASSERT_TRUE(t, v && k && pg);
	meminfo_collect(&after);
	KTEST_EXPECT_EQ(t, after.vmalloc, before.vmalloc + 256);
	KTEST_EXPECT_EQ(t, after.kernel, before.kernel + 4);
	check_counters(t);
	vfree(v);
	kfree(k);
	__free_pages(pg, 2);
	check_counters(t);
}

static void accounting_struct_page_fits_32_bytes(struct ktest *t)
{
	KTEST_EXPECT_LE(t, sizeof(struct page), 32);
}

static bool log_since_contains(unsigned long since, const char *needle)
{
	static char copy[4096];
	unsigned long n = min(log_next - since, sizeof(copy) - 1);

	for (unsigned long i = 0; i < n; i++)
		copy[i] = log_buf[(log_next - n + i) % LOG_BUF_LEN];
	copy[n] = '\0';
	return strstr(copy, needle) != NULL;
}

static void accounting_monitor_prints_meminfo_and_walks(struct ktest *t)
{
	unsigned long mark = log_next;

	KTEST_EXPECT_EQ(t, monitor_exec("meminfo"), 0);
	KTEST_EXPECT_TRUE(t, log_since_contains(mark, "MemTotal:"));
	mark = log_next;
	KTEST_EXPECT_EQ(t, monitor_exec("pt 0xffff888000200000"), 0);
	KTEST_EXPECT_TRUE(t, log_since_contains(mark, "leaf: 2 MiB page"));
	mark = log_next;
	KTEST_EXPECT_EQ(t, monitor_exec("page 0x200"), 0);
	KTEST_EXPECT_TRUE(t, log_since_contains(mark, "pfn:0x200"));
	KTEST_EXPECT_EQ(t, monitor_exec("buddyinfo"), 0);
	KTEST_EXPECT_EQ(t, monitor_exec("vmallocinfo"), 0);
	mark = log_next;
	KTEST_EXPECT_EQ(t, monitor_exec("slabinfo"), 0);
	KTEST_EXPECT_TRUE(t, log_since_contains(mark, "kmalloc-8k "));
	KTEST_EXPECT_TRUE(t, log_since_contains(mark, "kmem_cache "));
	KTEST_EXPECT_FALSE(t, log_since_contains(mark, "[...truncated]"));
	mark = log_next;
	KTEST_EXPECT_EQ(t, monitor_exec("frobnicate"), -1);
	KTEST_EXPECT_TRUE(t, log_since_contains(mark, "unknown command"));
	KTEST_EXPECT_EQ(t, monitor_exec("pt nonsense"), -1);
}

static struct ktest_case accounting_cases[] = {
    KTEST_CASE(accounting_categories_add_up_to_memtotal),
    KTEST_CASE(accounting_follows_allocations),
    KTEST_CASE(accounting_struct_page_fits_32_bytes),
    KTEST_CASE(accounting_monitor_prints_meminfo_and_walks),
    {},
};
KTEST_SUITE(accounting, accounting_cases);
