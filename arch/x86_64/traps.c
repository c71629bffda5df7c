/*
 * The C side of every exception and interrupt. do_trap() is called by the
 * stubs in entry.asm with the saved registers. An exception first tries a
 * registered hook (tests use these), then the exception table (fixups for
 * code that may fault on purpose), and otherwise ends in an oops: the
 * exception named, its error code decoded, all registers, and a backtrace
 * with symbol names. Interrupts (vectors >= 32) go to their handler.
 * Linux differs: its oops can kill just the current task and go on; keel
 * stops, because a kernel fault with no fixup means kernel state is suspect.
 */
#include "arch/x86_64/traps.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/apic.h"
#include "kernel/printk.h"
#include "kernel/kallsyms.h"
#include "kernel/cmdline.h"
#include "kernel/string.h"

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __packed;

static struct idt_gate idt[256] __aligned(16);
static trap_handler_t trap_handlers[256];
static int oops_count;

extern const uint64_t trap_stub_table[256];
extern const struct exception_table_entry __start___ex_table[];
extern const struct exception_table_entry __stop___ex_table[];

static const char *const exception_names[32] = {
    "divide error",
    "debug",
    "non-maskable interrupt",
    "int3",
    "overflow",
    "bounds",
    "invalid opcode",
    "device not available",
    "double fault",
    "coprocessor segment overrun",
    "invalid TSS",
    "segment not present",
    "stack segment",
    "general protection fault",
    "page fault",
    "reserved 15",
    "x87 floating point",
    "alignment check",
    "machine check",
    "SIMD floating point",
    "virtualization",
    "control protection",
    "reserved 22",
    "reserved 23",
    "reserved 24",
    "reserved 25",
    "reserved 26",
    "reserved 27",
    "hypervisor injection",
    "VMM communication",
    "security",
    "reserved 31",
};

static int ist_for_vector(int v)
{
	if (v == X86_TRAP_DF)
		return IST_DOUBLE_FAULT;
	if (v == X86_TRAP_NMI)
		return IST_NMI;
	if (v == X86_TRAP_MC)
		return IST_MCE;
	return 0;
}

void idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed p = {sizeof(idt) - 1, (uint64_t)idt};

	for (int v = 0; v < 256; v++) {
		uint64_t a = trap_stub_table[v];

		idt[v] = (struct idt_gate){
		    .offset_low = a & 0xffff,
		    .selector = __KERNEL_CS,
		    .ist = (uint8_t)ist_for_vector(v),
		    .type_attr = 0x8e, /* present, DPL 0, interrupt gate */
		    .offset_mid = (a >> 16) & 0xffff,
		    .offset_high = a >> 32,
		};
	}
	__asm__ volatile("lidt %0" : : "m"(p));
}

void set_trap_handler(int vector, trap_handler_t fn)
{
	trap_handlers[vector] = fn;
}

static const struct exception_table_entry *search_exception_tables(uint64_t ip)
{
	for (const struct exception_table_entry *e = __start___ex_table;
	     e < __stop___ex_table; e++)
		if (e->insn == ip)
			return e;
	return NULL;
}

static void print_symbol(const char *prefix, uint64_t addr)
{
	uint64_t off, size;
	const char *name = kallsyms_lookup(addr, &off, &size);

	if (name)
		printk(KERN_EMERG "%s%s+0x%llx/0x%llx\n", prefix, name,
		       (unsigned long long)off, (unsigned long long)size);
	else
		printk(KERN_EMERG "%s0x%016llx\n", prefix,
		       (unsigned long long)addr);
}

/* A frame pointer we may follow: kernel half, aligned, moving up the
 * stack, and not absurdly far from where we started. */
static bool frame_ok(uint64_t rbp, uint64_t prev, uint64_t start)
{
	return rbp >= 0xffff800000000000ULL && !(rbp & 7) && rbp > prev &&
	       rbp - start < 65536;
}

void show_backtrace(uint64_t rip, uint64_t rbp)
{
	uint64_t start = rbp, prev = 0;

	printk(KERN_EMERG "Call Trace:\n");
	print_symbol(" ", rip);
	for (int depth = 0; depth < 32 && frame_ok(rbp, prev, start); depth++) {
		const uint64_t *frame = (const uint64_t *)rbp;

		if (!frame[1])
			break;
		print_symbol(" ", frame[1]);
		prev = rbp;
		rbp = frame[0];
	}
}

