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
#include "domain/iim_table.h"
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
    struct request *req;
    int64_t today;
    struct status_report report;
};

static void status_drop(void *ctx)
{
    struct status_view *sv = ctx;
    status_report_release(&sv->report);
    memset(&sv->report, 0, sizeof sv->report);
}

/* The audited read's build (domain/visible.h): the status counted over what
 * the user may read, written once (and dropped) so that what it names is
 * noted for the audit. */
static int status_build(void *ctx, struct visible *v, struct error *e)
{
    struct status_view *sv = ctx;
    struct report_filter f = report_filter_visible(v);
    struct strbuf sink = {0};
    struct json_writer w;
    int rc = status_compute_for(sv->req->store, sv->today, v, &sv->report, e);
    if (rc == 0) {
        json_writer_init_buf(&w, &sink, 0);
        status_write_json(&w, &sv->report, &f);
        json_writer_finish(&w);
    }
    strbuf_release(&sink);
    return rc;
}

int api_status(struct request *req)
{
    struct status_view sv;
    struct visible v;
    struct report_filter f;
    struct json_writer w;
    int rc;

    if (req->n_query > 0)
        return error_set(&req->error, ERR_INVALID, req->query[0].key,
                         "unknown parameter (only as_of)");
    memset(&sv, 0, sizeof sv);
    sv.req = req;
    sv.today = req->today;
    rc = request_read(req, &v, "status", status_build, status_drop, &sv);
    if (rc == 0) {
        f = report_filter_visible(&v);
        request_json_begin(req, 200, &w);
        status_write_json(&w, &sv.report, &f);
        rc = request_json_end(req, &w);
    }
    status_drop(&sv);
    visible_release(&v);
    return rc;
}

/* --- cascade ---------------------------------------------------------------- */

struct cascade_view {
    const struct graph *g;
    const struct cascade_result *r;
    const json_t *failed, *services;
    unsigned char *visible; /* per node, set by cascade_mark */
    uint32_t shown, not_visible;
};

/* The kind of graph node id: a service or a process (domain/process_graph.h). */
static const char *node_kind(const json_t *services, const char *id)
{
    return strcmp(process_graph_node_type(services, id), "service") == 0 ? "services" : "processes";
}

/* The audited read's build (domain/visible.h): which failed and affected
 * nodes the answer names (classified ones noted for the audit), and how
 * many affected ones it may not. */
static int cascade_mark(void *ctx, struct visible *v, struct error *e)
{
    struct cascade_view *c = ctx;
    uint32_t k;
    size_t i;
    json_t *id;
    int rc, shown;
    c->shown = c->not_visible = 0;
    json_array_foreach(c->failed, i, id)
    {
        const char *s = json_string_value(id);
        if ((rc = visible_check(v, node_kind(c->services, s), s, 1, &shown)) != 0) {
            *e = v->error;
            return rc;
        }
    }
    for (k = 0; k < c->r->n_affected; k++) {
        uint32_t node = c->r->nodes[k].node;
        const char *s = graph_node_id(c->g, node);
        if ((rc = visible_check(v, node_kind(c->services, s), s, 1, &shown)) != 0) {
            *e = v->error;
            return rc;
        }
        c->visible[node] = (unsigned char)shown;
        c->shown += (uint32_t)shown;
        c->not_visible += (uint32_t)!shown;
    }
    return 0;
}

