/*
 * jobs.h — long analyses as jobs: a request queues one and gets 202 with
 * the job's address at once; JOBS_WORKERS worker threads of their own (at
 * a lower CPU priority than the request threads, each with its own store
 * connection) run the queue and report progress (phase, 0..1); the result
 * waits in memory for its owner (GET /api/v1/jobs/{id}) until JOBS_KEEP_S
 * after it finished.
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
 * gets 404; a coordinator may cancel it). Jobs live in memory: a restart
 * forgets them.
 */
#ifndef VITAAL_HTTP_JOBS_H
#define VITAAL_HTTP_JOBS_H

#include "base/error.h"
#include "base/strbuf.h"
#include "domain/audit.h"
#include "http/request.h"

#include <stddef.h>
#include <stdint.h>

#define JOBS_MAX_PENDING 16   /* queued or running, over all users */
#define JOBS_PER_USER    2    /* queued or running, of one user */
#define JOBS_WORKERS     2    /* threads that run jobs */
#define JOBS_BUDGET_S    120  /* a job's time budget unless --job-budget */
#define JOBS_RETRY_S     10   /* Retry-After when a quota is full */
#define JOBS_MAX_KEPT    256  /* remembered, finished ones included */
#define JOBS_KEEP_S      3600 /* a finished job's result is kept this long */
#define JOBS_ID_HEX      32

enum job_kind { JOB_CRITICALITY, JOB_WHATIF };

struct job_spec {
    enum job_kind kind;
    char user[129];   /* runs with this user's rights */
    char address[64]; /* the client's address, for the audit log */
    int32_t outage_h; /* JOB_WHATIF: < 0 for the setting */
    int32_t horizon_h;
    size_t top; /* 0: the whole ranking */
    /* JOB_WHATIF: the measures and the failed processes (n_fail 0: the
     * default), strdup'ed. Once jobs_submit succeeded they belong to the
     * job; before, and when it fails, to the caller (job_spec_release). */
    char **measures;
    size_t n_measures;
    char **fail;
    size_t n_fail;
};

/* Frees the arrays of spec and empties them. */
void job_spec_release(struct job_spec *spec);

/* Runs a what-if job (api_whatif.c) on store s with the rights of
 * spec->user: its result JSON into out; the classified records it names are
 * audited through log. progress (may be NULL) gets the engine's progress
 * and may ask it to stop. */
struct progress_sink;
int api_whatif_run(struct store *s, struct audit_log *log, const struct job_spec *spec,
                   unsigned threads, const struct progress_sink *progress, struct strbuf *out,
                   struct error *e);

struct jobs;

/* Starts the worker threads for the database at db_path (threads: how
 * many the engine may use for one job; budget_s: a job's time budget, 0:
 * JOBS_BUDGET_S). Free with jobs_free. */
int jobs_new(const char *db_path, unsigned threads, int64_t budget_s, struct jobs **out,
             struct error *e);
/* Cancels what runs, joins the worker, forgets every job. NULL is fine. */
void jobs_free(struct jobs *j);

/* Queues a job; its id (JOBS_ID_HEX + 1 bytes) in id. ERR_RATE_LIMITED
 * (answer 429 with Retry-After JOBS_RETRY_S) when the user has
 * JOBS_PER_USER jobs waiting or running, or all users JOBS_MAX_PENDING. */
int jobs_submit(struct jobs *j, const struct job_spec *spec, char *id, struct error *e);

/* Writes the job's state as the response of req when it belongs to user:
 * {"id","kind","status","progress","created_at","finished_at","result"|"error"};
 * ERR_NOTFOUND otherwise. */
int jobs_render(struct jobs *j, const char *id, const char *user, struct request *req);

/* Cancels the job id of user (or of anyone when coordinator): a waiting
 * job ends at once, a running one at the engine's next step; both end as
 * failed with job_cancelled. ERR_NOTFOUND when there is no such job for
 * this user; a job that has finished already is left as it is. */
int jobs_cancel(struct jobs *j, const char *id, const char *user, int coordinator, struct error *e);

#endif
