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
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    if ((rc = stmt_get(s,
                       "SELECT seq, at, actor, address, action, kind, record, detail, prev, mac "
                       "FROM audit WHERE seq > ? ORDER BY seq LIMIT ?",
                       &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_int64(stmt, 1, after);
    sqlite3_bind_int64(stmt, 2, limit ? (sqlite3_int64)limit : -1);
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
