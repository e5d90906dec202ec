/*
 * sqlite_internal.h — what the SQLite backend's files share and nothing else
 * may see: the connection struct and the prepared-statement cache.
 */
#ifndef VITAAL_STORE_SQLITE_INTERNAL_H
#define VITAAL_STORE_SQLITE_INTERNAL_H

#include "base/error.h"

#include <sqlite3.h>
#include <stddef.h>

#define STMT_CACHE_SIZE 128

struct cached_stmt {
    char *sql;
    sqlite3_stmt *stmt;
};

struct store {
    sqlite3 *db;
    int in_transaction;
    int readonly;
    size_t n_cached;
    size_t next_evict;
    struct cached_stmt cache[STMT_CACHE_SIZE];
};

/* Sets e from the connection's last error (foreign key -> ERR_CONFLICT,
 * other constraints -> ERR_INVALID, busy -> ERR_CONFLICT, else ERR_STORE). */
int store_fail(struct store *s, struct error *e, const char *what);

/* A statement for sql from the cache, reset; *owned = 1 when it is a private
 * copy (the cached one being in use) that stmt_done will finalize. */
int stmt_get(struct store *s, const char *sql, sqlite3_stmt **out, int *owned, struct error *e);
void stmt_done(sqlite3_stmt *stmt, int owned);

#endif
