/*
 * attachments.c — the attachments table (see attachments.h). Bound
 * parameters only; the content goes in and out as a blob, never as text.
 */
#include "store/attachments.h"

#include "base/xmalloc.h"
#include "store/store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLUMNS                                                                                    \
    "id, kind, record, name, media_type, size, sha256, uploaded_by, uploaded_at, owner, "          \
    "classification"

int store_attachment_add(struct store *s, const struct store_attachment *a, const void *content,
                         int64_t *id, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if (s->snapshot)
        return error_set(e, ERR_INTERNAL, NULL, "a past state is not written");
    if ((rc = db_prepare(s,
                         "INSERT INTO attachments (kind, record, name, media_type, size, sha256, "
                         "content, uploaded_by, uploaded_at, owner, classification) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                         &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, a->kind, -1);
    db_bind_text(stmt, 2, a->record, -1);
    db_bind_text(stmt, 3, a->name, -1);
    db_bind_text(stmt, 4, a->media_type, -1);
    db_bind_int64(stmt, 5, a->size);
    db_bind_text(stmt, 6, a->sha256, -1);
    db_bind_blob(stmt, 7, content, (size_t)a->size);
    db_bind_text(stmt, 8, a->uploaded_by, -1);
    db_bind_text(stmt, 9, a->uploaded_at, -1);
    db_bind_text(stmt, 10, a->owner, -1);
    db_bind_text(stmt, 11, a->classification, -1);
    if (db_step(stmt) != DB_ROW)
        rc = store_fail(s, e, "storing an attachment");
    else
        *id = db_column_int64(stmt, 0);
    db_done(stmt);
    return rc;
}

static void copy_text(char *dst, size_t size, struct db_stmt *stmt, int col)
{
    const char *v = db_column_text(stmt, col);
    snprintf(dst, size, "%s", v ? (const char *)v : "");
}

static void read_row(struct db_stmt *stmt, struct store_attachment *a)
{
    a->id = db_column_int64(stmt, 0);
    copy_text(a->kind, sizeof a->kind, stmt, 1);
    copy_text(a->record, sizeof a->record, stmt, 2);
    copy_text(a->name, sizeof a->name, stmt, 3);
    copy_text(a->media_type, sizeof a->media_type, stmt, 4);
    a->size = db_column_int64(stmt, 5);
    copy_text(a->sha256, sizeof a->sha256, stmt, 6);
    copy_text(a->uploaded_by, sizeof a->uploaded_by, stmt, 7);
    copy_text(a->uploaded_at, sizeof a->uploaded_at, stmt, 8);
    copy_text(a->owner, sizeof a->owner, stmt, 9);
    copy_text(a->classification, sizeof a->classification, stmt, 10);
}

int store_attachment_get(struct store *s, int64_t id, int with_content,
                         struct store_attachment **out, struct error *e)
{
    struct db_stmt *stmt = NULL;
    struct store_attachment *a = NULL;
    int rc, step;
    *out = NULL;
    if ((rc = db_prepare(s,
                         with_content ? "SELECT " COLUMNS ", content FROM attachments WHERE id = ?"
                                      : "SELECT " COLUMNS " FROM attachments WHERE id = ?",
                         &stmt, e)) != 0)
        return rc;
    db_bind_int64(stmt, 1, id);
    step = db_step(stmt);
    if (step == DB_DONE) {
        rc = error_set(e, ERR_NOTFOUND, NULL, "no attachment with this id");
        goto cleanup;
    }
    if (step != DB_ROW) {
        rc = store_fail(s, e, "reading an attachment");
        goto cleanup;
    }
    a = xcalloc(1, sizeof *a);
    read_row(stmt, a);
    if (with_content) {
        const void *blob = db_column_blob(stmt, 11);
        size_t n = (size_t)db_column_bytes(stmt, 11);
        if (n != (size_t)a->size) {
            rc = error_set(e, ERR_STORE, NULL, "attachment %lld: size differs from its content",
                           (long long)id);
            goto cleanup;
        }
        a->content = xmalloc(n);
        memcpy(a->content, blob, n);
    }
    *out = a;
    a = NULL;
cleanup:
    store_attachment_free(a);
    db_done(stmt);
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
    struct db_stmt *stmt = NULL;
    struct store_attachment a;
    int rc, step;
    if ((rc = db_prepare(s,
                         "SELECT " COLUMNS " FROM attachments WHERE kind = ? AND record = ? "
                         "ORDER BY id",
                         &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, kind, -1);
    db_bind_text(stmt, 2, record, -1);
    while ((step = db_step(stmt)) == DB_ROW) {
        memset(&a, 0, sizeof a);
        read_row(stmt, &a);
        if ((rc = fn(ctx, &a)) != 0)
            break;
    }
    if (rc == 0 && step != DB_DONE)
        rc = store_fail(s, e, "listing attachments");
    db_done(stmt);
    return rc;
}

int store_attachment_delete(struct store *s, int64_t id, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s, "DELETE FROM attachments WHERE id = ?", &stmt, e)) != 0)
        return rc;
    db_bind_int64(stmt, 1, id);
    if (db_step(stmt) != DB_DONE)
        rc = store_fail(s, e, "deleting an attachment");
    else if (db_changes(stmt) == 0)
        rc = error_set(e, ERR_NOTFOUND, NULL, "no attachment with this id");
    db_done(stmt);
    return rc;
}
