/*
 * users.c — users and sessions in the database (see users.h).
 */
#include "store/users.h"

#include "base/xmalloc.h"
#include "store/store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_column(struct db_stmt *stmt, int col, char *buf, size_t size)
{
    const char *v = db_column_text(stmt, col);
    snprintf(buf, size, "%s", v ? (const char *)v : "");
}

int store_user_put(struct store *s, const struct store_user *u, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    size_t i;

    rc = db_prepare(s,
                    "INSERT INTO users (id, role, org, clearance, password_hash, disabled, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    "role = excluded.role, org = excluded.org, clearance = excluded.clearance, "
                    "password_hash = excluded.password_hash, disabled = excluded.disabled",
                    &stmt, e);
    if (rc != 0)
        return rc;
    db_bind_text(stmt, 1, u->id, -1);
    db_bind_text(stmt, 2, u->role, -1);
    db_bind_text(stmt, 3, u->org, -1);
    db_bind_text(stmt, 4, u->clearance, -1);
    db_bind_text(stmt, 5, u->password_hash, -1);
    db_bind_int64(stmt, 6, u->disabled != 0);
    db_bind_text(stmt, 7, u->created_at, -1);
    if (db_step(stmt) != DB_DONE) {
        rc = store_fail(s, e, "writing a user");
        goto cleanup;
    }
    db_done(stmt);
    stmt = NULL;
    if ((rc = db_prepare(s, "DELETE FROM users_scope WHERE user_id = ?", &stmt, e)) != 0)
        goto cleanup;
    db_bind_text(stmt, 1, u->id, -1);
    if (db_step(stmt) != DB_DONE) {
        rc = store_fail(s, e, "writing a user's scope");
        goto cleanup;
    }
    db_done(stmt);
    stmt = NULL;
    if ((rc = db_prepare(s, "INSERT INTO users_scope (user_id, process) VALUES (?, ?)", &stmt,
                         e)) != 0)
        goto cleanup;
    for (i = 0; i < u->n_scope; i++) {
        db_reset(stmt);
        db_bind_text(stmt, 1, u->id, -1);
        db_bind_text(stmt, 2, u->scope[i], -1);
        if (db_step(stmt) != DB_DONE) {
            rc = store_fail(s, e, "writing a user's scope");
            goto cleanup;
        }
    }
cleanup:
    db_done(stmt);
    return rc;
}

static int read_scope(struct store *s, struct store_user *u, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s, "SELECT process FROM users_scope WHERE user_id = ? ORDER BY process",
                         &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, u->id, -1);
    while ((rc = db_step(stmt)) == DB_ROW) {
        u->scope = xrealloc(u->scope, (u->n_scope + 1) * sizeof *u->scope);
        u->scope[u->n_scope++] = xstrdup(db_column_text(stmt, 0));
    }
    rc = rc == DB_DONE ? 0 : store_fail(s, e, "reading a user's scope");
    db_done(stmt);
    return rc;
}

static struct store_user *user_from_row(struct db_stmt *stmt)
{
    struct store_user *u = xcalloc(1, sizeof *u);
    copy_column(stmt, 0, u->id, sizeof u->id);
    copy_column(stmt, 1, u->role, sizeof u->role);
    copy_column(stmt, 2, u->org, sizeof u->org);
    copy_column(stmt, 3, u->clearance, sizeof u->clearance);
    copy_column(stmt, 4, u->password_hash, sizeof u->password_hash);
    u->disabled = db_column_int(stmt, 5);
    copy_column(stmt, 6, u->created_at, sizeof u->created_at);
    copy_column(stmt, 7, u->email, sizeof u->email);
    copy_column(stmt, 8, u->email_since, sizeof u->email_since);
    u->mfa = db_column_int(stmt, 9);
    return u;
}

#define USER_COLUMNS                                                                               \
    "id, role, org, clearance, password_hash, disabled, created_at, email, email_since, "          \
    "CASE WHEN totp_secret IS NULL THEN 0 WHEN totp_confirmed = 1 THEN 2 ELSE 1 END"

int store_user_get(struct store *s, const char *id, struct store_user **out, struct error *e)
{
    struct db_stmt *stmt = NULL;
    struct store_user *u = NULL;
    int rc;
    *out = NULL;
    if ((rc = db_prepare(s, "SELECT " USER_COLUMNS " FROM users WHERE id = ?", &stmt, e)))
        return rc;
    db_bind_text(stmt, 1, id, -1);
    rc = db_step(stmt);
    if (rc == DB_DONE) {
        rc = error_set(e, ERR_NOTFOUND, id, "no such user");
        goto cleanup;
    }
    if (rc != DB_ROW) {
        rc = store_fail(s, e, "reading a user");
        goto cleanup;
    }
    u = user_from_row(stmt);
    db_done(stmt);
    stmt = NULL;
    if ((rc = read_scope(s, u, e)) != 0)
        goto cleanup;
    *out = u;
    u = NULL;
cleanup:
    db_done(stmt);
    store_user_free(u);
    return rc;
}

