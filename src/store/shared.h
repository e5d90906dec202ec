/*
 * shared.h — what several servers on one database share besides sessions
 * (issue 15 part 2): the job queue's rows, the failed logins the login
 * delay counts, and on PostgreSQL the notice that data changed
 * (LISTEN/NOTIFY on STORE_CHANGED_CHANNEL), so that every server drops its
 * caches. On SQLite there is one server: the rows are the same, the notice
 * is not needed (store_notice_listen says so).
 */
#ifndef VITAAL_STORE_SHARED_H
#define VITAAL_STORE_SHARED_H

#include "base/error.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define STORE_CHANGED_CHANNEL "vitaal_changed"

/* --- jobs ------------------------------------------------------------------ */

/* A job's row. The strings are owned by the struct (store_job_free). */
struct store_job {
    char id[33];
    char kind[24];
    char user[129];
    char address[64]; /* "" when unknown */
    char status[8];   /* queued, running, done, failed */
    char phase[24];   /* "" when none */
    char cancelled_by[129];
    double progress;
    int64_t created;  /* milliseconds since 1970: the queue's order */
    int64_t finished; /* seconds since 1970; 0 while not */
    int64_t runs;     /* how often a worker claimed it */
    char *params;     /* the job type's arguments (JSON) */
    char *result;     /* JSON, or NULL */
    char *error;      /* the error body (JSON), or NULL */
};

void store_job_free(struct store_job *j); /* NULL is fine */

/* Queues j (id, kind, user, address, params, created) as a waiting job in
 * one transaction, unless its user has per_user jobs waiting or running
 * (*refused 1) or everyone together total (*refused 2); finished jobs older
 * than keep_s are deleted first. */
int store_job_submit(struct store *s, const struct store_job *j, int per_user, int total,
                     int64_t keep_s, int *refused, struct error *e);

/* Claims the oldest waiting job whose user has none running (PostgreSQL:
 * FOR UPDATE SKIP LOCKED; SQLite: under its write lock) and marks it
 * running on server (a name of the process) at now; *out NULL when there
 * is none. Running jobs of other servers without a heartbeat since
 * now - dead_s (their server stopped) end as failed with dead_error first. */
int store_job_claim(struct store *s, const char *server, int64_t now, int64_t dead_s,
                    const char *dead_error, struct store_job **out, struct error *e);

/* A running job's progress and heartbeat at now; cancelled_by (129 bytes)
 * gets who asked to cancel it ("" when nobody). */
int store_job_beat(struct store *s, const char *id, const char *phase, double progress, int64_t now,
                   char *cancelled_by, struct error *e);

/* Ends a job as done (result) or failed (error) at now. */
int store_job_finish(struct store *s, const char *id, int done, const char *result,
                     const char *error, int64_t now, struct error *e);

/* The job id in *out, or ERR_NOTFOUND. */
int store_job_get(struct store *s, const char *id, struct store_job **out, struct error *e);

/* Cancels job id for by: a waiting one ends now as failed with error, a
 * running one is marked (its server stops it at its next heartbeat); a
 * finished one is left as it is. ERR_NOTFOUND when there is none. */
int store_job_cancel(struct store *s, const char *id, const char *by, const char *error,
                     int64_t now, struct error *e);

/* --- failed logins ----------------------------------------------------------- */

/* The failures counted under key and the last one's time (ms); 0 and 0
 * when there are none. */
int store_login_failures_get(struct store *s, const char *key, int64_t *failures, int64_t *last_ms,
                             struct error *e);
/* One failure more of key at now_ms (counting from nothing when the last
 * is forget_ms ago or more), in a transaction of its own unless one is
 * open. */
int store_login_failures_add(struct store *s, const char *key, int64_t now_ms, int64_t forget_ms,
                             struct error *e);
/* Forgets key's failures. */
int store_login_failures_clear(struct store *s, const char *key, struct error *e);

/* --- the notice that data changed ---------------------------------------------- */

/* In a write transaction: every listener hears of it at the commit
 * (NOTIFY is transactional; nothing on SQLite). */
int store_notice_send(struct store *s, struct error *e);
/* Listens on this connection (PostgreSQL); *supported 0 on SQLite. */
int store_notice_listen(struct store *s, int *supported, struct error *e);
/* Waits up to timeout_ms for notices; *heard how many arrived. ERR_IO when
 * the connection is lost. */
int store_notice_wait(struct store *s, int timeout_ms, int *heard, struct error *e);

#endif
