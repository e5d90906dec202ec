/*
 * api_whatif.c — POST /api/v1/whatif: measures as what-if
 * (domain/whatif.h), run as a job of its own type (jobs.h: whatif_job,
 * defined here) because it ranks every process twice, as POST /api/v1/criticality does once: 202
 * and the job's address, the result at GET /api/v1/jobs/{id}.
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
 * job has computed it (report_doc_run, the document `vitaal whatif --json`
 * prints).
 */
#include "base/xmalloc.h"
#include "http/api.h"

#include "base/progress.h"
#include "domain/access.h"
#include "domain/whatif.h"
#include "engine/cascade.h"
#include "domain/visible.h"
#include "http/jobs.h"
#include "store/users.h"
#include "report/report_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WHATIF_MAX_MEASURES 1000
#define WHATIF_MAX_FAILED   10000
#define WHATIF_TOP          10 /* criticality entries shown, as `vitaal whatif` */

/* A what-if job's arguments: the measures and the failed processes (n_fail
 * 0: the default), strdup'ed. */
struct whatif_job {
    int32_t outage_h, horizon_h; /* < 0: the settings whatif_outage_h, _horizon_h */
    char **measures;
    size_t n_measures;
    char **fail;
    size_t n_fail;
};

static void free_ids(char **ids, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
}

static void whatif_job_free(void *arg)
{
    struct whatif_job *job = arg;
    if (job == NULL)
        return;
    free_ids(job->measures, job->n_measures);
    free_ids(job->fail, job->n_fail);
    free(job);
}

static int whatif_job_run(const struct job_run *run, void *arg, struct strbuf *out,
                          struct error *e);

/* The job's arguments as its row keeps them:
 * {"outage_h","horizon_h","measures","fail"}. */
static int whatif_job_encode(const void *arg, struct strbuf *out)
{
    const struct whatif_job *job = arg;
    struct json_writer w;
    json_writer_init_buf(&w, out, 0);
    json_write_object_begin(&w);
    json_write_key(&w, "outage_h");
    json_write_int(&w, job->outage_h);
    json_write_key(&w, "horizon_h");
    json_write_int(&w, job->horizon_h);
    json_write_strings(&w, "measures", job->measures, job->n_measures);
    json_write_strings(&w, "fail", job->fail, job->n_fail);
    json_write_object_end(&w);
    return json_writer_finish(&w);
}

/* The strings of the array at key of o into *ids, *n. */
static int read_strings(json_t *o, const char *key, char ***ids, size_t *n)
{
    json_t *list = json_object_get(o, key), *v;
    size_t i;
    *n = 0;
    *ids = xcalloc(json_array_size(list) + 1, sizeof **ids);
    json_array_foreach(list, i, v)
    {
        if (!json_is_string(v))
            return ERR_INVALID;
        (*ids)[i] = xstrdup(json_string_value(v));
        *n = i + 1;
    }
    return 0;
}

static int whatif_job_decode(const char *params, void **arg, struct error *e)
{
    json_t *o = json_loads(params, 0, NULL);
    struct whatif_job *job = xcalloc(1, sizeof *job);
    if (o == NULL || read_strings(o, "measures", &job->measures, &job->n_measures) ||
        read_strings(o, "fail", &job->fail, &job->n_fail)) {
        json_decref(o);
        whatif_job_free(job);
        return error_set(e, ERR_INVALID, NULL, "the job's arguments cannot be read");
    }
    job->outage_h = (int32_t)json_integer_value(json_object_get(o, "outage_h"));
    job->horizon_h = (int32_t)json_integer_value(json_object_get(o, "horizon_h"));
    json_decref(o);
    *arg = job;
    return 0;
}

const struct job_type api_whatif_job = {"whatif", whatif_job_run, whatif_job_free,
                                        whatif_job_encode, whatif_job_decode};

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
    int rc = store_record_get(req->store, model_kind(KIND_MEASURE), id, &m, &req->error);
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
    int rc = visible_check(v, KIND_PROCESS, id, note, shown);
    if (rc == 0 && !*shown)
        rc = visible_check(v, KIND_SERVICE, id, note, shown);
    return rc;
}

/* A process or a service, where read_ids and check_ids take a kind. */
#define ANY_NODE KIND__COUNT

/* Copies the array of ids at key into *ids (strdup'ed), each a record of
 * kind the user can see (else 404 naming it); kind ANY_NODE: a process or a
 * service. */
