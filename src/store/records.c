/*
 * records.c — generic record reads, on either backend (store/db.h); the
 * writes are in records_write.c.
 *
 * The SQL for a kind is derived from its model description: scalar fields
 * are columns of the kind's table, REF_LIST and MAP fields live in child
 * tables "<kind>_<field>" (record_id, position, ref) and (record_id, key,
 * value). Records are JSON objects in the shape of the exported document.
 */
#include "base/xmalloc.h"
#include "store/store.h"

#include "base/strbuf.h"
#include "store/store_internal.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

int records_is_child(const struct field *f)
{
    return f->type == FIELD_REF_LIST || f->type == FIELD_MAP;
}

void records_append_columns(struct strbuf *sql, const struct kind *k)
{
    size_t i;
    int first = 1;
    for (i = 0; i < k->n_fields; i++) {
        if (records_is_child(&k->fields[i]))
            continue;
        strbuf_printf(sql, "%s%s", first ? "" : ", ", k->fields[i].name);
        first = 0;
    }
}

static json_t *column_value(struct db_stmt *stmt, int col, enum field_type type)
{
    if (db_column_is_null(stmt, col))
        return json_null();
    switch (type) {
    case FIELD_BOOL:
        return json_boolean(db_column_int(stmt, col));
    case FIELD_INT:
        return json_integer(db_column_int64(stmt, col));
    case FIELD_REAL:
        return json_real(db_column_double(stmt, col));
    default:
        return json_stringn(db_column_text(stmt, col), (size_t)db_column_bytes(stmt, col));
    }
}

int store_record_version(struct store *s, const struct kind *k, const char *id, int64_t *out,
                         struct error *e)
{
    struct strbuf sql = STRBUF_INIT;
    struct db_stmt *stmt = NULL;
    int rc;
    strbuf_printf(&sql, "SELECT version FROM %s WHERE id = ?", k->name);
    if ((rc = db_prepare(s, strbuf_str(&sql), &stmt, e)) != 0)
        goto cleanup;
    db_bind_text(stmt, 1, id, -1);
    rc = db_step(stmt);
    if (rc == DB_ROW) {
        *out = db_column_int64(stmt, 0);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = error_set(e, ERR_NOTFOUND, id, "no %s with this id", k->singular);
    } else {
        rc = store_fail(s, e, "reading a record's version");
    }
cleanup:
    db_done(stmt);
    strbuf_release(&sql);
    return rc;
}

int store_record_exists(struct store *s, const struct kind *k, const char *id, int *exists,
                        struct error *e)
{
    struct strbuf sql = STRBUF_INIT;
    struct db_stmt *stmt = NULL;
    int rc;
    strbuf_printf(&sql, "SELECT 1 FROM %s WHERE id = ?", k->name);
    if ((rc = db_prepare(s, strbuf_str(&sql), &stmt, e)) != 0)
        goto cleanup;
    db_bind_text(stmt, 1, id, -1);
    rc = db_step(stmt);
    if (rc == DB_ROW || rc == DB_DONE) {
        *exists = rc == DB_ROW;
        rc = 0;
    } else {
        rc = store_fail(s, e, "looking up a record");
    }
cleanup:
    db_done(stmt);
    strbuf_release(&sql);
    return rc;
}

/* A map with enumerated keys in the model's order (others are in key order
 * already); takes result, returns the map to use. */
static json_t *model_ordered(const struct field *f, json_t *result)
{
    json_t *ordered;
    size_t i;
    if (f->type != FIELD_MAP || f->ref_kind != NULL || f->values == NULL || result == NULL)
        return result;
    ordered = json_object();
    for (i = 0; f->values[i]; i++) {
        json_t *v = json_object_get(result, f->values[i]);
        if (v)
            json_object_set(ordered, f->values[i], v);
    }
    json_decref(result);
    return ordered;
}

/* Reads a child table into a JSON array (REF_LIST) or object (MAP). Maps with
 * enumerated keys come out in the model's order, others in key order. */
