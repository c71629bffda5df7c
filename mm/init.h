/*
 * Memory management bring-up (Linux: mm_core_init() and arch/x86/mm/init_64.c):
 * memblock from the multiboot2 memory map, the kernel's own page tables
 * (direct map with 2 MiB pages, the image with W^X 4 KiB pages), mem_map[],
 * the buddy allocator, slab and vmalloc, in that order.
 */
#ifndef KEEL_MM_INIT_H
#define KEEL_MM_INIT_H

#include "kernel/multiboot2.h"

struct pfn_range {
	unsigned long start, end; /* [start, end) */
};

/* Usable RAM the firmware reported: its whole pages (meminfo's MemTotal)
 * and their pfn ranges, in the (sorted, disjoint) order of the map. */
extern unsigned long e820_usable_pages;
extern struct pfn_range e820_usable[MB2_MAX_MMAP];
extern int nr_e820_usable;
/* TSC ticks spent initialising mem_map and the buddy allocator. */
extern uint64_t mem_init_tsc_ticks;

/*
 * Bring up memory management from the boot information (@mbi_phys is
 * where it lies, so it can be reserved). Panics with a message if RAM is
 * too small or the memory map is unusable.
 */
void mm_init(const struct mb2_info *info, uint64_t mbi_phys);

#endif
