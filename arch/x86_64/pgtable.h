/*
 * x86-64 4-level page tables: the entry bits and index helpers.
 * Intel SDM vol. 3, 4.5 "4-level paging": a virtual address splits into
 * PML4 (bits 47-39), PDPT (38-30), PD (29-21), PT (20-12) indices and a
 * page offset. Each table is 512 8-byte entries in one 4 KiB page. An
 * entry holds the next table's (or the page's) physical address in bits
 * 51-12 and flags; PS in a PD entry makes it a 2 MiB leaf.
 * Linux names the levels pgd/pud/pmd/pte (p4d folded away at 4 levels).
 */
#ifndef KEEL_ARCH_X86_64_PGTABLE_H
#define KEEL_ARCH_X86_64_PGTABLE_H

#include <stdint.h>

typedef uint64_t pteval_t;

#define _PAGE_PRESENT  (1ULL << 0)
#define _PAGE_RW       (1ULL << 1)
#define _PAGE_USER     (1ULL << 2)
#define _PAGE_PWT      (1ULL << 3)
#define _PAGE_PCD      (1ULL << 4)
#define _PAGE_ACCESSED (1ULL << 5)
#define _PAGE_DIRTY    (1ULL << 6)
#define _PAGE_PSE      (1ULL << 7) /* 2 MiB leaf in a PD entry */
#define _PAGE_GLOBAL   (1ULL << 8)
#define _PAGE_NX       (1ULL << 63)
#define PTE_PFN_MASK   0x000ffffffffff000ULL

/* Protections keel uses for kernel mappings. */
#define PAGE_KERNEL	    (_PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_RO	    (_PAGE_PRESENT | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_EXEC    (_PAGE_PRESENT | _PAGE_GLOBAL)
#define PAGE_KERNEL_NOCACHE (PAGE_KERNEL | _PAGE_PCD | _PAGE_PWT)

#define PTRS_PER_TABLE	    512
#define PGDIR_SHIFT	    39
#define PUD_SHIFT	    30

static inline unsigned int pgd_index(uint64_t va)
{
	return (va >> PGDIR_SHIFT) & 511;
}

static inline unsigned int pud_index(uint64_t va)
{
	return (va >> PUD_SHIFT) & 511;
}

static inline unsigned int pmd_index(uint64_t va)
{
	return (va >> 21) & 511;
}

static inline unsigned int pte_index(uint64_t va)
{
	return (va >> 12) & 511;
}

#endif
