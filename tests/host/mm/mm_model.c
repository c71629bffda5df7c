/*
 * The reference model behind the randomised test and the fuzzer: see
 * mm_model.h. Overlap is tracked in a shadow map with one owner id per
 * 8 bytes of the arena (slab strides and blocks are multiples of 8).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/host/mm/mm_model.h"
#include "tests/host/mm/host_arena.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

enum alloc_kind {
	K_PAGES,
	K_KMALLOC,
	K_CACHE
};

struct alloc {
	unsigned char *p;
	size_t len;
	enum alloc_kind kind;
	unsigned int order;  /* K_PAGES */
	unsigned int cache;  /* K_CACHE */
	unsigned long pages; /* buddy pages it holds outside any slab */
	uint64_t pattern;
	uint32_t id;
};

static const struct {
	const char *name;
	size_t size, align;
} cache_params[MODEL_NR_CACHES] = {
    {"model-13", 13, 0},
    {"model-200-a64", 200, 64},
    {"model-3000", 3000, 0},
};

static struct kmem_cache *caches[MODEL_NR_CACHES];
static struct alloc live[MODEL_MAX_LIVE];
static size_t nr_live, live_bytes;
static unsigned long held_pages; /* sum of live[].pages */
static uint32_t *owner;		 /* per 8 bytes of arena */
static uint32_t next_id = 1;
static char start_buddyinfo[256];
static unsigned long start_free;
static const char *context = "";
static unsigned long nr_allocs, nr_failed; /* for the closing summary */

static void __attribute__((noreturn, format(printf, 1, 2)))
model_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mm_model: %s: ", context);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void model_set_context(const char *ctx)
{
	context = ctx;
}

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static size_t granule(const void *va)
{
	return (size_t)(__pa(va) >> 3);
}

/* ---- patterns ---- */

/* Word i holds pattern ^ i; a tail shorter than a word, its low bytes. */
static void fill(const struct alloc *a)
{
	uint64_t *w = (uint64_t *)a->p;
	size_t i, words = a->len / 8;

	for (i = 0; i < words; i++)
		w[i] = a->pattern ^ i;
	for (i = words * 8; i < a->len; i++)
		a->p[i] = (unsigned char)((a->pattern ^ i / 8) >> (i % 8 * 8));
}

/* Check bytes [from, to) of @a against its pattern. */
static void check_range(const struct alloc *a, size_t from, size_t to)
{
	const uint64_t *w = (const uint64_t *)a->p;
	size_t i;

	for (i = from; i < to && i % 8; i++)
		if (a->p[i] !=
		    (unsigned char)((a->pattern ^ i / 8) >> (i % 8 * 8)))
			goto bad;
	for (; i + 8 <= to; i += 8)
		if (w[i / 8] != (a->pattern ^ i / 8))
			goto bad;
	for (; i < to; i++)
		if (a->p[i] !=
		    (unsigned char)((a->pattern ^ i / 8) >> (i % 8 * 8)))
			goto bad;
	return;
bad:
	model_fail("allocation #%u (%p, %zu bytes) corrupted at byte %zu",
		   a->id, (void *)a->p, a->len, i);
}

static void check_pattern(const struct alloc *a)
{
	check_range(a, 0, a->len);
}

/* The first and last 64 bytes, where allocator metadata lives. */
static void check_edges(const struct alloc *a)
{
	check_range(a, 0, min(a->len, 64));
	check_range(a, a->len - min(a->len, 64), a->len);
}

/* ---- bookkeeping ---- */

static void claim(const struct alloc *a)
{
	size_t g, first = granule(a->p), last = granule(a->p + a->len - 1);

	if (!host_arena_owns(a->p, a->len))
		model_fail("allocation %p+%zu is outside the arena's RAM",
			   (void *)a->p, a->len);
	for (g = first; g <= last; g++) {
		if (owner[g])
			model_fail("allocation #%u (%p, %zu bytes) overlaps "
				   "live allocation #%u",
				   a->id, (void *)a->p, a->len, owner[g]);
		owner[g] = a->id;
	}
}

static void release(const struct alloc *a)
{
	size_t g, first = granule(a->p), last = granule(a->p + a->len - 1);

	for (g = first; g <= last; g++)
		owner[g] = 0;
}

static bool record(unsigned char *p, size_t len, enum alloc_kind kind,
		   unsigned int arg, unsigned long pages, bool zeroed)
{
	struct alloc *a = &live[nr_live];
	size_t i;

	nr_allocs++;
	if (!p) {
		nr_failed++;
		return false;
	}
	if (zeroed)
		for (i = 0; i < len; i++)
			if (p[i])
				model_fail("__GFP_ZERO memory %p has byte %zu "
					   "= %#x",
					   (void *)p, i, p[i]);
	*a = (struct alloc){
	    .p = p, .len = len, .kind = kind, .pages = pages, .id = next_id++};
	if (kind == K_PAGES)
		a->order = arg;
	else
		a->cache = arg;
	a->pattern = splitmix64(a->id);
	claim(a);
	fill(a);
	nr_live++;
	live_bytes += len;
	held_pages += pages;
	return true;
}

/* ---- operations ---- */

