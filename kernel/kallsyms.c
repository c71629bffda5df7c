/*
 * Symbol lookup over the table scripts/kallsyms.sh generates from `nm -n`
 * of a first link: sorted addresses, offsets into a blob of names.
 * Linux differs: it compresses names with a token table to save space.
 */
#include "kernel/kallsyms.h"

extern const uint64_t kallsyms_num;
extern const uint64_t kallsyms_addrs[];
extern const uint32_t kallsyms_name_offs[];
extern const char kallsyms_names[];
extern const char _text[], _etext[];

const char *kallsyms_lookup(uint64_t addr, uint64_t *offset, uint64_t *size)
{
	uint64_t lo = 0, hi = kallsyms_num;

	if (addr < (uint64_t)_text || addr >= (uint64_t)_etext || !hi)
		return NULL;
	while (hi - lo > 1) { /* last symbol with address <= addr */
		uint64_t mid = (lo + hi) / 2;

		if (kallsyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (kallsyms_addrs[lo] > addr)
		return NULL;
	*offset = addr - kallsyms_addrs[lo];
	*size = (lo + 1 < kallsyms_num ? kallsyms_addrs[lo + 1]
				       : (uint64_t)_etext) -
		kallsyms_addrs[lo];
	return kallsyms_names + kallsyms_name_offs[lo];
}
