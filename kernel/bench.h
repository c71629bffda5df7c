/*
 * In-kernel benchmarks, run by `bench=1` on the command line (make bench
 * boots a kernel with it). Each figure is TSC ticks per operation next to
 * a baseline measured in the same boot, reported as a ratio, because
 * absolute ticks under QEMU's TCG say little and vary run to run.
 */
#ifndef KEEL_KERNEL_BENCH_H
#define KEEL_KERNEL_BENCH_H

/* Run every benchmark, printing one "bench: ..." line each. */
void bench_run(void);

#endif
