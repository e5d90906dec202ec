/*
 * api_risks.c — GET /api/v1/risk-picture: the risk picture of one process,
 * one sector or the nation (domain/risk_score.h), with residual risk after
 * the measures judged effective when residual=true (domain/toetsing.h),
 * as `vitaal risks --json` writes it (report/report_json.h); summary=true
 * leaves out the lists of risks, processes and sectors (the dashboard draws
 * only the diagrams and the common causes).
 *
 * Need-to-know, applied before anything is counted: the picture is
 * computed, then a copy is made that holds only what the user may read —
 * its visible processes; their risks the user may read (a risk shared with
 * the user whose process it may not read is not in the picture: the
 * picture is of processes); the base analysis
 * and quickscans only when visible (findings only from visible analyses);
 * on a risk, only the visible measures that made its residual; the sectors
 * of the visible processes (when the sector record is visible), counted
 * over those. The diagrams, resilience
 * and findings are counted on that copy, so no count includes a hidden
 * record. A residual class is shown as computed, also where a measure the
 * user cannot see lowered it (as verdicts elsewhere; docs/api.md).
 * The common causes (services whose failure alone takes down processes in
 * two or more sectors, domain/service.h) name only the services the user
 * may read, and of each only its readable processes and sectors.
 * Every confidential or secret record the answer names is audited as a
 * read, in a transaction that builds the picture again.
 */
#include "http/api.h"

#include "base/timefmt.h"
#include "domain/access.h"
#include "domain/risk_score.h"
#include "domain/toetsing.h"
#include "domain/visible.h"
#include "report/report_json.h"

#include <string.h>

struct picture {
    struct risk_query query;
    int residual;
    int summary;
    int64_t today;
    struct risk_picture full; /* as computed: owns the memory */
    struct toetsing_report reviews;
    struct risk_picture shown;           /* borrows from full; arrays on the request's arena */
    struct service_common_causes common; /* as computed: owns the memory */
    struct service_common_causes common_shown; /* borrows from common, on the arena */
};

static void picture_release(struct picture *p)
{
    risk_picture_release(&p->full);
    toetsing_report_release(&p->reviews);
    memset(&p->reviews, 0, sizeof p->reviews);
    memset(&p->shown, 0, sizeof p->shown);
    service_common_causes_release(&p->common);
    memset(&p->common_shown, 0, sizeof p->common_shown);
}

/* visible_check noting what is shown; a failure is put on the request. */
static int seen(struct request *req, struct visible *v, enum kind_id kind, const char *id,
                int *shown)
{
    int rc = visible_check(v, kind, id, 1, shown);
    if (rc != 0)
        req->error = v->error;
    return rc;
}

/* Copies proc into *out with only the visible analyses and findings. */
static int shown_process(struct request *req, struct visible *v, const struct risk_process *proc,
                         struct risk_process *out)
{
    size_t i;
    int rc, shown;
    *out = *proc;
    out->quickscans = arena_alloc(&req->arena, (proc->n_quickscans + 1) * sizeof(char *));
    out->findings = arena_alloc(&req->arena, (proc->n_findings + 1) * sizeof *out->findings);
    if (out->quickscans == NULL || out->findings == NULL)
        return error_set(&req->error, ERR_TOO_LARGE, NULL, "over the request's memory limit");
    out->n_quickscans = out->n_findings = 0;
    out->first_risk = out->n_risks = 0;
    if (proc->analysis) {
        if ((rc = seen(req, v, KIND_ANALYSIS, proc->analysis, &shown)) != 0)
            return rc;
        if (!shown) {
            out->analysis = NULL;
            out->analysis_kind[0] = out->analysis_status[0] = out->analysis_date[0] = '\0';
        }
    }
    for (i = 0; i < proc->n_quickscans; i++) {
        if ((rc = seen(req, v, KIND_ANALYSIS, proc->quickscans[i], &shown)) != 0)
            return rc;
        if (shown)
            out->quickscans[out->n_quickscans++] = proc->quickscans[i];
    }
    for (i = 0; i < proc->n_findings; i++) {
        if ((rc = seen(req, v, KIND_ANALYSIS, proc->findings[i].analysis, &shown)) != 0)
            return rc;
        if (shown)
            out->findings[out->n_findings++] = proc->findings[i];
    }
    return 0;
}

/* Copies r into *out with only the visible measures of its residual. */
static int shown_risk(struct request *req, struct visible *v, const struct risk_entry *r,
                      struct risk_entry *out)
{
    size_t i;
    int rc, shown;
    *out = *r;
    out->measures = arena_alloc(&req->arena, (r->n_measures + 1) * sizeof(char *));
    if (out->measures == NULL)
        return error_set(&req->error, ERR_TOO_LARGE, NULL, "over the request's memory limit");
    out->n_measures = 0;
    for (i = 0; i < r->n_measures; i++) {
        if ((rc = seen(req, v, KIND_MEASURE, r->measures[i], &shown)) != 0)
            return rc;
        if (shown)
            out->measures[out->n_measures++] = r->measures[i];
    }
    return 0;
}

