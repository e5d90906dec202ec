/*
 * visible.c — need-to-know lookups for analysis results (see visible.h).
 */
#include "domain/visible.h"

#include "base/strbuf.h"
#include "base/xmalloc.h"

#include "store/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void visible_init(struct visible *v, struct store *s, struct access *a)
{
    memset(v, 0, sizeof *v);
    v->store = s;
    v->access = a;
    v->seen = json_object();
    v->noted = json_array();
    v->hidden = json_object();
    v->ahead = json_object();
}

void visible_release(struct visible *v)
{
    json_decref(v->seen);
    json_decref(v->noted);
    json_decref(v->hidden);
    json_decref(v->ahead);
    v->seen = v->noted = v->hidden = v->ahead = NULL;
}

void visible_reset(struct visible *v)
{
    json_array_clear(v->noted);
    json_object_clear(v->seen);
    json_object_clear(v->hidden);
    /* a build after a reset reads again (visible_run's second build is in
     * a transaction of its own) */
    json_object_clear(v->ahead);
    memset(v->read_ahead, 0, sizeof v->read_ahead);
    v->rc = 0;
}

struct ahead {
    json_t *into;
    const char *kind;
};

static int keep_ahead(void *ctx, json_t *record)
{
    struct ahead *a = ctx;
    char key[300];
    const char *id = json_string_value(json_object_get(record, "id"));
    if (id != NULL && strlen(id) <= 200) {
        snprintf(key, sizeof key, "%s/%s", a->kind, id);
        json_object_set(a->into, key, record);
    }
    return 0;
}

/* Record id of kind k, from what was read ahead or else from the store:
 * 0 and *out, or ERR_NOTFOUND (in v->error as the store says it), or the
 * store's failure. */
static int get_record(struct visible *v, const struct kind *k, const char *id, json_t **out)
{
    char key[300];
    json_t *record;
    *out = NULL;
    snprintf(key, sizeof key, "%s/%s", k->name, id);
    record = json_object_get(v->ahead, key);
    if (record == NULL && !v->read_ahead[k->id])
        return store_record_get(v->store, k, id, out, &v->error);
    if (record == NULL || json_is_null(record)) /* all or this id was read: absent */
        return error_set(&v->error, ERR_NOTFOUND, id, "no %s with this id", k->singular);
    *out = json_incref(record);
    return 0;
}

int visible_read_ahead(struct visible *v, enum kind_id kind, struct error *e)
{
    const struct kind *k = model_kind(kind);
    struct ahead a = {v->ahead, k->name};
    int rc;
    if (v->read_ahead[kind])
        return 0;
    if ((rc = store_record_each(v->store, k, NULL, 0, 0, 0, keep_ahead, &a, e)) != 0)
        return rc;
    v->read_ahead[kind] = 1;
    return 0;
}

/* Records in v what it learnt of record id of kind k (record NULL: absent;
 * rc: access_can_read's answer). */
static int learn(struct visible *v, const struct kind *k, const char *id, const json_t *record,
                 int rc, int note, int *shown)
{
    char key[300];
    int audited = rc == 0 && access_read_is_audited(record);
    snprintf(key, sizeof key, "%s/%s", k->name, id);
    if (rc != 0 && rc != ERR_NOTFOUND)
        return rc;
    *shown = rc == 0;
    if (!*shown) {
        json_object_set_new(v->seen, key, json_false());
        if (record != NULL) /* it exists: one more hidden record of its kind */
            json_object_set_new(
                v->hidden, k->name,
                json_integer(json_integer_value(json_object_get(v->hidden, k->name)) + 1));
    } else if (!audited)
        json_object_set_new(v->seen, key, json_true());
    else {
        json_object_set_new(v->seen, key, json_integer(note ? 1 : 0));
        if (note)
            json_array_append_new(v->noted, json_pack("[s,s]", k->name, id));
    }
    return 0;
}

