/*
 * meminfo (mm/meminfo.h): a walk over mem_map[] that sorts every usable
 * page of RAM into one category by its role. Linux differs: it keeps
 * per-category counters (vmstat) and never walks mem_map for /proc/meminfo;
 * keel's walk is slower but shows that the roles really cover every page.
 */
#include "mm/meminfo.h"
#include "mm/init.h"
#include "mm/memblock.h"
#include "mm/page.h"
#include "kernel/printk.h"
#include "kernel/vsprintf.h"

extern const char _boot_start[], _end[];

static bool in_range(unsigned long pfn, uint64_t start, uint64_t end)
{
	return PFN_PHYS(pfn) >= start && PFN_PHYS(pfn) < end;
}

static void count_reserved(struct meminfo *mi, unsigned long pfn)
{
	uint64_t mm_start = __pa(mem_map);
	uint64_t mm_end =
	    ALIGN(mm_start + max_pfn * sizeof(struct page), PAGE_SIZE);

	if (in_range(pfn, (uint64_t)_boot_start, __pa_symbol(_end)))
		mi->image++;
	else if (in_range(pfn, mm_start, mm_end))
		mi->memmap++;
	else
		mi->reserved++;
}

static void count_page(struct meminfo *mi, unsigned long pfn)
{
	switch (page_role(pfn_to_page(pfn))) {
	case PR_FREE:
	case PR_BUDDY_TAIL:
	case PR_PCP:
		mi->free++;
		break;
	case PR_KERNEL:
		mi->kernel++;
		break;
	case PR_SLAB:
		mi->slab++;
		break;
	case PR_PGTABLE:
		mi->pagetables++;
		break;
	case PR_VMALLOC:
		mi->vmalloc++;
		break;
	case PR_KSTACK:
		mi->kstack++;
		break;
	case PR_ANON:
		mi->anon++;
		break;
	default:
		count_reserved(mi, pfn);
	}
}

void meminfo_collect(struct meminfo *mi)
{
	*mi = (struct meminfo){.total = e820_usable_pages};
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++)
		if (pfn_is_e820_usable(pfn))
			count_page(mi, pfn);
	for (int i = 0; i < memblock.memory.cnt; i++)
		mi->directmap2m += memblock.memory.regions[i].size >> PMD_SHIFT;
}

unsigned long meminfo_sum(const struct meminfo *mi)
{
	return mi->free + mi->image + mi->memmap + mi->pagetables + mi->slab +
	       mi->vmalloc + mi->kstack + mi->kernel + mi->anon + mi->reserved;
}

#define KB(pages) ((pages) << (PAGE_SHIFT - 10))

size_t meminfo_show(char *buf, size_t len)
{
	static const char *const names[] = {
	    "MemTotal",	   "MemFree",	"KernelImage", "MemMap",
	    "PageTables",  "Slab",	"VmallocUsed", "KernelStack",
	    "KernelPages", "AnonPages", "Reserved",    "DirectMap2M",
	};
	struct meminfo mi;
	unsigned long kb[ARRAY_SIZE(names)];
	size_t n = 0;

	meminfo_collect(&mi);
	kb[0] = KB(mi.total), kb[1] = KB(mi.free), kb[2] = KB(mi.image);
	kb[3] = KB(mi.memmap), kb[4] = KB(mi.pagetables), kb[5] = KB(mi.slab);
	kb[6] = KB(mi.vmalloc), kb[7] = KB(mi.kstack), kb[8] = KB(mi.kernel);
	kb[9] = KB(mi.anon), kb[10] = KB(mi.reserved);
	kb[11] = mi.directmap2m * (PMD_SIZE >> 10);
	for (size_t i = 0; i < ARRAY_SIZE(names) && n < len; i++) {
		char label[20];

		snprintf(label, sizeof(label), "%s:", names[i]);
		n += (size_t)snprintf(buf + n, len - n, "%-15s %8lu kB\n",
				      label, kb[i]);
	}
	return min(n, len ? len - 1 : 0);
}

void meminfo_print(void)
{
	static char buf[1024];
	struct meminfo mi;

	meminfo_show(buf, sizeof(buf));
	printk(KERN_INFO "%s", buf);
	meminfo_collect(&mi);
	printk(KERN_INFO "struct page: %zu bytes (Linux: 64); mem_map takes "
			 "%lu.%02lu%% of RAM\n",
	       sizeof(struct page), mi.memmap * 100 / mi.total,
	       mi.memmap * 10000 / mi.total % 100);
}
