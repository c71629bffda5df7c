/*
 * The crash= debug switches (kernel/debug.h). Each crash sits in its own
 * noinline function so the backtrace in the report names it.
 */
#include "kernel/debug.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/vsprintf.h"
#include "mm/page.h"
#include "mm/slab.h"

noinline void debug_crash_null(void)
{
	uintptr_t addr = 0x10;
	volatile uint64_t *bad;

	__asm__("" : "+r"(addr)); /* hide the constant from the optimiser */
	bad = (volatile uint64_t *)addr;

	printk(KERN_INFO "debug: reading address %p\n", (void *)bad);
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

noinline void debug_crash_stack(void)
{
	debug_crash_recurse(0);
}

noinline void debug_crash_double_free(void)
{
	void *p = kmalloc(64, GFP_KERNEL);

	kfree(p);
	kfree(p);
}

noinline void debug_crash_redzone(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	__asm__("" : "+r"(p)); /* hide the overflow from the compiler */
	p[64] = 'x';
	kfree(p);
}

noinline void debug_crash_use_after_free(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	kfree(p);
	__asm__("" : "+r"(p));
	p[8] = 'x';
	kfree(kmalloc(64, GFP_KERNEL)); /* takes the same object again */
}

noinline void debug_crash_bad_kfree(void)
{
	static uint64_t not_from_kmalloc;

	kfree(__va(__pa_symbol(&not_from_kmalloc)));
}

static const struct {
	const char *name;
	void (*crash)(void);
} crashes[] = {
    {"null", debug_crash_null},
    {"stack", debug_crash_stack},
    {"double-free", debug_crash_double_free},
    {"redzone", debug_crash_redzone},
    {"use-after-free", debug_crash_use_after_free},
    {"bad-kfree", debug_crash_bad_kfree},
};

void debug_crash_switches(void)
{
	const char *what = cmdline_get(&boot_cmdline, "crash");
	char known[128];
	size_t n = 0;

	if (!what)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(crashes); i++) {
		if (!strcmp(what, crashes[i].name)) {
			printk(KERN_INFO "debug: crash=%s\n", what);
			crashes[i].crash();
			return;
		}
		if (n < sizeof(known))
			n += (size_t)snprintf(known + n, sizeof(known) - n,
					      "%s%s", i ? ", " : "",
					      crashes[i].name);
	}
	printk(KERN_WARNING "debug: unknown crash=%s (known: %s); ignored\n",
	       what, known);
}
