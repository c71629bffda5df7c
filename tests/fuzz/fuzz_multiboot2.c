/*
 * libFuzzer target for kernel/multiboot2.c. The input is the boot
 * information itself; it is copied into a heap block of exactly its size
 * (malloc returns 8-aligned memory, as GRUB's is) so ASan flags any read
 * past what mb2_parse was told it may read. On success, every string the
 * parser returned must lie inside the block and end there.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/multiboot2.h"

static void check_inside(const char *s, const uint8_t *buf, size_t size)
{
	const uint8_t *p = (const uint8_t *)s;

	if (p < buf || p >= buf + size || !memchr(p, '\0', buf + size - p))
		abort();
}

static void check_result(const struct mb2_info *info, const uint8_t *buf,
			 size_t size)
{
	int i;

	if (info->total_size > size || info->nr_mmap > MB2_MAX_MMAP ||
	    info->nr_modules > MB2_MAX_MODULES)
		abort();
	if (*info->cmdline)
		check_inside(info->cmdline, buf, size);
	if (*info->bootloader)
		check_inside(info->bootloader, buf, size);
	for (i = 0; i < info->nr_modules; i++)
		check_inside(info->modules[i].string, buf, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mb2_info info;
	char err[160];
	uint8_t *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (mb2_parse(buf, size, &info, err, sizeof(err)) == 0)
		check_result(&info, buf, size);
	else if (!err[0])
		abort();
	free(buf);
	return 0;
}
