/*
 * VGA text-mode console: 80x25 cells of (attribute << 8 | character),
 * scrolling by copying rows up. Write-only.
 */
#include "drivers/vga.h"
#include "kernel/compiler.h"

#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR 0x0700 /* light grey on black */

static volatile uint16_t *vga;
static int col, row;

void vga_init(volatile uint16_t *base)
{
	vga = base;
	for (int i = 0; i < VGA_COLS * VGA_ROWS; i++)
		vga[i] = VGA_ATTR | ' ';
	col = row = 0;
}

void vga_set_base(volatile uint16_t *base)
{
	vga = base;
}

static void vga_scroll(void)
{
	for (int i = 0; i < VGA_COLS * (VGA_ROWS - 1); i++)
		vga[i] = vga[i + VGA_COLS];
	for (int i = 0; i < VGA_COLS; i++)
		vga[VGA_COLS * (VGA_ROWS - 1) + i] = VGA_ATTR | ' ';
	row = VGA_ROWS - 1;
}

void vga_putc(char c)
{
	if (!vga)
		return;
	if (c == '\n') {
		col = 0;
		row++;
	} else if (c != '\r') {
		vga[row * VGA_COLS + col] = VGA_ATTR | (uint8_t)c;
		if (++col == VGA_COLS) {
			col = 0;
			row++;
		}
	}
	if (row == VGA_ROWS)
		vga_scroll();
}
