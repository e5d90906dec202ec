/*
 * jobs.c — the job table, its worker thread and the jobs it knows how to
 * run (see jobs.h): the criticality ranking, computed in slices of the
 * graph's nodes so progress can be reported and a shutdown can stop it
 * between slices; and what-if (api_whatif.c), in one piece.
 *
 * Locking: one mutex guards the table and every job's state; the worker
 * holds it only to pick a job and to publish progress or the result, never
 * while computing.
 */
#include "http/jobs.h"

#include "base/json_writer.h"
#include "base/strbuf.h"
#include "base/timefmt.h"
#include "domain/access.h"
#include "domain/process_graph.h"
#include "domain/visible.h"
#include "engine/criticality.h"
#include "engine/graph.h"
#include "http/api.h"
#include "store/users.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define JOBS_SLICES 20 /* progress steps of a criticality ranking */

enum job_status { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED };

struct job {
    char id[JOBS_ID_HEX + 1];
    struct job_spec spec;
    enum job_status status;
    double progress;
    int64_t created, finished;
    char *result; /* JSON, when done */
    struct error error;
    int used;
};

struct jobs {
    pthread_mutex_t lock;
    pthread_cond_t wake; /* a job was queued, or stop */
    pthread_t worker;
    int started;
    int stop;
    char *db_path;
    unsigned threads;
    struct store *store; /* the worker's own connection, opened on first use */
    struct audit_log audit;
    int have_audit; /* audit holds the key */
    struct job table[JOBS_MAX_KEPT];
};

static const char *status_name(enum job_status s)
{
    static const char *const names[] = {"queued", "running", "done", "failed"};
    return names[s];
}

static const char *kind_name(enum job_kind k)
{
    return k == JOB_WHATIF ? "whatif" : "criticality";
}

static void free_ids(char **ids, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
}

void job_spec_release(struct job_spec *spec)
{
    free_ids(spec->measures, spec->n_measures);
    free_ids(spec->fail, spec->n_fail);
    spec->measures = spec->fail = NULL;
    spec->n_measures = spec->n_fail = 0;
}

/* Empties a slot of the table. */
static void forget(struct job *x)
{
    free(x->result);
    job_spec_release(&x->spec);
    memset(x, 0, sizeof *x);
}

static int stopping(struct jobs *j)
{
    int stop;
    pthread_mutex_lock(&j->lock);
    stop = j->stop;
    pthread_mutex_unlock(&j->lock);
    return stop;
}

static void set_progress(struct jobs *j, struct job *job, double p)
{
    pthread_mutex_lock(&j->lock);
    job->progress = p;
    pthread_mutex_unlock(&j->lock);
}

/* --- criticality ------------------------------------------------------------ */

static int compare_entries(const void *a, const void *b, void *graph)
{
    return criticality_entry_compare(graph, a, b);
}

/* The ranking's view for the audited read (domain/visible.h). */
struct ranking_view {
    const struct graph *g;
    const struct criticality_entry *all; /* ranked */
    const json_t *services;
    size_t top;
    unsigned char *visible; /* per node */
};

/* Marks in visible[] the graph's nodes whose process or service the user
 * may read, and notes for the audit the classified ones the ranking shows. */
static int ranking_mark(void *ctx, struct visible *v, struct error *e)
{
    struct ranking_view *r = ctx;
    uint32_t i, n = graph_node_count(r->g);
    size_t shown = 0;
    int rc, ok;
    for (i = 0; i < n; i++) {
        const char *id = graph_node_id(r->g, r->all[i].node);
        const char *type = process_graph_node_type(r->services, id);
        int note = r->top == 0 || shown < r->top;
        if ((rc = visible_check(v, strcmp(type, "service") == 0 ? "services" : "processes", id,
                                note, &ok)) != 0) {
            *e = v->error;
            return rc;
        }
        r->visible[r->all[i].node] = (unsigned char)ok;
        shown += (size_t)ok;
    }
    return 0;
}

