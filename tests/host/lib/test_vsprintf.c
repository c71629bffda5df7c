/*
 * kernel/vsprintf.c against the C library: every combination of flags,
 * width, precision, length modifier and integer conversion must print what
 * glibc prints, plus the keel-specific rules (%p, truncation, odd specs).
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kernel/vsprintf.h"

/* vsprintf.h renames keel's functions to keel_*; unhide the libc ones. */
#undef snprintf
#undef vsnprintf

#define BUF 128

static char kbuf[BUF], gbuf[BUF];

/* Calls @fn with the '*' width and precision arguments @fmt asks for. */
#define CALL(fn, buf, fmt, sw, w, sp, p, x)        \
	((sw) && (sp) ? fn(buf, BUF, fmt, w, p, x) \
	 : (sw)	      ? fn(buf, BUF, fmt, w, x)    \
	 : (sp)	      ? fn(buf, BUF, fmt, p, x)    \
		      : fn(buf, BUF, fmt, x))

/* Prints @x as type T with keel and with glibc; fails on any difference. */
#define COMPARE_AS(T, fmt, sw, w, sp, p, v)                                 \
	do {                                                                \
		T x_ = (T)(v);                                              \
		int kn = CALL(keel_snprintf, kbuf, fmt, sw, w, sp, p, x_);  \
		int gn = CALL(snprintf, gbuf, fmt, sw, w, sp, p, x_);       \
		if (kn != gn || strcmp(kbuf, gbuf) != 0)                    \
			cr_assert_fail("format \"%s\" ('*' args %d, %d) "   \
				       "value %lld: keel \"%s\" (%d), "     \
				       "glibc \"%s\" (%d)",                 \
				       fmt, w, p, (long long)(v), kbuf, kn, \
				       gbuf, gn);                           \
	} while (0)

static const char *const flagsets[] = {
    "", "-", "0", " ", "+", "#", "-0", "0#", "+ ", "-#", "0+", "- +#0",
};
static const char *const widths[] = {"", "1", "5", "12", "30", "*"};
static const char *const precisions[] = {
    "", ".", ".0", ".1", ".4", ".15", ".25", ".*",
};
static const char *const lengths[] = {"hh", "h", "", "l", "ll", "z", "t"};

static const long long values[] = {
    0,		 1,	    -1,	       7,
    8,		 42,	    -42,       127,
    128,	 -128,	    255,       256,
    32767,	 -32768,    65535,     65536,
    INT_MAX,	 INT_MIN,   UINT_MAX,  0x123456789LL,
    -0x12345678, LLONG_MAX, LLONG_MIN, 0xdeadbeefLL,
    1000000007,
};

/* Passes @v with the type the length modifier and conversion call for. */
static void compare_value(const char *fmt, const char *len, char conv, bool sw,
			  int w, bool sp, int p, long long v)
{
	bool is_signed = conv == 'd' || conv == 'i';

	if (!strcmp(len, "l") && is_signed)
		COMPARE_AS(long, fmt, sw, w, sp, p, v);
	else if (!strcmp(len, "l"))
		COMPARE_AS(unsigned long, fmt, sw, w, sp, p, v);
	else if (!strcmp(len, "ll") && is_signed)
		COMPARE_AS(long long, fmt, sw, w, sp, p, v);
	else if (!strcmp(len, "ll"))
		COMPARE_AS(unsigned long long, fmt, sw, w, sp, p, v);
	else if ((!strcmp(len, "z") || !strcmp(len, "t")) && is_signed)
		COMPARE_AS(ptrdiff_t, fmt, sw, w, sp, p, v);
	else if (!strcmp(len, "z") || !strcmp(len, "t"))
		COMPARE_AS(size_t, fmt, sw, w, sp, p, v);
	else if (is_signed)
		COMPARE_AS(int, fmt, sw, w, sp, p, v);
	else
		COMPARE_AS(unsigned int, fmt, sw, w, sp, p, v);
}

/* '*' arguments to try: a negative width means '-', a negative precision none.
 */
static const int star_widths[] = {9, -9, 0};
static const int star_precisions[] = {3, -1, 0};

