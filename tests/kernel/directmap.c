/*
 * In-kernel suite "directmap": walks the live page tables and checks the
 * layout DESIGN.md promises: all RAM at PAGE_OFFSET through 2 MiB pages,
 * RW and NX; the image W^X; no user bit anywhere in the kernel half; no
 * identity map, so NULL faults.
 */
#include "kernel/ktest.h"
#include "mm/memblock.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include "arch/x86_64/uaccess.h"

extern const char _text[], _etext[], _rodata[], _erodata[], _data[], _end[];

static void directmap_maps_all_ram_with_2mib_pages(struct ktest *t)
{
	unsigned long chunks = 0, bad = 0;

	for (int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];

		for (uint64_t pa = r->base; pa < r->base + r->size;
		     pa += PMD_SIZE, chunks++) {
			int level;
			pteval_t e = lookup_address((uint64_t)__va(pa), &level);

			if (level != 2 || (e & PTE_PFN_MASK) != pa ||
			    !(e & _PAGE_RW) || !(e & _PAGE_NX))
				bad++;
		}
	}
	KTEST_EXPECT_GT(t, chunks, 0);
	KTEST_EXPECT_EQ(t, bad, 0);
}

static void directmap_reads_first_and_last_byte_of_every_chunk(struct ktest *t)
{
	unsigned long faults = 0;

	for (int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];

		for (uint64_t pa = r->base; pa < r->base + r->size;
		     pa += PMD_SIZE) {
			uint64_t v;

			faults += get_kernel_nofault(&v, __va(pa)) != 0;
			faults += get_kernel_nofault(
				      &v, __va(pa + PMD_SIZE - 8)) != 0;
		}
	}
	KTEST_EXPECT_EQ(t, faults, 0);
}

/* Visit every present entry below @table (level 4 = PML4), calling @fn on
 * leaves and counting entries with the user bit. */
struct walk_stats {
	unsigned long leaves_4k, leaves_2m, leaves_1g, user, dm_not_2m;
};

static void walk_level(const pteval_t *table, int level, uint64_t base,
		       int first, struct walk_stats *st)
{
	static const int shift[] = {0, 12, 21, 30, 39};

	for (int i = first; i < 512; i++) {
		pteval_t e = table[i];
		uint64_t va = base | ((uint64_t)i << shift[level]);
		bool leaf = level == 1 || (level > 1 && (e & _PAGE_PSE));
		bool in_dm =
		    va >= PAGE_OFFSET && va < PAGE_OFFSET + (1ULL << 46);

		if (!(e & _PAGE_PRESENT))
			continue;
		st->user += !!(e & _PAGE_USER);
		if (!leaf) {
			walk_level(__va(e & PTE_PFN_MASK), level - 1,
				   level == 4 ? va | 0xffff000000000000ULL : va,
				   0, st);
			continue;
		}
		st->leaves_4k += level == 1;
		st->leaves_2m += level == 2;
		st->leaves_1g += level == 3;
		st->dm_not_2m += in_dm && level != 2;
	}
}

static void
directmap_kernel_half_has_no_user_bit_and_dm_only_2mib(struct ktest *t)
{
	struct walk_stats st = {0};

	walk_level(init_pgd, 4, 0, 256, &st);
	KTEST_EXPECT_EQ(t, st.user, 0);
	KTEST_EXPECT_EQ(t, st.dm_not_2m, 0);
	KTEST_EXPECT_EQ(t, st.leaves_1g, 0);
	KTEST_EXPECT_GT(t, st.leaves_2m, 0);
	KTEST_EXPECT_GT(t, st.leaves_4k, 0); /* the image, vmalloc */
}

static void directmap_user_half_is_empty_so_null_faults(struct ktest *t)
{
	uint64_t v = 1;
	int present = 0;

	for (int i = 0; i < 256; i++)
		present += !!(init_pgd[i] & _PAGE_PRESENT);
	KTEST_EXPECT_EQ(t, present, 0);
	KTEST_EXPECT_EQ(t, get_kernel_nofault(&v, NULL), -EFAULT);
	KTEST_EXPECT_EQ(t, v, 0);
}

static pteval_t image_pte(const void *addr)
{
	int level;

	return lookup_address((uint64_t)addr, &level);
}

static void directmap_image_sections_are_w_xor_x(struct ktest *t)
{
	pteval_t text = image_pte(_text), ro = image_pte(_rodata);
	pteval_t data = image_pte(_data);
	pteval_t last = image_pte((const char *)((uintptr_t)_end - 1));

	KTEST_EXPECT_TRUE(t, text && !(text & _PAGE_RW) && !(text & _PAGE_NX));
	KTEST_EXPECT_TRUE(t, ro && !(ro & _PAGE_RW) && (ro & _PAGE_NX));
	KTEST_EXPECT_TRUE(t, data && (data & _PAGE_RW) && (data & _PAGE_NX));
	KTEST_EXPECT_TRUE(t, last && (last & _PAGE_RW) && (last & _PAGE_NX));
}

static void directmap_va_pa_conversions_round_trip(struct ktest *t)
{
	struct page *page =
	    pfn_to_page(PHYS_PFN(memblock.memory.regions[0].base));
	void *va = page_address(page);

	KTEST_EXPECT_EQ(t, (uint64_t)va,
			PAGE_OFFSET + memblock.memory.regions[0].base);
	KTEST_EXPECT_EQ(t, virt_to_page(va), page);
	KTEST_EXPECT_EQ(t, __pa(va), memblock.memory.regions[0].base);
	KTEST_EXPECT_EQ(t, __pa_symbol(_text),
			(uint64_t)_text - __START_KERNEL_map);
}

static struct ktest_case directmap_cases[] = {
    KTEST_CASE(directmap_maps_all_ram_with_2mib_pages),
    KTEST_CASE(directmap_reads_first_and_last_byte_of_every_chunk),
    KTEST_CASE(directmap_kernel_half_has_no_user_bit_and_dm_only_2mib),
    KTEST_CASE(directmap_user_half_is_empty_so_null_faults),
    KTEST_CASE(directmap_image_sections_are_w_xor_x),
    KTEST_CASE(directmap_va_pa_conversions_round_trip),
    {},
};
KTEST_SUITE(directmap, directmap_cases);
