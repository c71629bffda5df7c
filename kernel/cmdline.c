/*
 * The kernel command line parser. kmain hands it the multiboot2 cmdline
 * string once at boot; every subsystem then asks boot_cmdline for its
 * options (cmdline_get, cmdline_has, cmdline_get_u64).
 *
 * Syntax, as in Linux's next_arg(): words are separated by blanks; the first
 * '=' in a word splits it into key and value; double quotes make blanks part
 * of the word and are removed (key="a b" and "key=a b" are the same).
 *
 * Words are copied into cl->buf as NUL-terminated key and value strings.
 * That always fits: a word needs at most one byte more than it took in the
 * line (its NUL), and consecutive words are at least one blank apart, so
 * the copies never outgrow the CMDLINE_MAX - 1 bytes of line we accept.
 *
 * A bad line is not fatal: parsing stops at the first problem, the words
 * before it stay usable, and the message names the column to look at.
 */
#include <stdarg.h>
#include "kernel/cmdline.h"
#include "kernel/string.h"
#include "kernel/vsprintf.h"

struct cmdline boot_cmdline;

struct cmdline_parser {
	struct cmdline *cl;
	const char *line;
	size_t pos;   /* index of the next byte of the line */
	size_t limit; /* bytes of the line we accept */
	size_t out;   /* index of the next free byte of cl->buf */
	char *err;
	size_t errlen;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Writes "cmdline: <message>; ignoring the rest" to the caller's buffer. */
static int __printf(2, 3) fail(struct cmdline_parser *p, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (!p->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
	n = strlen(p->err);
	snprintf(p->err + n, p->errlen - n, "; ignoring the rest");
	return -1;
}

/*
 * Copies the word at p->pos into cl->buf, dropping quotes and ending the
 * key at the first '='. Returns the buffer index of the value, or 0 for a
 * bare word (a value never starts at 0: its key's NUL comes first), or -1
 * on error. Columns in messages count from 1, as in an editor.
 */
static long copy_word(struct cmdline_parser *p)
{
	size_t start = p->pos, quote = 0, value = 0;
	bool in_quote = false;
	char c;

	for (; p->pos < p->limit; p->pos++) {
		c = p->line[p->pos];
		if (!in_quote && is_blank(c))
			break;
		if (c == '"') {
			in_quote = !in_quote;
			quote = p->pos;
		} else if (c == '=' && !value) {
			p->cl->buf[p->out++] = '\0';
			value = p->out;
		} else {
			p->cl->buf[p->out++] = c;
		}
	}
	/* Stopped by the limit inside a word that goes on: it is cut off. */
	if (p->pos == p->limit && p->line[p->pos] &&
	    (in_quote || !is_blank(p->line[p->pos])))
		return fail(p, "cmdline: longer than %d bytes at column %zu",
			    CMDLINE_MAX - 1, start + 1);
	if (in_quote)
		return fail(p, "cmdline: unterminated quote at column %zu",
			    quote + 1);
	p->cl->buf[p->out++] = '\0';
	return (long)value;
}

/* Parses the word at p->pos and records it as the next parameter. */
static int parse_word(struct cmdline_parser *p)
{
	struct cmdline *cl = p->cl;
	size_t start = p->pos, key = p->out;
	struct cmdline_param *param;
	long value;

	if (cl->nr_params == CMDLINE_MAX_PARAMS)
		return fail(p, "cmdline: more than %d words at column %zu",
			    CMDLINE_MAX_PARAMS, start + 1);
	value = copy_word(p);
	if (value < 0)
		return -1;
	if (cl->buf[key] == '\0')
		return fail(p, "cmdline: empty key at column %zu", start + 1);
	param = &cl->params[cl->nr_params++];
	param->key = &cl->buf[key];
	param->value = value ? &cl->buf[value] : NULL;
	return 0;
}

int cmdline_parse(struct cmdline *cl, const char *s, char *err, size_t errlen)
{
	size_t len = strnlen(s, CMDLINE_MAX);
	struct cmdline_parser p = {
	    .cl = cl,
	    .line = s,
	    .limit = len < CMDLINE_MAX ? len : CMDLINE_MAX - 1,
	    .err = err,
	    .errlen = errlen,
	};

	cl->nr_params = 0;
	if (errlen)
		err[0] = '\0';
	for (;;) {
		while (p.pos < p.limit && is_blank(s[p.pos]))
			p.pos++;
		if (p.pos == p.limit)
			break;
		if (parse_word(&p))
			return -1;
	}
	if (len == CMDLINE_MAX)
		return fail(&p, "cmdline: longer than %d bytes at column %zu",
			    CMDLINE_MAX - 1, p.limit + 1);
	return 0;
}

const char *cmdline_get(const struct cmdline *cl, const char *key)
{
	int i;

	for (i = cl->nr_params - 1; i >= 0; i--) {
		if (strcmp(cl->params[i].key, key) == 0)
			return cl->params[i].value ? cl->params[i].value : "";
	}
	return NULL;
}

bool cmdline_has(const struct cmdline *cl, const char *key)
{
	return cmdline_get(cl, key) != NULL;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* Binary multiples, as Linux's memparse(): 1K = 1024. */
static unsigned int suffix_shift(char c)
{
	switch (c) {
	case 'k':
	case 'K':
		return 10;
	case 'm':
	case 'M':
		return 20;
	case 'g':
	case 'G':
		return 30;
	default:
		return 0;
	}
}

int cmdline_parse_u64(const char *s, uint64_t *out)
{
	unsigned int base = 10, shift;
	uint64_t n = 0;
	int digits = 0, d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; (d = digit_value(*s)) < (int)base; s++, digits++) {
		if (n > (UINT64_MAX - (uint64_t)d) / base)
			return -1;
		n = n * base + (uint64_t)d;
	}
	shift = suffix_shift(*s);
	if (shift)
		s++;
	if (!digits || *s || n > UINT64_MAX >> shift)
		return -1;
	*out = n << shift;
	return 0;
}

int cmdline_get_u64(const struct cmdline *cl, const char *key, uint64_t *out)
{
	const char *value = cmdline_get(cl, key);

	return value ? cmdline_parse_u64(value, out) : -1;
}
