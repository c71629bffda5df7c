/*
 * The kernel monitor: a tiny command line on the serial console after boot
 * (`make run`) that prints the memory-management state.
 */
#ifndef KEEL_KERNEL_MONITOR_H
#define KEEL_KERNEL_MONITOR_H

#include "kernel/compiler.h"

__noreturn void monitor_run(void);

/* Run one command line, writing its output with printk (also for tests).
 * Returns 0, or -1 for an unknown command or bad arguments. */
int monitor_exec(const char *line);

#endif
