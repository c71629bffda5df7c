/*
 * The buddy page allocator (Linux's mm/page_alloc.c, one zone). memblock
 * hands the free RAM over with free_memory_range(); from then on slab,
 * vmalloc, page tables and user memory take pages with alloc_pages().
 *
 * A free block of 2^order pages sits on free_area[order], a list linked by
 * pfn through page->next/prev. Its head page is PR_FREE with the order in
 * its flags; every other page of it is PR_BUDDY_TAIL, so buddy_check() can
 * account for each page. Allocation takes the smallest big-enough block and
 * splits it (expand); freeing merges a block with its buddy, the block at
 * pfn ^ (1 << order), for as long as that buddy is free and of the same
 * order (__free_one_page).
 *
 * Order-0 pages go through a per-cpu list first (Linux's per_cpu_pages):
 * alloc and free are a list pop and push; the list is refilled from and
 * drained to the buddy lists @batch pages at a time, and never holds more
 * than @high pages.
 *
 * One lock (zone.lock) with interrupts off guards it all; on the host it
 * compiles away.
 */
#include "mm/page_alloc.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "kernel/vsprintf.h"

struct free_area {
	uint32_t head;	       /* pfn of the first block, PFN_NONE if empty */
	unsigned long nr_free; /* blocks on the list */
};

/*
 * Linux's per_cpu_pages. keel runs kernel code on one CPU, so there is one.
 * Linux keeps a doubly linked list and gives its coldest pages back first;
 * keel's is a stack through page->next and gives back from the top.
 */
struct per_cpu_pages {
	uint32_t head; /* pfn of the top page, PFN_NONE if empty */
	unsigned int count, high, batch;
};

/* Linux's struct zone, reduced to the single zone keel has. */
static struct zone {
	spinlock_t lock;
	unsigned long free_pages; /* on the buddy lists plus on the pcp list */
	unsigned long managed_pages;
	struct zone_watermarks wmark;
	struct per_cpu_pages pcp;
	struct free_area free_area[MAX_ORDER + 1];
} zone;

/* clang-format off */
static const char *const role_names[NR_PAGE_ROLES] = {
	[PR_RESERVED] = "reserved",
	[PR_FREE] = "free",
	[PR_BUDDY_TAIL] = "buddy-tail",
	[PR_PCP] = "pcp",
	[PR_KERNEL] = "kernel",
	[PR_SLAB] = "slab",
	[PR_PGTABLE] = "page-table",
	[PR_VMALLOC] = "vmalloc",
	[PR_KSTACK] = "kstack",
	[PR_ANON] = "anon",
};
/* clang-format on */

static const char *role_name(const struct page *page)
{
	return role_names[page_role(page) % NR_PAGE_ROLES];
}

static inline uint32_t free_head_flags(unsigned int order)
{
	return PR_FREE | order << PG_ORDER_SHIFT;
}

/* ---- free lists ---- */

static void add_to_free_list(unsigned long pfn, unsigned int order)
{
	struct free_area *area = &zone.free_area[order];
	struct page *page = pfn_to_page(pfn);

	page->flags = free_head_flags(order);
	page->_refcount = 0;
	page->prev = PFN_NONE;
	page->next = area->head;
	if (area->head != PFN_NONE)
		pfn_to_page(area->head)->prev = (uint32_t)pfn;
	area->head = (uint32_t)pfn;
	area->nr_free++;
}

static void del_from_free_list(unsigned long pfn, unsigned int order)
{
	struct free_area *area = &zone.free_area[order];
	struct page *page = pfn_to_page(pfn);

	if (page->prev != PFN_NONE)
		pfn_to_page(page->prev)->next = page->next;
	else
		area->head = page->next;
	if (page->next != PFN_NONE)
		pfn_to_page(page->next)->prev = page->prev;
	area->nr_free--;
}

/* Is @pfn the head of a free block of exactly @order, inside mem_map? */
static inline bool page_is_buddy(unsigned long pfn, unsigned int order)
{
	return pfn < max_pfn &&
	       pfn_to_page(pfn)->flags == free_head_flags(order);
}

/*
 * Put the block at @pfn on the free lists, merged with its buddies as far
 * as they are free. The caller has made its other pages PR_BUDDY_TAIL.
 */
