/*
 * kernel/glob.c: '*' matches any run (also empty), '?' exactly one
 * character, everything else itself; the whole string must match.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "kernel/glob.h"

#define assert_match(p, s) \
	cr_assert(glob_match(p, s), "\"%s\" should match \"%s\"", p, s)
#define assert_no_match(p, s) \
	cr_assert(!glob_match(p, s), "\"%s\" should not match \"%s\"", p, s)

Test(glob, literal_pattern_matches_only_itself)
{
	assert_match("slab", "slab");
	assert_no_match("slab", "slabs");
	assert_no_match("slab", "sla");
	assert_no_match("slab", "Slab");
}

Test(glob, empty_pattern_matches_only_empty_string)
{
	assert_match("", "");
	assert_no_match("", "a");
}

Test(glob, star_matches_any_run_including_empty)
{
	assert_match("*", "");
	assert_match("*", "anything");
	assert_match("buddy*", "buddy");
	assert_match("buddy*", "buddy_coalesces");
	assert_match("*_free", "kfree_free");
	assert_match("a*b*c", "abc");
	assert_match("a*b*c", "axxbyyc");
	assert_no_match("a*b*c", "axxbyy");
	assert_no_match("buddy*", "bud");
}

Test(glob, question_mark_matches_exactly_one_character)
{
	assert_match("?", "x");
	assert_no_match("?", "");
	assert_no_match("?", "xy");
	assert_match("s?ab", "slab");
	assert_match("*?", "a");
	assert_no_match("*??", "a");
}

Test(glob, star_backtracks_to_find_a_later_match)
{
	assert_match("*ab", "aab");
	assert_match("*aab", "aaab");
	assert_match("a*a*a", "aaaa");
	assert_match("*mm_*", "test_mm_slab");
	assert_no_match("*x*y", "xxxx");
}

Test(glob, consecutive_stars_act_as_one)
{
	assert_match("**", "");
	assert_match("a***b", "ab");
	assert_match("a***b", "a123b");
}

/* A naive recursive matcher takes exponential time on this input. */
Test(glob, pathological_pattern_finishes_quickly, .timeout = 2)
{
	char str[4001], pattern[64];
	int i;

	memset(str, 'a', sizeof(str) - 1);
	str[sizeof(str) - 1] = '\0';
	for (i = 0; i < 20; i++) {
		pattern[2 * i] = '*';
		pattern[2 * i + 1] = 'a';
	}
	strcpy(&pattern[40], "*b");
	assert_no_match(pattern, str);
}
