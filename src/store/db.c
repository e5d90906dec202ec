/*
 * db.c — the statement layer (db.h): the prepared-statement cache, and each
 * call made on SQLite directly or handed to db_pg.c for PostgreSQL.
 */
#include "store/db.h"

#include "base/xmalloc.h"
#include "store/store_internal.h"

#include <assert.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a: the statement cache's key (a scan compares 64-bit numbers, and
 * the text only on a match). */
static uint64_t sql_hash(const char *sql)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *sql; sql++)
        h = (h ^ (unsigned char)*sql) * 1099511628211ULL;
    return h;
}

static void stmt_free(struct db_stmt *st)
{
    if (st == NULL)
        return;
    if (st->lite)
        sqlite3_finalize(st->lite);
    if (st->pg)
        pg_stmt_free(st->pg);
    free(st);
}

static int stmt_new(struct store *s, const char *sql, struct db_stmt **out, struct error *e)
{
    struct db_stmt *st = xcalloc(1, sizeof *st);
    int rc = 0;
    *out = NULL;
    st->s = s;
    if (s->pg) {
        rc = pg_stmt_prepare(s, sql, &st->pg, e);
    } else if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->lite, NULL) !=
               SQLITE_OK) {
        rc = store_fail(s, e, "preparing a statement");
    }
    if (rc != 0) {
        stmt_free(st);
        return rc;
    }
    *out = st;
    return 0;
}

static void stmt_clear(struct db_stmt *st)
{
    if (st->lite) {
        sqlite3_reset(st->lite);
        sqlite3_clear_bindings(st->lite);
    } else {
        pg_stmt_clear(st->pg);
    }
}

int db_prepare(struct store *s, const char *sql, struct db_stmt **out, struct error *e)
{
    size_t i;
    struct db_stmt *st = NULL;
    uint64_t hash = sql_hash(sql);
    char *copy;
    int rc;
    *out = NULL;
    s->statements++;
    for (i = 0; i < s->n_cached; i++) {
        if (s->cache[i].hash == hash && strcmp(s->cache[i].sql, sql) == 0) {
            if (s->cache[i].stmt->in_use)
                break;
            st = s->cache[i].stmt;
            stmt_clear(st);
            st->in_use = 1;
            *out = st;
            return 0;
        }
    }
    if ((rc = stmt_new(s, sql, &st, e)) != 0)
        return rc;
    st->in_use = 1;
    *out = st;
    copy = xstrdup(sql);
    /* the cached copy is in use: a private one */
    if (i < s->n_cached) {
        free(copy);
        st->owned = 1;
        return 0;
    }
    if (s->n_cached == STMT_CACHE_SIZE) {
        struct cached_stmt *victim = &s->cache[s->next_evict];
        if (victim->stmt->in_use) {
            free(copy);
            st->owned = 1;
            return 0;
        }
        if (st->pg)
            pg_stmt_keep(st->pg);
        if (victim->stmt->pg)
            pg_stmt_drop(victim->stmt->pg);
        stmt_free(victim->stmt);
        free(victim->sql);
        victim->sql = copy;
        victim->hash = hash;
        victim->stmt = st;
        s->next_evict = (s->next_evict + 1) % STMT_CACHE_SIZE;
    } else {
        if (st->pg)
            pg_stmt_keep(st->pg);
        s->cache[s->n_cached].sql = copy;
        s->cache[s->n_cached].hash = hash;
        s->cache[s->n_cached].stmt = st;
        s->n_cached++;
    }
    return 0;
}

void db_done(struct db_stmt *st)
{
    if (st == NULL)
        return;
    assert(st->in_use); /* handed back once */
    if (st->owned) {
        stmt_free(st);
        return;
    }
    st->in_use = 0;
    if (st->lite)
        sqlite3_reset(st->lite);
    else
        pg_stmt_reset(st->pg);
}

void db_cache_free(struct store *s)
{
    size_t i;
    for (i = 0; i < s->n_cached; i++) {
        stmt_free(s->cache[i].stmt);
        free(s->cache[i].sql);
    }
    s->n_cached = 0;
}

void db_reset(struct db_stmt *st)
{
    if (st->lite)
        sqlite3_reset(st->lite);
    else
        pg_stmt_reset(st->pg);
}

/* A statement is used between db_prepare and db_done, and bound by
 * parameter numbers 1..n (SQLite: n of its text; db_pg.c checks its own). */
#define ASSERT_BIND(st, i)                                                                         \
    assert((st)->in_use && (i) >= 1 &&                                                             \
           (!(st)->lite || (i) <= sqlite3_bind_parameter_count((st)->lite)))
/* A column is read from a statement in use, by a number its result has. */
#define ASSERT_COLUMN(st, col)                                                                     \
    assert((st)->in_use && (col) >= 0 && (!(st)->lite || (col) < sqlite3_column_count((st)->lite)))

static int lite_ok(int rc)
{
    return rc == SQLITE_OK ? 0 : DB_ERROR;
}

