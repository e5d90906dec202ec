/*
 * shared.c — the rows several servers on one database share (shared.h):
 * the job queue, the failed logins of the login delay, and the notice that
 * data changed (its PostgreSQL side is in db_pg.c).
 */
#include "store/shared.h"

#include "base/xmalloc.h"
#include "store/store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JOB_COLUMNS                                                                                \
    "id, kind, user_id, address, status, phase, cancelled_by, progress, created, finished, "       \
    "runs, params, result, error"

void store_job_free(struct store_job *j)
{
    if (j == NULL)
        return;
    free(j->params);
    free(j->result);
    free(j->error);
    free(j);
}

static void copy_text(char *out, size_t size, const char *v)
{
    snprintf(out, size, "%s", v ? v : "");
}

static char *dup_text(const char *v)
{
    return v ? xstrdup(v) : NULL;
}

/* The job of the current row of a JOB_COLUMNS select. */
static int read_job(struct db_stmt *st, struct store_job **out)
{
    struct store_job *j = xcalloc(1, sizeof *j);
    copy_text(j->id, sizeof j->id, db_column_text(st, 0));
    copy_text(j->kind, sizeof j->kind, db_column_text(st, 1));
    copy_text(j->user, sizeof j->user, db_column_text(st, 2));
    copy_text(j->address, sizeof j->address, db_column_text(st, 3));
    copy_text(j->status, sizeof j->status, db_column_text(st, 4));
    copy_text(j->phase, sizeof j->phase, db_column_text(st, 5));
    copy_text(j->cancelled_by, sizeof j->cancelled_by, db_column_text(st, 6));
    j->progress = db_column_double(st, 7);
    j->created = db_column_int64(st, 8);
    j->finished = db_column_is_null(st, 9) ? 0 : db_column_int64(st, 9);
    j->runs = db_column_int64(st, 10);
    j->params = dup_text(db_column_text(st, 11));
    j->result = dup_text(db_column_text(st, 12));
    j->error = dup_text(db_column_text(st, 13));
    *out = j;
    return 0;
}

/* Runs sql with up to two text parameters (skipped when NULL) and, when
 * with_n, the number n after them, expecting no rows; *changed the rows it
 * changed. */
static int run(struct store *s, const char *sql, const char *a, const char *b, int with_n,
               int64_t n, int64_t *changed, struct error *e, const char *what)
{
    struct db_stmt *st = NULL;
    int rc, i = 1;
    if ((rc = db_prepare(s, sql, &st, e)) != 0)
        return rc;
    if (a)
        db_bind_text(st, i++, a, -1);
    if (b)
        db_bind_text(st, i++, b, -1);
    if (with_n)
        db_bind_int64(st, i, n);
    rc = db_step(st) == DB_ERROR ? store_fail(s, e, what) : 0;
    if (rc == 0 && changed)
        *changed = db_changes(st);
    db_done(st);
    return rc;
}

/* A count of sql's first row with one text parameter (or none). */
static int count(struct store *s, const char *sql, const char *a, int64_t *n, struct error *e)
{
    struct db_stmt *st = NULL;
    int rc;
    *n = 0;
    if ((rc = db_prepare(s, sql, &st, e)) != 0)
        return rc;
    if (a)
        db_bind_text(st, 1, a, -1);
    rc = db_step(st);
    if (rc == DB_ROW)
        *n = db_column_int64(st, 0);
    rc = rc == DB_ERROR ? store_fail(s, e, "counting jobs") : 0;
    db_done(st);
    return rc;
}

