/*
 * store.h — the one interface to vitaal's database.
 *
 * Records go in and come out as JSON objects (jansson json_t) shaped as in
 * the exported document: field name -> value, REF_LIST fields as arrays of
 * ids, MAP fields as objects. The store trusts its caller to have validated a
 * record against store/model.h (the domain layer does); the database's own
 * constraints are the second line of defence.
 *
 * SQL lives here and nowhere else. Statements are prepared once per
 * connection. A user action is one transaction: store_begin .. store_commit,
 * or store_rollback on any error.
 *
 * The embedded backend is SQLite (sqlite.c): WAL, foreign keys on, STRICT
 * tables, migrations run on open.
 */
#ifndef VITAAL_STORE_STORE_H
#define VITAAL_STORE_STORE_H

#include "base/error.h"
#include "store/model.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct store;

#define STORE_CREATE   0x1 /* create the file if missing and bring it to the newest schema */
#define STORE_READONLY 0x2 /* never write (no migration either) */

/* Opens the database at path. Without STORE_CREATE a missing file is
 * ERR_NOTFOUND. A file that is not a vitaal database, or one with a newer
 * schema than this binary knows, is refused (ERR_INVALID / ERR_VERSION)
 * before anything is written to it. An older schema is migrated unless
 * STORE_READONLY. *out is freed with store_close. */
int store_open(const char *path, int flags, struct store **out, struct error *e);
void store_close(struct store *s); /* NULL is fine */

int store_schema_version(struct store *s);

int store_begin(struct store *s, struct error *e); /* an immediate (write) transaction */
int store_commit(struct store *s, struct error *e);
void store_rollback(struct store *s); /* a no-op outside a transaction */

/* Inserts the record, or updates every field of the record with the same id
 * (replacing its lists and maps). *inserted (may be NULL) tells which. Absent
 * optional fields are stored as NULL or their default. */
int store_record_put(struct store *s, const struct kind *k, json_t *record, int *inserted,
                     struct error *e);

/* The record's version: 1 when inserted, +1 on every update. ERR_NOTFOUND
 * when absent. The API uses it to refuse stale updates (409). */
int store_record_version(struct store *s, const struct kind *k, const char *id, int64_t *out,
                         struct error *e);

/* The record with this id in *out (a new reference), or ERR_NOTFOUND. */
int store_record_get(struct store *s, const struct kind *k, const char *id, json_t **out,
                     struct error *e);

/* Sets *exists to 1 or 0. */
int store_record_exists(struct store *s, const struct kind *k, const char *id, int *exists,
                        struct error *e);

/* Deletes the record (its lists and maps go with it); ERR_NOTFOUND if absent,
 * ERR_CONFLICT if other records still refer to it. */
int store_record_delete(struct store *s, const struct kind *k, const char *id, struct error *e);

/* A filter: records whose field equals value. For a REF_LIST field: records
 * whose list contains value. For a BOOL field value is "true"/"false". */
struct store_filter {
    const struct field *field;
    const char *value;
};

/* Calls fn for every record of kind k that matches all filters, in id order,
 * skipping offset records and stopping after limit (0: no limit). fn gets a
 * reference it must json_decref; a non-zero return from fn stops the walk and
 * is returned. */
typedef int (*store_record_fn)(void *ctx, json_t *record);
int store_record_each(struct store *s, const struct kind *k, const struct store_filter *filters,
                      size_t n_filters, size_t limit, size_t offset, store_record_fn fn, void *ctx,
                      struct error *e);

/* Number of records of kind k matching the filters. */
int store_record_count(struct store *s, const struct kind *k, const struct store_filter *filters,
                       size_t n_filters, size_t *out, struct error *e);

#endif
