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
#include "base/strbuf.h"
#include "domain/audit.h"
#include "http/request.h"

#include <stddef.h>
#include <stdint.h>

#define JOBS_MAX_PENDING 16   /* queued or running, over all users */
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
 * audited through log. */
int api_whatif_run(struct store *s, struct audit_log *log, const struct job_spec *spec,
                   unsigned threads, struct strbuf *out, struct error *e);

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
