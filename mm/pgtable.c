/*
 * Kernel page tables (mm/pgtable.h). All tables are reached through the
 * direct map (__va), which boot.asm's early tables cover for the first
 * 4 GiB until init_pgd takes over.
 * Linux differs: it has generic p4d/pud/pmd/pte helpers for every
 * architecture and a separate set_memory_*() path for changing the
 * protection of existing mappings.
 */
#include "mm/pgtable.h"
#include "mm/page.h"
#include "mm/page_alloc.h"
#include "mm/memblock.h"
#include "arch/x86_64/io.h"
#include "kernel/printk.h"
#include "kernel/string.h"

#define MAX_BOOT_TABLES 128

pteval_t *init_pgd;
static unsigned long nr_tables;
static bool use_buddy;
static uint32_t boot_table_pfns[MAX_BOOT_TABLES];
static int nr_boot_tables;

static uint64_t alloc_table_page(void)
{
	struct page *page;
	uint64_t pa;

	if (!use_buddy) {
		if (nr_boot_tables == MAX_BOOT_TABLES)
			panic("pgtable: more than %d page tables during boot",
			      MAX_BOOT_TABLES);
		pa = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);
		boot_table_pfns[nr_boot_tables++] = (uint32_t)PHYS_PFN(pa);
		nr_tables++;
		return pa;
	}
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, 0);
	if (!page)
		return 0;
	set_page_role(page, PR_PGTABLE);
	nr_tables++;
	return PFN_PHYS(page_to_pfn(page));
}

void pgtable_init(void)
{
	init_pgd = __va(alloc_table_page());
}

void pgtable_switch_to_buddy(void)
{
	for (int i = 0; i < nr_boot_tables; i++)
		set_page_role(pfn_to_page(boot_table_pfns[i]), PR_PGTABLE);
	use_buddy = true;
}

unsigned long nr_pagetable_pages(void)
{
	return nr_tables;
}

/* The next-level table under @entry, allocated if absent; NULL when out
 * of memory. Intermediate entries are permissive (RW, executable); the
 * leaf decides. */
static pteval_t *next_table(pteval_t *entry)
{
	if (!(*entry & _PAGE_PRESENT)) {
		uint64_t pa = alloc_table_page();

		if (!pa)
			return NULL;
		*entry = pa | _PAGE_PRESENT | _PAGE_RW;
	}
	BUG_ON(*entry & _PAGE_PSE);
	return __va(*entry & PTE_PFN_MASK);
}

static pteval_t *walk_create(uint64_t va, int leaf_level)
{
	pteval_t *pud, *pmd, *pt;

	pud = next_table(&init_pgd[pgd_index(va)]);
	if (!pud)
		return NULL;
	pmd = next_table(&pud[pud_index(va)]);
	if (!pmd)
		return NULL;
	if (leaf_level == 2)
		return &pmd[pmd_index(va)];
	pt = next_table(&pmd[pmd_index(va)]);
	return pt ? &pt[pte_index(va)] : NULL;
}

int map_kernel_page(uint64_t va, uint64_t pa, pteval_t prot)
{
	pteval_t *pte = walk_create(va, 1);

	if (!pte)
		return -1;
	if (*pte & _PAGE_PRESENT)
		panic("pgtable: %#llx is already mapped (pte %#llx)",
		      (unsigned long long)va, (unsigned long long)*pte);
	*pte = (pa & PTE_PFN_MASK) | prot;
	return 0;
}

int map_kernel_pmd(uint64_t va, uint64_t pa, pteval_t prot)
{
	pteval_t *pmd;

	BUG_ON(!IS_ALIGNED(va, PMD_SIZE) || !IS_ALIGNED(pa, PMD_SIZE));
	pmd = walk_create(va, 2);
	if (!pmd)
		return -1;
	if (*pmd & _PAGE_PRESENT)
		panic("pgtable: 2 MiB page at %#llx is already mapped",
		      (unsigned long long)va);
	*pmd = (pa & PTE_PFN_MASK) | prot | _PAGE_PSE;
	return 0;
}

/* Walk without allocating: returns the entry at which the walk stopped. */
static pteval_t *walk(uint64_t va, int *level)
{
	pteval_t *table = init_pgd, *entry = NULL;
	static const int shifts[] = {PGDIR_SHIFT, PUD_SHIFT, PMD_SHIFT,
				     PAGE_SHIFT};

	for (int l = 4; l >= 1; l--) {
		entry = &table[(va >> shifts[4 - l]) & 511];
		*level = l;
		if (!(*entry & _PAGE_PRESENT) || l == 1 ||
		    (l <= 3 && (*entry & _PAGE_PSE)))
			return entry;
		table = __va(*entry & PTE_PFN_MASK);
	}
	return entry;
}

pteval_t lookup_address(uint64_t va, int *level)
{
	pteval_t *entry = walk(va, level);

	return (*entry & _PAGE_PRESENT) ? *entry : 0;
}

uint64_t unmap_kernel_page(uint64_t va)
{
	int level;
	pteval_t *entry = walk(va, &level);

	if (!(*entry & _PAGE_PRESENT) || level > 2)
		panic("pgtable: unmapping %#llx, which is not mapped",
		      (unsigned long long)va);
	*entry = 0;
	invlpg(va);
	return level == 2 ? PMD_SIZE : PAGE_SIZE;
}
