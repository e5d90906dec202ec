/*
 * arena.h — a per-request memory pool (after h2o's h2o_mem_pool_t).
 *
 * Everything a request needs for its own lifetime (parsed query, path
 * pieces, copies of header values, small result tables) is carved from an
 * arena and released at once when the request ends, so handlers never free
 * one by one and cannot leak on an error path. Objects owned elsewhere
 * (jansson values, store users) are registered with arena_defer and
 * released with the arena, in reverse order of registration.
 *
 * An arena belongs to one thread at a time. It never hands out more than
 * ARENA_MAX_BYTES in total: past that every allocation fails (NULL), which
 * bounds what a single request can take.
 */
#ifndef VITAAL_BASE_ARENA_H
#define VITAAL_BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#define ARENA_CHUNK_BYTES 4096                /* the first chunk; later ones double up to 64 KiB */
#define ARENA_MAX_BYTES   (64u * 1024 * 1024) /* the most one arena hands out */

struct arena_chunk;
struct arena_defer;

struct arena {
    struct arena_chunk *chunks; /* newest first */
    struct arena_defer *defers; /* newest first */
    size_t used;                /* bytes handed out, for the limit */
};

#define ARENA_INIT                                                                                 \
    {                                                                                              \
        NULL, NULL, 0                                                                              \
    }

/* Memory for size bytes aligned for any type, or NULL past ARENA_MAX_BYTES
 * (running out of memory aborts: base/xmalloc.h). Valid until
 * arena_release. Zero-filled. */
void *arena_alloc(struct arena *a, size_t size);
/* Copies of strings; NULL in gives NULL out. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Calls fn(ptr) when the arena is released. Returns 0, or ERR_TOO_LARGE
 * (past ARENA_MAX_BYTES) after calling fn(ptr) at once (so the caller's
 * object is never leaked). */
int arena_defer(struct arena *a, void (*fn)(void *), void *ptr);

/* Runs the deferred calls (newest first), frees every chunk and leaves the
 * arena empty and ready for reuse. */
void arena_release(struct arena *a);

#endif
