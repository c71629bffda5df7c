/*
 * A reference model of the allocators for randomised and fuzz testing:
 * it performs page, kmalloc and cache allocations and frees through the
 * real allocators, records every live allocation, fills each with its own
 * pattern, and after every step checks that no two allocations overlap,
 * every pattern is intact, buddy_check() is clean and every managed page
 * is accounted for (free, in a slab, or held by the model). At the end it
 * frees everything and checks that the buddy lists coalesce back to
 * exactly the starting buddyinfo.
 *
 * A broken invariant prints what and where, then abort(): a Criterion test
 * crashes with the message, libFuzzer records a crash. No Criterion here,
 * so tests/fuzz/fuzz_mm.c uses it too.
 */
#ifndef KEEL_TESTS_MM_MODEL_H
#define KEEL_TESTS_MM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mm/gfp.h"

#define MODEL_MAX_LIVE	2048
#define MODEL_NR_CACHES 3

/* Set up after host_arena_init(): custom caches, the starting snapshot. */
void model_start(void);
/* Free everything, compare with the snapshot, destroy the caches. */
void model_finish(void);

/* Each returns true if the allocator returned memory. */
bool model_alloc_pages(unsigned int order, gfp_t gfp);
bool model_kmalloc(size_t size, gfp_t gfp);
bool model_cache_alloc(unsigned int cache, gfp_t gfp);
/* Free live allocation number @i modulo the live count; false if none. */
bool model_free(size_t i);
void model_drain(void);
void model_shrink(void);

/* Allocations attempted and failed since model_start(). */
void model_stats(unsigned long *allocs, unsigned long *failed);
size_t model_live(void);
size_t model_live_bytes(void);

/* Run every check now; aborts on the first broken invariant. */
void model_check(void);
/* The same, but only the first and last 64 bytes of each allocation's
 * contents (where allocator metadata would land); for the fuzzer. */
void model_check_quick(void);
/* Prefix for failure messages ("seed 42 step 1000"). */
void model_set_context(const char *ctx);

#endif
