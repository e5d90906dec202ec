/*
 * db.h — the statement layer of the store: every SQL statement of
 * src/store goes through it, so the files above it do not know whether the
 * database is SQLite or PostgreSQL (db.c dispatches; db_pg.c is libpq).
 *
 * SQL is written once, in the dialect both accept: parameters are `?` (or
 * `?N`), which PostgreSQL receives as `$N`. A statement is prepared once per
 * connection and kept in a cache; db_done gives it back. Values bound with
 * db_bind_text or db_bind_blob are not copied: they must stay valid until
 * the statement is stepped for the last time, reset or done.
 */
#ifndef VITAAL_STORE_DB_H
#define VITAAL_STORE_DB_H

#include "base/error.h"

#include <stddef.h>
#include <stdint.h>

struct store;
struct db_stmt;

/* What db_step says. */
#define DB_DONE  0  /* no (more) rows: the statement has run */
#define DB_ROW   1  /* a row is there to read */
#define DB_ERROR -1 /* failed: store_fail tells why */

/* A statement for sql, from the connection's cache (reset, bindings
 * cleared) or, when the cached one is in use further up the stack, a private
 * one db_done frees. */
int db_prepare(struct store *s, const char *sql, struct db_stmt **out, struct error *e);
/* Gives the statement back (NULL is fine). */
void db_done(struct db_stmt *st);
/* Ready to be bound and stepped again (the bindings stay until rebound). */
void db_reset(struct db_stmt *st);

/* Parameters count from 1. len -1: up to the NUL. A bind fails only for a
 * parameter that is not in the statement (DB_ERROR). */
int db_bind_text(struct db_stmt *st, int i, const char *v, int len);
int db_bind_int64(struct db_stmt *st, int i, int64_t v);
int db_bind_double(struct db_stmt *st, int i, double v);
int db_bind_null(struct db_stmt *st, int i);
int db_bind_blob(struct db_stmt *st, int i, const void *v, size_t len);

int db_step(struct db_stmt *st);

/* The current row's columns (from 0). Text is NUL-terminated, valid until
 * the next step; NULL for SQL NULL. */
int db_column_is_null(struct db_stmt *st, int col);
int64_t db_column_int64(struct db_stmt *st, int col);
int db_column_int(struct db_stmt *st, int col);
double db_column_double(struct db_stmt *st, int col);
const char *db_column_text(struct db_stmt *st, int col);
size_t db_column_bytes(struct db_stmt *st, int col);
const void *db_column_blob(struct db_stmt *st, int col);

/* Rows the statement's last step changed (INSERT, UPDATE, DELETE). */
int64_t db_changes(struct db_stmt *st);

/* Runs sql (one or more statements without parameters). */
int db_exec(struct store *s, const char *sql, struct error *e, const char *what);

/* Sets e from the connection's last error (foreign key -> ERR_CONFLICT,
 * other constraints -> ERR_INVALID, busy -> ERR_BUSY once the wait is over,
 * else ERR_STORE) and returns the code. */
int store_fail(struct store *s, struct error *e, const char *what);

#endif