/* What v already knows of kind/id: 1 (and *shown) when known. */
static int known(struct visible *v, const char *kind, const char *id, int note, int *shown)
{
    char key[300];
    json_t *seen;
    snprintf(key, sizeof key, "%s/%s", kind, id);
    if ((seen = json_object_get(v->seen, key)) == NULL)
        return 0;
    /* true: visible; an integer: visible and classified, noted (1) or not (0) */
    *shown = !json_is_false(seen);
    if (json_is_integer(seen) && note && json_integer_value(seen) == 0) {
        json_array_append_new(v->noted, json_pack("[s,s]", kind, id));
        json_object_set_new(v->seen, key, json_integer(1)); /* frees seen */
    }
    return 1;
}

int visible_check(struct visible *v, enum kind_id kind, const char *id, int note, int *shown)
{
    const struct kind *k = model_kind(kind);
    json_t *record = NULL;
    int rc;

    *shown = 0;
    /* ids are at most 128 bytes: a longer one names nothing (and the key
     * is never cut short) */
    if (id == NULL || id[0] == '\0' || strlen(id) > 200)
        return 0;
    if (known(v, k->name, id, note, shown))
        return 0;
    rc = get_record(v, k, id, &record);
    if (rc == 0)
        rc = access_can_read(v->access, v->store, k, record, &v->error);
    rc = learn(v, k, id, record, rc, note, shown);
    json_decref(record);
    return rc;
}

int visible_record(struct visible *v, const struct kind *k, const json_t *record, int note,
                   int *shown)
{
    const char *id = json_string_value(json_object_get(record, "id"));
    int rc;
    *shown = 0;
    if (id == NULL || id[0] == '\0' || strlen(id) > 200)
        return 0;
    if (known(v, k->name, id, note, shown))
        return 0;
    rc = access_can_read(v->access, v->store, k, record, &v->error);
    return learn(v, k, id, record, rc, note, shown);
}

int visible_shows(struct visible *v, enum kind_id kind, const char *id)
{
    int shown = 0, rc = visible_check(v, kind, id, 1, &shown);
    if (rc != 0 && v->rc == 0)
        v->rc = rc;
    return rc == 0 && shown;
}

size_t visible_hidden(const struct visible *v, enum kind_id kind)
{
    return (size_t)json_integer_value(json_object_get(v->hidden, model_kind(kind)->name));
}

int visible_audit_reads(const json_t *reads, struct store *to, struct audit_log *log,
                        const char *actor, const char *address, const char *detail, struct error *e)
{
    struct strbuf ids = STRBUF_INIT;
    size_t i = 0, j, n = json_array_size(reads);
    int rc = 0;
    /* one entry per run of records of one kind: a list, a cascade or a
     * ranking that shows many names them all in one entry, so reading a
     * long list does not append a row per record */
    while (rc == 0 && i < n) {
        const char *kind = json_string_value(json_array_get(json_array_get(reads, i), 0));
        struct audit_event ev = {actor, address, "read", kind, NULL, detail};
        for (j = i + 1; j < n; j++) {
            const char *next = json_string_value(json_array_get(json_array_get(reads, j), 0));
            if (strcmp(next, kind) != 0)
                break;
        }
        if (j == i + 1) {
            ev.record = json_string_value(json_array_get(json_array_get(reads, i), 1));
        } else {
            strbuf_reset(&ids);
            strbuf_puts(&ids, detail ? detail : "read");
            strbuf_putc(&ids, ':');
            for (; i < j; i++) {
                strbuf_putc(&ids, ' ');
                strbuf_puts(&ids, json_string_value(json_array_get(json_array_get(reads, i), 1)));
            }
            ev.detail = strbuf_str(&ids);
        }
        i = j;
        rc = audit_append(log, to, &ev, e);
    }
    strbuf_release(&ids);
    return rc;
}

int visible_audit(struct visible *v, struct store *to, struct audit_log *log, const char *actor,
                  const char *address, const char *detail, struct error *e)
{
    return visible_audit_reads(v->noted, to, log, actor, address, detail, e);
}

