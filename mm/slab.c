/*
 * Slab caches and kmalloc (Linux's SLUB, mm/slub.c, simplified), on top of
 * the buddy allocator. A slab is a buddy block of 2^order pages cut into
 * objects of one size; its head struct page (PR_SLAB) carries the cache,
 * the free-list head (a byte offset + 1) and the use count, and its tail
 * pages point back at it through compound_head. Free objects link through
 * their first word.
 *
 * Each cache has one current ("cpu") slab. While a slab is current its free
 * objects sit on s->cpu_freelist, so kmem_cache_alloc is a list pop and a
 * free into the current slab a push; page->inuse stays at page->objects
 * meanwhile (SLUB calls such a slab "frozen"). Frees into other slabs go to
 * that slab's own list; a full slab sits on no list, a partly used one on
 * the cache's partial list, an empty one goes back to the buddy allocator
 * except that each cache keeps one. Linux has one current slab per CPU and
 * frees without locks through cmpxchg; keel runs kernel code on one CPU
 * and takes the cache's lock with interrupts off.
 *
 * With KEEL_SLAB_DEBUG (Linux's slub_debug=FZPU) each object is followed by
 * a red zone, its free pointer and the address of its last allocator; freed
 * objects are poisoned. Misuse is reported with the cache, the object and
 * the caller, then panic().
 */
#include "mm/slab.h"
#include "mm/page_alloc.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/vsprintf.h"

#define SLAB_MAX_ORDER	       3 /* slabs are at most 32 KiB */
#define SLAB_MIN_OBJECTS       8 /* pick the smallest order holding this many */
#define SLAB_PERMANENT	       0x80000000u /* internal: never destroyed */

#define KMALLOC_SHIFT_HIGH     13 /* kmalloc-8k, the largest cache */
#define KMALLOC_MAX_CACHE_SIZE (1UL << KMALLOC_SHIFT_HIGH)

struct kmem_cache {
	/* The fast path reads only these two, and the lock. */
	void *cpu_freelist;    /* free objects of cpu_slab, NULL if none */
	struct page *cpu_slab; /* the current slab, or NULL */
	spinlock_t lock;
	unsigned int size;	  /* stride of objects in a slab */
	unsigned int object_size; /* what the creator asked for */
	unsigned int offset;	  /* of the free pointer in an object */
	unsigned int align;
	unsigned int order;   /* each slab is a block of 2^order pages */
	unsigned int objects; /* per slab */
	unsigned int flags;
	uint32_t partial;	  /* pfn list of partly used slabs */
	unsigned long nr_partial; /* slabs on it */
	unsigned long nr_slabs;	  /* all slabs, current and empty included */
	struct page *empty;	  /* the one empty slab kept, or NULL */
	const char *name;
	struct kmem_cache *next; /* on slab_caches */
};

/* The cache of struct kmem_cache. Linux copies its boot cache into a slab
 * object once slab works; keel's simply stays static. */
static struct kmem_cache kmem_cache_boot;
static struct kmem_cache *const kmem_cache = &kmem_cache_boot;

static struct kmem_cache *slab_caches; /* newest first, as Linux lists */
static spinlock_t slab_caches_lock = SPINLOCK_INIT;
static unsigned long nr_slab_pages;

/* ---- reports ---- */

static void __noreturn __printf(4, 5)
    slab_bug(const struct kmem_cache *s, const void *obj, const void *caller,
	     const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	panic("slab: %s: cache %s, object %p, caller %pS", what,
	      s ? s->name : "(none)", obj, caller);
}

/* ---- object and free-list helpers ---- */

#ifdef KEEL_SLAB_DEBUG
#define SLAB_DEBUG	  1
#define freeptr_offset(s) ((s)->offset)
#else
#define SLAB_DEBUG	  0
#define freeptr_offset(s) ((void)(s), 0) /* the first word, always */
#endif

static inline void *get_freepointer(const struct kmem_cache *s, void *obj)
{
	return *(void **)((char *)obj + freeptr_offset(s));
}

static inline void set_freepointer(const struct kmem_cache *s, void *obj,
				   void *next)
{
	*(void **)((char *)obj + freeptr_offset(s)) = next;
}

static inline char *slab_address(const struct page *page)
{
	return page_address(page);
}

