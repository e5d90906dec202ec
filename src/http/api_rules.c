/*
 * api_rules.c — the analyses over the stored cycle: GET /api/v1/status,
 * POST /api/v1/cascade, POST /api/v1/criticality (a job type of jobs.h,
 * ranked in slices for its progress), the jobs' routes (GET and DELETE
 * /api/v1/jobs/{id}) and POST /api/v1/iim. Status, cascade and ranking are
 * the documents of report/report_json.h the CLI writes too.
 *
 * Results are filtered by need-to-know like lists: a process or service
 * (issue 20 part 4: services are nodes too, each marked with its "type")
 * the user may not read does not appear in a status report, a cascade or
 * a ranking, and naming one as a failed node answers 404 as if it did not
 * exist. The
 * computation itself runs on the whole stored graph (a visible process can
 * go down through a hidden dependency; docs/api.md says so).
 */
#include "base/xmalloc.h"
#include "http/api.h"

#include "base/timefmt.h"
#include "domain/access.h"
#include "domain/process_graph.h"
#include "domain/status.h"
#include "engine/cascade.h"
#include "engine/criticality.h"
#include "base/progress.h"
#include "domain/visible.h"
#include "store/users.h"
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

/* 0 when the graph node id (a process or a service, by the set of service
 * ids; domain/process_graph.h) exists and the user may read it, else
 * ERR_NOTFOUND. */
static int node_visible(struct request *req, const json_t *services, const char *id)
{
    const struct kind *k = model_kind(process_graph_node_kind(services, id));
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
    struct status_report report;
};

static void status_drop(void *ctx)
{
    struct status_view *sv = ctx;
    status_report_release(&sv->report);
    memset(&sv->report, 0, sizeof sv->report);
}

/* The status counted over what the user may read. */
/* The failing nodes a body names in field ("fail", "cascade.fail"): 1 ..
 * CASCADE_MAX_FAILED ids of processes or services the user may see (a
 * hidden one is answered as absent, in the same words), found in the stored
 * graph. *services, *g and *idx are the caller's to free, also on failure. */
static int failing_nodes(struct request *req, const json_t *fail, const char *field,
                         json_t **services, struct graph **g, uint32_t **idx)
{
    const json_t *id;
    size_t j;
    int rc;
    if (!json_is_array(fail) || json_array_size(fail) == 0 ||
        json_array_size(fail) > CASCADE_MAX_FAILED)
        return error_set(&req->error, ERR_INVALID, field,
                         "an array of 1 .. %d process or service ids that fail",
                         CASCADE_MAX_FAILED);
    if ((rc = process_graph_service_ids(req->store, services, &req->error)) != 0)
        return rc;
    json_array_foreach(fail, j, id)
    {
        if (!json_is_string(id))
            return error_set(&req->error, ERR_INVALID, field, "process or service ids are strings");
        if ((rc = node_visible(req, *services, json_string_value(id))) != 0) {
            if (rc == ERR_NOTFOUND)
                error_set(&req->error, ERR_NOTFOUND, field, "no process or service '%s'",
                          json_string_value(id));
            return rc;
        }
    }
    if ((rc = process_graph_build(req->store, g, &req->error)) != 0)
        return rc;
    *idx = xcalloc(json_array_size(fail), sizeof **idx);
    json_array_foreach(fail, j, id)
    {
        if (graph_node_find(*g, json_string_value(id), &(*idx)[j]) != 0)
            return error_set(&req->error, ERR_NOTFOUND, field, "no process or service '%s'",
                             json_string_value(id));
    }
    return 0;
}

static int status_compute_doc(void *ctx, struct visible *v, struct error *e)
{
    struct status_view *sv = ctx;
    return status_compute_for(sv->req->store, sv->req->today, v, &sv->report, e);
}

static void status_write_doc(void *ctx, struct json_writer *w, const struct report_filter *f)
{
    struct status_view *sv = ctx;
    status_write_json(w, &sv->report, f);
}

