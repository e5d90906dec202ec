/*
 * api_assess.c — POST /api/v1/assess: the vitaalbeoordeling of one process
 * (domain/assess.h) for the user who asks.
 *
 * Need-to-know: the process must be visible (else 404 naming "process"),
 * and so must the assessment whose estimates are used: the one named, or
 * else the latest the user can see (assess_latest with the user's read
 * check: a hidden assessment is treated as absent, as everywhere). With
 * "impacts" the request brings new estimates and needs no assessment. The
 * answer lists only visible processes and sectors among those the cascade
 * counted; the cascade count stays the computed estimate the decision used.
 *
 * Unless dry_run, the outcome is a NEW assessment (assess_run never
 * rewrites one), written with a hook that runs inside its write
 * transaction before the write: it authorises the create
 * (access_can_write: 403 when the user may not create it) and appends the
 * create entry and the reads of the classified records the answer names,
 * so a refusal writes nothing at all. A dry run that shows classified
 * records is run again inside the transaction that audits those reads.
 */
#include "http/api.h"

#include "domain/access.h"
#include "domain/assess.h"
#include "domain/visible.h"
#include "report/report_json.h"
#include "store/shared.h"

#include <stdio.h>
#include <string.h>

/* A failure of visible_check, with its message, as the request's. */
static int from_visible(struct request *req, struct visible *v, int rc)
{
    req->error = v->error;
    return rc;
}

/* Whether body has key with a value other than null. */
static int present(json_t *body, const char *key)
{
    json_t *v = json_object_get(body, key);
    return v != NULL && !json_is_null(v);
}

/* A string member of body, or NULL when absent or null. */
static int optional_text(struct request *req, json_t *body, const char *key, const char **out)
{
    json_t *v = json_object_get(body, key);
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return error_set(&req->error, ERR_INVALID, key, "text, or null");
    *out = json_string_value(v);
    return 0;
}

struct assess_call {
    struct request *req;
    struct visible *v;
    struct assess_result *r;
};

/* assess_latest's visibility test: the user's read check. */
static int user_may_read(void *ctx, const json_t *record, struct error *e)
{
    struct request *req = ctx;
    return access_can_read(req->auth.access, req->store, model_kind(KIND_ASSESSMENT), record, e);
}

/* Resolves o->assessment to an assessment of o->process the user may see
 * (nothing to resolve for new estimates). */
static int choose_assessment(struct request *req, struct visible *v, struct assess_options *o)
{
    const struct kind *k = model_kind(KIND_ASSESSMENT);
    const char *of;
    json_t *a = NULL;
    int rc, shown;

    if (o->impacts != NULL) {
        o->assessment = NULL;
        return 0;
    }
    if (o->assessment) {
        if ((rc = visible_check(v, KIND_ASSESSMENT, o->assessment, 0, &shown)) != 0)
            return from_visible(req, v, rc);
        if (!shown)
            return error_set(&req->error, ERR_NOTFOUND, "assessment", "no assessment '%s'",
                             o->assessment);
        if ((rc = store_record_get(req->store, k, o->assessment, &a, &req->error)) != 0)
            return rc;
        of = json_string_value(json_object_get(a, "process"));
        rc = of && strcmp(of, o->process) == 0
                 ? 0
                 : error_set(&req->error, ERR_INVALID, "assessment",
                             "assessment %s is of process %s, not %s", o->assessment, of ? of : "?",
                             o->process);
        json_decref(a);
        return rc;
    }
    if ((rc = assess_latest(req->store, o->process, user_may_read, req, &a, &req->error)) != 0)
        return rc;
    if (a == NULL)
        return error_set(&req->error, ERR_NOTFOUND, "assessment",
                         "process %s has no assessment: create one with its impact estimates",
                         o->process);
    o->assessment = arena_strdup(&req->arena, json_string_value(json_object_get(a, "id")));
    json_decref(a);
    return o->assessment
               ? 0
               : error_set(&req->error, ERR_TOO_LARGE, NULL, "over the request's memory limit");
}

/* Notes the classified records the answer names (the process, with
 * assessment the assessment, and the visible processes of the cascade). */
static int note_reads(struct visible *v, const struct assess_result *r)
{
    size_t i;
    int rc, shown;
    if ((rc = visible_check(v, KIND_PROCESS, r->process, 1, &shown)) != 0 ||
        (r->assessment[0] &&
         (rc = visible_check(v, KIND_ASSESSMENT, r->assessment, 1, &shown)) != 0))
        return rc;
    for (i = 0; i < r->n_cascade_ids; i++) {
        if ((rc = visible_check(v, KIND_PROCESS, r->cascade_ids[i], 1, &shown)) != 0)
            return rc;
    }
    return 0;
}

/* The hook inside assess_run's write transaction, right after the write
 * of the new assessment (an unauthorised one rolls back with it). */
static int after_write(void *ctx, struct store *s, const struct import_item *item,
                       const struct store_write *w, struct error *e)
{
    struct assess_call *c = ctx;
    struct request *req = c->req;
    const char *id = json_string_value(json_object_get(item->record, "id"));
    int rc;

    (void)w; /* assess_run only ever creates: version 1 */
    if ((rc = access_can_write(req->auth.access, s, item->kind, NULL, item->record, e)) != 0)
        return rc;
    if ((rc = note_reads(c->v, c->r)) != 0) {
        *e = c->v->error;
        return rc;
    }
    if ((rc = visible_audit(c->v, req->store, &req->state->audit, req->auth.user->id, req->address,
                            "assess", e)) != 0)
        return rc;
    return request_audit(req, "create", item->kind, id, "assess, version 1");
}

