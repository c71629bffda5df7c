/*
 * The slab allocator and kmalloc (mm/slab.c) on the host arena: every
 * kmalloc size class, alignment, large kmalloc, caches of odd sizes and
 * alignments, empty slabs going back to the buddy allocator, exhaustion,
 * slabinfo. The debug reports are in test_slab_debug.c.
 */
#include <signal.h>
#include <stdio.h>
#include "tests/host/mm/mm_test.h"
#include "tests/kernel/kmalloc_classes.h"

static void setup(void)
{
	host_arena_init(ARENA_MIB);
}

struct slabinfo_row {
	unsigned long active, num, objsize, perslab, pages, slabs;
};

/* The slabinfo numbers of cache @name; false if it is not listed. */
static bool slabinfo_row(const char *name, struct slabinfo_row *r)
{
	static char buf[16384];
	char want[64];
	char *line;

	slabinfo_show(buf, sizeof(buf));
	snprintf(want, sizeof(want), "\n%s ", name);
	line = strstr(buf, want);
	if (!line)
		return false;
	return sscanf(line + strlen(want),
		      "%lu %lu %lu %lu %lu : tunables %*u %*u %*u : slabdata "
		      "%lu",
		      &r->active, &r->num, &r->objsize, &r->perslab, &r->pages,
		      &r->slabs) == 6;
}

Test(slab, kmalloc_serves_every_size_class, .init = setup)
{
	size_t size;

	for (size = 1; size <= 8192; size++) {
		unsigned char *p = kmalloc(size, GFP_KERNEL);

		cr_assert_not_null(p, "kmalloc(%zu)", size);
		cr_assert_eq(ksize(p), class_of(size), "ksize(kmalloc(%zu))",
			     size);
		cr_assert(IS_ALIGNED((uintptr_t)p, class_align(class_of(size))),
			  "kmalloc(%zu) = %p", size, (void *)p);
		memset(p, 0x5a, size);
		kfree(p);
	}
	assert_buddy_clean();
}

Test(slab, kmalloc_classes_have_linux_names, .init = setup)
{
	static const char *const names[] = {
	    "kmalloc-8",   "kmalloc-16",  "kmalloc-32",	 "kmalloc-64",
	    "kmalloc-96",  "kmalloc-128", "kmalloc-192", "kmalloc-256",
	    "kmalloc-512", "kmalloc-1k",  "kmalloc-2k",	 "kmalloc-4k",
	    "kmalloc-8k",
	};
	struct slabinfo_row r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		cr_assert(slabinfo_row(names[i], &r), "%s missing", names[i]);
	cr_assert(slabinfo_row("kmem_cache", &r));
}

/* Many objects of one class at once: aligned, disjoint, all writable. */
Test(slab, kmalloc_objects_are_aligned_and_disjoint, .init = setup)
{
	enum {
		N = 40
	};
	unsigned char *p[N];
	size_t c, i, j;

	for (c = 0; c < ARRAY_SIZE(kmalloc_classes); c++) {
		size_t size = kmalloc_classes[c];

		for (i = 0; i < N; i++) {
			p[i] = kmalloc(size, GFP_KERNEL);
			cr_assert_not_null(p[i]);
			cr_assert(
			    IS_ALIGNED((uintptr_t)p[i], class_align(size)));
			memset(p[i], (int)i, size);
		}
		for (i = 0; i < N; i++) {
			for (j = 0; j < size; j++)
				cr_assert_eq(p[i][j], (unsigned char)i,
					     "class %zu object %zu byte %zu",
					     size, i, j);
			kfree(p[i]);
		}
	}
	assert_buddy_clean();
}

