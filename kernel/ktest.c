/*
 * The ktest runner: walks the suites the linker gathered in .ktest_suites,
 * runs those whose names match the glob and prints KTAP version 1
 * (Documentation/dev-tools/ktap.rst in Linux): a top-level plan of suites,
 * each suite a nested, indented KTAP document with one line per case.
 * Linux's KUnit differs: it can run a case in a separate kthread and
 * survive a crash in it; here a crash panics, which ends the run.
 */
#include "kernel/ktest.h"
#include "kernel/glob.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/vsprintf.h"

extern const struct ktest_suite __start_ktest_suites[];
extern const struct ktest_suite __stop_ktest_suites[];

const char *ktest_current_case;
bool ktest_active;

bool ktest_streq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Print @text with every line behind "    # ", KTAP's diagnostic mark. */
static void ktest_diag(const char *text)
{
	const char *nl;

	for (; *text; text = nl + 1) {
		nl = strchr(text, '\n');
		if (!nl) {
			printk(KERN_INFO "        # %s\n", text);
			return;
		}
		printk(KERN_INFO "        # %.*s\n", (int)(nl - text), text);
	}
}

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt,
		...)
{
	char buf[400];
	va_list ap;

	t->failures++;
	printk(KERN_INFO "        # %s: EXPECTATION FAILED at %s:%d\n", t->name,
	       file, line);
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ktest_diag(buf);
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skip_reason = reason;
}

static int run_case(const struct ktest_case *c, int idx)
{
	struct ktest t = {.name = c->name};

	ktest_current_case = c->name;
	c->run(&t);
	ktest_current_case = NULL;
	if (t.failures)
		printk(KERN_INFO "    not ok %d %s\n", idx, c->name);
	else if (t.skip_reason)
		printk(KERN_INFO "    ok %d %s # SKIP %s\n", idx, c->name,
		       t.skip_reason);
	else
		printk(KERN_INFO "    ok %d %s\n", idx, c->name);
	return t.failures ? 1 : 0;
}

static int run_suite(const struct ktest_suite *s, int idx)
{
	int n = 0, failed = 0;

	while (s->cases[n].run)
		n++;
	printk(KERN_INFO "    KTAP version 1\n    # Subtest: %s\n    1..%d\n",
	       s->name, n);
	for (int i = 0; i < n; i++)
		failed += run_case(&s->cases[i], i + 1);
	printk(KERN_INFO "%s %d %s\n", failed ? "not ok" : "ok", idx, s->name);
	return failed;
}

int ktest_run(const char *glob)
{
	const struct ktest_suite *s;
	int nr = 0, idx = 0, failed = 0;

	for (s = __start_ktest_suites; s < __stop_ktest_suites; s++)
		nr += glob_match(glob, s->name);
	printk(KERN_INFO "KTAP version 1\n1..%d\n", nr);
	for (s = __start_ktest_suites; s < __stop_ktest_suites; s++)
		if (glob_match(glob, s->name))
			failed += run_suite(s, ++idx);
	if (!nr) {
		printk(KERN_WARNING "# ktest: no suite matches '%s'\n", glob);
		return 1; /* asking for tests that do not exist is a failure */
	}
	return failed;
}
