/*
 * jobs.h — long analyses as jobs: a request queues one and gets 202 with
 * the job's address at once; a small worker thread runs the queue with a
 * store connection of its own and reports progress (0..1); the result waits
 * in memory for its owner (GET /api/v1/jobs/{id}) until JOBS_KEEP_S after
 * it finished.
 *
 * A job runs with the rights of the user who asked: its result shows only
 * what that user may see. Only that user sees the job at all (anyone else
 * gets 404). Jobs live in memory: a restart forgets them.
 */
#ifndef VITAAL_HTTP_JOBS_H
#define VITAAL_HTTP_JOBS_H

#include "base/error.h"
#include "http/request.h"

#include <stddef.h>
#include <stdint.h>

#define JOBS_MAX_PENDING 16   /* queued or running, over all users */
#define JOBS_MAX_KEPT    256  /* remembered, finished ones included */
#define JOBS_KEEP_S      3600 /* a finished job's result is kept this long */
#define JOBS_ID_HEX      32

enum job_kind { JOB_CRITICALITY };

struct job_spec {
    enum job_kind kind;
    char user[129]; /* runs with this user's rights */
    int32_t outage_h;
    int32_t horizon_h;
    size_t top; /* 0: the whole ranking */
};

struct jobs;

/* Starts the worker thread for the database at db_path (threads: how many
 * the engine may use for one job). Free with jobs_free. */
int jobs_new(const char *db_path, unsigned threads, struct jobs **out, struct error *e);
/* Cancels what runs, joins the worker, forgets every job. NULL is fine. */
void jobs_free(struct jobs *j);

/* Queues a job; its id (JOBS_ID_HEX + 1 bytes) in id. ERR_CONFLICT when
 * JOBS_MAX_PENDING are waiting already. */
int jobs_submit(struct jobs *j, const struct job_spec *spec, char *id, struct error *e);

/* Writes the job's state as the response of req when it belongs to user:
 * {"id","kind","status","progress","created_at","finished_at","result"|"error"};
 * ERR_NOTFOUND otherwise. */
int jobs_render(struct jobs *j, const char *id, const char *user, struct request *req);

#endif
