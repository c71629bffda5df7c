/*
 * kernel/cmdline.c: words, key=value, quotes, the limits, the error
 * messages, and number parsing with suffixes.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kernel/cmdline.h"

static struct cmdline cl;
static char err[128];

static int parse(const char *s)
{
	return cmdline_parse(&cl, s, err, sizeof(err));
}

static void assert_param(int i, const char *key, const char *value)
{
	cr_assert_lt(i, cl.nr_params, "no param %d; only %d", i, cl.nr_params);
	cr_assert_str_eq(cl.params[i].key, key);
	if (value)
		cr_assert_str_eq(cl.params[i].value, value, "param %s", key);
	else
		cr_assert_null(cl.params[i].value, "param %s = \"%s\"", key,
			       cl.params[i].value);
}

Test(cmdline, empty_line_has_no_params)
{
	cr_assert_eq(parse(""), 0);
	cr_assert_eq(cl.nr_params, 0);
	cr_assert_eq(parse("  \t "), 0);
	cr_assert_eq(cl.nr_params, 0);
	cr_assert_str_eq(err, "");
}

Test(cmdline, bare_words_have_null_value)
{
	cr_assert_eq(parse("quiet  debug"), 0, "%s", err);
	cr_assert_eq(cl.nr_params, 2);
	assert_param(0, "quiet", NULL);
	assert_param(1, "debug", NULL);
}

Test(cmdline, key_value_splits_at_first_equals)
{
	cr_assert_eq(parse("init=/bin/sh opt=a=b"), 0, "%s", err);
	assert_param(0, "init", "/bin/sh");
	assert_param(1, "opt", "a=b");
}

Test(cmdline, empty_value_is_empty_string)
{
	cr_assert_eq(parse("root="), 0, "%s", err);
	assert_param(0, "root", "");
	cr_assert_str_eq(cmdline_get(&cl, "root"), "");
}

Test(cmdline, quotes_keep_spaces_and_are_removed)
{
	cr_assert_eq(parse("msg=\"hello  world\" \"k=v w\" x"), 0, "%s", err);
	cr_assert_eq(cl.nr_params, 3);
	assert_param(0, "msg", "hello  world");
	assert_param(1, "k", "v w");
	assert_param(2, "x", NULL);
}

Test(cmdline, tabs_and_newlines_separate_words)
{
	cr_assert_eq(parse("a\tb\nc\r\n"), 0, "%s", err);
	cr_assert_eq(cl.nr_params, 3);
	assert_param(2, "c", NULL);
}

Test(cmdline, get_returns_last_occurrence)
{
	cr_assert_eq(parse("mem=64M quiet mem=128M"), 0);
	cr_assert_str_eq(cmdline_get(&cl, "mem"), "128M");
}

Test(cmdline, get_distinguishes_absent_from_bare)
{
	cr_assert_eq(parse("quiet"), 0);
	cr_assert_str_eq(cmdline_get(&cl, "quiet"), "");
	cr_assert(cmdline_has(&cl, "quiet"));
	cr_assert_null(cmdline_get(&cl, "loud"));
	cr_assert(!cmdline_has(&cl, "loud"));
	cr_assert(!cmdline_has(&cl, "quie"));
}

Test(cmdline, parse_copies_the_line)
{
	char line[] = "init=/sbin/init";

	cr_assert_eq(parse(line), 0);
	memset(line, 'X', sizeof(line) - 1);
	cr_assert_str_eq(cmdline_get(&cl, "init"), "/sbin/init");
}

Test(cmdline, reparsing_forgets_old_words)
{
	cr_assert_eq(parse("a b c"), 0);
	cr_assert_eq(parse("d"), 0);
	cr_assert_eq(cl.nr_params, 1);
	cr_assert(!cmdline_has(&cl, "a"));
}

Test(cmdline, unterminated_quote_keeps_earlier_words)
{
	cr_assert_eq(parse("quiet mem=64M x=\"abc def"), -1);
	cr_assert_str_eq(err, "cmdline: unterminated quote at column 17; "
			      "ignoring the rest");
	cr_assert_eq(cl.nr_params, 2);
	assert_param(1, "mem", "64M");
}

Test(cmdline, empty_key_is_an_error)
{
	cr_assert_eq(parse("a =x b"), -1);
	cr_assert_str_eq(err, "cmdline: empty key at column 3; ignoring the "
			      "rest");
	cr_assert_eq(cl.nr_params, 1);
	cr_assert_eq(parse("\"\""), -1);
	cr_assert_str_eq(err, "cmdline: empty key at column 1; ignoring the "
			      "rest");
}

Test(cmdline, too_many_words_keeps_the_first_64)
{
	char line[CMDLINE_MAX_PARAMS * 4 + 16] = "", expect[80];
	int i;

	for (i = 0; i <= CMDLINE_MAX_PARAMS; i++)
		sprintf(line + strlen(line), "w%d ", i);
	cr_assert_eq(parse(line), -1);
	cr_assert_eq(cl.nr_params, CMDLINE_MAX_PARAMS);
	assert_param(CMDLINE_MAX_PARAMS - 1, "w63", NULL);
	snprintf(expect, sizeof(expect),
		 "cmdline: more than 64 words at column %d; ignoring the rest",
		 (int)(strstr(line, "w64") - line) + 1);
	cr_assert_str_eq(err, expect);
}

Test(cmdline, exactly_64_words_is_fine)
{
	char line[CMDLINE_MAX_PARAMS * 4 + 16] = "";
	int i;

	for (i = 0; i < CMDLINE_MAX_PARAMS; i++)
		sprintf(line + strlen(line), "w%d ", i);
	cr_assert_eq(parse(line), 0, "%s", err);
	cr_assert_eq(cl.nr_params, CMDLINE_MAX_PARAMS);
}

/* Builds a line of @len bytes: "k=" then 'v's, then " last". */
static void long_line(char *line, size_t len)
{
	memset(line, 'v', len);
	line[0] = 'k';
	line[1] = '=';
	memcpy(line + len - 5, " last", 5);
	line[len] = '\0';
}

