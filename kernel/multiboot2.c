/*
 * multiboot2 boot information parser. boot/ passes kmain the address GRUB
 * left in %ebx; mb2_parse() turns it into struct mb2_info (command line,
 * boot loader name, modules such as the initrd, the memory map that
 * memblock starts from) before anything else trusts it.
 *
 * The layout is The Multiboot2 Specification, section 3.6 "Boot
 * information". Every offset below is checked before it is read: the buffer
 * is treated as untrusted input, and the host tests and a fuzzer feed it
 * truncated and malformed ones. All offsets fit in 32 bits because
 * total_size is capped at MB2_MAX_TOTAL_SIZE.
 */
#include <stdarg.h>
#include "kernel/multiboot2.h"
#include "kernel/string.h"
#include "kernel/vsprintf.h"

/*
 * Section 3.6.2: the fixed header is { u32 total_size; u32 reserved; }, and
 * every tag starts with { u32 type; u32 size; } where size counts the tag's
 * header and payload but not the padding that aligns the next tag to 8.
 */
#define MB2_HEADER_SIZE	 8
#define MB2_TAG_HEADER	 8
#define MB2_TAG_ALIGN	 8
#define MB2_MIN_TOTAL	 (MB2_HEADER_SIZE + MB2_TAG_HEADER) /* end tag only */
#define MB2_END_TAG_SIZE 8

/* Section 3.6.6: module tag = header, u32 mod_start, u32 mod_end, string. */
#define MB2_MODULE_START  8
#define MB2_MODULE_END	  12
#define MB2_MODULE_STRING 16

/*
 * Section 3.6.8: mmap tag = header, u32 entry_size, u32 entry_version, then
 * entries { u64 base_addr; u64 length; u32 type; u32 reserved; }. A later
 * version may lengthen entries, so step by entry_size, not by 24.
 */
#define MB2_MMAP_ESIZE_OFF   8
#define MB2_MMAP_FIRST_ENTRY 16
#define MB2_MMAP_MIN_ENTRY   24
#define MB2_MMAP_ENTRY_ADDR  0
#define MB2_MMAP_ENTRY_LEN   8
#define MB2_MMAP_ENTRY_TYPE  16

struct mb2_parser {
	const uint8_t *base;
	uint32_t total; /* validated total_size */
	struct mb2_info *out;
	char *err;
	size_t errlen;
};

/* Fields are naturally aligned once the start is, but memcpy keeps C happy. */
static uint32_t get_u32(const struct mb2_parser *p, uint32_t off)
{
	uint32_t v;

	__builtin_memcpy(&v, p->base + off, sizeof(v));
	return v;
}

static uint64_t get_u64(const struct mb2_parser *p, uint32_t off)
{
	uint64_t v;

	__builtin_memcpy(&v, p->base + off, sizeof(v));
	return v;
}

