/*
 * comments.c — comment threads and notification state in the database (see
 * comments.h). Bound parameters only; statements from the connection's
 * cache.
 */
#include "store/comments.h"

#include "store/store_internal.h"

#include <stdio.h>
#include <string.h>

static const char *column_text(struct db_stmt *stmt, int col)
{
    return db_column_text(stmt, col);
}

int store_comment_add(struct store *s, const struct store_comment *c, int64_t *id, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s,
                         "INSERT INTO comments (parent_kind, parent_id, author, text, mentions, "
                         "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                         &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, c->parent_kind, -1);
    db_bind_text(stmt, 2, c->parent_id, -1);
    db_bind_text(stmt, 3, c->author, -1);
    db_bind_text(stmt, 4, c->text, -1);
    db_bind_text(stmt, 5, c->mentions ? c->mentions : "[]", -1);
    db_bind_text(stmt, 6, c->created_at, -1);
    if (db_step(stmt) != DB_ROW)
        rc = store_fail(s, e, "writing a comment");
    else
        *id = db_column_int64(stmt, 0);
    db_done(stmt);
    return rc;
}

int store_comment_retract(struct store *s, const char *parent_kind, const char *parent_id,
                          int64_t id, const char *at, const char *note, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s,
                         "UPDATE comments SET retracted_at = ?, retraction = ? WHERE id = ? AND "
                         "parent_kind = ? AND parent_id = ? AND retracted_at IS NULL",
                         &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, at, -1);
    db_bind_text(stmt, 2, note, -1);
    db_bind_int64(stmt, 3, id);
    db_bind_text(stmt, 4, parent_kind, -1);
    db_bind_text(stmt, 5, parent_id, -1);
    if (db_step(stmt) != DB_DONE)
        rc = store_fail(s, e, "retracting a comment");
    else if (db_changes(stmt) == 0)
        rc = error_set(e, ERR_NOTFOUND, "comment", "no such comment, or retracted already");
    db_done(stmt);
    return rc;
}

#define COMMENT_COLUMNS                                                                            \
    "id, parent_kind, parent_id, author, text, mentions, created_at, retracted_at, retraction"

/* Steps stmt (bound by the caller) and calls fn for every row. */
static int each_row(struct store *s, struct db_stmt *stmt, store_comment_fn fn, void *ctx,
                    int *rows, struct error *e)
{
    int rc;
    while ((rc = db_step(stmt)) == DB_ROW) {
        struct store_comment c = {
            db_column_int64(stmt, 0), column_text(stmt, 1), column_text(stmt, 2),
            column_text(stmt, 3),     column_text(stmt, 4), column_text(stmt, 5),
            column_text(stmt, 6),     column_text(stmt, 7), column_text(stmt, 8)};
        if (rows)
            (*rows)++;
        if ((rc = fn(ctx, &c)) != 0)
            return rc;
    }
    return rc == DB_DONE ? 0 : store_fail(s, e, "reading comments");
}

int store_comment_each(struct store *s, const char *parent_kind, const char *parent_id,
                       store_comment_fn fn, void *ctx, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s,
                         "SELECT " COMMENT_COLUMNS " FROM comments WHERE parent_kind = ? AND "
                         "parent_id = ? ORDER BY id",
                         &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, parent_kind, -1);
    db_bind_text(stmt, 2, parent_id, -1);
    rc = each_row(s, stmt, fn, ctx, NULL, e);
    db_done(stmt);
    return rc;
}

int store_comment_each_since(struct store *s, const char *since, store_comment_fn fn, void *ctx,
                             struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(
             s, "SELECT " COMMENT_COLUMNS " FROM comments WHERE created_at >= ? ORDER BY id", &stmt,
             e)) != 0)
        return rc;
    db_bind_text(stmt, 1, since, -1);
    rc = each_row(s, stmt, fn, ctx, NULL, e);
    db_done(stmt);
    return rc;
}

int store_comment_get(struct store *s, int64_t id, store_comment_fn fn, void *ctx, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rows = 0, rc;
    if ((rc = db_prepare(s, "SELECT " COMMENT_COLUMNS " FROM comments WHERE id = ?", &stmt, e)) !=
        0)
        return rc;
    db_bind_int64(stmt, 1, id);
    rc = each_row(s, stmt, fn, ctx, &rows, e);
    db_done(stmt);
    if (rc == 0 && rows == 0)
        rc = error_set(e, ERR_NOTFOUND, "comment", "no such comment");
    return rc;
}

