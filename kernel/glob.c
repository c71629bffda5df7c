/*
 * Shell-style wildcard matching for ktest=GLOB (and anything else that
 * selects by name). Iterative with one backtrack point, as in Linux's
 * lib/glob.c: on a mismatch we return to the most recent '*' and let it
 * swallow one more character. An earlier '*' never needs revisiting, since
 * the later one can absorb anything it could, so the time is
 * O(strlen(pattern) * strlen(str)) with no recursion.
 */
#include "kernel/glob.h"

bool glob_match(const char *pattern, const char *str)
{
	const char *star = NULL;  /* pattern position just after the last '*' */
	const char *retry = NULL; /* where str resumes when we backtrack */

	while (*str) {
		if (*pattern == '*') {
			star = ++pattern;
			retry = str;
		} else if (*pattern == '?' || *pattern == *str) {
			pattern++;
			str++;
		} else if (star) {
			pattern = star;
			str = ++retry;
		} else {
			return false;
		}
	}
	/* str is used up: only trailing stars may remain in the pattern. */
	while (*pattern == '*')
		pattern++;
	return *pattern == '\0';
}