static int render(struct request *req, struct visible *v, const struct assess_result *r)
{
    struct report_filter f = report_filter_visible(v);
    struct json_writer w;
    int rc;
    request_json_begin(req, 200, &w);
    assess_write_json(&w, r, &f);
    if (v->rc != 0) {
        req->error = v->error;
        return v->rc;
    }
    rc = request_json_end_checked(req, &w, "AssessResult");
    return rc;
}

/* A dry run: decides and answers; when the answer names classified
 * records, decides again in the transaction that audits their reads. */
static int dry_run(struct request *req, struct visible *v, const struct assess_options *o,
                   struct assess_result *r)
{
    int rc, shown;
    if ((rc = assess_run(req->store, o, r, &req->error)) != 0)
        return rc;
    if ((rc = note_reads(v, r)) != 0)
        return from_visible(req, v, rc);
    if (json_array_size(v->noted) > 0) {
        assess_result_release(r);
        visible_reset(v);
        if ((rc = store_begin_read(req->store, &req->error)) != 0)
            return rc;
        /* both may have changed since: answered as absent when hidden now */
        if ((rc = visible_check(v, KIND_PROCESS, o->process, 0, &shown)) != 0)
            return from_visible(req, v, rc);
        if (!shown)
            return error_set(&req->error, ERR_NOTFOUND, "process", "no process '%s'", o->process);
        if (o->assessment &&
            (rc = visible_check(v, KIND_ASSESSMENT, o->assessment, 0, &shown)) != 0)
            return from_visible(req, v, rc);
        if (o->assessment && !shown)
            return error_set(&req->error, ERR_NOTFOUND, "assessment", "no assessment '%s'",
                             o->assessment);
        if ((rc = assess_run(req->store, o, r, &req->error)) != 0)
            return rc;
        if ((rc = note_reads(v, r)) != 0)
            return from_visible(req, v, rc);
        if ((rc = visible_audit(v, req->store, &req->state->audit, req->auth.user->id, req->address,
                                "assess (dry run)", &req->error)) != 0 ||
            (rc = store_commit(req->store, &req->error)) != 0)
            return rc;
    }
    return render(req, v, r);
}

int api_assess(struct request *req)
{
    static const char *const keys[] = {"process",        "assessment", "outage_h", "dry_run",
                                       "impacts",        "rationale",  "assessor", "id",
                                       "classification", NULL};
    struct assess_options o = {.outage_h = -1};
    struct assess_result r;
    struct visible v;
    struct assess_call call;
    struct import_hook hook;
    json_t *body, *x;
    int rc, shown = 0;

    memset(&r, 0, sizeof r);
    if ((rc = request_body_json(req, &body)) != 0 || (rc = api_body_keys(req, body, keys)) != 0)
        return rc;
    /* absent: the setting assess_outage_h */
    if (present(body, "outage_h") &&
        (rc = api_body_int(req, body, "outage_h", 0, 0, INT32_MAX, &o.outage_h)) != 0)
        return rc;
    if (!json_is_string(x = json_object_get(body, "process")))
        return error_set(&req->error, ERR_INVALID, "process", "required: the process's id");
    o.process = json_string_value(x);
    x = json_object_get(body, "assessment");
    if (x != NULL && !json_is_null(x) && !json_is_string(x))
        return error_set(&req->error, ERR_INVALID, "assessment", "an assessment's id, or null");
    o.assessment = json_string_value(x);
    x = json_object_get(body, "dry_run");
    if (x != NULL && !json_is_boolean(x))
        return error_set(&req->error, ERR_INVALID, "dry_run", "true or false");
    o.dry_run = json_is_true(x);
    if ((rc = optional_text(req, body, "rationale", &o.rationale)) != 0 ||
        (rc = optional_text(req, body, "assessor", &o.assessor)) != 0 ||
        (rc = optional_text(req, body, "id", &o.id)) != 0 ||
        (rc = optional_text(req, body, "classification", &o.classification)) != 0)
        return rc;
    if (o.id != NULL && !access_is_coordinator(req->auth.access)) /* as api_records.c */
        return error_set_msg(&req->error, ERR_INVALID, "id", "id_by_server",
                             "the server makes the id of a new {kind}; leave \"id\" out", "kind",
                             "assessment", NULL);
    if (o.assessor == NULL)
        o.assessor = req->auth.user->id;
    x = json_object_get(body, "impacts");
    if (x != NULL && !json_is_null(x) && !json_is_object(x))
        return error_set(&req->error, ERR_INVALID, "impacts",
                         "an object of estimates per vitaal criterion, or null");
    o.impacts = json_is_object(x) ? x : NULL;

    visible_init(&v, req->store, req->auth.access);
    if ((rc = visible_check(&v, KIND_PROCESS, o.process, 0, &shown)) != 0) {
        req->error = v.error;
        goto cleanup;
    }
    if (!shown) {
        rc = error_set(&req->error, ERR_NOTFOUND, "process", "no process '%s'", o.process);
        goto cleanup;
    }
    if ((rc = choose_assessment(req, &v, &o)) != 0)
        goto cleanup;
    if (o.dry_run) {
        rc = dry_run(req, &v, &o, &r);
        goto cleanup;
    }
    call.req = req;
    call.v = &v;
    call.r = &r;
    hook.after_write = after_write;
    hook.ctx = &call;
    o.hook = &hook;
    o.change = request_change(req);
    if ((rc = assess_run(req->store, &o, &r, &req->error)) != 0)
        goto cleanup;
    /* assess_run committed: every thread's cache must drop what it holds */
    atomic_fetch_add(&req->state->generation, 1);
    store_notice_send(req->store, &req->error); /* and every other server's */
    rc = render(req, &v, &r);
cleanup:
    assess_result_release(&r);
    visible_release(&v);
    return rc;
}
