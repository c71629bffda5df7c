/*
 * GDT and TSS set-up. In long mode segments are flat; the GDT matters for
 * the privilege level (CS.DPL) and for pointing at the TSS, which holds the
 * ring-0 stack for traps from user mode (RSP0) and the Interrupt Stack
 * Table: the stacks the double-fault, NMI and machine-check handlers switch
 * to, so that a kernel stack overflow can still be reported.
 * Intel SDM vol. 3, 3.4.5 (segment descriptors), 7.7 (64-bit TSS).
 */
#include "arch/x86_64/gdt.h"
#include "kernel/compiler.h"

#define IST_STACK_SIZE 8192

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

static struct tss tss;
static uint8_t ist_stacks[3][IST_STACK_SIZE] __aligned(16);

static uint64_t gdt[7] = {
    0,
    0x00af9a000000ffff, /* kernel code: L=1, P, DPL 0, execute/read */
    0x00cf92000000ffff, /* kernel data: P, DPL 0, read/write */
    0x00cff2000000ffff, /* user data: DPL 3 */
    0x00affa000000ffff, /* user code: L=1, DPL 3 */
    0,			/* TSS descriptor, low half (filled in) */
    0,			/* TSS descriptor, high half */
};

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

/* A 64-bit TSS descriptor is 16 bytes: base split over both halves. */
static void set_tss_descriptor(void)
{
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof(tss) - 1;

	gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 (0x89ULL << 40) | /* P, type 9: available 64-bit TSS */
		 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[6] = base >> 32;
}

static void load_segments(void)
{
	struct desc_ptr p = {sizeof(gdt) - 1, (uint64_t)gdt};

	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w2, %%ds\n\t"
			 "movw %w2, %%es\n\t"
			 "movw %w2, %%ss\n\t"
			 :
			 : "m"(p), "i"(__KERNEL_CS), "r"(__KERNEL_DS)
			 : "rax", "memory");
	__asm__ volatile("ltr %w0" : : "r"(GDT_TSS));
}

static uint64_t ist_stack_top(int ist)
{
	return (uint64_t)&ist_stacks[ist - 1][IST_STACK_SIZE];
}

void gdt_init(void)
{
	for (int i = 1; i <= 3; i++)
		tss.ist[i - 1] = ist_stack_top(i);
	tss.iomap_base = sizeof(tss); /* no I/O permission bitmap */
	set_tss_descriptor();
	load_segments();
}