int store_user_each(struct store *s, int (*fn)(void *ctx, const struct store_user *u), void *ctx,
                    struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s, "SELECT " USER_COLUMNS " FROM users ORDER BY id", &stmt, e)))
        return rc;
    while ((rc = db_step(stmt)) == DB_ROW) {
        struct store_user *u = user_from_row(stmt);
        rc = read_scope(s, u, e);
        if (rc == 0)
            rc = fn(ctx, u);
        store_user_free(u);
        if (rc != 0)
            goto cleanup;
    }
    rc = rc == DB_DONE ? 0 : store_fail(s, e, "reading users");
cleanup:
    db_done(stmt);
    return rc;
}

void store_user_free(struct store_user *u)
{
    size_t i;
    if (u == NULL)
        return;
    for (i = 0; i < u->n_scope; i++)
        free(u->scope[i]);
    free(u->scope);
    free(u);
}

int store_user_set_email(struct store *s, const char *id, const char *email, const char *at,
                         struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s, "UPDATE users SET email = ?, email_since = ? WHERE id = ?", &stmt,
                         e)) != 0)
        return rc;
    db_bind_text(stmt, 1, email, -1);
    db_bind_text(stmt, 2, email ? at : NULL, -1);
    db_bind_text(stmt, 3, id, -1);
    if (db_step(stmt) != DB_DONE)
        rc = store_fail(s, e, "writing a user's e-mail address");
    else if (db_changes(stmt) == 0)
        rc = error_set(e, ERR_NOTFOUND, id, "no such user");
    db_done(stmt);
    return rc;
}

/* --- MFA ------------------------------------------------------------------ */

int store_user_totp_get(struct store *s, const char *id, char *secret_hex, int *confirmed,
                        int64_t *last_step, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s,
                         "SELECT totp_secret, totp_confirmed, totp_last_step FROM users WHERE "
                         "id = ?",
                         &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, id, -1);
    rc = db_step(stmt);
    if (rc == DB_ROW) {
        copy_column(stmt, 0, secret_hex, 41);
        *confirmed = db_column_int(stmt, 1);
        *last_step = db_column_int64(stmt, 2);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = error_set(e, ERR_NOTFOUND, id, "no such user");
    } else {
        rc = store_fail(s, e, "reading a user's MFA");
    }
    db_done(stmt);
    return rc;
}

/* Runs sql with one text parameter, then the statement's changes in *changes. */
static int run_text(struct store *s, const char *sql, const char *value, const char *what,
                    int *changes, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s, sql, &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, value, -1);
    if (db_step(stmt) != DB_DONE)
        rc = store_fail(s, e, what);
    else if (changes)
        *changes = db_changes(stmt);
    db_done(stmt);
    return rc;
}

int store_user_totp_set(struct store *s, const char *id, const char *secret_hex, int confirmed,
                        int64_t last_step, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s,
                         "UPDATE users SET totp_secret = ?, totp_confirmed = ?, totp_last_step = ? "
                         "WHERE id = ?",
                         &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, secret_hex, -1);
    db_bind_int64(stmt, 2, secret_hex && confirmed);
    db_bind_int64(stmt, 3, last_step);
    db_bind_text(stmt, 4, id, -1);
    if (db_step(stmt) != DB_DONE)
        rc = store_fail(s, e, "writing a user's MFA");
    else if (db_changes(stmt) == 0)
        rc = error_set(e, ERR_NOTFOUND, id, "no such user");
    db_done(stmt);
    if (rc == 0 && secret_hex == NULL)
        rc = run_text(s, "DELETE FROM users_recovery WHERE user_id = ?", id,
                      "removing recovery codes", NULL, e);
    return rc;
}

int store_user_totp_use_step(struct store *s, const char *id, int64_t step, int *taken,
                             struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    *taken = 0;
    if ((rc = db_prepare(s,
                         "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?",
                         &stmt, e)) != 0)
        return rc;
    db_bind_int64(stmt, 1, step);
    db_bind_text(stmt, 2, id, -1);
    db_bind_int64(stmt, 3, step);
    if (db_step(stmt) != DB_DONE)
        rc = store_fail(s, e, "writing a user's MFA");
    else
        *taken = db_changes(stmt) == 1;
    db_done(stmt);
    return rc;
}

