/*
 * The kmalloc size classes as mm/slab.h promises them, written out
 * independently of mm/slab.c so the tests check the allocator against the
 * contract, not against itself. Shared by the in-kernel slab suite and the
 * host tests (tests/host/mm/).
 */
#ifndef KEEL_TESTS_KERNEL_KMALLOC_CLASSES_H
#define KEEL_TESTS_KERNEL_KMALLOC_CLASSES_H

#include "kernel/compiler.h"

static const size_t kmalloc_classes[] = {8,   16,  32,	 64,   96,   128, 192,
					 256, 512, 1024, 2048, 4096, 8192};

/* The smallest class holding @size bytes; 0 above the largest. */
static inline size_t class_of(size_t size)
{
	for (size_t i = 0; i < ARRAY_SIZE(kmalloc_classes); i++)
		if (size <= kmalloc_classes[i])
			return kmalloc_classes[i];
	return 0;
}

/* kmalloc aligns to the largest power of two dividing the class size. */
static inline size_t class_align(size_t class)
{
	return class & -class;
}

#endif