/* Builds p->shown from p->full: what the user may read, nothing else. */
static int filter(struct request *req, struct visible *v, struct picture *p)
{
    const struct risk_picture *full = &p->full;
    struct risk_picture *s = &p->shown;
    size_t i, j;
    int rc, shown;

    *s = *full;
    s->processes = arena_alloc(&req->arena, (full->n_processes + 1) * sizeof *s->processes);
    s->risks = arena_alloc(&req->arena, (full->n_risks + 1) * sizeof *s->risks);
    s->sectors = arena_alloc(&req->arena, (full->n_sectors + 1) * sizeof *s->sectors);
    if (s->processes == NULL || s->risks == NULL || s->sectors == NULL)
        return error_set(&req->error, ERR_TOO_LARGE, NULL, "over the request's memory limit");
    s->n_processes = s->n_risks = s->n_sectors = 0;
    for (i = 0; i < full->n_processes; i++) {
        const struct risk_process *proc = &full->processes[i];
        struct risk_process *out = &s->processes[s->n_processes];
        if ((rc = seen(req, v, KIND_PROCESS, proc->id, &shown)) != 0)
            return rc;
        if (!shown)
            continue;
        if ((rc = shown_process(req, v, proc, out)) != 0)
            return rc;
        /* its risks the user may read, in the picture's order */
        out->first_risk = s->n_risks;
        for (j = proc->first_risk; j < proc->first_risk + proc->n_risks; j++) {
            if ((rc = seen(req, v, KIND_RISK, full->risks[j].id, &shown)) != 0)
                return rc;
            if (shown && (rc = shown_risk(req, v, &full->risks[j], &s->risks[s->n_risks++])) != 0)
                return rc;
        }
        out->n_risks = s->n_risks - out->first_risk;
        s->n_processes++;
    }
    for (i = 0; i < full->n_sectors; i++) {
        struct risk_sector sec = full->sectors[i];
        sec.n_processes = sec.n_analysed = 0;
        for (j = 0; j < s->n_processes; j++) {
            if (strcmp(s->processes[j].sector, sec.id) != 0)
                continue;
            sec.n_processes++;
            sec.n_analysed += s->processes[j].analysis != NULL;
        }
        if (sec.n_processes == 0)
            continue;
        if ((rc = seen(req, v, KIND_SECTOR, sec.id, &shown)) != 0)
            return rc;
        if (shown)
            s->sectors[s->n_sectors++] = sec;
    }
    return 0;
}

/* Keeps of ids (n of them) in out only the records of kind the user may
 * read. */
static int shown_ids(struct request *req, struct visible *v, enum kind_id kind, char **ids,
                     size_t n, char ***out, size_t *n_out)
{
    size_t i;
    int rc, shown;
    *n_out = 0;
    if ((*out = arena_alloc(&req->arena, (n + 1) * sizeof(char *))) == NULL)
        return error_set(&req->error, ERR_TOO_LARGE, NULL, "over the request's memory limit");
    for (i = 0; i < n; i++) {
        if ((rc = seen(req, v, kind, ids[i], &shown)) != 0)
            return rc;
        if (shown)
            (*out)[(*n_out)++] = ids[i];
    }
    return 0;
}

/* The common causes the user may see: a service it may read, and of it
 * only the processes and sectors it may read (the counts as computed, like
 * every verdict; docs/api.md). A hidden service is not named at all. */
static int filter_common(struct request *req, struct visible *v, struct picture *p)
{
    const struct service_common_causes *full = &p->common;
    struct service_common_causes *s = &p->common_shown;
    size_t i;
    int rc, shown;
    *s = *full;
    s->n = 0;
    if ((s->causes = arena_alloc(&req->arena, (full->n + 1) * sizeof *s->causes)) == NULL)
        return error_set(&req->error, ERR_TOO_LARGE, NULL, "over the request's memory limit");
    for (i = 0; i < full->n; i++) {
        const struct service_common_cause *c = &full->causes[i];
        struct service_common_cause *out = &s->causes[s->n];
        if ((rc = seen(req, v, KIND_SERVICE, c->service, &shown)) != 0)
            return rc;
        if (!shown)
            continue;
        *out = *c;
        if ((rc = shown_ids(req, v, KIND_PROCESS, c->processes, c->n_processes, &out->processes,
                            &out->n_processes)) != 0 ||
            (rc = shown_ids(req, v, KIND_SECTOR, c->sectors, c->n_sectors, &out->sectors,
                            &out->n_sectors)) != 0)
            return rc;
        s->n++;
    }
    p->shown.common = s;
    return 0;
}