int api_status(struct request *req)
{
    struct status_view sv;
    struct report_doc d = {status_compute_doc, status_write_doc, status_drop, &sv, "Status"};

    if (req->n_query > 0)
        return error_set(&req->error, ERR_INVALID, req->query[0].key,
                         "unknown parameter (only as_of)");
    memset(&sv, 0, sizeof sv);
    sv.req = req;
    return request_document(req, "status", &d);
}

/* --- cascade ---------------------------------------------------------------- */

static void cascade_write_doc(void *ctx, struct json_writer *w, const struct report_filter *f)
{
    cascade_write_json(w, ctx, f);
}

int api_cascade(struct request *req)
{
    static const char *const keys[] = {"fail", "outage_h", "horizon_h", NULL};
    struct graph *g = NULL;
    struct cascade_result *r = NULL;
    struct cascade_doc doc;
    struct report_doc d = {NULL, cascade_write_doc, NULL, &doc, "CascadeResult"};
    uint32_t *idx = NULL;
    const char **ids = NULL;
    json_t *body, *fail, *services = NULL;
    int32_t outage_h = 0, horizon_h = 0;
    size_t j;
    int rc;

    if ((rc = request_body_json(req, &body)) != 0 || (rc = api_body_keys(req, body, keys)) != 0 ||
        (rc = api_body_int(req, body, "outage_h", -1, 0, INT32_MAX, &outage_h)) != 0 ||
        (rc = api_body_int(req, body, "horizon_h", -1, 1, CASCADE_MAX_HORIZON_H, &horizon_h)) != 0)
        return rc;
    fail = json_object_get(body, "fail");
    if ((rc = failing_nodes(req, fail, "fail", &services, &g, &idx)) != 0)
        goto cleanup;
    ids = arena_alloc(&req->arena, json_array_size(fail) * sizeof *ids);
    if (ids == NULL) {
        rc = error_set(&req->error, ERR_TOO_LARGE, NULL, "over the request's memory limit");
        goto cleanup;
    }
    for (j = 0; j < json_array_size(fail); j++)
        ids[j] = json_string_value(json_array_get(fail, j));
    {
        struct cascade_event ev = {idx, json_array_size(fail), outage_h, horizon_h, NULL};
        if ((rc = cascade_run(g, &ev, &r, &req->error)) != 0)
            goto cleanup;
    }
    doc = (struct cascade_doc){g, r, ids, json_array_size(fail), services};
    rc = request_document(req, "cascade", &d);
cleanup:
    json_decref(services);
    cascade_result_free(r);
    graph_free(g);
    free(idx);
    return rc;
}

/* --- criticality (a job) ------------------------------------------------------ */

#define CRITICALITY_SLICES 20 /* progress steps of a ranking */

struct criticality_job {
    int32_t outage_h, horizon_h;
    size_t top; /* 0: the whole ranking */
};

static int compare_entries(const void *a, const void *b, void *graph)
{
    return criticality_entry_compare(graph, a, b);
}

/* Ranks every node of g in slices, so that the job reports progress and
 * stops between them when asked to. */
static int rank_in_slices(const struct job_run *run, const struct criticality_job *c,
                          const struct graph *g, const unsigned char *counted,
                          struct criticality_entry *all, struct error *e)
{
    uint32_t n = graph_node_count(g), done = 0, i, slice = n / CRITICALITY_SLICES + 1;
    uint32_t *nodes = xcalloc(n ? n : 1, sizeof *nodes);
    /* progress by slices: the engine only looks at the stop flag */
    struct progress_sink stop_only = {NULL, NULL, run->progress->stop};
    int rc = 0;
    for (i = 0; i < n; i++)
        nodes[i] = i;
    while (done < n) {
        struct criticality_options o = {c->outage_h,
                                        c->horizon_h,
                                        run->threads,
                                        nodes + done,
                                        n - done < slice ? n - done : slice,
                                        &stop_only,
                                        counted};
        struct criticality_ranking *r = NULL;
        if (job_stopped(run)) {
            rc = error_set(e, ERR_INTERNAL, NULL, "stopped before the end");
            break;
        }
        if ((rc = criticality_rank(g, &o, &r, e)) != 0)
            break;
        memcpy(all + done, r->entries, r->n * sizeof *all);
        done += (uint32_t)r->n;
        criticality_ranking_free(r);
        job_progress(run, "criticality", (double)done / n * 0.99);
    }
    free(nodes);
    if (rc == 0)
        qsort_r(all, n, sizeof *all, compare_entries, (void *)g);
    return rc;
}

