/*
 * visible.c — need-to-know lookups for analysis results (see visible.h).
 */
#include "http/visible.h"

#include "store/model.h"

#include <stdio.h>
#include <string.h>

int visible_init(struct visible *v, struct store *s, struct access *a, struct error *e)
{
    memset(v, 0, sizeof *v);
    v->store = s;
    v->access = a;
    v->seen = json_object();
    v->noted = json_array();
    if (v->seen == NULL || v->noted == NULL) {
        visible_release(v);
        return error_set(e, ERR_NOMEM, NULL, "out of memory");
    }
    return 0;
}

void visible_release(struct visible *v)
{
    json_decref(v->seen);
    json_decref(v->noted);
    v->seen = v->noted = NULL;
}

void visible_reset(struct visible *v)
{
    json_array_clear(v->noted);
    json_object_clear(v->seen);
    v->rc = 0;
}

int visible_check(struct visible *v, const char *kind, const char *id, int note, int *shown)
{
    const struct kind *k = model_kind_find(kind);
    char key[300];
    json_t *known, *record = NULL;
    int rc, audited;

    *shown = 0;
    /* ids are at most 128 bytes: a longer one names nothing (and the key
     * is never cut short) */
    if (k == NULL || id == NULL || id[0] == '\0' || strlen(id) > 200)
        return 0;
    snprintf(key, sizeof key, "%s/%s", kind, id);
    if ((known = json_object_get(v->seen, key)) != NULL) {
        /* true: visible; an integer: visible and classified, noted (1) or not (0) */
        *shown = !json_is_false(known);
        if (json_is_integer(known) && note && json_integer_value(known) == 0) {
            json_array_append_new(v->noted, json_pack("[s,s]", kind, id));
            json_object_set_new(v->seen, key, json_integer(1)); /* frees known */
        }
        return 0;
    }
    rc = store_record_get(v->store, k, id, &record, &v->error);
    if (rc == 0)
        rc = access_can_read(v->access, v->store, k, record, &v->error);
    audited = rc == 0 && access_read_is_audited(record);
    json_decref(record);
    if (rc != 0 && rc != ERR_NOTFOUND)
        return rc;
    *shown = rc == 0;
    if (!*shown)
        json_object_set_new(v->seen, key, json_false());
    else if (!audited)
        json_object_set_new(v->seen, key, json_true());
    else {
        json_object_set_new(v->seen, key, json_integer(note ? 1 : 0));
        if (note)
            json_array_append_new(v->noted, json_pack("[s,s]", kind, id));
    }
    return 0;
}

static int filter_shown(void *ctx, const char *kind, const char *id)
{
    struct visible *v = ctx;
    int shown = 0, rc = visible_check(v, kind, id, 1, &shown);
    if (rc != 0 && v->rc == 0)
        v->rc = rc;
    return rc == 0 && shown;
}

struct report_filter visible_filter(struct visible *v)
{
    struct report_filter f = {filter_shown, v};
    return f;
}

int visible_audit(struct visible *v, struct store *to, struct audit_log *log, const char *actor,
                  const char *address, const char *detail, struct error *e)
{
    json_t *item;
    size_t i;
    int rc;
    json_array_foreach(v->noted, i, item)
    {
        struct audit_event ev = {actor,
                                 address,
                                 "read",
                                 json_string_value(json_array_get(item, 0)),
                                 json_string_value(json_array_get(item, 1)),
                                 detail};
        if ((rc = audit_append(log, to, &ev, e)) != 0)
            return rc;
    }
    return 0;
}
