/*
 * Small compiler helpers shared by every layer, in the spirit of Linux's
 * <linux/compiler.h> and <linux/kernel.h>. Builds for the kernel and the host.
 */
#ifndef KEEL_KERNEL_COMPILER_H
#define KEEL_KERNEL_COMPILER_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define likely(x)	      __builtin_expect(!!(x), 1)
#define unlikely(x)	      __builtin_expect(!!(x), 0)
#define __used		      __attribute__((used))
#define __unused	      __attribute__((unused))
#define __noreturn	      __attribute__((noreturn))
#define __packed	      __attribute__((packed))
#define __aligned(x)	      __attribute__((aligned(x)))
#define __section(s)	      __attribute__((section(s)))
#define __printf(a, b)	      __attribute__((format(printf, a, b)))
#define noinline	      __attribute__((noinline))

#define ARRAY_SIZE(a)	      (sizeof(a) / sizeof((a)[0]))
#define ALIGN(x, a)	      (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a)      ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a)      (((x) & ((__typeof__(x))(a)-1)) == 0)
#define DIV_ROUND_UP(n, d)    (((n) + (d)-1) / (d))
#define min(a, b)	      ((a) < (b) ? (a) : (b))
#define max(a, b)	      ((a) > (b) ? (a) : (b))
#define container_of(p, T, m) ((T *)((char *)(p)-offsetof(T, m)))

#define READ_ONCE(x)	      (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)      (*(volatile __typeof__(x) *)&(x) = (v))
#define barrier()	      __asm__ __volatile__("" ::: "memory")

#endif
