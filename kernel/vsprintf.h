/*
 * String formatting (Linux's lib/vsprintf.c): pure C, no hardware, built for
 * the kernel and for the host unit tests.
 *
 * Conversions: %d %i %u %x %X %o %p %s %c %%, flags '-' '0' ' ' '+' '#',
 * field width (also '*'), precision (also '.*') for %s and the integer
 * conversions, length modifiers h hh l ll z t. Anything else after a '%' is
 * printed as written.
 * %p prints 0x followed by 16 hex digits; %pS (as in Linux) prints the
 * kernel function holding the address, "name+0xoff/0xsize" (on the host,
 * like %p). A NULL %s prints "(null)".
 * Returns the length the full output would have had (like C99 snprintf);
 * the buffer is always NUL-terminated when size > 0.
 */
#ifndef KEEL_KERNEL_VSPRINTF_H
#define KEEL_KERNEL_VSPRINTF_H

#include <stdarg.h>
#include <stddef.h>
#include "kernel/compiler.h"

#ifdef KEEL_HOST
/* On the host, keep clear of libc's functions of the same names. */
#define vsnprintf keel_vsnprintf
#define snprintf  keel_snprintf
#endif

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