static void __free_one_page(unsigned long pfn, unsigned int order)
{
	while (order < MAX_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);

		if (!page_is_buddy(buddy_pfn, order))
			break;
		del_from_free_list(buddy_pfn, order);
		pfn_to_page(max(pfn, buddy_pfn))->flags = PR_BUDDY_TAIL;
		pfn &= buddy_pfn;
		order++;
	}
	add_to_free_list(pfn, order);
}

/* Split: put the unused upper halves of an order-@high block back. */
static void expand(unsigned long pfn, unsigned int low, unsigned int high)
{
	while (high > low) {
		high--;
		add_to_free_list(pfn + (1UL << high), high);
	}
}

static void __noreturn bad_free_block(unsigned long pfn, unsigned int order,
				      const char *where)
{
	struct page *page = pfn_to_page(pfn);

	panic("page_alloc: %s corrupted: pfn %#lx has role %s order %u "
	      "flags %#x, expected a free order-%u block",
	      where, pfn, role_name(page), page_order(page), page->flags,
	      order);
}

/*
 * Take a block of at least @order off the free lists and split it down.
 * Returns the pfn of an order-@order block whose head is still PR_FREE
 * (the caller gives it its new role under the lock), or PFN_NONE.
 */
static unsigned long __rmqueue_smallest(unsigned int order)
{
	unsigned int o;

	for (o = order; o <= MAX_ORDER; o++) {
		unsigned long pfn = zone.free_area[o].head;

		if (pfn == PFN_NONE)
			continue;
		if (unlikely(pfn >= max_pfn ||
			     pfn_to_page(pfn)->flags != free_head_flags(o)))
			bad_free_block(pfn, o, "free list");
		del_from_free_list(pfn, o);
		expand(pfn, order, o);
		return pfn;
	}
	return PFN_NONE;
}

/* ---- the per-cpu list ---- */

static inline void pcp_push(unsigned long pfn)
{
	struct page *page = pfn_to_page(pfn);

	page->flags = PR_PCP;
	page->_refcount = 0;
	page->next = zone.pcp.head;
	zone.pcp.head = (uint32_t)pfn;
	zone.pcp.count++;
}

/* Move up to @count order-0 pages from the buddy lists to the pcp list. */
static void rmqueue_bulk(unsigned int count)
{
	while (count--) {
		unsigned long pfn = __rmqueue_smallest(0);

		if (pfn == PFN_NONE)
			break;
		pcp_push(pfn);
	}
}

/* Give up to @count pages from the top of the pcp list to the buddy lists. */
static void free_pcppages_bulk(unsigned int count)
{
	struct per_cpu_pages *pcp = &zone.pcp;

	while (count-- && pcp->head != PFN_NONE) {
		unsigned long pfn = pcp->head;
		struct page *page = pfn_to_page(pfn);

		if (unlikely(page->flags != PR_PCP))
			bad_free_block(pfn, 0, "pcp list");
		pcp->head = page->next;
		pcp->count--;
		__free_one_page(pfn, 0);
	}
}

/*
 * May @gfp take 2^@order pages and still leave the min watermark free
 * (half of it for __GFP_HIGH)? Linux's __zone_watermark_ok. Linux first
 * tries against the low watermark and wakes kswapd; keel checks min only.
 */
static inline bool zone_watermark_ok(gfp_t gfp, unsigned int order)
{
	unsigned long reserve = zone.wmark.min >> !!(gfp & __GFP_HIGH);

	return zone.free_pages >= reserve + (1UL << order);
}

static void __noreturn bad_pcp_page(struct page *page)
{
	bad_free_block(page_to_pfn(page), 0, "pcp list");
}

/* Pop the pcp list; NULL if it is empty. zone.lock held. */
static inline struct page *pcp_pop(void)
{
	struct per_cpu_pages *pcp = &zone.pcp;
	struct page *page;

	if (unlikely(pcp->head == PFN_NONE))
		return NULL;
	page = pfn_to_page(pcp->head);
	if (unlikely(page->flags != PR_PCP))
		bad_pcp_page(page);
	pcp->head = page->next;
	pcp->count--;
	zone.free_pages--;
	page->flags = PR_KERNEL;
	page->_refcount = 1;
	return page;
}

/* Order 0 through the pcp list, refilling it from the buddy lists. */
static struct page *rmqueue_pcplist(gfp_t gfp)
{
	struct page *page = NULL;
	unsigned long flags;

