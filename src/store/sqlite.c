/*
 * sqlite.c — the SQLite backend of store.h, and where store_open and the
 * transactions turn to PostgreSQL (db_pg.c) for a postgresql:// URL.
 *
 * Owns the connection, the prepared-statement cache, opening (the checks that
 * a file is ours and of a version we know come before any write), migration,
 * transactions, and generic record reads and writes whose SQL is derived
 * from store/model.h. Table and column names in generated SQL come only from
 * the static model, never from input; every value is a bound parameter.
 */
#include "base/xmalloc.h"
#include "store/store.h"

#include "base/strbuf.h"
#include "store/migrations.h"
#include "store/store_internal.h"

#include <assert.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How long every connection of this process waits for another writer's
 * lock, and whom it tells that it waits (store_set_wait). */
static int64_t wait_ms = STORE_WAIT_DEFAULT_MS;
static void (*wait_notice)(int64_t ms);

void store_set_wait(int64_t ms, void (*notice)(int64_t ms))
{
    wait_ms = ms < 0 ? 0 : ms;
    wait_notice = notice;
}

/* SQLite's busy handler: sleeps in short steps until the lock is free or
 * the wait is over (0: give up, SQLITE_BUSY). */
static int on_busy(void *ctx, int count)
{
    struct store *s = ctx;
    struct timespec now, step = {0, 20 * 1000 * 1000};
    int64_t elapsed;
    if (s->no_wait)
        return 0;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (count == 0) {
        s->busy_since = now;
        if (wait_notice && wait_ms > 0)
            wait_notice(wait_ms);
    }
    elapsed = (int64_t)(now.tv_sec - s->busy_since.tv_sec) * 1000 +
              (now.tv_nsec - s->busy_since.tv_nsec) / 1000000;
    if (elapsed >= wait_ms)
        return 0;
    nanosleep(&step, NULL);
    return 1;
}

int store_busy_error(struct error *e)
{
    char seconds[24];
    snprintf(seconds, sizeof seconds, "%lld", (long long)((wait_ms + 999) / 1000));
    return error_set_msg(e, ERR_BUSY, NULL, "database_busy",
                         "the database is busy with another writer (an import?); waited {seconds} "
                         "s, try again later",
                         "seconds", seconds, NULL);
}

static int exec_sql(struct store *s, const char *sql, struct error *e, const char *what)
{
    return db_exec(s, sql, e, what);
}

static int pragma_int(struct store *s, const char *sql, int *out, struct error *e)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &stmt, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW) {
        int ext = sqlite3_extended_errcode(s->db);
        sqlite3_finalize(stmt);
        if ((ext & 0xff) == SQLITE_NOTADB)
            return error_set(e, ERR_INVALID, NULL, "not a database file");
        return store_fail(s, e, "reading the database header");
    }
    *out = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return 0;
}