static int read_children(struct store *s, const struct kind *k, const struct field *f,
                         const char *id, json_t **out, struct error *e)
{
    char table[128];
    struct strbuf sql = STRBUF_INIT;
    struct db_stmt *stmt = NULL;
    int rc;
    json_t *result = f->type == FIELD_REF_LIST ? json_array() : json_object();

    model_child_table(k, f, table, sizeof table);
    if (f->type == FIELD_REF_LIST)
        strbuf_printf(&sql, "SELECT ref FROM %s WHERE record_id = ? ORDER BY position", table);
    else
        strbuf_printf(&sql, "SELECT key, value FROM %s WHERE record_id = ? ORDER BY key", table);
    if ((rc = db_prepare(s, strbuf_str(&sql), &stmt, e)) != 0)
        goto cleanup;
    db_bind_text(stmt, 1, id, -1);
    while ((rc = db_step(stmt)) == DB_ROW) {
        if (f->type == FIELD_REF_LIST)
            json_array_append_new(result, column_value(stmt, 0, FIELD_TEXT));
        else
            json_object_set_new(result, db_column_text(stmt, 0),
                                column_value(stmt, 1, f->value_type));
    }
    if (rc != DB_DONE) {
        rc = store_fail(s, e, "reading a list");
        goto cleanup;
    }
    rc = 0;
    result = model_ordered(f, result);
cleanup:
    db_done(stmt);
    strbuf_release(&sql);
    if (rc != 0) {
        json_decref(result);
        result = NULL;
    }
    *out = result;
    return rc;
}

/* A whole kind read at once walks each child table beside the records, both
 * in id order (a merge), instead of one query per record and list field:
 * the point-in-time views and the reports read every record of every kind. */
struct child_cursor {
    struct db_stmt *stmt;
    int has_row; /* stmt holds a row not yet taken */
};

static int cursor_step(struct store *s, struct child_cursor *c, struct error *e)
{
    int rc = db_step(c->stmt);
    c->has_row = rc == DB_ROW;
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(s, e, "reading a list");
    return 0;
}

static void bind_filters(struct db_stmt *stmt, const struct store_filter *filters, size_t n);

/* The records a read selects, for a child cursor: NULL for the whole kind,
 * else "SELECT id FROM kind WHERE ... ORDER BY id LIMIT ? OFFSET ?" with
 * its values bound as the read's own (see cursor_open). */
struct child_scope {
    const char *select_ids;
    const struct store_filter *filters;
    size_t n_filters;
    const char *in_column;  /* and this column's value (id, or a single-valued */
    const char *const *ids; /* field) among these (IDS_BATCH of them), or NULL */
    size_t n_ids;
    int64_t limit, offset;
};

/* Ids asked for at once by store_record_each_id: the statement always
 * has this many places (a short batch repeats its last id), so that it
 * is one statement in the cache, not one per length. */
#define IDS_BATCH 64

/* Binds the values of a read scope selects: its filters, its ids, then
 * its limit and offset. */
static void bind_scope(struct db_stmt *stmt, const struct child_scope *scope)
{
    int at = (int)scope->n_filters;
    size_t i;
    bind_filters(stmt, scope->filters, scope->n_filters);
    if (scope->ids) {
        for (i = 0; i < IDS_BATCH; i++)
            db_bind_text(stmt, ++at, scope->ids[i < scope->n_ids ? i : scope->n_ids - 1], -1);
    }
    db_bind_int64(stmt, at + 1, scope->limit);
    db_bind_int64(stmt, at + 2, scope->offset);
}

/* Opens a cursor over the rows of f's child table in record order: every
 * row, or those of the records scope selects. */
static int cursor_open(struct store *s, const struct kind *k, const struct field *f,
                       const struct child_scope *scope, struct child_cursor *c, struct error *e)
{
    char table[128];
    struct strbuf sql = STRBUF_INIT;
    int rc;
    model_child_table(k, f, table, sizeof table);
    if (f->type == FIELD_REF_LIST)
        strbuf_printf(&sql, "SELECT record_id, ref FROM %s", table);
    else
        strbuf_printf(&sql, "SELECT record_id, key, value FROM %s", table);
    if (scope->select_ids)
        strbuf_printf(&sql, " WHERE record_id IN (%s)", scope->select_ids);
    strbuf_puts(&sql, f->type == FIELD_REF_LIST ? " ORDER BY record_id, position"
                                                : " ORDER BY record_id, key");
    rc = db_prepare(s, strbuf_str(&sql), &c->stmt, e);
    strbuf_release(&sql);
    if (rc != 0)
        return rc;
    if (scope->select_ids)
        bind_scope(c->stmt, scope);
    return cursor_step(s, c, e);
}

/* The list or map of record id from cursor c (rows of records before it,
 * which a filter left out, are passed over). */
