/*
 * cache.c — the per-thread identity and page cache (see cache.h): two
 * small direct-mapped tables indexed by a keyed hash.
 */
#include "http/cache.h"

#include "base/error.h"
#include "base/xmalloc.h"
#include "domain/access.h"
#include "store/users.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct identity {
    int used;
    unsigned char hash[crypto_generichash_BYTES];
    uint64_t gen;
    int64_t at;
    struct store_user *user;
    struct access *access;
    char csrf[65];
    int enrol_only;
};

struct page {
    int used;
    unsigned char hash[crypto_generichash_BYTES];
    uint64_t gen;
    int64_t at;
    char *body;
    size_t len;
};

struct http_cache {
    unsigned char key[crypto_generichash_KEYBYTES];
    struct identity identities[CACHE_IDENTITIES];
    struct page pages[CACHE_PAGES];
};

int http_cache_new(struct http_cache **out)
{
    struct http_cache *c;
    *out = NULL;
    if (sodium_init() < 0)
        return ERR_INTERNAL;
    c = xcalloc(1, sizeof *c);
    randombytes_buf(c->key, sizeof c->key);
    *out = c;
    return 0;
}

static void identity_clear(struct identity *x)
{
    store_user_free(x->user);
    access_free(x->access);
    memset(x, 0, sizeof *x);
}

void http_cache_free(struct http_cache *c)
{
    size_t i;
    if (c == NULL)
        return;
    for (i = 0; i < CACHE_IDENTITIES; i++)
        identity_clear(&c->identities[i]);
    for (i = 0; i < CACHE_PAGES; i++)
        free(c->pages[i].body);
    free(c);
}

int64_t http_cache_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t slot_of(const struct http_cache *c, const char *key,
                      unsigned char hash[crypto_generichash_BYTES], size_t slots)
{
    size_t slot;
    crypto_generichash(hash, crypto_generichash_BYTES, (const unsigned char *)key, strlen(key),
                       c->key, sizeof c->key);
    memcpy(&slot, hash, sizeof slot);
    return slot % slots;
}

static int fresh(int used, uint64_t entry_gen, int64_t at, uint64_t gen, int64_t now)
{
    return used && entry_gen == gen && now - at < CACHE_TTL_MS && now >= at;
}

int http_cache_identity_get(struct http_cache *c, const char *token, uint64_t gen, int64_t now_ms,
                            struct store_user **user, struct access **access, char *csrf,
                            int *enrol_only)
{
    unsigned char hash[crypto_generichash_BYTES];
    struct identity *x = &c->identities[slot_of(c, token, hash, CACHE_IDENTITIES)];
    if (!fresh(x->used, x->gen, x->at, gen, now_ms) ||
        sodium_memcmp(x->hash, hash, sizeof hash) != 0)
        return 0;
    *user = x->user;
    *access = x->access;
    memcpy(csrf, x->csrf, sizeof x->csrf);
    *enrol_only = x->enrol_only;
    return 1;
}

void http_cache_identity_put(struct http_cache *c, const char *token, uint64_t gen, int64_t now_ms,
                             struct store_user *user, struct access *access, const char *csrf,
                             int enrol_only)
{
    unsigned char hash[crypto_generichash_BYTES];
    struct identity *x = &c->identities[slot_of(c, token, hash, CACHE_IDENTITIES)];
    identity_clear(x);
    x->used = 1;
    memcpy(x->hash, hash, sizeof hash);
    x->gen = gen;
    x->at = now_ms;
    x->user = user;
    x->access = access;
    strncpy(x->csrf, csrf, sizeof x->csrf - 1);
    x->enrol_only = enrol_only;
}

int http_cache_page_get(struct http_cache *c, const char *key, uint64_t gen, int64_t now_ms,
                        const char **body, size_t *len)
{
    unsigned char hash[crypto_generichash_BYTES];
    struct page *p = &c->pages[slot_of(c, key, hash, CACHE_PAGES)];
    if (!fresh(p->used, p->gen, p->at, gen, now_ms) || memcmp(p->hash, hash, sizeof hash) != 0)
        return 0;
    *body = p->body;
    *len = p->len;
    return 1;
}

void http_cache_page_put(struct http_cache *c, const char *key, uint64_t gen, int64_t now_ms,
                         const char *body, size_t len)
{
    unsigned char hash[crypto_generichash_BYTES];
    struct page *p = &c->pages[slot_of(c, key, hash, CACHE_PAGES)];
    char *copy;
    if (len > CACHE_PAGE_MAX)
        return;
    copy = xmalloc(len);
    memcpy(copy, body, len);
    free(p->body);
    p->used = 1;
    memcpy(p->hash, hash, sizeof hash);
    p->gen = gen;
    p->at = now_ms;
    p->body = copy;
    p->len = len;
}
