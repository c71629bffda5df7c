/*
 * In-kernel self-tests of the slab allocator and kmalloc (`ktest=slab`):
 * every kmalloc size class, alignment, large kmalloc, caches of odd sizes
 * and alignments, empty slabs going back to the buddy allocator, slabinfo.
 * The debug reports (red zone, poison, double free) panic by design, so
 * they are tested on the host (tests/host/mm/test_slab_debug.c) and by
 * the slab-* boot scenarios (tests/boot/scenarios, crash= switches).
 */
#include "kernel/ktest.h"
#include "tests/kernel/kmalloc_classes.h"
#include "kernel/string.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

static void slab_kmalloc_serves_every_size_class(struct ktest *t)
{
	size_t i;
	int d;

	for (i = 0; i < ARRAY_SIZE(kmalloc_classes); i++) {
		for (d = -1; d <= 1; d++) {
			size_t size = kmalloc_classes[i] + d;
			unsigned char *p = kmalloc(size, GFP_KERNEL);

			KTEST_ASSERT_NOT_NULL(t, p);
			if (size <= 8192)
				KTEST_EXPECT_EQ(t, ksize(p), class_of(size));
			else
				KTEST_EXPECT_EQ(t, ksize(p), 4 * PAGE_SIZE);
			memset(p, 0x5a, size);
			kfree(p);
		}
	}
}

static void slab_kmalloc_aligns_to_the_class(struct ktest *t)
{
	enum {
		N = 20
	};
	void *p[N];
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(kmalloc_classes); i++) {
		for (j = 0; j < N; j++) {
			p[j] = kmalloc(kmalloc_classes[i], GFP_KERNEL);
			KTEST_ASSERT_NOT_NULL(t, p[j]);
			KTEST_EXPECT_EQ(t,
					(uintptr_t)p[j] %
					    class_align(kmalloc_classes[i]),
					0);
		}
		for (j = 0; j < N; j++)
			kfree(p[j]);
	}
}

static void slab_kmalloc_above_8k_takes_pages(struct ktest *t)
{
	unsigned long free = nr_free_pages();
	void *p = kmalloc(20000, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, (uintptr_t)p % PAGE_SIZE, 0);
	KTEST_EXPECT_EQ(t, ksize(p), 8 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free - 8);
	kfree(p);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free);
}

static void slab_kmalloc_zero_and_kfree_null(struct ktest *t)
{
	KTEST_EXPECT_NULL(t, kmalloc(0, GFP_KERNEL));
	kfree(NULL);
}

static void slab_kzalloc_zeroes(struct ktest *t)
{
	unsigned char *p = kmalloc(300, GFP_KERNEL);
	size_t i;

	KTEST_ASSERT_NOT_NULL(t, p);
	memset(p, 0xff, 300);
	kfree(p);
	p = kzalloc(300, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	for (i = 0; i < 300 && !p[i]; i++)
		;
	KTEST_EXPECT_EQ(t, i, 300);
	kfree(p);
}

static void slab_caches_of_odd_sizes_and_alignments(struct ktest *t)
{
	static const size_t sizes[] = {1, 13, 100, 333, 4095, 5000};
	static const size_t aligns[] = {0, 16, 64, 512};
	enum {
		N = 40
	};
	unsigned char *p[N];
	size_t i, j, k;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (j = 0; j < ARRAY_SIZE(aligns); j++) {
			size_t align = aligns[j] ? aligns[j] : 8;
			struct kmem_cache *s = kmem_cache_create(
			    "ktest-odd", sizes[i], aligns[j], 0);

			KTEST_ASSERT_NOT_NULL(t, s);
			for (k = 0; k < N; k++) {
				p[k] = kmem_cache_alloc(s, GFP_KERNEL);
				KTEST_ASSERT_NOT_NULL(t, p[k]);
				KTEST_EXPECT_EQ(t, (uintptr_t)p[k] % align, 0);
				memset(p[k], (int)k, sizes[i]);
			}
			for (k = 0; k < N; k++) {
				KTEST_EXPECT_EQ(t, p[k][0], (unsigned char)k);
				KTEST_EXPECT_EQ(t, p[k][sizes[i] - 1],
						(unsigned char)k);
				kmem_cache_free(s, p[k]);
			}
			kmem_cache_destroy(s);
		}
	}
}

static void slab_empty_slabs_return_to_the_buddy_allocator(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("ktest-recycle", 512, 0, 0);
	unsigned long pages, free;
	enum {
		N = 200
	};
	void *p[N];
	int i;

	KTEST_ASSERT_NOT_NULL(t, s);
	pages = slab_pages();
	free = nr_free_pages();
	for (i = 0; i < N; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, p[i]);
	}
	KTEST_EXPECT_GT(t, slab_pages(), pages + 4);
	for (i = 0; i < N; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_shrink(s);
	KTEST_EXPECT_EQ(t, slab_pages(), pages);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free);
	kmem_cache_destroy(s);
}

static void slab_slabinfo_has_linux_format(struct ktest *t)
{
	static char buf[4096];
	struct kmem_cache *s = kmem_cache_create("ktest-info", 64, 0, 0);
	void *obj;

	KTEST_ASSERT_NOT_NULL(t, s);
	obj = kmem_cache_alloc(s, GFP_KERNEL);
	slabinfo_show(buf, sizeof(buf));
	KTEST_EXPECT_EQ(t, strncmp(buf, "slabinfo - version: 2.1\n", 24), 0);
	KTEST_EXPECT_NOT_NULL(t, strchr(buf, '#'));
	/* Newest cache first, right after the two header lines. */
	KTEST_EXPECT_EQ(t,
			strncmp(strchr(strchr(buf, '\n') + 1, '\n') + 1,
				"ktest-info             1 ", 25),
			0);
	kmem_cache_free(s, obj);
	kmem_cache_destroy(s);
}

static struct ktest_case slab_cases[] = {
    KTEST_CASE(slab_kmalloc_serves_every_size_class),
    KTEST_CASE(slab_kmalloc_aligns_to_the_class),
    KTEST_CASE(slab_kmalloc_above_8k_takes_pages),
    KTEST_CASE(slab_kmalloc_zero_and_kfree_null),
    KTEST_CASE(slab_kzalloc_zeroes),
    KTEST_CASE(slab_caches_of_odd_sizes_and_alignments),
    KTEST_CASE(slab_empty_slabs_return_to_the_buddy_allocator),
    KTEST_CASE(slab_slabinfo_has_linux_format),
    {},
};
KTEST_SUITE(slab, slab_cases);
