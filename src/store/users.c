/*
 * users.c — users and sessions in SQLite (see users.h).
 */
#include "store/users.h"

#include "store/sqlite_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_column(sqlite3_stmt *stmt, int col, char *buf, size_t size)
{
    const unsigned char *v = sqlite3_column_text(stmt, col);
    snprintf(buf, size, "%s", v ? (const char *)v : "");
}

int store_user_put(struct store *s, const struct store_user *u, struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    size_t i;

    rc = stmt_get(s,
                  "INSERT INTO users (id, role, org, clearance, password_hash, disabled, "
                  "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                  "role = excluded.role, org = excluded.org, clearance = excluded.clearance, "
                  "password_hash = excluded.password_hash, disabled = excluded.disabled",
                  &stmt, &owned, e);
    if (rc != 0)
        return rc;
    sqlite3_bind_text(stmt, 1, u->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, u->role, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, u->org, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, u->clearance, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 5, u->password_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 6, u->disabled != 0);
    sqlite3_bind_text(stmt, 7, u->created_at, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        rc = store_fail(s, e, "writing a user");
        goto cleanup;
    }
    stmt_done(stmt, owned);
    stmt = NULL;
    if ((rc = stmt_get(s, "DELETE FROM users_scope WHERE user_id = ?", &stmt, &owned, e)) != 0)
        goto cleanup;
    sqlite3_bind_text(stmt, 1, u->id, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        rc = store_fail(s, e, "writing a user's scope");
        goto cleanup;
    }
    stmt_done(stmt, owned);
    stmt = NULL;
    if ((rc = stmt_get(s, "INSERT INTO users_scope (user_id, process) VALUES (?, ?)", &stmt, &owned,
                       e)) != 0)
        goto cleanup;
    for (i = 0; i < u->n_scope; i++) {
        sqlite3_reset(stmt);
        sqlite3_bind_text(stmt, 1, u->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, u->scope[i], -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) != SQLITE_DONE) {
            rc = store_fail(s, e, "writing a user's scope");
            goto cleanup;
        }
    }
cleanup:
    stmt_done(stmt, owned);
    return rc;
}

