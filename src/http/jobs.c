/*
 * jobs.c — the job table, its worker threads and the jobs they know how
 * to run (see jobs.h): the criticality ranking, computed in slices of the
 * graph's nodes so progress can be reported; and what-if (api_whatif.c),
 * in one piece with the engine's progress. Both stop early when the job's
 * stop flag is set (its time budget is over, it was cancelled, the server
 * stops): the engine looks at it between chunks of events
 * (progress_sink.stop), the criticality job also between slices.
 *
 * Locking: one mutex guards the table and every job's state; a worker
 * holds it only to pick a job and to publish progress or the result, never
 * while computing. The stop flag is atomic: the engine reads it unlocked.
 */
#include "http/jobs.h"

#include "base/json_writer.h"
#include "base/progress.h"
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
#include <stdatomic.h>
#include <sys/resource.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define JOBS_SLICES 20 /* progress steps of a criticality ranking */
#define JOBS_NICE   10 /* the workers' CPU priority below the request threads */

/* Why a job was asked to stop. */
enum job_stop { STOP_NONE, STOP_BUDGET, STOP_CANCELLED, STOP_SHUTDOWN };

enum job_status { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED };

struct job {
    char id[JOBS_ID_HEX + 1];
    struct job_spec spec;
    enum job_status status;
    double progress;
    char phase[24]; /* what the engine does now ("criticality", "cascade") */
    int64_t created, finished;
    int64_t started_ms; /* monotonic, when a worker took it */
    atomic_int stop;    /* set: the engine stops at its next step */
    enum job_stop why;  /* why stop was set */
    char cancelled_by[129];
    char *result; /* JSON, when done */
    struct error error;
    int used;
};

struct jobs;

/* One worker thread and its own connection, opened on first use. */
struct job_worker {
    struct jobs *jobs;
    pthread_t thread;
    struct store *store;
};

