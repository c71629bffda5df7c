/*
 * In-kernel suite "printk": the formatting core as the kernel build compiles
 * it (freestanding, -mno-sse, -mcmodel=kernel), and printk's log buffer.
 */
#include "kernel/ktest.h"
#include "kernel/vsprintf.h"
#include "kernel/printk.h"
#include "kernel/string.h"

static void printk_formats_integers(struct ktest *t)
{
	char b[64];

	snprintf(b, sizeof(b), "%d %i %u", -42, 7, 4000000000u);
	KTEST_EXPECT_STREQ(t, b, "-42 7 4000000000");
	snprintf(b, sizeof(b), "%lx %llx %zu", 0xdeadbeefUL,
		 0x123456789abcdefULL, (size_t)99);
	KTEST_EXPECT_STREQ(t, b, "deadbeef 123456789abcdef 99");
	snprintf(b, sizeof(b), "%lld", (long long)-9223372036854775807LL - 1);
	KTEST_EXPECT_STREQ(t, b, "-9223372036854775808");
}

static void printk_pads_to_width(struct ktest *t)
{
	char b[64];

	snprintf(b, sizeof(b), "[%5d][%-5d][%05d][%08x]", 42, 42, 42, 0xbeef);
	KTEST_EXPECT_STREQ(t, b, "[   42][42   ][00042][0000beef]");
}

static void printk_formats_strings_chars_pointers(struct ktest *t)
{
	char b[64];

	snprintf(b, sizeof(b), "%s|%c|%%|%p", "keel", 'k', (void *)0x1000);
	KTEST_EXPECT_STREQ(t, b, "keel|k|%|0x0000000000001000");
}

static void printk_names_functions_with_pS(struct ktest *t)
{
	char b[128], want[64];

	snprintf(b, sizeof(b), "%pS",
		 (void *)((char *)printk_names_functions_with_pS + 3));
	snprintf(want, sizeof(want), "%s+0x3/0x",
		 "printk_names_functions_with_pS");
	KTEST_EXPECT_EQ(t, strncmp(b, want, strlen(want)), 0);
	snprintf(b, sizeof(b), "%pS", (void *)0x1000);
	KTEST_EXPECT_STREQ(t, b, "0x0000000000001000");
}

static void printk_truncates_and_returns_full_length(struct ktest *t)
{
	char b[8];

	KTEST_EXPECT_EQ(t, snprintf(b, sizeof(b), "%s", "0123456789"), 10);
	KTEST_EXPECT_STREQ(t, b, "0123456");
}

static void printk_appends_to_log_buffer(struct ktest *t)
{
	unsigned long before = log_next;

	printk(KERN_INFO "# printk test line %d\n", 12345);
	KTEST_ASSERT_EQ(t, log_next - before, 25);
	KTEST_EXPECT_EQ(t,
			memcmp(&log_buf[before % LOG_BUF_LEN],
			       "# printk test line 12345\n", 25),
			0);
}

static struct ktest_case printk_cases[] = {
    KTEST_CASE(printk_formats_integers),
    KTEST_CASE(printk_pads_to_width),
    KTEST_CASE(printk_formats_strings_chars_pointers),
    KTEST_CASE(printk_names_functions_with_pS),
    KTEST_CASE(printk_truncates_and_returns_full_length),
    KTEST_CASE(printk_appends_to_log_buffer),
    {},
};
KTEST_SUITE(printk, printk_cases);