int store_recovery_replace(struct store *s, const char *id, const char *const *hashes, size_t n,
                           struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    size_t i;
    if ((rc = run_text(s, "DELETE FROM users_recovery WHERE user_id = ?", id,
                       "removing recovery codes", NULL, e)) != 0)
        return rc;
    if ((rc = db_prepare(s, "INSERT INTO users_recovery (user_id, code_hash) VALUES (?, ?)", &stmt,
                         e)) != 0)
        return rc;
    for (i = 0; i < n && rc == 0; i++) {
        db_reset(stmt);
        db_bind_text(stmt, 1, id, -1);
        db_bind_text(stmt, 2, hashes[i], -1);
        if (db_step(stmt) != DB_DONE)
            rc = store_fail(s, e, "writing recovery codes");
    }
    db_done(stmt);
    return rc;
}

int store_recovery_use(struct store *s, const char *id, const char *hash, const char *at,
                       int *taken, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    *taken = 0;
    if ((rc =
             db_prepare(s,
                        "UPDATE users_recovery SET used_at = ? WHERE user_id = ? AND code_hash = ? "
                        "AND used_at IS NULL",
                        &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, at, -1);
    db_bind_text(stmt, 2, id, -1);
    db_bind_text(stmt, 3, hash, -1);
    if (db_step(stmt) != DB_DONE)
        rc = store_fail(s, e, "using a recovery code");
    else
        *taken = db_changes(stmt) == 1;
    db_done(stmt);
    return rc;
}

int store_recovery_left(struct store *s, const char *id, int *left, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    *left = 0;
    if ((rc = db_prepare(
             s, "SELECT count(*) FROM users_recovery WHERE user_id = ? AND used_at IS NULL", &stmt,
             e)) != 0)
        return rc;
    db_bind_text(stmt, 1, id, -1);
    if (db_step(stmt) == DB_ROW)
        *left = db_column_int(stmt, 0);
    else
        rc = store_fail(s, e, "counting recovery codes");
    db_done(stmt);
    return rc;
}

int store_session_set_full(struct store *s, const char *token_hash, struct error *e)
{
    return run_text(s, "UPDATE sessions SET enrol_only = 0 WHERE token_hash = ?", token_hash,
                    "writing a session", NULL, e);
}

int store_session_put(struct store *s, const char *token_hash, const char *user_id,
                      int64_t created_at, int64_t expires_at, const char *csrf_token,
                      int enrol_only, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s,
                         "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, "
                         "csrf_token, enrol_only) VALUES (?, ?, ?, ?, ?, ?)",
                         &stmt, e)) != 0)
        return rc;
    db_bind_int64(stmt, 6, enrol_only != 0);
    db_bind_text(stmt, 1, token_hash, -1);
    db_bind_text(stmt, 2, user_id, -1);
    db_bind_int64(stmt, 3, created_at);
    db_bind_int64(stmt, 4, expires_at);
    db_bind_text(stmt, 5, csrf_token, -1);
    if (db_step(stmt) != DB_DONE)
        rc = store_fail(s, e, "writing a session");
    db_done(stmt);
    return rc;
}

int store_session_get(struct store *s, const char *token_hash, int64_t now, char *user_id,
                      char *csrf_token, int *enrol_only, struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc =
             db_prepare(s,
                        "SELECT user_id, csrf_token, enrol_only FROM sessions WHERE token_hash = ? "
                        "AND "
                        "expires_at > ?",
                        &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, token_hash, -1);
    db_bind_int64(stmt, 2, now);
    rc = db_step(stmt);
    if (rc == DB_ROW) {
        copy_column(stmt, 0, user_id, 129);
        copy_column(stmt, 1, csrf_token, 65);
        *enrol_only = db_column_int(stmt, 2);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = error_set(e, ERR_UNAUTHORIZED, NULL, "no such session, or it has expired");
    } else {
        rc = store_fail(s, e, "reading a session");
    }
    db_done(stmt);
    return rc;
}

static int delete_by(struct store *s, const char *sql, const char *value, int64_t number,
                     struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s, sql, &stmt, e)) != 0)
        return rc;
    if (value)
        db_bind_text(stmt, 1, value, -1);
    else
        db_bind_int64(stmt, 1, number);
    if (db_step(stmt) != DB_DONE)
        rc = store_fail(s, e, "removing sessions");
    db_done(stmt);
    return rc;
}

int store_session_delete(struct store *s, const char *token_hash, struct error *e)
{
    return delete_by(s, "DELETE FROM sessions WHERE token_hash = ?", token_hash, 0, e);
}

int store_session_delete_user(struct store *s, const char *user_id, struct error *e)
{
    return delete_by(s, "DELETE FROM sessions WHERE user_id = ?", user_id, 0, e);
}

int store_session_purge(struct store *s, int64_t now, struct error *e)
{
    return delete_by(s, "DELETE FROM sessions WHERE expires_at <= ?", NULL, now, e);
}
