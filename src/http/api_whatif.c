/*
 * api_whatif.c — POST /api/v1/whatif: measures as what-if
 * (domain/whatif.h), run as a job (jobs.h) because it ranks every process
 * twice, as POST /api/v1/criticality does once: 202 and the job's address,
 * the result at GET /api/v1/jobs/{id}.
 *
 * Need-to-know: every named measure and failed process or service (`fail`
 * names either: ids are unique across the two) must be visible to the
 * user, else 404 naming it, checked when the job is asked for and again
 * when it runs. The result is written with report_json.h's filter over what
 * the user may read: a change whose target dependency or risk is hidden
 * shows no target and no before/after; failed processes, cascade nodes and
 * criticality entries of hidden processes are left out (cascade counts and
 * ranks count only those shown); risks the user cannot read are left out.
 * As for cascades, the computation itself runs on the whole stored graph.
 * The classified records the result names are audited as reads once the
 * job has computed it.
 */
#include "http/api.h"

#include "base/progress.h"
#include "domain/access.h"
#include "domain/whatif.h"
#include "engine/cascade.h"
#include "http/jobs.h"
#include "domain/visible.h"
#include "report/report_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WHATIF_MAX_MEASURES 1000
#define WHATIF_MAX_FAILED   10000
#define WHATIF_TOP          10 /* criticality entries shown, as `vitaal whatif` */

/* Whether body has key with a value other than null. */
static int present(json_t *body, const char *key)
{
    json_t *v = json_object_get(body, key);
    return v != NULL && !json_is_null(v);
}

/* A measure without a what-if effect is refused at once (whatif_run would
 * refuse it when the job runs; the other checks of the effect stay there). */
static int has_effect(struct request *req, const char *id)
{
    json_t *m = NULL;
    const char *effect;
    int rc = store_record_get(req->store, model_kind_find("measures"), id, &m, &req->error);
    if (rc != 0)
        return rc;
    effect = json_string_value(json_object_get(m, "effect"));
    rc = effect == NULL || strcmp(effect, "none") == 0
             ? error_set(&req->error, ERR_INVALID, "measures",
                         "measure %s has no what-if effect (effect is none)", id)
             : 0;
    json_decref(m);
    return rc;
}

/* *shown = 1 when id is a process or a service the user may read (a failing
 * node of the graph: ids are unique across the two kinds). */
static int node_check(struct visible *v, const char *id, int note, int *shown)
{
    int rc = visible_check(v, "processes", id, note, shown);
    if (rc == 0 && !*shown)
        rc = visible_check(v, "services", id, note, shown);
    return rc;
}

/* Copies the array of ids at key into *ids (strdup'ed), each a record of
 * kind the user can see (else 404 naming it); kind NULL: a process or a
 * service. */
static int read_ids(struct request *req, struct visible *v, json_t *body, const char *key,
                    const char *kind, const char *singular, size_t min, size_t max, char ***ids,
                    size_t *n)
{
    json_t *list = json_object_get(body, key), *id;
    size_t i;
    int rc, shown;
    if (list == NULL && min == 0)
        return 0;
    if (!json_is_array(list) || json_array_size(list) < min || json_array_size(list) > max)
        return error_set(&req->error, ERR_INVALID, key, "an array of %zu .. %zu %s ids", min, max,
                         singular);
    if ((*ids = calloc(json_array_size(list) + 1, sizeof **ids)) == NULL)
        return error_set(&req->error, ERR_NOMEM, NULL, "out of memory");
    json_array_foreach(list, i, id)
    {
        if (!json_is_string(id))
            return error_set(&req->error, ERR_INVALID, key, "%s ids are strings", singular);
        rc = kind ? visible_check(v, kind, json_string_value(id), 0, &shown)
                  : node_check(v, json_string_value(id), 0, &shown);
        if (rc != 0) {
            req->error = v->error;
            return rc;
        }
        if (!shown)
            return error_set(&req->error, ERR_NOTFOUND, key, "no %s '%s'", singular,
                             json_string_value(id));
        if (kind && strcmp(kind, "measures") == 0 &&
            (rc = has_effect(req, json_string_value(id))) != 0)
            return rc;
        if (((*ids)[i] = strdup(json_string_value(id))) == NULL)
            return error_set(&req->error, ERR_NOMEM, NULL, "out of memory");
        *n = i + 1;
    }
    return 0;
}

