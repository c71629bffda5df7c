/*
 * vmalloc, kernel stacks and ioremap (mm/vmalloc.h).
 *
 * Areas live on one address-sorted list; allocation is first fit. The
 * struct vm_struct comes from kmalloc. Page tables for the area are
 * created on demand and never freed (Linux keeps them too).
 * Linux differs: it keeps free ranges in an augmented red-black tree for
 * O(log n) search, and flushes TLBs for freed areas lazily in batches;
 * keel searches a list and flushes each page at vfree.
 */
#include "mm/vmalloc.h"
#include "mm/page.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/slab.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/traps.h"
#include "kernel/printk.h"
#include "kernel/kallsyms.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/vsprintf.h"

#define HUGE_ORDER (PMD_SHIFT - PAGE_SHIFT)

static struct vm_struct *vmap_list;
static spinlock_t vmap_lock = SPINLOCK_INIT;
static unsigned long nr_vmalloc_pages, nr_kstack_pages;

/*
 * A double fault whose stack pointer or faulting address lies in the page
 * below a kernel stack is a stack overflow: the #PF on the guard page could
 * not push its frame, so the CPU raised #DF on its own IST stack. Report it
 * as Linux's handle_stack_overflow() does.
 */
static bool handle_stack_overflow(struct pt_regs *regs)
{
	uint64_t fault = read_cr2();
	struct vm_struct *vm = find_stack_guard(fault);

	if (!vm)
		vm = find_stack_guard(regs->rsp);
	if (!vm)
		return false;
	printk(KERN_EMERG "BUG: stack guard page was hit at %#llx (stack is "
			  "%#llx..%#llx)\n",
	       (unsigned long long)fault, (unsigned long long)vm->addr,
	       (unsigned long long)(vm->addr + vm->size - 1));
	die("kernel stack overflow (double-fault)", regs);
}

void vmalloc_init(void)
{
	set_trap_handler(X86_TRAP_DF, handle_stack_overflow);
	printk(KERN_INFO "vmalloc: %#lx-%#lx, 4 KiB pages, 2 MiB pages for "
			 "large aligned requests, guard page after each area\n",
	       VMALLOC_START, VMALLOC_END - 1);
}

/* Find a free range of @size + guard page aligned to @align, first fit,
 * and link @vm into the list there. Returns false if the space is full. */
static bool insert_vm_area(struct vm_struct *vm, uint64_t size, uint64_t align)
{
	struct vm_struct **link = &vmap_list;
	uint64_t start = VMALLOC_START;
	unsigned long flags;
	bool ok = false;

	spin_lock_irqsave(&vmap_lock, flags);
	for (;; link = &(*link)->next) {
		uint64_t limit = *link ? (*link)->addr : VMALLOC_END;

		start = ALIGN(start, align);
		if (start + size + PAGE_SIZE <= limit) {
			vm->addr = start;
			vm->size = size;
			vm->next = *link;
			*link = vm;
			ok = true;
			break;
		}
		if (!*link)
			break;
		start = (*link)->addr + (*link)->size + PAGE_SIZE;
	}
	spin_unlock_irqrestore(&vmap_lock, flags);
	return ok;
}

static struct vm_struct *get_vm_area(uint64_t size, uint64_t align,
				     unsigned int flags, const void *caller)
{
	struct vm_struct *vm = kzalloc(sizeof(*vm), GFP_KERNEL);

	if (!vm)
		return NULL;
	vm->flags = flags;
	vm->caller = caller;
	if (!insert_vm_area(vm, size, align)) {
		printk(KERN_WARNING "vmalloc: no room for %llu bytes in the "
				    "vmalloc area\n",
		       (unsigned long long)size);
		kfree(vm);
		return NULL;
	}
	return vm;
}

static void unlink_vm_area(struct vm_struct *vm)
{
	struct vm_struct **link;
	unsigned long flags;

	spin_lock_irqsave(&vmap_lock, flags);
	for (link = &vmap_list; *link != vm; link = &(*link)->next)
		;
	*link = vm->next;
	spin_unlock_irqrestore(&vmap_lock, flags);
}

struct vm_struct *find_vm_area(const void *addr)
{
	uint64_t a = (uint64_t)addr;

	for (struct vm_struct *vm = vmap_list; vm; vm = vm->next)
		if (a >= vm->addr && a < vm->addr + vm->size)
			return vm;
	return NULL;
}

