/*
 * struct pt_regs: the registers saved on the stack by arch/x86_64/entry.asm,
 * in push order reversed (r15 at the lowest address).
 */
#ifndef KEEL_ARCH_X86_64_PTRACE_H
#define KEEL_ARCH_X86_64_PTRACE_H

#include <stdint.h>

struct pt_regs {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	/* pushed by the CPU */
	uint64_t rip, cs, rflags, rsp, ss;
};

#endif
