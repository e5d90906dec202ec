/*
 * api_records.c — the record endpoints for every kind K of store/model.h:
 * GET /api/v1/K (filters, paging), GET /api/v1/K/ID, POST /api/v1/K,
 * PUT /api/v1/K/ID, DELETE /api/v1/K/ID.
 *
 * Need-to-know is asked of domain/access.h for every record: lists filter
 * silently (total counts visible records only), a hidden record answers 404
 * like an absent one, a write outside scope 403. A write runs, in one
 * immediate transaction: validate (shape, then references, which must name
 * records the user can see) -> authorise -> version check -> write + audit
 * entry -> commit. Any error rolls the whole transaction back. Reads of
 * confidential or secret records are audited in a transaction that reads
 * them again, so the answer is exactly what was logged. A new record's id
 * is made by the server (domain/record_id.h); only a coordinator may send
 * one.
 */
#include "http/api.h"

#include "base/timefmt.h"
#include "domain/access.h"
#include "domain/sharing.h"
#include "domain/approval.h"
#include "domain/compliance.h"
#include "domain/contribution.h"
#include "domain/request.h"
#include "domain/export.h"
#include "domain/history.h"
#include "domain/record_id.h"
#include "domain/toetsing.h"
#include "domain/validate.h"
#include "domain/visible.h"
#include "http/cache.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_MAX_FILTERS 16
#define READ_ATTEMPTS    3

static int not_found(struct request *req)
{
    return error_set(&req->error, ERR_NOTFOUND, req->id, "no %s with this id", req->kind->singular);
}

/* A measure is answered with its follow-up (overdue, adjustment_due,
 * follow_up), derived as of today and never stored; every other record as
 * stored. */
static int measures_derive(const struct request *req)
{
    return req->kind->id == KIND_MEASURE;
}

/* Masks (or, for a write, puts back: unmask) the references of record to
 * records the user may not see (domain/visible.h), through v (NULL: one of
 * its own, for this record). */
static int mask_references(struct request *req, struct visible *v, const json_t *old,
                           json_t *record, int unmask)
{
    struct visible own;
    int rc = 0;
    if (v == NULL) {
        visible_init(&own, req->store, req->auth.access);
        v = &own;
    }
    rc = unmask ? visible_unmask(v, req->kind, old, record) : visible_mask(v, req->kind, record);
    if (rc != 0 && v->error.code != 0)
        req->error = v->error;
    if (v == &own)
        visible_release(&own);
    return rc;
}

/* Writes record as answered: its references masked (through v, shared by
 * the records of a list; NULL for one record), a measure with its
 * follow-up (f: read already, for a list; NULL: read here), a request as
 * its reader may see it. */
static int write_answer_record(struct request *req, struct visible *v, struct json_writer *w,
                               const json_t *record, const struct toetsing_follow_up *f)
{
    json_t *masked = json_deep_copy(record);
    int rc;
    /* a reference to a record the user may not see is not answered */
    if ((rc = mask_references(req, v, NULL, masked, 0)) != 0)
        goto cleanup;
    if (measures_derive(req) && f) {
        toetsing_write_measure_with(w, masked, f);
        goto cleanup;
    }
    if (measures_derive(req)) {
        rc = toetsing_write_measure(w, req->store, masked, timefmt_today(), &req->error);
        goto cleanup;
    }
    if (req->kind->id == KIND_REQUEST) /* a provider sees itself as recipient only */
        request_mask(req->auth.access, req->kind, masked);
    export_write_record(w, req->kind, masked);
cleanup:
    json_decref(masked);
    return rc;
}

/* --- lists ---------------------------------------------------------------- */

struct list_page {
    struct request *req;
    size_t offset, limit;
    size_t total; /* visible records matching the filters */
    json_t **items;
    size_t n;
    int audited; /* some item on the page is confidential or secret */
};

static int list_one(void *ctx, json_t *record)
{
    struct list_page *p = ctx;
    struct request *req = p->req;
    int rc = access_can_read(req->auth.access, req->store, req->kind, record, &req->error);
    if (rc == ERR_NOTFOUND)
        return 0;
    if (rc != 0)
        return rc;
    if (p->total >= p->offset && p->n < p->limit) {
        p->items[p->n++] = request_keep(req, json_incref(record));
        p->audited |= access_read_is_audited(record);
    }
    p->total++;
    return 0;
}

