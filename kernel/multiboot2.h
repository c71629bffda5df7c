/*
 * multiboot2 boot information: the tags GRUB leaves in memory for us.
 * Format: The Multiboot2 Specification, section 3.6 "Boot information":
 * an 8-byte header (u32 total_size, u32 reserved) followed by tags, each
 * { u32 type; u32 size; ... } padded to 8 bytes, ending with a type-0 tag
 * of size 8. Pure C: also built for the host tests, which feed it crafted
 * (truncated, oversized, zero-size, unaligned) buffers.
 */
#ifndef KEEL_KERNEL_MULTIBOOT2_H
#define KEEL_KERNEL_MULTIBOOT2_H

#include "kernel/compiler.h"

#define MULTIBOOT2_BOOTLOADER_MAGIC	  0x36d76289u

#define MULTIBOOT_TAG_TYPE_END		  0
#define MULTIBOOT_TAG_TYPE_CMDLINE	  1
#define MULTIBOOT_TAG_TYPE_BOOT_LOADER	  2
#define MULTIBOOT_TAG_TYPE_MODULE	  3
#define MULTIBOOT_TAG_TYPE_BASIC_MEMINFO  4
#define MULTIBOOT_TAG_TYPE_MMAP		  6

#define MULTIBOOT_MEMORY_AVAILABLE	  1
#define MULTIBOOT_MEMORY_RESERVED	  2
#define MULTIBOOT_MEMORY_ACPI_RECLAIMABLE 3
#define MULTIBOOT_MEMORY_NVS		  4
#define MULTIBOOT_MEMORY_BADRAM		  5

#define MB2_MAX_MMAP			  128
#define MB2_MAX_MODULES			  16
/* Largest boot information we accept; GRUB's is a few KiB. */
#define MB2_MAX_TOTAL_SIZE (1u << 20)

struct mb2_mmap_entry {
	uint64_t addr;
	uint64_t len;
	uint32_t type;
};

struct mb2_module {
	uint32_t mod_start; /* physical, inclusive */
	uint32_t mod_end;   /* physical, exclusive */
	const char *string; /* points into the boot information */
};

/* What keel takes from the boot information; pointers point into it. */
struct mb2_info {
	uint32_t total_size;
	const char *cmdline;	/* "" if no tag */
	const char *bootloader; /* "" if no tag */
	struct mb2_mmap_entry mmap[MB2_MAX_MMAP];
	int nr_mmap;
	struct mb2_module modules[MB2_MAX_MODULES];
	int nr_modules;
};

/*
 * Parse the boot information at @mbi, of which at most @avail bytes may be
 * read. Returns 0 and fills @out, or -1 with a message in @err saying what
 * is wrong (misaligned start, total_size smaller than 16 or larger than
 * @avail, a tag smaller than 8 bytes or running past the end, a string tag
 * without its NUL, an mmap tag with a bad entry_size, no end tag). Never
 * reads outside [mbi, mbi + min(avail, total_size)). Unknown tags are skipped.
 * More than MB2_MAX_MMAP entries or MB2_MAX_MODULES modules is an error.
 */
int mb2_parse(const void *mbi, size_t avail, struct mb2_info *out, char *err,
	      size_t errlen);

/* Linux's e820 type names, for the boot-time memory map printout. */
const char *mb2_mmap_type_name(uint32_t type);

#endif
