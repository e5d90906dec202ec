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
 * An arena belongs to one thread at a time. There are two kinds:
 *
 * - bounded (ARENA_INIT, or a zeroed struct arena: a request's and a
 *   document's): it never hands out more than ARENA_MAX_BYTES in total; past
 *   that every allocation fails (NULL) and arena_defer returns ERR_TOO_LARGE,
 *   which bounds what a single request can take (http/ answers 413);
 * - unbounded (ARENA_INIT_UNBOUNDED or arena_init_unbounded: the memory of a
 *   domain result, which the store's contents bound, not the caller): its
 *   allocations never fail and arena_defer always returns 0, so callers need
 *   no NULL checks. Running out of memory aborts in both (base/xmalloc.h).
 *
 * A result struct that owns an arena frees everything with one
 * arena_release; results nested in it may allocate from the parent's arena.
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
    int unbounded;              /* 1: no ARENA_MAX_BYTES limit (a result's arena) */
};

#define ARENA_INIT                                                                                 \
    {                                                                                              \
        NULL, NULL, 0, 0                                                                           \
    }
#define ARENA_INIT_UNBOUNDED                                                                       \
    {                                                                                              \
        NULL, NULL, 0, 1                                                                           \
    }

/* Makes *a an empty unbounded arena (what ARENA_INIT_UNBOUNDED gives). */
void arena_init_unbounded(struct arena *a);

/* Memory for size bytes aligned for any type, or NULL past ARENA_MAX_BYTES
 * in a bounded arena; never NULL in an unbounded one (running out of memory
 * aborts: base/xmalloc.h). Valid until arena_release. Zero-filled. */
void *arena_alloc(struct arena *a, size_t size);
/* Room for n elements of size bytes each (zero-filled); NULL as arena_alloc,
 * and when n x size overflows. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* Grows (or shrinks) the block p of old_size bytes, from this arena or NULL,
 * to new_size: in place when p is the arena's last allocation and its chunk
 * has room, else a zero-filled copy (the old block stays until release).
 * NULL as arena_alloc (then p is unchanged). For arrays built one element
 * at a time: grow the capacity by doubling. */
void *arena_realloc(struct arena *a, void *p, size_t old_size, size_t new_size);
/* Copies of strings; NULL in gives NULL out. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Calls fn(ptr) when the arena is released. Returns 0, or (bounded arenas
 * only) ERR_TOO_LARGE past ARENA_MAX_BYTES after calling fn(ptr) at once
 * (so the caller's object is never leaked). */
int arena_defer(struct arena *a, void (*fn)(void *), void *ptr);

/* json_decref as a function for arena_defer: a jansson value that an
 * arena's owner holds goes with the arena. */
void arena_free_json(void *value);

/* Runs the deferred calls (newest first), frees every chunk and leaves the
 * arena empty and ready for reuse (bounded or not as before). A zeroed arena
 * or one already released is a no-op. */
void arena_release(struct arena *a);

#endif
