/*
 * vsnprintf/snprintf for the kernel (printk, panic, the stats dumps) and for
 * the host unit tests, which compare it against the C library's.
 *
 * A format is walked once: literal text is copied, each '%' spec is parsed
 * into a struct fmt_spec and then printed by the formatter for its
 * conversion. Output goes through struct outbuf, which stores what fits and
 * counts everything, so the return value is the untruncated length as C99
 * requires. Linux's lib/vsprintf.c has the same shape, plus many %p
 * extensions (%pS, %pI4, ...) that keel does not have.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "kernel/compiler.h"
#include "kernel/string.h"
#include "kernel/vsprintf.h"
#ifndef KEEL_HOST
#include "kernel/kallsyms.h"
#endif

/* The compiler's own constant: <limits.h> is not in the kernel's set. */
#define INT_MAX_VALUE __INT_MAX__

/* Flags of a conversion spec. */
#define FL_LEFT	 0x01 /* '-': pad on the right */
#define FL_ZERO	 0x02 /* '0': pad numbers with zeros */
#define FL_SPACE 0x04 /* ' ': a space before positive signed numbers */
#define FL_PLUS	 0x08 /* '+': a '+' before positive signed numbers */
#define FL_ALT	 0x10 /* '#': 0x for hex, a leading 0 for octal */

enum fmt_length {
	LEN_NONE,
	LEN_HH,
	LEN_H,
	LEN_L,
	LEN_LL,
	LEN_Z,
	LEN_T
};

struct fmt_spec {
	unsigned int flags;
	int width;     /* minimum field width, 0 if none */
	int precision; /* -1 if none */
	enum fmt_length length;
	char conv;
};

/* The caller's buffer: bytes past @size are counted but not stored. */
struct outbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void put_char(struct outbuf *out, char c)
{
	if (out->len + 1 < out->size)
		out->buf[out->len] = c;
	out->len++;
}

static void put_chars(struct outbuf *out, const char *s, size_t n)
{
	while (n--)
		put_char(out, *s++);
}

/* Padding is counted arithmetically so that a huge width stays cheap. */
static void put_pad(struct outbuf *out, char c, size_t n)
{
	size_t room = out->len + 1 < out->size ? out->size - 1 - out->len : 0;

	if (room > n)
		room = n;
	if (room)
		memset(out->buf + out->len, c, room);
	out->len += n;
}

/* Reads a decimal field width or precision, saturating instead of overflowing.
 */
static int parse_decimal(const char **fmt)
{
	int n = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		int digit = *(*fmt)++ - '0';

		n = n > (INT_MAX_VALUE - digit) / 10 ? INT_MAX_VALUE
						     : n * 10 + digit;
	}
	return n;
}

static const char *parse_flags(const char *fmt, struct fmt_spec *spec)
{
	for (;; fmt++) {
		switch (*fmt) {
		case '-':
			spec->flags |= FL_LEFT;
			break;
		case '0':
			spec->flags |= FL_ZERO;
			break;
		case ' ':
			spec->flags |= FL_SPACE;
			break;
		case '+':
			spec->flags |= FL_PLUS;
			break;
		case '#':
			spec->flags |= FL_ALT;
			break;
		default:
			return fmt;
		}
	}
}

/* A negative '*' width means '-' plus its magnitude, as in C. */
static const char *parse_width(const char *fmt, struct fmt_spec *spec,
			       va_list *ap)
{
	if (*fmt != '*') {
		spec->width = parse_decimal(&fmt);
		return fmt;
	}
	spec->width = va_arg(*ap, int);
	if (spec->width < 0) {
		spec->flags |= FL_LEFT;
		spec->width = spec->width == -INT_MAX_VALUE - 1 ? INT_MAX_VALUE
								: -spec->width;
	}
	return fmt + 1;
}

/* A negative '*' precision means no precision, as in C. */
static const char *parse_precision(const char *fmt, struct fmt_spec *spec,
				   va_list *ap)
{
	spec->precision = -1;
	if (*fmt != '.')
		return fmt;
	fmt++;
	if (*fmt != '*') {
		spec->precision = parse_decimal(&fmt);
		return fmt;
	}
	spec->precision = va_arg(*ap, int);
	if (spec->precision < 0)
		spec->precision = -1;
	return fmt + 1;
}