/* A NULL from alloc_pages must have a reason: the watermark or no block. */
static void check_page_failure(unsigned int order, gfp_t gfp)
{
	unsigned long min = zone_watermarks().min;
	unsigned long reserve = (gfp & __GFP_HIGH) ? min / 2 : min;
	char buf[256], *p;
	unsigned int o;

	if (nr_free_pages() < reserve + (1UL << order))
		return;
	buddyinfo_show(buf, sizeof(buf));
	p = strstr(buf, "Normal") + strlen("Normal");
	for (o = 0; o <= MAX_ORDER; o++)
		if (strtoul(p, &p, 10) && o >= order)
			model_fail("alloc_pages(order %u) failed with %lu "
				   "free (reserve %lu) and an order-%u block "
				   "free: %s",
				   order, nr_free_pages(), reserve, o, buf);
}

bool model_alloc_pages(unsigned int order, gfp_t gfp)
{
	struct page *page;

	if (nr_live == MODEL_MAX_LIVE || order > MAX_ORDER)
		return false;
	page = alloc_pages(gfp | __GFP_NOWARN, order);
	if (!page) {
		check_page_failure(order, gfp);
		return false;
	}
	return record(page_address(page), PAGE_SIZE << order, K_PAGES, order,
		      1UL << order, gfp & __GFP_ZERO);
}

bool model_kmalloc(size_t size, gfp_t gfp)
{
	unsigned char *p;
	unsigned long pages = 0;

	if (nr_live == MODEL_MAX_LIVE || !size)
		return false;
	p = kmalloc(size, gfp | __GFP_NOWARN);
	if (p && ksize(p) < size)
		model_fail("ksize(kmalloc(%zu)) = %zu", size, ksize(p));
	if (p && size > 8192)
		pages = ksize(p) / PAGE_SIZE;
	return record(p, size, K_KMALLOC, 0, pages, gfp & __GFP_ZERO);
}

bool model_cache_alloc(unsigned int cache, gfp_t gfp)
{
	unsigned char *p;

	if (nr_live == MODEL_MAX_LIVE)
		return false;
	cache %= MODEL_NR_CACHES;
	p = kmem_cache_alloc(caches[cache], gfp | __GFP_NOWARN);
	if (p && cache_params[cache].align &&
	    !IS_ALIGNED((uintptr_t)p, cache_params[cache].align))
		model_fail("%s returned misaligned %p",
			   cache_params[cache].name, (void *)p);
	return record(p, cache_params[cache].size, K_CACHE, cache, 0,
		      gfp & __GFP_ZERO);
}

bool model_free(size_t i)
{
	struct alloc a;

	if (!nr_live)
		return false;
	i %= nr_live;
	a = live[i];
	check_pattern(&a);
	release(&a);
	live[i] = live[--nr_live];
	live_bytes -= a.len;
	held_pages -= a.pages;
	if (a.kind == K_PAGES)
		__free_pages(virt_to_page(a.p), a.order);
	else if (a.kind == K_KMALLOC)
		kfree(a.p);
	else
		kmem_cache_free(caches[a.cache], a.p);
	return true;
}

void model_drain(void)
{
	drain_all_pages();
}

void model_shrink(void)
{
	kmem_cache_shrink_all();
}

size_t model_live(void)
{
	return nr_live;
}

size_t model_live_bytes(void)
{
	return live_bytes;
}

static void check_allocator(void)
{
	char err[256];

	if (buddy_check(err, sizeof(err)))
		model_fail("buddy_check: %s", err);
	if (nr_free_pages() + slab_pages() + held_pages != totalram_pages())
		model_fail("pages: %lu free + %lu slab + %lu held != %lu "
			   "managed",
			   nr_free_pages(), slab_pages(), held_pages,
			   totalram_pages());
}

void model_check(void)
{
	size_t i;

	check_allocator();
	for (i = 0; i < nr_live; i++)
		check_pattern(&live[i]);
}

void model_check_quick(void)
{
	size_t i;

	check_allocator();
	for (i = 0; i < nr_live; i++)
		check_edges(&live[i]);
}

/* ---- start and finish ---- */

/* Give every cached page back so buddyinfo shows all free memory. */
static void settle(char *buddyinfo, size_t len)
{
	kmem_cache_shrink_all();
	drain_all_pages();
	buddyinfo_show(buddyinfo, len);
}

void model_start(void)
{
	unsigned int i;

	/* Kept across runs (the fuzzer starts one per input); all zero
	 * again once model_finish() has freed everything. */
	if (!owner)
		owner = calloc(PFN_PHYS(max_pfn) / 8, sizeof(*owner));
	if (!owner)
		model_fail("no memory for the shadow map");
	for (i = 0; i < MODEL_NR_CACHES; i++) {
		caches[i] = kmem_cache_create(cache_params[i].name,
					      cache_params[i].size,
					      cache_params[i].align, 0);
		if (!caches[i])
			model_fail("kmem_cache_create(%s)",
				   cache_params[i].name);
	}
	settle(start_buddyinfo, sizeof(start_buddyinfo));
	start_free = nr_free_pages();
	nr_allocs = nr_failed = 0;
	model_check();
}

void model_finish(void)
{
	char end[256];
	unsigned int i;
	size_t k = 0;

	while (nr_live)
		model_free(k++ * 7919); /* a scattered order */
	model_check();
	settle(end, sizeof(end));
	if (strcmp(end, start_buddyinfo) || nr_free_pages() != start_free)
		model_fail("freeing everything left\n%s(%lu free), not the "
			   "starting\n%s(%lu free)",
			   end, nr_free_pages(), start_buddyinfo, start_free);
	for (i = 0; i < MODEL_NR_CACHES; i++)
		kmem_cache_destroy(caches[i]);
}

void model_stats(unsigned long *allocs, unsigned long *failed)
{
	*allocs = nr_allocs;
	*failed = nr_failed;
}
