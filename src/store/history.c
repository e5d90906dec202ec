/*
 * history.c — every version of every record, on either backend.
 *
 * The record tables hold the working copy; the history table holds each
 * version a write made (records.c appends in the write's own savepoint), so
 * the two cannot disagree. From the history come a record's versions with
 * who made them, the data of an earlier version (to restore it), and a
 * snapshot of the whole database as it stood at a moment: an in-memory
 * database of the same schema, filled with each record's last version at or
 * before that moment, that every reader can use unchanged.
 */
#include "store/store.h"

#include "base/timefmt.h"
#include "store/migrations.h"
#include "store/store_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int history_check_change(struct store *s, const struct store_change *change, struct error *e)
{
    if (s->readonly)
        return error_set(e, ERR_INTERNAL, NULL, "a write to a database open read-only");
    if (change == NULL || change->actor == NULL || change->via == NULL)
        return error_set(e, ERR_INTERNAL, NULL, "a write without its author and door");
    return 0;
}

int history_next_version(struct store *s, const struct kind *k, const char *id, int64_t *out,
                         struct error *e)
{
    static const char sql[] =
        "SELECT coalesce(max(version), 0) + 1 FROM history WHERE kind = ? AND record_id = ?";
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s, sql, &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, k->name, -1);
    db_bind_text(stmt, 2, id, -1);
    if (db_step(stmt) == DB_ROW)
        *out = db_column_int64(stmt, 0);
    else
        rc = store_fail(s, e, "numbering a version");
    db_done(stmt);
    return rc;
}

int history_append(struct store *s, const struct kind *k, const char *id, int64_t version,
                   const char *op, const struct store_change *change, const json_t *data,
                   struct error *e)
{
    static const char sql[] = "INSERT INTO history (kind, record_id, version, op, at, actor, via, "
                              "note, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    struct db_stmt *stmt = NULL;
    char now[24], *text = NULL;
    int rc;

