/*
 * records_write.c — generic record writes and deletes, on either backend
 * (store/db.h): the kind's row and its child tables (see records.c for the
 * shape), in a savepoint so that a failed write leaves nothing behind.
 */
#include "base/xmalloc.h"
#include "store/store.h"

#include "base/strbuf.h"
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

/* Binds a JSON value (or the field's default when absent) as a column value. */
static int bind_value(struct db_stmt *stmt, int index, enum field_type type, const json_t *v,
                      const char *default_value)
{
    if (v == NULL || json_is_null(v)) {
        if (default_value == NULL)
            return db_bind_null(stmt, index);
        if (type == FIELD_BOOL)
            return db_bind_int64(stmt, index, strcmp(default_value, "true") == 0);
        if (type == FIELD_INT)
            return db_bind_int64(stmt, index, strtoll(default_value, NULL, 10));
        if (type == FIELD_REAL)
            return db_bind_double(stmt, index, strtod(default_value, NULL));
        return db_bind_text(stmt, index, default_value, -1);
    }
    switch (type) {
    case FIELD_BOOL:
        return db_bind_int64(stmt, index,
                             json_is_true(v) || (json_is_integer(v) && json_integer_value(v)));
    case FIELD_INT:
        return db_bind_int64(stmt, index, json_integer_value(v));
    case FIELD_REAL:
        return db_bind_double(stmt, index, json_number_value(v));
    default:
        if (!json_is_string(v))
            return DB_ERROR;
        return db_bind_text(stmt, index, json_string_value(v), (int)json_string_length(v));
    }
}

static int step_done(struct store *s, struct db_stmt *stmt, struct error *e, const char *what)
{
    int rc = db_step(stmt);
    if (rc != DB_DONE && rc != DB_ROW)
        return store_fail(s, e, what);
    return 0;
}

static int put_children(struct store *s, const struct kind *k, const struct field *f,
                        const char *id, const json_t *value, struct error *e)
{
    char table[128];
    struct strbuf sql = STRBUF_INIT;
    struct db_stmt *stmt = NULL;
    int rc;

    model_child_table(k, f, table, sizeof table);
    if (!s->filling_empty) { /* the rows of the version it replaces */
        strbuf_printf(&sql, "DELETE FROM %s WHERE record_id = ?", table);
        if ((rc = db_prepare(s, strbuf_str(&sql), &stmt, e)) != 0)
            goto cleanup;
        db_bind_text(stmt, 1, id, -1);
        if ((rc = step_done(s, stmt, e, "replacing a list")) != 0)
            goto cleanup;
        db_done(stmt);
        stmt = NULL;
    }
    if (value == NULL || json_is_null(value) ||
        json_array_size(value) + json_object_size(value) == 0)
        goto cleanup; /* nothing to insert (most lists are empty) */

    strbuf_reset(&sql);
    if (f->type == FIELD_REF_LIST)
        strbuf_printf(&sql, "INSERT INTO %s (record_id, position, ref) VALUES (?, ?, ?)", table);
    else
        strbuf_printf(&sql, "INSERT INTO %s (record_id, key, value) VALUES (?, ?, ?)", table);
    if ((rc = db_prepare(s, strbuf_str(&sql), &stmt, e)) != 0)
        goto cleanup;
    if (f->type == FIELD_REF_LIST) {
        size_t i;
        json_t *item;
        json_array_foreach(value, i, item)
        {
            db_reset(stmt);
            db_bind_text(stmt, 1, id, -1);
            db_bind_int64(stmt, 2, i);
            bind_value(stmt, 3, FIELD_TEXT, item, NULL);
            if ((rc = step_done(s, stmt, e, "writing a list")) != 0)
                goto cleanup;
        }
    } else {
        const char *key;
        json_t *item;
        json_object_foreach((json_t *)value, key, item)
        {
            db_reset(stmt);
            db_bind_text(stmt, 1, id, -1);
            db_bind_text(stmt, 2, key, -1);
            if (bind_value(stmt, 3, f->value_type, item, NULL) != 0) {
                rc = error_set(e, ERR_INVALID, f->name, "a value of the wrong type");
                goto cleanup;
            }
            if ((rc = step_done(s, stmt, e, "writing a map")) != 0)
                goto cleanup;
        }
    }
cleanup:
    db_done(stmt);
    strbuf_release(&sql);
    return rc;
}