int store_job_submit(struct store *s, const struct store_job *j, int per_user, int total,
                     int64_t keep_s, int *refused, struct error *e)
{
    struct db_stmt *st = NULL;
    int64_t mine = 0, all = 0;
    int rc;
    *refused = 0;
    if ((rc = store_begin(s, e)) != 0)
        return rc;
    if ((rc = run(s, "DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished <= ?", NULL,
                  NULL, 1, j->created / 1000 - keep_s, NULL, e, "forgetting old jobs")) != 0 ||
        (rc = count(
             s, "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running') AND user_id = ?",
             j->user, &mine, e)) != 0 ||
        (rc = count(s, "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')", NULL,
                    &all, e)) != 0)
        goto cleanup;
    if (mine >= per_user || all >= total) {
        *refused = mine >= per_user ? 1 : 2;
        goto cleanup;
    }
    if ((rc = db_prepare(s,
                         "INSERT INTO jobs (id, kind, user_id, address, params, status, created) "
                         "VALUES (?, ?, ?, ?, ?, 'queued', ?)",
                         &st, e)) != 0)
        goto cleanup;
    db_bind_text(st, 1, j->id, -1);
    db_bind_text(st, 2, j->kind, -1);
    db_bind_text(st, 3, j->user, -1);
    if (j->address[0])
        db_bind_text(st, 4, j->address, -1);
    else
        db_bind_null(st, 4);
    db_bind_text(st, 5, j->params, -1);
    db_bind_int64(st, 6, j->created);
    rc = db_step(st) == DB_ERROR ? store_fail(s, e, "queueing a job") : 0;
    db_done(st);
    if (rc == 0)
        return store_commit(s, e);
cleanup:
    store_rollback(s);
    return rc;
}

int store_job_claim(struct store *s, const char *server, int64_t now, int64_t dead_s,
                    const char *dead_error, struct store_job **out, struct error *e)
{
    /* PostgreSQL: a row another server's worker is claiming is skipped,
     * not waited for (the writers' lock orders claims too; SKIP LOCKED
     * keeps this right without it) */
    static const char pick_pg[] = "SELECT id FROM jobs WHERE status = 'queued' AND user_id NOT IN "
                                  "(SELECT user_id FROM jobs WHERE status = 'running') "
                                  "ORDER BY created, id LIMIT 1 FOR UPDATE SKIP LOCKED";
    struct db_stmt *st = NULL;
    char id[33] = "";
    int64_t queued = 0;
    int rc;
    *out = NULL;
    /* the common case, nothing to do, without the write lock */
    if ((rc = db_prepare(s,
                         "SELECT count(*) FROM jobs WHERE status = 'queued' OR "
                         "(status = 'running' AND heartbeat < ?1 AND server <> ?2)",
                         &st, e)) != 0)
        return rc;
    db_bind_int64(st, 1, now - dead_s);
    db_bind_text(st, 2, server, -1);
    rc = db_step(st);
    if (rc == DB_ROW)
        queued = db_column_int64(st, 0);
    rc = rc == DB_ERROR ? store_fail(s, e, "looking for jobs") : 0;
    db_done(st);
    st = NULL;
    if (rc != 0 || queued == 0)
        return rc;
    if ((rc = store_begin(s, e)) != 0)
        return rc;
    if ((rc = db_prepare(s,
                         "UPDATE jobs SET status = 'failed', finished = ?2, error = ?1 "
                         "WHERE status = 'running' AND heartbeat < ?3 AND server <> ?4",
                         &st, e)) != 0)
        goto cleanup;
    db_bind_text(st, 1, dead_error, -1);
    db_bind_int64(st, 2, now);
    db_bind_int64(st, 3, now - dead_s);
    db_bind_text(st, 4, server, -1);
    rc = db_step(st) == DB_ERROR ? store_fail(s, e, "ending the jobs of a stopped server") : 0;
    db_done(st);
    st = NULL;
    if (rc != 0 ||
        (rc = db_prepare(s,
                         s->pg ? pick_pg
                               : "SELECT id FROM jobs WHERE status = 'queued' AND user_id NOT IN "
                                 "(SELECT user_id FROM jobs WHERE status = 'running') "
                                 "ORDER BY created, id LIMIT 1",
                         &st, e)) != 0)
        goto cleanup;
    rc = db_step(st);
    if (rc == DB_ROW)
        copy_text(id, sizeof id, db_column_text(st, 0));
    rc = rc == DB_ERROR ? store_fail(s, e, "claiming a job") : 0;
    db_done(st);
    st = NULL;
    if (rc == 0 && id[0] == '\0')
        return store_commit(s, e); /* nothing waits: the dead ones ended */
    if (rc != 0)
        goto cleanup;
    if ((rc = run(s,
                  "UPDATE jobs SET status = 'running', runs = runs + 1, phase = kind, "
                  "server = ?2, heartbeat = ?3 WHERE id = ?1",
                  id, server, 1, now, NULL, e, "claiming a job")) != 0 ||
        (rc = db_prepare(s, "SELECT " JOB_COLUMNS " FROM jobs WHERE id = ?", &st, e)) != 0)
        goto cleanup;
    db_bind_text(st, 1, id, -1);
    rc = db_step(st);
    rc = rc == DB_ROW    ? read_job(st, out)
         : rc == DB_DONE ? error_set(e, ERR_INTERNAL, id, "the claimed job is gone")
                         : store_fail(s, e, "claiming a job");
    db_done(st);
    if (rc == 0 && (rc = store_commit(s, e)) == 0)
        return 0;
    store_job_free(*out);
    *out = NULL;
cleanup:
    store_rollback(s);
    return rc;
}

