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
 * tables, migrations run on open. A postgresql:// URL in place of the path
 * selects PostgreSQL (db_pg.c, libpq): the same schema and migrations in
 * its dialect, the same behaviour; the callers do not know which it is.
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

/* Whether path names a PostgreSQL database (postgresql:// or postgres://,
 * a libpq connection URI) rather than a SQLite file. */
int store_is_pg_url(const char *path);

/* path as it may be shown: a URL's password (user:password@, password=)
 * as "***". */
void store_display_name(const char *path, char *out, size_t size);

/* The name of a PostgreSQL database's URL (its dbname, as libpq reads it;
 * "vitaal" when it names none) in out; empty for a file. */
void store_pg_dbname(const char *url, char *out, size_t size);
void store_close(struct store *s); /* NULL is fine */

int store_schema_version(struct store *s);
/* How many statements s has been given to run since it was opened (each
 * db_prepare and db_exec counts one), to measure and to test how much an
 * answer reads. */
uint64_t store_statements(const struct store *s);
/* The schema version read from the database by a query that fails when the
 * database cannot be reached (a health check's question); the newest this
 * binary knows is store_migration_count (store/migrations.h). */
int store_schema_read(struct store *s, int *version, struct error *e);

/* How long a connection waits for the lock another writer (an import, the
 * server, a second command) holds before it gives up with ERR_BUSY: for
 * every connection of this process, set before any is used (the CLI's
 * --wait, the server). notice, if not NULL, is called once each time a
 * wait begins (the CLI says it waits). */
#define STORE_WAIT_DEFAULT_MS 5000
void store_set_wait(int64_t ms, void (*notice)(int64_t ms));

int store_begin(struct store *s, struct error *e); /* an immediate (write) transaction */
int store_commit(struct store *s, struct error *e);
void store_rollback(struct store *s); /* a no-op outside a transaction */

/* A transaction for a read that appends audit entries (issue 14 part 12):
 * the write lock when it is free at once, else, without waiting, a read
 * transaction over the last committed state, in which audit entries go to
 * the read journal (domain/audit_journal.h) instead of the audit table.
 * store_holds_write says which it got. Ended as any transaction. */
int store_begin_read(struct store *s, struct error *e);
/* 1 inside a transaction that holds the write lock (store_begin, or
 * store_begin_read when the lock was free). */
int store_holds_write(const struct store *s);
/* 1 inside a store_begin_read transaction without the write lock. */
int store_reading(const struct store *s);
/* 1 the first time it is asked in the current transaction, then 0 until
 * the next: the read journal is folded once per write transaction, not
 * once per entry an import appends. */
int store_once_per_transaction(struct store *s);

/* Who makes a write and through which door. Every write of a record keeps
 * the version it makes in the history (store_history_each), so a write
 * without a change is refused (ERR_INTERNAL). */
struct store_change {
    const char *actor; /* user name, or "cli:<login>" */
    const char *via;   /* "api", "cli" or "import" */
    const char *at;    /* UTC time "YYYY-MM-DDTHH:MM:SSZ" it takes effect, or NULL: now */
    const char *note;  /* kept with the version, or NULL ("records final before vitaal") */
    int restore;       /* the write brings back an earlier version */
};

/* What a write did. */
struct store_write {
    int inserted;    /* a new record (or one brought back) */
    int changed;     /* 0: the record was already exactly so; nothing was written */
    int64_t version; /* the record's version after the write */
};

/* Inserts the record, or updates every field of the record with the same id
 * (replacing its lists and maps), and keeps the new version in the history.
 * Absent optional fields are stored as NULL or their default. A record
 * equal to the stored one is left alone (out->changed = 0, no new version).
 * out may be NULL. */
int store_record_put(struct store *s, const struct kind *k, json_t *record,
                     const struct store_change *change, struct store_write *out, struct error *e);

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

