/*
 * struct page and the conversions between physical addresses, page frame
 * numbers (pfns), struct pages and direct-map addresses, named as in Linux
 * (<linux/mm_types.h>, <asm/page.h>). mem_map[] holds one struct page per
 * frame from pfn 0 to max_pfn (FLATMEM).
 *
 * The budget is 32 bytes (Linux: 64), so 0.78% of RAM goes to mem_map.
 * Fields are unions by role; lists link by pfn (u32) instead of by pointer,
 * which halves their cost and caps keel at 16 TiB of RAM. The role that
 * arrives last, an anonymous page under reclaim, needs all at once: LRU
 * links (8 bytes), a reference count (4), its owner and virtual page for
 * the reverse map (8 + 36 bits) and its swap slot (28 bits).
 * docs/struct-page.md draws each role's bytes.
 *
 * On the host (KEEL_HOST), PAGE_OFFSET is a variable that the unit tests
 * point at an arena standing in for RAM, so mm/page_alloc.c and mm/slab.c
 * build unchanged.
 */
#ifndef KEEL_MM_PAGE_H
#define KEEL_MM_PAGE_H

#include "kernel/compiler.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))
#define PMD_SHIFT  21
#define PMD_SIZE   (1UL << PMD_SHIFT)
#define PMD_MASK   (~(PMD_SIZE - 1))

#define MAX_ORDER  10 /* orders 0..MAX_ORDER, 4 KiB .. 4 MiB */

#ifdef KEEL_HOST
extern uintptr_t page_offset_base;
#define PAGE_OFFSET page_offset_base
#else
/* Linux's x86-64 direct map base (4-level paging, no KASLR). */
#define PAGE_OFFSET 0xffff888000000000UL
#endif
/* The kernel image: linked here, loaded at physical KERNEL_PHYS. */
#define __START_KERNEL_map 0xffffffff80000000UL
#define KERNEL_PHYS	   0x200000UL

/* No pfn: the end of a pfn-linked list. */
#define PFN_NONE 0xffffffffu

/* Page roles: exactly one per page, in the low bits of page->flags. */
enum page_role {
	PR_RESERVED = 0, /* not managed: firmware, holes, image, memblock */
	PR_FREE,	 /* in the buddy allocator (head of a free block) */
	PR_BUDDY_TAIL,	 /* inside a free block, not its head */
	PR_PCP,		 /* free, on a per-cpu order-0 list */
	PR_KERNEL,	 /* allocated by alloc_pages for a kernel user */
	PR_SLAB,	 /* part of a slab */
	PR_PGTABLE,	 /* a page table page */
	PR_VMALLOC,	 /* backs a vmalloc area */
	PR_KSTACK,	 /* backs a kernel stack (vmalloc) */
	PR_ANON,	 /* user anonymous memory (swappable) */
	NR_PAGE_ROLES
};

#define PG_ROLE_MASK   0xfu
#define PG_ORDER_SHIFT 4
#define PG_ORDER_MASK                                           \
	(0xfu << PG_ORDER_SHIFT) /* order of a free/alloc block \
				  */
/* Flag bits above the role and order, as in Linux's enum pageflags. */
#define PG_head	      (1u << 8) /* first page of a multi-page allocation */
#define PG_tail	      (1u << 9) /* later page of a multi-page allocation */
#define PG_referenced (1u << 10)
#define PG_lru	      (1u << 11)
#define PG_swapcache  (1u << 12)
#define PG_dirty      (1u << 13)
#define PG_locked     (1u << 14)

struct kmem_cache;
struct mm_struct;
struct vm_struct;

struct page {
	uint32_t flags;	   /* role, order, PG_* bits */
	int32_t _refcount; /* users; 0 when free */
	uint32_t next;	   /* pfn links: buddy free list, pcp list, LRU, */
	uint32_t prev;	   /*   slab partial list; PFN_NONE ends a list  */
	union {
		struct { /* PR_SLAB head page */
			struct kmem_cache *slab_cache;
			uint32_t freelist; /* byte offset+1 of first free obj; 0
					      none */
			uint16_t inuse;	   /* objects allocated */
			uint16_t objects;  /* objects in this slab */
		};
		struct { /* PR_SLAB or other tail page of a compound block */
			uint64_t compound_head; /* pfn of the head page */
			uint64_t _tail_pad;
		};
		struct { /* PR_ANON: reverse map and swap cache */
			struct mm_struct *mapping; /* owning address space */
			uint64_t index : 36;   /* user virtual page number */
			uint64_t private : 28; /* swap slot while in swap cache
						*/
		};
		struct { /* PR_VMALLOC / PR_KSTACK */
			struct vm_struct *vm_area;
			uint64_t vm_index; /* page number within the area */
		};
	};
};

_Static_assert(sizeof(struct page) <= 32,
	       "struct page exceeds its 32-byte budget");

extern struct page *mem_map;
extern unsigned long max_pfn; /* one past the last pfn mem_map describes */

static inline enum page_role page_role(const struct page *page)
{
	return (enum page_role)(page->flags & PG_ROLE_MASK);
}

static inline void set_page_role(struct page *page, enum page_role role)
{
	page->flags = (page->flags & ~PG_ROLE_MASK) | (uint32_t)role;
}

static inline unsigned int page_order(const struct page *page)
{
	return (page->flags & PG_ORDER_MASK) >> PG_ORDER_SHIFT;
}

static inline void set_page_order(struct page *page, unsigned int order)
{
	page->flags =
	    (page->flags & ~PG_ORDER_MASK) | (order << PG_ORDER_SHIFT);
}

#define pfn_to_page(pfn)  (mem_map + (pfn))
#define page_to_pfn(page) ((unsigned long)((page)-mem_map))
#define PFN_PHYS(pfn)	  ((uint64_t)(pfn) << PAGE_SHIFT)
#define PHYS_PFN(pa)	  ((unsigned long)((pa) >> PAGE_SHIFT))

/* Direct map only; for kernel-image addresses use __pa_symbol. */
#define __va(pa)	   ((void *)((uintptr_t)(pa) + PAGE_OFFSET))
#define __pa(va)	   ((uint64_t)((uintptr_t)(va)-PAGE_OFFSET))
#define __pa_symbol(va)	   ((uint64_t)((uintptr_t)(va)-__START_KERNEL_map))

#define page_address(page) __va(PFN_PHYS(page_to_pfn(page)))
#define virt_to_page(va)   pfn_to_page(__pa(va) >> PAGE_SHIFT)
#define virt_to_pfn(va)	   ((unsigned long)(__pa(va) >> PAGE_SHIFT))

static inline int page_count(const struct page *page)
{
	return page->_refcount;
}

#endif
