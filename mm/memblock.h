/*
 * memblock: the boot-time memory allocator (Linux's mm/memblock.c). It
 * knows two sets of physical ranges: memory (RAM the kernel will map and
 * manage) and reserved (parts of it already in use: the first MiB, the
 * kernel image, the boot information, modules, and every memblock
 * allocation). It hands out memory before the buddy allocator exists,
 * then memblock_free_all() gives everything not reserved to the buddy
 * allocator and memblock retires: later calls panic.
 */
#ifndef KEEL_MM_MEMBLOCK_H
#define KEEL_MM_MEMBLOCK_H

#include "kernel/compiler.h"

#define MEMBLOCK_MAX_REGIONS 128

struct memblock_region {
	uint64_t base;
	uint64_t size;
};

struct memblock_type {
	int cnt;
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
};

struct memblock {
	struct memblock_type memory;
	struct memblock_type reserved;
	uint64_t current_limit; /* allocations stay below this address */
	bool retired;
};

extern struct memblock memblock;

/*
 * Add [base, base + size) to memory or reserved, merging with neighbours.
 * Returns 0, or -1 (with a message) when the table is full.
 */
int memblock_add(uint64_t base, uint64_t size);
int memblock_reserve(uint64_t base, uint64_t size);

/*
 * Allocate @size bytes aligned to @align (a power of two) below
 * current_limit, from the top down as Linux does, and reserve them.
 * The memory is zeroed (through the direct map). Panics when nothing fits
 * or after memblock retired: boot cannot go on without it.
 */
uint64_t memblock_phys_alloc(uint64_t size, uint64_t align);
void *memblock_alloc(uint64_t size, uint64_t align);

/* Total size of the memory regions, in bytes (Linux's name). */
uint64_t memblock_phys_mem_size(void);

/* End of the last memory region (exclusive). */
uint64_t memblock_end_of_DRAM(void);

/*
 * Hand every memory page that is not reserved to the buddy allocator and
 * retire memblock. Returns the number of pages freed.
 */
unsigned long memblock_free_all(void);

/* Print both tables (boot log and monitor). */
void memblock_dump(void);

#endif
