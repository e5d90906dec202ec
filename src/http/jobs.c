/*
 * jobs.c — the job queue's workers and the answers about jobs (see
 * jobs.h). It knows no kind of job: each is a struct job_type the API file
 * that queues it owns. The queue itself is the database's jobs table
 * (store/shared.h): this file keeps in memory only the job each of its
 * workers runs now, for the engine's stop flag and its progress, which a
 * watcher thread writes to the row every JOBS_BEAT_MS while it reads
 * whether someone cancelled the job (on this server or another).
 * A job stops early when its stop flag is set (its time budget is over, it
 * was cancelled, the server stops): the engine looks at it between chunks
 * of events (progress_sink.stop), a job that counts its own steps between
 * them (job_stopped).
 *
 * Locking: one mutex guards the running jobs' state; a worker holds it
 * only to publish progress or take a job, never while computing or while
 * it talks to the database. The stop flag is atomic: the engine reads it
 * unlocked.
 */
#include "http/jobs.h"

#include "base/json_writer.h"
#include "base/progress.h"
#include "base/strbuf.h"
#include "base/timefmt.h"
#include "base/xmalloc.h"
#include "store/shared.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define JOBS_NICE 10 /* the workers' CPU priority below the request threads */

/* Why a job was asked to stop. */
enum job_stop { STOP_NONE, STOP_BUDGET, STOP_CANCELLED, STOP_SHUTDOWN };

/* The job a worker runs now. */
struct job {
    char id[JOBS_ID_HEX + 1];
    int active; /* a job runs */
    double progress;
    char phase[24];     /* what the engine does now ("criticality", "cascade") */
    int64_t started_ms; /* monotonic, when the worker took it */
    atomic_int stop;    /* set: the engine stops at its next step */
    enum job_stop why;  /* why stop was set */
    char cancelled_by[129];
};

struct jobs;

/* One worker thread, its own connection (opened on first use) and its job. */
struct job_worker {
    struct jobs *jobs;
    pthread_t thread;
    struct store *store;
    struct job job;
};

struct jobs {
    pthread_mutex_t lock;
    pthread_cond_t wake; /* a job was queued here, or stop */
    struct job_worker workers[JOBS_WORKERS];
    int started; /* workers started */
    pthread_t watcher;
    int watching;        /* the watcher started */
    struct store *beats; /* the watcher's connection */
    int stop;
    char *db_path;
    unsigned threads;
    int64_t budget_s;
    char server[17]; /* this process's random name in the jobs it runs */
    const struct job_type *const *types;
    /* test hook VITAAL_JOB_SLICE_MS: each step a job reports (a slice of a
     * criticality ranking) takes at least this long, so that a browser test can watch a job on
     * the small demo graph and cancel it; 0 (unset) in production */
    int64_t slice_ms;
    struct audit_log audit;
    int have_audit; /* audit holds the key */
};

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits on j->wake for at most ms (call with the lock held). */
static void wait_ms(struct jobs *j, int64_t ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&j->wake, &j->lock, &ts);
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

static void on_progress(void *context, const char *phase, const char *unit, uint64_t done,
                        uint64_t total)
{
    struct job_run *run = context;
    (void)unit;
    set_progress(run->jobs, run->job, phase, total ? (double)done / (double)total : 0.0);
}

int job_stopped(const struct job_run *run)
{
    return progress_stopped(run->progress);
}

