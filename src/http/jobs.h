/*
 * jobs.h — long analyses as jobs, generic: a job type is a name, a run
 * function and a free function (the API files that queue them own them:
 * api_rules.c the criticality ranking, api_whatif.c what-if); a request queues one and gets 202
 * with the job's address at once; JOBS_WORKERS worker threads of their own (at a lower CPU priority
 * than the request threads, each with its own store connection) run the queue and report progress
 * (phase, 0..1); the result waits for its owner (GET /api/v1/jobs/{id}) until JOBS_KEEP_S
 * after it finished.
 *
 * The queue is the database's (store/shared.h, issue 15 part 2): a job is
 * a row, with its arguments as JSON (the type's encode and decode), so
 * that several servers on one database share one queue: the worker of any
 * server claims a job (once: FOR UPDATE SKIP LOCKED on PostgreSQL) and a
 * watcher thread writes its progress to the row every JOBS_BEAT_MS and
 * reads whether it was cancelled; GET and DELETE answer on any server.
 * A job whose server stopped without a word ends as failed JOBS_DEAD_S
 * after its last heartbeat.
 *
 * Bounded (issue 14 part 2): a user has at most JOBS_PER_USER jobs waiting
 * or running (429 with Retry-After beyond), all users together
 * JOBS_MAX_PENDING; a worker never takes a second job of a user whose job
 * runs already, so one user's jobs cannot hold every worker; and a job that
 * runs longer than its time budget is stopped and ends as failed
 * (job_budget). The owner or a coordinator may cancel a job (DELETE).
 *
 * A job runs with the rights of the user who asked: its result shows only
 * what that user may see. Only that user sees the job at all (anyone else
 * gets 404; a coordinator may cancel it).
 */
#ifndef VITAAL_HTTP_JOBS_H
#define VITAAL_HTTP_JOBS_H

#include "base/error.h"
#include "base/strbuf.h"
#include "domain/audit.h"
#include "http/request.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define JOBS_MAX_PENDING 16   /* queued or running, over all users */
#define JOBS_PER_USER    2    /* queued or running, of one user */
#define JOBS_WORKERS     2    /* threads that run jobs */
#define JOBS_BUDGET_S    120  /* a job's time budget unless --job-budget */
#define JOBS_RETRY_S     10   /* Retry-After when a quota is full */
#define JOBS_KEEP_S      3600 /* a finished job's result is kept this long */
#define JOBS_ID_HEX      32
#define JOBS_POLL_MS     500 /* an idle worker looks for jobs of other servers this often */
#define JOBS_BEAT_MS     300 /* a running job's progress is written this often */
#define JOBS_DEAD_S      30  /* a running job without a heartbeat this long has no server */

struct jobs;
struct progress_sink;

/* What a running job is given (jobs.c fills it in). */
struct job_run {
    struct store *store;     /* the worker's own connection */
    struct audit_log *audit; /* the server's audit key */
    const char *user;        /* the job runs with this user's rights */
    const char *address;     /* the client's address, NULL when unknown */
    unsigned threads;        /* how many the engine may use */
    /* the engine's progress (reported as the job's) and the job's stop
     * flag, set when it is cancelled, over its budget or the server stops */
    const struct progress_sink *progress;
    struct jobs *jobs; /* jobs.c's own */
    void *job;
};

/* A kind of job: what the API files register (jobs.c knows none of them). */
struct job_type {
    const char *name; /* the job's "kind" in its state: "criticality", "whatif" */
    /* Runs the job with arg: its result JSON into out, the classified
     * records it names audited through run->audit. It stops early, with
     * any error, when job_stopped says so. */
    int (*run)(const struct job_run *run, void *arg, struct strbuf *out, struct error *e);
    void (*free)(void *arg); /* frees arg; may be NULL */
    /* arg as JSON into out (the job's row keeps it), and back */
    int (*encode)(const void *arg, struct strbuf *out);
    int (*decode)(const char *params, void **arg, struct error *e);
};

/* The stop callback a job asks between its steps (the engine asks the same
 * flag through run->progress): 1 when it is to stop. */
int job_stopped(const struct job_run *run);
/* Reports the job's progress by hand (phase, 0..1), for a job that counts
 * its own steps. */
void job_progress(const struct job_run *run, const char *phase, double fraction);

/* Starts the worker threads for the database at db_path (threads: how
 * many the engine may use for one job; budget_s: a job's time budget, 0:
 * JOBS_BUDGET_S) for the job types in types (NULL-terminated, static).
 * Free with jobs_free. */
int jobs_new(const char *db_path, unsigned threads, int64_t budget_s,
             const struct job_type *const *types, struct jobs **out, struct error *e);
/* Cancels what runs, joins the worker, forgets every job. NULL is fine. */
void jobs_free(struct jobs *j);

/* Queues a job of type for user through the connection s (address: the client's, may be NULL) with
 * arg, which belongs to the job once this succeeded (type->free frees it)
 * and to the caller when it fails; its id (JOBS_ID_HEX + 1 bytes) in id.
 * ERR_RATE_LIMITED (answer 429 with Retry-After JOBS_RETRY_S) when the user
 * has JOBS_PER_USER jobs waiting or running, or all users
 * JOBS_MAX_PENDING. */
int jobs_submit(struct jobs *j, struct store *s, const struct job_type *type, const char *user,
                const char *address, void *arg, char *id, struct error *e);

/* Writes the job's state as the response of req when it belongs to user:
 * {"id","kind","status","progress","created_at","finished_at","result"|"error"};
 * ERR_NOTFOUND otherwise. */
int jobs_render(struct jobs *j, const char *id, const char *user, struct request *req);

/* Cancels the job id of user (or of anyone when coordinator): a waiting
 * job ends at once, a running one at the engine's next step; both end as
 * failed with job_cancelled. ERR_NOTFOUND when there is no such job for
 * this user; a job that has finished already is left as it is. */
int jobs_cancel(struct jobs *j, struct store *s, const char *id, const char *user, int coordinator,
                struct error *e);

#endif