static int parse_filters(struct request *req, struct store_filter *filters, size_t *n)
{
    size_t i;
    *n = 0;
    for (i = 0; i < req->n_query; i++) {
        const char *key = req->query[i].key, *value = req->query[i].value;
        const struct field *f;
        if (strcmp(key, "limit") == 0 || strcmp(key, "offset") == 0)
            continue;
        if ((f = model_field_find(req->kind, key)) == NULL)
            return error_set(&req->error, ERR_INVALID, key,
                             "%s have no such field (filters are FIELD=VALUE; also limit, offset)",
                             req->kind->name);
        if (f->type == FIELD_ENUM && model_value_index(f->values, value) < 0)
            return error_set(&req->error, ERR_INVALID, key, "'%s' is not a value of this field",
                             value);
        if (f->type == FIELD_BOOL && strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
            return error_set(&req->error, ERR_INVALID, key, "true or false");
        if (*n == LIST_MAX_FILTERS)
            return error_set(&req->error, ERR_INVALID, key, "at most %d filters", LIST_MAX_FILTERS);
        filters[*n].field = f;
        filters[*n].value = value;
        (*n)++;
    }
    return 0;
}

static int list_collect(struct request *req, const struct store_filter *filters, size_t n_filters,
                        struct list_page *p)
{
    p->total = 0;
    p->n = 0;
    p->audited = 0;
    return store_record_each(req->store, req->kind, filters, n_filters, 0, 0, list_one, p,
                             &req->error);
}

int api_records_list(struct request *req)
{
    struct store_filter filters[LIST_MAX_FILTERS];
    struct list_page page = {0};
    struct strbuf read_ids = STRBUF_INIT;
    struct json_writer w;
    struct visible refs; /* masks the references of every record of the page */
    struct toetsing_follow_up *follow_ups = NULL; /* of a page of measures */
    const char *cache_key = NULL;
    uint64_t gen = atomic_load(&req->state->generation);
    int64_t now_ms = http_cache_now_ms();
    int64_t limit, offset;
    size_t n_filters = 0, i;
    int rc;

    if ((rc = request_query_int(req, "limit", HTTP_LIST_LIMIT_DEFAULT, 1, HTTP_LIST_LIMIT_MAX,
                                &limit)) != 0 ||
        (rc = request_query_int(req, "offset", 0, 0, INT32_MAX, &offset)) != 0 ||
        (rc = parse_filters(req, filters, &n_filters)) != 0)
        return rc;
    if (req->cache) {
        /* a page this user read a moment ago, with no write since */
        const char *body;
        size_t len;
        struct strbuf key = STRBUF_INIT;
        strbuf_printf(&key, "%s\n%s", req->auth.user->id, req->path);
        for (i = 0; i < req->n_query; i++) /* length-prefixed: no two queries alike */
            strbuf_printf(&key, "\n%zu:%s=%zu:%s", strlen(req->query[i].key), req->query[i].key,
                          strlen(req->query[i].value), req->query[i].value);
        cache_key = arena_strdup(&req->arena, strbuf_str(&key));
        strbuf_release(&key);
        if (cache_key && http_cache_page_get(req->cache, cache_key, gen, now_ms, &body, &len)) {
            strbuf_reset(&req->response.body);
            strbuf_append(&req->response.body, body, len);
            req->response.status = 200;
            return 0;
        }
    }
    page.req = req;
    page.offset = (size_t)offset;
    page.limit = (size_t)limit;
    page.items = arena_alloc(&req->arena, (size_t)limit * sizeof *page.items);
    if (page.items == NULL)
        return error_set(&req->error, ERR_TOO_LARGE, NULL, "over the request's memory limit");
    if ((rc = list_collect(req, filters, n_filters, &page)) != 0)
        return rc;
    if (page.audited) {
        /* read again inside the transaction that records the reads */
        if ((rc = store_begin_read(req->store, &req->error)) != 0 ||
            (rc = list_collect(req, filters, n_filters, &page)) != 0)
            return rc;
        /* one entry for the page, naming every classified record on it */
        strbuf_puts(&read_ids, "list:");
        for (i = 0; i < page.n; i++) {
            if (access_read_is_audited(page.items[i])) {
                strbuf_putc(&read_ids, ' ');
                strbuf_puts(&read_ids, json_string_value(json_object_get(page.items[i], "id")));
            }
        }
        rc = request_audit(req, "read", req->kind, NULL, strbuf_str(&read_ids));
        strbuf_release(&read_ids);
        if (rc != 0 || (rc = store_commit(req->store, &req->error)) != 0)
            return rc;
    }
    visible_init(&refs, req->store, req->auth.access);
    /* what the page's references name, and a page of measures' reviews,
     * read at once, not one by one */
    if (measures_derive(req) && page.n > 0) {
        follow_ups = arena_alloc(&req->arena, page.n * sizeof *follow_ups);
        if (follow_ups == NULL)
            rc = error_set(&req->error, ERR_TOO_LARGE, NULL, "over the request's memory limit");
        else
            rc = toetsing_follow_up_get_many(req->store, (const json_t *const *)page.items, page.n,
                                             timefmt_today(), follow_ups, &req->error);
    }
    if (rc != 0 ||
        (rc = visible_read_refs(&refs, req->kind, page.items, page.n, &req->error)) != 0) {
        visible_release(&refs);
        return rc;
    }
    request_json_begin(req, 200, &w);
    json_write_object_begin(&w);
    json_write_key(&w, "items");
    json_write_array_begin(&w);
    for (i = 0; i < page.n; i++) {
        if ((rc = write_answer_record(req, &refs, &w, page.items[i],
                                      follow_ups ? &follow_ups[i] : NULL)) != 0) {
            json_writer_finish(&w);
            visible_release(&refs);
            return rc;
        }
    }
    visible_release(&refs);
    json_write_array_end(&w);
    json_write_key(&w, "total");
    json_write_int(&w, (int64_t)page.total);
    json_write_key(&w, "limit");
    json_write_int(&w, limit);
    json_write_key(&w, "offset");
    json_write_int(&w, offset);
    json_write_object_end(&w);
    if ((rc = request_json_end(req, &w)) != 0)
        return rc;
    if (cache_key && !page.audited) /* audited reads are never served from memory */
        http_cache_page_put(req->cache, cache_key, gen, now_ms, req->response.body.data,
                            req->response.body.len);
    return 0;
}

/* --- one record ------------------------------------------------------------- */

int api_render_record(struct request *req, int status, const json_t *record, int64_t version)
{
    struct json_writer w;
    char v[24];
    int rc;
    request_json_begin(req, status, &w);
    if ((rc = write_answer_record(req, NULL, &w, record, NULL)) != 0) {
        json_writer_finish(&w);
        return rc;
    }
    if ((rc = request_json_end(req, &w)) != 0)
        return 0; /* already rendered as an error */
    snprintf(v, sizeof v, "%" PRId64, version);
    request_json_append_raw(req, "version", v);
    return 0;
}

/* The record and its version as of one moment: without a transaction the
 * version is read before and after, and the read repeated if they differ. */
static int read_consistent(struct request *req, json_t **record, int64_t *version)
{
    int64_t before = 0, after = 0;
    int attempt, rc = 0;
    *record = NULL;
    for (attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
        json_decref(*record);
        *record = NULL;
        if ((rc = store_record_version(req->store, req->kind, req->id, &before, &req->error)) !=
                0 ||
            (rc = store_record_get(req->store, req->kind, req->id, record, &req->error)) != 0 ||
            (rc = store_record_version(req->store, req->kind, req->id, &after, &req->error)) != 0)
            break;
        if (before == after)
            break;
    }
    if (rc != 0) {
        json_decref(*record);
        *record = NULL;
        return rc == ERR_NOTFOUND ? not_found(req) : rc;
    }
    request_keep(req, *record);
    *version = after;
    return 0;
}

int api_records_get(struct request *req)
{
    json_t *record = NULL;
    int64_t version = 0;
    int rc;

    if (req->kind->id == KIND_REQUEST) /* with its recipients and answers */
        return api_request_get(req);
    if ((rc = read_consistent(req, &record, &version)) != 0)
        return rc;
    rc = access_can_read(req->auth.access, req->store, req->kind, record, &req->error);
    if (rc == ERR_NOTFOUND)
        return not_found(req);
    if (rc != 0)
        return rc;
    if (access_read_is_audited(record)) {
        /* the read that is answered is the one the audit entry records */
        json_t *again = NULL;
        if ((rc = store_begin_read(req->store, &req->error)) != 0)
            return rc;
        rc = store_record_get(req->store, req->kind, req->id, &again, &req->error);
        if (rc == 0) {
            record = request_keep(req, again);
            rc = store_record_version(req->store, req->kind, req->id, &version, &req->error);
        }
        if (rc == 0)
            rc = access_can_read(req->auth.access, req->store, req->kind, record, &req->error);
        if (rc != 0)
            return rc == ERR_NOTFOUND ? not_found(req) : rc;
        if ((rc = request_audit(req, "read", req->kind, req->id, NULL)) != 0 ||
            (rc = store_commit(req->store, &req->error)) != 0)
            return rc;
    }
    return api_render_record(req, 200, record, version);
}

/* --- writes ----------------------------------------------------------------- */

/* Whether old (may be NULL) already refers to id through field f. */
static int old_refers(const json_t *old, const struct field *f, const char *id)
{
    json_t *v = old ? json_object_get(old, f->name) : NULL, *item;
    size_t i;
    if (json_is_string(v))
        return strcmp(json_string_value(v), id) == 0;
    if (json_is_array(v)) {
        json_array_foreach(v, i, item)
        {
            if (json_is_string(item) && strcmp(json_string_value(item), id) == 0)
                return 1;
        }
    }
    return json_is_object(v) && json_object_get(v, id) != NULL;
}

/* 0 when kind target has a record id the user may see, else ERR_INVALID at
 * where. A reference the stored version already holds needs only to exist:
 * a user may keep a reference it cannot follow. */
static int check_reference(struct request *req, const struct field *f, const json_t *old,
                           const char *id, const char *where)
{
    const struct kind *target = model_kind_find(f->ref_kind);
    json_t *record = NULL;
    struct error e = {0};
    int rc = store_record_get(req->store, target, id, &record, &e);
    if (rc == 0 && !old_refers(old, f, id))
        rc = access_may_refer(req->auth.access, req->store, req->kind, f, record, &e);
    json_decref(record);
    if (rc == ERR_NOTFOUND)
        return error_set_msg(&req->error, ERR_INVALID, where, "unknown_ref",
                             "unknown {kind} '{id}'", "kind", target->singular, "id", id, NULL);
    if (rc != 0)
        req->error = e;
    return rc;
}

/* A dependency's fallback option is one of its own process's (its
 * existence and visibility were checked with the references). */
static int check_fallback_process(struct request *req, const json_t *record)
{
    const char *fallback = json_string_value(json_object_get(record, "fallback"));
    json_t *option = NULL;
    int rc;
    if (req->kind->id != KIND_DEPENDENCY || fallback == NULL)
        return 0;
    if ((rc = store_record_get(req->store, model_kind(KIND_FALLBACK_OPTION), fallback, &option,
                               &req->error)) != 0)
        return rc;
    rc = validate_fallback_process(
        req->kind, record, json_string_value(json_object_get(option, "process")), "$", &req->error);
    json_decref(option);
    return rc;
}

/* Every reference of record names a record that exists and that the user
 * may see (a hidden record is answered as unknown, as everywhere). */
static int check_references(struct request *req, const json_t *old, const json_t *record)
{
    const struct kind *k = req->kind;
    char where[ERROR_WHERE_MAX];
    size_t i, j;
    int rc;
    for (i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        json_t *v = json_object_get(record, f->name), *item;
        const char *key;
        if (v == NULL || json_is_null(v) || f->ref_kind == NULL)
            continue;
        if (f->type == FIELD_REF) {
            snprintf(where, sizeof where, "%s", f->name);
            if ((rc = check_reference(req, f, old, json_string_value(v), where)) != 0)
                return rc;
        } else if (f->type == FIELD_REF_LIST) {
            json_array_foreach(v, j, item)
            {
                snprintf(where, sizeof where, "%s[%zu]", f->name, j);
                if ((rc = check_reference(req, f, old, json_string_value(item), where)) != 0)
                    return rc;
            }
        } else if (f->type == FIELD_MAP) {
            json_object_foreach(v, key, item)
            {
                snprintf(where, sizeof where, "%s.%s", f->name, key);
                if ((rc = check_reference(req, f, old, key, where)) != 0)
                    return rc;
            }
        }
    }
    return sharing_check_people(req->store, record, "$", &req->error);
}

/* The body as a record of req->kind: an object; its "version" taken out
 * into *version (-1 when absent). */
static int read_body_record(struct request *req, json_t **out, int64_t *version)
{
    json_t *body, *v;
    int rc;
    *version = -1;
    if ((rc = request_body_json(req, &body)) != 0)
        return rc;
    if (!json_is_object(body))
        return error_set(&req->error, ERR_INVALID, NULL, "the body is one %s as a JSON object",
                         req->kind->singular);
    if ((v = json_object_get(body, "version")) != NULL) {
        if (!json_is_integer(v) || json_integer_value(v) < 1)
            return error_set(&req->error, ERR_INVALID, "version",
                             "must be the whole number the record was read with");
        *version = json_integer_value(v);
        json_object_del(body, "version");
    }
    /* what the server derives is read-only: a measure read and sent back as
     * it came is not refused for its follow-up keys, and they are not stored */
    if (measures_derive(req))
        toetsing_follow_up_strip(body);
    *out = body;
    return 0;
}

/* Validates the shape, checks references, authorises: the part of a write
 * before anything changes. Call inside the write transaction. */
static int validate_and_authorise(struct request *req, const json_t *old, json_t *record)
{
    int rc;
    if (req->kind->id == KIND_REQUEST &&
        (rc = request_may_write(req->auth.access, &req->error)) != 0)
        return rc;
    /* the references the user was not shown stay as they are */
    if (old && (rc = mask_references(req, NULL, old, record, 1)) != 0)
        return rc;
    approval_prepare_write(req->kind, old, record);
    contribution_prepare_write(req->kind, old, record, req->auth.user->id);
    compliance_prepare_write(req->kind, old, record, req->auth.user->id);
    if ((rc = request_prepare_write(req->store, req->kind, old, record, req->auth.user->id,
                                    &req->error)) != 0 ||
        (rc = validate_record(req->kind, record, "$", &req->error)) != 0 ||
        (rc = approval_check_write(req->kind, old, record, access_is_coordinator(req->auth.access),
                                   &req->error)) != 0 ||
        (rc = check_references(req, old, record)) != 0 ||
        (rc = check_fallback_process(req, record)) != 0 ||
        (rc = access_can_write(req->auth.access, req->store, req->kind, old, record,
                               &req->error)) != 0)
        return rc;
    if ((rc = contribution_check_write(req->store, req->kind, old, record, &req->error)) != 0)
        return rc;
    if ((rc = compliance_check_write(req->store, req->kind, old, record, &req->error)) != 0)
        return rc;
    return req->kind->id == KIND_REQUEST /* contributions: asked above */
               ? request_check_write(req->store, req->kind, old, record, &req->error)
               : 0;
}

/* Writes record, appends the audit entry and reads back the stored form
 * and version, all in the open transaction, then commits. */
static int write_and_commit(struct request *req, json_t *record, const char *action,
                            json_t **stored, int64_t *version)
{
    const char *id = json_string_value(json_object_get(record, "id"));
    struct store_write w;
    char detail[80];
    int rc;
    if ((rc = store_record_put(req->store, req->kind, record, request_change(req), &w,
                               &req->error)) != 0)
        return rc;
    *version = w.version;
    /* a coordinator's import of a record that was final before vitaal */
    audit_version_detail(
        detail, sizeof detail, w.version,
        w.inserted && approval_is_approvable(req->kind) &&
                json_is_string(json_object_get(record, "status")) &&
                strcmp(json_string_value(json_object_get(record, "status")), "final") == 0
            ? "final before vitaal"
            : NULL);
    if ((w.changed && (rc = request_audit(req, action, req->kind, id, detail)) != 0) ||
        (rc = store_record_get(req->store, req->kind, id, stored, &req->error)) != 0)
        return rc;
    request_keep(req, *stored);
    return request_commit(req);
}

int api_records_create(struct request *req)
{
    json_t *record = NULL, *stored = NULL;
    const char *id;
    int64_t version;
    int exists = 0, rc;

    if ((rc = read_body_record(req, &record, &version)) != 0)
        return rc;
    if (version != -1)
        return error_set(&req->error, ERR_INVALID, "version",
                         "a new record has no version; leave it out");
    /* only the coordinator (and imports) choose ids: anyone else is never
     * told that an id is taken by a record it may not see */
    if (json_object_get(record, "id") != NULL && !access_is_coordinator(req->auth.access))
        return error_set_msg(&req->error, ERR_INVALID, "id", "id_by_server",
                             "the server makes the id of a new {kind}; leave \"id\" out", "kind",
                             req->kind->singular, NULL);
    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    /* without an id the server makes one (domain/record_id.h); a request
     * is numbered REQ-<year>-<nnn> by domain/request.c */
    if (json_object_get(record, "id") == NULL && req->kind->id != KIND_REQUEST &&
        (rc = record_id_make(req->store, req->kind, record,
                             !access_is_coordinator(req->auth.access), &req->error)) != 0)
        return rc;
    if ((rc = validate_and_authorise(req, NULL, record)) != 0)
        return rc;
    id = json_string_value(json_object_get(record, "id"));
    if ((rc = store_record_exists(req->store, req->kind, id, &exists, &req->error)) != 0)
        return rc;
    if (exists)
        return error_set_msg(&req->error, ERR_CONFLICT, "id", "id_taken", "the id '{id}' is taken",
                             "id", id, NULL);
    if ((rc = write_and_commit(req, record, "create", &stored, &version)) != 0)
        return rc;
    req->response.location = arena_printf(&req->arena, "/api/v1/%s/%s", req->kind->name, id);
    return api_render_record(req, 201, stored, version);
}

int api_records_replace(struct request *req)
{
    json_t *record = NULL, *old = NULL, *stored = NULL, *id;
    int64_t sent, version = 0;
    int rc;

    if ((rc = read_body_record(req, &record, &sent)) != 0)
        return rc;
    if (sent == -1)
        return error_set(&req->error, ERR_INVALID, "version",
                         "required: the version the record had when you read it");
    id = json_object_get(record, "id");
    if (id == NULL)
        json_object_set_new(record, "id", json_string(req->id));
    else if (!json_is_string(id) || strcmp(json_string_value(id), req->id) != 0)
        return error_set(&req->error, ERR_INVALID, "id", "must be the id in the URL, '%s'",
                         req->id);
    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    rc = store_record_get(req->store, req->kind, req->id, &old, &req->error);
    if (rc == ERR_NOTFOUND)
        return not_found(req);
    if (rc != 0)
        return rc;
    request_keep(req, old);
    rc = access_can_read(req->auth.access, req->store, req->kind, old, &req->error);
    if (rc == ERR_NOTFOUND)
        return not_found(req);
    if (rc != 0 || (rc = validate_and_authorise(req, old, record)) != 0 ||
        (rc = store_record_version(req->store, req->kind, req->id, &version, &req->error)) != 0)
        return rc;
    if (version != sent)
        return error_set(&req->error, ERR_CONFLICT, "version",
                         "someone else changed this %s since you read it (it is at version "
                         "%" PRId64 ", you sent %" PRId64 "); read it again and redo your change",
                         req->kind->singular, version, sent);
    if ((rc = write_and_commit(req, record, "update", &stored, &version)) != 0)
        return rc;
    return api_render_record(req, 200, stored, version);
}

int api_records_delete(struct request *req)
{
    json_t *old = NULL;
    char detail[48];
    int64_t sent, version = 0;
    int rc;

    if ((rc = request_query_int(req, "version", -1, 1, INT64_MAX, &sent)) != 0)
        return rc;
    if (req->n_query > (request_query(req, "version") ? 1u : 0u))
        return error_set(&req->error, ERR_INVALID, req->query[0].key,
                         "unknown parameter (only version)");
    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    rc = store_record_get(req->store, req->kind, req->id, &old, &req->error);
    if (rc == ERR_NOTFOUND)
        return not_found(req);
    if (rc != 0)
        return rc;
    request_keep(req, old);
    rc = access_can_write(req->auth.access, req->store, req->kind, old, NULL, &req->error);
    if (rc == ERR_NOTFOUND)
        return not_found(req);
    if (rc != 0 ||
        (rc = contribution_check_write(req->store, req->kind, old, NULL, &req->error)) != 0 ||
        (req->kind->id == KIND_REQUEST &&
         (rc = request_check_write(req->store, req->kind, old, NULL, &req->error)) != 0) ||
        (rc = store_record_version(req->store, req->kind, req->id, &version, &req->error)) != 0)
        return rc;
    if (sent != -1 && sent != version)
        return error_set(&req->error, ERR_CONFLICT, "version",
                         "someone else changed this %s since you read it (version %" PRId64 ")",
                         req->kind->singular, version);
    if ((rc = store_record_delete(req->store, req->kind, req->id, request_change(req), &version,
                                  &req->error)) != 0)
        return rc;
    audit_version_detail(detail, sizeof detail, version, NULL);
    if ((rc = request_audit(req, "delete", req->kind, req->id, detail)) != 0)
        return rc;
    if ((rc = request_commit(req)) != 0) {
        if (rc == ERR_CONFLICT)
            error_set_msg(&req->error, ERR_CONFLICT, req->id, "in_use",
                          "other records still refer to this {kind}; change or delete them first",
                          "kind", req->kind->singular, NULL);
        return rc;
    }
    req->response.status = 204;
    strbuf_reset(&req->response.body);
    return 0;
}

/* --- history ---------------------------------------------------------------- */

int api_records_history(struct request *req)
{
    struct history_doc d = {0};
    int rc;

    if (req->n_query > 0)
        return error_set(&req->error, ERR_INVALID, req->query[0].key, "unknown parameter");
    if ((rc = history_read(req->store, req->auth.access, req->kind, req->id, &d, &req->error)) != 0)
        goto cleanup;
    if (d.classified) {
        /* the history answered is the one the audit entry records */
        history_doc_release(&d);
        if ((rc = store_begin_read(req->store, &req->error)) != 0 ||
            (rc = history_read(req->store, req->auth.access, req->kind, req->id, &d,
                               &req->error)) != 0 ||
            (rc = request_audit(req, "read", req->kind, req->id, "history")) != 0 ||
            (rc = request_commit(req)) != 0)
            goto cleanup;
    }
    rc = request_json_value(req, 200, d.doc);
cleanup:
    history_doc_release(&d);
    return rc;
}

int api_records_restore(struct request *req)
{
    static const char *const keys[] = {"version", NULL};
    json_t *body, *v, *stored = NULL;
    int64_t version, made = 0;
    char detail[80];
    int rc;

    if (!access_is_coordinator(req->auth.access))
        return error_set(&req->error, ERR_FORBIDDEN, NULL,
                         "only a coordinator brings back an earlier version");
    if ((rc = request_body_json(req, &body)) != 0 || (rc = api_body_keys(req, body, keys)) != 0)
        return rc;
    v = json_object_get(body, "version");
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        return error_set(&req->error, ERR_INVALID, "version",
                         "required: the number of the version to bring back");
    version = json_integer_value(v);
    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    rc = history_restore(req->store, req->kind, req->id, version, request_change(req), &made,
                         &req->error);
    if (rc == ERR_NOTFOUND)
        return error_set(&req->error, ERR_NOTFOUND, "version", "%s '%s' has no version %" PRId64,
                         req->kind->singular, req->id, version);
    if (rc != 0)
        return rc;
    snprintf(detail, sizeof detail, "version %" PRId64 "; from version %" PRId64, made, version);
    if ((rc = request_audit(req, "restore", req->kind, req->id, detail)) != 0 ||
        (rc = store_record_get(req->store, req->kind, req->id, &stored, &req->error)) != 0)
        return rc;
    request_keep(req, stored);
    if ((rc = request_commit(req)) != 0) {
        if (rc == ERR_CONFLICT)
            error_set(&req->error, ERR_CONFLICT, "version",
                      "version %" PRId64 " refers to records that are gone; bring those back "
                      "first",
                      version);
        return rc;
    }
    return api_render_record(req, 200, stored, made);
}
