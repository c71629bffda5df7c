/*
 * Slab caches and kmalloc (Linux's SLUB, mm/slub.c, simplified). A slab is a
 * buddy block whose head struct page carries the cache, the free-list head
 * and the use count; free objects link through their own first word. Each
 * cache keeps a current ("cpu") slab whose free list is the fast path,
 * plus a list of partial slabs; empty slabs go back to the buddy allocator.
 *
 * Debug mode (built in when KEEL_SLAB_DEBUG is defined: the kernel by
 * default, `make SLAB_DEBUG=0` builds it without; the host tests always;
 * make bench never) adds a red zone after every object, poisons freed
 * objects, and reports double frees, frees of pointers no cache owns, and
 * red-zone overwrites with the cache name, object address and caller.
 *
 * Pure logic over the buddy allocator: builds on the host.
 */
#ifndef KEEL_MM_SLAB_H
#define KEEL_MM_SLAB_H

#include "mm/gfp.h"
#include "kernel/compiler.h"

struct kmem_cache;

/* Call once, after the buddy allocator has memory: creates the kmalloc
 * caches (8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192). */
void kmem_cache_init(void);

/*
 * Create a cache of objects of @size bytes aligned to @align (0: 8).
 * @name must outlive the cache. Returns NULL when out of memory, or when
 * @align is not a power of two or an object would not fit a 32 KiB slab.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned int flags);
/* Destroy an empty cache; panics if objects are still allocated. */
void kmem_cache_destroy(struct kmem_cache *s);
/*
 * Retire the cache's current slab and give every empty slab back to the
 * buddy allocator (Linux's kmem_cache_shrink); kmem_cache_shrink_all()
 * does it for every cache. Returns 0. Process context.
 */
int kmem_cache_shrink(struct kmem_cache *s);
void kmem_cache_shrink_all(void);
/* NULL when out of memory. __GFP_ZERO zeroes the object. */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);
/* Panics (debug: with a report) on a pointer @s does not own. */
void kmem_cache_free(struct kmem_cache *s, void *obj);

/*
 * kmalloc: up to 8192 bytes from the kmalloc caches, larger sizes as whole
 * buddy blocks. Memory is aligned to the size class (at least 8 bytes;
 * page-aligned above 8192). NULL when out of memory or for size 0.
 * kfree(NULL) does nothing; kfree of a pointer kmalloc did not return panics.
 */
void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void kfree(const void *obj);
/* Usable size of a kmalloc'ed object. */
size_t ksize(const void *obj);

/* Pages held by all slabs, for meminfo's Slab line. */
unsigned long slab_pages(void);

/*
 * Linux's /proc/slabinfo, version 2.1 header and one line per cache:
 * "name <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>
 *  : tunables 0 0 0 : slabdata <active_slabs> <num_slabs> 0".
 */
size_t slabinfo_show(char *buf, size_t len);

#endif
