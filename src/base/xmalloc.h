/*
 * xmalloc.h — allocation that cannot fail (after git's wrapper.c and redis's
 * zmalloc): the project's one memory policy.
 *
 * Running out of memory is not an error a caller handles: xmalloc and
 * friends print "vitaal: out of memory (N bytes)" to stderr and abort(), so
 * they never return NULL and no code carries an out-of-memory branch. Code
 * in src/ calls these, never malloc, calloc, realloc or strdup directly
 * (scripts/check-rules.sh checks it). jansson allocates through xmalloc too:
 * this module sets its allocator when the program loads, before main.
 *
 * Memory from these is released with free(). Libraries that allocate on
 * their own (libsodium, SQLite, libpq, libcurl, cairo) still report their
 * failures as their own errors.
 */
#ifndef VITAAL_BASE_XMALLOC_H
#define VITAAL_BASE_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
/* Zero-filled; aborts also when n * size overflows. */
void *xcalloc(size_t n, size_t size);
/* Like realloc; xrealloc(p, 0) returns a valid (one-byte) block. */
void *xrealloc(void *p, size_t size);
/* Copies; xstrdup(NULL) returns NULL. */
char *xstrdup(const char *s);
/* At most len bytes of s, NUL-terminated. */
char *xstrndup(const char *s, size_t len);
/* A new formatted string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* Prints the message and aborts (for sizes that overflow, and for use by
 * callers of libraries whose allocators are vitaal's). */
_Noreturn void xmalloc_die(size_t size);

#endif
