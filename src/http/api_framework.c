/*
 * api_framework.c — GET /api/v1/framework-coverage: how far the measures of
 * the action programme cover the requirements of the CER and NIS2
 * frameworks (domain/framework.h), in the shape `vitaal framework list
 * --json` (no framework named: {"items": [...]}) and `vitaal framework show
 * ID --json` (framework=ID) write (report/report_json.h), so the UI and the
 * CLI agree.
 *
 * Need-to-know, before anything is counted: the coverage is computed over
 * the requirements and measures the user may read (a hidden measure neither
 * appears nor counts), as the risk picture is. A framework the user may not
 * read is answered as unknown. Every confidential or secret measure (or
 * requirement) the answer names is audited as a read, in a transaction that
 * computes the answer again, so the answer is what was logged. The list
 * names no measure and audits only a classified framework it names.
 */
#include "http/api.h"

#include "domain/compliance.h"
#include "domain/framework.h"
#include "domain/visible.h"
#include "report/report_json.h"

#include <stdio.h>
#include <string.h>

/* keep() of the coverage scope: what the user may read (not yet noted for
 * the audit: only what the answer names is). */
static int keep_visible(void *ctx, enum kind_id kind, const json_t *record, struct error *e)
{
    struct visible *v = ctx;
    int shown = 0, rc;
    rc = visible_check(v, kind, json_string_value(json_object_get(record, "id")), 0, &shown);
    if (rc != 0) {
        *e = v->error;
        return rc;
    }
    return shown;
}

/* A framework the query names, by id, urn or ref_id, that the user may
 * read; else 400 naming the parameter (hidden reads as unknown). */
static int resolve(struct request *req, struct visible *v, const char *name, char *id, size_t size)
{
    int rc, shown = 0;
    rc = framework_resolve(req->store, name, id, size, &req->error);
    if (rc == 0 && (rc = visible_check(v, KIND_FRAMEWORK, id, 1, &shown)) != 0)
        req->error = v->error;
    if (rc == ERR_NOTFOUND || (rc == 0 && !shown))
        return error_set(&req->error, ERR_INVALID, "framework",
                         "no framework '%s' (give its id, urn or ref_id)", name);
    if (rc == ERR_INVALID) { /* a ref_id several frameworks share: say so about the parameter */
        char why[sizeof req->error.message];
        snprintf(why, sizeof why, "%s", req->error.message);
        return error_set(&req->error, ERR_INVALID, "framework", "%s", why);
    }
    return rc;
}

/* Notes every requirement and measure the coverage names, for the audit. */
static int note_named(struct request *req, struct visible *v, const struct framework_coverage *c)
{
    size_t i, j;
    json_t *m;
    int rc = 0, shown;
    for (i = 0; rc == 0 && i < c->n; i++) {
        rc = visible_check(v, KIND_REQUIREMENT,
                           json_string_value(json_object_get(c->nodes[i].record, "id")), 1, &shown);
        json_array_foreach(c->nodes[i].measures, j, m)
        {
            if (rc == 0)
                rc = visible_check(v, KIND_MEASURE, json_string_value(json_object_get(m, "id")), 1,
                                   &shown);
        }
    }
    if (rc != 0)
        req->error = v->error;
    return rc;
}

/* Collects the ids of the frameworks (a store_record_each callback). */
static int list_ids(void *ctx, json_t *record)
{
    json_array_append(ctx, json_object_get(record, "id"));
    return 0;
}

/* One framework: its coverage in *c, the records it names noted for the
 * audit. No framework: the ids of the frameworks the user may read in ids
 * (their counts are computed as they are written). */
static int build(struct request *req, struct visible *v, const char *framework,
                 struct framework_scope *scope, struct framework_coverage *c, json_t *ids)
{
    char id[FRAMEWORK_ID_SIZE];
    size_t i;
    int rc, shown;
    visible_reset(v);
    if (framework) {
        framework_coverage_release(c);
        if ((rc = resolve(req, v, framework, id, sizeof id)) != 0)
            return rc;
        if ((rc = framework_coverage_compute_scoped(req->store, id, scope, c, &req->error)) != 0)
            return rc;
        return note_named(req, v, c);
    }
    json_array_clear(ids);
    if ((rc = store_record_each(req->store, model_kind(KIND_FRAMEWORK), NULL, 0, 0, 0, list_ids,
                                ids, &req->error)) != 0)
        return rc;
    for (i = 0; i < json_array_size(ids);) {
        rc = visible_check(v, KIND_FRAMEWORK, json_string_value(json_array_get(ids, i)), 1, &shown);
        if (rc != 0) {
            req->error = v->error;
            return rc;
        }
        if (shown)
            i++;
        else
            json_array_remove(ids, i);
    }
    return 0;
}

