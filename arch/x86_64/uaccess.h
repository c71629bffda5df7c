/*
 * Reads that may fault on purpose, made safe by the exception table
 * (struct exception_table_entry in arch/x86_64/traps.h): if the marked
 * instruction faults, do_trap() resumes at its fixup, which reports
 * -EFAULT instead of an oops. Linux: copy_from_kernel_nofault() in
 * mm/maccess.c; copy_from_user() will use the same mechanism.
 */
#ifndef KEEL_ARCH_X86_64_UACCESS_H
#define KEEL_ARCH_X86_64_UACCESS_H

#include <stdint.h>

#define EFAULT 14

/* Read 8 bytes at @src into *@dst. Returns 0, or -EFAULT if @src is not
 * mapped (or not readable); *@dst is then 0. */
static inline int get_kernel_nofault(uint64_t *dst, const uint64_t *src)
{
	int err = 0;
	uint64_t v = 0;

	__asm__ volatile("1:	movq (%[src]), %[v]\n"
			 "2:\n"
			 ".section .fixup, \"ax\"\n"
			 "3:	movl %[efault], %[err]\n"
			 "	xorl %k[v], %k[v]\n"
			 "	jmp 2b\n"
			 ".previous\n"
			 ".section __ex_table, \"a\"\n"
			 "	.balign 8\n"
			 "	.quad 1b, 3b\n"
			 ".previous\n"
			 : [err] "+r"(err), [v] "+r"(v)
			 : [src] "r"(src), [efault] "i"(-EFAULT)
			 : "memory");
	*dst = v;
	return err;
}

#endif