Test(slab, objects_fill_slabs_of_at_most_order_3, .init = setup)
{
	struct slabinfo_row r;
	char name[32];
	size_t c;

	for (c = 0; c < ARRAY_SIZE(kmalloc_classes); c++) {
		void *p = kmalloc(kmalloc_classes[c], GFP_KERNEL);

		snprintf(name, sizeof(name), "kmalloc-%zu", kmalloc_classes[c]);
		if (kmalloc_classes[c] >= 1024)
			snprintf(name, sizeof(name), "kmalloc-%zuk",
				 kmalloc_classes[c] / 1024);
		cr_assert(slabinfo_row(name, &r), "%s", name);
		cr_assert_leq(r.pages, 8, "%s", name);
		cr_assert(r.perslab >= 8 || r.pages == 8, "%s: %lu per slab",
			  name, r.perslab);
		cr_assert_leq(r.perslab * r.objsize, r.pages * PAGE_SIZE);
		cr_assert_geq(r.objsize, kmalloc_classes[c]);
		cr_assert_eq(r.active, 1, "%s", name);
		kfree(p);
	}
}

Test(slab, kmalloc_above_8k_takes_whole_blocks, .init = setup)
{
	unsigned long before = nr_free_pages();
	void *p = kmalloc(8193, GFP_KERNEL);
	struct page *page;

	cr_assert_not_null(p);
	cr_assert(IS_ALIGNED((uintptr_t)p, PAGE_SIZE));
	page = virt_to_page(p);
	cr_assert_eq(page->flags, PR_KERNEL | PG_head | 2 << PG_ORDER_SHIFT);
	cr_assert_eq(ksize(p), 16384);
	cr_assert_eq(nr_free_pages(), before - 4);
	memset(p, 1, 16384);
	kfree(p);
	cr_assert_eq(nr_free_pages(), before);
	p = kmalloc(PAGE_SIZE << MAX_ORDER, GFP_KERNEL);
	cr_assert_not_null(p, "4 MiB, the largest block");
	kfree(p);
	host_log_quiet(true);
	cr_assert_null(kmalloc((PAGE_SIZE << MAX_ORDER) + 1, GFP_KERNEL));
	cr_assert(host_log_contains("above the largest block"));
	assert_buddy_clean();
}

Test(slab, kmalloc_zero_returns_null_and_kfree_null_is_a_noop, .init = setup)
{
	cr_assert_null(kmalloc(0, GFP_KERNEL));
	kfree(NULL);
	cr_assert_eq(ksize(NULL), 0);
}

Test(slab, kzalloc_and_gfp_zero_zero_the_object, .init = setup)
{
	struct kmem_cache *s = kmem_cache_create("zeroed", 300, 0, 0);
	unsigned char *p = kmalloc(200, GFP_KERNEL);
	size_t i;

	memset(p, 0xff, 256);
	kfree(p);
	p = kzalloc(200, GFP_KERNEL);
	for (i = 0; i < 256; i++)
		cr_assert_eq(p[i], 0, "byte %zu", i);
	kfree(p);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	memset(p, 0xff, 300);
	kmem_cache_free(s, p);
	p = kmem_cache_alloc(s, GFP_KERNEL | __GFP_ZERO);
	for (i = 0; i < 300; i++)
		cr_assert_eq(p[i], 0, "byte %zu", i);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

/* Allocate @n objects from @s, check them, free them in shuffled order. */
static void exercise_cache(struct kmem_cache *s, size_t size, size_t align,
			   size_t n)
{
	unsigned char **p = calloc(n, sizeof(*p));
	size_t i, j;

	for (i = 0; i < n; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert_not_null(p[i]);
		cr_assert(IS_ALIGNED((uintptr_t)p[i], align),
			  "size %zu align %zu: %p", size, align, (void *)p[i]);
		cr_assert(host_arena_owns(p[i], size));
		memset(p[i], (int)(i * 7 + 1), size);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < size; j++)
			cr_assert_eq(p[i][j], (unsigned char)(i * 7 + 1),
				     "size %zu object %zu byte %zu", size, i,
				     j);
	for (i = 0; i < n; i++) {
		size_t k = (i * 37) % n; /* n is never a multiple of 37 */

		kmem_cache_free(s, p[k]);
	}
	free(p);
}

Test(slab, caches_of_odd_sizes_and_alignments, .init = setup)
{
	static const size_t sizes[] = {1,   7,	  13,	24,   100,
				       333, 1000, 4095, 5000, 20000};
	static const size_t aligns[] = {0, 8, 16, 64, 256, 4096};
	unsigned long pages = slab_pages();
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (j = 0; j < ARRAY_SIZE(aligns); j++) {
			size_t align = aligns[j] ? aligns[j] : 8;
			struct kmem_cache *s;

			if (ALIGN(sizes[i], align) > 32768)
				continue;
			s = kmem_cache_create("odd", sizes[i], aligns[j], 0);
			cr_assert_not_null(s, "size %zu align %zu", sizes[i],
					   aligns[j]);
			exercise_cache(s, sizes[i], align, 50);
			kmem_cache_destroy(s);
			cr_assert_eq(slab_pages(), pages,
				     "size %zu align %zu left slabs behind",
				     sizes[i], aligns[j]);
		}
	}
	assert_buddy_clean();
}

