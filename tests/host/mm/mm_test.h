/*
 * Helpers shared by the mm host tests (Criterion): fixtures that build the
 * host arena, the buddy_check() assertion, and buddyinfo parsed back into
 * numbers so a test can say how many blocks of each order are free.
 */
#ifndef KEEL_TESTS_MM_TEST_H
#define KEEL_TESTS_MM_TEST_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "tests/host/mm/host_arena.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define ARENA_MIB 16

static inline void assert_buddy_clean(void)
{
	char err[256];

	cr_assert_eq(buddy_check(err, sizeof(err)), 0, "buddy_check: %s", err);
}

/* Free blocks per order, as buddyinfo prints them. */
static inline void buddy_counts(unsigned long n[MAX_ORDER + 1])
{
	char buf[256];
	char *p;
	unsigned int o;

	buddyinfo_show(buf, sizeof(buf));
	p = strstr(buf, "Normal");
	cr_assert_not_null(p, "buddyinfo: %s", buf);
	p += strlen("Normal");
	for (o = 0; o <= MAX_ORDER; o++)
		n[o] = strtoul(p, &p, 10);
}

/* Pages on the buddy lists (free pages not on the pcp list). */
static inline unsigned long buddy_free_pages(void)
{
	unsigned long n[MAX_ORDER + 1], pages = 0;
	unsigned int o;

	buddy_counts(n);
	for (o = 0; o <= MAX_ORDER; o++)
		pages += n[o] << o;
	return pages;
}

static inline unsigned long pcp_pages(void)
{
	return nr_free_pages() - buddy_free_pages();
}

/* The largest order with a free block on the buddy lists, or -1. */
static inline int largest_free_order(void)
{
	unsigned long n[MAX_ORDER + 1];
	int o;

	buddy_counts(n);
	for (o = MAX_ORDER; o >= 0; o--)
		if (n[o])
			return o;
	return -1;
}

#endif
