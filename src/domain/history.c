/*
 * history.c — a record's versions with their differences, under
 * need-to-know, and restoring an earlier version (see history.h).
 */
#include "domain/history.h"

#include "domain/request.h"
#include "domain/visible.h"

#include "domain/validate.h"

#include <stdio.h>
#include <string.h>

/* The versions as the store gives them, newest first, each {meta, data}. */
static int collect(void *ctx, const struct store_version *v)
{
    json_t *list = ctx;
    json_t *item = json_pack("{sI ss ss ss ss ss?}", "version", (json_int_t)v->version, "op", v->op,
                             "at", v->at, "actor", v->actor, "via", v->via, "note", v->note);
    if (item == NULL)
        return ERR_INTERNAL; /* a bug in the pack format */
    if (v->data)             /* a deletion has none: the key stays absent */
        json_object_set(item, "data", v->data);
    return json_array_append_new(list, item);
}

/* No value: absent, null, or an empty list or map (the store keeps an
 * absent list as an empty one). */
static int is_empty(const json_t *v)
{
    return v == NULL || json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0) ||
           (json_is_object(v) && json_object_size(v) == 0);
}

/* The fields whose values differ between before (may be NULL) and after. */
static json_t *differences(const struct kind *k, const json_t *before, const json_t *after)
{
    json_t *changes = json_array();
    size_t i;
    for (i = 0; i < k->n_fields; i++) {
        const char *name = k->fields[i].name;
        json_t *b = before ? json_object_get(before, name) : NULL;
        json_t *a = json_object_get(after, name);
        if (is_empty(b))
            b = NULL;
        if (is_empty(a))
            a = NULL;
        if ((b == NULL && a == NULL) || (b && a && json_equal(b, a)))
            continue;
        json_array_append_new(changes,
                              json_pack("{ss sO sO}", "field", name, "before", b ? b : json_null(),
                                        "after", a ? a : json_null()));
    }
    return changes;
}

static int may_read(struct access *a, struct store *s, const struct kind *k, const json_t *data,
                    struct error *e)
{
    int rc;
    if (a == NULL)
        return 1;
    rc = access_can_read(a, s, k, data, e);
    if (rc == ERR_NOTFOUND)
        error_clear(e);
    return rc == 0;
}

int history_read(struct store *s, struct access *a, const struct kind *k, const char *id,
                 struct history_doc *out, struct error *e)
{
    json_t *raw = json_array(), *versions = json_array(), *newest = NULL;
    struct visible refs;
    size_t i, n;
    int rc = 0;

    memset(out, 0, sizeof *out);
    memset(&refs, 0, sizeof refs);
    if (a)
        visible_init(&refs, s, a);
    if ((rc = store_history_each(s, k, id, collect, raw, e)) != 0)
        goto cleanup;
    n = json_array_size(raw);
    /* the record's present state decides whether it exists for this reader:
     * the newest version with data (a deleted record: its last version) */
    for (i = 0; i < n && newest == NULL; i++)
        newest = json_object_get(json_array_get(raw, i), "data");
    if (newest == NULL || !may_read(a, s, k, newest, e)) {
        rc = error_set(e, ERR_NOTFOUND, id, "no %s with this id", k->singular);
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        json_t *item = json_array_get(raw, i), *data = json_object_get(item, "data");
        json_t *shown = json_deep_copy(item), *before = NULL;
        int readable = data == NULL || may_read(a, s, k, data, e);
        size_t j;
        json_object_del(shown, "data");
        if (data == NULL) {
            json_object_set_new(shown, "deleted", json_true());
            json_object_set_new(shown, "changes", json_array());
        } else if (!readable) {
            json_object_set_new(shown, "hidden", json_true());
            json_object_set_new(shown, "changes", json_null());
        } else {
            /* against the version just before it, if that one holds data
             * this reader may read; across a hidden one nothing is said */
            int across_hidden = 0;
            for (j = i + 1; j < n; j++) {
                json_t *d = json_object_get(json_array_get(raw, j), "data");
                if (d == NULL)
                    break; /* re-created after a deletion: against nothing */
                if (!may_read(a, s, k, d, e))
                    across_hidden = 1;
                else
                    before = d;
                break;
            }
            if (across_hidden) {
                json_object_set_new(shown, "changes", json_null());
            } else { /* a provider sees itself as a request's only recipient */
                json_t *b = before ? json_deep_copy(before) : NULL, *d = json_deep_copy(data);
                if (b)
                    request_mask(a, k, b);
                request_mask(a, k, d);
                /* references to records the reader may not see: masked
                 * in each version as in the record (domain/visible.h) */
                if (refs.access && ((b && (rc = visible_mask(&refs, k, b)) != 0) ||
                                    (rc = visible_mask(&refs, k, d)) != 0)) {
                    *e = refs.error;
                    json_decref(b);
                    json_decref(d);
                    json_decref(shown);
                    goto cleanup;
                }
                json_object_set_new(shown, "changes", differences(k, b, d));
                json_decref(b);
                json_decref(d);
            }
            out->classified |= access_read_is_audited(data);
        }
        json_array_append_new(versions, shown);
    }
    out->doc = json_pack("{ss ss so}", "kind", k->name, "id", id, "versions", versions);
    versions = NULL;
cleanup:
    visible_release(&refs);
    json_decref(raw);
    json_decref(versions);
    return rc;
}

void history_doc_release(struct history_doc *d)
{
    if (d == NULL)
        return;
    json_decref(d->doc);
    d->doc = NULL;
}

int history_restore(struct store *s, const struct kind *k, const char *id, int64_t version,
                    const struct store_change *change, int64_t *made, struct error *e)
{
    struct store_change restore = *change;
    struct store_write w;
    json_t *record = NULL;
    char where[64];
    int rc;

    if ((rc = store_history_get(s, k, id, version, &record, e)) != 0)
        return rc;
    snprintf(where, sizeof where, "version %lld", (long long)version);
    if ((rc = validate_record(k, record, where, e)) != 0)
        goto cleanup;
    restore.restore = 1;
    if ((rc = store_record_put(s, k, record, &restore, &w, e)) != 0)
        goto cleanup;
    *made = w.version;
cleanup:
    json_decref(record);
    return rc;
}