	spin_lock_irqsave(&zone.lock, flags);
	if (zone_watermark_ok(gfp, 0)) {
		if (zone.pcp.head == PFN_NONE)
			rmqueue_bulk(zone.pcp.batch);
		page = pcp_pop();
	}
	spin_unlock_irqrestore(&zone.lock, flags);
	return page;
}

/* Make the block at @pfn an allocated compound block (head + tails). */
static void prep_compound_tails(unsigned long pfn, unsigned int order)
{
	unsigned long i;

	for (i = 1; i < 1UL << order; i++) {
		struct page *tail = pfn_to_page(pfn + i);

		if (unlikely(tail->flags != PR_BUDDY_TAIL))
			bad_free_block(pfn + i, order, "free block tail");
		tail->flags = PR_KERNEL | PG_tail;
		tail->_refcount = 0;
		tail->compound_head = pfn;
		tail->_tail_pad = 0;
	}
}

/* Drain the pcp list into the buddy lists; zone.lock held. */
static void drain_pages_locked(void)
{
	free_pcppages_bulk(zone.pcp.count);
}

/* Orders above 0: straight from the buddy lists (Linux's rmqueue_buddy). */
static struct page *rmqueue_buddy(gfp_t gfp, unsigned int order)
{
	unsigned long pfn = PFN_NONE, flags;
	struct page *page;

	if (WARN_ON(order > MAX_ORDER))
		return NULL;
	spin_lock_irqsave(&zone.lock, flags);
	if (zone_watermark_ok(gfp, order)) {
		pfn = __rmqueue_smallest(order);
		if (pfn == PFN_NONE && zone.pcp.count) {
			/* Linux drains the pcp lists and retries, too. */
			drain_pages_locked();
			pfn = __rmqueue_smallest(order);
		}
	}
	if (pfn != PFN_NONE) {
		page = pfn_to_page(pfn);
		page->flags = PR_KERNEL | PG_head | order << PG_ORDER_SHIFT;
		page->_refcount = 1;
		zone.free_pages -= 1UL << order;
	}
	spin_unlock_irqrestore(&zone.lock, flags);
	if (pfn == PFN_NONE)
		return NULL;
	/* The tails are PR_BUDDY_TAIL, which no merge looks at: no lock. */
	prep_compound_tails(pfn, order);
	return page;
}

static noinline struct page *alloc_failed(gfp_t gfp, unsigned int order)
{
	if (!(gfp & __GFP_NOWARN))
		pr_warn("page allocation failure: order:%u, mode:%#x, "
			"free:%lu min:%lu\n",
			order, gfp, zone.free_pages, zone.wmark.min);
	return NULL;
}

/* Everything but the fast path: refill, higher orders, zeroing, failure. */
static noinline struct page *__alloc_pages(gfp_t gfp, unsigned int order)
{
	struct page *page;

	if (order == 0)
		page = rmqueue_pcplist(gfp);
	else
		page = rmqueue_buddy(gfp, order);
	if (unlikely(!page))
		return alloc_failed(gfp, order);
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = NULL;
	unsigned long flags;

	/* The fast path: an order-0 page straight off the pcp list. */
	if (likely(order == 0 && !(gfp & __GFP_ZERO))) {
		spin_lock_irqsave(&zone.lock, flags);
		if (likely(zone_watermark_ok(gfp, 0)))
			page = pcp_pop();
		spin_unlock_irqrestore(&zone.lock, flags);
		if (likely(page))
			return page;
	}
	return __alloc_pages(gfp, order);
}

/* ---- freeing ---- */

/* The order a block was allocated with, from its head page's flags. */
static unsigned int allocated_order(const struct page *page)
{
	return (page->flags & PG_head) ? page_order(page) : 0;
}

/*
 * Linux's free_pages_check, but fatal: is @page the head of an allocated
 * block of @order that nobody else holds? Panics with what is wrong.
 */