static const char *parse_length(const char *fmt, struct fmt_spec *spec)
{
	spec->length = LEN_NONE;
	switch (*fmt) {
	case 'h':
		if (fmt[1] == 'h') {
			spec->length = LEN_HH;
			return fmt + 2;
		}
		spec->length = LEN_H;
		return fmt + 1;
	case 'l':
		if (fmt[1] == 'l') {
			spec->length = LEN_LL;
			return fmt + 2;
		}
		spec->length = LEN_L;
		return fmt + 1;
	case 'z':
		spec->length = LEN_Z;
		return fmt + 1;
	case 't':
		spec->length = LEN_T;
		return fmt + 1;
	default:
		return fmt;
	}
}

/*
 * Parses the spec after a '%' (which @fmt points past), taking '*' arguments
 * from @ap. Returns the position after the conversion character; spec->conv
 * is 0 if the format ended inside the spec.
 */
static const char *parse_spec(const char *fmt, struct fmt_spec *spec,
			      va_list *ap)
{
	spec->flags = 0;
	fmt = parse_flags(fmt, spec);
	fmt = parse_width(fmt, spec, ap);
	fmt = parse_precision(fmt, spec, ap);
	fmt = parse_length(fmt, spec);
	spec->conv = *fmt;
	return *fmt ? fmt + 1 : fmt;
}

