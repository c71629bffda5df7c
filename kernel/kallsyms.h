/*
 * kallsyms: the kernel's own symbol table, embedded in the image by a second
 * link (scripts/kallsyms.sh), so oopses and backtraces name functions.
 */
#ifndef KEEL_KERNEL_KALLSYMS_H
#define KEEL_KERNEL_KALLSYMS_H

#include "kernel/compiler.h"

/*
 * Find the function containing @addr. Returns its name and sets *offset and
 * *size, or returns NULL if @addr is outside the kernel text.
 */
const char *kallsyms_lookup(uint64_t addr, uint64_t *offset, uint64_t *size);

#endif