int db_bind_text(struct db_stmt *st, int i, const char *v, int len)
{
    ASSERT_BIND(st, i);
    if (v == NULL)
        return db_bind_null(st, i);
    if (st->lite)
        return lite_ok(sqlite3_bind_text(st->lite, i, v, len, SQLITE_STATIC));
    return pg_bind(st->pg, i, v, len < 0 ? (int)strlen(v) : len, PG_BIND_TEXT);
}

int db_bind_int64(struct db_stmt *st, int i, int64_t v)
{
    char text[24];
    ASSERT_BIND(st, i);
    if (st->lite)
        return lite_ok(sqlite3_bind_int64(st->lite, i, v));
    snprintf(text, sizeof text, "%" PRId64, v);
    return pg_bind(st->pg, i, text, (int)strlen(text), PG_BIND_INT);
}

int db_bind_double(struct db_stmt *st, int i, double v)
{
    char text[40];
    ASSERT_BIND(st, i);
    if (st->lite)
        return lite_ok(sqlite3_bind_double(st->lite, i, v));
    snprintf(text, sizeof text, "%.17g", v);
    return pg_bind(st->pg, i, text, (int)strlen(text), PG_BIND_DOUBLE);
}

int db_bind_null(struct db_stmt *st, int i)
{
    ASSERT_BIND(st, i);
    if (st->lite)
        return lite_ok(sqlite3_bind_null(st->lite, i));
    return pg_bind(st->pg, i, NULL, 0, PG_BIND_NULL);
}

int db_bind_blob(struct db_stmt *st, int i, const void *v, size_t len)
{
    ASSERT_BIND(st, i);
    if (st->lite)
        return lite_ok(sqlite3_bind_blob64(st->lite, i, v, (sqlite3_uint64)len, SQLITE_STATIC));
    return pg_bind(st->pg, i, v, (int)len, PG_BIND_BLOB);
}

int db_step(struct db_stmt *st)
{
    assert(st->in_use); /* not stepped after db_done handed it back */
    if (st->lite) {
        int rc = sqlite3_step(st->lite);
        return rc == SQLITE_ROW ? DB_ROW : rc == SQLITE_DONE ? DB_DONE : DB_ERROR;
    }
    return pg_step(st->s, st->pg);
}

int db_column_is_null(struct db_stmt *st, int col)
{
    size_t len;
    ASSERT_COLUMN(st, col);
    if (st->lite)
        return sqlite3_column_type(st->lite, col) == SQLITE_NULL;
    return pg_column(st->pg, col, 0, &len) == NULL;
}

const char *db_column_text(struct db_stmt *st, int col)
{
    size_t len;
    ASSERT_COLUMN(st, col);
    if (st->lite)
        return (const char *)sqlite3_column_text(st->lite, col);
    return pg_column(st->pg, col, 0, &len);
}

int64_t db_column_int64(struct db_stmt *st, int col)
{
    const char *v;
    ASSERT_COLUMN(st, col);
    if (st->lite)
        return sqlite3_column_int64(st->lite, col);
    v = db_column_text(st, col);
    return v ? strtoll(v, NULL, 10) : 0;
}

int db_column_int(struct db_stmt *st, int col)
{
    return (int)db_column_int64(st, col);
}

double db_column_double(struct db_stmt *st, int col)
{
    const char *v;
    ASSERT_COLUMN(st, col);
    if (st->lite)
        return sqlite3_column_double(st->lite, col);
    v = db_column_text(st, col);
    return v ? strtod(v, NULL) : 0;
}

size_t db_column_bytes(struct db_stmt *st, int col)
{
    size_t len = 0;
    ASSERT_COLUMN(st, col);
    if (st->lite)
        return (size_t)sqlite3_column_bytes(st->lite, col);
    pg_column(st->pg, col, 0, &len);
    return len;
}

const void *db_column_blob(struct db_stmt *st, int col)
{
    size_t len;
    ASSERT_COLUMN(st, col);
    if (st->lite)
        return sqlite3_column_blob(st->lite, col);
    return pg_column(st->pg, col, 1, &len);
}

uint64_t store_statements(const struct store *s)
{
    return s->statements;
}

int64_t db_changes(struct db_stmt *st)
{
    if (st->lite)
        return sqlite3_changes(sqlite3_db_handle(st->lite));
    return pg_changes(st->pg);
}

int db_exec(struct store *s, const char *sql, struct error *e, const char *what)
{
    s->statements++;
    if (s->pg)
        return pg_exec(s, sql, e, what);
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return store_fail(s, e, what);
    return 0;
}

int store_fail(struct store *s, struct error *e, const char *what)
{
    int rc, code = ERR_STORE;
    if (s->pg)
        return pg_fail(s, e, what);
    rc = sqlite3_extended_errcode(s->db);
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        code = ERR_CONFLICT;
    else if ((rc & 0xff) == SQLITE_CONSTRAINT)
        code = ERR_INVALID;
    else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        return store_busy_error(e);
    return error_set(e, code, NULL, "%s: %s", what, sqlite3_errmsg(s->db));
}