void job_progress(const struct job_run *run, const char *phase, double fraction)
{
    int64_t waited;
    set_progress(run->jobs, run->job, phase, fraction);
    /* the test hook's pause after a step (VITAAL_JOB_SLICE_MS), in steps of
     * 20 ms so that a stop is seen at once */
    for (waited = 0; waited < run->jobs->slice_ms && !job_stopped(run); waited += 20) {
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
}

/* An error as the body of a failed job's "error" (as in every error body,
 * request.c): {"error","message"[,"message_id","params"]}, into out. */
static void error_json(const struct error *e, struct strbuf *out)
{
    struct json_writer w;
    int k;
    json_writer_init_buf(&w, out, 0);
    json_write_object_begin(&w);
    json_write_key(&w, "error");
    json_write_string(&w, error_code_name(e->code));
    json_write_key(&w, "message");
    json_write_string(&w, e->message);
    if (e->id[0]) {
        json_write_key(&w, "message_id");
        json_write_string(&w, e->id);
        json_write_key(&w, "params");
        json_write_object_begin(&w);
        for (k = 0; k < e->n_params; k++) {
            json_write_key(&w, e->params[k].name);
            json_write_string(&w, e->params[k].value);
        }
        json_write_object_end(&w);
    }
    json_write_object_end(&w);
    json_writer_finish(&w);
}

/* --- the worker ------------------------------------------------------------- */

/* The failure of a job that was stopped, said for its owner. */
static void stopped_error(struct jobs *j, enum job_stop why, const char *by, struct error *e)
{
    char budget[24];
    switch (why) {
    case STOP_BUDGET:
        snprintf(budget, sizeof budget, "%lld", (long long)j->budget_s);
        error_set_msg(e, ERR_TOO_LARGE, NULL, "job_budget",
                      "the job ran over its time budget of {seconds} s and was stopped; ask for "
                      "less (a shorter horizon, fewer measures) or use the command line",
                      "seconds", budget, NULL);
        break;
    case STOP_CANCELLED:
        error_set_msg(e, ERR_CONFLICT, NULL, "job_cancelled", "the job was cancelled by {user}",
                      "user", by, NULL);
        break;
    default:
        error_set(e, ERR_INTERNAL, NULL, "the server stopped before the job finished");
        break;
    }
}

static const struct job_type *find_type(const struct jobs *j, const char *name)
{
    size_t i;
    for (i = 0; j->types && j->types[i]; i++)
        if (strcmp(j->types[i]->name, name) == 0)
            return j->types[i];
    return NULL;
}

/* Runs the claimed job row on wk and writes how it ended into its row. */
static void run_one(struct job_worker *wk, const struct store_job *row)
{
    struct jobs *j = wk->jobs;
    struct job *job = &wk->job;
    const struct job_type *type = find_type(j, row->kind);
    struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
    struct error e = {0};
    struct progress_sink sink = {NULL, NULL, NULL};
    struct job_run run;
    void *arg = NULL;
    int rc = 0, done = 0;

    pthread_mutex_lock(&j->lock);
    memset(job, 0, sizeof *job);
    snprintf(job->id, sizeof job->id, "%s", row->id);
    snprintf(job->phase, sizeof job->phase, "%s", row->kind);
    job->started_ms = monotonic_ms();
    job->active = 1;
    pthread_mutex_unlock(&j->lock);

    if (type == NULL)
        rc = error_set(&e, ERR_INTERNAL, NULL, "this server knows no job of kind %s", row->kind);
    else if (!j->have_audit)
        rc = error_set(&e, ERR_INTERNAL, NULL, "the audit key was not loaded");
    else
        rc = type->decode(row->params, &arg, &e);
    if (rc == 0) {
        run = (struct job_run){
            wk->store,  &j->audit, row->user, row->address[0] ? row->address : NULL,
            j->threads, &sink,     j,         job};
        sink = (struct progress_sink){on_progress, &run, &job->stop};
        rc = type->run(&run, arg, &out, &e);
    }
    if (type && type->free && arg)
        type->free(arg);
    store_rollback(wk->store); /* nothing of a failed job is left open */

    pthread_mutex_lock(&j->lock);
    if (rc == 0) { /* finished: a stop asked for too late changes nothing */
        done = 1;
    } else if (job->why != STOP_NONE) {
        stopped_error(j, job->why, job->cancelled_by, &e);
    } else if (rc != ERR_INVALID && rc != ERR_NOTFOUND) {
        fprintf(stderr, "vitaal serve: job %s failed: %s\n", job->id, e.message);
    }
    pthread_mutex_unlock(&j->lock);
    if (!done)
        error_json(&e, &err);
    if (store_job_finish(wk->store, row->id, done, done ? strbuf_str(&out) : NULL,
                         done ? NULL : strbuf_str(&err), (int64_t)time(NULL), &e) != 0)
        fprintf(stderr, "vitaal serve: job %s: %s\n", row->id, e.message);
    pthread_mutex_lock(&j->lock);
    job->active = 0;
    pthread_mutex_unlock(&j->lock);
    strbuf_release(&out);
    strbuf_release(&err);
}

static void *worker_main(void *arg)
{
    struct job_worker *wk = arg;
    struct jobs *j = wk->jobs;
    struct strbuf dead = STRBUF_INIT;
    struct error why = {0};
    int complained = 0;
    error_set(&why, ERR_INTERNAL, NULL,
              "the server that ran the job stopped before the job finished");
    error_json(&why, &dead);
    /* below the request threads: a job never slows an interactive request
     * much (on Linux the nice value is per thread, and the engine's threads
     * inherit it) */
    setpriority(PRIO_PROCESS, (id_t)gettid(), JOBS_NICE);
    pthread_mutex_lock(&j->lock);
    while (!j->stop) {
        struct store_job *row = NULL;
        struct error e = {0};
        int rc;
        pthread_mutex_unlock(&j->lock);
        rc = wk->store ? 0 : store_open(j->db_path, 0, &wk->store, &e);
        if (rc == 0)
            rc = store_job_claim(wk->store, j->server, (int64_t)time(NULL), JOBS_DEAD_S,
                                 strbuf_str(&dead), &row, &e);
        if (rc != 0 && rc != ERR_BUSY && !complained++)
            fprintf(stderr, "vitaal serve: the job queue: %s\n", e.message);
        if (row) {
            complained = 0;
            run_one(wk, row);
            store_job_free(row);
        }
        pthread_mutex_lock(&j->lock);
        if (row == NULL && !j->stop)
            wait_ms(j, JOBS_POLL_MS);
    }
    pthread_mutex_unlock(&j->lock);
    strbuf_release(&dead);
    return NULL;
}

/* The watcher: every JOBS_BEAT_MS the progress of the jobs this server
 * runs into their rows, and a cancellation asked on any server into their
 * stop flags. */
static void *watcher_main(void *arg)
{
    struct jobs *j = arg;
    pthread_mutex_lock(&j->lock);
    while (!j->stop) {
        int k;
        for (k = 0; k < j->started; k++) {
            struct job *job = &j->workers[k].job;
            char id[JOBS_ID_HEX + 1], phase[24], by[129];
            double progress;
            struct error e = {0};
            if (!job->active)
                continue;
            should_stop(j, job); /* its budget, also between its steps */
            snprintf(id, sizeof id, "%s", job->id);
            snprintf(phase, sizeof phase, "%s", job->phase);
            progress = job->progress;
            pthread_mutex_unlock(&j->lock);
            if ((j->beats || store_open(j->db_path, 0, &j->beats, &e) == 0) &&
                store_job_beat(j->beats, id, phase, progress, (int64_t)time(NULL), by, &e) == 0) {
                pthread_mutex_lock(&j->lock);
                if (by[0] && job->active && strcmp(job->id, id) == 0 && job->why == STOP_NONE) {
                    job->why = STOP_CANCELLED;
                    snprintf(job->cancelled_by, sizeof job->cancelled_by, "%s", by);
                    atomic_store(&job->stop, 1);
                }
            } else {
                pthread_mutex_lock(&j->lock);
            }
        }
        if (!j->stop)
            wait_ms(j, JOBS_BEAT_MS);
    }
    pthread_mutex_unlock(&j->lock);
    return NULL;
}

int jobs_new(const char *db_path, unsigned threads, int64_t budget_s,
             const struct job_type *const *types, struct jobs **out, struct error *e)
{
    struct jobs *j = xcalloc(1, sizeof *j);
    int k, rc;
    *out = NULL;
    if (sodium_init() < 0) {
        free(j);
        return error_set(e, ERR_INTERNAL, NULL, "libsodium failed to start");
    }
    j->db_path = xstrdup(db_path);
    j->threads = threads;
    j->types = types;
    {
        unsigned char raw[8];
        randombytes_buf(raw, sizeof raw);
        sodium_bin2hex(j->server, sizeof j->server, raw, sizeof raw);
    }
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
    if (pthread_create(&j->watcher, NULL, watcher_main, j) != 0) {
        jobs_free(j);
        return error_set(e, ERR_INTERNAL, NULL, "cannot start the job workers");
    }
    j->watching = 1;
    *out = j;
    return 0;
}

void jobs_free(struct jobs *j)
{
    int k;
    if (j == NULL)
        return;
    pthread_mutex_lock(&j->lock);
    j->stop = 1;
    for (k = 0; k < j->started; k++)
        if (j->workers[k].job.active)
            should_stop(j, &j->workers[k].job);
    pthread_cond_broadcast(&j->wake);
    pthread_mutex_unlock(&j->lock);
    for (k = 0; k < j->started; k++)
        pthread_join(j->workers[k].thread, NULL);
    if (j->watching)
        pthread_join(j->watcher, NULL);
    sodium_memzero(&j->audit, sizeof j->audit);
    for (k = 0; k < JOBS_WORKERS; k++)
        store_close(j->workers[k].store);
    store_close(j->beats);
    pthread_cond_destroy(&j->wake);
    pthread_mutex_destroy(&j->lock);
    free(j->db_path);
    free(j);
}

int jobs_submit(struct jobs *j, struct store *s, const struct job_type *type, const char *user,
                const char *address, void *arg, char *id, struct error *e)
{
    struct store_job row;
    struct strbuf params = STRBUF_INIT;
    unsigned char raw[JOBS_ID_HEX / 2];
    char max[24];
    struct timespec now;
    int rc, refused = 0;

    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(id, JOBS_ID_HEX + 1, raw, sizeof raw);
    memset(&row, 0, sizeof row);
    snprintf(row.id, sizeof row.id, "%s", id);
    snprintf(row.kind, sizeof row.kind, "%s", type->name);
    snprintf(row.user, sizeof row.user, "%s", user);
    snprintf(row.address, sizeof row.address, "%s", address ? address : "");
    clock_gettime(CLOCK_REALTIME, &now);
    /* milliseconds: jobs asked in one second keep their order */
    row.created = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
    if ((rc = type->encode(arg, &params)) != 0) {
        strbuf_release(&params);
        return error_set(e, rc, NULL, "cannot write the job's arguments");
    }
    row.params = (char *)strbuf_str(&params);
    rc = store_job_submit(s, &row, JOBS_PER_USER, JOBS_MAX_PENDING, JOBS_KEEP_S, &refused, e);
    strbuf_release(&params);
    if (rc != 0)
        return rc;
    if (refused == 1) {
        snprintf(max, sizeof max, "%d", JOBS_PER_USER);
        return error_set_msg(e, ERR_RATE_LIMITED, NULL, "jobs_per_user",
                             "you have {max} jobs waiting or running already (the limit per "
                             "user); try again when one has finished",
                             "max", max, NULL);
    }
    if (refused) {
        snprintf(max, sizeof max, "%d", JOBS_MAX_PENDING);
        return error_set_msg(e, ERR_RATE_LIMITED, NULL, "jobs_full",
                             "the server has {max} jobs waiting or running already (the limit "
                             "for everyone); try again later",
                             "max", max, NULL);
    }
    if (type->free)
        type->free(arg); /* the row holds it now */
    pthread_mutex_lock(&j->lock);
    pthread_cond_signal(&j->wake);
    pthread_mutex_unlock(&j->lock);
    return 0;
}

int jobs_render(struct jobs *j, const char *id, const char *user, struct request *req)
{
    struct json_writer w;
    struct store_job *job = NULL;
    char when[32];
    int rc, running;

    (void)j;
    if ((rc = store_job_get(req->store, id, &job, &req->error)) != 0)
        return rc;
    if (strcmp(job->user, user) != 0) {
        store_job_free(job);
        return error_set(&req->error, ERR_NOTFOUND, id, "no job with this id");
    }
    running = strcmp(job->status, "running") == 0;
    request_json_begin(req, 200, &w);
    json_write_object_begin(&w);
    json_write_key(&w, "id");
    json_write_string(&w, job->id);
    json_write_key(&w, "kind");
    json_write_string(&w, job->kind);
    json_write_key(&w, "status");
    json_write_string(&w, job->status);
    json_write_key(&w, "progress");
    json_write_real(&w, job->progress);
    json_write_key(&w, "percent");
    json_write_int(&w, (int64_t)(job->progress * 100.0));
    json_write_key(&w, "phase");
    if (running && job->phase[0])
        json_write_string(&w, job->phase);
    else
        json_write_null(&w);
    json_write_key(&w, "created_at");
    timefmt_format_datetime(job->created / 1000, when);
    json_write_string(&w, when);
    json_write_key(&w, "finished_at");
    if (job->finished) {
        timefmt_format_datetime(job->finished, when);
        json_write_string(&w, when);
    } else {
        json_write_null(&w);
    }
    json_write_object_end(&w);
    rc = request_json_end(req, &w);
    if (rc == 0 && strcmp(job->status, "failed") == 0 && job->error)
        request_json_append_raw(req, "error", job->error);
    if (rc == 0 && strcmp(job->status, "done") == 0 && job->result)
        request_json_append_raw(req, "result", job->result);
    store_job_free(job);
    return rc;
}

int jobs_cancel(struct jobs *j, struct store *s, const char *id, const char *user, int coordinator,
                struct error *e)
{
    struct store_job *job = NULL;
    struct strbuf err = STRBUF_INIT;
    struct error why = {0};
    int rc;
    (void)j;
    if ((rc = store_job_get(s, id, &job, e)) != 0)
        return rc;
    if (!coordinator && strcmp(job->user, user) != 0) {
        store_job_free(job);
        return error_set(e, ERR_NOTFOUND, id, "no job with this id");
    }
    store_job_free(job);
    /* a waiting job ends now with this error; a running one when its
     * server's watcher reads who cancelled it */
    stopped_error(j, STOP_CANCELLED, user, &why);
    error_json(&why, &err);
    rc = store_job_cancel(s, id, user, strbuf_str(&err), (int64_t)time(NULL), e);
    strbuf_release(&err);
    return rc;
}