static void free_pages_check(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);

	if (page < mem_map || pfn >= max_pfn)
		panic("__free_pages: %p is not a struct page in mem_map "
		      "(max_pfn %#lx)",
		      (void *)page, max_pfn);
	if (page_role(page) == PR_FREE || page_role(page) == PR_BUDDY_TAIL ||
	    page_role(page) == PR_PCP)
		panic("__free_pages: double free of pfn %#lx (order %u): the "
		      "page is already free (%s)",
		      pfn, order, role_name(page));
	if (page_role(page) == PR_RESERVED || page_role(page) >= NR_PAGE_ROLES)
		panic("__free_pages: pfn %#lx is %s (flags %#x), never "
		      "allocated",
		      pfn, role_name(page), page->flags);
	if (page->flags & PG_tail)
		panic("__free_pages: pfn %#lx is a tail page of the block at "
		      "pfn %#lx, not the head of a block",
		      pfn, (unsigned long)page->compound_head);
	if (allocated_order(page) != order)
		panic("__free_pages: pfn %#lx freed with order %u but "
		      "allocated with order %u",
		      pfn, order, allocated_order(page));
	if (page->flags & (PG_lru | PG_locked | PG_swapcache))
		panic("__free_pages: pfn %#lx is still in use (flags %#x: "
		      "lru, locked or swap cache)",
		      pfn, page->flags);
	if (page->_refcount <= 0)
		panic("__free_pages: pfn %#lx has refcount %d", pfn,
		      page->_refcount);
}

/* Check the tails of a freed block and make them PR_BUDDY_TAIL. */
static void free_compound_tails(unsigned long pfn, unsigned int order)
{
	unsigned long i;

	for (i = 1; i < 1UL << order; i++) {
		struct page *tail = pfn_to_page(pfn + i);

		if (!(tail->flags & PG_tail) || tail->compound_head != pfn)
			panic("__free_pages: block at pfn %#lx order %u: page "
			      "%#lx is not its tail (%s, flags %#x)",
			      pfn, order, pfn + i, role_name(tail),
			      tail->flags);
		tail->flags = PR_BUDDY_TAIL;
	}
}

/* Order 0: onto the pcp list; give a batch back once it reaches @high. */
static inline void free_unref_page(struct page *page)
{
	struct per_cpu_pages *pcp = &zone.pcp;

	page->flags = PR_PCP;
	page->_refcount = 0;
	page->next = pcp->head;
	pcp->head = (uint32_t)page_to_pfn(page);
	zone.free_pages++;
	if (unlikely(++pcp->count >= pcp->high))
		free_pcppages_bulk(pcp->batch);
}

static noinline void __free_pages_slow(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), flags;

	free_pages_check(page, order);
	/* Linux's put_page_testzero: the last reference frees the block. */
	if (--page->_refcount > 0)
		return;
	if (order)
		free_compound_tails(pfn, order);
	spin_lock_irqsave(&zone.lock, flags);
	if (order == 0) {
		free_unref_page(page);
	} else {
		page->flags = PR_BUDDY_TAIL;
		__free_one_page(pfn, order);
		zone.free_pages += 1UL << order;
	}
	spin_unlock_irqrestore(&zone.lock, flags);
}

void __free_pages(struct page *page, unsigned int order)
{
	unsigned long flags;

	/* The fast path: a plain order-0 page in mem_map, one reference. */
	if (likely(order == 0 && page_to_pfn(page) < max_pfn &&
		   page->flags == PR_KERNEL && page->_refcount == 1)) {
		spin_lock_irqsave(&zone.lock, flags);
		free_unref_page(page);
		spin_unlock_irqrestore(&zone.lock, flags);
		return;
	}
	__free_pages_slow(page, order);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page(addr), order);
}

void drain_all_pages(void)
{
	unsigned long flags;

	spin_lock_irqsave(&zone.lock, flags);
	drain_pages_locked();
	spin_unlock_irqrestore(&zone.lock, flags);
}

/* ---- setup ---- */

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << (sizeof(long) * 8 - 2);

	while (bit > x)
		bit >>= 2;
	for (; bit; bit >>= 2) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

/* Linux's init_per_zone_wmark_min + __setup_per_zone_wmarks. */
static void setup_per_zone_wmarks(void)
{
	unsigned long kib = zone.managed_pages << (PAGE_SHIFT - 10);
	unsigned long min_free_kbytes = int_sqrt(kib * 16);
	unsigned long tmp;

	min_free_kbytes = max(min_free_kbytes, 128UL);
	min_free_kbytes = min(min_free_kbytes, 65536UL);
	zone.wmark.min = min_free_kbytes >> (PAGE_SHIFT - 10);
	tmp = max(zone.wmark.min / 4, zone.managed_pages / 1000);
	zone.wmark.low = zone.wmark.min + tmp;
	zone.wmark.high = zone.wmark.min + 2 * tmp;
}

static unsigned long rounddown_pow_of_two(unsigned long x)
{
	return 1UL << (63 - __builtin_clzl(x));
}