/* page->freelist holds the byte offset of the first free object plus one. */
static void *slab_freelist(const struct page *page)
{
	return page->freelist ? slab_address(page) + page->freelist - 1 : NULL;
}

static void set_slab_freelist(struct page *page, void *obj)
{
	page->freelist =
	    obj ? (uint32_t)((char *)obj - slab_address(page)) + 1 : 0;
}

/* The head page of the block holding @obj, which is in mem_map. */
static inline struct page *virt_to_head_page(const void *obj)
{
	struct page *page = virt_to_page(obj);

	return (page->flags & PG_tail) ? pfn_to_page(page->compound_head)
				       : page;
}

/* Is @page the head page of a slab? */
static inline bool is_slab_head(const struct page *page)
{
	return (page->flags & (PG_ROLE_MASK | PG_tail)) == PR_SLAB;
}

/* Does @obj start an object of the slab @page? */
static bool on_object_boundary(const struct kmem_cache *s,
			       const struct page *page, const void *obj)
{
	uintptr_t off = (uintptr_t)obj - (uintptr_t)slab_address(page);

	return off % s->size == 0 && off / s->size < page->objects;
}

/* ---- debug: red zones, poison, last allocator ---- */

#ifdef KEEL_SLAB_DEBUG
#define POISON_FREE	  0x6b /* Linux's: the bytes of a freed object */
#define SLUB_RED_INACTIVE 0xbb /* red zone of a free object */
#define SLUB_RED_ACTIVE	  0xcc /* red zone of an allocated object */

/*
 * Debug layout of one object (stride s->size):
 *   [0, object_size)          the object; POISON_FREE while free
 *   [object_size, offset)     red zone, at least 8 bytes
 *   [offset, offset + 8)      free pointer
 *   [offset + 8, offset + 16) address of the last allocation's caller
 */
static const void **alloc_track(const struct kmem_cache *s, void *obj)
{
	return (const void **)((char *)obj + s->offset + sizeof(void *));
}

/* The first byte of [from, to) of @obj that is not @value, or -1. */
static long first_bad_byte(const void *obj, size_t from, size_t to,
			   unsigned char value)
{
	const unsigned char *p = obj;
	size_t i;

	for (i = from; i < to; i++)
		if (p[i] != value)
			return (long)i;
	return -1;
}

/* Is every red-zone byte of @obj @value? */
static bool redzone_is(const struct kmem_cache *s, void *obj,
		       unsigned char value)
{
	return first_bad_byte(obj, s->object_size, s->offset, value) < 0;
}

static void check_redzone(const struct kmem_cache *s, void *obj,
			  unsigned char value, const void *caller)
{
	long bad = first_bad_byte(obj, s->object_size, s->offset, value);

	if (bad >= 0)
		slab_bug(s, obj, caller,
			 "red zone overwritten at object+%ld (%#x, expected "
			 "%#x; last allocated by %pS)",
			 bad, ((unsigned char *)obj)[bad], value,
			 *alloc_track(s, obj));
}

static void init_object_debug(const struct kmem_cache *s, void *obj)
{
	memset(obj, POISON_FREE, s->object_size);
	memset((char *)obj + s->object_size, SLUB_RED_INACTIVE,
	       s->offset - s->object_size);
	*alloc_track(s, obj) = NULL;
}

/* The object just taken off a free list: untouched since it was freed? */
static void alloc_debug(const struct kmem_cache *s, struct page *page,
			void *obj, const void *caller)
{
	void *next = get_freepointer(s, obj);
	long bad;

	if (next && (virt_to_page(next) < page ||
		     virt_to_page(next) >= page + (1u << s->order) ||
		     !on_object_boundary(s, page, next)))
		slab_bug(s, obj, caller, "free list corrupted (next %p)", next);
	check_redzone(s, obj, SLUB_RED_INACTIVE, caller);
	bad = first_bad_byte(obj, 0, s->object_size, POISON_FREE);
	if (bad >= 0)
		slab_bug(s, obj, caller,
			 "use after free: object+%ld is %#x, not poison %#x",
			 bad, ((unsigned char *)obj)[bad], POISON_FREE);
	memset((char *)obj + s->object_size, SLUB_RED_ACTIVE,
	       s->offset - s->object_size);
	*alloc_track(s, obj) = caller;
}