/* Writes the record's row and child tables at the given version, inserting
 * or replacing; the one place a record's SQL write is made (put and the
 * snapshot use it). */
/* The upsert of kind k's scalar columns and version, built once per store
 * (borrowed; NULL for a kind not in the model's table). */
static const char *write_sql(struct store *s, const struct kind *k)
{
    struct strbuf sql = STRBUF_INIT;
    size_t i, slot = 0;
    int first = 1;

    while (slot < model_kind_count && model_kinds[slot] != k)
        slot++;
    if (slot < STORE_KINDS_MAX && s->write_sql[slot])
        return s->write_sql[slot];
    strbuf_printf(&sql, "INSERT INTO %s (", k->name);
    records_append_columns(&sql, k);
    strbuf_puts(&sql, ", version) VALUES (");
    for (i = 0; i < k->n_fields; i++) {
        if (!records_is_child(&k->fields[i])) {
            strbuf_puts(&sql, first ? "?" : ", ?");
            first = 0;
        }
    }
    strbuf_puts(&sql, ", ?) ON CONFLICT (id) DO UPDATE SET ");
    for (i = 0; i < k->n_fields; i++) {
        const char *name = k->fields[i].name;
        if (records_is_child(&k->fields[i]) || strcmp(name, "id") == 0)
            continue;
        strbuf_printf(&sql, "%s = excluded.%s, ", name, name);
    }
    strbuf_puts(&sql, "version = excluded.version");
    if (slot >= STORE_KINDS_MAX) { /* a kind not in the model's table: not kept */
        strbuf_release(&sql);
        return NULL;
    }
    s->write_sql[slot] = xstrdup(strbuf_str(&sql));
    strbuf_release(&sql);
    return s->write_sql[slot];
}

int records_write(struct store *s, const struct kind *k, const json_t *record, int64_t version,
                  struct error *e)
{
    struct db_stmt *stmt = NULL;
    int rc, param = 0;
    size_t i;
    const char *id = json_string_value(json_object_get(record, "id"));
    const char *sql = write_sql(s, k);

    if (id == NULL)
        return error_set(e, ERR_INVALID, "id", "a record needs an id");
    if (sql == NULL)
        return error_set(e, ERR_INTERNAL, NULL, "the kind %s is not in the model's table", k->name);
    if ((rc = db_prepare(s, sql, &stmt, e)) != 0)
        goto cleanup;
    for (i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        if (records_is_child(f))
            continue;
        if (bind_value(stmt, ++param, f->type, json_object_get(record, f->name),
                       f->default_value) != 0) {
            rc = error_set(e, ERR_INVALID, f->name, "a value of the wrong type");
            goto cleanup;
        }
    }
    db_bind_int64(stmt, ++param, version);
    if ((rc = step_done(s, stmt, e, "writing a record")) != 0)
        goto cleanup;
    for (i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        if (records_is_child(f) &&
            (rc = put_children(s, k, f, id, json_object_get(record, f->name), e)) != 0)
            goto cleanup;
    }
cleanup:
    db_done(stmt);
    return rc;
}

/* The write's own savepoint. Outside a transaction SQLite makes one of
 * the savepoint; PostgreSQL has none outside a transaction: its own then. */
static int savepoint(struct store *s, int outer, struct error *e)
{
    if (outer && s->pg)
        return store_begin(s, e);
    return db_exec(s, "SAVEPOINT record_put", e, "keeping a record's version");
}

static int savepoint_release(struct store *s, int outer, struct error *e)
{
    if (outer && s->pg)
        return store_commit(s, e);
    return db_exec(s, "RELEASE record_put", e, "keeping a record's version");
}

static int savepoint_undo(struct store *s, int outer, struct error *e)
{
    if (outer && s->pg) {
        store_rollback(s);
        return 0;
    }
    return db_exec(s, "ROLLBACK TO record_put; RELEASE record_put", e, "rolling back");
}