/* Deletes the record (its lists and maps go with it) and keeps the deletion
 * as a version without data (its number in *version, may be NULL); the
 * version before stays readable in the history. ERR_NOTFOUND if absent,
 * ERR_CONFLICT if other records still refer to it (at commit). */
int store_record_delete(struct store *s, const struct kind *k, const char *id,
                        const struct store_change *change, int64_t *version, struct error *e);

/* A filter: records whose field equals value. For a REF_LIST field: records
 * whose list contains value. For a BOOL field value is "true"/"false". */
struct store_filter {
    const struct field *field;
    const char *value;
};

/* Calls fn for every record of kind k that matches all filters, in id order,
 * skipping offset records and stopping after limit (0: no limit). fn borrows
 * the record for the call: the store releases it after, so a callback that
 * keeps it takes a reference of its own (json_incref, json_array_append,
 * json_pack's "O"). A non-zero return from fn stops the walk and is
 * returned. */
typedef int (*store_record_fn)(void *ctx, json_t *record);
int store_record_each(struct store *s, const struct kind *k, const struct store_filter *filters,
                      size_t n_filters, size_t limit, size_t offset, store_record_fn fn, void *ctx,
                      struct error *e);

/* Calls fn (as store_record_each) for each record of kind k whose id is
 * among the n ids (an id that names nothing is passed over; one given
 * twice is read once), in id order within each batch of 64 ids: a batch
 * is one statement and one per list field, not three or more per record. */
int store_record_each_id(struct store *s, const struct kind *k, const char *const *ids, size_t n,
                         store_record_fn fn, void *ctx, struct error *e);

/* store_record_each_id over a single-valued field f of the row (not a list
 * or map) instead of the id: the records whose f is among the n values, in
 * id order within each batch (all those of one value in the same batch). */
int store_record_each_in(struct store *s, const struct kind *k, const struct field *f,
                         const char *const *values, size_t n, store_record_fn fn, void *ctx,
                         struct error *e);

/* Number of records of kind k matching the filters. */
int store_record_count(struct store *s, const struct kind *k, const struct store_filter *filters,
                       size_t n_filters, size_t *out, struct error *e);

/* One version of a record in the history. The strings and data are
 * borrowed for the callback's duration. */
struct store_version {
    int64_t version;
    const char *op;    /* create, update, delete, restore */
    const char *at;    /* UTC time */
    const char *actor; /* user name, "cli:<login>", "migration" */
    const char *via;   /* api, cli, import, migration */
    const char *note;  /* or NULL */
    json_t *data;      /* the record after the write; NULL for a deletion */
};

/* Calls fn for every version of the record, newest first (none: the record
 * never existed; fn is not called and 0 is returned). */
typedef int (*store_version_fn)(void *ctx, const struct store_version *v);
int store_history_each(struct store *s, const struct kind *k, const char *id, store_version_fn fn,
                       void *ctx, struct error *e);

/* The record as it was at version (a new reference in *out). ERR_NOTFOUND
 * when there is no such version, ERR_INVALID when it is a deletion. */
int store_history_get(struct store *s, const struct kind *k, const char *id, int64_t version,
                      json_t **out, struct error *e);

/* A read-only database in memory holding every record as it stood at the
 * time until ("YYYY-MM-DDTHH:MM:SSZ", inclusive), built from the history:
 * a record made later does not exist, a later change does not show. The
 * private tables (users, sessions, audit) are empty. A past state never
 * changes: store_begin and store_commit on it do nothing and succeed, a
 * write is refused. Free with store_close. */
int store_snapshot(struct store *s, const char *until, struct store **out, struct error *e);
/* Moves snapshot snap of s on to the later moment until, applying only the
 * versions made in between (a series of moments costs about one snapshot,
 * not one each). ERR_INVALID for a moment before snap's. */
int store_snapshot_advance(struct store *s, struct store *snap, const char *until, struct error *e);

#endif