static void compare_spec(const char *flags, const char *width, const char *prec,
			 const char *len, char conv)
{
	bool sw = !strcmp(width, "*"), sp = !strcmp(prec, ".*");
	char fmt[64];
	size_t i, j, k;

	snprintf(fmt, sizeof(fmt), "[%%%s%s%s%s%c]", flags, width, prec, len,
		 conv);
	for (i = 0; i < (sw ? ARRAY_SIZE(star_widths) : 1); i++)
		for (j = 0; j < (sp ? ARRAY_SIZE(star_precisions) : 1); j++)
			for (k = 0; k < ARRAY_SIZE(values); k++)
				compare_value(fmt, len, conv, sw,
					      star_widths[i], sp,
					      star_precisions[j], values[k]);
}

Test(vsprintf, integer_conversions_match_glibc_for_every_spec)
{
	const char *conv;
	size_t f, w, p, l;

	for (f = 0; f < ARRAY_SIZE(flagsets); f++)
		for (w = 0; w < ARRAY_SIZE(widths); w++)
			for (p = 0; p < ARRAY_SIZE(precisions); p++)
				for (l = 0; l < ARRAY_SIZE(lengths); l++)
					for (conv = "diuxXo"; *conv; conv++)
						compare_spec(flagsets[f],
							     widths[w],
							     precisions[p],
							     lengths[l], *conv);
}

/* A spec with its '*' arguments, for the string and char comparisons. */
struct star_case {
	const char *fmt;
	bool sw;
	int w;
	bool sp;
	int p;
};

Test(vsprintf, strings_match_glibc)
{
	static const struct star_case cases[] = {
	    {.fmt = "%s"},
	    {.fmt = "%10s"},
	    {.fmt = "%-10s"},
	    {.fmt = "%.3s"},
	    {.fmt = "%10.3s"},
	    {.fmt = "%-10.3s"},
	    {.fmt = "%.0s"},
	    {.fmt = "%.20s"},
	    {.fmt = "%2s"},
	    {.fmt = "[%5s]"},
	    {.fmt = "%.*s|", .sp = true, .p = 2},
	    {.fmt = "%*s|", .sw = true, .w = -8},
	    {.fmt = "%*.*s|", .sw = true, .w = 7, .sp = true, .p = 3},
	};
	static const char *const strs[] = {"", "a", "hello", "hello world"};
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct star_case *c = &cases[i];

		for (j = 0; j < ARRAY_SIZE(strs); j++)
			COMPARE_AS(const char *, c->fmt, c->sw, c->w, c->sp,
				   c->p, (intptr_t)strs[j]);
	}
}

