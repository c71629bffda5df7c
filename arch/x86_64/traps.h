/*
 * Exceptions and interrupts: the IDT, the C side of the entry stubs, the
 * oops report, exception-table fixups and hooks for tests and drivers.
 */
#ifndef KEEL_ARCH_X86_64_TRAPS_H
#define KEEL_ARCH_X86_64_TRAPS_H

#include "arch/x86_64/ptrace.h"
#include "kernel/compiler.h"

#define X86_TRAP_DE  0
#define X86_TRAP_DB  1
#define X86_TRAP_NMI 2
#define X86_TRAP_BP  3
#define X86_TRAP_UD  6
#define X86_TRAP_DF  8
#define X86_TRAP_GP  13
#define X86_TRAP_PF  14
#define X86_TRAP_MC  18

/* #PF error code bits (Intel SDM vol. 3, 4.7). */
#define X86_PF_PROT  (1 << 0) /* 0: not present, 1: protection violation */
#define X86_PF_WRITE (1 << 1)
#define X86_PF_USER  (1 << 2)
#define X86_PF_RSVD  (1 << 3)
#define X86_PF_INSTR (1 << 4)

/* A handler returns true if it dealt with the trap (regs may be changed). */
typedef bool (*trap_handler_t)(struct pt_regs *regs);

void idt_init(void);
/* Install @fn for @vector (exceptions: a hook tried before the oops;
 * vectors >= 32: the interrupt handler). NULL removes it. */
void set_trap_handler(int vector, trap_handler_t fn);

/*
 * Exception table (Linux's __ex_table): an instruction that may fault on
 * purpose (copy_from_user, a probe) records where to continue instead.
 */
struct exception_table_entry {
	uint64_t insn;
	uint64_t fixup;
};

/* Print the oops for @regs with @why and stop (or exit QEMU on panic=exit). */
__noreturn void die(const char *why, struct pt_regs *regs);

/* Print a backtrace by walking frame pointers from @rbp. */
void show_backtrace(uint64_t rip, uint64_t rbp);

#endif
