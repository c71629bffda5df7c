/*
 * COM1 16550 UART driver: 115200 8N1, polled. boot/boot.asm programmed it
 * already so early failures could be printed; serial_init does it again so
 * C code does not depend on that.
 */
#include "drivers/serial.h"
#include "arch/x86_64/io.h"

#define COM1	 0x3f8
#define UART_THR 0 /* transmit holding register */
#define UART_RBR 0 /* receive buffer */
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DR	 0x01 /* data ready */
#define LSR_THRE 0x20 /* transmit holding register empty */

void serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x80); /* DLAB: next two bytes are the divisor */
	outb(COM1 + 0, 0x01);	     /* 115200 / 1 */
	outb(COM1 + 1, 0x00);
	outb(COM1 + UART_LCR, 0x03); /* 8 bits, no parity, one stop bit */
	outb(COM1 + UART_FCR, 0xc7);
	outb(COM1 + UART_MCR, 0x03);
}

void serial_putc(char c)
{
	if (c == '\n')
		serial_putc('\r');
	while (!(inb(COM1 + UART_LSR) & LSR_THRE))
		cpu_relax();
	outb(COM1 + UART_THR, (uint8_t)c);
}

int serial_getc(void)
{
	if (!(inb(COM1 + UART_LSR) & LSR_DR))
		return -1;
	return inb(COM1 + UART_RBR);
}
