/*
 * The GDT and TSS. Selectors are laid out for syscall/sysret (STAR): kernel
 * code, kernel data, then user data before user code, as in Linux.
 */
#ifndef KEEL_ARCH_X86_64_GDT_H
#define KEEL_ARCH_X86_64_GDT_H

#include <stdint.h>

#define __KERNEL_CS 0x08
#define __KERNEL_DS 0x10
#define __USER_DS   (0x18 | 3)
#define __USER_CS   (0x20 | 3)
#define GDT_TSS	    0x28

/* IST slots (1-based in the IDT gate): separate known-good stacks. */
#define IST_DOUBLE_FAULT 1
#define IST_NMI		 2
#define IST_MCE		 3

/* Load the GDT, reload the segment registers and the TSS. */
void gdt_init(void);

#endif
