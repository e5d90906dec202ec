/*
 * audit.c — the audit table (see audit.h).
 */
#include "store/audit.h"

#include "store/store_internal.h"

#include <stdio.h>

int store_audit_last(struct store *s, int64_t *seq, char *mac, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    *seq = 0;
    mac[0] = '\0';
    if ((rc = db_prepare(s, "SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1", &stmt, e)) != 0)
        return rc;
    rc = db_step(stmt);
    if (rc == DB_ROW) {
        *seq = db_column_int64(stmt, 0);
        snprintf(mac, 129, "%s", db_column_text(stmt, 1));
        rc = 0;
    } else {
        rc = rc == DB_DONE ? 0 : store_fail(s, e, "reading the audit log");
    }
    db_done(stmt);
    return rc;
}

static void bind_text_or_null(struct db_stmt *stmt, int i, const char *v)
{
    if (v)
        db_bind_text(stmt, i, v, -1);
    else
        db_bind_null(stmt, i);
}

int store_audit_append(struct store *s, const struct store_audit_entry *a, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc =
             db_prepare(s,
                        "INSERT INTO audit (seq, at, actor, address, action, kind, record, detail, "
                        "prev, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        &stmt, e)) != 0)
        return rc;
    db_bind_int64(stmt, 1, a->seq);
    db_bind_text(stmt, 2, a->at, -1);
    db_bind_text(stmt, 3, a->actor, -1);
    bind_text_or_null(stmt, 4, a->address);
    db_bind_text(stmt, 5, a->action, -1);
    bind_text_or_null(stmt, 6, a->kind);
    bind_text_or_null(stmt, 7, a->record);
    bind_text_or_null(stmt, 8, a->detail);
    db_bind_text(stmt, 9, a->prev, -1);
    db_bind_text(stmt, 10, a->mac, -1);
    if (db_step(stmt) != DB_DONE)
        rc = store_fail(s, e, "appending to the audit log");
    db_done(stmt);
    return rc;
}

static const char *text_or_null(struct db_stmt *stmt, int col)
{
    return db_column_text(stmt, col);
}

int store_audit_each(struct store *s, int64_t after, size_t limit,
                     int (*fn)(void *ctx, const struct store_audit_entry *entry), void *ctx,
                     struct error *e)
{
    struct store_audit_query q = {0};
    q.after = after;
    q.limit = limit;
    return store_audit_query(s, &q, fn, ctx, e);
}

#define AUDIT_SELECT                                                                               \
    "SELECT seq, at, actor, address, action, kind, record, detail, prev, mac FROM audit "          \
    "WHERE seq > ?1 AND (?2 = 0 OR seq < ?2) AND (CAST(?3 AS TEXT) IS NULL OR actor = ?3) "        \
    "AND (CAST(?4 AS TEXT) IS NULL OR kind = ?4) AND (CAST(?5 AS TEXT) IS NULL OR at > ?5) AND "   \
    "(CAST(?6 AS TEXT) IS NULL OR at <= ?6) "

int store_audit_query(struct store *s, const struct store_audit_query *q,
                      int (*fn)(void *ctx, const struct store_audit_entry *entry), void *ctx,
                      struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s,
                         q->newest_first ? AUDIT_SELECT "ORDER BY seq DESC LIMIT ?7"
                                         : AUDIT_SELECT "ORDER BY seq LIMIT ?7",
                         &stmt, e)) != 0)
        return rc;
    db_bind_int64(stmt, 1, q->after);
    db_bind_int64(stmt, 2, q->before);
    bind_text_or_null(stmt, 3, q->actor);
    bind_text_or_null(stmt, 4, q->kind);
    bind_text_or_null(stmt, 5, q->at_after);
    bind_text_or_null(stmt, 6, q->at_until);
    db_bind_int64(stmt, 7, q->limit ? (int64_t)q->limit : INT64_MAX);
    while ((rc = db_step(stmt)) == DB_ROW) {
        struct store_audit_entry a;
        a.seq = db_column_int64(stmt, 0);
        a.at = text_or_null(stmt, 1);
        a.actor = text_or_null(stmt, 2);
        a.address = text_or_null(stmt, 3);
        a.action = text_or_null(stmt, 4);
        a.kind = text_or_null(stmt, 5);
        a.record = text_or_null(stmt, 6);
        a.detail = text_or_null(stmt, 7);
        a.prev = text_or_null(stmt, 8);
        a.mac = text_or_null(stmt, 9);
        if ((rc = fn(ctx, &a)) != 0)
            goto cleanup;
    }
    rc = rc == DB_DONE ? 0 : store_fail(s, e, "reading the audit log");
cleanup:
    db_done(stmt);
    return rc;
}

int store_audit_journal_get(struct store *s, char *generation, int64_t *folded, int *here,
                            struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    generation[0] = '\0';
    *folded = 0;
    *here = s->in_transaction && s->journal_set_in == s->txn_count;
    if ((rc = db_prepare(s, "SELECT generation, folded FROM audit_journal WHERE id = 1", &stmt,
                         e)) != 0)
        return rc;
    rc = db_step(stmt);
    if (rc == DB_ROW) {
        snprintf(generation, 33, "%s", db_column_text(stmt, 0));
        *folded = db_column_int64(stmt, 1);
        rc = 0;
    } else {
        rc = rc == DB_DONE ? 0 : store_fail(s, e, "reading the read journal's state");
    }
    db_done(stmt);
    return rc;
}

int store_audit_journal_set(struct store *s, const char *generation, int64_t folded,
                            struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s,
                         "INSERT INTO audit_journal (id, generation, folded) VALUES (1, ?, ?) "
                         "ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, "
                         "folded = excluded.folded",
                         &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, generation, -1);
    db_bind_int64(stmt, 2, folded);
    if (db_step(stmt) != DB_DONE)
        rc = store_fail(s, e, "recording the read journal's state");
    else
        s->journal_set_in = s->txn_count;
    db_done(stmt);
    return rc;
}
