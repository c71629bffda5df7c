/*
 * Interrupt controllers and time: the legacy 8259 PICs (remapped, then
 * masked for good), the local APIC and its timer, the TSC. The LAPIC timer
 * is calibrated against the PIT and drives the periodic tick (jiffies).
 */
#ifndef KEEL_ARCH_X86_64_APIC_H
#define KEEL_ARCH_X86_64_APIC_H

#include "kernel/compiler.h"

#define HZ		      100
#define PIC_VECTOR_BASE	      0x20 /* where the masked PICs point */
#define LAPIC_TIMER_VECTOR    0x30
#define LAPIC_SPURIOUS_VECTOR 0xff

/* Ticks since the timer started; incremented by the timer interrupt. */
extern volatile uint64_t jiffies;
/* TSC ticks per second, measured against the PIT at boot. */
extern uint64_t tsc_khz;

/* Remap both 8259s away from the exception vectors and mask all lines. */
void pic_disable(void);
/* Enable the local APIC (mapped at @mmio), calibrate it and the TSC
 * against the PIT, and start the periodic timer at HZ. */
void lapic_timer_init(volatile uint32_t *mmio);
void lapic_eoi(void);
/* Physical address of the local APIC's registers (IA32_APIC_BASE MSR). */
uint64_t lapic_phys_base(void);

#endif