Test(vsprintf, chars_match_glibc)
{
	static const struct star_case cases[] = {
	    {.fmt = "%c"},
	    {.fmt = "%5c"},
	    {.fmt = "%-5c|"},
	    {.fmt = "%*c|", .sw = true, .w = 4},
	    {.fmt = "%*c|", .sw = true, .w = -4},
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		COMPARE_AS(int, cases[i].fmt, cases[i].sw, cases[i].w,
			   cases[i].sp, cases[i].p, 'x');
}

Test(vsprintf, pads_with_zeros_to_width)
{
	keel_snprintf(kbuf, BUF, "%08x", 0xbeefu);
	cr_assert_str_eq(kbuf, "0000beef");
	keel_snprintf(kbuf, BUF, "%06d", -42);
	cr_assert_str_eq(kbuf, "-00042");
}

Test(vsprintf, prints_extreme_integers)
{
	keel_snprintf(kbuf, BUF, "%lld %ld", LLONG_MIN, (long)INT64_MIN);
	cr_assert_str_eq(kbuf, "-9223372036854775808 -9223372036854775808");
	keel_snprintf(kbuf, BUF, "%llu %llx", ULLONG_MAX, ULLONG_MAX);
	cr_assert_str_eq(kbuf, "18446744073709551615 ffffffffffffffff");
	keel_snprintf(kbuf, BUF, "%llo", ULLONG_MAX);
	cr_assert_str_eq(kbuf, "1777777777777777777777");
}

Test(vsprintf, pointer_is_0x_and_16_hex_digits)
{
	keel_snprintf(kbuf, BUF, "%p", (void *)0x1234);
	cr_assert_str_eq(kbuf, "0x0000000000001234");
	keel_snprintf(kbuf, BUF, "%p", (void *)0);
	cr_assert_str_eq(kbuf, "0x0000000000000000");
	keel_snprintf(kbuf, BUF, "%p", (void *)0xffffffff80001000ull);
	cr_assert_str_eq(kbuf, "0xffffffff80001000");
}

Test(vsprintf, pointer_honours_width_and_minus)
{
	keel_snprintf(kbuf, BUF, "[%20p]", (void *)0xab);
	cr_assert_str_eq(kbuf, "[  0x00000000000000ab]");
	keel_snprintf(kbuf, BUF, "[%-20p]", (void *)0xab);
	cr_assert_str_eq(kbuf, "[0x00000000000000ab  ]");
}

Test(vsprintf, returns_full_length_when_truncating)
{
	char buf[8];
	int n;

	memset(buf, 'X', sizeof(buf));
	n = keel_snprintf(buf, 5, "%s-%d", "abcdef", 12345);
	cr_assert_eq(n, 12, "returned %d", n);
	cr_assert_str_eq(buf, "abcd");
	cr_assert_eq(buf[5], 'X', "wrote past size: buf[5] = %#x", buf[5]);
}

Test(vsprintf, truncates_inside_padding_and_numbers)
{
	char buf[6];
	int n;

	n = keel_snprintf(buf, sizeof(buf), "%10d", 42);
	cr_assert_eq(n, 10);
	cr_assert_str_eq(buf, "     ");
	n = keel_snprintf(buf, sizeof(buf), "%#llx", 0x123456789ull);
	cr_assert_eq(n, 11);
	cr_assert_str_eq(buf, "0x123");
}

Test(vsprintf, size_one_gives_empty_string)
{
	char buf[2] = {'X', 'X'};
	int n = keel_snprintf(buf, 1, "hello");

	cr_assert_eq(n, 5);
	cr_assert_eq(buf[0], '\0');
	cr_assert_eq(buf[1], 'X');
}

Test(vsprintf, size_zero_writes_nothing_and_counts)
{
	int n = keel_snprintf(NULL, 0, "%d %s %p", -1, "xyz", (void *)0);

	cr_assert_eq(n, 25, "returned %d", n);
}

Test(vsprintf, huge_width_is_counted_not_looped)
{
	char buf[4];
	int n = keel_snprintf(buf, sizeof(buf), "%1000000000d", 1);

	cr_assert_eq(n, 1000000000);
	cr_assert_str_eq(buf, "   ");
}

Test(vsprintf, percent_percent_prints_one_percent)
{
	int n = keel_snprintf(kbuf, BUF, "100%% sure");

	cr_assert_str_eq(kbuf, "100% sure");
	cr_assert_eq(n, 9);
}

Test(vsprintf, length_modifiers_narrow_the_argument)
{
	keel_snprintf(kbuf, BUF, "%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	cr_assert_str_eq(kbuf, "44 44 4464 4464");
	keel_snprintf(kbuf, BUF, "%zu %zd %td", (size_t)-1, (ptrdiff_t)-5,
		      (ptrdiff_t)123);
	cr_assert_str_eq(kbuf, "18446744073709551615 -5 123");
}

Test(vsprintf, alternate_forms)
{
	keel_snprintf(kbuf, BUF, "%#x %#X %#o %#x %#o", 255, 255, 8, 0, 0);
	cr_assert_str_eq(kbuf, "0xff 0XFF 010 0 0");
}

/*
 * These tests use formats and arguments gcc
 * rightly warns about; they check keel copes with them anyway.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-overflow"

Test(vsprintf, minus_flag_overrides_zero_flag)
{
	keel_snprintf(kbuf, BUF, "[%-06d]", 42);
	cr_assert_str_eq(kbuf, "[42    ]");
}

Test(vsprintf, null_string_prints_null_in_parens)
{
	keel_snprintf(kbuf, BUF, "[%s]", (char *)NULL);
	cr_assert_str_eq(kbuf, "[(null)]");
}

Test(vsprintf, unknown_conversion_is_printed_literally)
{
	keel_snprintf(kbuf, BUF, "a%qb %5wc %d", 7);
	cr_assert_str_eq(kbuf, "a%qb %5wc 7");
}

Test(vsprintf, lone_percent_at_end_is_printed)
{
	int n = keel_snprintf(kbuf, BUF, "50%");

	cr_assert_str_eq(kbuf, "50%");
	cr_assert_eq(n, 3);
}

#pragma GCC diagnostic pop