int api_whatif(struct request *req)
{
    static const char *const keys[] = {"measures", "fail", "outage_h", "horizon_h", NULL};
    struct job_spec spec;
    struct visible v;
    struct json_writer w;
    char id[JOBS_ID_HEX + 1];
    json_t *body;
    int rc;

    memset(&spec, 0, sizeof spec);
    spec.outage_h = spec.horizon_h = -1; /* absent: the settings whatif_outage_h, _horizon_h */
    if ((rc = request_body_json(req, &body)) != 0 || (rc = api_body_keys(req, body, keys)) != 0)
        return rc;
    if (present(body, "outage_h") &&
        (rc = api_body_int(req, body, "outage_h", 0, 0, INT32_MAX, &spec.outage_h)) != 0)
        return rc;
    if (present(body, "horizon_h") &&
        (rc = api_body_int(req, body, "horizon_h", 1, 1, CASCADE_MAX_HORIZON_H, &spec.horizon_h)) !=
            0)
        return rc;
    if ((rc = visible_init(&v, req->store, req->auth.access, &req->error)) != 0)
        return rc;
    rc = read_ids(req, &v, body, "measures", "measures", "measure", 1, WHATIF_MAX_MEASURES,
                  &spec.measures, &spec.n_measures);
    if (rc == 0)
        rc = read_ids(req, &v, body, "fail", NULL, "process or service", 0, WHATIF_MAX_FAILED,
                      &spec.fail, &spec.n_fail);
    visible_release(&v);
    if (rc != 0)
        goto cleanup;
    spec.kind = JOB_WHATIF;
    snprintf(spec.user, sizeof spec.user, "%s", req->auth.user->id);
    snprintf(spec.address, sizeof spec.address, "%s", req->address ? req->address : "");
    if ((rc = jobs_submit(req->state->jobs, &spec, id, &req->error)) != 0) {
        if (rc == ERR_RATE_LIMITED)
            req->response.retry_after = JOBS_RETRY_S;
        goto cleanup;
    }
    memset(&spec, 0, sizeof spec); /* the job owns the ids now */
    req->response.location = arena_printf(&req->arena, "/api/v1/jobs/%s", id);
    request_json_begin(req, 202, &w);
    json_write_object_begin(&w);
    json_write_key(&w, "id");
    json_write_string(&w, id);
    json_write_key(&w, "status");
    json_write_string(&w, "queued");
    json_write_key(&w, "location");
    json_write_string(&w, req->response.location);
    json_write_object_end(&w);
    rc = request_json_end(req, &w);
cleanup:
    job_spec_release(&spec);
    return rc;
}

/* Each id of kind (NULL: a process or a service) still visible (the job may
 * run a while after it was asked for); noted for the audit. */
static int check_ids(struct visible *v, char **ids, size_t n, const char *kind,
                     const char *singular, struct error *e)
{
    size_t i;
    int rc, shown;
    for (i = 0; i < n; i++) {
        rc = kind ? visible_check(v, kind, ids[i], 1, &shown) : node_check(v, ids[i], 1, &shown);
        if (rc != 0) {
            *e = v->error;
            return rc;
        }
        if (!shown)
            return error_set(e, ERR_NOTFOUND, singular, "no %s '%s'", singular, ids[i]);
    }
    return 0;
}

/* Whether the rankings count a node: the user may read it (nothing noted
 * for the audit: the answer's own filter does that for what it shows). */
static int readable(void *ctx, const char *kind, const char *id)
{
    int shown = 0;
    return visible_check(ctx, kind, id, 0, &shown) != 0 ? -1 : shown;
}

int api_whatif_run(struct store *s, struct audit_log *log, const struct job_spec *spec,
                   unsigned threads, const struct progress_sink *progress, struct strbuf *out,
                   struct error *e)
{
    struct whatif_options o = {(const char *const *)spec->measures,
                               spec->n_measures,
                               (const char *const *)spec->fail,
                               spec->n_fail,
                               spec->outage_h,
                               spec->horizon_h,
                               threads,
                               progress,
                               readable,
                               NULL};
    struct store_user *u = NULL;
    struct access *a = NULL;
    struct whatif_result r;
    struct report_filter f;
    struct json_writer w;
    struct visible v;
    int rc, have_v = 0;

    memset(&r, 0, sizeof r);
    if ((rc = store_user_get(s, spec->user, &u, e)) != 0 || (rc = access_new(s, u, &a, e)) != 0 ||
        (rc = visible_init(&v, s, a, e)) != 0)
        goto cleanup;
    have_v = 1;
    o.counts_ctx = &v;
    if ((rc = check_ids(&v, spec->measures, spec->n_measures, "measures", "measure", e)) != 0 ||
        (rc = check_ids(&v, spec->fail, spec->n_fail, NULL, "process or service", e)) != 0 ||
        (rc = whatif_run(s, &o, &r, e)) != 0)
        goto cleanup;
    f = report_filter_visible(&v);
    json_writer_init_buf(&w, out, 0);
    whatif_write_json(&w, &r, WHATIF_TOP, &f);
    if ((rc = json_writer_finish(&w)) != 0 || out->failed) {
        rc = error_set(e, ERR_NOMEM, NULL, "writing the result failed");
        goto cleanup;
    }
    if (v.rc != 0) {
        *e = v.error;
        rc = v.rc;
        goto cleanup;
    }
    if (json_array_size(v.noted) > 0) {
        if ((rc = store_begin_read(s, e)) != 0)
            goto cleanup;
        if ((rc = visible_audit(&v, s, log, spec->user, spec->address[0] ? spec->address : NULL,
                                "whatif", e)) != 0 ||
            (rc = store_commit(s, e)) != 0)
            store_rollback(s);
    }
cleanup:
    whatif_result_release(&r);
    if (have_v)
        visible_release(&v);
    access_free(a);
    store_user_free(u);
    return rc;
}
