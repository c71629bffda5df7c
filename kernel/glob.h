/*
 * Shell-style wildcard matching ('*' any run, '?' one character), as Linux's
 * lib/glob.c; used by ktest=GLOB. Pure C: also built for the host tests.
 */
#ifndef KEEL_KERNEL_GLOB_H
#define KEEL_KERNEL_GLOB_H

#include "kernel/compiler.h"

bool glob_match(const char *pattern, const char *str);

#endif
