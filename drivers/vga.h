/*
 * The VGA text console (80x25 at physical 0xb8000): a second copy of the
 * kernel log for whoever watches QEMU's window.
 */
#ifndef KEEL_DRIVERS_VGA_H
#define KEEL_DRIVERS_VGA_H

#include <stdint.h>

/* @base is where the text buffer is mapped; the screen is cleared. */
void vga_init(volatile uint16_t *base);
/* Move to a new mapping of the same buffer (NULL: stop writing), keeping
 * what is on the screen: boot switches from the early map to ioremap. */
void vga_set_base(volatile uint16_t *base);
void vga_putc(char c);

#endif
