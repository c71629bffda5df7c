/*
 * kernel/multiboot2.c on crafted boot information. Each buffer is built in
 * a staging area, then copied into a malloc'd block of exactly the size the
 * parser is told it may read, so ASan reports any read past the end.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/multiboot2.h"

#define STAGE_SIZE 8192

/* Boot information under construction; len is also the next tag offset. */
struct mbi {
	uint8_t data[STAGE_SIZE];
	uint32_t len;
};

static struct mbi mb;
static struct mb2_info info;
static char err[160];
static void *heap;

static void put_u32(uint32_t off, uint32_t v)
{
	memcpy(mb.data + off, &v, sizeof(v));
}

static void put_u64(uint32_t off, uint64_t v)
{
	memcpy(mb.data + off, &v, sizeof(v));
}

static void mb_begin(void)
{
	memset(&mb, 0, sizeof(mb));
	mb.len = 8;
}

/* Appends a tag of @size bytes (header included); returns its offset. */
static uint32_t mb_tag(uint32_t type, uint32_t size, const void *payload)
{
	uint32_t off = mb.len;

	cr_assert_leq(off + size + 8, STAGE_SIZE, "staging area too small");
	put_u32(off, type);
	put_u32(off + 4, size);
	if (payload)
		memcpy(mb.data + off + 8, payload, size - 8);
	mb.len = off + ((size + 7) & ~7u);
	return off;
}

static uint32_t mb_string_tag(uint32_t type, const char *s)
{
	return mb_tag(type, 8 + strlen(s) + 1, s);
}

static uint32_t mb_module(uint32_t start, uint32_t end, const char *s)
{
	uint8_t payload[256];

	memcpy(payload, &start, 4);
	memcpy(payload + 4, &end, 4);
	strcpy((char *)payload + 8, s);
	return mb_tag(MULTIBOOT_TAG_TYPE_MODULE, 16 + strlen(s) + 1, payload);
}

/* Appends an mmap tag of @n entries, each @esize bytes (24 in practice). */
static uint32_t mb_mmap(uint32_t esize, const struct mb2_mmap_entry *e, int n)
{
	uint32_t off = mb_tag(MULTIBOOT_TAG_TYPE_MMAP, 16 + esize * n, NULL);
	int i;

	put_u32(off + 8, esize);
	for (i = 0; i < n; i++) {
		put_u64(off + 16 + i * esize, e[i].addr);
		put_u64(off + 24 + i * esize, e[i].len);
		put_u32(off + 32 + i * esize, e[i].type);
	}
	return off;
}

/* Adds the end tag and sets total_size; returns the end tag's offset. */
static uint32_t mb_end(void)
{
	uint32_t off = mb_tag(MULTIBOOT_TAG_TYPE_END, 8, NULL);

	put_u32(0, mb.len);
	return off;
}

/* Copies the first @avail staged bytes to an exactly-sized heap block. */
static int parse_avail(size_t avail)
{
	free(heap);
	heap = malloc(avail ? avail : 1);
	cr_assert_not_null(heap);
	memcpy(heap, mb.data, avail < STAGE_SIZE ? avail : STAGE_SIZE);
	return mb2_parse(heap, avail, &info, err, sizeof(err));
}

static int parse(void)
{
	return parse_avail(mb.len);
}

static void teardown(void)
{
	free(heap);
	heap = NULL;
}

TestSuite(multiboot2, .fini = teardown);

static const struct mb2_mmap_entry qemu_map[] = {
    {0x0, 0x9fc00, MULTIBOOT_MEMORY_AVAILABLE},
    {0x9fc00, 0x400, MULTIBOOT_MEMORY_RESERVED},
    {0x100000, 0x7ee0000, MULTIBOOT_MEMORY_AVAILABLE},
    {0x7fe0000, 0x20000, MULTIBOOT_MEMORY_ACPI_RECLAIMABLE},
    {0xfffc0000, 0x40000, MULTIBOOT_MEMORY_RESERVED},
};

