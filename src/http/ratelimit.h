/*
 * ratelimit.h — failed logins counted per key (a user name, a client
 * address) in a sliding window: after max failures within window seconds a
 * key must wait until the oldest of them leaves the window.
 *
 * In memory only, bounded (capacity keys; when full the key idle longest is
 * forgotten), and safe to share between threads (one mutex). A restart
 * forgets every count: the limit slows guessing down, the Argon2id cost and
 * the audit log do the rest.
 */
#ifndef VITAAL_HTTP_RATELIMIT_H
#define VITAAL_HTTP_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#define RATELIMIT_MAX_FAILURES 5         /* failures allowed within the window */
#define RATELIMIT_WINDOW_S     (15 * 60) /* the window, seconds */
#define RATELIMIT_CAPACITY     8192      /* keys remembered */
#define RATELIMIT_KEY_MAX      160

struct ratelimit;

/* A limiter of max_failures (1 .. 16) per window_s seconds over at most
 * capacity keys. Returns 0 or ERR_NOMEM; free with ratelimit_free. */
int ratelimit_new(size_t max_failures, int64_t window_s, size_t capacity, struct ratelimit **out);
void ratelimit_free(struct ratelimit *r);

/* Seconds key must still wait at time now (0: it may try). */
int64_t ratelimit_wait(struct ratelimit *r, const char *key, int64_t now);
/* Records a failure of key at now. */
void ratelimit_fail(struct ratelimit *r, const char *key, int64_t now);
/* Forgets key's failures (after a successful login). */
void ratelimit_clear(struct ratelimit *r, const char *key);

#endif
