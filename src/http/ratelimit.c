/*
 * ratelimit.c — the growing-delay failure counter of ratelimit.h: a flat
 * table of keys, each with its number of failures and the time of the last.
 */
#include "http/ratelimit.h"

#include "base/error.h"
#include "base/xmalloc.h"
#include "store/shared.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RATELIMIT_RING 16

struct entry {
    uint64_t hash; /* 0: free slot */
    char key[RATELIMIT_KEY_MAX];
    uint32_t failures; /* since the key was last forgotten or cleared */
    int64_t last;      /* the newest failure, milliseconds */
};

struct ratelimit {
    pthread_mutex_t lock;
    size_t free_failures;
    int64_t max_delay, forget;
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

struct ratelimit *ratelimit_new(size_t free_failures, int64_t max_delay_s, int64_t forget_s,
                                size_t capacity)
{
    struct ratelimit *r = xcalloc(1, sizeof *r);
    r->free_failures = free_failures;
    r->max_delay = (max_delay_s > 0 ? max_delay_s : 1) * 1000;
    r->forget = (forget_s > 0 ? forget_s : 1) * 1000;
    if (r->forget < r->max_delay)
        r->forget = r->max_delay;
    r->capacity = capacity ? capacity : 1;
    r->entries = xcalloc(r->capacity, sizeof *r->entries);
    pthread_mutex_init(&r->lock, NULL);
    return r;
}

void ratelimit_free(struct ratelimit *r)
{
    if (r == NULL)
        return;
    pthread_mutex_destroy(&r->lock);
    free(r->entries);
    free(r);
}

/* The live entry of key, or NULL; an entry forgotten by now is freed. */
static struct entry *find(struct ratelimit *r, const char *key, uint64_t h, int64_t now)
{
    size_t i;
    for (i = 0; i < r->capacity; i++) {
        struct entry *x = &r->entries[i];
        if (x->hash == h && strncmp(x->key, key, sizeof x->key - 1) == 0) {
            if (x->last + r->forget <= now) {
                memset(x, 0, sizeof *x);
                return NULL;
            }
            return x;
        }
    }
    return NULL;
}

/* The delay after n failures, milliseconds: none for the free ones, then
 * 1, 2, 4 ... s. */
static int64_t delay_after(const struct ratelimit *r, uint32_t n)
{
    uint32_t over;
    if (n < r->free_failures)
        return 0;
    over = n - (uint32_t)r->free_failures;
    return over >= 30 || ((int64_t)1000 << over) > r->max_delay ? r->max_delay
                                                                : (int64_t)1000 << over;
}

int64_t ratelimit_wait(struct ratelimit *r, const char *key, int64_t now_ms)
{
    struct entry *x;
    int64_t wait = 0;
    pthread_mutex_lock(&r->lock);
    x = find(r, key, hash_key(key), now_ms);
    if (x)
        wait = x->last + delay_after(r, x->failures) - now_ms;
    pthread_mutex_unlock(&r->lock);
    return wait > 0 ? wait : 0;
}

void ratelimit_fail(struct ratelimit *r, const char *key, int64_t now_ms)
{
    uint64_t h = hash_key(key);
    struct entry *x;
    size_t i;
    pthread_mutex_lock(&r->lock);
    x = find(r, key, h, now_ms);
    if (x == NULL) {
        /* a free slot, else the key idle longest */
        struct entry *victim = NULL;
        for (i = 0; i < r->capacity; i++) {
            struct entry *y = &r->entries[i];
            if (y->hash == 0 || y->last + r->forget <= now_ms) {
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
    if (x->failures < UINT32_MAX)
        x->failures++;
    x->last = now_ms;
    pthread_mutex_unlock(&r->lock);
}

void ratelimit_clear(struct ratelimit *r, const char *key)
{
    struct entry *x;
    pthread_mutex_lock(&r->lock);
    x = find(r, key, hash_key(key), INT64_MIN / 2);
    if (x)
        memset(x, 0, sizeof *x);
    pthread_mutex_unlock(&r->lock);
}

int64_t ratelimit_wait_shared(struct ratelimit *r, struct store *s, const char *key, int64_t now_ms)
{
    int64_t wait = ratelimit_wait(r, key, now_ms), failures = 0, last = 0, shared;
    struct error e = {0};
    if (store_login_failures_get(s, key, &failures, &last, &e) != 0 || failures == 0 ||
        last + r->forget <= now_ms)
        return wait;
    shared =
        last + delay_after(r, failures > UINT32_MAX ? UINT32_MAX : (uint32_t)failures) - now_ms;
    return shared > wait ? shared : wait;
}

void ratelimit_fail_shared(struct ratelimit *r, struct store *s, const char *key, int64_t now_ms)
{
    struct error e = {0};
    ratelimit_fail(r, key, now_ms);
    if (store_login_failures_add(s, key, now_ms, r->forget, &e) != 0)
        fprintf(stderr, "vitaal serve: a failed login not counted in the database: %s\n",
                e.message);
}

void ratelimit_clear_shared(struct ratelimit *r, struct store *s, const char *key)
{
    struct error e = {0};
    ratelimit_clear(r, key);
    if (store_login_failures_clear(s, key, &e) != 0)
        fprintf(stderr, "vitaal serve: failed logins not cleared in the database: %s\n", e.message);
}