/* What GRUB hands keel under QEMU, give or take a few tags. */
static void build_grub_like(void)
{
	static const uint32_t meminfo[2] = {639, 130048};

	mb_begin();
	mb_string_tag(MULTIBOOT_TAG_TYPE_CMDLINE, "init=/bin/sh ktest=mm*");
	mb_string_tag(MULTIBOOT_TAG_TYPE_BOOT_LOADER, "GRUB 2.06-13");
	mb_module(0x200000, 0x280000, "/boot/initrd.cpio");
	mb_module(0x280000, 0x280000, "");
	mb_tag(MULTIBOOT_TAG_TYPE_BASIC_MEMINFO, 16, meminfo);
	mb_mmap(24, qemu_map, ARRAY_SIZE(qemu_map));
	mb_end();
}

#define assert_fails_with(expect)                                      \
	do {                                                           \
		cr_assert_eq(parse(), -1, "accepted; expected \"%s\"", \
			     expect);                                  \
		cr_assert_str_eq(err, expect);                         \
	} while (0)

Test(multiboot2, parses_grub_like_boot_information)
{
	int i;

	build_grub_like();
	cr_assert_eq(parse(), 0, "%s", err);
	cr_assert_eq(info.total_size, mb.len);
	cr_assert_str_eq(info.cmdline, "init=/bin/sh ktest=mm*");
	cr_assert_str_eq(info.bootloader, "GRUB 2.06-13");
	cr_assert_eq(info.nr_modules, 2);
	cr_assert_eq(info.modules[0].mod_start, 0x200000);
	cr_assert_eq(info.modules[0].mod_end, 0x280000);
	cr_assert_str_eq(info.modules[0].string, "/boot/initrd.cpio");
	cr_assert_str_eq(info.modules[1].string, "");
	cr_assert_eq(info.nr_mmap, (int)ARRAY_SIZE(qemu_map));
	for (i = 0; i < info.nr_mmap; i++) {
		cr_assert_eq(info.mmap[i].addr, qemu_map[i].addr, "entry %d",
			     i);
		cr_assert_eq(info.mmap[i].len, qemu_map[i].len, "entry %d", i);
		cr_assert_eq(info.mmap[i].type, qemu_map[i].type, "entry %d",
			     i);
	}
	cr_assert_str_eq(err, "");
}

Test(multiboot2, strings_point_into_the_boot_information)
{
	const char *base;

	build_grub_like();
	cr_assert_eq(parse(), 0, "%s", err);
	base = heap;
	cr_assert(info.cmdline > base && info.cmdline < base + mb.len);
	cr_assert(info.modules[0].string > base &&
		  info.modules[0].string < base + mb.len);
}

Test(multiboot2, missing_string_tags_give_empty_strings)
{
	mb_begin();
	mb_end();
	cr_assert_eq(parse(), 0, "%s", err);
	cr_assert_str_eq(info.cmdline, "");
	cr_assert_str_eq(info.bootloader, "");
	cr_assert_eq(info.nr_modules, 0);
	cr_assert_eq(info.nr_mmap, 0);
}

Test(multiboot2, skips_unknown_tags)
{
	static const uint8_t blob[40] = {1, 2, 3};

	mb_begin();
	mb_tag(21, 8 + sizeof(blob), blob);
	mb_tag(0x7fffffff, 13, blob);
	mb_string_tag(MULTIBOOT_TAG_TYPE_CMDLINE, "quiet");
	mb_end();
	cr_assert_eq(parse(), 0, "%s", err);
	cr_assert_str_eq(info.cmdline, "quiet");
}

Test(multiboot2, ignores_bytes_after_the_end_tag)
{
	mb_begin();
	mb_end();
	memset(mb.data + mb.len, 0xff, 20);
	mb.len += 20;
	put_u32(0, mb.len);
	cr_assert_eq(parse(), 0, "%s", err);
}

