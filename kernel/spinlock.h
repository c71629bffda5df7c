/*
 * Spinlocks taken with interrupts off, as one lock per allocator needs.
 * keel runs kernel code on one CPU (others stay parked), so the lock word
 * only catches recursion bugs; the interrupt flag does the real work.
 * Linux differs: its spinlocks are queued locks (qspinlock) that scale
 * across many CPUs. On the host (KEEL_HOST) they compile to nothing.
 */
#ifndef KEEL_KERNEL_SPINLOCK_H
#define KEEL_KERNEL_SPINLOCK_H

#include "kernel/compiler.h"

typedef struct {
	volatile int locked;
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		0     \
	}

#ifdef KEEL_HOST
#define spin_lock_irqsave(l, flags)	 ((void)(l), (flags) = 0)
#define spin_unlock_irqrestore(l, flags) ((void)(l), (void)(flags))
#else
static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	__asm__ volatile("pushq %0; popfq" : : "r"(flags) : "memory", "cc");
}

#define spin_lock_irqsave(l, flags)                                            \
	do {                                                                   \
		(flags) = arch_local_irq_save();                               \
		while (__atomic_exchange_n(&(l)->locked, 1, __ATOMIC_ACQUIRE)) \
			__asm__ volatile("pause");                             \
	} while (0)

#define spin_unlock_irqrestore(l, flags)                             \
	do {                                                         \
		__atomic_store_n(&(l)->locked, 0, __ATOMIC_RELEASE); \
		arch_local_irq_restore(flags);                       \
	} while (0)
#endif

#endif
