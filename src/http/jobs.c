/*
 * jobs.c — the job table and its worker threads (see jobs.h). It knows no
 * kind of job: each is a struct job_type the API file that queues it owns.
 * A job stops early when its stop flag is set (its time budget is over, it
 * was cancelled, the server stops): the engine looks at it between chunks
 * of events (progress_sink.stop), a job that counts its own steps between
 * them (job_stopped).
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
#include "base/xmalloc.h"

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

enum job_status { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED };

struct job {
    char id[JOBS_ID_HEX + 1];
    const struct job_type *type;
    void *arg;        /* the type's, freed by type->free */
    char user[129];   /* runs with this user's rights */
    char address[64]; /* the client's address, for the audit log */
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
    /* test hook VITAAL_JOB_SLICE_MS: each step a job reports (a slice of a
     * criticality ranking) takes at least this long, so that a browser test can watch a job on
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

/* Empties a slot of the table. */
static void forget(struct job *x)
{
    free(x->result);
    if (x->type && x->type->free)
        x->type->free(x->arg);
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

/* --- the worker ------------------------------------------------------------- */

/* Whether user has a job running. */
static int user_running(struct jobs *j, const char *user)
{
    size_t i;
    for (i = 0; i < JOBS_MAX_KEPT; i++) {
        struct job *x = &j->table[i];
        if (x->used && x->status == JOB_RUNNING && strcmp(x->user, user) == 0)
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
            !user_running(j, x->user))
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
        struct progress_sink sink = {NULL, NULL, NULL};
        struct job_run run;
        int rc;
        if (job == NULL) {
            pthread_cond_wait(&j->wake, &j->lock);
            continue;
        }
        job->status = JOB_RUNNING;
        job->started_ms = monotonic_ms();
        snprintf(job->phase, sizeof job->phase, "%s", job->type->name);
        atomic_store(&job->stop, 0);
        pthread_mutex_unlock(&j->lock);

        rc = wk->store ? 0 : store_open(j->db_path, 0, &wk->store, &e);
        if (rc == 0 && !j->have_audit)
            rc = error_set(&e, ERR_INTERNAL, NULL, "the audit key was not loaded");
        if (rc == 0) {
            run = (struct job_run){
                wk->store,  &j->audit, job->user, job->address[0] ? job->address : NULL,
                j->threads, &sink,     j,         job};
            sink = (struct progress_sink){on_progress, &run, &job->stop};
            rc = job->type->run(&run, job->arg, &out, &e);
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
    struct jobs *j = xcalloc(1, sizeof *j);
    int k, rc;
    *out = NULL;
    if (sodium_init() < 0) {
        free(j);
        return error_set(e, ERR_INTERNAL, NULL, "libsodium failed to start");
    }
    j->db_path = xstrdup(db_path);
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

int jobs_submit(struct jobs *j, const struct job_type *type, const char *user, const char *address,
                void *arg, char *id, struct error *e)
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
            mine += strcmp(x->user, user) == 0;
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
    slot->type = type;
    slot->arg = arg;
    snprintf(slot->user, sizeof slot->user, "%s", user);
    snprintf(slot->address, sizeof slot->address, "%s", address ? address : "");
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
            strcmp(j->table[i].user, user) == 0) {
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
    json_write_string(&w, job->type->name);
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

int jobs_cancel(struct jobs *j, const char *id, const char *user, int coordinator, struct error *e)
{
    struct job *job = NULL;
    size_t i;
    pthread_mutex_lock(&j->lock);
    for (i = 0; i < JOBS_MAX_KEPT; i++) {
        struct job *x = &j->table[i];
        if (x->used && strcmp(x->id, id) == 0 && (coordinator || strcmp(x->user, user) == 0)) {
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