Test(multiboot2, mmap_steps_by_entry_size)
{
	mb_begin();
	mb_mmap(32, qemu_map, 3);
	mb_end();
	cr_assert_eq(parse(), 0, "%s", err);
	cr_assert_eq(info.nr_mmap, 3);
	cr_assert_eq(info.mmap[2].addr, 0x100000);
	cr_assert_eq(info.mmap[2].len, 0x7ee0000);
}

Test(multiboot2, accepts_exactly_the_maximum_mmap_entries)
{
	static struct mb2_mmap_entry map[MB2_MAX_MMAP];

	mb_begin();
	mb_mmap(24, map, MB2_MAX_MMAP);
	mb_end();
	cr_assert_eq(parse(), 0, "%s", err);
	cr_assert_eq(info.nr_mmap, MB2_MAX_MMAP);
}

Test(multiboot2, rejects_unaligned_start)
{
	uint8_t *block;
	int ret;

	build_grub_like();
	block = malloc(mb.len + 4);
	memcpy(block + 4, mb.data, mb.len);
	ret = mb2_parse(block + 4, mb.len, &info, err, sizeof(err));
	free(block);
	cr_assert_eq(ret, -1);
	cr_assert(strstr(err, "is not 8-byte aligned"), "%s", err);
}

Test(multiboot2, rejects_less_than_16_bytes_available)
{
	mb_begin();
	mb_end();
	cr_assert_eq(parse_avail(8), -1);
	cr_assert_str_eq(err, "multiboot2: only 8 bytes available, less than "
			      "the minimum of 16");
	cr_assert_eq(parse_avail(0), -1);
}

Test(multiboot2, rejects_total_size_below_16)
{
	mb_begin();
	mb_end();
	put_u32(0, 8);
	assert_fails_with("multiboot2: total_size 8 is less than the minimum "
			  "of 16");
}

Test(multiboot2, rejects_total_size_beyond_available)
{
	build_grub_like();
	cr_assert_eq(parse_avail(mb.len - 8), -1);
	cr_assert(strstr(err, "is larger than the"), "%s", err);
	cr_assert(strstr(err, "bytes available"), "%s", err);
}

Test(multiboot2, rejects_huge_total_size_whatever_is_available)
{
	int ret;

	mb_begin();
	mb_end();
	put_u32(0, 0xfffffff8);
	heap = malloc(mb.len);
	memcpy(heap, mb.data, mb.len);
	ret = mb2_parse(heap, SIZE_MAX, &info, err, sizeof(err));
	cr_assert_eq(ret, -1);
	cr_assert_str_eq(err, "multiboot2: total_size 0xfffffff8 is larger "
			      "than the 0x100000 we accept");
}

Test(multiboot2, rejects_tag_running_past_total_size)
{
	uint32_t off;
	char expect[128];

	mb_begin();
	mb_string_tag(MULTIBOOT_TAG_TYPE_CMDLINE, "quiet");
	off = mb_mmap(24, qemu_map, 2);
	mb_end();
	put_u32(off + 4, 0x2000);
	snprintf(expect, sizeof(expect),
		 "multiboot2: tag type 6 at offset 0x%x has size 0x2000, "
		 "runs past total_size 0x%x",
		 off, mb.len);
	assert_fails_with(expect);
}

Test(multiboot2, rejects_tag_one_byte_too_long)
{
	uint32_t off;

	mb_begin();
	off = mb_string_tag(MULTIBOOT_TAG_TYPE_CMDLINE, "1234567");
	put_u32(0, mb.len);
	cr_assert_eq(mb.len, off + 16);
	put_u32(off + 4, 17);
	assert_fails_with("multiboot2: tag type 1 at offset 0x8 has size "
			  "0x11, runs past total_size 0x18");
}

Test(multiboot2, rejects_zero_size_tag)
{
	uint32_t off;

	mb_begin();
	off = mb_tag(MULTIBOOT_TAG_TYPE_MODULE, 8, NULL);
	mb_end();
	put_u32(off + 4, 0);
	assert_fails_with("multiboot2: tag type 3 at offset 0x8 has size 0, "
			  "less than 8");
}

