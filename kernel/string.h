/*
 * The handful of <string.h> functions the kernel needs (kernel/string.c).
 * On the host (KEEL_HOST) the C library's own are used instead.
 */
#ifndef KEEL_KERNEL_STRING_H
#define KEEL_KERNEL_STRING_H

#include <stddef.h>

#ifdef KEEL_HOST
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
#endif

#endif