static int cursor_take(struct store *s, const struct field *f, struct child_cursor *c,
                       const char *id, json_t **out, struct error *e)
{
    json_t *result = f->type == FIELD_REF_LIST ? json_array() : json_object();
    int rc = 0, cmp;
    while (c->has_row) {
        cmp = strcmp(db_column_text(c->stmt, 0), id);
        if (cmp > 0)
            break;
        if (cmp == 0) {
            if (f->type == FIELD_REF_LIST)
                json_array_append_new(result, column_value(c->stmt, 1, FIELD_TEXT));
            else
                json_object_set_new(result, db_column_text(c->stmt, 1),
                                    column_value(c->stmt, 2, f->value_type));
        }
        if ((rc = cursor_step(s, c, e)) != 0)
            break;
    }
    if (rc != 0) {
        json_decref(result);
        result = NULL;
    }
    *out = model_ordered(f, result);
    return rc;
}

/* Builds the record of the current row (columns in model order); the list
 * fields from cursors (one per field, NULL where not a list) when given,
 * else by a query each. */
static int row_to_record(struct store *s, const struct kind *k, struct db_stmt *stmt,
                         struct child_cursor *cursors, json_t **out, struct error *e)
{
    json_t *record = json_object();
    size_t i;
    int col = 0, rc = 0;
    const char *id = db_column_text(stmt, 0);
    char *id_copy = xstrdup(id ? id : "");

    for (i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        json_t *v = NULL;
        if (records_is_child(f) && cursors) {
            if ((rc = cursor_take(s, f, &cursors[i], id_copy, &v, e)) != 0)
                break;
        } else if (records_is_child(f)) {
            if ((rc = read_children(s, k, f, id_copy, &v, e)) != 0)
                break;
        } else {
            v = column_value(stmt, col++, f->type);
        }
        json_object_set_new(record, f->name, v);
    }
    free(id_copy);
    if (rc != 0) {
        json_decref(record);
        record = NULL;
    }
    *out = record;
    return rc;
}

/* WHERE clause for filters; values are bound from index 1 on. */
static void append_where(struct strbuf *sql, const struct kind *k,
                         const struct store_filter *filters, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        const struct field *f = filters[i].field;
        strbuf_puts(sql, i == 0 ? " WHERE " : " AND ");
        if (f->type == FIELD_REF_LIST) {
            char table[128];
            model_child_table(k, f, table, sizeof table);
            strbuf_printf(sql, "id IN (SELECT record_id FROM %s WHERE ref = ?)", table);
        } else if (f->type == FIELD_MAP) {
            char table[128];
            model_child_table(k, f, table, sizeof table);
            strbuf_printf(sql, "id IN (SELECT record_id FROM %s WHERE key = ?)", table);
        } else {
            strbuf_printf(sql, "%s = ?", f->name);
        }
    }
}

static void bind_filters(struct db_stmt *stmt, const struct store_filter *filters, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        const struct field *f = filters[i].field;
        const char *v = filters[i].value;
        if (f->type == FIELD_BOOL)
            db_bind_int64(stmt, (int)i + 1, strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
        else if (f->type == FIELD_INT)
            db_bind_int64(stmt, (int)i + 1, strtoll(v, NULL, 10));
        else if (f->type == FIELD_REAL)
            db_bind_double(stmt, (int)i + 1, strtod(v, NULL));
        else
            db_bind_text(stmt, (int)i + 1, v, -1);
    }
}

/* The WHERE of the records scope selects (its filters and ids). */
static void append_scope(struct strbuf *sql, const struct kind *k, const struct child_scope *scope)
{
    size_t i;
    append_where(sql, k, scope->filters, scope->n_filters);
    if (scope->ids == NULL)
        return;
    strbuf_printf(sql, "%s %s IN (?", scope->n_filters ? " AND" : " WHERE", scope->in_column);
    for (i = 1; i < IDS_BATCH; i++)
        strbuf_puts(sql, ", ?");
    strbuf_putc(sql, ')');
}

/* store_record_each, of the records whose column in_column is among ids
 * (n_ids of them, at most IDS_BATCH) when ids is not NULL. */