/* The object about to be freed: really allocated, red zone intact? */
static void free_debug(const struct kmem_cache *s, struct page *page, void *obj,
		       const void *caller)
{
	if (!on_object_boundary(s, page, obj))
		slab_bug(s, obj, caller,
			 "free of pointer not at an object boundary");
	if (redzone_is(s, obj, SLUB_RED_INACTIVE))
		slab_bug(s, obj, caller, "double free (last allocated by %pS)",
			 *alloc_track(s, obj));
	check_redzone(s, obj, SLUB_RED_ACTIVE, caller);
	memset(obj, POISON_FREE, s->object_size);
	memset((char *)obj + s->object_size, SLUB_RED_INACTIVE,
	       s->offset - s->object_size);
}
#else
static inline void init_object_debug(const struct kmem_cache *s, void *obj)
{
	(void)s, (void)obj;
}

static inline void alloc_debug(const struct kmem_cache *s, struct page *page,
			       void *obj, const void *caller)
{
	(void)s, (void)page, (void)obj, (void)caller;
}

static inline void free_debug(const struct kmem_cache *s, struct page *page,
			      void *obj, const void *caller)
{
	(void)s, (void)page, (void)obj, (void)caller;
}
#endif

/* ---- slabs: new, partial list, discard ---- */

static void add_partial(struct kmem_cache *s, struct page *page)
{
	page->prev = PFN_NONE;
	page->next = s->partial;
	if (s->partial != PFN_NONE)
		pfn_to_page(s->partial)->prev = (uint32_t)page_to_pfn(page);
	s->partial = (uint32_t)page_to_pfn(page);
	s->nr_partial++;
}

static void remove_partial(struct kmem_cache *s, struct page *page)
{
	if (page->prev != PFN_NONE)
		pfn_to_page(page->prev)->next = page->next;
	else
		s->partial = page->next;
	if (page->next != PFN_NONE)
		pfn_to_page(page->next)->prev = page->prev;
	s->nr_partial--;
}

/* A fresh slab from the buddy allocator, all objects on its free list. */
static struct page *new_slab(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page = alloc_pages(gfp & ~__GFP_ZERO, s->order);
	char *base, *obj;
	unsigned int i;

	if (!page)
		return NULL;
	for (i = 0; i < 1u << s->order; i++)
		set_page_role(page + i, PR_SLAB);
	page->slab_cache = s;
	page->objects = (uint16_t)s->objects;
	page->inuse = 0;
	base = slab_address(page);
	for (i = 0; i < s->objects; i++) {
		obj = base + i * s->size;
		init_object_debug(s, obj);
		set_freepointer(s, obj,
				i + 1 < s->objects ? obj + s->size : NULL);
	}
	set_slab_freelist(page, base);
	s->nr_slabs++;
	nr_slab_pages += 1UL << s->order;
	return page;
}

static void discard_slab(struct kmem_cache *s, struct page *page)
{
	s->nr_slabs--;
	nr_slab_pages -= 1UL << s->order;
	__free_pages(page, s->order);
}

/* Keep the first empty slab for the next allocation; free the others. */
static void slab_now_empty(struct kmem_cache *s, struct page *page)
{
	if (!s->empty)
		s->empty = page;
	else
		discard_slab(s, page);
}

/* A slab with free objects: a partial one, else the kept empty one. */
static struct page *get_partial(struct kmem_cache *s)
{
	struct page *page = s->empty;

	if (s->partial != PFN_NONE) {
		page = pfn_to_page(s->partial);
		remove_partial(s, page);
	} else {
		s->empty = NULL;
	}
	return page;
}

/* Make @page current: its free objects move to s->cpu_freelist. */
static void freeze_slab(struct kmem_cache *s, struct page *page)
{
	s->cpu_slab = page;
	s->cpu_freelist = slab_freelist(page);
	page->freelist = 0;
	page->inuse = page->objects;
}

/* The current slab stops being current: it goes where its use says. */
static void deactivate_slab(struct kmem_cache *s)
{
	struct page *page = s->cpu_slab;
	unsigned int nr_free = 0;
	void *obj;

	for (obj = s->cpu_freelist; obj; obj = get_freepointer(s, obj))
		nr_free++;
	set_slab_freelist(page, s->cpu_freelist);
	page->inuse = (uint16_t)(page->objects - nr_free);
	s->cpu_slab = NULL;
	s->cpu_freelist = NULL;
	if (page->inuse == 0)
		slab_now_empty(s, page);
	else if (page->inuse < page->objects)
		add_partial(s, page);
	/* else full: full slabs sit on no list, as in SLUB */
}