static void criticality_write_doc(void *ctx, struct json_writer *w, const struct report_filter *f)
{
    criticality_write_json(w, ctx, f);
}

/* Marks in readable[] (one byte per node of g) the processes and
 * services the user of a may read; nothing is noted for the audit (the
 * ranking's own view does that for what it shows). */
static int mark_readable(const struct graph *g, const json_t *services, struct store *s,
                         struct access *a, unsigned char *readable, struct error *e)
{
    struct visible v;
    uint32_t i, n = graph_node_count(g);
    int rc = 0, ok = 0;
    visible_init(&v, s, a);
    for (i = 0; i < n && rc == 0; i++) {
        const char *id = graph_node_id(g, i);
        if ((rc = visible_check(&v, process_graph_node_kind(services, id), id, 0, &ok)) != 0)
            *e = v.error;
        readable[i] = (unsigned char)ok;
    }
    visible_release(&v);
    return rc;
}

/* The job: the ranking of the whole stored graph, written with the
 * filter of the user who asked (report_doc_run audits what it names). */
static int criticality_job_run(const struct job_run *run, void *arg, struct strbuf *out,
                               struct error *e)
{
    const struct criticality_job *c = arg;
    struct graph *g = NULL;
    struct store_user *u = NULL;
    struct access *a = NULL;
    struct criticality_entry *all = NULL;
    unsigned char *counted = NULL;
    json_t *services = NULL;
    struct criticality_doc doc;
    struct report_doc d = {NULL, criticality_write_doc, NULL, &doc, "CriticalityResult"};
    struct visible v;
    int rc, have_v = 0;

    if ((rc = store_user_get(run->store, run->user, &u, e)) != 0 ||
        (rc = access_new(run->store, u, &a, e)) != 0 ||
        (rc = process_graph_service_ids(run->store, &services, e)) != 0 ||
        (rc = process_graph_build(run->store, &g, e)) != 0)
        goto cleanup;
    all = xcalloc(graph_node_count(g) + 1, sizeof *all);
    counted = xcalloc(graph_node_count(g) + 1, 1);
    /* need-to-know in the numbers too (issue 14 part 5): an entry counts
     * only the processes and services the user may read, and is ranked by
     * what it counts, so neither its numbers nor its place tell of hidden
     * ones (the coordinator reads all: the engine's own numbers) */
    if ((rc = mark_readable(g, services, run->store, a, counted, e)) != 0 ||
        (rc = rank_in_slices(run, c, g, counted, all, e)) != 0)
        goto cleanup;
    visible_init(&v, run->store, a);
    have_v = 1;
    doc = (struct criticality_doc){g,      all,     graph_node_count(g), c->outage_h, c->horizon_h,
                                   c->top, services};
    rc = report_doc_run(&d, &v, run->store, run->audit, run->user, run->address, "criticality", out,
                        e);
cleanup:
    if (have_v)
        visible_release(&v);
    free(all);
    free(counted);
    graph_free(g);
    json_decref(services);
    access_free(a);
    store_user_free(u);
    return rc;
}

/* The job's arguments as its row keeps them: {"outage_h","horizon_h","top"}. */
static int criticality_job_encode(const void *arg, struct strbuf *out)
{
    const struct criticality_job *c = arg;
    struct json_writer w;
    json_writer_init_buf(&w, out, 0);
    json_write_object_begin(&w);
    json_write_key(&w, "outage_h");
    json_write_int(&w, c->outage_h);
    json_write_key(&w, "horizon_h");
    json_write_int(&w, c->horizon_h);
    json_write_key(&w, "top");
    json_write_int(&w, (int64_t)c->top);
    json_write_object_end(&w);
    return json_writer_finish(&w);
}