int visible_run(struct visible *v, struct store *to, struct audit_log *log, const char *actor,
                const char *address, const char *detail,
                int (*build)(void *ctx, struct visible *v, struct error *e),
                void (*release)(void *ctx), void *ctx, struct error *e)
{
    int rc;
    visible_reset(v);
    if ((rc = build(ctx, v, e)) == 0 && v->rc != 0) {
        *e = v->error;
        rc = v->rc;
    }
    if (rc != 0 || json_array_size(v->noted) == 0)
        return rc;
    /* classified records shown: the answer given is the one audited */
    if (release)
        release(ctx);
    visible_reset(v);
    if ((rc = store_begin_read(to, e)) != 0)
        return rc;
    if ((rc = build(ctx, v, e)) == 0 && v->rc != 0) {
        *e = v->error;
        rc = v->rc;
    }
    if (rc == 0)
        rc = visible_audit(v, to, log, actor, address, detail, e);
    if (rc == 0)
        rc = store_commit(to, e);
    else
        store_rollback(to);
    return rc;
}

/* Whether the reference id (of kind target) is one the reader may not see. */
static int ref_hidden(struct visible *v, const struct kind *target, const char *id, int *hidden)
{
    int shown = 0, rc = visible_check(v, target->id, id, 0, &shown);
    *hidden = rc == 0 && !shown;
    return rc;
}

/* Whether reference id in field f of a record of kind k is masked: its
 * target is hidden and not one the reader may name without reading it
 * (access_may_refer: a provider's contribution names the ministry's
 * analysis). */
static int ref_masked(struct visible *v, const struct kind *k, const struct field *f,
                      const char *id, int *masked)
{
    const struct kind *target_kind = model_kind_find(f->ref_kind); /* the model's own name */
    json_t *target = NULL;
    int rc = ref_hidden(v, target_kind, id, masked);
    if (rc != 0 || !*masked)
        return rc;
    rc = get_record(v, target_kind, id, &target);
    if (rc == 0)
        rc = access_may_refer(v->access, v->store, k, f, target, &v->error);
    json_decref(target);
    if (rc == 0)
        *masked = 0;
    return rc == ERR_NOTFOUND ? 0 : rc;
}

int visible_mask(struct visible *v, const struct kind *k, json_t *record)
{
    size_t i, j;
    int rc, hidden;
    for (i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        json_t *value = json_object_get(record, f->name), *item, *tmp;
        const char *key;
        if (f->ref_kind == NULL || value == NULL)
            continue;
        if (f->type == FIELD_REF && json_is_string(value)) {
            if ((rc = ref_masked(v, k, f, json_string_value(value), &hidden)) != 0)
                return rc;
            if (hidden)
                json_object_del(record, f->name);
        } else if (f->type == FIELD_REF_LIST && json_is_array(value)) {
            for (j = json_array_size(value); j-- > 0;) {
                item = json_array_get(value, j);
                if (!json_is_string(item))
                    continue;
                if ((rc = ref_masked(v, k, f, json_string_value(item), &hidden)) != 0)
                    return rc;
                if (hidden)
                    json_array_remove(value, j);
            }
        } else if (f->type == FIELD_MAP && json_is_object(value)) {
            json_object_foreach_safe(value, tmp, key, item)
            {
                if ((rc = ref_masked(v, k, f, key, &hidden)) != 0)
                    return rc;
                if (hidden)
                    json_object_del(value, key);
            }
        }
    }
    return 0;
}

/* Adds id (a reference to a record of target) to want unless v knows it
 * or has it read. */
static void want_ref(struct visible *v, json_t *want, const struct kind *target, const char *id)
{
    char key[300];
    json_t *ids;
    if (id == NULL || id[0] == '\0' || strlen(id) > 200 || v->read_ahead[target->id])
        return;
    snprintf(key, sizeof key, "%s/%s", target->name, id);
    if (json_object_get(v->seen, key) || json_object_get(v->ahead, key))
        return;
    if ((ids = json_object_get(want, target->name)) == NULL)
        json_object_set_new(want, target->name, ids = json_object());
    json_object_set_new(ids, id, json_true());
}

