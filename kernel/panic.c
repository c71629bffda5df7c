/*
 * panic(): the kernel cannot go on. Print why, where (a backtrace) and, if a
 * self-test was running, which one; then stop this CPU for good. With
 * `panic=exit` on the command line (the test scenarios use it), or while
 * ktest runs, exit QEMU through isa-debug-exit instead so the harness sees
 * the failure at once rather than waiting for its timeout.
 * Linux's panic=N reboots after N seconds; keel never reboots on its own.
 */
#include "kernel/printk.h"
#include "kernel/ktest.h"
#include "kernel/cmdline.h"
#include "kernel/string.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/traps.h"

#define PANIC_EXIT_CODE 2 /* QEMU exits with status 5 */

static bool panic_should_exit(void)
{
	const char *v = cmdline_get(&boot_cmdline, "panic");

	return ktest_active || (v && !strcmp(v, "exit"));
}

void panic(const char *fmt, ...)
{
	static bool in_panic;
	const uint64_t *fp;
	va_list ap;

	local_irq_disable();
	if (in_panic)
		halt_forever();
	in_panic = true;
	printk(KERN_EMERG "Kernel panic - not syncing: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "\n");
	if (ktest_current_case)
		printk(KERN_EMERG "# ktest: crashed in case %s\n",
		       ktest_current_case);
	fp = __builtin_frame_address(0);
	show_backtrace(fp[1], fp[0]);
	printk(KERN_EMERG "---[ end Kernel panic ]---\n");
	if (panic_should_exit())
		qemu_exit(PANIC_EXIT_CODE);
	halt_forever();
}