Test(cmdline, longest_allowed_line_parses)
{
	static char line[CMDLINE_MAX];

	long_line(line, CMDLINE_MAX - 1);
	cr_assert_eq(parse(line), 0, "%s", err);
	cr_assert_eq(cl.nr_params, 2);
	cr_assert_eq(strlen(cmdline_get(&cl, "k")), CMDLINE_MAX - 1 - 7);
	assert_param(1, "last", NULL);
}

Test(cmdline, too_long_line_keeps_words_that_fit)
{
	static char line[CMDLINE_MAX + 1];

	long_line(line, CMDLINE_MAX);
	cr_assert_eq(parse(line), -1);
	cr_assert_eq(cl.nr_params, 1, "words: %d", cl.nr_params);
	cr_assert_str_eq(cl.params[0].key, "k");
	cr_assert_eq(strlen(cl.params[0].value), CMDLINE_MAX - 7);
	/* "last" starts at byte 1020 and is cut off after three letters. */
	cr_assert_str_eq(err, "cmdline: longer than 1023 bytes at column "
			      "1021; ignoring the rest");
}

Test(cmdline, too_long_line_of_blanks_is_still_reported)
{
	static char line[CMDLINE_MAX + 10];

	memset(line, ' ', sizeof(line) - 1);
	line[0] = 'a';
	cr_assert_eq(parse(line), -1);
	cr_assert_eq(cl.nr_params, 1);
	cr_assert_str_eq(err, "cmdline: longer than 1023 bytes at column "
			      "1024; ignoring the rest");
}

Test(cmdline, error_message_is_truncated_to_errlen)
{
	char small[12];

	cr_assert_eq(cmdline_parse(&cl, "\"", small, sizeof(small)), -1);
	cr_assert_str_eq(small, "cmdline: un");
	cr_assert_eq(cmdline_parse(&cl, "\"", NULL, 0), -1);
}

static int get_u64(const char *value, uint64_t *out)
{
	char line[64];

	snprintf(line, sizeof(line), "n=%s", value);
	cr_assert_eq(parse(line), 0, "%s", err);
	return cmdline_get_u64(&cl, "n", out);
}

#define assert_u64(value, expect)                                       \
	do {                                                            \
		uint64_t n_ = 0;                                        \
		cr_assert_eq(get_u64(value, &n_), 0, "\"%s\" rejected", \
			     value);                                    \
		cr_assert_eq(n_, (uint64_t)(expect),                    \
			     "\"%s\" gave %llu, expected %llu", value,  \
			     (unsigned long long)n_,                    \
			     (unsigned long long)(expect));             \
	} while (0)

#define assert_u64_rejected(value)                                       \
	do {                                                             \
		uint64_t n_ = 12345;                                     \
		cr_assert_eq(get_u64(value, &n_), -1, "\"%s\" accepted", \
			     value);                                     \
		cr_assert_eq(n_, 12345, "\"%s\": *out changed", value);  \
	} while (0)

Test(cmdline, u64_parses_decimal_and_hex)
{
	assert_u64("0", 0);
	assert_u64("42", 42);
	assert_u64("007", 7);
	assert_u64("0x1f", 0x1f);
	assert_u64("0XABCdef", 0xabcdef);
	assert_u64("18446744073709551615", UINT64_MAX);
	assert_u64("0xffffffffffffffff", UINT64_MAX);
}

Test(cmdline, u64_suffixes_are_powers_of_1024)
{
	assert_u64("4K", 4096);
	assert_u64("4k", 4096);
	assert_u64("128M", 128ull << 20);
	assert_u64("2G", 2ull << 30);
	assert_u64("0x10M", 16ull << 20);
	assert_u64("17179869183G", 17179869183ull << 30);
}

Test(cmdline, u64_rejects_overflow)
{
	assert_u64_rejected("18446744073709551616");
	assert_u64_rejected("0x10000000000000000");
	assert_u64_rejected("17179869184G");
	assert_u64_rejected("99999999999999999999999");
}

Test(cmdline, u64_rejects_garbage)
{
	assert_u64_rejected("");
	assert_u64_rejected("0x");
	assert_u64_rejected("K");
	assert_u64_rejected("12x");
	assert_u64_rejected("12KB");
	assert_u64_rejected("-1");
	assert_u64_rejected("+1");
	assert_u64_rejected("\" 1\"");
	assert_u64_rejected("1.5G");
	assert_u64_rejected("0xg");
}

Test(cmdline, u64_of_absent_or_bare_key_fails)
{
	uint64_t n = 7;

	cr_assert_eq(parse("bare"), 0);
	cr_assert_eq(cmdline_get_u64(&cl, "bare", &n), -1);
	cr_assert_eq(cmdline_get_u64(&cl, "absent", &n), -1);
	cr_assert_eq(n, 7);
}
