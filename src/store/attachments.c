/*
 * attachments.c — the attachments table (see attachments.h). Bound
 * parameters only; the content goes in and out as a blob, never as text.
 */
#include "store/attachments.h"

#include "store/sqlite_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLUMNS                                                                                    \
    "id, kind, record, name, media_type, size, sha256, uploaded_by, uploaded_at, owner, "          \
    "classification"

int store_attachment_add(struct store *s, const struct store_attachment *a, const void *content,
                         int64_t *id, struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    if (s->snapshot)
        return error_set(e, ERR_INTERNAL, NULL, "a past state is not written");
    if ((rc = stmt_get(s,
                       "INSERT INTO attachments (kind, record, name, media_type, size, sha256, "
                       "content, uploaded_by, uploaded_at, owner, classification) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_text(stmt, 1, a->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, a->record, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, a->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, a->media_type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 5, a->size);
    sqlite3_bind_text(stmt, 6, a->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(stmt, 7, content, (sqlite3_uint64)a->size, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 8, a->uploaded_by, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 9, a->uploaded_at, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 10, a->owner, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 11, a->classification, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = store_fail(s, e, "storing an attachment");
    else
        *id = sqlite3_last_insert_rowid(s->db);
    stmt_done(stmt, owned);
    return rc;
}

static void copy_text(char *dst, size_t size, sqlite3_stmt *stmt, int col)
{
    const unsigned char *v = sqlite3_column_text(stmt, col);
    snprintf(dst, size, "%s", v ? (const char *)v : "");
}

static void read_row(sqlite3_stmt *stmt, struct store_attachment *a)
{
    a->id = sqlite3_column_int64(stmt, 0);
    copy_text(a->kind, sizeof a->kind, stmt, 1);
    copy_text(a->record, sizeof a->record, stmt, 2);
    copy_text(a->name, sizeof a->name, stmt, 3);
    copy_text(a->media_type, sizeof a->media_type, stmt, 4);
    a->size = sqlite3_column_int64(stmt, 5);
    copy_text(a->sha256, sizeof a->sha256, stmt, 6);
    copy_text(a->uploaded_by, sizeof a->uploaded_by, stmt, 7);
    copy_text(a->uploaded_at, sizeof a->uploaded_at, stmt, 8);
    copy_text(a->owner, sizeof a->owner, stmt, 9);
    copy_text(a->classification, sizeof a->classification, stmt, 10);
}

int store_attachment_get(struct store *s, int64_t id, int with_content,
                         struct store_attachment **out, struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    struct store_attachment *a = NULL;
    int owned = 0, rc, step;
    *out = NULL;
    if ((rc = stmt_get(s,
                       with_content ? "SELECT " COLUMNS ", content FROM attachments WHERE id = ?"
                                    : "SELECT " COLUMNS " FROM attachments WHERE id = ?",
                       &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_int64(stmt, 1, id);
    step = sqlite3_step(stmt);
    if (step == SQLITE_DONE) {
        rc = error_set(e, ERR_NOTFOUND, NULL, "no attachment with this id");
        goto cleanup;
    }
    if (step != SQLITE_ROW) {
        rc = store_fail(s, e, "reading an attachment");
        goto cleanup;
    }
    if ((a = calloc(1, sizeof *a)) == NULL) {
        rc = error_set(e, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
    read_row(stmt, a);
    if (with_content) {
        const void *blob = sqlite3_column_blob(stmt, 11);
        size_t n = (size_t)sqlite3_column_bytes(stmt, 11);
        if (n != (size_t)a->size || (a->content = malloc(n ? n : 1)) == NULL) {
            rc = n != (size_t)a->size ? error_set(e, ERR_STORE, NULL,
                                                  "attachment %lld: size "
                                                  "differs from its content",
                                                  (long long)id)
                                      : error_set(e, ERR_NOMEM, NULL, "out of memory");
            goto cleanup;
        }
        memcpy(a->content, blob, n);
    }
    *out = a;
    a = NULL;
cleanup:
    store_attachment_free(a);
    stmt_done(stmt, owned);
    return rc;
}

void store_attachment_free(struct store_attachment *a)
{
    if (a == NULL)
        return;
    free(a->content);
    free(a);
}

int store_attachment_each(struct store *s, const char *kind, const char *record,
                          int (*fn)(void *ctx, const struct store_attachment *a), void *ctx,
                          struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    struct store_attachment a;
    int owned = 0, rc, step;
    if ((rc = stmt_get(s,
                       "SELECT " COLUMNS " FROM attachments WHERE kind = ? AND record = ? "
                       "ORDER BY id",
                       &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, record, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        memset(&a, 0, sizeof a);
        read_row(stmt, &a);
        if ((rc = fn(ctx, &a)) != 0)
            break;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store_fail(s, e, "listing attachments");
    stmt_done(stmt, owned);
    return rc;
}

int store_attachment_delete(struct store *s, int64_t id, struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    if ((rc = stmt_get(s, "DELETE FROM attachments WHERE id = ?", &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_int64(stmt, 1, id);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = store_fail(s, e, "deleting an attachment");
    else if (sqlite3_changes(s->db) == 0)
        rc = error_set(e, ERR_NOTFOUND, NULL, "no attachment with this id");
    stmt_done(stmt, owned);
    return rc;
}