    if (change->at == NULL)
        timefmt_format_datetime(timefmt_now(), now);
    if (data && (text = json_dumps(data, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL)
        return error_set(e, ERR_INTERNAL, id, "cannot write the record as JSON");
    if ((rc = db_prepare(s, sql, &stmt, e)) != 0)
        goto cleanup;
    db_bind_text(stmt, 1, k->name, -1);
    db_bind_text(stmt, 2, id, -1);
    db_bind_int64(stmt, 3, version);
    db_bind_text(stmt, 4, op, -1);
    db_bind_text(stmt, 5, change->at ? change->at : now, -1);
    db_bind_text(stmt, 6, change->actor, -1);
    db_bind_text(stmt, 7, change->via, -1);
    if (change->note)
        db_bind_text(stmt, 8, change->note, -1);
    if (text)
        db_bind_text(stmt, 9, text, -1);
    if (db_step(stmt) != DB_DONE)
        rc = store_fail(s, e, "keeping a record's version");
cleanup:
    db_done(stmt);
    free(text);
    return rc;
}

struct seed_ctx {
    struct store *s;
    const struct kind *k;
    const struct store_change *change;
    struct error *e;
};

static int seed_one(void *ctx, json_t *record)
{
    struct seed_ctx *c = ctx;
    const char *id = json_string_value(json_object_get(record, "id"));
    int64_t version = 1;
    int rc = store_record_version(c->s, c->k, id, &version, c->e);
    if (rc == 0)
        rc = history_append(c->s, c->k, id, version, "create", c->change, record, c->e);
    return rc;
}

int history_seed(struct store *s, struct error *e)
{
    const struct store_change change = {"migration", "migration", NULL,
                                        "the record as it was when history began", 0};
    size_t i;
    int rc;
    for (i = 0; i < model_kind_count; i++) {
        struct seed_ctx c = {s, model_kinds[i], &change, e};
        if ((rc = store_record_each(s, model_kinds[i], NULL, 0, 0, 0, seed_one, &c, e)) != 0)
            return rc;
    }
    return 0;
}

/* The text of column col as a JSON value, or NULL for SQL NULL. */
static int column_json(struct db_stmt *stmt, int col, json_t **out, struct error *e)
{
    json_error_t je;
    const char *text = db_column_text(stmt, col);
    *out = NULL;
    if (text == NULL)
        return 0;
    if ((*out = json_loads(text, 0, &je)) == NULL)
        return error_set(e, ERR_STORE, NULL, "a version in the history is damaged: %s", je.text);
    return 0;
}

static const char *column_text(struct db_stmt *stmt, int col)
{
    return db_column_text(stmt, col);
}

int store_history_each(struct store *s, const struct kind *k, const char *id, store_version_fn fn,
                       void *ctx, struct error *e)
{
    static const char sql[] = "SELECT version, op, at, actor, via, note, data FROM history "
                              "WHERE kind = ? AND record_id = ? ORDER BY version DESC";
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s, sql, &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, k->name, -1);
    db_bind_text(stmt, 2, id, -1);
    while ((rc = db_step(stmt)) == DB_ROW) {
        struct store_version v = {db_column_int64(stmt, 0),
                                  column_text(stmt, 1),
                                  column_text(stmt, 2),
                                  column_text(stmt, 3),
                                  column_text(stmt, 4),
                                  column_text(stmt, 5),
                                  NULL};
        if ((rc = column_json(stmt, 6, &v.data, e)) != 0)
            goto cleanup;
        rc = fn(ctx, &v);
        json_decref(v.data);
        if (rc != 0)
            goto cleanup;
    }
    if (rc != DB_DONE) {
        rc = store_fail(s, e, "reading the history");
        goto cleanup;
    }
    rc = 0;
cleanup:
    db_done(stmt);
    return rc;
}

int store_history_get(struct store *s, const struct kind *k, const char *id, int64_t version,
                      json_t **out, struct error *e)
{
    static const char sql[] =
        "SELECT data FROM history WHERE kind = ? AND record_id = ? AND version = ?";
    struct db_stmt *stmt = NULL;
    int rc;
    *out = NULL;
    if ((rc = db_prepare(s, sql, &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, k->name, -1);
    db_bind_text(stmt, 2, id, -1);
    db_bind_int64(stmt, 3, version);
    rc = db_step(stmt);
    if (rc == DB_ROW) {
        if ((rc = column_json(stmt, 0, out, e)) == 0 && *out == NULL)
            rc = error_set(e, ERR_INVALID, "version",
                           "version %" PRId64 " of %s '%s' is its deletion; name a version "
                           "that holds the record",
                           version, k->singular, id);
    } else if (rc == DB_DONE) {
        rc = error_set(e, ERR_NOTFOUND, "version", "%s '%s' has no version %" PRId64, k->singular,
                       id, version);
    } else {
        rc = store_fail(s, e, "reading the history");
    }
    db_done(stmt);
    return rc;
}

/* Brings snap's records of kind k from the moment since ("" for an empty
 * snapshot) to until: the last version of each record changed in between,
 * written, or removed when it is a deletion. */
static int snapshot_kind(struct store *s, struct store *snap, const struct kind *k,
                         const char *since, const char *until, struct error *e)
{
    /* One pass over the kind's versions in (since, until], the last of
     * each record kept (a correlated max(seq) per row went through the
     * (kind, at) index once per version: quadratic in the history's
     * length). */
    static const char sql[] =
        "SELECT record_id, version, data FROM (SELECT record_id, version, data, row_number() "
        "OVER (PARTITION BY record_id ORDER BY seq DESC) AS latest FROM history "
        "WHERE kind = ?1 AND at > ?2 AND at <= ?3) AS v WHERE latest = 1 ORDER BY record_id";
    struct db_stmt *stmt = NULL;
    int rc;
    if ((rc = db_prepare(s, sql, &stmt, e)) != 0)
        return rc;
    db_bind_text(stmt, 1, k->name, -1);
    db_bind_text(stmt, 2, since, -1);
    db_bind_text(stmt, 3, until, -1);
    while ((rc = db_step(stmt)) == DB_ROW) {
        json_t *record = NULL;
        if (db_column_is_null(stmt, 2)) {
            /* deleted by then (a record new to the snapshot was never in it) */
            if (since[0] != '\0' && (rc = records_remove(snap, k, db_column_text(stmt, 0), e)) != 0)
                goto cleanup;
            continue;
        }
        if ((rc = column_json(stmt, 2, &record, e)) != 0)
            goto cleanup;
        rc = records_write(snap, k, record, db_column_int64(stmt, 1), e);
        json_decref(record);
        if (rc != 0)
            goto cleanup;
    }
    if (rc != DB_DONE) {
        rc = store_fail(s, e, "reading the history");
        goto cleanup;
    }
    rc = 0;
cleanup:
    db_done(stmt);
    return rc;
}

/* Applies every kind's versions in (snap's moment, until] to snap, in one
 * transaction on it. */
static int snapshot_fill(struct store *s, struct store *snap, const char *until, struct error *e)
{
    size_t i;
    int rc = 0;
    /* A past state is consistent as a whole, but the kinds arrive one by
     * one: references are not checked while it is filled. */
    if ((rc = db_exec(snap, "PRAGMA foreign_keys = OFF; BEGIN", e, "making a snapshot")) != 0)
        return rc;
    snap->filling_empty = snap->snapshot_until[0] == '\0';
    for (i = 0; rc == 0 && i < model_kind_count; i++)
        rc = snapshot_kind(s, snap, model_kinds[i], snap->snapshot_until, until, e);
    snap->filling_empty = 0;
    if (rc != 0) {
        db_exec(snap, "ROLLBACK", NULL, "rolling back a snapshot");
        return rc;
    }
    if ((rc = db_exec(snap, "COMMIT", e, "making a snapshot")) != 0)
        return rc;
    snprintf(snap->snapshot_until, sizeof snap->snapshot_until, "%s", until);
    return 0;
}

int store_snapshot(struct store *s, const char *until, struct store **out, struct error *e)
{
    struct store *snap = NULL;
    int rc;
    *out = NULL;
    if ((rc = sqlite_open_memory_like(s, &snap, e)) != 0)
        return rc;
    snap->snapshot_until[0] = '\0';
    if ((rc = snapshot_fill(s, snap, until, e)) != 0) {
        store_close(snap);
        return rc;
    }
    snap->readonly = 1;
    snap->snapshot = 1;
    *out = snap;
    return 0;
}

int store_snapshot_advance(struct store *s, struct store *snap, const char *until, struct error *e)
{
    int rc;
    if (!snap->snapshot)
        return error_set(e, ERR_INTERNAL, NULL, "only a snapshot is moved to a later moment");
    if (strcmp(until, snap->snapshot_until) < 0)
        return error_set(e, ERR_INVALID, NULL, "a snapshot moves forward only (%s is before %s)",
                         until, snap->snapshot_until);
    snap->readonly = 0;
    rc = snapshot_fill(s, snap, until, e);
    snap->readonly = 1;
    return rc;
}
