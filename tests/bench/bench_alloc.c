/*
 * Allocator fast-path benchmark, counted in instructions under callgrind
 * (tests/bench/run.sh builds and runs it; `make bench`). Instruction counts
 * are repeatable on these noisy shared machines, where wall-clock time is
 * not.
 *
 * Built twice: with -DBENCH_KEEL against keel's mm/page_alloc.c and
 * mm/slab.c on the host arena (non-debug build; locks compile out on the
 * host), and without it against a malloc (glibc, jemalloc or mimalloc,
 * chosen at link time). Each workload is one noinline function doing one
 * allocate+free pair, called N times from its own loop function; run.sh
 * collects only inside that loop (--toggle-collect) and subtracts the
 * loop with an empty pair, so the result is instructions per pair,
 * including the calls into the allocator.
 *
 * A few objects of each size stay allocated throughout, so no slab (and
 * no malloc page) ever empties: we measure the common case, not the
 * empty-slab path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N    100000
#define LIVE 16

static void *volatile sink;

#ifdef BENCH_KEEL
#include "tests/host/mm/host_arena.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

static void *xmalloc(size_t n)
{
	return kmalloc(n, GFP_KERNEL);
}

static void xfree(void *p)
{
	kfree(p);
}

__attribute__((__noinline__)) static void pair_page0(void)
{
	struct page *p = alloc_pages(GFP_KERNEL, 0);

	sink = p;
	__free_pages(p, 0);
}

__attribute__((__noinline__)) static void pair_page3(void)
{
	struct page *p = alloc_pages(GFP_KERNEL, 3);

	sink = p;
	__free_pages(p, 3);
}
#elif defined(BENCH_MIMALLOC)
#include <mimalloc.h>
#define xmalloc mi_malloc
#define xfree	mi_free
#else
#define xmalloc malloc
#define xfree	free
#endif

__attribute__((__noinline__)) static void pair_empty(void)
{
	sink = NULL;
}

__attribute__((__noinline__)) static void pair_small(void)
{
	void *p = xmalloc(64);

	sink = p;
	xfree(p);
}

__attribute__((__noinline__)) static void pair_large(void)
{
	void *p = xmalloc(4000);

	sink = p;
	xfree(p);
}

/* One loop function per workload, so callgrind can toggle on each. */
#define BENCH_LOOP(name)                                           \
	__attribute__((__noinline__)) void bench_loop_##name(void) \
	{                                                          \
		for (int i = 0; i < N; i++)                        \
			pair_##name();                             \
	}
BENCH_LOOP(empty)
BENCH_LOOP(small)
BENCH_LOOP(large)
#ifdef BENCH_KEEL
BENCH_LOOP(page0)
BENCH_LOOP(page3)
#endif

static void keep_some_live(void)
{
	for (int i = 0; i < LIVE; i++) {
		sink = xmalloc(64);
		sink = xmalloc(4000);
	}
}

int main(void)
{
#ifdef BENCH_KEEL
	host_arena_init(64);
#endif
	keep_some_live();
	bench_loop_empty();
	bench_loop_small();
	bench_loop_large();
#ifdef BENCH_KEEL
	bench_loop_page0();
	bench_loop_page3();
#endif
	printf("%d pairs per workload\n", N);
	return 0;
}