static int read_params(struct request *req, struct visible *v, const char **framework,
                       struct framework_scope *scope)
{
    static const char *const known[] = {"framework", "process", "lang", NULL};
    int rc, shown = 0;
    size_t i;
    for (i = 0; i < req->n_query; i++) {
        if (model_value_index(known, req->query[i].key) < 0)
            return error_set(&req->error, ERR_INVALID, req->query[i].key,
                             "unknown parameter (framework, process, lang)");
    }
    *framework = request_query(req, "framework");
    scope->process = request_query(req, "process");
    if (*framework && (*framework)[0] == '\0')
        return error_set(&req->error, ERR_INVALID, "framework", "name a framework");
    if (scope->process == NULL)
        return 0;
    if ((rc = visible_check(v, KIND_PROCESS, scope->process, 0, &shown)) != 0) {
        req->error = v->error;
        return rc;
    }
    return shown
               ? 0
               : error_set(&req->error, ERR_INVALID, "process", "no process '%s'", scope->process);
}

/* The framework's texts in the language asked for (?lang=, else
 * Accept-Language), where its library translates them. */
static int localise(struct request *req, struct framework_coverage *c)
{
    const char *want = request_query(req, "lang"), *lang, *library;
    size_t i;
    if (want && ((lang = compliance_language(want)) == NULL || strlen(want) != 2))
        return error_set(&req->error, ERR_INVALID, "lang",
                         "a language as two letters (en, nl, ...)");
    lang = want ? compliance_language(want) : compliance_language(req->accept_language);
    if (c == NULL || c->framework == NULL)
        return 0;
    library = json_string_value(json_object_get(c->framework, "language"));
    for (i = 0; i < c->n; i++)
        compliance_localise(c->nodes[i].record, lang, library);
    compliance_localise(c->framework, lang, library);
    return 0;
}

/* Writes the answer: the coverage of one framework, or the list. A failure
 * half-way through the list answers the error: request_render_error
 * replaces the body. */
static int render(struct request *req, const char *framework, struct framework_scope *scope,
                  struct framework_coverage *c, json_t *ids)
{
    struct json_writer w;
    json_t *id;
    size_t i;
    int rc = 0;
    request_json_begin(req, 200, &w);
    if (framework) {
        if ((rc = localise(req, c)) != 0) {
            json_writer_finish(&w);
            return rc;
        }
        framework_coverage_write_json(&w, c);
        return request_json_end_checked(req, &w, "FrameworkTree");
    }
    json_write_object_begin(&w);
    json_write_key(&w, "items");
    json_write_array_begin(&w);
    json_array_foreach(ids, i, id)
    {
        struct framework_coverage one;
        if ((rc = framework_coverage_compute_scoped(req->store, json_string_value(id), scope, &one,
                                                    &req->error)) == 0 &&
            (rc = localise(req, &one)) == 0)
            framework_summary_write_json(&w, &one);
        framework_coverage_release(&one);
        if (rc != 0)
            break;
    }
    json_write_array_end(&w);
    json_write_object_end(&w);
    if (rc != 0) {
        json_writer_finish(&w);
        return rc;
    }
    return request_json_end(req, &w);
}

int api_framework_coverage(struct request *req)
{
    struct framework_coverage c;
    struct framework_scope scope = {NULL, keep_visible, NULL};
    struct visible v;
    const char *framework = NULL;
    json_t *ids = request_keep(req, json_array());
    int rc;

    memset(&c, 0, sizeof c);
    visible_init(&v, req->store, req->auth.access);
    scope.ctx = &v;
    if ((rc = read_params(req, &v, &framework, &scope)) == 0 && (rc = localise(req, NULL)) == 0)
        rc = build(req, &v, framework, &scope, &c, ids);
    if (rc == 0 && json_array_size(v.noted) > 0 && req->live) {
        /* as of a day: the snapshot does not change under us; the reads
         * are logged in the live database */
        if ((rc = store_begin_read(req->live, &req->error)) == 0 &&
            (rc = visible_audit(&v, req->live, &req->state->audit, req->auth.user->id, req->address,
                                "framework-coverage", &req->error)) == 0)
            rc = store_commit(req->live, &req->error);
        if (rc != 0)
            store_rollback(req->live);
    } else if (rc == 0 && json_array_size(v.noted) > 0) {
        /* classified records: the answer is the one audited */
        if ((rc = store_begin_read(req->store, &req->error)) == 0 &&
            (rc = build(req, &v, framework, &scope, &c, ids)) == 0 &&
            (rc = visible_audit(&v, req->store, &req->state->audit, req->auth.user->id,
                                req->address, "framework-coverage", &req->error)) == 0)
            rc = store_commit(req->store, &req->error);
        if (rc != 0)
            store_rollback(req->store);
    }
    if (rc == 0)
        rc = render(req, framework, &scope, &c, ids);
    framework_coverage_release(&c);
    visible_release(&v);
    return rc;
}