static int build(struct request *req, struct visible *v, struct picture *p)
{
    int rc;
    picture_release(p);
    visible_reset(v);
    rc = risk_picture_compute(req->store, &p->query, &p->full, &req->error);
    if (rc == ERR_NOTFOUND)
        return error_set(&req->error, ERR_NOTFOUND, p->query.process ? "process" : "sector",
                         "no %s '%s'", p->query.process ? "process" : "sector",
                         p->query.process ? p->query.process : p->query.sector);
    if (rc == 0 && p->residual &&
        (rc = toetsing_compute(req->store, p->today, &p->reviews, &req->error)) == 0)
        rc = toetsing_apply_residual(&p->reviews, &p->full, &req->error);
    if (rc == 0)
        rc = service_common_causes_compute(req->store, &p->common, &req->error);
    if (rc == 0)
        rc = filter(req, v, p);
    return rc == 0 ? filter_common(req, v, p) : rc;
}

/* The process or sector of the query must be visible (a sector above the
 * user's clearance is hidden too); 404 as if absent otherwise. */
static int check_scope(struct request *req, struct visible *v, const struct picture *p)
{
    enum kind_id kind = p->query.process ? KIND_PROCESS : KIND_SECTOR;
    const char *field = p->query.process ? "process" : "sector";
    const char *id = p->query.process ? p->query.process : p->query.sector;
    int rc, shown = 0;
    if (id == NULL)
        return 0;
    if ((rc = visible_check(v, kind, id, 0, &shown)) != 0) {
        req->error = v->error;
        return rc;
    }
    return shown ? 0 : error_set(&req->error, ERR_NOTFOUND, field, "no %s '%s'", field, id);
}

static int read_params(struct request *req, struct picture *p)
{
    static const char *const known[] = {"process", "sector", "residual", "summary", NULL};
    const char *residual = request_query(req, "residual");
    const char *summary = request_query(req, "summary");
    size_t i;
    for (i = 0; i < req->n_query; i++) {
        if (model_value_index(known, req->query[i].key) < 0)
            return error_set(&req->error, ERR_INVALID, req->query[i].key,
                             "unknown parameter (process, sector, residual, summary, as_of)");
    }
    p->query.process = request_query(req, "process");
    p->query.sector = request_query(req, "sector");
    if (p->query.process && p->query.sector)
        return error_set(&req->error, ERR_INVALID, "sector", "give process or sector, not both");
    if (residual && strcmp(residual, "true") != 0 && strcmp(residual, "false") != 0)
        return error_set(&req->error, ERR_INVALID, "residual", "true or false");
    p->residual = residual && strcmp(residual, "true") == 0;
    if (summary && strcmp(summary, "true") != 0 && strcmp(summary, "false") != 0)
        return error_set(&req->error, ERR_INVALID, "summary", "true or false");
    p->summary = summary && strcmp(summary, "true") == 0;
    p->today = req->today;
    return 0;
}

int api_risk_picture(struct request *req)
{
    struct picture p;
    struct visible v;
    struct json_writer w;
    int rc;

    memset(&p, 0, sizeof p);
    if ((rc = read_params(req, &p)) != 0)
        return rc;
    visible_init(&v, req->store, req->auth.access);
    if ((rc = check_scope(req, &v, &p)) == 0)
        rc = build(req, &v, &p);
    if (rc == 0 && json_array_size(v.noted) > 0 && req->live) {
        /* as of a day: the snapshot does not change under us; the reads
         * are logged in the live database */
        if ((rc = store_begin_read(req->live, &req->error)) == 0 &&
            (rc = visible_audit(&v, req->live, &req->state->audit, req->auth.user->id, req->address,
                                "risk-picture", &req->error)) == 0)
            rc = store_commit(req->live, &req->error);
        if (rc != 0)
            store_rollback(req->live);
    } else if (rc == 0 && json_array_size(v.noted) > 0) {
        /* classified records: the picture answered is the one audited */
        visible_reset(&v);
        if ((rc = store_begin_read(req->store, &req->error)) == 0 &&
            (rc = check_scope(req, &v, &p)) == 0 && (rc = build(req, &v, &p)) == 0 &&
            (rc = visible_audit(&v, req->store, &req->state->audit, req->auth.user->id,
                                req->address, "risk-picture", &req->error)) == 0)
            rc = store_commit(req->store, &req->error);
    }
    if (rc == 0) {
        request_json_begin(req, 200, &w);
        if (p.summary)
            risk_picture_write_summary_json(&w, &p.shown);
        else
            risk_picture_write_json(&w, &p.shown);
        rc = request_json_end_checked(req, &w, "RiskPicture");
    }
    picture_release(&p);
    visible_release(&v);
    return rc;
}
