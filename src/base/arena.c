/*
 * arena.c — the per-request memory pool (see arena.h): bump allocation in
 * chunks, a list of deferred releases, one release at the end.
 */
#include "base/arena.h"

#include "base/error.h"
#include "base/xmalloc.h"

#include <jansson.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK_MAX_BYTES (64u * 1024)

struct arena_chunk {
    struct arena_chunk *next;
    size_t size; /* bytes in data */
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

struct arena_defer {
    struct arena_defer *next;
    void (*fn)(void *);
    void *ptr;
};

static size_t align_up(size_t n)
{
    size_t a = alignof(max_align_t);
    return (n + a - 1) & ~(a - 1);
}

void arena_init_unbounded(struct arena *a)
{
    struct arena init = ARENA_INIT_UNBOUNDED;
    *a = init;
}

void *arena_alloc(struct arena *a, size_t size)
{
    struct arena_chunk *c = a->chunks;
    void *p;

    if (size > SIZE_MAX - alignof(max_align_t))
        xmalloc_die(size); /* no arena can hand that out; align_up would wrap */
    size = align_up(size ? size : 1);
    if (!a->unbounded && (size > ARENA_MAX_BYTES || a->used > ARENA_MAX_BYTES - size))
        return NULL;
    if (c == NULL || c->size - c->used < size) {
        size_t want = c ? c->size * 2 : ARENA_CHUNK_BYTES;
        if (want > ARENA_CHUNK_MAX_BYTES)
            want = ARENA_CHUNK_MAX_BYTES;
        if (want < size)
            want = size; /* a large block gets a chunk of its own */
        c = xmalloc(sizeof *c + want);
        c->size = want;
        c->used = 0;
        if (a->chunks && want == size && a->chunks->size - a->chunks->used > 256) {
            /* keep filling the current chunk: put the big block behind it */
            c->next = a->chunks->next;
            a->chunks->next = c;
        } else {
            c->next = a->chunks;
            a->chunks = c;
        }
    }
    p = c->data + c->used;
    c->used += size;
    a->used += size;
    memset(p, 0, size);
    return p;
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        if (a->unbounded)
            xmalloc_die(SIZE_MAX);
        return NULL;
    }
    return arena_alloc(a, n * size);
}

void *arena_realloc(struct arena *a, void *p, size_t old_size, size_t new_size)
{
    struct arena_chunk *c = a->chunks;
    size_t old_aligned = align_up(old_size ? old_size : 1), new_aligned;
    void *q;

    if (p && new_size <= old_size)
        return p;
    if (new_size > SIZE_MAX - alignof(max_align_t))
        xmalloc_die(new_size);
    new_aligned = align_up(new_size);
    /* the last block of the newest chunk grows where it is */
    if (p && c && (unsigned char *)p + old_aligned == c->data + c->used &&
        c->size - c->used >= new_aligned - old_aligned &&
        (a->unbounded || a->used <= ARENA_MAX_BYTES - (new_aligned - old_aligned))) {
        memset((unsigned char *)p + old_aligned, 0, new_aligned - old_aligned);
        c->used += new_aligned - old_aligned;
        a->used += new_aligned - old_aligned;
        return p;
    }
    if ((q = arena_alloc(a, new_size)) == NULL)
        return NULL;
    if (p && old_size)
        memcpy(q, p, old_size);
    return q;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
    char *p;
    if (s == NULL || len == SIZE_MAX)
        return NULL;
    p = arena_alloc(a, len + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || (p = arena_alloc(a, (size_t)n + 1)) == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

int arena_defer(struct arena *a, void (*fn)(void *), void *ptr)
{
    struct arena_defer *d = arena_alloc(a, sizeof *d);
    if (d == NULL) {
        fn(ptr);
        return ERR_TOO_LARGE;
    }
    d->fn = fn;
    d->ptr = ptr;
    d->next = a->defers;
    a->defers = d;
    return 0;
}

void arena_release(struct arena *a)
{
    struct arena_chunk *c, *next;
    struct arena_defer *d;
    /* deferred calls first: their records live in the chunks */
    for (d = a->defers; d; d = d->next)
        d->fn(d->ptr);
    for (c = a->chunks; c; c = next) {
        next = c->next;
        free(c);
    }
    a->chunks = NULL;
    a->defers = NULL;
    a->used = 0; /* a->unbounded stays */
}

void arena_free_json(void *value)
{
    json_decref(value);
}