struct vm_struct *find_stack_guard(uint64_t addr)
{
	for (struct vm_struct *vm = vmap_list; vm; vm = vm->next)
		if ((vm->flags & VM_KSTACK) && addr < vm->addr &&
		    addr >= vm->addr - PAGE_SIZE)
			return vm;
	return NULL;
}

static void set_vm_page(struct page *page, struct vm_struct *vm, uint64_t index)
{
	set_page_role(page, vm->flags & VM_KSTACK ? PR_KSTACK : PR_VMALLOC);
	page->vm_area = vm;
	page->vm_index = index;
}

/*
 * Back [addr + off, +2 MiB) with one order-9 block if one is free and the
 * slot has no page table left by earlier 4 KiB areas (vmalloc never frees
 * its page tables, so a PT may remain where a small area used to be).
 */
static bool map_huge_chunk(struct vm_struct *vm, uint64_t off)
{
	int level;
	struct page *page;

	if (lookup_address(vm->addr + off, &level) || level < 2)
		return false;
	page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, HUGE_ORDER);
	if (!page)
		return false;
	if (map_kernel_pmd(vm->addr + off, PFN_PHYS(page_to_pfn(page)),
			   PAGE_KERNEL)) {
		__free_pages(page, HUGE_ORDER);
		return false;
	}
	for (unsigned long i = 0; i < (1UL << HUGE_ORDER); i++)
		set_page_role(page + i, PR_VMALLOC);
	page->vm_area = vm; /* tails keep compound_head in these bytes */
	page->vm_index = off >> PAGE_SHIFT;
	vm->flags |= VM_HUGE;
	vm->nr_pages += 1UL << HUGE_ORDER;
	return true;
}

static bool map_small_page(struct vm_struct *vm, uint64_t off)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);

	if (!page)
		return false;
	if (map_kernel_page(vm->addr + off, PFN_PHYS(page_to_pfn(page)),
			    PAGE_KERNEL)) {
		__free_pages(page, 0);
		return false;
	}
	set_vm_page(page, vm, off >> PAGE_SHIFT);
	vm->nr_pages++;
	return true;
}

/* Unmap and free whatever backs @vm so far (also on a failed vmalloc). */
static void vunmap_area(struct vm_struct *vm)
{
	for (uint64_t off = 0; off < vm->size;) {
		int level;
		pteval_t pte = lookup_address(vm->addr + off, &level);
		struct page *page;

		if (!pte) {
			off += PAGE_SIZE;
			continue;
		}
		off += unmap_kernel_page(vm->addr + off);
		if (vm->flags & VM_IOREMAP)
			continue;
		page = pfn_to_page(PHYS_PFN(pte & PTE_PFN_MASK));
		for (unsigned long i = 0; i < (level == 2 ? 512UL : 1UL); i++)
			set_page_role(page + i, PR_KERNEL);
		__free_pages(page, level == 2 ? HUGE_ORDER : 0);
	}
}

static void account(struct vm_struct *vm, long sign)
{
	if (vm->flags & VM_KSTACK)
		nr_kstack_pages += sign * (long)vm->nr_pages;
	else if (vm->flags & VM_ALLOC)
		nr_vmalloc_pages += sign * (long)vm->nr_pages;
}

static void *__vmalloc(unsigned long size, unsigned int flags, gfp_t gfp,
		       const void *caller)
{
	bool huge = size >= PMD_SIZE;
	struct vm_struct *vm;
	uint64_t off;

	if (!size)
		return NULL;
	size = ALIGN(size, PAGE_SIZE);
	vm = get_vm_area(size, huge ? PMD_SIZE : PAGE_SIZE, flags, caller);
	if (!vm)
		return NULL;
	for (off = 0; off < size;) {
		if (huge && size - off >= PMD_SIZE && map_huge_chunk(vm, off)) {
			off += PMD_SIZE;
			continue;
		}
		if (!map_small_page(vm, off))
			goto fail;
		off += PAGE_SIZE;
	}
	account(vm, 1);
	if (gfp & __GFP_ZERO)
		memset((void *)vm->addr, 0, size);
	return (void *)vm->addr;
fail:
	printk(KERN_WARNING "vmalloc: out of memory for %lu bytes\n", size);
	vunmap_area(vm);
	unlink_vm_area(vm);
	kfree(vm);
	return NULL;
}

void *vmalloc(unsigned long size)
{
	return __vmalloc(size, VM_ALLOC, GFP_KERNEL,
			 __builtin_return_address(0));
}