int visible_read_refs(struct visible *v, const struct kind *k, json_t *const *records, size_t n,
                      struct error *e)
{
    json_t *want = json_object(), *ids, *value, *item;
    const char *name, *key, **list = NULL;
    size_t r, i, j, m;
    int rc = 0;
    for (r = 0; r < n; r++) {
        for (i = 0; i < k->n_fields; i++) {
            const struct field *f = &k->fields[i];
            const struct kind *target = f->ref_kind ? model_kind_find(f->ref_kind) : NULL;
            value = json_object_get(records[r], f->name);
            if (target == NULL || value == NULL)
                continue;
            if (f->type == FIELD_REF)
                want_ref(v, want, target, json_string_value(value));
            else if (f->type == FIELD_REF_LIST)
                json_array_foreach(value, j, item)
                    want_ref(v, want, target, json_string_value(item));
            else if (f->type == FIELD_MAP)
                json_object_foreach(value, key, item) want_ref(v, want, target, key);
        }
    }
    json_object_foreach(want, name, ids)
    {
        const struct kind *target = model_kind_find(name);
        struct ahead a = {v->ahead, target->name};
        char ahead_key[300];
        list = xrealloc(list, (json_object_size(ids) + 1) * sizeof *list);
        m = 0;
        json_object_foreach(ids, key, item) list[m++] = key;
        if ((rc = store_record_each_id(v->store, target, list, m, keep_ahead, &a, e)) != 0)
            break;
        for (j = 0; j < m; j++) { /* read and absent: no second look */
            snprintf(ahead_key, sizeof ahead_key, "%s/%s", target->name, list[j]);
            if (json_object_get(v->ahead, ahead_key) == NULL)
                json_object_set_new(v->ahead, ahead_key, json_null());
        }
    }
    free(list);
    json_decref(want);
    return rc;
}

static int in_list(const json_t *list, const char *id)
{
    const json_t *item;
    size_t i;
    json_array_foreach(list, i, item)
    {
        if (json_is_string(item) && strcmp(json_string_value(item), id) == 0)
            return 1;
    }
    return 0;
}

int visible_unmask(struct visible *v, const struct kind *k, const json_t *old, json_t *record)
{
    size_t i, j;
    int rc, hidden;
    for (i = 0; old && i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        json_t *was = json_object_get(old, f->name), *now = json_object_get(record, f->name);
        json_t *item, *list;
        const char *key;
        if (f->ref_kind == NULL || was == NULL)
            continue;
        if (f->type == FIELD_REF && json_is_string(was) && (now == NULL || json_is_null(now))) {
            if ((rc = ref_masked(v, k, f, json_string_value(was), &hidden)) != 0)
                return rc;
            if (hidden)
                json_object_set(record, f->name, was);
        } else if (f->type == FIELD_REF_LIST && json_is_array(was) &&
                   (now == NULL || json_is_array(now) || json_is_null(now))) {
            /* old's order, its hidden ids kept, then what the user added */
            size_t n_hidden = 0;
            list = json_array();
            json_array_foreach(was, j, item)
            {
                if (!json_is_string(item))
                    continue;
                if ((rc = ref_masked(v, k, f, json_string_value(item), &hidden)) != 0) {
                    json_decref(list);
                    return rc;
                }
                n_hidden += (size_t)hidden;
                if (hidden || in_list(now, json_string_value(item)))
                    json_array_append(list, item);
            }
            json_array_foreach(now, j, item)
            {
                if (!json_is_string(item) || !in_list(was, json_string_value(item)))
                    json_array_append(list, item);
            }
            if (n_hidden > 0)
                json_object_set(record, f->name, list);
            json_decref(list);
        } else if (f->type == FIELD_MAP && json_is_object(was) &&
                   (now == NULL || json_is_object(now) || json_is_null(now))) {
            list = json_is_object(now) ? now : NULL;
            json_object_foreach(was, key, item)
            {
                if ((rc = ref_masked(v, k, f, key, &hidden)) != 0)
                    return rc;
                if (!hidden)
                    continue;
                if (list == NULL)
                    json_object_set_new(record, f->name, list = json_object());
                json_object_set(list, key, item);
            }
        }
    }
    return 0;
}