static void write_cascade(struct json_writer *w, const struct cascade_view *c)
{
    const struct cascade_result *r = c->r;
    uint32_t k, j;
    size_t i;
    json_t *id;
    json_write_object_begin(w);
    json_write_key(w, "horizon_h");
    json_write_int(w, r->horizon_h);
    json_write_key(w, "outage_h");
    json_write_int(w, r->outage_h);
    json_write_key(w, "failed");
    json_write_array_begin(w);
    json_array_foreach(c->failed, i, id)
    {
        json_write_string(w, json_string_value(id));
    }
    json_write_array_end(w);
    json_write_key(w, "affected");
    json_write_int(w, c->shown);
    /* how many affected processes and services the caller may not see,
     * never which (issue 14 part 5) */
    json_write_key(w, "not_visible");
    json_write_int(w, c->not_visible);
    json_write_key(w, "nodes");
    json_write_array_begin(w);
    for (k = 0; k < r->n_affected; k++) {
        const struct cascade_node *n = &r->nodes[k];
        if (!c->visible[n->node])
            continue;
        json_write_object_begin(w);
        json_write_key(w, "id");
        json_write_string(w, graph_node_id(c->g, n->node));
        json_write_key(w, "type");
        json_write_string(w, process_graph_node_type(c->services, graph_node_id(c->g, n->node)));
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
    struct cascade_view view;
    struct visible v;
    uint32_t *idx = NULL, n_nodes;
    json_t *body, *fail, *id, *services = NULL;
    struct json_writer w;
    int32_t outage_h = 0, horizon_h = 0;
    size_t j;
    int rc, have_v = 0;

    memset(&view, 0, sizeof view);
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
    view.visible = calloc(n_nodes + 1, 1);
    if (!idx || !view.visible) {
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
    view.g = g;
    view.r = r;
    view.failed = fail;
    view.services = services;
    rc = request_read(req, &v, "cascade", cascade_mark, NULL, &view);
    have_v = 1;
    if (rc != 0)
        goto cleanup;
    request_json_begin(req, 200, &w);
    write_cascade(&w, &view);
    rc = request_json_end(req, &w);
cleanup:
    if (have_v)
        visible_release(&v);
    json_decref(services);
    cascade_result_free(r);
    graph_free(g);
    free(idx);
    free(view.visible);
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
    snprintf(spec.address, sizeof spec.address, "%s", req->address ? req->address : "");
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

/* A run on a stored table (issue 16 part 4): the body names "table" (an
 * iim_tables id the caller may read: else 404 as if absent) and either
 * "c_star" or "cascade" {"fail", "outage_h", "horizon_h"} on the stored
 * graph (a hidden process or service to fail is 404, as POST /cascade;
 * only the processes the caller may read count in the perturbation), with
 * "recovery_h" for the dynamic model hour by hour. *doc gets the IIM
 * document, *table the record, *counts the processes per sector (cascade). */
static int iim_table_body(struct request *req, json_t *body, json_t **doc, json_t **table,
                          json_t **counts)
{
    static const char *const keys[] = {"table", "c_star", "cascade", "recovery_h", NULL};
    static const char *const ckeys[] = {"fail", "outage_h", "horizon_h", NULL};
    const struct kind *tables = model_kind_find("iim_tables");
    const char *id = json_string_value(json_object_get(body, "table"));
    json_t *c_star = json_object_get(body, "c_star"), *cascade = json_object_get(body, "cascade");
    json_t *fail, *f, *services = NULL;
    struct graph *g = NULL;
    struct cascade_result *r = NULL;
    uint32_t *idx = NULL;
    int32_t outage_h = 0, horizon_h = 0, recovery_h = 0;
    size_t j;
    int rc;
    if ((rc = api_body_keys(req, body, keys)) != 0)
        return rc;
    if (id == NULL)
        return error_set(&req->error, ERR_INVALID, "table", "the id of an interdependency table");
    rc = store_record_get(req->store, tables, id, table, &req->error);
    if (rc == 0)
        rc = access_can_read(req->auth.access, req->store, tables, *table, &req->error);
    if (rc == ERR_NOTFOUND) /* hidden: answered as absent */
        return error_set(&req->error, ERR_NOTFOUND, "table", "no interdependency table '%s'", id);
    if (rc != 0)
        return rc;
    if ((c_star == NULL) == (cascade == NULL))
        return error_set(&req->error, ERR_INVALID, "c_star",
                         "give either \"c_star\" or \"cascade\" with a table");
    if ((rc = api_body_int(req, body, "recovery_h", 0, 0, IIM_MAX_STEPS, &recovery_h)) != 0)
        return rc;
    if (c_star) {
        if (json_object_get(body, "recovery_h"))
            return error_set(&req->error, ERR_INVALID, "recovery_h",
                             "the dynamic model on a table runs from a cascade");
        if ((rc = iim_table_document(*table, doc, &req->error)) != 0)
            return rc;
        json_object_set(*doc, "c_star", c_star);
        return 0;
    }
    if (!json_is_object(cascade))
        return error_set(&req->error, ERR_INVALID, "cascade",
                         "an object {\"fail\", \"outage_h\", \"horizon_h\"}");
    if ((rc = api_body_keys(req, cascade, ckeys)) != 0 ||
        (rc = api_body_int(req, cascade, "outage_h", -1, 0, INT32_MAX, &outage_h)) != 0 ||
        (rc = api_body_int(req, cascade, "horizon_h", -1, 1, CASCADE_MAX_HORIZON_H, &horizon_h)) !=
            0)
        return rc;
    if (recovery_h && (int64_t)horizon_h + 1 > IIM_MAX_STEPS)
        return error_set(&req->error, ERR_INVALID, "cascade.horizon_h",
                         "at most %d hours with recovery_h", IIM_MAX_STEPS - 1);
    fail = json_object_get(cascade, "fail");
    if (!json_is_array(fail) || json_array_size(fail) == 0 ||
        json_array_size(fail) > CASCADE_MAX_FAILED)
        return error_set(&req->error, ERR_INVALID, "cascade.fail",
                         "an array of 1 .. %d process or service ids that fail",
                         CASCADE_MAX_FAILED);
    if ((rc = process_graph_service_ids(req->store, &services, &req->error)) != 0)
        return rc;
    json_array_foreach(fail, j, f)
    {
        if (!json_is_string(f)) {
            rc = error_set(&req->error, ERR_INVALID, "cascade.fail",
                           "process or service ids are strings");
            goto cleanup;
        }
        if ((rc = node_visible(req, services, json_string_value(f))) != 0) {
            if (rc == ERR_NOTFOUND)
                error_set(&req->error, ERR_NOTFOUND, "cascade.fail", "no process or service '%s'",
                          json_string_value(f));
            goto cleanup;
        }
    }
    if ((rc = process_graph_build(req->store, &g, &req->error)) != 0)
        goto cleanup;
    if ((idx = calloc(json_array_size(fail), sizeof *idx)) == NULL) {
        rc = error_set(&req->error, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
    json_array_foreach(fail, j, f)
    {
        if (graph_node_find(g, json_string_value(f), &idx[j]) != 0) {
            rc = error_set(&req->error, ERR_NOTFOUND, "cascade.fail", "no process or service '%s'",
                           json_string_value(f));
            goto cleanup;
        }
    }
    {
        struct cascade_event ev = {idx, json_array_size(fail), outage_h, horizon_h, NULL};
        if ((rc = cascade_run(g, &ev, &r, &req->error)) != 0)
            goto cleanup;
    }
    rc = iim_table_cascade_document(req->store, req->auth.access, *table, g, r, recovery_h, doc,
                                    counts, &req->error);
cleanup:
    json_decref(services);
    cascade_result_free(r);
    graph_free(g);
    free(idx);
    return rc;
}

static void write_table(struct json_writer *w, const json_t *t)
{
    static const char *const keys[] = {"id", "name", "source", "year", "unit", "illustrative"};
    size_t i;
    json_write_key(w, "table");
    json_write_object_begin(w);
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_t *v = json_object_get(t, keys[i]);
        json_write_key(w, keys[i]);
        if (json_is_string(v))
            json_write_string(w, json_string_value(v));
        else if (json_is_integer(v))
            json_write_int(w, json_integer_value(v));
        else if (json_is_boolean(v))
            json_write_bool(w, json_is_true(v));
        else
            json_write_null(w);
    }
    json_write_object_end(w);
}

int api_iim(struct request *req)
{
    struct iim_input in;
    struct json_writer w;
    double *q = NULL, *series = NULL, *impact = NULL;
    json_t *body, *doc = NULL, *table = NULL, *counts = NULL;
    size_t n, i;
    int rc;

    memset(&in, 0, sizeof in);
    if ((rc = request_body_json(req, &body)) != 0)
        return rc;
    if (json_object_get(body, "table") != NULL) {
        if ((rc = iim_table_body(req, body, &doc, &table, &counts)) != 0)
            goto cleanup;
        if ((rc = iim_input_read(doc, &in, &req->error)) != 0)
            goto cleanup;
        /* the table was read: audited when it is confidential or secret */
        if (access_read_is_audited(table) &&
            ((rc = store_begin(req->store, &req->error)) != 0 ||
             (rc = request_audit(req, "read", model_kind_find("iim_tables"),
                                 json_string_value(json_object_get(table, "id")), "iim")) != 0 ||
             (rc = request_commit(req)) != 0))
            goto cleanup;
    } else if ((rc = iim_input_read(body, &in, &req->error)) != 0) {
        goto cleanup;
    }
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
    if (table) {
        write_table(&w, table);
        write_vector(&w, "c_star", in.c_star, n);
        if (counts) {
            json_write_key(&w, "processes");
            json_write_array_begin(&w);
            for (i = 0; i < n; i++)
                json_write_int(&w, json_integer_value(json_array_get(counts, i)));
            json_write_array_end(&w);
        }
        if (in.output) { /* the loss in the table's unit: x_i q_i */
            write_vector(&w, "output", in.output, n);
        }
    }
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
    json_decref(doc);
    json_decref(table);
    json_decref(counts);
    return rc;
}