int store_record_put(struct store *s, const struct kind *k, json_t *record,
                     const struct store_change *change, struct store_write *out, struct error *e)
{
    json_t *old = NULL, *stored = NULL;
    struct store_write w = {0, 1, 0};
    const char *id = json_string_value(json_object_get(record, "id"));
    int rc, outer = !s->in_transaction;

    if (id == NULL)
        return error_set(e, ERR_INVALID, "id", "a record needs an id");
    if ((rc = history_check_change(s, change, e)) != 0)
        return rc;
    rc = store_record_get(s, k, id, &old, e);
    if (rc == ERR_NOTFOUND) {
        error_clear(e);
        w.inserted = 1;
    } else if (rc != 0) {
        return rc;
    }
    /* Write, then compare what is stored with what was: an unchanged
     * record makes no version (re-importing a document adds no noise). */
    if ((rc = savepoint(s, outer, e)) != 0 ||
        (rc = history_next_version(s, k, id, &w.version, e)) != 0 ||
        (rc = records_write(s, k, record, w.version, e)) != 0 ||
        (rc = store_record_get(s, k, id, &stored, e)) != 0)
        goto fail;
    if (old && !change->restore && json_equal(old, stored)) {
        w.changed = 0;
        if ((rc = savepoint_undo(s, outer, e)) != 0)
            goto cleanup;
        if ((rc = store_record_version(s, k, id, &w.version, e)) != 0)
            goto cleanup;
    } else {
        const char *op = change->restore ? "restore" : old ? "update" : "create";
        if ((rc = history_append(s, k, id, w.version, op, change, stored, e)) != 0 ||
            (rc = savepoint_release(s, outer, e)) != 0)
            goto fail;
    }
    if (out)
        *out = w;
    goto cleanup;
fail:
    savepoint_undo(s, outer, NULL);
cleanup:
    json_decref(old);
    json_decref(stored);
    return rc;
}

int records_remove(struct store *s, const struct kind *k, const char *id, struct error *e)
{
    struct strbuf sql = STRBUF_INIT;
    struct db_stmt *stmt = NULL;
    char table[128];
    int rc = 0;
    size_t i;

    for (i = 0; rc == 0 && i <= k->n_fields; i++) {
        if (i < k->n_fields && !records_is_child(&k->fields[i]))
            continue;
        strbuf_reset(&sql);
        if (i < k->n_fields) {
            model_child_table(k, &k->fields[i], table, sizeof table);
            strbuf_printf(&sql, "DELETE FROM %s WHERE record_id = ?", table);
        } else {
            strbuf_printf(&sql, "DELETE FROM %s WHERE id = ?", k->name);
        }
        if ((rc = db_prepare(s, strbuf_str(&sql), &stmt, e)) != 0)
            break;
        db_bind_text(stmt, 1, id, -1);
        rc = step_done(s, stmt, e, "removing a record");
        db_done(stmt);
        stmt = NULL;
    }
    strbuf_release(&sql);
    return rc;
}

int store_record_delete(struct store *s, const struct kind *k, const char *id,
                        const struct store_change *change, int64_t *version, struct error *e)
{
    struct strbuf sql = STRBUF_INIT;
    struct db_stmt *stmt = NULL;
    int64_t made = 0;
    int rc;

    if ((rc = history_check_change(s, change, e)) != 0)
        return rc;
    strbuf_printf(&sql, "DELETE FROM %s WHERE id = ?", k->name);
    if ((rc = db_prepare(s, strbuf_str(&sql), &stmt, e)) != 0)
        goto cleanup;
    db_bind_text(stmt, 1, id, -1);
    if (db_step(stmt) != DB_DONE) {
        rc = store_fail(s, e, "deleting a record");
        if (rc == ERR_CONFLICT)
            error_set(e, ERR_CONFLICT, id, "other records still refer to this %s", k->singular);
        goto cleanup;
    }
    if (db_changes(stmt) == 0) {
        rc = error_set(e, ERR_NOTFOUND, id, "no %s with this id", k->singular);
        goto cleanup;
    }
    if ((rc = history_next_version(s, k, id, &made, e)) != 0 ||
        (rc = history_append(s, k, id, made, "delete", change, NULL, e)) != 0)
        goto cleanup;
    if (version)
        *version = made;
cleanup:
    db_done(stmt);
    strbuf_release(&sql);
    return rc;
}