/*
 * The slow path of allocation: the current slab has no free object left.
 * Retire it, make another slab current and take its first object.
 */
static noinline void *__slab_alloc(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page;
	void *obj;

	if (s->cpu_slab)
		deactivate_slab(s);
	page = get_partial(s);
	if (!page)
		page = new_slab(s, gfp);
	if (!page)
		return NULL;
	freeze_slab(s, page);
	obj = s->cpu_freelist;
	s->cpu_freelist = get_freepointer(s, obj);
	return obj;
}

/*
 * The rest of an allocation once the fast path has run: @obj is what it
 * popped, NULL if the current slab was empty. Debug checks, zeroing.
 */
static noinline void *slab_alloc_finish(struct kmem_cache *s, gfp_t gfp,
					void *obj, const void *caller)
{
	unsigned long flags;

	if (!obj) {
		spin_lock_irqsave(&s->lock, flags);
		obj = __slab_alloc(s, gfp);
		spin_unlock_irqrestore(&s->lock, flags);
		if (!obj)
			return NULL;
	}
	alloc_debug(s, virt_to_head_page(obj), obj, caller);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, s->object_size);
	return obj;
}

static inline void *slab_alloc(struct kmem_cache *s, gfp_t gfp,
			       const void *caller)
{
	unsigned long flags;
	void *obj;

	spin_lock_irqsave(&s->lock, flags);
	obj = s->cpu_freelist;
	if (likely(obj))
		s->cpu_freelist = get_freepointer(s, obj);
	spin_unlock_irqrestore(&s->lock, flags);
	if (likely(obj && !(gfp & __GFP_ZERO) && !SLAB_DEBUG))
		return obj;
	return slab_alloc_finish(s, gfp, obj, caller);
}

/* Free into a slab that is not current. */
static noinline void __slab_free(struct kmem_cache *s, struct page *page,
				 void *obj, const void *caller)
{
	bool was_full = page->inuse == page->objects;

	if (!on_object_boundary(s, page, obj))
		slab_bug(s, obj, caller,
			 "free of pointer not at an object boundary");
	if (page->inuse == 0)
		slab_bug(s, obj, caller, "double free (slab already empty)");
	set_freepointer(s, obj, slab_freelist(page));
	set_slab_freelist(page, obj);
	page->inuse--;
	if (page->inuse == 0) {
		if (!was_full)
			remove_partial(s, page);
		slab_now_empty(s, page);
	} else if (was_full) {
		add_partial(s, page);
	}
}

/* @page is the head page of the slab holding @obj, a slab of @s. */
static inline void slab_free(struct kmem_cache *s, struct page *page, void *obj,
			     const void *caller)
{
	unsigned long flags;

	free_debug(s, page, obj, caller);
	spin_lock_irqsave(&s->lock, flags);
	if (likely(page == s->cpu_slab)) {
		set_freepointer(s, obj, s->cpu_freelist);
		s->cpu_freelist = obj;
	} else {
		__slab_free(s, page, obj, caller);
	}
	spin_unlock_irqrestore(&s->lock, flags);
}

/* ---- finding the slab of a pointer ---- */

/*
 * The head page of the slab or kmalloc block holding @obj; panics when
 * @obj is outside mem_map or in a page that is neither.
 */
static noinline struct page *obj_to_head_page(const void *obj,
					      const void *caller)
{
	unsigned long pfn = virt_to_pfn(obj);
	struct page *page;

	if (pfn >= max_pfn)
		slab_bug(NULL, obj, caller,
			 "free of pointer no cache owns (outside mem_map)");
	page = pfn_to_page(pfn);
	if ((page->flags & PG_tail) && page->compound_head < max_pfn)
		page = pfn_to_page(page->compound_head);
	if (page_role(page) == PR_SLAB && !(page->flags & PG_tail))
		return page;
	if (page_role(page) == PR_KERNEL && (page->flags & PG_head))
		return page;
	slab_bug(NULL, obj, caller,
		 "free of pointer no cache owns (pfn %#lx is neither slab "
		 "nor kmalloc block: role %u, flags %#x)",
		 pfn, page_role(page), page->flags);
}