static int __printf(2, 3) fail(struct mb2_parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err, p->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Checks the fixed header; on success p->total is safe to read up to. */
static int check_header(struct mb2_parser *p, size_t avail)
{
	uint32_t total;

	if ((uintptr_t)p->base % MB2_TAG_ALIGN)
		return fail(p,
			    "multiboot2: boot information at %p is not "
			    "8-byte aligned",
			    (const void *)p->base);
	if (avail < MB2_MIN_TOTAL)
		return fail(p,
			    "multiboot2: only %zu bytes available, less "
			    "than the minimum of %d",
			    avail, MB2_MIN_TOTAL);
	total = get_u32(p, 0);
	if (total < MB2_MIN_TOTAL)
		return fail(p,
			    "multiboot2: total_size %u is less than the "
			    "minimum of %d",
			    total, MB2_MIN_TOTAL);
	if (total > MB2_MAX_TOTAL_SIZE)
		return fail(p,
			    "multiboot2: total_size 0x%x is larger than "
			    "the 0x%x we accept",
			    total, MB2_MAX_TOTAL_SIZE);
	if (total > avail)
		return fail(p,
			    "multiboot2: total_size 0x%x is larger than "
			    "the 0x%zx bytes available",
			    total, avail);
	p->total = total;
	return 0;
}

/* Points *dst at the string at @str_off in the tag, if it ends inside it. */
static int tag_string(struct mb2_parser *p, uint32_t off, uint32_t size,
		      uint32_t str_off, const char **dst)
{
	const char *s = (const char *)p->base + off + str_off;
	uint32_t room = size > str_off ? size - str_off : 0;

	if (strnlen(s, room) == room)
		return fail(p,
			    "multiboot2: tag type %u at offset 0x%x: string "
			    "has no NUL within the tag's %u bytes",
			    get_u32(p, off), off, size);
	*dst = s;
	return 0;
}

static int parse_module(struct mb2_parser *p, uint32_t off, uint32_t size)
{
	struct mb2_info *out = p->out;
	struct mb2_module *mod;

	if (size < MB2_MODULE_STRING)
		return fail(p,
			    "multiboot2: module tag at offset 0x%x has "
			    "size %u, too small for its fields",
			    off, size);
	if (out->nr_modules == MB2_MAX_MODULES)
		return fail(p,
			    "multiboot2: more than %d modules (tag at "
			    "offset 0x%x)",
			    MB2_MAX_MODULES, off);
	mod = &out->modules[out->nr_modules];
	mod->mod_start = get_u32(p, off + MB2_MODULE_START);
	mod->mod_end = get_u32(p, off + MB2_MODULE_END);
	if (mod->mod_end < mod->mod_start)
		return fail(p,
			    "multiboot2: module at offset 0x%x ends at 0x%x, "
			    "before its start 0x%x",
			    off, mod->mod_end, mod->mod_start);
	if (tag_string(p, off, size, MB2_MODULE_STRING, &mod->string))
		return -1;
	out->nr_modules++;
	return 0;
}

static void read_mmap_entry(struct mb2_parser *p, uint32_t at,
			    struct mb2_mmap_entry *e)
{
	e->addr = get_u64(p, at + MB2_MMAP_ENTRY_ADDR);
	e->len = get_u64(p, at + MB2_MMAP_ENTRY_LEN);
	e->type = get_u32(p, at + MB2_MMAP_ENTRY_TYPE);
}

static int parse_mmap(struct mb2_parser *p, uint32_t off, uint32_t size)
{
	struct mb2_info *out = p->out;
	uint32_t esize, at;

	if (size < MB2_MMAP_FIRST_ENTRY)
		return fail(p,
			    "multiboot2: mmap tag at offset 0x%x has size "
			    "%u, too small for its header",
			    off, size);
	esize = get_u32(p, off + MB2_MMAP_ESIZE_OFF);
	if (esize < MB2_MMAP_MIN_ENTRY || esize % 8)
		return fail(p,
			    "multiboot2: mmap tag at offset 0x%x has "
			    "entry_size %u; need a multiple of 8, at least "
			    "%d",
			    off, esize, MB2_MMAP_MIN_ENTRY);
	if ((size - MB2_MMAP_FIRST_ENTRY) % esize)
		return fail(p,
			    "multiboot2: mmap tag at offset 0x%x has size "
			    "%u, not 16 plus whole %u-byte entries",
			    off, size, esize);
	for (at = off + MB2_MMAP_FIRST_ENTRY; at < off + size; at += esize) {
		if (out->nr_mmap == MB2_MAX_MMAP)
			return fail(p,
				    "multiboot2: more than %d mmap entries "
				    "(tag at offset 0x%x)",
				    MB2_MAX_MMAP, off);
		read_mmap_entry(p, at, &out->mmap[out->nr_mmap++]);
	}
	return 0;
}

/* Dispatches a tag whose header has been checked; unknown tags are skipped. */
static int parse_tag(struct mb2_parser *p, uint32_t off, uint32_t type,
		     uint32_t size)
{
	switch (type) {
	case MULTIBOOT_TAG_TYPE_CMDLINE:
		return tag_string(p, off, size, MB2_TAG_HEADER,
				  &p->out->cmdline);
	case MULTIBOOT_TAG_TYPE_BOOT_LOADER:
		return tag_string(p, off, size, MB2_TAG_HEADER,
				  &p->out->bootloader);
	case MULTIBOOT_TAG_TYPE_MODULE:
		return parse_module(p, off, size);
	case MULTIBOOT_TAG_TYPE_MMAP:
		return parse_mmap(p, off, size);
	default:
		return 0;
	}
}

/* Walks the tags; returns 0 once the end tag is found. */
static int parse_tags(struct mb2_parser *p)
{
	uint32_t off, type, size;

	for (off = MB2_HEADER_SIZE; off < p->total;
	     off += ALIGN(size, MB2_TAG_ALIGN)) {
		if (p->total - off < MB2_TAG_HEADER)
			return fail(p,
				    "multiboot2: tag at offset 0x%x: header "
				    "runs past total_size 0x%x",
				    off, p->total);
		type = get_u32(p, off);
		size = get_u32(p, off + 4);
		if (size < MB2_TAG_HEADER)
			return fail(p,
				    "multiboot2: tag type %u at offset 0x%x "
				    "has size %u, less than 8",
				    type, off, size);
		if (size > p->total - off)
			return fail(p,
				    "multiboot2: tag type %u at offset 0x%x "
				    "has size 0x%x, runs past total_size "
				    "0x%x",
				    type, off, size, p->total);
		if (type == MULTIBOOT_TAG_TYPE_END) {
			if (size != MB2_END_TAG_SIZE)
				return fail(p,
					    "multiboot2: end tag at offset "
					    "0x%x has size %u, not 8",
					    off, size);
			return 0;
		}
		if (parse_tag(p, off, type, size))
			return -1;
	}
	return fail(p, "multiboot2: no end tag within total_size 0x%x",
		    p->total);
}

int mb2_parse(const void *mbi, size_t avail, struct mb2_info *out, char *err,
	      size_t errlen)
{
	struct mb2_parser p = {
	    .base = mbi,
	    .out = out,
	    .err = err,
	    .errlen = errlen,
	};

	memset(out, 0, sizeof(*out));
	out->cmdline = "";
	out->bootloader = "";
	if (errlen)
		err[0] = '\0';
	if (check_header(&p, avail))
		return -1;
	out->total_size = p.total;
	return parse_tags(&p);
}

const char *mb2_mmap_type_name(uint32_t type)
{
	switch (type) {
	case MULTIBOOT_MEMORY_AVAILABLE:
		return "usable";
	case MULTIBOOT_MEMORY_RESERVED:
		return "reserved";
	case MULTIBOOT_MEMORY_ACPI_RECLAIMABLE:
		return "ACPI data";
	case MULTIBOOT_MEMORY_NVS:
		return "ACPI NVS";
	case MULTIBOOT_MEMORY_BADRAM:
		return "unusable";
	default:
		return "unknown";
	}
}
