/*
 * meminfo: where every page of RAM went, in the format of Linux's
 * /proc/meminfo. The numbers come from a census of mem_map[] by page role,
 * so they add up by construction only if every page has exactly one role;
 * the accounting tests check that and compare the census with each
 * allocator's own counters.
 */
#ifndef KEEL_MM_MEMINFO_H
#define KEEL_MM_MEMINFO_H

#include "kernel/compiler.h"

/* All counts in pages. */
struct meminfo {
	unsigned long total;	   /* usable RAM the firmware reported */
	unsigned long free;	   /* buddy free lists + per-cpu lists */
	unsigned long image;	   /* the kernel image, boot code included */
	unsigned long memmap;	   /* mem_map[] itself */
	unsigned long pagetables;  /* kernel page-table pages */
	unsigned long slab;	   /* slab pages */
	unsigned long vmalloc;	   /* pages backing vmalloc areas */
	unsigned long kstack;	   /* pages backing kernel stacks */
	unsigned long kernel;	   /* other alloc_pages users (big kmalloc) */
	unsigned long anon;	   /* user anonymous pages */
	unsigned long reserved;	   /* usable RAM never handed to the buddy
				      allocator: first MiB, boot info,
				      partial 2 MiB chunks, memblock */
	unsigned long directmap2m; /* 2 MiB pages in the direct map */
};

void meminfo_collect(struct meminfo *mi);
/* The pinned categories plus free, which must equal total. */
unsigned long meminfo_sum(const struct meminfo *mi);
size_t meminfo_show(char *buf, size_t len);
/* Print meminfo and the struct page line to the console. */
void meminfo_print(void);

#endif
