/*
 * ratelimit.h — failed logins counted per key (a user name at a client
 * address, or a client address) with a growing delay: after a few free
 * failures each further one doubles the time the key must wait before its
 * next attempt, up to a cap; a key's failures are forgotten some time after
 * its last one, and a success clears it.
 *
 * There is deliberately no key for a user name alone: a stranger who knows
 * a name can slow down only the attempts from their own address, never
 * lock the account's owner out (issue 14 part 7).
 *
 * In memory, bounded (capacity keys; when full the key idle longest is
 * forgotten), and safe to share between threads (one mutex). The server
 * uses the _shared functions (issue 15 part 2): the counts are rows of the
 * database (store/shared.h), so every server on one database counts the
 * same failures and a restart forgets nothing; the memory counts too, so
 * that a database that cannot be read does not lift the delay.
 */
#ifndef VITAAL_HTTP_RATELIMIT_H
#define VITAAL_HTTP_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

struct store;

#define RATELIMIT_FREE_PAIR    3         /* failures of one name from one address before a delay */
#define RATELIMIT_FREE_ADDRESS 10        /* failures from one address (any names) before a delay */
#define RATELIMIT_MAX_DELAY_S  300       /* the delay doubles from 1 s up to this */
#define RATELIMIT_FORGET_S     (15 * 60) /* failures are forgotten this long after the last one */
#define RATELIMIT_CAPACITY     8192      /* keys remembered */
#define RATELIMIT_KEY_MAX      320

struct ratelimit;

/* A limiter that lets free_failures pass, then delays each next attempt by
 * 1, 2, 4, ... seconds after the last failure, at most max_delay_s; a key
 * is forgotten forget_s after its last failure. At most capacity keys.
 * Cannot fail (out of memory aborts); free with ratelimit_free. */
struct ratelimit *ratelimit_new(size_t free_failures, int64_t max_delay_s, int64_t forget_s,
                                size_t capacity);
void ratelimit_free(struct ratelimit *r);

/* Milliseconds key must still wait at now_ms, milliseconds since 1970 (0:
 * it may try). */
int64_t ratelimit_wait(struct ratelimit *r, const char *key, int64_t now_ms);
/* Records a failure of key at now_ms. */
void ratelimit_fail(struct ratelimit *r, const char *key, int64_t now_ms);
/* Forgets key's failures (after a successful login). */
void ratelimit_clear(struct ratelimit *r, const char *key);

/* The same with the counts in the database of s as well (shared by every
 * server on it): the longer of the two waits. _fail and _clear write in a
 * transaction of their own unless s has one open. */
int64_t ratelimit_wait_shared(struct ratelimit *r, struct store *s, const char *key,
                              int64_t now_ms);
void ratelimit_fail_shared(struct ratelimit *r, struct store *s, const char *key, int64_t now_ms);
void ratelimit_clear_shared(struct ratelimit *r, struct store *s, const char *key);

#endif