static int read_scope(struct store *s, struct store_user *u, struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    if ((rc = stmt_get(s, "SELECT process FROM users_scope WHERE user_id = ? ORDER BY process",
                       &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_text(stmt, 1, u->id, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        char **grown = realloc(u->scope, (u->n_scope + 1) * sizeof *grown);
        if (grown == NULL) {
            rc = error_set(e, ERR_NOMEM, NULL, "out of memory");
            goto cleanup;
        }
        u->scope = grown;
        u->scope[u->n_scope++] = strdup((const char *)sqlite3_column_text(stmt, 0));
    }
    rc = rc == SQLITE_DONE ? 0 : store_fail(s, e, "reading a user's scope");
cleanup:
    stmt_done(stmt, owned);
    return rc;
}

static struct store_user *user_from_row(sqlite3_stmt *stmt)
{
    struct store_user *u = calloc(1, sizeof *u);
    if (u == NULL)
        return NULL;
    copy_column(stmt, 0, u->id, sizeof u->id);
    copy_column(stmt, 1, u->role, sizeof u->role);
    copy_column(stmt, 2, u->org, sizeof u->org);
    copy_column(stmt, 3, u->clearance, sizeof u->clearance);
    copy_column(stmt, 4, u->password_hash, sizeof u->password_hash);
    u->disabled = sqlite3_column_int(stmt, 5);
    copy_column(stmt, 6, u->created_at, sizeof u->created_at);
    copy_column(stmt, 7, u->email, sizeof u->email);
    copy_column(stmt, 8, u->email_since, sizeof u->email_since);
    u->mfa = sqlite3_column_int(stmt, 9);
    return u;
}

#define USER_COLUMNS                                                                               \
    "id, role, org, clearance, password_hash, disabled, created_at, email, email_since, "          \
    "CASE WHEN totp_secret IS NULL THEN 0 WHEN totp_confirmed = 1 THEN 2 ELSE 1 END"

int store_user_get(struct store *s, const char *id, struct store_user **out, struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    struct store_user *u = NULL;
    int owned = 0, rc;
    *out = NULL;
    if ((rc = stmt_get(s, "SELECT " USER_COLUMNS " FROM users WHERE id = ?", &stmt, &owned, e)))
        return rc;
    sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) {
        rc = error_set(e, ERR_NOTFOUND, id, "no such user");
        goto cleanup;
    }
    if (rc != SQLITE_ROW) {
        rc = store_fail(s, e, "reading a user");
        goto cleanup;
    }
    if ((u = user_from_row(stmt)) == NULL) {
        rc = error_set(e, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
    stmt_done(stmt, owned);
    stmt = NULL;
    if ((rc = read_scope(s, u, e)) != 0)
        goto cleanup;
    *out = u;
    u = NULL;
cleanup:
    stmt_done(stmt, owned);
    store_user_free(u);
    return rc;
}

int store_user_each(struct store *s, int (*fn)(void *ctx, const struct store_user *u), void *ctx,
                    struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    if ((rc = stmt_get(s, "SELECT " USER_COLUMNS " FROM users ORDER BY id", &stmt, &owned, e)))
        return rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct store_user *u = user_from_row(stmt);
        if (u == NULL) {
            rc = error_set(e, ERR_NOMEM, NULL, "out of memory");
            goto cleanup;
        }
        rc = read_scope(s, u, e);
        if (rc == 0)
            rc = fn(ctx, u);
        store_user_free(u);
        if (rc != 0)
            goto cleanup;
    }
    rc = rc == SQLITE_DONE ? 0 : store_fail(s, e, "reading users");
cleanup:
    stmt_done(stmt, owned);
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
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    if ((rc = stmt_get(s, "UPDATE users SET email = ?, email_since = ? WHERE id = ?", &stmt, &owned,
                       e)) != 0)
        return rc;
    sqlite3_bind_text(stmt, 1, email, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, email ? at : NULL, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, id, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = store_fail(s, e, "writing a user's e-mail address");
    else if (sqlite3_changes(sqlite3_db_handle(stmt)) == 0)
        rc = error_set(e, ERR_NOTFOUND, id, "no such user");
    stmt_done(stmt, owned);
    return rc;
}

/* --- MFA ------------------------------------------------------------------ */

int store_user_totp_get(struct store *s, const char *id, char *secret_hex, int *confirmed,
                        int64_t *last_step, struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    if ((rc = stmt_get(s,
                       "SELECT totp_secret, totp_confirmed, totp_last_step FROM users WHERE "
                       "id = ?",
                       &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        copy_column(stmt, 0, secret_hex, 41);
        *confirmed = sqlite3_column_int(stmt, 1);
        *last_step = sqlite3_column_int64(stmt, 2);
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = error_set(e, ERR_NOTFOUND, id, "no such user");
    } else {
        rc = store_fail(s, e, "reading a user's MFA");
    }
    stmt_done(stmt, owned);
    return rc;
}

/* Runs sql with one text parameter, then the statement's changes in *changes. */
static int run_text(struct store *s, const char *sql, const char *value, const char *what,
                    int *changes, struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    if ((rc = stmt_get(s, sql, &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_text(stmt, 1, value, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = store_fail(s, e, what);
    else if (changes)
        *changes = sqlite3_changes(sqlite3_db_handle(stmt));
    stmt_done(stmt, owned);
    return rc;
}

int store_user_totp_set(struct store *s, const char *id, const char *secret_hex, int confirmed,
                        int64_t last_step, struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    if ((rc = stmt_get(s,
                       "UPDATE users SET totp_secret = ?, totp_confirmed = ?, totp_last_step = ? "
                       "WHERE id = ?",
                       &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_text(stmt, 1, secret_hex, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, secret_hex && confirmed);
    sqlite3_bind_int64(stmt, 3, last_step);
    sqlite3_bind_text(stmt, 4, id, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = store_fail(s, e, "writing a user's MFA");
    else if (sqlite3_changes(sqlite3_db_handle(stmt)) == 0)
        rc = error_set(e, ERR_NOTFOUND, id, "no such user");
    stmt_done(stmt, owned);
    if (rc == 0 && secret_hex == NULL)
        rc = run_text(s, "DELETE FROM users_recovery WHERE user_id = ?", id,
                      "removing recovery codes", NULL, e);
    return rc;
}

int store_user_totp_use_step(struct store *s, const char *id, int64_t step, int *taken,
                             struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    *taken = 0;
    if ((rc = stmt_get(s, "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?",
                       &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_int64(stmt, 1, step);
    sqlite3_bind_text(stmt, 2, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, step);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = store_fail(s, e, "writing a user's MFA");
    else
        *taken = sqlite3_changes(sqlite3_db_handle(stmt)) == 1;
    stmt_done(stmt, owned);
    return rc;
}

int store_recovery_replace(struct store *s, const char *id, const char *const *hashes, size_t n,
                           struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    size_t i;
    if ((rc = run_text(s, "DELETE FROM users_recovery WHERE user_id = ?", id,
                       "removing recovery codes", NULL, e)) != 0)
        return rc;
    if ((rc = stmt_get(s, "INSERT INTO users_recovery (user_id, code_hash) VALUES (?, ?)", &stmt,
                       &owned, e)) != 0)
        return rc;
    for (i = 0; i < n && rc == 0; i++) {
        sqlite3_reset(stmt);
        sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, hashes[i], -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) != SQLITE_DONE)
            rc = store_fail(s, e, "writing recovery codes");
    }
    stmt_done(stmt, owned);
    return rc;
}

int store_recovery_use(struct store *s, const char *id, const char *hash, const char *at,
                       int *taken, struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    *taken = 0;
    if ((rc = stmt_get(s,
                       "UPDATE users_recovery SET used_at = ? WHERE user_id = ? AND code_hash = ? "
                       "AND used_at IS NULL",
                       &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_text(stmt, 1, at, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, hash, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = store_fail(s, e, "using a recovery code");
    else
        *taken = sqlite3_changes(sqlite3_db_handle(stmt)) == 1;
    stmt_done(stmt, owned);
    return rc;
}

int store_recovery_left(struct store *s, const char *id, int *left, struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    *left = 0;
    if ((rc = stmt_get(s,
                       "SELECT count(*) FROM users_recovery WHERE user_id = ? AND used_at IS NULL",
                       &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW)
        *left = sqlite3_column_int(stmt, 0);
    else
        rc = store_fail(s, e, "counting recovery codes");
    stmt_done(stmt, owned);
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
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    if ((rc = stmt_get(s,
                       "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, "
                       "csrf_token, enrol_only) VALUES (?, ?, ?, ?, ?, ?)",
                       &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_int(stmt, 6, enrol_only != 0);
    sqlite3_bind_text(stmt, 1, token_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, user_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, created_at);
    sqlite3_bind_int64(stmt, 4, expires_at);
    sqlite3_bind_text(stmt, 5, csrf_token, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = store_fail(s, e, "writing a session");
    stmt_done(stmt, owned);
    return rc;
}

int store_session_get(struct store *s, const char *token_hash, int64_t now, char *user_id,
                      char *csrf_token, int *enrol_only, struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    if ((rc = stmt_get(s,
                       "SELECT user_id, csrf_token, enrol_only FROM sessions WHERE token_hash = ? "
                       "AND "
                       "expires_at > ?",
                       &stmt, &owned, e)) != 0)
        return rc;
    sqlite3_bind_text(stmt, 1, token_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, now);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        copy_column(stmt, 0, user_id, 129);
        copy_column(stmt, 1, csrf_token, 65);
        *enrol_only = sqlite3_column_int(stmt, 2);
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = error_set(e, ERR_UNAUTHORIZED, NULL, "no such session, or it has expired");
    } else {
        rc = store_fail(s, e, "reading a session");
    }
    stmt_done(stmt, owned);
    return rc;
}

static int delete_by(struct store *s, const char *sql, const char *value, int64_t number,
                     struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int owned = 0, rc;
    if ((rc = stmt_get(s, sql, &stmt, &owned, e)) != 0)
        return rc;
    if (value)
        sqlite3_bind_text(stmt, 1, value, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(stmt, 1, number);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = store_fail(s, e, "removing sessions");
    stmt_done(stmt, owned);
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