static int each_in(struct store *s, const struct kind *k, const struct store_filter *filters,
                   size_t n_filters, const char *in_column, const char *const *ids, size_t n_ids,
                   size_t limit, size_t offset, store_record_fn fn, void *ctx, struct error *e)
{
    struct strbuf sql = STRBUF_INIT, select_ids = STRBUF_INIT;
    struct db_stmt *stmt = NULL;
    struct child_cursor *cursors = NULL;
    struct child_scope scope = {NULL,
                                filters,
                                n_filters,
                                in_column,
                                ids,
                                n_ids,
                                limit ? (int64_t)limit : INT64_MAX,
                                (int64_t)offset};
    size_t i;
    int rc;

    strbuf_puts(&sql, "SELECT ");
    records_append_columns(&sql, k);
    strbuf_printf(&sql, " FROM %s", k->name);
    append_scope(&sql, k, &scope);
    strbuf_puts(&sql, " ORDER BY id LIMIT ? OFFSET ?");
    if ((rc = db_prepare(s, strbuf_str(&sql), &stmt, e)) != 0)
        goto cleanup;
    bind_scope(stmt, &scope);
    /* Several records: each list field is read by one query beside the
     * records, both in id order (a merge), not by one query per record and
     * field (on PostgreSQL each is a round trip: a page of 100 processes
     * took some 70 statements). One record (a get) reads its lists directly. */
    if (limit != 1) {
        if (n_filters != 0 || ids != NULL || limit != 0 || offset != 0) {
            strbuf_printf(&select_ids, "SELECT id FROM %s", k->name);
            append_scope(&select_ids, k, &scope);
            strbuf_puts(&select_ids, " ORDER BY id LIMIT ? OFFSET ?");
            scope.select_ids = strbuf_str(&select_ids);
        }
        cursors = xcalloc(k->n_fields, sizeof *cursors);
        for (i = 0; i < k->n_fields; i++) {
            if (records_is_child(&k->fields[i]) &&
                (rc = cursor_open(s, k, &k->fields[i], &scope, &cursors[i], e)) != 0)
                goto cleanup;
        }
    }
    while ((rc = db_step(stmt)) == DB_ROW) {
        json_t *record = NULL;
        if ((rc = row_to_record(s, k, stmt, cursors, &record, e)) != 0)
            goto cleanup;
        rc = fn(ctx, record);
        json_decref(record); /* fn borrows it */
        if (rc != 0)
            goto cleanup;
    }
    if (rc != DB_DONE) {
        rc = store_fail(s, e, "reading records");
        goto cleanup;
    }
    rc = 0;
cleanup:
    for (i = 0; cursors && i < k->n_fields; i++)
        db_done(cursors[i].stmt);
    free(cursors);
    db_done(stmt);
    strbuf_release(&sql);
    strbuf_release(&select_ids);
    return rc;
}

int store_record_each(struct store *s, const struct kind *k, const struct store_filter *filters,
                      size_t n_filters, size_t limit, size_t offset, store_record_fn fn, void *ctx,
                      struct error *e)
{
    return each_in(s, k, filters, n_filters, NULL, NULL, 0, limit, offset, fn, ctx, e);
}

int store_record_each_in(struct store *s, const struct kind *k, const struct field *f,
                         const char *const *values, size_t n, store_record_fn fn, void *ctx,
                         struct error *e)
{
    const char *column = f ? f->name : "id";
    size_t at;
    int rc = 0;
    /* a column of the record's own row: not a list or map */
    assert(f == NULL || !records_is_child(f));
    for (at = 0; at < n && rc == 0; at += IDS_BATCH)
        rc = each_in(s, k, NULL, 0, column, values + at, n - at < IDS_BATCH ? n - at : IDS_BATCH, 0,
                     0, fn, ctx, e);
    return rc;
}

int store_record_each_id(struct store *s, const struct kind *k, const char *const *ids, size_t n,
                         store_record_fn fn, void *ctx, struct error *e)
{
    return store_record_each_in(s, k, NULL, ids, n, fn, ctx, e);
}

static int take_one(void *ctx, json_t *record)
{
    *(json_t **)ctx = json_incref(record);
    return 0;
}

int store_record_get(struct store *s, const struct kind *k, const char *id, json_t **out,
                     struct error *e)
{
    struct store_filter filter = {model_field_find(k, "id"), id};
    json_t *record = NULL;
    int rc = store_record_each(s, k, &filter, 1, 1, 0, take_one, &record, e);
    *out = NULL;
    if (rc != 0)
        return rc;
    if (record == NULL)
        return error_set(e, ERR_NOTFOUND, id, "no %s with this id", k->singular);
    *out = record;
    return 0;
}

int store_record_count(struct store *s, const struct kind *k, const struct store_filter *filters,
                       size_t n_filters, size_t *out, struct error *e)
{
    struct strbuf sql = STRBUF_INIT;
    struct db_stmt *stmt = NULL;
    int rc;

    strbuf_printf(&sql, "SELECT count(*) FROM %s", k->name);
    append_where(&sql, k, filters, n_filters);
    if ((rc = db_prepare(s, strbuf_str(&sql), &stmt, e)) != 0)
        goto cleanup;
    bind_filters(stmt, filters, n_filters);
    if (db_step(stmt) != DB_ROW) {
        rc = store_fail(s, e, "counting records");
        goto cleanup;
    }
    *out = (size_t)db_column_int64(stmt, 0);
cleanup:
    db_done(stmt);
    strbuf_release(&sql);
    return rc;
}
