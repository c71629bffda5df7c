/*
 * Debug switches on the command line that break the kernel on purpose, so
 * the boot scenarios can check that failures are reported clearly:
 *   crash=null      dereference a bad address in kernel mode (an oops)
 *   crash=stack     recurse without end until the kernel stack overflows
 *                   into its guard page (a double-fault report)
 *   crash=double-free, crash=redzone, crash=use-after-free, crash=bad-kfree
 *                   misuse kmalloc so slab debugging reports it (these
 *                   need SLAB_DEBUG=1, the default)
 */
#ifndef KEEL_KERNEL_DEBUG_H
#define KEEL_KERNEL_DEBUG_H

void debug_crash_switches(void);

#endif