Test(multiboot2, rejects_tag_smaller_than_its_header)
{
	uint32_t off;

	mb_begin();
	off = mb_tag(99, 8, NULL);
	mb_end();
	put_u32(off + 4, 4);
	assert_fails_with("multiboot2: tag type 99 at offset 0x8 has size 4, "
			  "less than 8");
}

Test(multiboot2, rejects_missing_end_tag)
{
	mb_begin();
	mb_string_tag(MULTIBOOT_TAG_TYPE_CMDLINE, "no end in sight");
	put_u32(0, mb.len);
	assert_fails_with("multiboot2: no end tag within total_size 0x20");
}

Test(multiboot2, rejects_tag_header_cut_by_total_size)
{
	mb_begin();
	mb_string_tag(MULTIBOOT_TAG_TYPE_CMDLINE, "x");
	mb.len += 4;
	put_u32(0, mb.len);
	assert_fails_with("multiboot2: tag at offset 0x18: header runs past "
			  "total_size 0x1c");
}

Test(multiboot2, rejects_end_tag_of_wrong_size)
{
	mb_begin();
	mb_tag(MULTIBOOT_TAG_TYPE_END, 16, NULL);
	put_u32(0, mb.len);
	assert_fails_with("multiboot2: end tag at offset 0x8 has size 16, not "
			  "8");
}

Test(multiboot2, rejects_string_without_nul)
{
	mb_begin();
	mb_tag(MULTIBOOT_TAG_TYPE_BOOT_LOADER, 8 + 5, "GRUB!");
	mb_end();
	assert_fails_with("multiboot2: tag type 2 at offset 0x8: string has no "
			  "NUL within the tag's 13 bytes");
}

Test(multiboot2, rejects_empty_string_tag)
{
	mb_begin();
	mb_tag(MULTIBOOT_TAG_TYPE_CMDLINE, 8, NULL);
	mb_end();
	cr_assert_eq(parse(), -1);
	cr_assert(strstr(err, "has no NUL"), "%s", err);
}

Test(multiboot2, rejects_module_string_without_nul)
{
	uint32_t off;

	mb_begin();
	off = mb_module(0x1000, 0x2000, "abc");
	mb_end();
	put_u32(off + 4, 16 + 3);
	cr_assert_eq(parse(), -1);
	cr_assert(strstr(err, "has no NUL"), "%s", err);
}

Test(multiboot2, rejects_module_too_small_for_its_fields)
{
	mb_begin();
	mb_tag(MULTIBOOT_TAG_TYPE_MODULE, 12, NULL);
	mb_end();
	assert_fails_with("multiboot2: module tag at offset 0x8 has size 12, "
			  "too small for its fields");
}

Test(multiboot2, rejects_module_ending_before_it_starts)
{
	mb_begin();
	mb_module(0x300000, 0x200000, "backwards");
	mb_end();
	assert_fails_with("multiboot2: module at offset 0x8 ends at 0x200000, "
			  "before its start 0x300000");
}

Test(multiboot2, rejects_too_many_modules)
{
	int i;

	mb_begin();
	for (i = 0; i <= MB2_MAX_MODULES; i++)
		mb_module(0x100000 * i, 0x100000 * i + 0x1000, "m");
	mb_end();
	cr_assert_eq(parse(), -1);
	cr_assert(strstr(err, "more than 16 modules"), "%s", err);
	cr_assert_eq(info.nr_modules, MB2_MAX_MODULES);
}

Test(multiboot2, rejects_mmap_entry_size_below_24)
{
	mb_begin();
	mb_mmap(16, qemu_map, 2);
	mb_end();
	assert_fails_with("multiboot2: mmap tag at offset 0x8 has entry_size "
			  "16; need a multiple of 8, at least 24");
}

Test(multiboot2, rejects_mmap_entry_size_zero)
{
	uint32_t off;

	mb_begin();
	off = mb_mmap(24, qemu_map, 2);
	mb_end();
	put_u32(off + 8, 0);
	cr_assert_eq(parse(), -1);
	cr_assert(strstr(err, "entry_size 0;"), "%s", err);
}

