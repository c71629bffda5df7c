/*
 * Kernel command line: space-separated words, each "key" or "key=value"
 * (a value may be double-quoted to hold spaces). Every subsystem reads its
 * options through this one parser. Pure C: also built for the host tests.
 *
 * Linux differs: it dispatches words to handlers registered with
 * early_param()/__setup(); keel keeps a table and lets callers ask.
 */
#ifndef KEEL_KERNEL_CMDLINE_H
#define KEEL_KERNEL_CMDLINE_H

#include "kernel/compiler.h"

#define CMDLINE_MAX	   1024 /* bytes, including the NUL */
#define CMDLINE_MAX_PARAMS 64

struct cmdline_param {
	const char *key;
	const char *value; /* NULL for a bare word, "" for "key=" */
};

struct cmdline {
	char buf[CMDLINE_MAX];
	struct cmdline_param params[CMDLINE_MAX_PARAMS];
	int nr_params;
};

/*
 * Parse @s into @cl (which owns copies of the words). Returns 0, or -1 with
 * a message in @err (at most @errlen bytes) when the line is too long, has
 * too many words, an unterminated quote, or an empty key ("=x"). On error
 * @cl holds the words parsed before the bad one, so the kernel can go on.
 */
int cmdline_parse(struct cmdline *cl, const char *s, char *err, size_t errlen);

/* Value of the last word named @key: NULL if absent, "" for a bare word. */
const char *cmdline_get(const struct cmdline *cl, const char *key);
bool cmdline_has(const struct cmdline *cl, const char *key);

/*
 * Parse all of @s as an unsigned number: decimal, 0x hex, optional K/M/G
 * suffix (powers of 1024). Returns 0 and sets *out; -1 on garbage, no
 * digits or overflow (*out untouched). The monitor uses it too.
 */
int cmdline_parse_u64(const char *s, uint64_t *out);

/*
 * Parse @key's value as an unsigned number (decimal, 0x hex, optional K/M/G
 * suffix). Returns 0 and sets *out; -1 if absent or malformed (*out untouched).
 */
int cmdline_get_u64(const struct cmdline *cl, const char *key, uint64_t *out);

/* The kernel's own command line, parsed once at boot (kernel/main.c). */
extern struct cmdline boot_cmdline;

#endif