/* ---- the cache API ---- */

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc(s, gfp, __builtin_return_address(0));
}

static noinline void kmem_cache_free_slow(struct kmem_cache *s, void *obj,
					  const void *caller)
{
	struct page *page = obj_to_head_page(obj, caller);

	if (page_role(page) != PR_SLAB)
		slab_bug(s, obj, caller,
			 "free of pointer no cache owns (a page block)");
	if (page->slab_cache != s)
		slab_bug(s, obj, caller, "free to the wrong cache (it is %s's)",
			 page->slab_cache->name);
	slab_free(s, page, obj, caller);
}

void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	unsigned long pfn = virt_to_pfn(obj);
	struct page *page;

	if (likely(pfn < max_pfn)) {
		page = pfn_to_page(pfn);
		if (likely(is_slab_head(page) && page->slab_cache == s)) {
			slab_free(s, page, obj, __builtin_return_address(0));
			return;
		}
	}
	kmem_cache_free_slow(s, obj, __builtin_return_address(0));
}

static bool is_power_of_2(size_t x)
{
	return x && !(x & (x - 1));
}

/*
 * Lay out objects of @size aligned to @align and pick the slab order.
 * Returns false if no slab of at most SLAB_MAX_ORDER holds one object.
 */
static bool calculate_sizes(struct kmem_cache *s, size_t size, size_t align)
{
	size_t stride;

	if (!size || (align && !is_power_of_2(align)) ||
	    align > PAGE_SIZE << SLAB_MAX_ORDER)
		return false;
	align = max(align, sizeof(void *));
#ifdef KEEL_SLAB_DEBUG
	s->offset = (unsigned int)ALIGN(size, sizeof(void *)) + 8;
	stride = ALIGN(s->offset + 2 * sizeof(void *), align);
#else
	s->offset = 0;
	stride = ALIGN(max(size, sizeof(void *)), align);
#endif
	if (stride > PAGE_SIZE << SLAB_MAX_ORDER)
		return false;
	s->object_size = (unsigned int)size;
	s->size = (unsigned int)stride;
	s->align = (unsigned int)align;
	for (s->order = 0; s->order < SLAB_MAX_ORDER; s->order++)
		if ((PAGE_SIZE << s->order) >= align &&
		    (PAGE_SIZE << s->order) / stride >= SLAB_MIN_OBJECTS)
			break;
	s->objects = (unsigned int)((PAGE_SIZE << s->order) / stride);
	return true;
}

static bool cache_init(struct kmem_cache *s, const char *name, size_t size,
		       size_t align, unsigned int flags)
{
	unsigned long irq;

	memset(s, 0, sizeof(*s));
	if (!calculate_sizes(s, size, align))
		return false;
	s->name = name;
	s->flags = flags;
	s->partial = PFN_NONE;
	spin_lock_irqsave(&slab_caches_lock, irq);
	s->next = slab_caches;
	slab_caches = s;
	spin_unlock_irqrestore(&slab_caches_lock, irq);
	return true;
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned int flags)
{
	struct kmem_cache *s = kmem_cache_alloc(kmem_cache, GFP_KERNEL);

	if (!s)
		return NULL;
	if (!cache_init(s, name, size, align, flags & ~SLAB_PERMANENT)) {
		pr_err("kmem_cache_create(%s): bad size %zu or align %zu\n",
		       name, size, align);
		kmem_cache_free(kmem_cache, s);
		return NULL;
	}
	return s;
}

/* Give back the current slab and the kept empty one. */
static void flush_slabs(struct kmem_cache *s)
{
	if (s->cpu_slab)
		deactivate_slab(s);
	if (s->empty) {
		discard_slab(s, s->empty);
		s->empty = NULL;
	}
}

