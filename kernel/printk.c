/*
 * printk: format with vsnprintf, strip the KERN_* level, keep a copy in the
 * log buffer (log_buf, readable from GDB with keel-dmesg) and write the
 * text to every console (serial COM1 and the VGA screen).
 * Messages above console_loglevel reach only the log buffer, as in Linux.
 */
#include "kernel/printk.h"
#include "kernel/vsprintf.h"
#include "kernel/spinlock.h"
#include "drivers/serial.h"
#include "drivers/vga.h"

char log_buf[LOG_BUF_LEN];
unsigned long log_next;	  /* bytes ever written; log_buf is a ring */
int console_loglevel = 7; /* print everything but KERN_DEBUG */
static spinlock_t printk_lock = SPINLOCK_INIT;

static int printk_level(const char **fmt)
{
	const char *s = *fmt;

	if (s[0] == KERN_SOH[0] && s[1] >= '0' && s[1] <= '7') {
		*fmt = s + 2;
		return s[1] - '0';
	}
	return 4; /* Linux's default message level */
}

static void emit(const char *s, bool console)
{
	for (; *s; s++) {
		log_buf[log_next++ % LOG_BUF_LEN] = *s;
		if (console) {
			serial_putc(*s);
			vga_putc(*s);
		}
	}
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	unsigned long flags;
	int level = printk_level(&fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	spin_lock_irqsave(&printk_lock, flags);
	emit(buf, level < console_loglevel);
	if (n >= (int)sizeof(buf))
		emit("[...truncated]\n", level < console_loglevel);
	spin_unlock_irqrestore(&printk_lock, flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
