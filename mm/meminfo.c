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

/* Reserved pages split three ways by where they lie. */
struct reserved_ranges {
	struct pfn_range image, memmap;
};

static bool in_range(unsigned long pfn, struct pfn_range r)
{
	return pfn >= r.start && pfn < r.end;
}

static void count_reserved(struct meminfo *mi, unsigned long pfn,
			   const struct reserved_ranges *rr)
{
	if (in_range(pfn, rr->image))
		mi->image++;
	else if (in_range(pfn, rr->memmap))
		mi->memmap++;
	else
		mi->reserved++;
}

static void count_page(struct meminfo *mi, unsigned long pfn,
		       const struct reserved_ranges *rr)
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
		count_reserved(mi, pfn, rr);
	}
}

void meminfo_collect(struct meminfo *mi)
{
	uint64_t mm_start = __pa(mem_map);
	const struct reserved_ranges rr = {
	    .image = {PHYS_PFN((uint64_t)_boot_start),
		      PHYS_PFN(ALIGN(__pa_symbol(_end), PAGE_SIZE))},
	    .memmap = {PHYS_PFN(mm_start),
		       PHYS_PFN(ALIGN(mm_start + max_pfn * sizeof(struct page),
				      PAGE_SIZE))},
	};

	*mi = (struct meminfo){.total = e820_usable_pages};
	for (int i = 0; i < nr_e820_usable; i++)
		for (unsigned long pfn = e820_usable[i].start;
		     pfn < e820_usable[i].end; pfn++)
			count_page(mi, pfn, &rr);
	for (int i = 0; i < memblock.memory.cnt; i++)
		mi->directmap2m += memblock.memory.regions[i].size >> PMD_SHIFT;
}

unsigned long meminfo_sum(const struct meminfo *mi)
{
	return mi->free + mi->image + mi->memmap + mi->pagetables + mi->slab +
	       mi->vmalloc + mi->kstack + mi->kernel + mi->anon + mi->reserved;
}

#define KB(pages) ((pages) << (PAGE_SHIFT - 10))

static size_t meminfo_format(const struct meminfo *m, char *buf, size_t len)
{
	static const char *const names[] = {
	    "MemTotal",	   "MemFree",	"KernelImage", "MemMap",
	    "PageTables",  "Slab",	"VmallocUsed", "KernelStack",
	    "KernelPages", "AnonPages", "Reserved",    "DirectMap2M",
	};
	unsigned long kb[ARRAY_SIZE(names)];
	size_t n = 0;

	kb[0] = KB(m->total), kb[1] = KB(m->free), kb[2] = KB(m->image);
	kb[3] = KB(m->memmap), kb[4] = KB(m->pagetables), kb[5] = KB(m->slab);
	kb[6] = KB(m->vmalloc), kb[7] = KB(m->kstack), kb[8] = KB(m->kernel);
	kb[9] = KB(m->anon), kb[10] = KB(m->reserved);
	kb[11] = m->directmap2m * (PMD_SIZE >> 10);
	for (size_t i = 0; i < ARRAY_SIZE(names) && n < len; i++) {
		char label[20];

		snprintf(label, sizeof(label), "%s:", names[i]);
		n += (size_t)snprintf(buf + n, len - n, "%-15s %8lu kB\n",
				      label, kb[i]);
	}
	return min(n, len ? len - 1 : 0);
}

size_t meminfo_show(char *buf, size_t len)
{
	struct meminfo mi;

	meminfo_collect(&mi);
	return meminfo_format(&mi, buf, len);
}

void meminfo_print(void)
{
	static char buf[1024];
	struct meminfo mi;

	meminfo_collect(&mi);
	meminfo_format(&mi, buf, sizeof(buf));
	printk(KERN_INFO "%s", buf);
	printk(KERN_INFO "struct page: %zu bytes (Linux: 64); mem_map takes "
			 "%lu.%02lu%% of RAM\n",
	       sizeof(struct page), mi.memmap * 100 / mi.total,
	       mi.memmap * 10000 / mi.total % 100);
}
