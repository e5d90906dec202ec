/*
 * cache.h — what a worker thread remembers between requests, so that the
 * common read does not go to the database: who a session token belongs to
 * (the user and its need-to-know rules), and the rendered pages of record
 * lists a user asked for.
 *
 * An entry is used only while it is younger than CACHE_TTL_MS and no write
 * went through this server since it was made (the generation in
 * http_state, bumped by every commit of records or sessions, and on
 * PostgreSQL by every other server's: server.c listens for their NOTIFY).
 * Changes made outside any server (the CLI) are seen within CACHE_TTL_MS.
 * Pages that hold confidential or secret records are never cached: every
 * such read is audited.
 *
 * One cache per worker thread: no locks. Token lookups hash the token with
 * a random key and compare in constant time.
 */
#ifndef VITAAL_HTTP_CACHE_H
#define VITAAL_HTTP_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define CACHE_TTL_MS     1000
#define CACHE_IDENTITIES 64
#define CACHE_PAGES      64
#define CACHE_PAGE_MAX   (256 * 1024) /* larger pages are not kept */

struct http_cache;
struct store_user;
struct access;

int http_cache_new(struct http_cache **out);
void http_cache_free(struct http_cache *c); /* NULL is fine */

/* Milliseconds of a monotonic clock. */
int64_t http_cache_now_ms(void);

/* The user, rules, CSRF token (65 bytes) and whether the session may only
 * enrol in MFA of token, when a fresh entry of generation gen exists:
 * returns 1 and borrowed pointers that stay valid until the next call of a
 * _put function on this cache; else 0. */
int http_cache_identity_get(struct http_cache *c, const char *token, uint64_t gen, int64_t now_ms,
                            struct store_user **user, struct access **access, char *csrf,
                            int *enrol_only);
/* Remembers token's identity; takes ownership of user and access. */
void http_cache_identity_put(struct http_cache *c, const char *token, uint64_t gen, int64_t now_ms,
                             struct store_user *user, struct access *access, const char *csrf,
                             int enrol_only);

/* The page cached under key (a user and a request), as a borrowed buffer
 * valid until the next _put; 1 on a hit. */
int http_cache_page_get(struct http_cache *c, const char *key, uint64_t gen, int64_t now_ms,
                        const char **body, size_t *len);
void http_cache_page_put(struct http_cache *c, const char *key, uint64_t gen, int64_t now_ms,
                         const char *body, size_t len);

#endif