static int run_criticality(struct jobs *j, struct job *job, struct strbuf *out, struct error *e)
{
    struct graph *g = NULL;
    struct store_user *u = NULL;
    struct access *a = NULL;
    struct criticality_entry *all = NULL;
    unsigned char *visible = NULL;
    uint32_t *nodes = NULL;
    uint32_t n = 0, i, done = 0, slice;
    size_t shown = 0, total_visible = 0, visible_services = 0;
    json_t *services = NULL;
    struct json_writer w;
    int rc;

    if ((rc = store_user_get(j->store, job->spec.user, &u, e)) != 0 ||
        (rc = access_new(j->store, u, &a, e)) != 0 ||
        (rc = process_graph_service_ids(j->store, &services, e)) != 0 ||
        (rc = process_graph_build(j->store, &g, e)) != 0)
        goto cleanup;
    n = graph_node_count(g);
    all = calloc(n ? n : 1, sizeof *all);
    nodes = calloc(n ? n : 1, sizeof *nodes);
    visible = calloc(n ? n : 1, 1);
    if (!all || !nodes || !visible) {
        rc = error_set(e, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
    for (i = 0; i < n; i++)
        nodes[i] = i;
    slice = n / JOBS_SLICES + 1;
    while (done < n) {
        struct criticality_options o = {job->spec.outage_h,
                                        job->spec.horizon_h,
                                        j->threads,
                                        nodes + done,
                                        n - done < slice ? n - done : slice,
                                        NULL};
        struct criticality_ranking *r = NULL;
        if (stopping(j)) {
            rc = error_set(e, ERR_INTERNAL, NULL, "the server stopped before the job finished");
            goto cleanup;
        }
        if ((rc = criticality_rank(g, &o, &r, e)) != 0)
            goto cleanup;
        memcpy(all + done, r->entries, r->n * sizeof *all);
        done += (uint32_t)r->n;
        criticality_ranking_free(r);
        set_progress(j, job, (double)done / n * 0.99);
    }
    qsort_r(all, n, sizeof *all, compare_entries, g);
    {
        struct ranking_view view = {g, all, services, job->spec.top, visible};
        struct visible v;
        rc = visible_init(&v, j->store, a, e);
        if (rc == 0)
            rc = visible_run(&v, j->store, &j->audit, job->spec.user,
                             job->spec.address[0] ? job->spec.address : NULL, "criticality",
                             ranking_mark, NULL, &view, e);
        visible_release(&v);
        if (rc != 0)
            goto cleanup;
    }
    for (i = 0; i < n; i++) {
        total_visible += visible[all[i].node];
        visible_services += visible[all[i].node] &&
                            json_object_get(services, graph_node_id(g, all[i].node)) != NULL;
    }

    json_writer_init_buf(&w, out, 0);
    json_write_object_begin(&w);
    json_write_key(&w, "horizon_h");
    json_write_int(&w, job->spec.horizon_h);
    json_write_key(&w, "outage_h");
    json_write_int(&w, job->spec.outage_h);
    json_write_key(&w, "processes");
    json_write_int(&w, (int64_t)(total_visible - visible_services));
    json_write_key(&w, "services");
    json_write_int(&w, (int64_t)visible_services);
    /* how many ranked processes and services the caller may not see, never
     * which (issue 14 part 5) */
    json_write_key(&w, "not_visible");
    json_write_int(&w, (int64_t)(n - total_visible));
    json_write_key(&w, "ranking");
    json_write_array_begin(&w);
    for (i = 0; i < n && (job->spec.top == 0 || shown < job->spec.top); i++) {
        if (!visible[all[i].node])
            continue;
        json_write_object_begin(&w);
        json_write_key(&w, "id");
        json_write_string(&w, graph_node_id(g, all[i].node));
        json_write_key(&w, "type");
        json_write_string(&w, process_graph_node_type(services, graph_node_id(g, all[i].node)));
        json_write_key(&w, "affected");
        json_write_int(&w, all[i].affected);
        json_write_key(&w, "down_node_hours");
        json_write_int(&w, all[i].down_node_hours);
        json_write_object_end(&w);
        shown++;
    }
    json_write_array_end(&w);
    json_write_object_end(&w);
    if ((rc = json_writer_finish(&w)) != 0 || out->failed)
        rc = error_set(e, ERR_NOMEM, NULL, "writing the result failed");
cleanup:
    free(all);
    free(nodes);
    free(visible);
    graph_free(g);
    json_decref(services);
    access_free(a);
    store_user_free(u);
    return rc;
}

/* --- the worker ------------------------------------------------------------- */

static struct job *next_queued(struct jobs *j)
{
    struct job *best = NULL;
    size_t i;
    for (i = 0; i < JOBS_MAX_KEPT; i++) {
        struct job *x = &j->table[i];
        if (x->used && x->status == JOB_QUEUED && (best == NULL || x->created < best->created))
            best = x;
    }
    return best;
}

static void *worker_main(void *arg)
{
    struct jobs *j = arg;
    pthread_mutex_lock(&j->lock);
    while (!j->stop) {
        struct job *job = next_queued(j);
        struct strbuf out = STRBUF_INIT;
        struct error e = {0};
        int rc;
        if (job == NULL) {
            pthread_cond_wait(&j->wake, &j->lock);
            continue;
        }
        job->status = JOB_RUNNING;
        pthread_mutex_unlock(&j->lock);

        rc = j->store ? 0 : store_open(j->db_path, 0, &j->store, &e);
        if (rc == 0 && !j->have_audit && (rc = audit_open(j->db_path, 0, &j->audit, &e)) == 0)
            j->have_audit = 1;
        if (rc == 0 && job->spec.kind == JOB_WHATIF)
            rc = api_whatif_run(j->store, &j->audit, &job->spec, j->threads, &out, &e);
        else if (rc == 0)
            rc = run_criticality(j, job, &out, &e);

        pthread_mutex_lock(&j->lock);
        job->finished = (int64_t)time(NULL);
        if (rc == 0) {
            job->result = strbuf_detach(&out);
            job->status = job->result ? JOB_DONE : JOB_FAILED;
            job->progress = 1.0;
        } else {
            job->status = JOB_FAILED;
            job->error = e;
            if (rc != ERR_INVALID && rc != ERR_NOTFOUND)
                fprintf(stderr, "vitaal serve: job %s failed: %s\n", job->id, e.message);
        }
        strbuf_release(&out);
    }
    pthread_mutex_unlock(&j->lock);
    return NULL;
}

int jobs_new(const char *db_path, unsigned threads, struct jobs **out, struct error *e)
{
    struct jobs *j = calloc(1, sizeof *j);
    *out = NULL;
    if (sodium_init() < 0) {
        free(j);
        return error_set(e, ERR_INTERNAL, NULL, "libsodium failed to start");
    }
    if (j == NULL || (j->db_path = strdup(db_path)) == NULL) {
        free(j);
        return error_set(e, ERR_NOMEM, NULL, "out of memory");
    }
    j->threads = threads;
    pthread_mutex_init(&j->lock, NULL);
    pthread_cond_init(&j->wake, NULL);
    if (pthread_create(&j->worker, NULL, worker_main, j) != 0) {
        jobs_free(j);
        return error_set(e, ERR_INTERNAL, NULL, "cannot start the job worker");
    }
    j->started = 1;
    *out = j;
    return 0;
}

void jobs_free(struct jobs *j)
{
    size_t i;
    if (j == NULL)
        return;
    if (j->started) {
        pthread_mutex_lock(&j->lock);
        j->stop = 1;
        pthread_cond_broadcast(&j->wake);
        pthread_mutex_unlock(&j->lock);
        pthread_join(j->worker, NULL);
    }
    for (i = 0; i < JOBS_MAX_KEPT; i++)
        forget(&j->table[i]);
    sodium_memzero(&j->audit, sizeof j->audit);
    store_close(j->store);
    pthread_cond_destroy(&j->wake);
    pthread_mutex_destroy(&j->lock);
    free(j->db_path);
    free(j);
}

int jobs_submit(struct jobs *j, const struct job_spec *spec, char *id, struct error *e)
{
    int64_t now = (int64_t)time(NULL);
    struct job *slot = NULL;
    size_t i, pending = 0;
    unsigned char raw[JOBS_ID_HEX / 2];

    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(id, JOBS_ID_HEX + 1, raw, sizeof raw);
    pthread_mutex_lock(&j->lock);
    for (i = 0; i < JOBS_MAX_KEPT; i++) {
        struct job *x = &j->table[i];
        if (x->used && (x->status == JOB_QUEUED || x->status == JOB_RUNNING))
            pending++;
        else if (x->used && x->finished + JOBS_KEEP_S <= now)
            forget(x);
    }
    for (i = 0; i < JOBS_MAX_KEPT && pending < JOBS_MAX_PENDING; i++) {
        struct job *x = &j->table[i];
        if (!x->used) {
            slot = x;
            break;
        }
        if (x->status == JOB_DONE || x->status == JOB_FAILED) {
            if (slot == NULL || x->finished < slot->finished)
                slot = x; /* the oldest finished one, when no slot is free */
        }
    }
    if (slot == NULL) {
        pthread_mutex_unlock(&j->lock);
        return error_set(e, ERR_CONFLICT, NULL,
                         "the server has %d jobs waiting already; try again later",
                         JOBS_MAX_PENDING);
    }
    forget(slot);
    slot->used = 1;
    snprintf(slot->id, sizeof slot->id, "%s", id);
    slot->spec = *spec;
    slot->status = JOB_QUEUED;
    slot->created = now;
    pthread_cond_signal(&j->wake);
    pthread_mutex_unlock(&j->lock);
    return 0;
}

int jobs_render(struct jobs *j, const char *id, const char *user, struct request *req)
{
    struct json_writer w;
    struct job *job = NULL;
    char when[32];
    size_t i;
    int rc;

    pthread_mutex_lock(&j->lock);
    for (i = 0; i < JOBS_MAX_KEPT; i++) {
        if (j->table[i].used && strcmp(j->table[i].id, id) == 0 &&
            strcmp(j->table[i].spec.user, user) == 0) {
            job = &j->table[i];
            break;
        }
    }
    if (job == NULL) {
        pthread_mutex_unlock(&j->lock);
        return error_set(&req->error, ERR_NOTFOUND, id, "no job with this id");
    }
    request_json_begin(req, 200, &w);
    json_write_object_begin(&w);
    json_write_key(&w, "id");
    json_write_string(&w, job->id);
    json_write_key(&w, "kind");
    json_write_string(&w, kind_name(job->spec.kind));
    json_write_key(&w, "status");
    json_write_string(&w, status_name(job->status));
    json_write_key(&w, "progress");
    json_write_real(&w, job->progress);
    json_write_key(&w, "created_at");
    timefmt_format_datetime(job->created, when);
    json_write_string(&w, when);
    json_write_key(&w, "finished_at");
    if (job->finished) {
        timefmt_format_datetime(job->finished, when);
        json_write_string(&w, when);
    } else {
        json_write_null(&w);
    }
    if (job->status == JOB_FAILED) {
        json_write_key(&w, "error");
        json_write_object_begin(&w);
        json_write_key(&w, "error");
        json_write_string(&w, error_code_name(job->error.code));
        json_write_key(&w, "message");
        json_write_string(&w, job->error.message);
        json_write_object_end(&w);
    }
    json_write_object_end(&w);
    rc = request_json_end(req, &w);
    if (rc == 0 && job->status == JOB_DONE)
        request_json_append_raw(req, "result", job->result);
    pthread_mutex_unlock(&j->lock);
    return rc;
}

int api_job_get(struct request *req)
{
    return jobs_render(req->state->jobs, req->tail, req->auth.user->id, req);
}