static void show_regs(struct pt_regs *r)
{
	printk(KERN_EMERG "RIP: %04llx:", (unsigned long long)r->cs);
	print_symbol("", r->rip);
	printk(KERN_EMERG "RSP: %04llx:%016llx EFLAGS: %08llx\n",
	       (unsigned long long)r->ss, (unsigned long long)r->rsp,
	       (unsigned long long)r->rflags);
	printk(KERN_EMERG "RAX: %016llx RBX: %016llx RCX: %016llx\n",
	       (unsigned long long)r->rax, (unsigned long long)r->rbx,
	       (unsigned long long)r->rcx);
	printk(KERN_EMERG "RDX: %016llx RSI: %016llx RDI: %016llx\n",
	       (unsigned long long)r->rdx, (unsigned long long)r->rsi,
	       (unsigned long long)r->rdi);
	printk(KERN_EMERG "RBP: %016llx R08: %016llx R09: %016llx\n",
	       (unsigned long long)r->rbp, (unsigned long long)r->r8,
	       (unsigned long long)r->r9);
	printk(KERN_EMERG "R10: %016llx R11: %016llx R12: %016llx\n",
	       (unsigned long long)r->r10, (unsigned long long)r->r11,
	       (unsigned long long)r->r12);
	printk(KERN_EMERG "R13: %016llx R14: %016llx R15: %016llx\n",
	       (unsigned long long)r->r13, (unsigned long long)r->r14,
	       (unsigned long long)r->r15);
	printk(KERN_EMERG "CR2: %016llx CR3: %016llx\n",
	       (unsigned long long)read_cr2(), (unsigned long long)read_cr3());
}

/* Linux's page-fault report: who, what access, and why it faulted. */
static void show_fault_oops(struct pt_regs *r)
{
	uint64_t ec = r->error_code, cr2 = read_cr2();

	if (cr2 < 4096)
		printk(KERN_EMERG "BUG: kernel NULL pointer dereference, "
				  "address: %016llx\n",
		       (unsigned long long)cr2);
	else
		printk(KERN_EMERG "BUG: unable to handle page fault for "
				  "address: %016llx\n",
		       (unsigned long long)cr2);
	printk(KERN_EMERG "#PF: %s %s in %s mode\n",
	       ec & X86_PF_USER ? "user" : "supervisor",
	       ec & X86_PF_INSTR   ? "instruction fetch"
	       : ec & X86_PF_WRITE ? "write access"
				   : "read access",
	       ec & X86_PF_USER ? "user" : "kernel");
	printk(KERN_EMERG "#PF: error_code(0x%04llx) - %s%s\n",
	       (unsigned long long)ec,
	       ec & X86_PF_PROT ? "permissions violation" : "not-present page",
	       ec & X86_PF_RSVD ? ", reserved bit set" : "");
}

__noreturn void die(const char *why, struct pt_regs *regs)
{
	local_irq_disable();
	if (regs->vector == X86_TRAP_PF)
		show_fault_oops(regs);
	printk(KERN_EMERG "Oops: %s, error_code 0x%llx [#%d]\n", why,
	       (unsigned long long)regs->error_code, ++oops_count);
	show_regs(regs);
	show_backtrace(regs->rip, regs->rbp);
	panic("Fatal exception: %s", why);
}

static void do_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *fix;
	trap_handler_t hook = trap_handlers[regs->vector];

	if (hook && hook(regs))
		return;
	fix = search_exception_tables(regs->rip);
	if (fix &&
	    (regs->vector == X86_TRAP_PF || regs->vector == X86_TRAP_GP)) {
		regs->rip = fix->fixup;
		return;
	}
	die(exception_names[regs->vector], regs);
}

static void do_irq(struct pt_regs *regs)
{
	trap_handler_t fn = trap_handlers[regs->vector];

	if (!fn || !fn(regs))
		printk(KERN_WARNING
		       "irq: unexpected interrupt on vector %llu\n",
		       (unsigned long long)regs->vector);
	if (regs->vector != LAPIC_SPURIOUS_VECTOR)
		lapic_eoi();
}

void do_trap(struct pt_regs *regs)
{
	if (regs->vector < 32)
		do_exception(regs);
	else
		do_irq(regs);
}
