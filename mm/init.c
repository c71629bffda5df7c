/*
 * Memory bring-up (mm/init.h).
 *
 * Only whole 2 MiB chunks of usable RAM are direct-mapped and managed, so
 * every direct-map leaf is a 2 MiB page and nothing but RAM is ever mapped
 * cacheable. The pages of a partial chunk at either end of a RAM range
 * (and the first MiB) get a struct page but stay PR_RESERVED; meminfo
 * counts them under Reserved. Linux differs: it maps such edges with
 * 4 KiB pages and manages them too.
 */
#include "mm/init.h"
#include "mm/memblock.h"
#include "mm/page.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "arch/x86_64/io.h"
#include "kernel/printk.h"

#define MIN_RAM (4UL << 20) /* below this keel cannot boot usefully */

struct page *mem_map;
unsigned long max_pfn;
unsigned long e820_usable_pages;
struct pfn_range e820_usable[MB2_MAX_MMAP];
int nr_e820_usable;
uint64_t mem_init_tsc_ticks;

extern const char _boot_start[], _text[], _etext[], _rodata[], _erodata[],
    _data[], _end[];

/* Whole pages of usable RAM: their ranges, count and the highest pfn + 1. */
static void count_usable_ram(const struct mb2_info *info)
{
	for (int i = 0; i < info->nr_mmap; i++) {
		const struct mb2_mmap_entry *e = &info->mmap[i];
		uint64_t start = ALIGN(e->addr, PAGE_SIZE);
		uint64_t end = ALIGN_DOWN(e->addr + e->len, PAGE_SIZE);

		if (e->type != MULTIBOOT_MEMORY_AVAILABLE || end <= start)
			continue;
		e820_usable[nr_e820_usable++] =
		    (struct pfn_range){PHYS_PFN(start), PHYS_PFN(end)};
		e820_usable_pages += PHYS_PFN(end - start);
		max_pfn = max(max_pfn, PHYS_PFN(end));
	}
	if (max_pfn > PFN_NONE)
		panic("mm: RAM ends at pfn %#lx; keel's 32-bit pfn links "
		      "reach 16 TiB at most",
		      max_pfn);
}

/* memblock.memory = the whole 2 MiB chunks of usable RAM. Adjacent e820
 * entries are merged first by memblock_add, then trimmed. */
static void memblock_setup(const struct mb2_info *info, uint64_t mbi_phys)
{
	static struct memblock_type raw;

	for (int i = 0; i < info->nr_mmap; i++) {
		const struct mb2_mmap_entry *e = &info->mmap[i];

		if (e->type == MULTIBOOT_MEMORY_AVAILABLE)
			memblock_add(e->addr, e->len);
	}
	raw = memblock.memory;
	memblock.memory.cnt = 0;
	for (int i = 0; i < raw.cnt; i++) {
		uint64_t start = ALIGN(raw.regions[i].base, PMD_SIZE);
		uint64_t end = ALIGN_DOWN(
		    raw.regions[i].base + raw.regions[i].size, PMD_SIZE);

		if (end > start)
			memblock_add(start, end - start);
	}
	memblock_reserve(0, 1UL << 20);
	/* _boot_start is linked at its physical address (linker.ld). */
	memblock_reserve((uint64_t)_boot_start,
			 __pa_symbol(_end) - (uint64_t)_boot_start);
	memblock_reserve(mbi_phys, info->total_size);
	for (int i = 0; i < info->nr_modules; i++)
		memblock_reserve(info->modules[i].mod_start,
				 info->modules[i].mod_end -
				     info->modules[i].mod_start);
	if (memblock_phys_mem_size() < MIN_RAM)
		panic("mm: only %llu KiB of RAM in whole 2 MiB chunks; keel "
		      "needs at least %lu MiB (try MEM=32M or more)",
		      (unsigned long long)(memblock_phys_mem_size() >> 10),
		      MIN_RAM >> 20);
}

static void map_direct(void)
{
	for (int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];

		for (uint64_t pa = r->base; pa < r->base + r->size;
		     pa += PMD_SIZE)
			map_kernel_pmd((uint64_t)__va(pa), pa, PAGE_KERNEL);
	}
}

static void map_image_range(const char *start, const char *end, pteval_t prot)
{
	for (uint64_t va = (uint64_t)start; va < (uint64_t)end; va += PAGE_SIZE)
		map_kernel_page(va, __pa_symbol(va), prot);
}

/* W^X: text RX, rodata R+NX, data and bss RW+NX, each 4 KiB aligned by
 * linker.ld. boot.asm's physical-address code is left unmapped. */
static void map_kernel_image(void)
{
	map_image_range(_text, _etext, PAGE_KERNEL_EXEC);
	map_image_range(_rodata, _erodata, PAGE_KERNEL_RO);
	map_image_range(_data, _end, PAGE_KERNEL);
}

static void switch_to_init_pgd(void)
{
	uint64_t cr4;

	write_cr3(__pa(init_pgd));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= 1 << 7; /* PGE: global pages survive CR3 reloads */
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4) : "memory");
}

/*
 * mem_map comes zeroed from memblock (every page PR_RESERVED); then the
 * buddy allocator takes the free ranges. Both steps are timed: zeroing
 * mem_map is the baseline, a pure memory write of the same size measured
 * in the same boot, so the set-up cost can be read as a ratio to it.
 */
static void mem_map_init(void)
{
	uint64_t t0 = rdtsc(), t_zero;
	unsigned long freed;

	mem_map = memblock_alloc(max_pfn * sizeof(struct page), PAGE_SIZE);
	t_zero = rdtsc() - t0;
	page_alloc_init();
	pgtable_switch_to_buddy();
	freed = memblock_free_all();
	mem_init_tsc_ticks = rdtsc() - t0;
	printk(KERN_INFO "mm: mem_map: %lu struct pages of %zu bytes (%lu KiB) "
			 "for pfns 0..%#lx; %lu pages to the buddy allocator\n",
	       max_pfn, sizeof(struct page),
	       max_pfn * sizeof(struct page) >> 10, max_pfn - 1, freed);
	printk(KERN_INFO "mm: mem_map and buddy set-up took %llu TSC ticks, "
			 "%llu per GiB of RAM, %llu.%02llu x the time to zero "
			 "mem_map\n",
	       (unsigned long long)mem_init_tsc_ticks,
	       (unsigned long long)(mem_init_tsc_ticks * (1ULL << 18) /
				    max(e820_usable_pages, 1UL)),
	       (unsigned long long)(mem_init_tsc_ticks / max(t_zero, 1ULL)),
	       (unsigned long long)(mem_init_tsc_ticks * 100 /
				    max(t_zero, 1ULL) % 100));
}

void mm_init(const struct mb2_info *info, uint64_t mbi_phys)
{
	count_usable_ram(info);
	memblock_setup(info, mbi_phys);
	memblock.current_limit = 1ULL << 32; /* boot.asm's early map */
	memblock_dump();

	pgtable_init();
	map_direct();
	map_kernel_image();
	switch_to_init_pgd();
	memblock.current_limit = memblock_end_of_DRAM();

	mem_map_init();
	kmem_cache_init();
	vmalloc_init();
}
