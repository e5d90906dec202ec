/*
 * audit.c — the audit table (see audit.h).
 */
#include "store/audit.h"

#include "store/sqlite_internal.h"

#include <stdio.h>

int store_audit_last(struct store *s, int64_t *seq, char *mac, struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    *seq = 0;
    mac[0] = '\0';
    if ((rc = stmt_get(s, "SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1", &stmt, &owned,
                       e)) != 0)
        return rc;
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int64(stmt, 0);
        snprintf(mac, 129, "%s", (const char *)sqlite3_column_text(stmt, 1));
        rc = 0;
    } else {
        rc = rc == SQLITE_DONE ? 0 : store_fail(s, e, "reading the audit log");
    }
    stmt_done(stmt, owned);
    return rc;
}

static void bind_text_or_null(sqlite3_stmt *stmt, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(stmt, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(stmt, i);
}

int store_audit_append(struct store *s, const struct store_audit_entry *a, struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    if ((rc = stmt_get(s,
                       "INSERT INTO audit (seq, at, actor, address, action, kind, record, detail, "
                       "prev, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_int64(stmt, 1, a->seq);
    sqlite3_bind_text(stmt, 2, a->at, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, a->actor, -1, SQLITE_STATIC);
    bind_text_or_null(stmt, 4, a->address);
    sqlite3_bind_text(stmt, 5, a->action, -1, SQLITE_STATIC);
    bind_text_or_null(stmt, 6, a->kind);
    bind_text_or_null(stmt, 7, a->record);
    bind_text_or_null(stmt, 8, a->detail);
    sqlite3_bind_text(stmt, 9, a->prev, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 10, a->mac, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = store_fail(s, e, "appending to the audit log");
    stmt_done(stmt, owned);
    return rc;
}

static const char *text_or_null(sqlite3_stmt *stmt, int col)
{
    return (const char *)sqlite3_column_text(stmt, col);
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
    "WHERE seq > ?1 AND (?2 = 0 OR seq < ?2) AND (?3 IS NULL OR actor = ?3) "                      \
    "AND (?4 IS NULL OR kind = ?4) AND (?5 IS NULL OR at > ?5) AND (?6 IS NULL OR at <= ?6) "

int store_audit_query(struct store *s, const struct store_audit_query *q,
                      int (*fn)(void *ctx, const struct store_audit_entry *entry), void *ctx,
                      struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    if ((rc = stmt_get(s,
                       q->newest_first ? AUDIT_SELECT "ORDER BY seq DESC LIMIT ?7"
                                       : AUDIT_SELECT "ORDER BY seq LIMIT ?7",
                       &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_int64(stmt, 1, q->after);
    sqlite3_bind_int64(stmt, 2, q->before);
    bind_text_or_null(stmt, 3, q->actor);
    bind_text_or_null(stmt, 4, q->kind);
    bind_text_or_null(stmt, 5, q->at_after);
    bind_text_or_null(stmt, 6, q->at_until);
    sqlite3_bind_int64(stmt, 7, q->limit ? (sqlite3_int64)q->limit : -1);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct store_audit_entry a;
        a.seq = sqlite3_column_int64(stmt, 0);
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
    rc = rc == SQLITE_DONE ? 0 : store_fail(s, e, "reading the audit log");
cleanup:
    stmt_done(stmt, owned);
    return rc;
}

int store_audit_journal_get(struct store *s, char *generation, int64_t *folded, int *here,
                            struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    generation[0] = '\0';
    *folded = 0;
    *here = s->in_transaction && s->journal_set_in == s->txn_count;
    if ((rc = stmt_get(s, "SELECT generation, folded FROM audit_journal WHERE id = 1", &stmt,
                       &owned, e)) != 0)
        return rc;
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        snprintf(generation, 33, "%s", (const char *)sqlite3_column_text(stmt, 0));
        *folded = sqlite3_column_int64(stmt, 1);
        rc = 0;
    } else {
        rc = rc == SQLITE_DONE ? 0 : store_fail(s, e, "reading the read journal's state");
    }
    stmt_done(stmt, owned);
    return rc;
}

int store_audit_journal_set(struct store *s, const char *generation, int64_t folded,
                            struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    if ((rc = stmt_get(s,
                       "INSERT INTO audit_journal (id, generation, folded) VALUES (1, ?, ?) "
                       "ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, "
                       "folded = excluded.folded",
                       &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_text(stmt, 1, generation, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, folded);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = store_fail(s, e, "recording the read journal's state");
    else
        s->journal_set_in = s->txn_count;
    stmt_done(stmt, owned);
    return rc;
}