int store_job_beat(struct store *s, const char *id, const char *phase, double progress, int64_t now,
                   char *cancelled_by, struct error *e)
{
    struct db_stmt *st = NULL;
    int rc;
    cancelled_by[0] = '\0';
    if ((rc = store_begin(s, e)) != 0)
        return rc;
    if ((rc = db_prepare(s,
                         "UPDATE jobs SET phase = ?, progress = ?, heartbeat = ? "
                         "WHERE id = ? AND status = 'running'",
                         &st, e)) != 0)
        goto cleanup;
    db_bind_text(st, 1, phase, -1);
    db_bind_double(st, 2, progress);
    db_bind_int64(st, 3, now);
    db_bind_text(st, 4, id, -1);
    rc = db_step(st) == DB_ERROR ? store_fail(s, e, "noting a job's progress") : 0;
    db_done(st);
    if (rc != 0 || (rc = db_prepare(s, "SELECT cancelled_by FROM jobs WHERE id = ?", &st, e)) != 0)
        goto cleanup;
    db_bind_text(st, 1, id, -1);
    rc = db_step(st);
    if (rc == DB_ROW)
        copy_text(cancelled_by, 129, db_column_text(st, 0));
    rc = rc == DB_ERROR ? store_fail(s, e, "reading a job") : 0;
    db_done(st);
    if (rc == 0)
        return store_commit(s, e);
cleanup:
    store_rollback(s);
    return rc;
}

int store_job_finish(struct store *s, const char *id, int done, const char *result,
                     const char *error, int64_t now, struct error *e)
{
    struct db_stmt *st = NULL;
    int rc;
    if ((rc = store_begin(s, e)) != 0)
        return rc;
    if ((rc = db_prepare(s,
                         "UPDATE jobs SET status = ?, progress = CASE WHEN ? = 1 THEN 1.0 ELSE "
                         "progress END, result = ?, error = ?, finished = ?, phase = NULL "
                         "WHERE id = ?",
                         &st, e)) != 0)
        goto cleanup;
    db_bind_text(st, 1, done ? "done" : "failed", -1);
    db_bind_int64(st, 2, done);
    if (result)
        db_bind_text(st, 3, result, -1);
    else
        db_bind_null(st, 3);
    if (error)
        db_bind_text(st, 4, error, -1);
    else
        db_bind_null(st, 4);
    db_bind_int64(st, 5, now);
    db_bind_text(st, 6, id, -1);
    rc = db_step(st) == DB_ERROR ? store_fail(s, e, "ending a job") : 0;
    db_done(st);
    if (rc == 0)
        return store_commit(s, e);
cleanup:
    store_rollback(s);
    return rc;
}

int store_job_get(struct store *s, const char *id, struct store_job **out, struct error *e)
{
    struct db_stmt *st = NULL;
    int rc;
    *out = NULL;
    if ((rc = db_prepare(s, "SELECT " JOB_COLUMNS " FROM jobs WHERE id = ?", &st, e)) != 0)
        return rc;
    db_bind_text(st, 1, id, -1);
    rc = db_step(st);
    rc = rc == DB_ROW    ? read_job(st, out)
         : rc == DB_DONE ? error_set(e, ERR_NOTFOUND, id, "no job with this id")
                         : store_fail(s, e, "reading a job");
    db_done(st);
    return rc;
}

