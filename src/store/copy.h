/*
 * copy.h — a whole database copied into an empty one (`vitaal migrate`):
 * SQLite or PostgreSQL on either side, every table of the schema row for
 * row, ids, history and the audit log's entries (seq, MACs) exactly as
 * they are.
 *
 * The tables and their columns are read from the schema the migrations
 * make (migrations.c, built in memory), not listed here: a table a new
 * migration adds is copied without a change to this module. Values cross
 * by the column's declared type (INTEGER, REAL, TEXT, BLOB: PostgreSQL's
 * BIGINT, DOUBLE PRECISION, TEXT, BYTEA), so no value is reinterpreted.
 * It never decides what a row means: the audit key and the files beside a
 * database are the caller's.
 */
#ifndef VITAAL_STORE_COPY_H
#define VITAAL_STORE_COPY_H

#include "base/error.h"
#include "base/progress.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/* The tables a copy writes, in the order it writes them (a table after
 * the tables its foreign keys name), as a NULL-terminated array in *out;
 * free it with store_copy_tables_free. */
int store_copy_tables(char ***out, struct error *e);
void store_copy_tables_free(char **tables); /* NULL is fine */

/* 0 when no table of dst holds a row; else ERR_CONFLICT naming the first
 * that does ("the target is not empty: table T holds rows"). */
int store_copy_check_empty(struct store *dst, struct error *e);

struct store_copy_result {
    size_t tables; /* tables copied */
    int64_t rows;  /* rows copied, in all of them */
};

/* Copies every row of src into dst, which must be empty
 * (store_copy_check_empty, asked again inside the copy's transaction):
 * one transaction on dst, committed only when every table is whole; src
 * is read in one transaction holding its writers' lock, so the copy is
 * of one moment. Identity counters (PostgreSQL's sequences, SQLite's
 * AUTOINCREMENT) are set so that no id the source ever gave is given
 * again. Both must be at the newest schema (store_open brings them
 * there). progress (may be NULL) hears "copying TABLE" in rows. out may
 * be NULL. On failure dst is as it was. */
int store_copy(struct store *src, struct store *dst, const struct progress_sink *progress,
               struct store_copy_result *out, struct error *e);

#endif