void *vzalloc(unsigned long size)
{
	return __vmalloc(size, VM_ALLOC, GFP_KERNEL | __GFP_ZERO,
			 __builtin_return_address(0));
}

static void free_vm_area(const void *addr, unsigned int kind, const char *fn,
			 const void *caller)
{
	struct vm_struct *vm;

	if (!addr)
		return;
	vm = find_vm_area(addr);
	/* ioremap hands out the address of the MMIO byte asked for, which
	 * may sit inside the area's first page; the others hand out the
	 * area's start and must get exactly that back. */
	if (!vm || !(vm->flags & kind) ||
	    vm->addr != (kind == VM_IOREMAP ? (uint64_t)addr & PAGE_MASK
					    : (uint64_t)addr)) {
		printk(KERN_ERR "%s: %p is not the start of a %s area; "
				"ignored (caller %pS)\n",
		       fn, addr, fn, caller);
		return;
	}
	account(vm, -1);
	vunmap_area(vm);
	unlink_vm_area(vm);
	kfree(vm);
}

void vfree(const void *addr)
{
	free_vm_area(addr, VM_ALLOC, "vfree", __builtin_return_address(0));
}

void *alloc_kernel_stack(void)
{
	return __vmalloc(THREAD_SIZE, VM_KSTACK, GFP_KERNEL,
			 __builtin_return_address(0));
}

void free_kernel_stack(void *stack)
{
	free_vm_area(stack, VM_KSTACK, "free_kernel_stack",
		     __builtin_return_address(0));
}

void *ioremap(uint64_t phys, unsigned long size)
{
	uint64_t base = phys & PAGE_MASK;
	uint64_t len = ALIGN(phys + size, PAGE_SIZE) - base;
	struct vm_struct *vm = get_vm_area(len, PAGE_SIZE, VM_IOREMAP,
					   __builtin_return_address(0));

	if (!vm)
		return NULL;
	vm->phys_addr = base;
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		if (map_kernel_page(vm->addr + off, base + off,
				    PAGE_KERNEL_NOCACHE)) {
			vunmap_area(vm);
			unlink_vm_area(vm);
			kfree(vm);
			return NULL;
		}
	}
	return (void *)(vm->addr + (phys - base));
}

void iounmap(void *addr)
{
	free_vm_area(addr, VM_IOREMAP, "iounmap", __builtin_return_address(0));
}

unsigned long vmalloc_nr_pages(void)
{
	return nr_vmalloc_pages;
}

unsigned long kstack_nr_pages(void)
{
	return nr_kstack_pages;
}

static const char *vm_kind(const struct vm_struct *vm)
{
	if (vm->flags & VM_IOREMAP)
		return "ioremap";
	if (vm->flags & VM_KSTACK)
		return "vmalloc kernel_stack";
	return vm->flags & VM_HUGE ? "vmalloc vmalloc_huge" : "vmalloc";
}

/* One line as Linux prints it: range (guard page included), size,
 * caller, pages=, phys=, kind. */
static size_t show_area(char *buf, size_t len, const struct vm_struct *vm)
{
	uint64_t off = 0, size = 0;
	const char *fn = kallsyms_lookup((uint64_t)vm->caller, &off, &size);
	size_t n = (size_t)snprintf(
	    buf, len, "0x%016llx-0x%016llx %8llu ",
	    (unsigned long long)vm->addr,
	    (unsigned long long)(vm->addr + vm->size + PAGE_SIZE),
	    (unsigned long long)(vm->size + PAGE_SIZE));

	if (n < len)
		n += (size_t)snprintf(buf + n, len - n, "%s+0x%llx/0x%llx",
				      fn ? fn : "?", (unsigned long long)off,
				      (unsigned long long)size);
	if (n < len && vm->nr_pages)
		n += (size_t)snprintf(buf + n, len - n, " pages=%lu",
				      vm->nr_pages);
	if (n < len && (vm->flags & VM_IOREMAP))
		n += (size_t)snprintf(buf + n, len - n, " phys=0x%016llx",
				      (unsigned long long)vm->phys_addr);
	if (n < len)
		n += (size_t)snprintf(buf + n, len - n, " %s\n", vm_kind(vm));
	return n;
}

size_t vmallocinfo_show(char *buf, size_t len)
{
	size_t n = 0;

	if (len)
		buf[0] = '\0';
	for (struct vm_struct *vm = vmap_list; vm && n < len; vm = vm->next)
		n += show_area(buf + n, len - n, vm);
	return min(n, len ? len - 1 : 0);
}