int store_job_cancel(struct store *s, const char *id, const char *by, const char *error,
                     int64_t now, struct error *e)
{
    struct db_stmt *st = NULL;
    int64_t changed = 0;
    int rc;
    if ((rc = store_begin(s, e)) != 0)
        return rc;
    if ((rc = db_prepare(s,
                         "UPDATE jobs SET status = 'failed', finished = ?, error = ?, "
                         "cancelled_by = ? WHERE id = ? AND status = 'queued'",
                         &st, e)) != 0)
        goto cleanup;
    db_bind_int64(st, 1, now);
    db_bind_text(st, 2, error, -1);
    db_bind_text(st, 3, by, -1);
    db_bind_text(st, 4, id, -1);
    rc = db_step(st) == DB_ERROR ? store_fail(s, e, "cancelling a job") : 0;
    db_done(st);
    if (rc != 0 ||
        (rc = run(s,
                  "UPDATE jobs SET cancelled_by = ? WHERE id = ? AND status = 'running' "
                  "AND cancelled_by IS NULL",
                  by, id, 0, 0, NULL, e, "cancelling a job")) != 0 ||
        (rc = count(s, "SELECT count(*) FROM jobs WHERE id = ?", id, &changed, e)) != 0)
        goto cleanup;
    if (changed == 0) {
        rc = error_set(e, ERR_NOTFOUND, id, "no job with this id");
        goto cleanup;
    }
    return store_commit(s, e);
cleanup:
    store_rollback(s);
    return rc;
}

/* --- failed logins ----------------------------------------------------------- */

int store_login_failures_get(struct store *s, const char *key, int64_t *failures, int64_t *last_ms,
                             struct error *e)
{
    struct db_stmt *st = NULL;
    int rc;
    *failures = *last_ms = 0;
    if ((rc = db_prepare(s, "SELECT failures, last_ms FROM login_failures WHERE key = ?", &st,
                         e)) != 0)
        return rc;
    db_bind_text(st, 1, key, -1);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *failures = db_column_int64(st, 0);
        *last_ms = db_column_int64(st, 1);
    }
    rc = rc == DB_ERROR ? store_fail(s, e, "reading failed logins") : 0;
    db_done(st);
    return rc;
}

int store_login_failures_add(struct store *s, const char *key, int64_t now_ms, int64_t forget_ms,
                             struct error *e)
{
    struct db_stmt *st = NULL;
    int rc, own = !store_holds_write(s);
    if (own && (rc = store_begin(s, e)) != 0)
        return rc;
    /* the table stays small: keys forgotten by now go */
    if ((rc = run(s, "DELETE FROM login_failures WHERE last_ms <= ?", NULL, NULL, 1,
                  now_ms - forget_ms, NULL, e, "forgetting failed logins")) != 0 ||
        (rc = db_prepare(s,
                         "INSERT INTO login_failures (key, failures, last_ms) VALUES (?, 1, ?) "
                         "ON CONFLICT (key) DO UPDATE SET failures = login_failures.failures + 1, "
                         "last_ms = excluded.last_ms",
                         &st, e)) != 0)
        goto cleanup;
    db_bind_text(st, 1, key, -1);
    db_bind_int64(st, 2, now_ms);
    rc = db_step(st) == DB_ERROR ? store_fail(s, e, "counting a failed login") : 0;
    db_done(st);
    if (rc == 0)
        return own ? store_commit(s, e) : 0;
cleanup:
    if (own)
        store_rollback(s);
    return rc;
}

int store_login_failures_clear(struct store *s, const char *key, struct error *e)
{
    int rc, own = !store_holds_write(s);
    if (own && (rc = store_begin(s, e)) != 0)
        return rc;
    rc = run(s, "DELETE FROM login_failures WHERE key = ?", key, NULL, 0, 0, NULL, e,
             "forgetting failed logins");
    if (!own)
        return rc;
    if (rc == 0)
        return store_commit(s, e);
    store_rollback(s);
    return rc;
}

/* --- the notice that data changed ---------------------------------------------- */

int store_notice_send(struct store *s, struct error *e)
{
    if (s->pg == NULL)
        return 0;
    return pg_exec(s, "NOTIFY " STORE_CHANGED_CHANNEL, e, "telling the other servers");
}

int store_notice_listen(struct store *s, int *supported, struct error *e)
{
    *supported = s->pg != NULL;
    if (s->pg == NULL)
        return 0;
    return pg_exec(s, "LISTEN " STORE_CHANGED_CHANNEL, e, "listening to the other servers");
}

int store_notice_wait(struct store *s, int timeout_ms, int *heard, struct error *e)
{
    *heard = 0;
    if (s->pg == NULL)
        return 0;
    return pg_notice_wait(s, timeout_ms, heard, e);
}
