/*
 * libFuzzer target for the buddy and slab allocators: the input bytes are
 * an operation sequence (allocate pages of an order, kmalloc a size, take
 * from a cache, free the n-th live allocation, drain, shrink) run over the
 * host arena through the reference model of tests/host/mm/mm_model.c,
 * which checks after every operation that allocations are disjoint, their
 * edges intact, buddy_check() clean and every page accounted for, and at
 * the end all contents and that freeing everything restores the starting
 * buddyinfo. Any
 * broken invariant or allocator panic aborts: a crash for libFuzzer.
 *
 * Build (from the repository root):
 *	clang -g -O1 -fsanitize=fuzzer,address,undefined -DKEEL_HOST \
 *	      -DKEEL_SLAB_DEBUG -I. -o build/fuzz/fuzz_mm tests/fuzz/fuzz_mm.c \
 *	      tests/host/mm/host_arena.c tests/host/mm/mm_model.c \
 *	      mm/page_alloc.c mm/slab.c kernel/vsprintf.c
 * Run: build/fuzz/fuzz_mm -max_len=4096 -max_total_time=60
 */
#include <stddef.h>
#include <stdint.h>
#include "tests/host/mm/host_arena.h"
#include "tests/host/mm/mm_model.h"
#include "mm/gfp.h"
#include "mm/page.h"

#define ARENA_MIB 8
#define MAX_INPUT 1024 /* bytes used per input: a few hundred operations */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	host_arena_init(ARENA_MIB);
	host_log_quiet(true);
	return 0;
}

static gfp_t gfp_of(uint8_t b)
{
	return (b & 0x40 ? __GFP_ZERO : 0) | (b & 0x80 ? GFP_ATOMIC : 0);
}

/* One operation from data[0..2]; returns the bytes it used. */
static size_t run_op(const uint8_t *d, size_t left)
{
	uint8_t a = left > 1 ? d[1] : 0, b = left > 2 ? d[2] : 0;
	unsigned int arg16 = a | (unsigned int)b << 8;

	switch (d[0] % 8) {
	case 0:
		/* order k with odds 2^-(k+1): big blocks are rarer */
		model_alloc_pages(__builtin_ctz(a | 1u << MAX_ORDER),
				  gfp_of(b));
		return 3;
	case 1:
		model_kmalloc(arg16 % 8192 + 1, gfp_of(b));
		return 3;
	case 2:
		model_kmalloc(8193 + (size_t)arg16 * 4, gfp_of(a));
		return 3;
	case 3:
		model_cache_alloc(a, gfp_of(a));
		return 2;
	case 4:
	case 5:
		model_free(arg16);
		return 3;
	case 6:
		model_drain();
		return 1;
	default:
		model_shrink();
		return 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i = 0;

	size = size < MAX_INPUT ? size : MAX_INPUT;
	model_set_context("fuzz input");
	model_start();
	while (i < size) {
		i += run_op(data + i, size - i);
		model_check_quick();
	}
	model_check();
	model_finish();
	return 0;
}