static int read_ids(struct request *req, struct visible *v, json_t *body, const char *key,
                    enum kind_id kind, const char *singular, size_t min, size_t max, char ***ids,
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
    *ids = xcalloc(json_array_size(list) + 1, sizeof **ids);
    json_array_foreach(list, i, id)
    {
        if (!json_is_string(id))
            return error_set(&req->error, ERR_INVALID, key, "%s ids are strings", singular);
        rc = kind != ANY_NODE ? visible_check(v, kind, json_string_value(id), 0, &shown)
                              : node_check(v, json_string_value(id), 0, &shown);
        if (rc != 0) {
            req->error = v->error;
            return rc;
        }
        if (!shown)
            return error_set(&req->error, ERR_NOTFOUND, key, "no %s '%s'", singular,
                             json_string_value(id));
        if (kind == KIND_MEASURE && (rc = has_effect(req, json_string_value(id))) != 0)
            return rc;
        (*ids)[i] = xstrdup(json_string_value(id));
        *n = i + 1;
    }
    return 0;
}

int api_whatif(struct request *req)
{
    static const char *const keys[] = {"measures", "fail", "outage_h", "horizon_h", NULL};
    struct whatif_job *job;
    struct visible v;
    json_t *body;
    int rc;

    job = xcalloc(1, sizeof *job);
    job->outage_h = job->horizon_h = -1; /* absent: the settings */
    if ((rc = request_body_json(req, &body)) != 0 || (rc = api_body_keys(req, body, keys)) != 0)
        goto failed;
    if (present(body, "outage_h") &&
        (rc = api_body_int(req, body, "outage_h", 0, 0, INT32_MAX, &job->outage_h)) != 0)
        goto failed;
    if (present(body, "horizon_h") &&
        (rc = api_body_int(req, body, "horizon_h", 1, 1, CASCADE_MAX_HORIZON_H, &job->horizon_h)) !=
            0)
        goto failed;
    visible_init(&v, req->store, req->auth.access);
    rc = read_ids(req, &v, body, "measures", KIND_MEASURE, "measure", 1, WHATIF_MAX_MEASURES,
                  &job->measures, &job->n_measures);
    if (rc == 0)
        rc = read_ids(req, &v, body, "fail", ANY_NODE, "process or service", 0, WHATIF_MAX_FAILED,
                      &job->fail, &job->n_fail);
    visible_release(&v);
    if (rc != 0)
        goto failed;
    return api_job_queued(req, &api_whatif_job, job); /* the job's now */
failed:
    whatif_job_free(job);
    return rc;
}

/* Each id of kind (ANY_NODE: a process or a service) still visible (the job may
 * run a while after it was asked for); noted for the audit. */
static int check_ids(struct visible *v, char **ids, size_t n, enum kind_id kind,
                     const char *singular, struct error *e)
{
    size_t i;
    int rc, shown;
    for (i = 0; i < n; i++) {
        rc = kind != ANY_NODE ? visible_check(v, kind, ids[i], 1, &shown)
                              : node_check(v, ids[i], 1, &shown);
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
static int readable(void *ctx, enum kind_id kind, const char *id)
{
    int shown = 0;
    return visible_check(ctx, kind, id, 0, &shown) != 0 ? -1 : shown;
}

static void whatif_write_doc(void *ctx, struct json_writer *w, const struct report_filter *f)
{
    whatif_write_json(w, ctx, WHATIF_TOP, f);
}

/* The job: the measures and failed nodes still visible, what-if over the
 * whole stored graph, written with the filter of the user who asked
 * (report_doc_run audits what it names). */
static int whatif_job_run(const struct job_run *run, void *arg, struct strbuf *out, struct error *e)
{
    const struct whatif_job *job = arg;
    struct whatif_options o = {(const char *const *)job->measures,
                               job->n_measures,
                               (const char *const *)job->fail,
                               job->n_fail,
                               job->outage_h,
                               job->horizon_h,
                               run->threads,
                               run->progress,
                               readable,
                               NULL};
    struct report_doc d = {NULL, whatif_write_doc, NULL, NULL, "WhatifResult"};
    struct store_user *u = NULL;
    struct access *a = NULL;
    struct whatif_result r;
    struct visible v;
    int rc, have_v = 0;

    memset(&r, 0, sizeof r);
    if ((rc = store_user_get(run->store, run->user, &u, e)) != 0 ||
        (rc = access_new(run->store, u, &a, e)) != 0)
        goto cleanup;
    visible_init(&v, run->store, a);
    have_v = 1;
    o.counts_ctx = &v;
    if ((rc = check_ids(&v, job->measures, job->n_measures, KIND_MEASURE, "measure", e)) != 0 ||
        (rc = check_ids(&v, job->fail, job->n_fail, ANY_NODE, "process or service", e)) != 0 ||
        (rc = whatif_run(run->store, &o, &r, e)) != 0)
        goto cleanup;
    d.ctx = &r;
    rc = report_doc_run(&d, &v, run->store, run->audit, run->user, run->address, "whatif", out, e);
cleanup:
    whatif_result_release(&r);
    if (have_v)
        visible_release(&v);
    access_free(a);
    store_user_free(u);
    return rc;
}
