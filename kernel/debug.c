/*
 * The crash= debug switches (kernel/debug.h). Each crash sits in its own
 * noinline function so the backtrace in the report names it.
 */
#include "kernel/debug.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/string.h"

noinline void debug_crash_null(void)
{
	uintptr_t addr = 0x10;
	volatile uint64_t *bad;

	__asm__("" : "+r"(addr)); /* hide the constant from the optimiser */
	bad = (volatile uint64_t *)addr;

	printk(KERN_INFO "debug: crash=null: reading address %p\n",
	       (void *)bad);
	(void)*bad;
}

void debug_crash_switches(void)
{
	const char *what = cmdline_get(&boot_cmdline, "crash");

	if (!what)
		return;
	if (!strcmp(what, "null"))
		debug_crash_null();
	else
		printk(KERN_WARNING "debug: unknown crash=%s (known: null)\n",
		       what);
}
