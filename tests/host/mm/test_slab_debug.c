/*
 * The slab debug mode (KEEL_SLAB_DEBUG, on in the host build): each kind
 * of misuse is reported with its message, the cache name, the object
 * address and the caller, then panic() (abort() on the host).
 */
#include <signal.h>
#include <stdio.h>
#include "tests/host/mm/mm_test.h"

#ifdef KEEL_SLAB_DEBUG

static void setup(void)
{
	host_arena_init(ARENA_MIB);
}

/* "object 0x<16 hex digits>", as keel's %p prints @obj. */
static const char *object_needle(const void *obj)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "object 0x%016lx", (unsigned long)obj);
	return buf;
}

Test(slab_debug, red_zone_overwrite_is_reported_on_free, .init = setup,
     .signal = SIGABRT)
{
	unsigned char *p = kmalloc(64, GFP_KERNEL);

	p[64] = 0x41; /* one byte past the end */
	host_expect_panic("slab: red zone overwritten at object+64 (0x41");
	host_expect_panic("cache kmalloc-64");
	host_expect_panic(object_needle(p));
	host_expect_panic("caller 0x");
	kfree(p);
}

Test(slab_debug, red_zone_starts_right_after_an_odd_size, .init = setup,
     .signal = SIGABRT)
{
	struct kmem_cache *s = kmem_cache_create("odd-13", 13, 0, 0);
	unsigned char *p = kmem_cache_alloc(s, GFP_KERNEL);

	p[13] = 0;
	host_expect_panic("slab: red zone overwritten at object+13");
	host_expect_panic("cache odd-13");
	kmem_cache_free(s, p);
}

Test(slab_debug, use_after_free_is_reported_on_reallocation, .init = setup,
     .signal = SIGABRT)
{
	unsigned char *p = kmalloc(64, GFP_KERNEL);

	kfree(p);
	p[10] = 1; /* write to a freed object */
	host_expect_panic("slab: use after free: object+10 is 0x1");
	host_expect_panic("cache kmalloc-64");
	host_expect_panic(object_needle(p));
	kmalloc(64, GFP_KERNEL); /* the same object comes back first */
}

Test(slab_debug, freed_objects_are_poisoned, .init = setup)
{
	unsigned char *p = kmalloc(96, GFP_KERNEL);
	size_t i;

	memset(p, 0, 96);
	kfree(p);
	for (i = 0; i < 96; i++)
		cr_assert_eq(p[i], 0x6b, "byte %zu", i);
	cr_assert_eq(kmalloc(96, GFP_KERNEL), p, "and come back intact");
}

Test(slab_debug, double_free_is_reported, .init = setup, .signal = SIGABRT)
{
	void *p = kmalloc(128, GFP_KERNEL);

	kfree(p);
	host_expect_panic("slab: double free");
	host_expect_panic("cache kmalloc-128");
	host_expect_panic(object_needle(p));
	kfree(p);
}

Test(slab_debug, double_free_into_a_non_current_slab_is_reported, .init = setup,
     .signal = SIGABRT)
{
	static void *p[200];
	int i;

	for (i = 0; i < 200; i++) /* several slabs: p[0]'s is not current */
		p[i] = kmalloc(256, GFP_KERNEL);
	kfree(p[0]);
	host_expect_panic("slab: double free");
	kfree(p[0]);
}

Test(slab_debug, free_off_an_object_boundary_is_reported, .init = setup,
     .signal = SIGABRT)
{
	char *p = kmalloc(64, GFP_KERNEL);

	host_expect_panic("slab: free of pointer not at an object boundary");
	host_expect_panic(object_needle(p + 8));
	kfree(p + 8);
}

Test(slab_debug, free_of_a_pointer_no_cache_owns_is_reported, .init = setup,
     .signal = SIGABRT)
{
	static char not_slab[64];

	host_expect_panic("slab: free of pointer no cache owns");
	host_expect_panic("cache (none)");
	kfree(not_slab);
}

Test(slab_debug, kmem_cache_free_of_a_page_is_reported, .init = setup,
     .signal = SIGABRT)
{
	struct kmem_cache *s = kmem_cache_create("pages", 64, 0, 0);
	struct page *page = alloc_pages(GFP_KERNEL, 2);

	host_expect_panic("slab: free of pointer no cache owns");
	host_expect_panic("cache pages");
	kmem_cache_free(s, page_address(page));
}

Test(slab_debug, correct_use_reports_nothing, .init = setup)
{
	struct kmem_cache *s = kmem_cache_create("fine", 40, 8, 0);
	void *p[100];
	int round, i;

	for (round = 0; round < 3; round++) {
		for (i = 0; i < 100; i++) {
			p[i] = kmem_cache_alloc(s, GFP_KERNEL);
			memset(p[i], i, 40);
		}
		for (i = 99; i >= 0; i--)
			kmem_cache_free(s, p[i]);
	}
	kmem_cache_destroy(s);
	cr_assert_not(host_log_contains("slab:"));
}

#endif
