/*
 * api_rules.c — the analyses over the stored cycle: GET /api/v1/status,
 * POST /api/v1/cascade, POST /api/v1/criticality (a job, see jobs.h) and
 * POST /api/v1/iim.
 *
 * Results are filtered by need-to-know like lists: a process or service
 * (issue 20 part 4: services are nodes too, each marked with its "type")
 * the user may not read does not appear in a status report, a cascade or
 * a ranking, and naming one as a failed node answers 404 as if it did not
 * exist. The
 * computation itself runs on the whole stored graph (a visible process can
 * go down through a hidden dependency; docs/api.md says so).
 */
#include "http/api.h"

#include "base/timefmt.h"
#include "domain/access.h"
#include "domain/process_graph.h"
#include "domain/status.h"
#include "engine/cascade.h"
#include "engine/graph.h"
#include "domain/iim_input.h"
#include "http/jobs.h"
#include "report/report_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASCADE_MAX_FAILED 10000
/* steps x sectors a dynamic run may answer with: about 230 KB of JSON and a
 * fraction of a second on a request thread (2,000,000 took 5-7 s and 30 MB) */
#define IIM_MAX_VALUES 20000

int api_body_keys(struct request *req, json_t *body, const char *const *known)
{
    const char *key;
    json_t *v;
    if (!json_is_object(body))
        return error_set(&req->error, ERR_INVALID, NULL, "the body is a JSON object");
    json_object_foreach(body, key, v)
    {
        if (model_value_index(known, key) < 0)
            return error_set(&req->error, ERR_INVALID, key, "unknown field");
    }
    return 0;
}

int api_body_int(struct request *req, json_t *body, const char *key, int64_t def, int64_t min,
                 int64_t max, int32_t *out)
{
    json_t *v = json_object_get(body, key);
    if (v == NULL || json_is_null(v)) {
        if (def < min)
            return error_set(&req->error, ERR_INVALID, key, "required");
        *out = (int32_t)def;
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        char lo[24], hi[24];
        snprintf(lo, sizeof lo, "%lld", (long long)min);
        snprintf(hi, sizeof hi, "%lld", (long long)max);
        return error_set_msg(&req->error, ERR_INVALID, key, "int_range",
                             "must be a whole number {min} .. {max}", "min", lo, "max", hi, NULL);
    }
    *out = (int32_t)json_integer_value(v);
    return 0;
}

/* 0 when the graph node id (a process or a service, by the set of service
 * ids; domain/process_graph.h) exists and the user may read it, else
 * ERR_NOTFOUND. */
static int node_visible(struct request *req, const json_t *services, const char *id)
{
    const struct kind *k = model_kind_find(
        strcmp(process_graph_node_type(services, id), "service") == 0 ? "services" : "processes");
    json_t *p = NULL;
    int rc = store_record_get(req->store, k, id, &p, &req->error);
    if (rc == 0)
        rc = access_can_read(req->auth.access, req->store, k, p, &req->error);
    json_decref(p);
    return rc;
}

/* --- status ----------------------------------------------------------------- */

struct status_view {
    struct status_report report;
    json_t *shown;   /* "kind/id" -> true for what the report may name */
    json_t *audited; /* "kind/id" -> true for the shown records whose reading is audited */
};

/* Records whether the user may read record id of kind (and whether that
 * read is audited). */
static int status_mark(struct request *req, struct status_view *v, const char *kind, const char *id)
{
    const struct kind *k = model_kind_find(kind);
    json_t *record = NULL;
    char key[256];
    int rc = store_record_get(req->store, k, id, &record, &req->error);
    if (rc == 0)
        rc = access_can_read(req->auth.access, req->store, k, record, &req->error);
    snprintf(key, sizeof key, "%s/%s", kind, id);
    if (rc == 0) {
        json_object_set_new(v->shown, key, json_true());
        if (access_read_is_audited(record))
            json_object_set_new(v->audited, key, json_true());
    }
    json_decref(record);
    return rc == ERR_NOTFOUND ? 0 : rc;
}

