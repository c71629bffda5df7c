/*
 * Runs the in-kernel suites tests/kernel/buddy.c and tests/kernel/slab.c
 * on the host arena, through a small stand-in for kernel/ktest.c, so they
 * are known to pass before the kernel can boot them, and stay so.
 */
#include <stdarg.h>
#include <stdio.h>
#include "tests/host/mm/mm_test.h"
#include "kernel/ktest.h"

#include "tests/kernel/buddy.c"
#include "tests/kernel/slab.c"

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt,
		...)
{
	va_list ap;

	t->failures++;
	fprintf(stderr, "# %s: %s:%d: ", t->name, file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skip_reason = reason;
}

bool ktest_streq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Run the cases in order on one arena, as the kernel runs a suite. */
static void run_cases(struct ktest_case *cases)
{
	struct ktest_case *c;

	host_arena_init(64);
	host_log_quiet(true);
	for (c = cases; c->name; c++) {
		struct ktest t = {.name = c->name};

		c->run(&t);
		cr_expect_eq(t.failures, 0, "ktest case %s failed", c->name);
		cr_expect_null(t.skip_reason, "ktest case %s skipped", c->name);
	}
}

Test(kernel_suites, buddy_passes_on_the_host)
{
	run_cases(buddy_cases);
}

Test(kernel_suites, slab_passes_on_the_host)
{
	run_cases(slab_cases);
}
