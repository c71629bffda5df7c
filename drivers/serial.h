/*
 * The 16550 UART on COM1: keel's main console, where KTAP goes and where the
 * monitor reads commands. Polled; no interrupts.
 */
#ifndef KEEL_DRIVERS_SERIAL_H
#define KEEL_DRIVERS_SERIAL_H

void serial_init(void);
void serial_putc(char c);
/* Next received character, or -1 if none is waiting. */
int serial_getc(void);

#endif
