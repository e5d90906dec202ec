/*
 * ratelimit.c — the sliding-window failure counter of ratelimit.h: a flat
 * table of keys, each with the times of its recent failures in a ring.
 */
#include "http/ratelimit.h"

#include "base/error.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define RATELIMIT_RING 16

struct entry {
    uint64_t hash; /* 0: free slot */
    char key[RATELIMIT_KEY_MAX];
    int64_t times[RATELIMIT_RING]; /* the last failures, oldest at head */
    size_t head, n;
    int64_t last; /* the newest failure */
};

struct ratelimit {
    pthread_mutex_t lock;
    size_t max_failures;
    int64_t window;
    size_t capacity;
    struct entry *entries;
};

static uint64_t hash_key(const char *key)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *key; key++) {
        h ^= (unsigned char)*key;
        h *= 1099511628211ull;
    }
    return h ? h : 1;
}

int ratelimit_new(size_t max_failures, int64_t window_s, size_t capacity, struct ratelimit **out)
{
    struct ratelimit *r = calloc(1, sizeof *r);
    *out = NULL;
    if (r == NULL)
        return ERR_NOMEM;
    if (max_failures < 1)
        max_failures = 1;
    if (max_failures > RATELIMIT_RING)
        max_failures = RATELIMIT_RING;
    r->max_failures = max_failures;
    r->window = window_s;
    r->capacity = capacity ? capacity : 1;
    r->entries = calloc(r->capacity, sizeof *r->entries);
    if (r->entries == NULL) {
        free(r);
        return ERR_NOMEM;
    }
    pthread_mutex_init(&r->lock, NULL);
    *out = r;
    return 0;
}

void ratelimit_free(struct ratelimit *r)
{
    if (r == NULL)
        return;
    pthread_mutex_destroy(&r->lock);
    free(r->entries);
    free(r);
}

static struct entry *find(struct ratelimit *r, const char *key, uint64_t h)
{
    size_t i;
    for (i = 0; i < r->capacity; i++) {
        struct entry *x = &r->entries[i];
        if (x->hash == h && strncmp(x->key, key, sizeof x->key - 1) == 0)
            return x;
    }
    return NULL;
}

/* Drops failures that left the window. */
static void expire(struct ratelimit *r, struct entry *x, int64_t now)
{
    while (x->n > 0 && x->times[x->head] + r->window <= now) {
        x->head = (x->head + 1) % RATELIMIT_RING;
        x->n--;
    }
}

int64_t ratelimit_wait(struct ratelimit *r, const char *key, int64_t now)
{
    struct entry *x;
    int64_t wait = 0;
    pthread_mutex_lock(&r->lock);
    x = find(r, key, hash_key(key));
    if (x) {
        expire(r, x, now);
        if (x->n >= r->max_failures) {
            /* the oldest failure that still counts towards the limit */
            size_t first = (x->head + x->n - r->max_failures) % RATELIMIT_RING;
            wait = x->times[first] + r->window - now;
            if (wait < 1)
                wait = 1;
        }
    }
    pthread_mutex_unlock(&r->lock);
    return wait;
}

void ratelimit_fail(struct ratelimit *r, const char *key, int64_t now)
{
    uint64_t h = hash_key(key);
    struct entry *x;
    size_t i;
    pthread_mutex_lock(&r->lock);
    x = find(r, key, h);
    if (x == NULL) {
        /* a free slot, else the key idle longest */
        struct entry *victim = NULL;
        for (i = 0; i < r->capacity; i++) {
            struct entry *y = &r->entries[i];
            if (y->hash == 0 || y->last + r->window <= now) {
                victim = y;
                break;
            }
            if (victim == NULL || y->last < victim->last)
                victim = y;
        }
        x = victim;
        memset(x, 0, sizeof *x);
        x->hash = h;
        strncpy(x->key, key, sizeof x->key - 1);
    }
    expire(r, x, now);
    if (x->n == RATELIMIT_RING) {
        x->head = (x->head + 1) % RATELIMIT_RING;
        x->n--;
    }
    x->times[(x->head + x->n) % RATELIMIT_RING] = now;
    x->n++;
    x->last = now;
    pthread_mutex_unlock(&r->lock);
}

void ratelimit_clear(struct ratelimit *r, const char *key)
{
    struct entry *x;
    pthread_mutex_lock(&r->lock);
    x = find(r, key, hash_key(key));
    if (x)
        memset(x, 0, sizeof *x);
    pthread_mutex_unlock(&r->lock);
}