static int migrate(struct store *s, int from, struct error *e)
{
    size_t v;
    char sql[96];
    int rc;
    if ((rc = exec_sql(s, "BEGIN IMMEDIATE", e, "starting the migration")) != 0)
        return rc;
    for (v = (size_t)from; v < store_migration_count; v++) {
        char what[64];
        snprintf(what, sizeof what, "migration %zu", v + 1);
        if ((rc = exec_sql(s, store_migrations[v], e, what)) != 0)
            goto fail;
    }
    /* Records older than the history get their present state as a version. */
    if (from < HISTORY_MIGRATION && (size_t)HISTORY_MIGRATION <= store_migration_count &&
        (rc = history_seed(s, e)) != 0)
        goto fail;
    snprintf(sql, sizeof sql, "PRAGMA user_version = %zu; PRAGMA application_id = %d;",
             store_migration_count, STORE_APPLICATION_ID);
    if ((rc = exec_sql(s, sql, e, "recording the schema version")) != 0)
        goto fail;
    return exec_sql(s, "COMMIT", e, "committing the migration");
fail:
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* A new in-memory database with the schema of s as it stands, copied from
 * its sqlite_schema in creation order (tables, their indexes, triggers):
 * the same as replaying every migration on nothing, at a fraction of the
 * cost (the yearly report opens one per view). A PostgreSQL store's
 * snapshot is SQLite in memory too: every migration replayed. */
int sqlite_open_memory_like(struct store *s, struct store **out, struct error *e)
{
    static const char schema_sql[] =
        "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY rowid";
    struct store *copy = xcalloc(1, sizeof *copy);
    sqlite3_stmt *stmt = NULL;
    size_t v;
    char pragmas[160];
    int rc = 0;

    *out = NULL;
    if (sqlite3_open_v2(":memory:", &copy->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        rc = error_set(e, ERR_NOMEM, NULL, "cannot make a snapshot: out of memory");
        goto fail;
    }
    sqlite3_extended_result_codes(copy->db, 1);
    /* nothing to roll back to or recover: it is built from the history */
    if (sqlite3_exec(copy->db,
                     "PRAGMA foreign_keys = ON; PRAGMA journal_mode = OFF; "
                     "PRAGMA synchronous = OFF; BEGIN",
                     NULL, NULL, NULL) != SQLITE_OK) {
        rc = store_fail(copy, e, "making a snapshot");
        goto fail;
    }
    for (v = 0; s->pg && v < store_migration_count; v++) {
        if ((rc = db_exec(copy, store_migrations[v], e, "making a snapshot's schema")) != 0)
            goto fail;
    }
    if (!s->pg && sqlite3_prepare_v2(s->db, schema_sql, -1, &stmt, NULL) != SQLITE_OK) {
        rc = store_fail(s, e, "making a snapshot");
        goto fail;
    }
    while (stmt && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (sqlite3_exec(copy->db, (const char *)sqlite3_column_text(stmt, 0), NULL, NULL, NULL) !=
            SQLITE_OK) {
            rc = store_fail(copy, e, "making a snapshot's schema");
            goto fail;
        }
    }
    if (stmt && rc != SQLITE_DONE) {
        rc = store_fail(s, e, "reading the schema");
        goto fail;
    }
    snprintf(pragmas, sizeof pragmas,
             "COMMIT; PRAGMA user_version = %zu; PRAGMA application_id = %d", store_migration_count,
             STORE_APPLICATION_ID);
    if (sqlite3_exec(copy->db, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
        rc = store_fail(copy, e, "making a snapshot");
        goto fail;
    }
    sqlite3_finalize(stmt);
    *out = copy;
    return 0;
fail:
    sqlite3_finalize(stmt);
    store_close(copy);
    return rc;
}

int store_open(const char *path, int flags, struct store **out, struct error *e)
{
    struct store *s = NULL;
    int rc, app_id = 0, version = 0, tables = 0;
    int open_flags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;

    *out = NULL;
    if (store_is_pg_url(path))
        return pg_open(path, flags, wait_ms, out, e);
    if (access(path, F_OK) != 0) {
        if (!(flags & STORE_CREATE))
            return error_set(e, ERR_NOTFOUND, path,
                             "no database here; create one with 'vitaal init'");
        open_flags |= SQLITE_OPEN_CREATE;
        /* made 0600 whatever the umask (it holds password hashes and
         * classified records); SQLite gives its WAL and shared-memory files
         * the database file's mode */
        if (strcmp(path, ":memory:") != 0) {
            int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
            if (fd < 0 && errno != EEXIST)
                return error_set(e, ERR_IO, path, "cannot create: %s", strerror(errno));
            if (fd >= 0)
                close(fd);
        }
    }
    s = xcalloc(1, sizeof *s);
    s->readonly = (flags & STORE_READONLY) != 0;
    if (sqlite3_open_v2(path, &s->db, open_flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        rc = error_set(e, ERR_IO, path, "cannot open: %s",
                       s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_handler(s->db, on_busy, s);

    /* Read-only checks first: nothing may be written to a file that is not
     * ours or is newer than we understand. */
    if ((rc = pragma_int(s, "PRAGMA application_id", &app_id, e)) != 0 ||
        (rc = pragma_int(s, "PRAGMA user_version", &version, e)) != 0 ||
        (rc = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables, e)) != 0) {
        error_prefix_where(e, path);
        goto fail;
    }
    if (app_id != STORE_APPLICATION_ID) {
        if (app_id != 0 || version != 0 || tables != 0) {
            rc = error_set(e, ERR_INVALID, path,
                           "not a vitaal database (it holds other data); refusing to touch it");
            goto fail;
        }
        if (!(flags & STORE_CREATE)) {
            rc = error_set(e, ERR_INVALID, path, "an empty database; create it with 'vitaal init'");
            goto fail;
        }
    }
    if (version > (int)store_migration_count) {
        rc = error_set(e, ERR_VERSION, path,
                       "schema version %d is newer than this vitaal knows (%zu); "
                       "use a newer vitaal",
                       version, store_migration_count);
        goto fail;
    }
    if ((rc = exec_sql(s, "PRAGMA foreign_keys = ON", e, "enabling foreign keys")) != 0)
        goto fail;
    if (!s->readonly) {
        if ((rc = exec_sql(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", e,
                           "enabling WAL")) != 0)
            goto fail;
        if (version < (int)store_migration_count && (rc = migrate(s, version, e)) != 0) {
            error_prefix_where(e, path);
            goto fail;
        }
    } else if (version < (int)store_migration_count) {
        /* A reader of an older database: migrate it once through a writing
         * connection (what any command of this version would do), then read. */
        struct store *writer = NULL;
        store_close(s);
        s = NULL;
        if ((rc = store_open(path, 0, &writer, e)) != 0)
            goto fail;
        store_close(writer);
        return store_open(path, flags, out, e);
    }
    *out = s;
    return 0;
fail:
    store_close(s);
    return rc;
}

void store_close(struct store *s)
{
    size_t i;
    if (s == NULL)
        return;
    db_cache_free(s);
    for (i = 0; i < STORE_KINDS_MAX; i++)
        free(s->write_sql[i]);
    if (s->pg) {
        pg_close(s);
    } else {
        if (s->in_transaction)
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(s->db);
    }
    free(s);
}

int store_schema_version(struct store *s)
{
    int v = 0;
    if (s->pg)
        return pg_schema_version(s);
    pragma_int(s, "PRAGMA user_version", &v, NULL);
    return v;
}

int store_schema_read(struct store *s, int *version, struct error *e)
{
    *version = 0;
    if (s->pg)
        return pg_schema_read(s, version, e);
    return pragma_int(s, "PRAGMA user_version", version, e);
}

int store_begin(struct store *s, struct error *e)
{
    int rc;
    if (s->snapshot)
        return 0; /* a past state never changes: every read is consistent */
    if (s->readonly)
        return error_set(e, ERR_INTERNAL, NULL, "the database is open read-only");
    assert(!s->in_transaction); /* transactions do not nest */
    if (s->pg) {
        if ((rc = pg_begin(s, e)) == 0) {
            s->reading = 0;
            s->txn_count++;
        }
        return rc;
    }
    if ((rc = exec_sql(s, "BEGIN IMMEDIATE", e, "starting a transaction")) != 0)
        return rc;
    s->in_transaction = 1;
    s->reading = 0;
    s->txn_count++;
    /* References are checked at commit, so records may arrive in any order. */
    return exec_sql(s, "PRAGMA defer_foreign_keys = ON", e, "deferring foreign keys");
}

int store_begin_read(struct store *s, struct error *e)
{
    struct error busy = {0};
    int rc;
    if (s->snapshot)
        return 0;
    /* PostgreSQL: readers never wait for a writer's rows, but the audit
     * entry is written in the transaction under the writers' lock as
     * before (the read journal is a file beside a SQLite database;
     * several servers on one PostgreSQL database are issue 15 part 2) */
    if (s->pg)
        return store_begin(s, e);
    s->no_wait = 1;
    rc = store_begin(s, &busy);
    s->no_wait = 0;
    if (rc != ERR_BUSY) {
        if (rc != 0)
            *e = busy;
        return rc;
    }
    /* another writer holds the lock (an import): read what is committed,
     * a WAL reader never waits for it */
    if ((rc = exec_sql(s, "BEGIN DEFERRED", e, "starting a read")) != 0)
        return rc;
    s->in_transaction = 1;
    s->reading = 1;
    s->txn_count++;
    return 0;
}

int store_holds_write(const struct store *s)
{
    return s->in_transaction && !s->reading && !s->snapshot;
}

int store_reading(const struct store *s)
{
    return s->in_transaction && s->reading;
}

int store_once_per_transaction(struct store *s)
{
    if (!s->in_transaction || s->once_in == s->txn_count)
        return 0;
    s->once_in = s->txn_count;
    return 1;
}

int store_commit(struct store *s, struct error *e)
{
    if (s->snapshot)
        return 0;
    assert(s->in_transaction); /* a commit closes a store_begin */
    if (s->pg)
        return pg_commit(s, e);
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        int rc = store_fail(s, e, "committing");
        store_rollback(s);
        return rc;
    }
    s->in_transaction = 0;
    s->reading = 0;
    return 0;
}

void store_rollback(struct store *s)
{
    if (s == NULL || !s->in_transaction)
        return;
    if (s->pg) {
        pg_rollback(s);
        return;
    }
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_transaction = 0;
    s->reading = 0;
}
