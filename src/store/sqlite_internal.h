/*
 * sqlite_internal.h — what the SQLite backend's files share and nothing else
 * may see: the connection struct and the prepared-statement cache.
 */
#ifndef VITAAL_STORE_SQLITE_INTERNAL_H
#define VITAAL_STORE_SQLITE_INTERNAL_H

#include "base/error.h"
#include "store/store.h"

#include <jansson.h>

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Room for every statement the records of all kinds use (each kind's
 * select, insert, delete and one per list field), so a walk over every
 * kind does not evict and prepare again. */
#define STMT_CACHE_SIZE 512

#define STORE_KINDS_MAX 64

struct cached_stmt {
    char *sql;
    uint64_t hash; /* of sql: the lookup compares this before the text */
    sqlite3_stmt *stmt;
};

struct store {
    sqlite3 *db;
    int in_transaction;
    int reading;       /* the transaction is a read without the write lock (store_begin_read) */
    int no_wait;       /* the busy handler gives up at once (store_begin_read's try) */
    int64_t txn_count; /* transactions begun, to tell the current one from earlier ones */
    int64_t journal_set_in; /* the transaction that last set the read journal's row */
    int64_t once_in;        /* the transaction store_once_per_transaction last said 1 in */
    int readonly;
    struct timespec busy_since; /* when the current wait for a lock began */
    int snapshot;               /* a past state in memory (store_snapshot): never changes */
    char snapshot_until[24];    /* the moment it holds (store_snapshot_advance moves it on) */
    int filling_empty;          /* a snapshot being filled from nothing: no old rows to replace */
    size_t n_cached;
    size_t next_evict;
    /* the upsert of each kind (records_write), by its place in model_kinds:
     * built once, not once per record written */
    char *write_sql[STORE_KINDS_MAX];
    struct cached_stmt cache[STMT_CACHE_SIZE];
};

/* Sets e from the connection's last error (foreign key -> ERR_CONFLICT,
 * other constraints -> ERR_INVALID, busy -> ERR_BUSY once the wait is over, else ERR_STORE). */
int store_fail(struct store *s, struct error *e, const char *what);

/* A statement for sql from the cache, reset; *owned = 1 when it is a private
 * copy (the cached one being in use) that stmt_done will finalize. */
int stmt_get(struct store *s, const char *sql, sqlite3_stmt **out, int *owned, struct error *e);
void stmt_done(sqlite3_stmt *stmt, int owned);

/* Writes a record's row and child tables at version, without history
 * (records.c; store_record_put and the snapshot call it). */
int records_write(struct store *s, const struct kind *k, const json_t *record, int64_t version,
                  struct error *e);

/* Removes a record's row and child tables, without history (the
 * snapshot's way of following a deletion; foreign keys are off there). */
int records_remove(struct store *s, const struct kind *k, const char *id, struct error *e);

/* history.c: the version table. */
int history_check_change(struct store *s, const struct store_change *change, struct error *e);
/* The number the next version of the record gets: one past its newest. */
int history_next_version(struct store *s, const struct kind *k, const char *id, int64_t *out,
                         struct error *e);
/* Appends a version; data NULL for a deletion. */
int history_append(struct store *s, const struct kind *k, const char *id, int64_t version,
                   const char *op, const struct store_change *change, const json_t *data,
                   struct error *e);
/* Gives every record present before the history existed its present state
 * as a version (migration 4). */
int history_seed(struct store *s, struct error *e);
#define HISTORY_MIGRATION 4

#endif