Test(multiboot2, rejects_mmap_entry_size_not_multiple_of_8)
{
	mb_begin();
	mb_mmap(28, qemu_map, 2);
	mb_end();
	cr_assert_eq(parse(), -1);
	cr_assert(strstr(err, "entry_size 28;"), "%s", err);
}

Test(multiboot2, rejects_mmap_with_partial_entry)
{
	uint32_t off;

	mb_begin();
	off = mb_mmap(24, qemu_map, 2);
	mb_end();
	put_u32(off + 4, 16 + 24 + 8);
	assert_fails_with("multiboot2: mmap tag at offset 0x8 has size 48, not "
			  "16 plus whole 24-byte entries");
}

Test(multiboot2, rejects_mmap_tag_too_small_for_its_header)
{
	mb_begin();
	mb_tag(MULTIBOOT_TAG_TYPE_MMAP, 12, NULL);
	mb_end();
	assert_fails_with("multiboot2: mmap tag at offset 0x8 has size 12, too "
			  "small for its header");
}

Test(multiboot2, rejects_too_many_mmap_entries)
{
	static struct mb2_mmap_entry map[MB2_MAX_MMAP + 1];

	mb_begin();
	mb_mmap(24, map, MB2_MAX_MMAP + 1);
	mb_end();
	assert_fails_with("multiboot2: more than 128 mmap entries (tag at "
			  "offset 0x8)");
}

Test(multiboot2, counts_mmap_entries_across_tags)
{
	static struct mb2_mmap_entry map[MB2_MAX_MMAP];

	mb_begin();
	mb_mmap(24, map, MB2_MAX_MMAP);
	mb_mmap(24, map, 1);
	mb_end();
	cr_assert_eq(parse(), -1);
	cr_assert(strstr(err, "more than 128 mmap entries"), "%s", err);
}

Test(multiboot2, every_truncation_of_a_valid_buffer_is_rejected_safely)
{
	uint32_t total, avail;

	build_grub_like();
	total = mb.len;
	for (avail = 0; avail < total; avail++) {
		cr_assert_eq(parse_avail(avail), -1, "avail %u accepted",
			     avail);
		cr_assert_neq(err[0], '\0', "avail %u: no message", avail);
	}
	for (total = 16; total < mb.len; total++) {
		put_u32(0, total);
		cr_assert_eq(parse_avail(total), -1, "total %u accepted",
			     total);
		cr_assert_neq(err[0], '\0', "total %u: no message", total);
	}
}

Test(multiboot2, error_message_respects_errlen)
{
	char small[16];

	mb_begin();
	mb_string_tag(MULTIBOOT_TAG_TYPE_CMDLINE, "x");
	put_u32(0, mb.len);
	heap = malloc(mb.len);
	memcpy(heap, mb.data, mb.len);
	cr_assert_eq(mb2_parse(heap, mb.len, &info, small, sizeof(small)), -1);
	cr_assert_str_eq(small, "multiboot2: no ");
	cr_assert_eq(mb2_parse(heap, mb.len, &info, NULL, 0), -1);
}

Test(multiboot2, mmap_type_names_follow_linux_e820)
{
	cr_assert_str_eq(mb2_mmap_type_name(MULTIBOOT_MEMORY_AVAILABLE),
			 "usable");
	cr_assert_str_eq(mb2_mmap_type_name(MULTIBOOT_MEMORY_RESERVED),
			 "reserved");
	cr_assert_str_eq(mb2_mmap_type_name(MULTIBOOT_MEMORY_ACPI_RECLAIMABLE),
			 "ACPI data");
	cr_assert_str_eq(mb2_mmap_type_name(MULTIBOOT_MEMORY_NVS), "ACPI NVS");
	cr_assert_str_eq(mb2_mmap_type_name(MULTIBOOT_MEMORY_BADRAM),
			 "unusable");
	cr_assert_str_eq(mb2_mmap_type_name(0), "unknown");
	cr_assert_str_eq(mb2_mmap_type_name(12), "unknown");
}
