/*
 * vmalloc: virtually contiguous kernel memory from physically scattered
 * pages (Linux's mm/vmalloc.c), in [VMALLOC_START, VMALLOC_END). Every area
 * is followed by one unmapped guard page, so running off its end faults.
 * Requests of 2 MiB or more map 2 MiB pages wherever an order-9 block is
 * free. Kernel stacks and ioremap (uncached MMIO) use the same space.
 */
#ifndef KEEL_MM_VMALLOC_H
#define KEEL_MM_VMALLOC_H

#include "mm/gfp.h"
#include "kernel/compiler.h"

#define VMALLOC_START 0xffffc90000000000UL
#define VMALLOC_END   0xffffe90000000000UL /* exclusive */

#define THREAD_SIZE   (16UL << 10) /* kernel stack: 16 KiB, as Linux */

#define VM_ALLOC      0x1 /* vmalloc */
#define VM_IOREMAP    0x2 /* ioremap: MMIO, no struct pages */
#define VM_KSTACK     0x4 /* a kernel stack */
#define VM_HUGE	      0x8 /* at least one 2 MiB page */

struct vm_struct {
	struct vm_struct *next; /* sorted by address */
	uint64_t addr;
	uint64_t size;		/* mapped bytes; the guard page follows */
	unsigned long nr_pages; /* 4 KiB pages backing it (0 for ioremap) */
	uint64_t phys_addr;	/* ioremap only */
	const void *caller;
	unsigned int flags;
};

void vmalloc_init(void);

/* NULL when out of memory or address space, or for size 0. Any size; the
 * area is rounded up to whole pages. Process context. */
void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
/* Free a vmalloc area: unmap, flush the TLB, free the pages. NULL is a
 * no-op; an address that is not the start of an area is reported and
 * ignored. */
void vfree(const void *addr);

/*
 * Map the MMIO range [phys, phys + size) uncached (PCD|PWT). Returns the
 * virtual address of @phys, or NULL. iounmap takes that address.
 */
void *ioremap(uint64_t phys, unsigned long size);
void iounmap(void *addr);

/* A THREAD_SIZE kernel stack (pages PR_KSTACK); returns its lowest
 * address, or NULL. */
void *alloc_kernel_stack(void);
void free_kernel_stack(void *stack);

/* The area containing @addr (guard page excluded), or NULL. */
struct vm_struct *find_vm_area(const void *addr);
/* The kernel stack whose guard region (the page below it) holds @addr. */
struct vm_struct *find_stack_guard(uint64_t addr);

/* Pages backing vmalloc areas (VmallocUsed) and kernel stacks. */
unsigned long vmalloc_nr_pages(void);
unsigned long kstack_nr_pages(void);

/* Linux's /proc/vmallocinfo. */
size_t vmallocinfo_show(char *buf, size_t len);

#endif
