/*
 * ktest: the in-kernel self-test framework, in the spirit of Linux's KUnit.
 * A suite is an array of cases registered in the .ktest_suites section with
 * KTEST_SUITE(); `ktest=GLOB` on the command line runs the suites whose
 * names match, prints KTAP version 1 on the serial port and exits QEMU
 * through isa-debug-exit (0 on success, 1 on failure).
 *
 *	static void buddy_coalesces_freed_buddies(struct ktest *t)
 *	{
 *		...
 *		KTEST_EXPECT_EQ(t, nr_free_pages(), before);
 *	}
 *	static struct ktest_case buddy_cases[] = {
 *		KTEST_CASE(buddy_coalesces_freed_buddies),
 *		{},
 *	};
 *	KTEST_SUITE(buddy, buddy_cases);
 *
 * EXPECT records a failure and goes on; ASSERT records it and returns from
 * the function that used it (so use ASSERT only in the case function).
 * Every failure prints file:line, the expression, and both values.
 */
#ifndef KEEL_KERNEL_KTEST_H
#define KEEL_KERNEL_KTEST_H

#include "kernel/compiler.h"

struct ktest {
	const char *name;
	int failures;
	const char *skip_reason; /* set by ktest_skip() */
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	struct ktest_case *cases;
};

#define KTEST_CASE(fn)                 \
	{                              \
		.name = #fn, .run = fn \
	}

#define KTEST_SUITE(sname, case_array)                               \
	static const struct ktest_suite __ktest_suite_##sname __used \
	    __section(".ktest_suites") __aligned(8) = {              \
		.name = #sname,                                      \
		.cases = case_array,                                 \
	}

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt,
		...) __printf(4, 5);
/* Mark the running case skipped (prints "# SKIP reason" in KTAP). */
void ktest_skip(struct ktest *t, const char *reason);

/* The case running now (for panic reports), and whether a ktest run is
 * under way (a panic then exits QEMU with failure). */
extern const char *ktest_current_case;
extern bool ktest_active;

/* Run the suites matching @glob ('*' and '?'); returns the failed count. */
int ktest_run(const char *glob);

#define __KTEST_CMP(t, a, op, b, ret)                                        \
	do {                                                                 \
		unsigned long long __a = (unsigned long long)(a);            \
		unsigned long long __b = (unsigned long long)(b);            \
		if (!(__a op __b)) {                                         \
			ktest_fail(t, __FILE__, __LINE__,                    \
				   "Expected %s %s %s, but\n"                \
				   "    %s == %lld (0x%llx)\n"               \
				   "    %s == %lld (0x%llx)",                \
				   #a, #op, #b, #a, (long long)__a, __a, #b, \
				   (long long)__b, __b);                     \
			ret;                                                 \
		}                                                            \
	} while (0)

#define __KTEST_TRUE(t, c, ret)                                   \
	do {                                                      \
		if (!(c)) {                                       \
			ktest_fail(t, __FILE__, __LINE__,         \
				   "Expected %s to be true", #c); \
			ret;                                      \
		}                                                 \
	} while (0)

#define __KTEST_STREQ(t, a, b, ret)                                        \
	do {                                                               \
		const char *__sa = (a), *__sb = (b);                       \
		if (!ktest_streq(__sa, __sb)) {                            \
			ktest_fail(t, __FILE__, __LINE__,                  \
				   "Expected %s == %s, but\n"              \
				   "    %s == \"%s\"\n    %s == \"%s\"",   \
				   #a, #b, #a, __sa ? __sa : "(null)", #b, \
				   __sb ? __sb : "(null)");                \
			ret;                                               \
		}                                                          \
	} while (0)

bool ktest_streq(const char *a, const char *b);

#define KTEST_EXPECT_EQ(t, a, b)    __KTEST_CMP(t, a, ==, b, (void)0)
#define KTEST_EXPECT_NE(t, a, b)    __KTEST_CMP(t, a, !=, b, (void)0)
#define KTEST_EXPECT_LT(t, a, b)    __KTEST_CMP(t, a, <, b, (void)0)
#define KTEST_EXPECT_LE(t, a, b)    __KTEST_CMP(t, a, <=, b, (void)0)
#define KTEST_EXPECT_GT(t, a, b)    __KTEST_CMP(t, a, >, b, (void)0)
#define KTEST_EXPECT_GE(t, a, b)    __KTEST_CMP(t, a, >=, b, (void)0)
#define KTEST_EXPECT_TRUE(t, c)	    __KTEST_TRUE(t, c, (void)0)
#define KTEST_EXPECT_FALSE(t, c)    __KTEST_TRUE(t, !(c), (void)0)
#define KTEST_EXPECT_NULL(t, p)	    __KTEST_TRUE(t, (p) == NULL, (void)0)
#define KTEST_EXPECT_NOT_NULL(t, p) __KTEST_TRUE(t, (p) != NULL, (void)0)
#define KTEST_EXPECT_STREQ(t, a, b) __KTEST_STREQ(t, a, b, (void)0)

#define KTEST_ASSERT_EQ(t, a, b)    __KTEST_CMP(t, a, ==, b, return )
#define KTEST_ASSERT_NE(t, a, b)    __KTEST_CMP(t, a, !=, b, return )
#define KTEST_ASSERT_LT(t, a, b)    __KTEST_CMP(t, a, <, b, return )
#define KTEST_ASSERT_LE(t, a, b)    __KTEST_CMP(t, a, <=, b, return )
#define KTEST_ASSERT_GT(t, a, b)    __KTEST_CMP(t, a, >, b, return )
#define KTEST_ASSERT_GE(t, a, b)    __KTEST_CMP(t, a, >=, b, return )
#define KTEST_ASSERT_TRUE(t, c)	    __KTEST_TRUE(t, c, return )
#define KTEST_ASSERT_FALSE(t, c)    __KTEST_TRUE(t, !(c), return )
#define KTEST_ASSERT_NULL(t, p)	    __KTEST_TRUE(t, (p) == NULL, return )
#define KTEST_ASSERT_NOT_NULL(t, p) __KTEST_TRUE(t, (p) != NULL, return )
#define KTEST_ASSERT_STREQ(t, a, b) __KTEST_STREQ(t, a, b, return )

#endif
