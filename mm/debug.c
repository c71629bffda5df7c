/*
 * Dumps of struct page and of page-table walks (mm/debug.h).
 */
#include "mm/debug.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include "kernel/vsprintf.h"

static const char *const role_names[NR_PAGE_ROLES] = {
    [PR_RESERVED] = "reserved",	    [PR_FREE] = "buddy",
    [PR_BUDDY_TAIL] = "buddy-tail", [PR_PCP] = "pcp",
    [PR_KERNEL] = "kernel",	    [PR_SLAB] = "slab",
    [PR_PGTABLE] = "pagetable",	    [PR_VMALLOC] = "vmalloc",
    [PR_KSTACK] = "kstack",	    [PR_ANON] = "anon",
};

const char *page_role_name(unsigned int role)
{
	return role < NR_PAGE_ROLES ? role_names[role] : "invalid";
}

static size_t page_role_details(const struct page *p, char *buf, size_t len)
{
	switch (page_role(p)) {
	case PR_SLAB:
		if (p->flags & PG_tail)
			break;
		return (size_t)snprintf(buf, len,
					" cache=%p freelist=%#x inuse=%u "
					"objects=%u",
					(void *)p->slab_cache, p->freelist,
					p->inuse, p->objects);
	case PR_VMALLOC:
	case PR_KSTACK:
		if (p->flags & PG_tail)
			break;
		return (size_t)snprintf(buf, len, " vm_area=%p index=%llu",
					(void *)p->vm_area,
					(unsigned long long)p->vm_index);
	case PR_ANON:
		return (size_t)snprintf(buf, len, " mapping=%p index=%#llx",
					(void *)p->mapping,
					(unsigned long long)p->index);
	default:
		break;
	}
	if (p->flags & PG_tail)
		return (size_t)snprintf(buf, len, " head_pfn=%#llx",
					(unsigned long long)p->compound_head);
	return 0;
}

size_t page_show(unsigned long pfn, char *buf, size_t len)
{
	const struct page *p;
	size_t n;

	if (pfn >= max_pfn)
		return (size_t)snprintf(buf, len,
					"pfn %#lx is beyond max_pfn %#lx\n",
					pfn, max_pfn);
	p = pfn_to_page(pfn);
	n = (size_t)snprintf(
	    buf, len,
	    "page:%p pfn:%#lx phys:%#llx role:%s order:%u "
	    "refcount:%d flags:%#x%s%s next:%#x prev:%#x",
	    (void *)p, pfn, (unsigned long long)PFN_PHYS(pfn),
	    page_role_name(page_role(p)), page_order(p), p->_refcount, p->flags,
	    p->flags & PG_head ? " head" : "",
	    p->flags & PG_tail ? " tail" : "", p->next, p->prev);
	if (n < len)
		n += page_role_details(p, buf + n, len - n);
	if (n < len)
		n += (size_t)snprintf(buf + n, len - n, "\n");
	return min(n, len ? len - 1 : 0);
}

static size_t show_entry(char *buf, size_t len, const char *level,
			 unsigned int index, pteval_t e)
{
	return (size_t)snprintf(
	    buf, len, "%-5s[%3u] = %016llx %s%s%s%s%s%s\n", level, index,
	    (unsigned long long)e, e & _PAGE_PRESENT ? "P" : "-",
	    e & _PAGE_RW ? " RW" : " RO", e & _PAGE_USER ? " USER" : "",
	    e & _PAGE_NX ? " NX" : " X", e & _PAGE_PSE ? " PS" : "",
	    e & _PAGE_PCD ? " PCD" : "");
}

size_t pagetable_show(uint64_t va, char *buf, size_t len)
{
	static const char *const names[] = {"PML4", "PDPT", "PD", "PT"};
	static const int shifts[] = {39, 30, 21, 12};
	const pteval_t *table = init_pgd;
	size_t n = (size_t)snprintf(buf, len, "walk of %#llx:\n",
				    (unsigned long long)va);

	for (int l = 0; l < 4 && n < len; l++) {
		unsigned int idx = (va >> shifts[l]) & 511;
		pteval_t e = table[idx];

		n += show_entry(buf + n, len - n, names[l], idx, e);
		if (!(e & _PAGE_PRESENT)) {
			n += (size_t)snprintf(buf + n, len - n, "not mapped\n");
			break;
		}
		if (l == 3 || (l >= 1 && (e & _PAGE_PSE))) {
			n += (size_t)snprintf(
			    buf + n, len - n, "leaf: %s page at phys %#llx\n",
			    l == 3   ? "4 KiB"
			    : l == 2 ? "2 MiB"
				     : "1 GiB",
			    (unsigned long long)((e & PTE_PFN_MASK) |
						 (va &
						  ((1ULL << shifts[l]) - 1))));
			break;
		}
		table = __va(e & PTE_PFN_MASK);
	}
	return min(n, len ? len - 1 : 0);
}