int store_notify_read_get(struct store *s, const char *user, char *read_until, json_t **read,
                          struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    *read = json_object();
    read_until[0] = '\0';
    if ((rc = db_prepare(s, "SELECT read_until FROM notify_state WHERE user_id = ?", &stmt, e)) !=
        0)
        return rc;
    db_bind_text(stmt, 1, user, -1);
    rc = db_step(stmt);
    if (rc == DB_ROW)
        snprintf(read_until, 21, "%s", column_text(stmt, 0));
    rc = rc == DB_ROW || rc == DB_DONE ? 0 : store_fail(s, e, "reading notifications");
    db_done(stmt);
    stmt = NULL;
    if (rc != 0 ||
        (rc = db_prepare(s, "SELECT id FROM notify_read WHERE user_id = ?", &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, user, -1);
    while ((rc = db_step(stmt)) == DB_ROW)
        json_object_set_new(*read, column_text(stmt, 0), json_true());
    rc = rc == DB_DONE ? 0 : store_fail(s, e, "reading notifications");
    db_done(stmt);
    return rc;
}

/* Runs sql with text parameters (NULL-terminated list of up to four). */
static int run(struct store *s, const char *sql, const char *const *params, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc, i;
    if ((rc = db_prepare(s, sql, &stmt, e)) != 0)
        return rc;
    for (i = 0; params[i]; i++)
        db_bind_text(stmt, i + 1, params[i], -1);
    if (db_step(stmt) != DB_DONE)
        rc = store_fail(s, e, "writing notification state");
    db_done(stmt);
    return rc;
}

int store_notify_read_all(struct store *s, const char *user, const char *at, struct error *e)
{
    int rc =
        run(s,
            "INSERT INTO notify_state (user_id, read_until) VALUES (?, ?) ON CONFLICT "
            "(user_id) DO UPDATE SET read_until = CASE WHEN excluded.read_until > "
            "notify_state.read_until THEN excluded.read_until ELSE notify_state.read_until END",
            (const char *const[]){user, at, NULL}, e);
    if (rc == 0)
        rc = run(s, "DELETE FROM notify_read WHERE user_id = ? AND at <= ?",
                 (const char *const[]){user, at, NULL}, e);
    return rc;
}

int store_notify_read_one(struct store *s, const char *user, const char *id, const char *at,
                          struct error *e)
{
    return run(s,
               "INSERT INTO notify_read (user_id, id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
               (const char *const[]){user, id, at, NULL}, e);
}

int store_notify_mail_get(struct store *s, const char *user, const char *id, int *sent,
                          int *attempts, char *last_at, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    *sent = 0;
    *attempts = 0;
    last_at[0] = '\0';
    if ((rc = db_prepare(s,
                         "SELECT sent, attempts, last_at FROM notify_mail WHERE user_id = ? AND "
                         "id = ?",
                         &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, user, -1);
    db_bind_text(stmt, 2, id, -1);
    rc = db_step(stmt);
    if (rc == DB_ROW) {
        *sent = db_column_int(stmt, 0);
        *attempts = db_column_int(stmt, 1);
        snprintf(last_at, 21, "%s", column_text(stmt, 2));
    }
    rc = rc == DB_ROW || rc == DB_DONE ? 0 : store_fail(s, e, "reading mail state");
    db_done(stmt);
    return rc;
}

int store_notify_mail_put(struct store *s, const char *user, const char *id, int sent,
                          const char *at, const char *error, struct error *e)
{
    return run(s,
               "INSERT INTO notify_mail (user_id, id, sent, attempts, last_at, error) VALUES "
               "(?, ?, CAST(? AS INTEGER), 1, ?, ?) ON CONFLICT (user_id, id) DO UPDATE SET "
               "sent = excluded.sent, attempts = notify_mail.attempts + 1, last_at = "
               "excluded.last_at, error = excluded.error",
               (const char *const[]){user, id, sent ? "1" : "0", at, error, NULL}, e);
}