/* Default argument promotion passes char and short as int, so narrow here. */
static long long fetch_signed(const struct fmt_spec *spec, va_list *ap)
{
	switch (spec->length) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static unsigned long long fetch_unsigned(const struct fmt_spec *spec,
					 va_list *ap)
{
	switch (spec->length) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Writes @val's digits, most significant first, into @digits; returns count. */
static int number_digits(char *digits, unsigned long long val,
			 unsigned int base, bool upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char rev[24];
	int n = 0, i;

	do {
		rev[n++] = set[val % base];
		val /= base;
	} while (val);
	for (i = 0; i < n; i++)
		digits[i] = rev[n - 1 - i];
	return n;
}

/*
 * Lays out [spaces][prefix][zeros][digits][spaces]. @prefix is a sign or a
 * "0x"; @zeros comes from the precision or, with the '0' flag, from the width.
 */
static void put_number(struct outbuf *out, const struct fmt_spec *spec,
		       const char *prefix, const char *digits, int ndigits,
		       int zeros)
{
	size_t plen = strlen(prefix);
	size_t body = plen + (size_t)zeros + (size_t)ndigits;
	size_t width = (size_t)spec->width;
	size_t pad = width > body ? width - body : 0;

	if (spec->precision < 0 &&
	    (spec->flags & (FL_ZERO | FL_LEFT)) == FL_ZERO) {
		zeros += (int)pad;
		pad = 0;
	}
	if (!(spec->flags & FL_LEFT))
		put_pad(out, ' ', pad);
	put_chars(out, prefix, plen);
	put_pad(out, '0', (size_t)zeros);
	put_chars(out, digits, (size_t)ndigits);
	if (spec->flags & FL_LEFT)
		put_pad(out, ' ', pad);
}

static const char *sign_prefix(const struct fmt_spec *spec, bool negative)
{
	if (negative)
		return "-";
	if (spec->flags & FL_PLUS)
		return "+";
	if (spec->flags & FL_SPACE)
		return " ";
	return "";
}

/* %d %i %u %x %X %o; @negative says @mag is the magnitude of a negative %d. */
static void format_integer(struct outbuf *out, const struct fmt_spec *spec,
			   unsigned long long mag, bool negative)
{
	unsigned int base = 10;
	const char *prefix = "";
	char digits[24];
	int ndigits = 0, zeros;

	if (spec->conv == 'x' || spec->conv == 'X')
		base = 16;
	else if (spec->conv == 'o')
		base = 8;

	/* C: a zero precision prints no digits for the value zero. */
	if (mag || spec->precision != 0)
		ndigits = number_digits(digits, mag, base, spec->conv == 'X');
	zeros = spec->precision > ndigits ? spec->precision - ndigits : 0;

	if (spec->conv == 'd' || spec->conv == 'i')
		prefix = sign_prefix(spec, negative);
	else if ((spec->flags & FL_ALT) && base == 16 && mag)
		prefix = spec->conv == 'X' ? "0X" : "0x";
	else if ((spec->flags & FL_ALT) && base == 8 && !zeros &&
		 (!ndigits || digits[0] != '0'))
		zeros = 1;
	put_number(out, spec, prefix, digits, ndigits, zeros);
}

/* %p: always "0x" and all 16 digits, so addresses line up in dumps. */
static void format_pointer(struct outbuf *out, const struct fmt_spec *spec,
			   const void *p)
{
	struct fmt_spec hex = {
	    .flags = spec->flags & FL_LEFT,
	    .width = spec->width,
	    .precision = 16,
	    .conv = 'x',
	};
	char digits[24];
	int ndigits = number_digits(digits, (uintptr_t)p, 16, false);

	put_number(out, &hex, "0x", digits, ndigits, 16 - ndigits);
}

static void put_padded(struct outbuf *out, const struct fmt_spec *spec,
		       const char *s, size_t n);

/*
 * %pS (Linux's): the kernel function containing the address, as
 * "name+0xoff/0xsize", from kallsyms. The host build has no kernel symbol
 * table, so there (and for an address outside the kernel text) it prints
 * the address as %p does.
 */
static void format_symbol(struct outbuf *out, const struct fmt_spec *spec,
			  const void *p)
{
#ifndef KEEL_HOST
	uint64_t off, size;
	const char *name = kallsyms_lookup((uint64_t)(uintptr_t)p, &off, &size);
	char sym[128];

	if (name) {
		int n =
		    snprintf(sym, sizeof(sym), "%s+0x%llx/0x%llx", name,
			     (unsigned long long)off, (unsigned long long)size);

		put_padded(out, spec, sym,
			   (size_t)n < sizeof(sym) ? (size_t)n
						   : sizeof(sym) - 1);
		return;
	}
#endif
	format_pointer(out, spec, p);
}

static void put_padded(struct outbuf *out, const struct fmt_spec *spec,
		       const char *s, size_t n)
{
	size_t width = (size_t)spec->width;
	size_t pad = width > n ? width - n : 0;

	if (!(spec->flags & FL_LEFT))
		put_pad(out, ' ', pad);
	put_chars(out, s, n);
	if (spec->flags & FL_LEFT)
		put_pad(out, ' ', pad);
}

static void format_string(struct outbuf *out, const struct fmt_spec *spec,
			  const char *s)
{
	size_t n;

	if (!s)
		s = "(null)";
	n = spec->precision >= 0 ? strnlen(s, (size_t)spec->precision)
				 : strlen(s);
	put_padded(out, spec, s, n);
}

/* Handles one parsed spec whose conversion is a known one. */
static void format_one(struct outbuf *out, const struct fmt_spec *spec,
		       va_list *ap)
{
	long long sval;
	char c;

	switch (spec->conv) {
	case 'd':
	case 'i':
		sval = fetch_signed(spec, ap);
		/* Negate in unsigned arithmetic: -LLONG_MIN overflows. */
		format_integer(out, spec,
			       sval < 0 ? 0ULL - (unsigned long long)sval
					: (unsigned long long)sval,
			       sval < 0);
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		format_integer(out, spec, fetch_unsigned(spec, ap), false);
		break;
	case 'p':
		format_pointer(out, spec, va_arg(*ap, void *));
		break;
	case 's':
		format_string(out, spec, va_arg(*ap, const char *));
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		put_padded(out, spec, &c, 1);
		break;
	case '%':
		put_char(out, '%');
		break;
	}
}

static bool is_conversion(char c)
{
	return c && strchr("diuxXopsc%", c);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf out = {.buf = buf, .size = size, .len = 0};
	struct fmt_spec spec;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		const char *start = fmt;

		if (*fmt != '%') {
			put_char(&out, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &spec, &args);
		if (spec.conv == 'p' && *fmt == 'S') {
			fmt++;
			format_symbol(&out, &spec, va_arg(args, void *));
		} else if (is_conversion(spec.conv))
			format_one(&out, &spec, &args);
		else
			/* Unknown conversion: show the spec as written. */
			put_chars(&out, start, (size_t)(fmt - start));
	}
	va_end(args);

	if (size)
		buf[out.len < size ? out.len : size - 1] = '\0';
	return out.len > (size_t)INT_MAX_VALUE ? INT_MAX_VALUE : (int)out.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
