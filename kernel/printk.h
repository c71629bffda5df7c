/*
 * printk and friends: the kernel's only way to talk. Log levels are Linux's
 * KERN_* prefixes ("\001" followed by a digit). panic() never returns;
 * BUG_ON/WARN_ON check invariants with a message naming file and line.
 *
 * The formatting core is vsnprintf() in kernel/vsprintf.c, which is pure C
 * and also builds on the host; printk.c sends the text to the consoles.
 * On the host (KEEL_HOST) tests/host supplies printk and panic.
 */
#ifndef KEEL_KERNEL_PRINTK_H
#define KEEL_KERNEL_PRINTK_H

#include <stdarg.h>
#include "kernel/compiler.h"

#define KERN_SOH     "\001"
#define KERN_EMERG   KERN_SOH "0"
#define KERN_ALERT   KERN_SOH "1"
#define KERN_CRIT    KERN_SOH "2"
#define KERN_ERR     KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE  KERN_SOH "5"
#define KERN_INFO    KERN_SOH "6"
#define KERN_DEBUG   KERN_SOH "7"

/* The log ring buffer: log_next counts every byte ever written, so the
 * last byte is log_buf[(log_next - 1) % LOG_BUF_LEN]. GDB's keel-dmesg
 * and the tests read it. */
#define LOG_BUF_LEN (1 << 16)
extern char log_buf[LOG_BUF_LEN];
extern unsigned long log_next;

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#define pr_emerg(...) printk(KERN_EMERG __VA_ARGS__)
#define pr_err(...)   printk(KERN_ERR __VA_ARGS__)
#define pr_warn(...)  printk(KERN_WARNING __VA_ARGS__)
#define pr_info(...)  printk(KERN_INFO __VA_ARGS__)
#define pr_debug(...) printk(KERN_DEBUG __VA_ARGS__)

#define BUG_ON(cond)                                                          \
	do {                                                                  \
		if (unlikely(cond))                                           \
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond); \
	} while (0)

#define WARN_ON(cond)                                                 \
	({                                                            \
		bool __w = !!(cond);                                  \
		if (unlikely(__w))                                    \
			printk(KERN_WARNING "WARNING at %s:%d: %s\n", \
			       __FILE__, __LINE__, #cond);            \
		__w;                                                  \
	})

#endif
