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

/* Each frame holds a buffer the compiler cannot drop and the recursion is
 * not a tail call, so the stack really grows until it hits the guard. */
noinline int debug_crash_recurse(int depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (depth >= 0) /* always true, but gcc cannot prove the recursion */
		return debug_crash_recurse(depth + 1) + frame[0];
	return frame[0];
}

void debug_crash_switches(void)
{
	const char *what = cmdline_get(&boot_cmdline, "crash");

	if (!what)
		return;
	if (!strcmp(what, "null")) {
		debug_crash_null();
	} else if (!strcmp(what, "stack")) {
		printk(KERN_INFO "debug: crash=stack: recursing until the "
				 "kernel stack overflows\n");
		debug_crash_recurse(0);
	} else {
		printk(KERN_WARNING "debug: unknown crash=%s (known: null, "
				    "stack); ignored\n",
		       what);
	}
}