/*
 * Linux's zone_batchsize (with its older 512 KiB cap): about a quarter of
 * a thousandth of the zone, rounded to 2^n - 1; high = 6 * batch. 31/186
 * from 512 MiB up, 7/42 at 128 MiB, never below 1/6.
 */
static void pageset_set_high_and_batch(void)
{
	unsigned long batch = min(zone.managed_pages >> 10, 128UL) / 4;

	batch = max(batch, 1UL);
	batch = rounddown_pow_of_two(batch + batch / 2) - 1;
	zone.pcp.batch = (unsigned int)max(batch, 1UL);
	zone.pcp.high = 6 * zone.pcp.batch;
}

void page_alloc_init(void)
{
	unsigned int o;

	memset(&zone, 0, sizeof(zone));
	for (o = 0; o <= MAX_ORDER; o++)
		zone.free_area[o].head = PFN_NONE;
	zone.pcp.head = PFN_NONE;
	zone.pcp.batch = 1;
	zone.pcp.high = 6;
}

/* The largest order whose aligned block at @pfn ends by @end. */
static unsigned int max_block_order(unsigned long pfn, unsigned long end)
{
	unsigned int order = 0;

	while (order < MAX_ORDER && IS_ALIGNED(pfn, 2UL << order) &&
	       pfn + (2UL << order) <= end)
		order++;
	return order;
}

void free_memory_range(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn, flags;

	BUG_ON(start_pfn > end_pfn || end_pfn > max_pfn);
	for (pfn = start_pfn; pfn < end_pfn; pfn++)
		if (page_role(pfn_to_page(pfn)) != PR_RESERVED)
			panic("free_memory_range: pfn %#lx handed over twice "
			      "(role %s)",
			      pfn, role_name(pfn_to_page(pfn)));
	spin_lock_irqsave(&zone.lock, flags);
	for (pfn = start_pfn; pfn < end_pfn;) {
		unsigned int order = max_block_order(pfn, end_pfn);
		unsigned long i;

		for (i = 0; i < 1UL << order; i++)
			pfn_to_page(pfn + i)->flags = PR_BUDDY_TAIL;
		__free_one_page(pfn, order);
		pfn += 1UL << order;
	}
	zone.managed_pages += end_pfn - start_pfn;
	zone.free_pages += end_pfn - start_pfn;
	setup_per_zone_wmarks();
	pageset_set_high_and_batch();
	spin_unlock_irqrestore(&zone.lock, flags);
}

/* ---- counters and dumps ---- */

unsigned long nr_free_pages(void)
{
	return READ_ONCE(zone.free_pages);
}

unsigned long totalram_pages(void)
{
	return READ_ONCE(zone.managed_pages);
}

struct zone_watermarks zone_watermarks(void)
{
	return zone.wmark;
}

size_t buddyinfo_show(char *buf, size_t len)
{
	size_t pos;
	unsigned int o;
	int n;

	if (!len)
		return 0;
	n = snprintf(buf, len, "Node 0, zone %8s ", "Normal");
	pos = min((size_t)n, len - 1);
	for (o = 0; o <= MAX_ORDER; o++) {
		n = snprintf(buf + pos, len - pos, "%6lu ",
			     zone.free_area[o].nr_free);
		pos = min(pos + n, len - 1);
	}
	n = snprintf(buf + pos, len - pos, "\n");
	return min(pos + n, len - 1);
}

/* ---- the consistency checker ---- */

