/*
 * Human-readable dumps of memory-management state for the monitor and for
 * panics: one struct page (Linux's dump_page in mm/debug.c) and the page
 * table walk for one address (Linux's dump_pagetable in arch/x86/mm/fault.c).
 * scripts/gdb prints the same text from outside the kernel.
 */
#ifndef KEEL_MM_DEBUG_H
#define KEEL_MM_DEBUG_H

#include "kernel/compiler.h"

/* Write the description of page @pfn into @buf; returns the length. */
size_t page_show(unsigned long pfn, char *buf, size_t len);
/* Write the walk of the kernel page tables for @va into @buf. */
size_t pagetable_show(uint64_t va, char *buf, size_t len);

const char *page_role_name(unsigned int role);

#endif
