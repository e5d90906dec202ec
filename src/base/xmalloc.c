/*
 * xmalloc.c — allocation that aborts when memory runs out (see xmalloc.h),
 * and jansson's allocator set to it when the program loads.
 */
#include "base/xmalloc.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void xmalloc_die(size_t size)
{
    fprintf(stderr, "vitaal: out of memory (%zu bytes)\n", size);
    abort();
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (p == NULL)
        xmalloc_die(size);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p;
    if (size && n > SIZE_MAX / size)
        xmalloc_die(SIZE_MAX);
    p = calloc(n && size ? n : 1, n && size ? size : 1);
    if (p == NULL)
        xmalloc_die(n * size);
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (q == NULL)
        xmalloc_die(size);
    return q;
}

char *xstrndup(const char *s, size_t len)
{
    char *p;
    if (s == NULL)
        return NULL;
    len = strnlen(s, len);
    p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *xstrdup(const char *s)
{
    size_t len;
    char *p;
    if (s == NULL)
        return NULL;
    len = strlen(s);
    p = xmalloc(len + 1);
    memcpy(p, s, len + 1);
    return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
    va_list copy;
    int n;
    char *p;
    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) /* a bad format or wide character: no memory problem, but never NULL */
        return xstrdup("");
    p = xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *p;
    va_start(ap, fmt);
    p = xvasprintf(fmt, ap);
    va_end(ap);
    return p;
}

/* jansson's allocations abort like ours: a json_object() or json_string()
 * NULL then only means bad input (invalid UTF-8), never lack of memory. Set
 * before main, so no binary that links vitaal (the program, the tests, the
 * fuzz targets) can forget it. */
__attribute__((constructor)) static void xmalloc_set_jansson(void)
{
    json_set_alloc_funcs(xmalloc, free);
}
