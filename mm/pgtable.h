/*
 * Kernel page-table management: build, change and walk the kernel's own
 * mappings (the direct map, the image, vmalloc and ioremap). Table pages
 * come from memblock during boot and from the buddy allocator afterwards;
 * either way they are counted as PageTables.
 */
#ifndef KEEL_MM_PGTABLE_H
#define KEEL_MM_PGTABLE_H

#include "arch/x86_64/pgtable.h"
#include "kernel/compiler.h"

/* The kernel's PML4 (Linux: init_mm.pgd / swapper_pg_dir). */
extern pteval_t *init_pgd;

/* Allocate the kernel PML4 (from memblock). */
void pgtable_init(void);

/*
 * Map one 4 KiB page (@va -> @pa) or one 2 MiB page (both 2 MiB-aligned)
 * with @prot, allocating intermediate tables as needed. Returns 0, or
 * -ENOMEM-style -1 when a table page cannot be allocated (after boot).
 * Mapping over an existing mapping is a bug (panics).
 */
int map_kernel_page(uint64_t va, uint64_t pa, pteval_t prot);
int map_kernel_pmd(uint64_t va, uint64_t pa, pteval_t prot);

/* Remove the mapping of the 4 KiB or 2 MiB page at @va (which must be
 * mapped) and flush it from the TLB; returns the size unmapped. */
uint64_t unmap_kernel_page(uint64_t va);

/*
 * Walk the live tables for @va: *level is set to the level of the leaf
 * (1 = 4 KiB PTE, 2 = 2 MiB PMD) or of the first non-present entry.
 * Returns the leaf entry, or 0 if @va is not mapped.
 */
pteval_t lookup_address(uint64_t va, int *level);

/* Number of page-table pages the kernel holds, for meminfo. */
unsigned long nr_pagetable_pages(void);

/* After mem_map exists: mark boot-time table pages PR_PGTABLE and switch
 * table allocation to the buddy allocator. */
void pgtable_switch_to_buddy(void);

#endif
