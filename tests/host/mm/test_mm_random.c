/*
 * Randomised model-based test of the buddy and slab allocators together:
 * long seeded sequences of page allocations of every order, kmalloc of
 * every size class (and above), cache allocations and frees, each checked
 * by the reference model (mm_model.c) after every step, and at the end
 * everything freed must coalesce back to exactly the starting buddyinfo.
 *
 * Each run prints its seed; KEEL_MM_SEED=N replays every run with seed N.
 * A broken invariant aborts with the seed and step in the message.
 */
#include <stdio.h>
#include "tests/host/mm/mm_test.h"
#include "tests/kernel/kmalloc_classes.h"
#include <criterion/parameterized.h>
#include "tests/host/mm/mm_model.h"

struct random_run {
	unsigned long seed;
	int steps;
	size_t cap_mib; /* live bytes above which frees are favoured */
};

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

/* Mostly small orders, as real callers ask, but every order appears. */
static unsigned int random_order(void)
{
	unsigned int r = rnd() % 100;

	if (r < 40)
		return 0;
	if (r < 70)
		return 1 + rnd() % 3;
	if (r < 90)
		return 4 + rnd() % 3;
	return 7 + rnd() % 4;
}

/* Class edges (size - 1, size, size + 1), any small size, large ones. */
static size_t random_size(void)
{
	unsigned int r = rnd() % 100;

	if (r < 45)
		return kmalloc_classes[rnd() % ARRAY_SIZE(kmalloc_classes)] -
		       1 + rnd() % 3;
	if (r < 92)
		return 1 + rnd() % 8192;
	return 8193 + rnd() % (128 << 10);
}

static gfp_t random_gfp(void)
{
	unsigned int r = rnd() % 10;

	return r == 0 ? GFP_ATOMIC : r == 1 ? __GFP_ZERO : GFP_KERNEL;
}

static void random_step(size_t cap)
{
	unsigned int r = rnd() % 100;

	if (r < 25 || (model_live_bytes() > cap && r < 70))
		model_free(rnd());
	else if (r < 50)
		model_alloc_pages(random_order(), random_gfp());
	else if (r < 82)
		model_kmalloc(random_size(), random_gfp());
	else if (r < 98)
		model_cache_alloc(rnd(), random_gfp());
	else if (r == 98)
		model_drain();
	else
		model_shrink();
}

ParameterizedTestParameters(mm_random, sequences_keep_every_invariant)
{
	static struct random_run runs[] = {
	    {1, 2500, 4},	   {2, 2500, 4},  {3, 2500, 8},
	    {0xdecafbad, 2500, 8}, {7, 1500, 15}, {8, 1500, 15},
	};

	return cr_make_param_array(struct random_run, runs, ARRAY_SIZE(runs));
}

ParameterizedTest(struct random_run *run, mm_random,
		  sequences_keep_every_invariant, .timeout = 120)
{
	const char *env = getenv("KEEL_MM_SEED");
	unsigned long seed = env ? strtoul(env, NULL, 0) : run->seed;
	unsigned long allocs, failed;
	char ctx[64];
	int step;

	fprintf(stderr, "mm_random: seed %lu, %d steps, cap %zu MiB\n", seed,
		run->steps, run->cap_mib);
	rng = seed * 0x9e3779b97f4a7c15ull + 1;
	host_arena_init(ARENA_MIB);
	host_log_quiet(true);
	model_start();
	for (step = 0; step < run->steps; step++) {
		snprintf(ctx, sizeof(ctx), "seed %lu step %d", seed, step);
		model_set_context(ctx);
		random_step(run->cap_mib << 20);
		model_check();
	}
	model_stats(&allocs, &failed);
	fprintf(stderr, "mm_random: seed %lu: %lu allocations, %lu failed\n",
		seed, allocs, failed);
	model_set_context("final free");
	model_finish();
	assert_buddy_clean();
}

/* Fill memory to the watermark with mixed requests, then give it back. */
Test(mm_random, exhaustion_by_mixed_requests_recovers, .timeout = 120)
{
	int round, i;

	rng = 99;
	host_arena_init(ARENA_MIB);
	host_log_quiet(true);
	model_start();
	for (round = 0; round < 3; round++) {
		char ctx[32];

		snprintf(ctx, sizeof(ctx), "exhaust round %d", round);
		model_set_context(ctx);
		for (i = 0; i < 600; i++) {
			if (rnd() % 2)
				model_alloc_pages(random_order(), GFP_KERNEL);
			else
				model_kmalloc(random_size(), GFP_KERNEL);
		}
		cr_assert_lt(nr_free_pages(), zone_watermarks().min + 1024,
			     "memory should be nearly full");
		model_check();
		while (model_live() > 50)
			model_free(rnd());
		model_check();
	}
	model_finish();
}