Test(slab, bad_cache_parameters_are_refused, .init = setup)
{
	host_log_quiet(true);
	cr_assert_null(kmem_cache_create("bad", 64, 3, 0));
	cr_assert_null(kmem_cache_create("bad", 0, 0, 0));
	cr_assert_null(kmem_cache_create("bad", 40000, 0, 0));
	cr_assert_null(kmem_cache_create("bad", 64, 65536, 0));
	cr_assert(host_log_contains("kmem_cache_create(bad)"));
}

Test(slab, empty_slabs_go_back_to_the_buddy_allocator, .init = setup)
{
	struct kmem_cache *s = kmem_cache_create("recycle", 256, 0, 0);
	unsigned long pages = slab_pages(), free = nr_free_pages();
	struct slabinfo_row r;
	void *p[1000];
	size_t n, i;

	p[0] = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert(slabinfo_row("recycle", &r));
	n = 10 * r.perslab;
	cr_assert_leq(n, 1000);
	for (i = 1; i < n; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(slab_pages(), pages + 10 * r.pages);
	for (i = 0; i < n; i++)
		kmem_cache_free(s, p[i]);
	cr_assert_eq(slab_pages(), pages + 2 * r.pages,
		     "only the current slab and one empty slab stay");
	kmem_cache_shrink(s);
	cr_assert_eq(slab_pages(), pages);
	cr_assert_eq(nr_free_pages(), free);
	kmem_cache_destroy(s);
	assert_buddy_clean();
}

Test(slab, partial_slabs_are_used_before_new_ones, .init = setup)
{
	struct kmem_cache *s = kmem_cache_create("partial", 512, 0, 0);
	struct slabinfo_row r;
	void *p[200];
	size_t n, i;

	p[0] = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert(slabinfo_row("partial", &r));
	n = 3 * r.perslab;
	for (i = 1; i < n; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p[0]); /* first slab: full -> partial */
	cr_assert(slabinfo_row("partial", &r));
	cr_assert_eq(r.slabs, 3);
	p[0] = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert(slabinfo_row("partial", &r));
	cr_assert_eq(r.slabs, 3, "reused the partial slab");
	cr_assert_eq(r.active, n);
	for (i = 0; i < n; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);
}

Test(slab, destroying_a_cache_in_use_panics, .init = setup, .signal = SIGABRT)
{
	struct kmem_cache *s = kmem_cache_create("busy", 64, 0, 0);

	kmem_cache_alloc(s, GFP_KERNEL);
	host_expect_panic("cache busy still has 1 objects allocated");
	kmem_cache_destroy(s);
}

Test(slab, kmalloc_recovers_after_exhaustion, .init = setup)
{
	static void *p[4096];
	unsigned long free = nr_free_pages();
	size_t n = 0, i;

	while (n < 4096 && (p[n] = kmalloc(4000, GFP_KERNEL | __GFP_NOWARN)))
		n++;
	cr_assert_lt(n, 4096);
	cr_assert_leq(nr_free_pages(), zone_watermarks().min + 8);
	for (i = 0; i < n; i++)
		kfree(p[i]);
	kmem_cache_shrink_all();
	cr_assert_eq(nr_free_pages(), free);
	assert_buddy_clean();
	cr_assert_not_null(kmalloc(4000, GFP_KERNEL));
}

Test(slab, slab_pages_counts_slab_memory, .init = setup)
{
	unsigned long pages = slab_pages();
	void *p;

	cr_assert_gt(pages, 0, "the kmem_cache cache has a slab");
	p = kmalloc(64, GFP_KERNEL);
	cr_assert_eq(slab_pages(), pages + 1);
	kfree(p);
	kmem_cache_shrink_all();
	cr_assert_eq(slab_pages(), pages);
}

Test(slab, slabinfo_prints_linux_2_1_format, .init = setup)
{
	struct kmem_cache *s = kmem_cache_create("test-100", 100, 0, 0);
	static char buf[16384];
	char want[256];
	void *p[5];
	size_t i, len;
#ifdef KEEL_SLAB_DEBUG
	/* 100 bytes, red zone to 112, free pointer, caller: stride 128. */
	const unsigned int objsize = 128, perslab = 32;
#else
	const unsigned int objsize = 104, perslab = 39;
#endif

	for (i = 0; i < 5; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	len = slabinfo_show(buf, sizeof(buf));
	cr_assert_eq(len, strlen(buf));
	cr_assert(!strncmp(buf,
			   "slabinfo - version: 2.1\n"
			   "# name            <active_objs> <num_objs> "
			   "<objsize> <objperslab> <pagesperslab> : tunables "
			   "<limit> <batchcount> <sharedfactor> : slabdata "
			   "<active_slabs> <num_slabs> <sharedavail>\n",
			   strlen("slabinfo - version: 2.1\n")),
		  "%s", buf);
	snprintf(want, sizeof(want),
		 "\ntest-100               5 %6u %6u %4u    1 : tunables    0 "
		 "   0    0 : slabdata      1      1      0\n",
		 perslab, objsize, perslab);
	cr_assert(strstr(buf, want), "want:%s\ngot:\n%s", want, buf);
	cr_assert(strstr(buf, "<active_slabs> <num_slabs> <sharedavail>\n"
			      "test-100 "),
		  "newest cache first, as in Linux");
	for (i = 0; i < 5; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);
	cr_assert_null(
	    strstr((slabinfo_show(buf, sizeof(buf)), buf), "test-100"));
}

Test(slab, slabinfo_truncates_safely, .init = setup)
{
	char buf[32];

	cr_assert_eq(slabinfo_show(buf, sizeof(buf)), 31);
	cr_assert_eq(strlen(buf), 31);
	cr_assert_eq(slabinfo_show(buf, 0), 0);
}

Test(slab, objects_in_tail_pages_free_correctly, .init = setup)
{
	void *p[32];
	size_t i;

	for (i = 0; i < 32; i++)
		p[i] = kmalloc(2048, GFP_KERNEL);
	for (i = 0; i < 32; i++) {
		struct page *page = virt_to_page(p[i]);

		cr_assert_eq(page_role(page), PR_SLAB);
		kfree(p[i]);
	}
	kmem_cache_shrink_all();
	assert_buddy_clean();
}

Test(slab, kfree_of_a_page_allocation_panics, .init = setup, .signal = SIGABRT)
{
	struct page *page = alloc_page(GFP_KERNEL);

	host_expect_panic("slab: free of pointer no cache owns");
	kfree(page_address(page));
}

Test(slab, kfree_of_a_pointer_outside_ram_panics, .init = setup,
     .signal = SIGABRT)
{
	int local;

	host_expect_panic("slab: free of pointer no cache owns");
	kfree(&local);
}

Test(slab, kfree_inside_a_large_block_panics, .init = setup, .signal = SIGABRT)
{
	char *p = kmalloc(20000, GFP_KERNEL);

	host_expect_panic("not at an object boundary");
	kfree(p + PAGE_SIZE);
}

Test(slab, freeing_to_the_wrong_cache_panics, .init = setup, .signal = SIGABRT)
{
	struct kmem_cache *a = kmem_cache_create("cache-a", 64, 0, 0);
	struct kmem_cache *b = kmem_cache_create("cache-b", 64, 0, 0);
	void *obj = kmem_cache_alloc(b, GFP_KERNEL);

	host_expect_panic("free to the wrong cache (it is cache-b's)");
	host_expect_panic("cache cache-a");
	kmem_cache_free(a, obj);
}