static int criticality_job_decode(const char *params, void **arg, struct error *e)
{
    json_t *o = json_loads(params, 0, NULL);
    struct criticality_job *c = xcalloc(1, sizeof *c);
    if (o == NULL) {
        json_decref(o);
        free(c);
        return error_set(e, ERR_INVALID, NULL, "the job's arguments cannot be read");
    }
    c->outage_h = (int32_t)json_integer_value(json_object_get(o, "outage_h"));
    c->horizon_h = (int32_t)json_integer_value(json_object_get(o, "horizon_h"));
    c->top = (size_t)json_integer_value(json_object_get(o, "top"));
    json_decref(o);
    *arg = c;
    return 0;
}

const struct job_type api_criticality_job = {"criticality", criticality_job_run, free,
                                             criticality_job_encode, criticality_job_decode};

int api_job_queued(struct request *req, const struct job_type *type, void *arg)
{
    struct json_writer w;
    char id[JOBS_ID_HEX + 1];
    int rc = jobs_submit(req->state->jobs, req->store, type, req->auth.user->id, req->address, arg,
                         id, &req->error);
    if (rc != 0) {
        if (rc == ERR_RATE_LIMITED)
            req->response.retry_after = JOBS_RETRY_S;
        if (type->free)
            type->free(arg);
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

int api_criticality(struct request *req)
{
    static const char *const keys[] = {"outage_h", "horizon_h", "top", NULL};
    struct criticality_job *c;
    int32_t top = 0;
    json_t *body;
    int rc;

    c = xcalloc(1, sizeof *c);
    if ((rc = request_body_json(req, &body)) != 0 || (rc = api_body_keys(req, body, keys)) != 0 ||
        (rc = api_body_int(req, body, "outage_h", -1, 0, INT32_MAX, &c->outage_h)) != 0 ||
        (rc = api_body_int(req, body, "horizon_h", -1, 1, CASCADE_MAX_HORIZON_H, &c->horizon_h)) !=
            0 ||
        (rc = api_body_int(req, body, "top", 0, 0, INT32_MAX, &top)) != 0) {
        free(c);
        return rc;
    }
    c->top = (size_t)top;
    return api_job_queued(req, &api_criticality_job, c);
}

int api_job_get(struct request *req)
{
    return jobs_render(req->state->jobs, req->tail, req->auth.user->id, req);
}

int api_job_cancel(struct request *req)
{
    int rc = jobs_cancel(req->state->jobs, req->store, req->tail, req->auth.user->id,
                         access_is_coordinator(req->auth.access), &req->error);
    if (rc != 0)
        return rc;
    req->response.status = 204; /* the owner sees the job end at GET */
    return 0;
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
    const struct kind *tables = model_kind(KIND_IIM_TABLE);
    const char *id = json_string_value(json_object_get(body, "table"));
    json_t *c_star = json_object_get(body, "c_star"), *cascade = json_object_get(body, "cascade");
    json_t *fail, *services = NULL;
    struct graph *g = NULL;
    struct cascade_result *r = NULL;
    uint32_t *idx = NULL;
    int32_t outage_h = 0, horizon_h = 0, recovery_h = 0;
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
    if ((rc = failing_nodes(req, fail, "cascade.fail", &services, &g, &idx)) != 0)
        goto cleanup;
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
             (rc = request_audit(req, "read", model_kind(KIND_IIM_TABLE),
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
        q = xcalloc(n, sizeof *q);
        rc = iim_static(n, in.a_star, in.c_star, q, &req->error);
    } else {
        struct iim_dynamic d = {n, in.a_star, in.k, in.q0, in.steps, in.pert, in.n_pert};
        series = xcalloc(in.steps * n, sizeof *series);
        impact = xcalloc(n, sizeof *impact);
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