struct jobs {
    pthread_mutex_t lock;
    pthread_cond_t wake; /* a job was queued or finished, or stop */
    struct job_worker workers[JOBS_WORKERS];
    int started; /* workers started */
    int stop;
    char *db_path;
    unsigned threads;
    int64_t budget_s;
    /* test hook VITAAL_JOB_SLICE_MS: each slice of a criticality ranking
     * takes at least this long, so that a browser test can watch a job on
     * the small demo graph and cancel it; 0 (unset) in production */
    int64_t slice_ms;
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

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sets job's stop flag once its budget is over (call with the lock held);
 * whether it is to stop. */
static int should_stop(struct jobs *j, struct job *job)
{
    if (j->stop && job->why == STOP_NONE)
        job->why = STOP_SHUTDOWN;
    else if (job->why == STOP_NONE && monotonic_ms() - job->started_ms >= j->budget_s * 1000)
        job->why = STOP_BUDGET;
    if (job->why != STOP_NONE)
        atomic_store(&job->stop, 1);
    return job->why != STOP_NONE;
}

static void set_progress(struct jobs *j, struct job *job, const char *phase, double p)
{
    pthread_mutex_lock(&j->lock);
    job->progress = p;
    snprintf(job->phase, sizeof job->phase, "%s", phase);
    should_stop(j, job);
    pthread_mutex_unlock(&j->lock);
}

/* What a running job's progress sink reports to. */
struct job_run {
    struct jobs *jobs;
    struct job *job;
};

static void on_progress(void *context, const char *phase, const char *unit, uint64_t done,
                        uint64_t total)
{
    struct job_run *run = context;
    (void)unit;
    set_progress(run->jobs, run->job, phase, total ? (double)done / (double)total : 0.0);
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

/* The test hook's pause after a slice, in steps of 20 ms so that a stop is
 * seen at once. */
static void slice_pause(const struct jobs *j, const struct progress_sink *sink)
{
    int64_t waited;
    for (waited = 0; waited < j->slice_ms && !progress_stopped(sink); waited += 20) {
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
}

static int run_criticality(struct jobs *j, struct store *s, struct job *job,
                           const struct progress_sink *sink, struct strbuf *out, struct error *e)
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

    if ((rc = store_user_get(s, job->spec.user, &u, e)) != 0 ||
        (rc = access_new(s, u, &a, e)) != 0 ||
        (rc = process_graph_service_ids(s, &services, e)) != 0 ||
        (rc = process_graph_build(s, &g, e)) != 0)
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
                                        sink};
        struct criticality_ranking *r = NULL;
        if (progress_stopped(sink)) {
            rc = error_set(e, ERR_INTERNAL, NULL, "stopped before the end");
            goto cleanup;
        }
        if ((rc = criticality_rank(g, &o, &r, e)) != 0)
            goto cleanup;
        memcpy(all + done, r->entries, r->n * sizeof *all);
        done += (uint32_t)r->n;
        criticality_ranking_free(r);
        set_progress(j, job, "criticality", (double)done / n * 0.99);
        slice_pause(j, sink);
    }
    qsort_r(all, n, sizeof *all, compare_entries, g);
    {
        struct ranking_view view = {g, all, services, job->spec.top, visible};
        struct visible v;
        rc = visible_init(&v, s, a, e);
        if (rc == 0)
            rc = visible_run(&v, s, &j->audit, job->spec.user,
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

/* Whether user has a job running. */
static int user_running(struct jobs *j, const char *user)
{
    size_t i;
    for (i = 0; i < JOBS_MAX_KEPT; i++) {
        struct job *x = &j->table[i];
        if (x->used && x->status == JOB_RUNNING && strcmp(x->spec.user, user) == 0)
            return 1;
    }
    return 0;
}

/* The oldest waiting job whose owner has none running: one user's jobs
 * never hold every worker while another's wait. */
static struct job *next_queued(struct jobs *j)
{
    struct job *best = NULL;
    size_t i;
    for (i = 0; i < JOBS_MAX_KEPT; i++) {
        struct job *x = &j->table[i];
        if (x->used && x->status == JOB_QUEUED && (best == NULL || x->created < best->created) &&
            !user_running(j, x->spec.user))
            best = x;
    }
    return best;
}

/* The failure of a job that was stopped, said for its owner. */
static void stopped_error(struct jobs *j, struct job *job)
{
    char budget[24];
    switch (job->why) {
    case STOP_BUDGET:
        snprintf(budget, sizeof budget, "%lld", (long long)j->budget_s);
        error_set_msg(&job->error, ERR_TOO_LARGE, NULL, "job_budget",
                      "the job ran over its time budget of {seconds} s and was stopped; ask for "
                      "less (a shorter horizon, fewer measures) or use the command line",
                      "seconds", budget, NULL);
        break;
    case STOP_CANCELLED:
        error_set_msg(&job->error, ERR_CONFLICT, NULL, "job_cancelled",
                      "the job was cancelled by {user}", "user", job->cancelled_by, NULL);
        break;
    default:
        error_set(&job->error, ERR_INTERNAL, NULL, "the server stopped before the job finished");
        break;
    }
}

static void *worker_main(void *arg)
{
    struct job_worker *wk = arg;
    struct jobs *j = wk->jobs;
    /* below the request threads: a job never slows an interactive request
     * much (on Linux the nice value is per thread, and the engine's threads
     * inherit it) */
    setpriority(PRIO_PROCESS, (id_t)gettid(), JOBS_NICE);
    pthread_mutex_lock(&j->lock);
    while (!j->stop) {
        struct job *job = next_queued(j);
        struct strbuf out = STRBUF_INIT;
        struct error e = {0};
        struct job_run run = {j, job};
        struct progress_sink sink = {on_progress, &run, NULL};
        int rc;
        if (job == NULL) {
            pthread_cond_wait(&j->wake, &j->lock);
            continue;
        }
        job->status = JOB_RUNNING;
        job->started_ms = monotonic_ms();
        snprintf(job->phase, sizeof job->phase, "%s", kind_name(job->spec.kind));
        atomic_store(&job->stop, 0);
        sink.stop = &job->stop;
        pthread_mutex_unlock(&j->lock);

        rc = wk->store ? 0 : store_open(j->db_path, 0, &wk->store, &e);
        if (rc == 0 && !j->have_audit)
            rc = error_set(&e, ERR_INTERNAL, NULL, "the audit key was not loaded");
        if (rc == 0 && job->spec.kind == JOB_WHATIF) {
            rc = api_whatif_run(wk->store, &j->audit, &job->spec, j->threads, &sink, &out, &e);
        } else if (rc == 0) {
            /* progress by slices: the engine only looks at the stop flag */
            struct progress_sink stop_only = {NULL, NULL, &job->stop};
            rc = run_criticality(j, wk->store, job, &stop_only, &out, &e);
        }

        pthread_mutex_lock(&j->lock);
        job->finished = (int64_t)time(NULL);
        if (rc == 0) { /* finished: a stop asked for too late changes nothing */
            job->result = strbuf_detach(&out);
            job->status = job->result ? JOB_DONE : JOB_FAILED;
            job->progress = 1.0;
        } else if (job->why != STOP_NONE) {
            job->status = JOB_FAILED;
            stopped_error(j, job);
        } else {
            job->status = JOB_FAILED;
            job->error = e;
            if (rc != ERR_INVALID && rc != ERR_NOTFOUND)
                fprintf(stderr, "vitaal serve: job %s failed: %s\n", job->id, e.message);
        }
        strbuf_release(&out);
        pthread_cond_broadcast(&j->wake); /* a job of this user may go now */
    }
    pthread_mutex_unlock(&j->lock);
    return NULL;
}

int jobs_new(const char *db_path, unsigned threads, int64_t budget_s, struct jobs **out,
             struct error *e)
{
    struct jobs *j = calloc(1, sizeof *j);
    int k, rc;
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
    j->budget_s = budget_s > 0 ? budget_s : JOBS_BUDGET_S;
    {
        const char *hook = getenv("VITAAL_JOB_SLICE_MS");
        long ms = hook ? strtol(hook, NULL, 10) : 0;
        j->slice_ms = ms > 0 && ms <= 10000 ? ms : 0;
    }
    pthread_mutex_init(&j->lock, NULL);
    pthread_cond_init(&j->wake, NULL);
    if ((rc = audit_open(db_path, 0, &j->audit, e)) != 0) {
        jobs_free(j);
        return rc;
    }
    j->have_audit = 1;
    for (k = 0; k < JOBS_WORKERS; k++) {
        j->workers[k].jobs = j;
        if (pthread_create(&j->workers[k].thread, NULL, worker_main, &j->workers[k]) != 0) {
            jobs_free(j);
            return error_set(e, ERR_INTERNAL, NULL, "cannot start the job workers");
        }
        j->started = k + 1;
    }
    *out = j;
    return 0;
}

void jobs_free(struct jobs *j)
{
    size_t i;
    int k;
    if (j == NULL)
        return;
    pthread_mutex_lock(&j->lock);
    j->stop = 1;
    for (i = 0; i < JOBS_MAX_KEPT; i++)
        if (j->table[i].used && j->table[i].status == JOB_RUNNING)
            should_stop(j, &j->table[i]);
    pthread_cond_broadcast(&j->wake);
    pthread_mutex_unlock(&j->lock);
    for (k = 0; k < j->started; k++)
        pthread_join(j->workers[k].thread, NULL);
    for (i = 0; i < JOBS_MAX_KEPT; i++)
        forget(&j->table[i]);
    sodium_memzero(&j->audit, sizeof j->audit);
    for (k = 0; k < JOBS_WORKERS; k++)
        store_close(j->workers[k].store);
    pthread_cond_destroy(&j->wake);
    pthread_mutex_destroy(&j->lock);
    free(j->db_path);
    free(j);
}

int jobs_submit(struct jobs *j, const struct job_spec *spec, char *id, struct error *e)
{
    int64_t now = (int64_t)time(NULL);
    struct job *slot = NULL;
    size_t i, pending = 0, mine = 0;
    unsigned char raw[JOBS_ID_HEX / 2];
    char max[24];

    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(id, JOBS_ID_HEX + 1, raw, sizeof raw);
    pthread_mutex_lock(&j->lock);
    for (i = 0; i < JOBS_MAX_KEPT; i++) {
        struct job *x = &j->table[i];
        if (x->used && (x->status == JOB_QUEUED || x->status == JOB_RUNNING)) {
            pending++;
            mine += strcmp(x->spec.user, spec->user) == 0;
        } else if (x->used && x->finished + JOBS_KEEP_S <= now)
            forget(x);
    }
    if (mine >= JOBS_PER_USER) {
        pthread_mutex_unlock(&j->lock);
        snprintf(max, sizeof max, "%d", JOBS_PER_USER);
        return error_set_msg(e, ERR_RATE_LIMITED, NULL, "jobs_per_user",
                             "you have {max} jobs waiting or running already (the limit per "
                             "user); try again when one has finished",
                             "max", max, NULL);
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
        snprintf(max, sizeof max, "%d", JOBS_MAX_PENDING);
        return error_set_msg(e, ERR_RATE_LIMITED, NULL, "jobs_full",
                             "the server has {max} jobs waiting or running already (the limit "
                             "for everyone); try again later",
                             "max", max, NULL);
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
    json_write_key(&w, "percent");
    json_write_int(&w, (int64_t)(job->progress * 100.0));
    json_write_key(&w, "phase");
    if (job->status == JOB_RUNNING && job->phase[0])
        json_write_string(&w, job->phase);
    else
        json_write_null(&w);
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
        if (job->error.id[0]) {
            int k;
            json_write_key(&w, "message_id");
            json_write_string(&w, job->error.id);
            json_write_key(&w, "params"); /* as in every error body (request.c) */
            json_write_object_begin(&w);
            for (k = 0; k < job->error.n_params; k++) {
                json_write_key(&w, job->error.params[k].name);
                json_write_string(&w, job->error.params[k].value);
            }
            json_write_object_end(&w);
        }
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

int jobs_cancel(struct jobs *j, const char *id, const char *user, int coordinator, struct error *e)
{
    struct job *job = NULL;
    size_t i;
    pthread_mutex_lock(&j->lock);
    for (i = 0; i < JOBS_MAX_KEPT; i++) {
        struct job *x = &j->table[i];
        if (x->used && strcmp(x->id, id) == 0 && (coordinator || strcmp(x->spec.user, user) == 0)) {
            job = x;
            break;
        }
    }
    if (job == NULL) {
        pthread_mutex_unlock(&j->lock);
        return error_set(e, ERR_NOTFOUND, id, "no job with this id");
    }
    if ((job->status == JOB_QUEUED || job->status == JOB_RUNNING) && job->why == STOP_NONE) {
        job->why = STOP_CANCELLED;
        snprintf(job->cancelled_by, sizeof job->cancelled_by, "%s", user);
        atomic_store(&job->stop, 1);
        if (job->status == JOB_QUEUED) { /* never started: it ends now */
            job->status = JOB_FAILED;
            job->finished = (int64_t)time(NULL);
            stopped_error(j, job);
        }
    }
    pthread_mutex_unlock(&j->lock);
    return 0;
}

int api_job_cancel(struct request *req)
{
    int rc = jobs_cancel(req->state->jobs, req->tail, req->auth.user->id,
                         strcmp(req->auth.user->role, "coordinator") == 0, &req->error);
    if (rc != 0)
        return rc;
    req->response.status = 204; /* the owner sees the job end at GET */
    return 0;
}
