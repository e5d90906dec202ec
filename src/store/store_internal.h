/*
 * store_internal.h — what the store's files share and nothing else may see:
 * the connection struct (SQLite or PostgreSQL), its prepared-statement
 * cache and the statement layer (store/db.h) every file's SQL goes through.
 */
#ifndef VITAAL_STORE_STORE_INTERNAL_H
#define VITAAL_STORE_STORE_INTERNAL_H

#include "base/error.h"
#include "base/strbuf.h"
#include "store/db.h"
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

/* A statement of either backend (db.h). */
struct db_stmt {
    struct store *s;
    sqlite3_stmt *lite; /* SQLite's, or NULL */
    struct pg_stmt *pg; /* db_pg.c's, or NULL */
    int owned;          /* not in the cache: db_done frees it */
    int in_use;         /* handed out by db_prepare and not yet done */
};

struct cached_stmt {
    char *sql;
    uint64_t hash; /* of sql: the lookup compares this before the text */
    struct db_stmt *stmt;
};

struct pg_conn; /* db_pg.c: the PostgreSQL connection and its state */

struct store {
    sqlite3 *db;        /* the SQLite connection, or NULL on PostgreSQL */
    struct pg_conn *pg; /* the PostgreSQL connection, or NULL on SQLite */
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
    uint64_t statements;        /* statements prepared and db_exec runs (store_statements) */
    size_t n_cached;
    size_t next_evict;
    /* the upsert of each kind (records_write), by its place in model_kinds:
     * built once, not once per record written */
    char *write_sql[STORE_KINDS_MAX];
    struct cached_stmt cache[STMT_CACHE_SIZE];
};

/* 1 when f lives in a child table (a REF_LIST or MAP field), not a column
 * of the kind's row (records.c). */
int records_is_child(const struct field *f);
/* "a, b, c" of the kind's scalar columns (records.c). */
void records_append_columns(struct strbuf *sql, const struct kind *k);

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

/* db.c: frees every cached statement (closing a connection). */
void db_cache_free(struct store *s);

/* sqlite.c: ERR_BUSY with the message that says how long it waited. */
int store_busy_error(struct error *e);

/* db_pg.c: the PostgreSQL side of db.h, called by db.c for a store whose
 * pg is set, and the backend's open, close and transactions. */
#define PG_BIND_TEXT   0
#define PG_BIND_INT    1
#define PG_BIND_DOUBLE 2
#define PG_BIND_BLOB   3
#define PG_BIND_NULL   4
int pg_stmt_prepare(struct store *s, const char *sql, struct pg_stmt **out, struct error *e);
void pg_stmt_free(struct pg_stmt *p);
void pg_stmt_keep(struct pg_stmt *p);  /* cached: worth preparing on the server */
void pg_stmt_drop(struct pg_stmt *p);  /* evicted: its server side let go */
void pg_stmt_reset(struct pg_stmt *p); /* the result gone, the bindings kept */
void pg_stmt_clear(struct pg_stmt *p); /* and the bindings too */
/* Binds v (len bytes); numbers' texts are copied, other values borrowed. */
int pg_bind(struct pg_stmt *p, int i, const char *v, int len, int type);
int pg_step(struct store *s, struct pg_stmt *p);
/* The current row's column col, NULL for SQL NULL; blob: bytea decoded. */
const char *pg_column(struct pg_stmt *p, int col, int blob, size_t *len);
int64_t pg_changes(struct pg_stmt *p);
int pg_exec(struct store *s, const char *sql, struct error *e, const char *what);
int pg_fail(struct store *s, struct error *e, const char *what);
int pg_open(const char *url, int flags, int64_t wait_ms, struct store **out, struct error *e);
void pg_close(struct store *s); /* the connection; the caller frees s */
int pg_begin(struct store *s, struct error *e);
int pg_commit(struct store *s, struct error *e);
void pg_rollback(struct store *s);
/* shared.c's notices: waits up to timeout_ms, *heard how many came. */
int pg_notice_wait(struct store *s, int timeout_ms, int *heard, struct error *e);
int pg_schema_version(struct store *s);
/* The schema version for the health check: an unreachable database is an error. */
int pg_schema_read(struct store *s, int *version, struct error *e);

/* sqlite.c: a new in-memory SQLite database with the schema of s (the
 * snapshot's home, whichever backend s is). */
int sqlite_open_memory_like(struct store *s, struct store **out, struct error *e);

#endif
