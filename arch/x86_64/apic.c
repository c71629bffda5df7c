/*
 * 8259 PIC, local APIC timer and TSC calibration.
 *
 * The PICs come up mapping IRQs 0-15 onto vectors 8-15 and 0x70-0x77, which
 * collide with CPU exceptions, so they are remapped to 0x20-0x2f and then
 * masked: keel takes its timer from the LAPIC. The LAPIC timer's rate is
 * unknown, so we count its ticks (and the TSC's) across 10 ms measured by
 * PIT channel 2, whose input clock is fixed at 1.193182 MHz.
 * Intel SDM vol. 3, 11.5.4 (APIC timer); Linux: arch/x86/kernel/apic/apic.c
 * calibrate_APIC_clock() and tsc.c, which also cross-check HPET and CPUID.
 */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/traps.h"
#include "kernel/printk.h"

#define PIC1_CMD	 0x20
#define PIC1_DATA	 0x21
#define PIC2_CMD	 0xa0
#define PIC2_DATA	 0xa1

#define APIC_BASE_MSR	 0x1b
#define APIC_BASE_ENABLE (1ULL << 11)
/* LAPIC register offsets, in 32-bit words (registers are 16 bytes apart). */
#define APIC_EOI	  (0x0b0 / 4)
#define APIC_SVR	  (0x0f0 / 4)
#define APIC_LVTT	  (0x320 / 4)
#define APIC_TMICT	  (0x380 / 4)
#define APIC_TMCCT	  (0x390 / 4)
#define APIC_TDCR	  (0x3e0 / 4)
#define APIC_SVR_ENABLE	  0x100
#define APIC_LVT_MASKED	  (1u << 16)
#define APIC_LVT_PERIODIC (1u << 17)
#define APIC_TDCR_DIV16	  0x3

#define PIT_HZ		  1193182
#define CALIBRATE_MS	  10

volatile uint64_t jiffies;
uint64_t tsc_khz;
static volatile uint32_t *lapic;

void pic_disable(void)
{
	outb(PIC1_CMD, 0x11); /* ICW1: init, ICW4 follows */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, PIC_VECTOR_BASE); /* ICW2: vector base */
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	outb(PIC1_DATA, 4); /* ICW3: slave on IRQ2 */
	outb(PIC2_DATA, 2);
	outb(PIC1_DATA, 1); /* ICW4: 8086 mode */
	outb(PIC2_DATA, 1);
	outb(PIC1_DATA, 0xff); /* mask everything */
	outb(PIC2_DATA, 0xff);
}

uint64_t lapic_phys_base(void)
{
	return rdmsr(APIC_BASE_MSR) & ~0xfffULL;
}

void lapic_eoi(void)
{
	lapic[APIC_EOI] = 0;
}

static bool timer_interrupt(struct pt_regs *regs)
{
	(void)regs;
	jiffies++;
	return true;
}

static bool spurious_interrupt(struct pt_regs *regs)
{
	(void)regs;
	return true;
}

/* Run PIT channel 2 for CALIBRATE_MS in one-shot mode; returns the LAPIC
 * timer ticks (divided by 16) and the TSC ticks seen meanwhile. */
static void pit_calibrate(uint64_t *lapic_ticks, uint64_t *tsc_ticks)
{
	uint16_t count = PIT_HZ / (1000 / CALIBRATE_MS);
	uint8_t gate = (inb(0x61) & ~0x02) | 0x01; /* gate on, speaker off */
	uint64_t t0;

	outb(0x61, gate & ~0x01);
	outb(0x43, 0xb0); /* channel 2, lobyte/hibyte, mode 0 */
	outb(0x42, count & 0xff);
	outb(0x42, count >> 8);
	lapic[APIC_TMICT] = 0xffffffff;
	t0 = rdtsc();
	outb(0x61, gate); /* rising gate edge starts the count */
	while (!(inb(0x61) & 0x20))
		cpu_relax();
	*tsc_ticks = rdtsc() - t0;
	*lapic_ticks = 0xffffffffu - lapic[APIC_TMCCT];
}

void lapic_timer_init(volatile uint32_t *mmio)
{
	uint64_t lapic_ticks, tsc_ticks;

	lapic = mmio;
	wrmsr(APIC_BASE_MSR, rdmsr(APIC_BASE_MSR) | APIC_BASE_ENABLE);
	lapic[APIC_SVR] = APIC_SVR_ENABLE | LAPIC_SPURIOUS_VECTOR;
	set_trap_handler(LAPIC_SPURIOUS_VECTOR, spurious_interrupt);

	lapic[APIC_TDCR] = APIC_TDCR_DIV16;
	lapic[APIC_LVTT] = APIC_LVT_MASKED;
	pit_calibrate(&lapic_ticks, &tsc_ticks);
	tsc_khz = tsc_ticks / CALIBRATE_MS;
	printk(KERN_INFO "tsc: detected %llu.%03llu MHz TSC\n",
	       (unsigned long long)(tsc_khz / 1000),
	       (unsigned long long)(tsc_khz % 1000));
	printk(KERN_INFO "apic: timer runs at %llu kHz (bus/16), tick %d Hz\n",
	       (unsigned long long)(lapic_ticks / CALIBRATE_MS), HZ);

	set_trap_handler(LAPIC_TIMER_VECTOR, timer_interrupt);
	lapic[APIC_LVTT] = APIC_LVT_PERIODIC | LAPIC_TIMER_VECTOR;
	lapic[APIC_TMICT] = (uint32_t)(lapic_ticks * 1000 / CALIBRATE_MS / HZ);
}
