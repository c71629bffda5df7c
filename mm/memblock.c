/*
 * memblock: boot-time physical memory bookkeeping (mm/memblock.h).
 * Regions are kept sorted and merged; allocation scans free gaps
 * (memory minus reserved) from the highest address down.
 * Linux differs: its memblock also tracks NUMA nodes and flags per region
 * (hotplug, mirror, nomap) and can grow its arrays.
 */
#include "mm/memblock.h"
#include "mm/page.h"
#include "mm/page_alloc.h"
#include "kernel/printk.h"
#include "kernel/string.h"

struct memblock memblock;

static void memblock_remove_region(struct memblock_type *type, int i)
{
	memmove(&type->regions[i], &type->regions[i + 1],
		(size_t)(type->cnt - i - 1) * sizeof(type->regions[0]));
	type->cnt--;
}

/* Merge region i with every following region it touches or overlaps. */
static void memblock_merge(struct memblock_type *type, int i)
{
	struct memblock_region *r = &type->regions[i];

	while (i + 1 < type->cnt && r[1].base <= r->base + r->size) {
		uint64_t end = max(r->base + r->size, r[1].base + r[1].size);

		r->size = end - r->base;
		memblock_remove_region(type, i + 1);
	}
}

static int memblock_add_range(struct memblock_type *type, const char *what,
			      uint64_t base, uint64_t size)
{
	int i = 0;

	if (!size)
		return 0;
	BUG_ON(memblock.retired);
	while (i < type->cnt && type->regions[i].base < base)
		i++;
	if (type->cnt == MEMBLOCK_MAX_REGIONS) {
		printk(KERN_ERR "memblock: %s table full, dropping "
				"[0x%llx-0x%llx]\n",
		       what, (unsigned long long)base,
		       (unsigned long long)(base + size - 1));
		return -1;
	}
	memmove(&type->regions[i + 1], &type->regions[i],
		(size_t)(type->cnt - i) * sizeof(type->regions[0]));
	type->regions[i] = (struct memblock_region){base, size};
	type->cnt++;
	if (i > 0 &&
	    type->regions[i - 1].base + type->regions[i - 1].size >= base)
		i--;
	memblock_merge(type, i);
	return 0;
}

int memblock_add(uint64_t base, uint64_t size)
{
	return memblock_add_range(&memblock.memory, "memory", base, size);
}

int memblock_reserve(uint64_t base, uint64_t size)
{
	return memblock_add_range(&memblock.reserved, "reserved", base, size);
}

uint64_t memblock_phys_mem_size(void)
{
	uint64_t total = 0;

	for (int i = 0; i < memblock.memory.cnt; i++)
		total += memblock.memory.regions[i].size;
	return total;
}

uint64_t memblock_end_of_DRAM(void)
{
	const struct memblock_type *m = &memblock.memory;

	if (!m->cnt)
		return 0;
	return m->regions[m->cnt - 1].base + m->regions[m->cnt - 1].size;
}

/* Highest aligned block of @size in [lo, hi) that overlaps no
 * reservation, or 0. */
static uint64_t find_in_range(uint64_t lo, uint64_t hi, uint64_t size,
			      uint64_t align)
{
	const struct memblock_type *rsv = &memblock.reserved;
	int j = rsv->cnt - 1;

	while (hi >= lo + size) {
		uint64_t cand = ALIGN_DOWN(hi - size, align);

		if (cand < lo)
			return 0;
		while (j >= 0 && rsv->regions[j].base >= cand + size)
			j--;
		if (j < 0 ||
		    rsv->regions[j].base + rsv->regions[j].size <= cand)
			return cand;
		hi = rsv->regions[j].base; /* skip below the reservation */
	}
	return 0;
}

uint64_t memblock_phys_alloc(uint64_t size, uint64_t align)
{
	const struct memblock_type *m = &memblock.memory;

	if (memblock.retired)
		panic("memblock: allocation of %llu bytes after the buddy "
		      "allocator took over; use alloc_pages or kmalloc",
		      (unsigned long long)size);
	size = ALIGN(size, PAGE_SIZE);
	for (int i = m->cnt - 1; i >= 0; i--) {
		uint64_t lo = m->regions[i].base;
		uint64_t hi =
		    min(lo + m->regions[i].size, memblock.current_limit);
		uint64_t pa = hi > lo ? find_in_range(lo, hi, size, align) : 0;

		if (pa) {
			memblock_reserve(pa, size);
			memset(__va(pa), 0, size);
			return pa;
		}
	}
	panic("memblock: out of memory allocating %llu bytes below %#llx",
	      (unsigned long long)size,
	      (unsigned long long)memblock.current_limit);
}

void *memblock_alloc(uint64_t size, uint64_t align)
{
	return __va(memblock_phys_alloc(size, align));
}

/* Free the pages of [start, end) not covered by any reservation. */
static unsigned long free_unreserved(uint64_t start, uint64_t end)
{
	const struct memblock_type *rsv = &memblock.reserved;
	unsigned long freed = 0;

	for (int j = 0; j <= rsv->cnt && start < end; j++) {
		uint64_t rbase = j < rsv->cnt ? rsv->regions[j].base : end;
		uint64_t rend =
		    j < rsv->cnt ? rbase + rsv->regions[j].size : end;
		uint64_t gap_end = min(ALIGN_DOWN(rbase, PAGE_SIZE), end);

		if (rend <= start)
			continue;
		if (gap_end > start) {
			free_memory_range(PHYS_PFN(start), PHYS_PFN(gap_end));
			freed += PHYS_PFN(gap_end) - PHYS_PFN(start);
		}
		start = max(start, ALIGN(rend, PAGE_SIZE));
	}
	return freed;
}

unsigned long memblock_free_all(void)
{
	unsigned long freed = 0;

	for (int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];

		freed += free_unreserved(r->base, r->base + r->size);
	}
	memblock.retired = true;
	return freed;
}

static void memblock_dump_type(const struct memblock_type *type,
			       const char *name)
{
	printk(KERN_INFO " %s.cnt  = %d\n", name, type->cnt);
	for (int i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		printk(KERN_INFO
		       " %s[%d]\t[0x%016llx-0x%016llx], 0x%llx bytes\n",
		       name, i, (unsigned long long)r->base,
		       (unsigned long long)(r->base + r->size - 1),
		       (unsigned long long)r->size);
	}
}

void memblock_dump(void)
{
	printk(KERN_INFO "MEMBLOCK configuration:\n");
	memblock_dump_type(&memblock.memory, "memory");
	memblock_dump_type(&memblock.reserved, "reserved");
}