/* Objects in use, for slabinfo and destroy; s->lock held. */
static unsigned long active_objects(const struct kmem_cache *s)
{
	unsigned long free = 0;
	uint32_t pfn;
	void *obj;

	for (pfn = s->partial; pfn != PFN_NONE; pfn = pfn_to_page(pfn)->next)
		free += pfn_to_page(pfn)->objects - pfn_to_page(pfn)->inuse;
	if (s->empty)
		free += s->objects;
	for (obj = s->cpu_freelist; obj; obj = get_freepointer(s, obj))
		free++;
	return s->nr_slabs * s->objects - free;
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	struct kmem_cache **pp;
	unsigned long flags;

	if (!s)
		return;
	if (s->flags & SLAB_PERMANENT)
		panic("kmem_cache_destroy: %s is a boot cache", s->name);
	spin_lock_irqsave(&s->lock, flags);
	flush_slabs(s);
	if (s->nr_slabs)
		panic("kmem_cache_destroy: cache %s still has %lu objects "
		      "allocated",
		      s->name, active_objects(s));
	spin_unlock_irqrestore(&s->lock, flags);
	spin_lock_irqsave(&slab_caches_lock, flags);
	for (pp = &slab_caches; *pp != s; pp = &(*pp)->next)
		;
	*pp = s->next;
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	kmem_cache_free(kmem_cache, s);
}

int kmem_cache_shrink(struct kmem_cache *s)
{
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	flush_slabs(s);
	spin_unlock_irqrestore(&s->lock, flags);
	return 0;
}

void kmem_cache_shrink_all(void)
{
	struct kmem_cache *s;

	for (s = READ_ONCE(slab_caches); s; s = s->next)
		kmem_cache_shrink(s);
}

/* ---- kmalloc ---- */

/* kmalloc_caches[i] holds objects of 2^i bytes, but [1] 96 and [2] 192. */
static struct kmem_cache *kmalloc_caches[KMALLOC_SHIFT_HIGH + 1];

/* clang-format off */
static const struct {
	const char *name;
	unsigned int size;
} kmalloc_info[KMALLOC_SHIFT_HIGH + 1] = {
	[1] = { "kmalloc-96", 96 },
	[2] = { "kmalloc-192", 192 },
	[3] = { "kmalloc-8", 8 },
	[4] = { "kmalloc-16", 16 },
	[5] = { "kmalloc-32", 32 },
	[6] = { "kmalloc-64", 64 },
	[7] = { "kmalloc-128", 128 },
	[8] = { "kmalloc-256", 256 },
	[9] = { "kmalloc-512", 512 },
	[10] = { "kmalloc-1k", 1024 },
	[11] = { "kmalloc-2k", 2048 },
	[12] = { "kmalloc-4k", 4096 },
	[13] = { "kmalloc-8k", 8192 },
};
/* clang-format on */

/* Linux's size_index: the cache index for sizes up to 192, by (size-1)/8. */
/* clang-format off */
static const uint8_t size_index[24] = {
	3, /* 8 */ 4, /* 16 */ 5, /* 24 */ 5, /* 32 */
	6, /* 40 */ 6, /* 48 */ 6, /* 56 */ 6, /* 64 */
	1, /* 72 */ 1, /* 80 */ 1, /* 88 */ 1, /* 96 */
	7, /* 104 */ 7, /* 112 */ 7, /* 120 */ 7, /* 128 */
	2, /* 136 */ 2, /* 144 */ 2, /* 152 */ 2, /* 160 */
	2, /* 168 */ 2, /* 176 */ 2, /* 184 */ 2, /* 192 */
};
/* clang-format on */

/* The kmalloc cache for 193..KMALLOC_MAX_CACHE_SIZE bytes: 2^fls(size-1). */
static inline struct kmem_cache *kmalloc_slab_large(size_t size)
{
	return kmalloc_caches[64 - __builtin_clzl(size - 1)];
}

/* The largest power of two dividing @size, at most a slab: its alignment. */
static size_t natural_align(size_t size)
{
	return size & -size;
}

void kmem_cache_init(void)
{
	unsigned int i;

	if (!cache_init(kmem_cache, "kmem_cache", sizeof(struct kmem_cache), 64,
			SLAB_PERMANENT))
		panic("kmem_cache_init: cannot size the kmem_cache cache");
	for (i = 1; i <= KMALLOC_SHIFT_HIGH; i++) {
		struct kmem_cache *s = kmem_cache_alloc(kmem_cache, GFP_KERNEL);

		if (!s ||
		    !cache_init(s, kmalloc_info[i].name, kmalloc_info[i].size,
				natural_align(kmalloc_info[i].size),
				SLAB_PERMANENT))
			panic("kmem_cache_init: cannot create %s",
			      kmalloc_info[i].name);
		kmalloc_caches[i] = s;
	}
}

static unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* Above KMALLOC_MAX_CACHE_SIZE: a whole buddy block (head PR_KERNEL). */
static noinline void *kmalloc_large(size_t size, gfp_t gfp)
{
	struct page *page;

	if (!size)
		return NULL;
	if (size > PAGE_SIZE << MAX_ORDER) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("kmalloc: %zu bytes is above the largest "
				"block\n",
				size);
		return NULL;
	}
	page = alloc_pages(gfp, get_order(size));
	return page ? page_address(page) : NULL;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	struct kmem_cache *s;

	if (likely(size - 1 < 192))
		s = kmalloc_caches[size_index[(size - 1) / 8]];
	else if (size - 1 < KMALLOC_MAX_CACHE_SIZE)
		s = kmalloc_slab_large(size);
	else
		return kmalloc_large(size, gfp);
	return slab_alloc(s, gfp, __builtin_return_address(0));
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

static noinline void kfree_slow(const void *obj, const void *caller)
{
	struct page *page = obj_to_head_page(obj, caller);

	if (page_role(page) == PR_SLAB) {
		slab_free(page->slab_cache, page, (void *)obj, caller);
		return;
	}
	if (obj != page_address(page))
		slab_bug(NULL, obj, caller,
			 "free of pointer not at an object boundary (inside "
			 "a kmalloc block at pfn %#lx)",
			 page_to_pfn(page));
	__free_pages(page, page_order(page));
}

void kfree(const void *obj)
{
	unsigned long pfn = virt_to_pfn(obj);
	struct page *page;

	if (unlikely(!obj))
		return;
	/* The fast case: an object in the head page of a slab. */
	if (likely(pfn < max_pfn)) {
		page = pfn_to_page(pfn);
		if (likely(is_slab_head(page))) {
			slab_free(page->slab_cache, page, (void *)obj,
				  __builtin_return_address(0));
			return;
		}
	}
	kfree_slow(obj, __builtin_return_address(0));
}

size_t ksize(const void *obj)
{
	struct page *page;

	if (!obj)
		return 0;
	page = obj_to_head_page(obj, __builtin_return_address(0));
	if (page_role(page) == PR_SLAB)
		return page->slab_cache->object_size;
	return PAGE_SIZE << page_order(page);
}

/* ---- statistics ---- */

unsigned long slab_pages(void)
{
	return READ_ONCE(nr_slab_pages);
}

/* Linux's seq_buf: append to a bounded, always NUL-terminated buffer. */
struct seq_buf {
	char *buf;
	size_t size, len;
};

static void __printf(2, 3)
    seq_buf_printf(struct seq_buf *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (m->len + 1 >= m->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(m->buf + m->len, m->size - m->len, fmt, ap);
	va_end(ap);
	m->len = min(m->len + n, m->size - 1);
}

static void slabinfo_line(struct seq_buf *m, struct kmem_cache *s)
{
	unsigned long flags, active, slabs;

	spin_lock_irqsave(&s->lock, flags);
	active = active_objects(s);
	slabs = s->nr_slabs;
	spin_unlock_irqrestore(&s->lock, flags);
	seq_buf_printf(m, "%-17s %6lu %6lu %6u %4u %4d", s->name, active,
		       slabs * s->objects, s->size, s->objects, 1 << s->order);
	seq_buf_printf(m, " : tunables %4u %4u %4u", 0, 0, 0);
	seq_buf_printf(m, " : slabdata %6lu %6lu %6lu\n", slabs, slabs, 0UL);
}

size_t slabinfo_show(char *buf, size_t len)
{
	struct seq_buf m = {buf, len, 0};
	struct kmem_cache *s;

	if (!len)
		return 0;
	buf[0] = '\0';
	seq_buf_printf(&m, "slabinfo - version: 2.1\n");
	seq_buf_printf(&m, "# name            <active_objs> <num_objs> "
			   "<objsize> <objperslab> <pagesperslab> : tunables "
			   "<limit> <batchcount> <sharedfactor> : slabdata "
			   "<active_slabs> <num_slabs> <sharedavail>\n");
	for (s = READ_ONCE(slab_caches); s; s = s->next)
		slabinfo_line(&m, s);
	return m.len;
}