static int __printf(3, 4)
    check_failed(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* One free block on the order-@o list: aligned, marked, not mergeable. */
static int check_free_block(unsigned long pfn, unsigned int o, char *err,
			    size_t errlen)
{
	unsigned long i, buddy = pfn ^ (1UL << o);
	struct page *page = pfn_to_page(pfn);

	if (!IS_ALIGNED(pfn, 1UL << o) || pfn + (1UL << o) > max_pfn)
		return check_failed(err, errlen,
				    "order %u list: pfn %#lx is not an aligned "
				    "block inside mem_map",
				    o, pfn);
	if (page->flags != free_head_flags(o))
		return check_failed(err, errlen,
				    "order %u list: pfn %#lx is %s order %u "
				    "(flags %#x)",
				    o, pfn, role_name(page), page_order(page),
				    page->flags);
	for (i = 1; i < 1UL << o; i++)
		if (pfn_to_page(pfn + i)->flags != PR_BUDDY_TAIL)
			return check_failed(
			    err, errlen,
			    "order %u block at pfn %#lx: page %#lx is %s, "
			    "not buddy-tail (overlapping blocks?)",
			    o, pfn, pfn + i, role_name(pfn_to_page(pfn + i)));
	if (o < MAX_ORDER && page_is_buddy(buddy, o))
		return check_failed(err, errlen,
				    "order %u blocks at pfn %#lx and %#lx are "
				    "free buddies but not merged",
				    o, pfn, buddy);
	return 0;
}

static int check_free_list(unsigned int o, unsigned long *pages, char *err,
			   size_t errlen)
{
	unsigned long pfn, prev = PFN_NONE, n = 0;

	for (pfn = zone.free_area[o].head; pfn != PFN_NONE;
	     prev = pfn, pfn = pfn_to_page(pfn)->next) {
		if (pfn >= max_pfn || n++ > zone.managed_pages)
			return check_failed(err, errlen,
					    "order %u list: bad link to pfn "
					    "%#lx after %lu blocks",
					    o, pfn, n);
		if (pfn_to_page(pfn)->prev != prev)
			return check_failed(err, errlen,
					    "order %u list: pfn %#lx has prev "
					    "%#x, expected %#lx",
					    o, pfn, pfn_to_page(pfn)->prev,
					    prev);
		if (check_free_block(pfn, o, err, errlen))
			return -1;
	}
	if (n != zone.free_area[o].nr_free)
		return check_failed(err, errlen,
				    "order %u list holds %lu blocks, nr_free "
				    "says %lu",
				    o, n, zone.free_area[o].nr_free);
	*pages += n << o;
	return 0;
}

static int check_pcp_list(char *err, size_t errlen)
{
	unsigned long pfn, n = 0;

	for (pfn = zone.pcp.head; pfn != PFN_NONE;
	     pfn = pfn_to_page(pfn)->next) {
		if (pfn >= max_pfn || n++ > zone.managed_pages)
			return check_failed(
			    err, errlen, "pcp list: bad link to pfn %#lx", pfn);
		if (pfn_to_page(pfn)->flags != PR_PCP)
			return check_failed(err, errlen,
					    "pcp list: pfn %#lx is %s (flags "
					    "%#x)",
					    pfn, role_name(pfn_to_page(pfn)),
					    pfn_to_page(pfn)->flags);
	}
	if (n != zone.pcp.count)
		return check_failed(err, errlen,
				    "pcp list holds %lu pages, count says %u",
				    n, zone.pcp.count);
	return 0;
}

/* Every free-role page in mem_map must belong to a listed block. */
static int check_roles(unsigned long buddy_pages, char *err, size_t errlen)
{
	unsigned long pfn, heads = 0, tails = 0, pcp = 0, blocks = 0;
	unsigned int o;

	for (pfn = 0; pfn < max_pfn; pfn++) {
		enum page_role role = page_role(pfn_to_page(pfn));

		heads += role == PR_FREE;
		tails += role == PR_BUDDY_TAIL;
		pcp += role == PR_PCP;
	}
	for (o = 0; o <= MAX_ORDER; o++)
		blocks += zone.free_area[o].nr_free;
	if (heads != blocks || heads + tails != buddy_pages ||
	    pcp != zone.pcp.count)
		return check_failed(err, errlen,
				    "mem_map has %lu free heads, %lu "
				    "buddy-tails, %lu pcp pages; the lists "
				    "hold %lu blocks of %lu pages and %u pcp",
				    heads, tails, pcp, blocks, buddy_pages,
				    zone.pcp.count);
	return 0;
}

int buddy_check(char *err, size_t errlen)
{
	unsigned long pages = 0, flags;
	unsigned int o;
	int ret = 0;

	spin_lock_irqsave(&zone.lock, flags);
	for (o = 0; o <= MAX_ORDER && !ret; o++)
		ret = check_free_list(o, &pages, err, errlen);
	if (!ret)
		ret = check_pcp_list(err, errlen);
	if (!ret)
		ret = check_roles(pages, err, errlen);
	if (!ret && pages + zone.pcp.count != zone.free_pages)
		ret = check_failed(err, errlen,
				   "%lu pages on the lists, nr_free_pages "
				   "says %lu",
				   pages + zone.pcp.count, zone.free_pages);
	spin_unlock_irqrestore(&zone.lock, flags);
	if (!ret && errlen)
		err[0] = '\0';
	return ret;
}