static int status_build(struct request *req, int64_t today, struct status_view *v)
{
    size_t i, j;
    json_t *link;
    int rc;
    status_report_release(&v->report);
    memset(&v->report, 0, sizeof v->report);
    json_object_clear(v->shown);
    json_object_clear(v->audited);
    if ((rc = status_compute(req->store, today, &v->report, &req->error)) != 0)
        return rc;
    for (i = 0; i < v->report.n; i++) {
        if ((rc = status_mark(req, v, "processes", v->report.processes[i].id)) != 0)
            return rc;
    }
    /* a critical entity's CER dates are on its provider links */
    for (i = 0; i < v->report.cer.n_entities; i++) {
        json_array_foreach(v->report.cer.entities[i].links, j, link)
        {
            if ((rc = status_mark(req, v, "provider_links", json_string_value(link))) != 0)
                return rc;
        }
    }
    return 0;
}

static int status_shows(void *ctx, const char *kind, const char *id)
{
    const struct status_view *v = ctx;
    char key[256];
    snprintf(key, sizeof key, "%s/%s", kind, id);
    return json_object_get(v->shown, key) != NULL;
}

int api_status(struct request *req)
{
    struct status_view v;
    struct report_filter filter = {status_shows, &v};
    struct json_writer w;
    int64_t today = req->today;
    const char *key;
    json_t *value;
    int rc;

    memset(&v, 0, sizeof v);
    if (req->n_query > 0)
        return error_set(&req->error, ERR_INVALID, req->query[0].key,
                         "unknown parameter (only as_of)");
    v.shown = json_object();
    v.audited = json_object();
    if (v.shown == NULL || v.audited == NULL) {
        rc = error_set(&req->error, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
    rc = status_build(req, today, &v);
    if (rc == 0 && json_object_size(v.audited) > 0) {
        /* confidential records: the report answered is the one audited */
        if ((rc = store_begin(req->store, &req->error)) == 0)
            rc = status_build(req, today, &v);
        json_object_foreach(v.audited, key, value)
        {
            const char *slash = strchr(key, '/');
            char kind[64];
            if (rc != 0 || slash == NULL || (size_t)(slash - key) >= sizeof kind)
                continue;
            snprintf(kind, sizeof kind, "%.*s", (int)(slash - key), key);
            rc = request_audit(req, "read", model_kind_find(kind), slash + 1, "status");
        }
        if (rc == 0)
            rc = store_commit(req->store, &req->error);
    }
    if (rc == 0) {
        request_json_begin(req, 200, &w);
        status_write_json(&w, &v.report, &filter);
        rc = request_json_end(req, &w);
    }
cleanup:
    status_report_release(&v.report);
    json_decref(v.shown);
    json_decref(v.audited);
    return rc;
}

/* --- cascade ---------------------------------------------------------------- */

static void write_cascade(struct json_writer *w, const struct graph *g,
                          const struct cascade_result *r, json_t *failed,
                          const unsigned char *visible, const json_t *services)
{
    uint32_t k, j, shown = 0;
    size_t i;
    json_t *id;
    for (k = 0; k < r->n_affected; k++)
        shown += visible[r->nodes[k].node];
    json_write_object_begin(w);
    json_write_key(w, "horizon_h");
    json_write_int(w, r->horizon_h);
    json_write_key(w, "outage_h");
    json_write_int(w, r->outage_h);
    json_write_key(w, "failed");
    json_write_array_begin(w);
    json_array_foreach(failed, i, id)
    {
        json_write_string(w, json_string_value(id));
    }
    json_write_array_end(w);
    json_write_key(w, "affected");
    json_write_int(w, shown);
    json_write_key(w, "nodes");
    json_write_array_begin(w);
    for (k = 0; k < r->n_affected; k++) {
        const struct cascade_node *n = &r->nodes[k];
        if (!visible[n->node])
            continue;
        json_write_object_begin(w);
        json_write_key(w, "id");
        json_write_string(w, graph_node_id(g, n->node));
        json_write_key(w, "type");
        json_write_string(w, process_graph_node_type(services, graph_node_id(g, n->node)));
        json_write_key(w, "first_down_h");
        json_write_int(w, n->first_down_h);
        json_write_key(w, "down_h");
        json_write_int(w, n->down_h);
        json_write_key(w, "intervals");
        json_write_array_begin(w);
        for (j = 0; j < n->n_intervals; j++) {
            json_write_array_begin(w);
            json_write_int(w, n->intervals[2 * j]);
            json_write_int(w, n->intervals[2 * j + 1]);
            json_write_array_end(w);
        }
        json_write_array_end(w);
        json_write_object_end(w);
    }
    json_write_array_end(w);
    json_write_object_end(w);
}

int api_cascade(struct request *req)
{
    static const char *const keys[] = {"fail", "outage_h", "horizon_h", NULL};
    struct graph *g = NULL;
    struct cascade_result *r = NULL;
    unsigned char *visible = NULL;
    uint32_t *idx = NULL, n_nodes, i;
    json_t *body, *fail, *id, *services = NULL;
    struct json_writer w;
    int32_t outage_h = 0, horizon_h = 0;
    size_t j;
    int rc;

    if ((rc = request_body_json(req, &body)) != 0 || (rc = api_body_keys(req, body, keys)) != 0 ||
        (rc = api_body_int(req, body, "outage_h", -1, 0, INT32_MAX, &outage_h)) != 0 ||
        (rc = api_body_int(req, body, "horizon_h", -1, 1, CASCADE_MAX_HORIZON_H, &horizon_h)) != 0)
        return rc;
    fail = json_object_get(body, "fail");
    if (!json_is_array(fail) || json_array_size(fail) == 0 ||
        json_array_size(fail) > CASCADE_MAX_FAILED)
        return error_set(&req->error, ERR_INVALID, "fail",
                         "an array of 1 .. %d process or service ids that fail",
                         CASCADE_MAX_FAILED);
    if ((rc = process_graph_service_ids(req->store, &services, &req->error)) != 0)
        return rc;
    json_array_foreach(fail, j, id)
    {
        if (!json_is_string(id)) {
            rc = error_set(&req->error, ERR_INVALID, "fail", "process or service ids are strings");
            goto cleanup;
        }
        /* a hidden process or service is answered as absent: the same words */
        if ((rc = node_visible(req, services, json_string_value(id))) != 0) {
            if (rc == ERR_NOTFOUND)
                error_set(&req->error, ERR_NOTFOUND, "fail", "no process or service '%s'",
                          json_string_value(id));
            goto cleanup;
        }
    }
    if ((rc = process_graph_build(req->store, &g, &req->error)) != 0)
        goto cleanup;
    n_nodes = graph_node_count(g);
    idx = calloc(json_array_size(fail), sizeof *idx);
    visible = calloc(n_nodes + 1, 1);
    if (!idx || !visible) {
        rc = error_set(&req->error, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
    json_array_foreach(fail, j, id)
    {
        if (graph_node_find(g, json_string_value(id), &idx[j]) != 0) {
            rc = error_set(&req->error, ERR_NOTFOUND, "fail", "no process or service '%s'",
                           json_string_value(id));
            goto cleanup;
        }
    }
    {
        struct cascade_event ev = {idx, json_array_size(fail), outage_h, horizon_h, NULL};
        if ((rc = cascade_run(g, &ev, &r, &req->error)) != 0)
            goto cleanup;
    }
    for (i = 0; i < r->n_affected; i++) {
        uint32_t node = r->nodes[i].node;
        rc = node_visible(req, services, graph_node_id(g, node));
        if (rc != 0 && rc != ERR_NOTFOUND)
            goto cleanup;
        visible[node] = rc == 0;
        rc = 0;
    }
    request_json_begin(req, 200, &w);
    write_cascade(&w, g, r, fail, visible, services);
    rc = request_json_end(req, &w);
cleanup:
    json_decref(services);
    cascade_result_free(r);
    graph_free(g);
    free(idx);
    free(visible);
    return rc;
}

/* --- criticality (a job) ------------------------------------------------------ */

int api_criticality(struct request *req)
{
    static const char *const keys[] = {"outage_h", "horizon_h", "top", NULL};
    struct job_spec spec;
    struct json_writer w;
    char id[JOBS_ID_HEX + 1];
    int32_t top = 0;
    json_t *body;
    int rc;

    memset(&spec, 0, sizeof spec);
    if ((rc = request_body_json(req, &body)) != 0 || (rc = api_body_keys(req, body, keys)) != 0 ||
        (rc = api_body_int(req, body, "outage_h", -1, 0, INT32_MAX, &spec.outage_h)) != 0 ||
        (rc = api_body_int(req, body, "horizon_h", -1, 1, CASCADE_MAX_HORIZON_H,
                           &spec.horizon_h)) != 0 ||
        (rc = api_body_int(req, body, "top", 0, 0, INT32_MAX, &top)) != 0)
        return rc;
    spec.kind = JOB_CRITICALITY;
    spec.top = (size_t)top;
    snprintf(spec.user, sizeof spec.user, "%s", req->auth.user->id);
    if ((rc = jobs_submit(req->state->jobs, &spec, id, &req->error)) != 0) {
        if (rc == ERR_RATE_LIMITED)
            req->response.retry_after = JOBS_RETRY_S;
        return rc;
    }
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
    return request_json_end(req, &w);
}

/* --- iim -------------------------------------------------------------------- */

static void write_vector_items(struct json_writer *w, const double *v, size_t n)
{
    size_t i;
    json_write_array_begin(w);
    for (i = 0; i < n; i++)
        json_write_real(w, v[i]);
    json_write_array_end(w);
}

static void write_vector(struct json_writer *w, const char *key, const double *v, size_t n)
{
    json_write_key(w, key);
    write_vector_items(w, v, n);
}

int api_iim(struct request *req)
{
    struct iim_input in;
    struct json_writer w;
    double *q = NULL, *series = NULL, *impact = NULL;
    json_t *body;
    size_t n, i;
    int rc;

    memset(&in, 0, sizeof in);
    if ((rc = request_body_json(req, &body)) != 0)
        return rc;
    if ((rc = iim_input_read(body, &in, &req->error)) != 0)
        goto cleanup;
    n = in.n;
    if (in.dynamic && in.steps > IIM_MAX_VALUES / n) {
        char max[24];
        snprintf(max, sizeof max, "%d", IIM_MAX_VALUES);
        rc = error_set_msg(&req->error, ERR_INVALID, "dynamic.steps", "iim_values",
                           "steps x sectors may be at most {max} here (the limit of an answer); "
                           "use 'vitaal iim' for more",
                           "max", max, NULL);
        goto cleanup;
    }
    if (!in.dynamic) {
        if ((q = calloc(n, sizeof *q)) == NULL) {
            rc = error_set(&req->error, ERR_NOMEM, NULL, "out of memory");
            goto cleanup;
        }
        rc = iim_static(n, in.a_star, in.c_star, q, &req->error);
    } else {
        struct iim_dynamic d = {n, in.a_star, in.k, in.q0, in.steps, in.pert, in.n_pert};
        series = calloc(in.steps * n, sizeof *series);
        impact = calloc(n, sizeof *impact);
        if (series == NULL || impact == NULL) {
            rc = error_set(&req->error, ERR_NOMEM, NULL, "out of memory");
            goto cleanup;
        }
        rc = iim_dynamic_run(&d, series, impact, &req->error);
    }
    if (rc != 0)
        goto cleanup;
    request_json_begin(req, 200, &w);
    json_write_object_begin(&w);
    json_write_key(&w, "sectors");
    json_write_array_begin(&w);
    for (i = 0; i < n; i++)
        json_write_string(&w, json_string_value(json_array_get(in.sectors, i)));
    json_write_array_end(&w);
    if (!in.dynamic) {
        write_vector(&w, "q", q, n);
        if (in.output) {
            json_write_key(&w, "loss");
            json_write_array_begin(&w);
            for (i = 0; i < n; i++)
                json_write_real(&w, in.output[i] * q[i]);
            json_write_array_end(&w);
        }
    } else {
        write_vector(&w, "q", series + (in.steps - 1) * n, n);
        write_vector(&w, "impact", impact, n);
        json_write_key(&w, "series");
        json_write_array_begin(&w);
        for (i = 0; i < in.steps; i++)
            write_vector_items(&w, series + i * n, n);
        json_write_array_end(&w);
    }
    json_write_object_end(&w);
    rc = request_json_end(req, &w);
cleanup:
    free(q);
    free(series);
    free(impact);
    iim_input_release(&in);
    return rc;
}
