/*
 * api_cycle.c — the cycle's rules as reports: GET /api/v1/fallback-need
 * (domain/fallback_need.h), GET /api/v1/review-status (toetsing,
 * domain/toetsing.h) and GET /api/v1/incident-deadlines (NIS2/CER
 * notification deadlines, domain/notification.h); the last two are the
 * documents of report/report_json.h the CLI writes too.
 *
 * Need-to-know as for lists: a row appears only when its record (process,
 * measure, incident) is visible to the user, and each named sub-record
 * (dependency, fallback option, review) only when it is visible too; a
 * verdict computed from records the user cannot see is shown as computed
 * (docs/api.md names this, as for cascades). Every confidential or secret
 * record a report shows is audited as a read, in a transaction that builds
 * the report again, so the answer is what was logged.
 */
#include "http/api.h"

#include "base/timefmt.h"
#include "domain/access.h"
#include "domain/fallback_need.h"
#include "domain/notification.h"
#include "domain/toetsing.h"
#include "domain/visible.h"
#include "report/report_json.h"

#include <stdio.h>
#include <string.h>

struct report {
    struct visible *v; /* the audited read (domain/visible.h), set by run_report */
    struct request *req;
    int (*build)(struct request *req, struct report *r);
    void (*release)(struct report *r);
    void (*render)(struct request *req, struct report *r, struct json_writer *w);
    void *data;
    unsigned char *shown; /* per row and sub-row, set by build */
};

/* Whether the user may see record id of kind; notes it for the audit when
 * it is shown and classified. *visible is 0 for an absent record too. */
static int visible(struct request *req, struct report *r, const char *kind_name, const char *id,
                   int *out)
{
    int rc = visible_check(r->v, kind_name, id, 1, out);
    if (rc != 0)
        req->error = r->v->error;
    return rc;
}

static int report_build(void *ctx, struct visible *v, struct error *e)
{
    struct report *r = ctx;
    (void)e; /* build reports into the request's error */
    r->v = v;
    return r->build(r->req, r);
}

static void report_release(void *ctx)
{
    struct report *r = ctx;
    r->release(r);
}

/* The audited read (domain/visible.h): builds the report over what the
 * user may read; when it shows classified records, builds it again in the
 * transaction that audits them; then renders it. */
static int run_report(struct request *req, struct report *r, const char *detail)
{
    struct json_writer w;
    struct visible v;
    int rc;
    r->req = req;
    rc = request_read(req, &v, detail, report_build, report_release, r);
    if (rc == 0) {
        request_json_begin(req, 200, &w);
        r->render(req, r, &w);
        rc = request_json_end(req, &w);
    }
    r->release(r);
    visible_release(&v);
    return rc;
}

static int only_params(struct request *req, const char *const *known)
{
    size_t i;
    for (i = 0; i < req->n_query; i++) {
        if (model_value_index(known, req->query[i].key) < 0)
            return error_set(&req->error, ERR_INVALID, req->query[i].key, "unknown parameter");
    }
    return 0;
}

/* --- fallback need ------------------------------------------------------------ */

struct fallback_view {
    struct fallback_need_options options;
    struct fallback_need_report report;
    unsigned char *process_shown, *input_shown, *option_shown; /* flat, by row */
    unsigned char *scenario_shown, *alternative_shown, *explanation_shown;
};

static void fallback_release(struct report *r)
{
    struct fallback_view *v = r->data;
    fallback_need_report_release(&v->report);
    memset(&v->report, 0, sizeof v->report);
}

static int fallback_build(struct request *req, struct report *r)
{
    struct fallback_view *v = r->data;
    size_t i, j, n_in = 0, n_sc = 0, n_opt = 0, at_in = 0, at_sc = 0, at_opt = 0;
    int rc, shown;
    if ((rc = fallback_need_compute(req->store, &v->options, &v->report, &req->error)) != 0)
        return rc;
    for (i = 0; i < v->report.n; i++) {
        n_in += v->report.processes[i].n_inputs;
        n_sc += v->report.processes[i].n_scenarios;
        n_opt += v->report.processes[i].n_options;
    }
    v->process_shown = arena_alloc(&req->arena, v->report.n + 1);
    v->input_shown = arena_alloc(&req->arena, n_in + 1);
    v->scenario_shown = arena_alloc(&req->arena, n_sc + 1);
    v->option_shown = arena_alloc(&req->arena, n_opt + 1);
    v->alternative_shown = arena_alloc(&req->arena, n_opt + 1);
    v->explanation_shown = arena_alloc(&req->arena, v->report.n + 1);
    if (!v->process_shown || !v->input_shown || !v->scenario_shown || !v->option_shown ||
        !v->alternative_shown || !v->explanation_shown)
        return error_set(&req->error, ERR_NOMEM, NULL, "out of memory");
    for (i = 0; i < v->report.n; i++) {
        const struct fallback_need_process *p = &v->report.processes[i];
        if ((rc = visible(req, r, "processes", p->id, &shown)) != 0)
            return rc;
        v->process_shown[i] = (unsigned char)shown;
        /* the explanation names inputs and options (never a risk): shown
         * only when all of them are */
        v->explanation_shown[i] = (unsigned char)shown;
        for (j = 0; j < p->n_inputs; j++, at_in++) {
            int s = 0;
            if (shown && (rc = visible(req, r, "dependencies", p->inputs[j].dependency, &s)) != 0)
                return rc;
            v->input_shown[at_in] = (unsigned char)s;
            v->explanation_shown[i] &= (unsigned char)s;
        }
        /* a scenario of a risk the user may not read is left out (it still
         * counts in the verdict, as a hidden input does); the default one,
         * of no risk, is shown with its process */
        for (j = 0; j < p->n_scenarios; j++, at_sc++) {
            int s = shown && p->scenarios[j].risk[0] == '\0';
            if (shown && !s && (rc = visible(req, r, "risks", p->scenarios[j].risk, &s)) != 0)
                return rc;
            v->scenario_shown[at_sc] = (unsigned char)s;
        }
        for (j = 0; j < p->n_options; j++, at_opt++) {
            int s = 0, a = 0;
            if (shown && (rc = visible(req, r, "fallback_options", p->options[j].id, &s)) != 0)
                return rc;
            if (s && (rc = visible(req, r, "measures", p->options[j].alternative_measure, &a)) != 0)
                return rc;
            v->option_shown[at_opt] = (unsigned char)s;
            v->alternative_shown[at_opt] = (unsigned char)a;
            v->explanation_shown[i] &= (unsigned char)s;
        }
    }
    return 0;
}

static void fallback_render(struct request *req, struct report *r, struct json_writer *w)
{
    struct fallback_view *v = r->data;
    struct fallback_json_masks masks = {v->process_shown,     v->input_shown,
                                        v->option_shown,      v->scenario_shown,
                                        v->alternative_shown, v->explanation_shown};
    (void)req;
    fallback_need_write_json(w, &v->report, &masks);
}

int api_fallback_need(struct request *req)
{
    static const char *const params[] = {"process", "outage_h", NULL};
    struct fallback_view v;
    struct report r;
    int64_t outage_h;
    int rc, shown = 0;

    memset(&v, 0, sizeof v);
    memset(&r, 0, sizeof r);
    if ((rc = only_params(req, params)) != 0 ||
        (rc = request_query_int(req, "outage_h", -1, 0, 1000000, &outage_h)) != 0)
        return rc;
    v.options.process = request_query(req, "process");
    v.options.outage_h = (int32_t)outage_h;
    if (v.options.process) {
        struct visible check;
        if ((rc = visible_init(&check, req->store, req->auth.access, &req->error)) != 0)
            return rc;
        r.v = &check;
        rc = visible(req, &r, "processes", v.options.process, &shown);
        visible_release(&check);
        if (rc != 0)
            return rc;
        if (!shown)
            return error_set(&req->error, ERR_NOTFOUND, "process", "no process '%s'",
                             v.options.process);
    }
    r.build = fallback_build;
    r.release = fallback_release;
    r.render = fallback_render;
    r.data = &v;
    return run_report(req, &r, "fallback-need");
}

/* --- review status (toetsing) --------------------------------------------------- */

struct review_view {
    struct request *req;
    struct toetsing_report report;
};

static int review_compute(void *ctx, struct visible *v, struct error *e)
{
    struct review_view *rv = ctx;
    (void)v;
    return toetsing_compute(rv->req->store, rv->req->today, &rv->report, e);
}

static void review_write(void *ctx, struct json_writer *w, const struct report_filter *f)
{
    struct review_view *rv = ctx;
    review_status_write_json(w, &rv->report, 0, f);
}

static void review_drop(void *ctx)
{
    struct review_view *rv = ctx;
    toetsing_report_release(&rv->report);
    memset(&rv->report, 0, sizeof rv->report);
}

int api_review_status(struct request *req)
{
    static const char *const params[] = {NULL};
    struct review_view rv;
    struct report_doc d = {review_compute, review_write, review_drop, &rv};
    int rc;

    memset(&rv, 0, sizeof rv);
    rv.req = req;
    if ((rc = only_params(req, params)) != 0)
        return rc;
    return request_document(req, "review-status", &d);
}

/* --- incident notification deadlines ---------------------------------------------- */

struct incident_view {
    struct request *req;
    struct notification_report report;
};

static int incident_compute(void *ctx, struct visible *v, struct error *e)
{
    struct incident_view *iv = ctx;
    (void)v;
    return notification_report_compute(iv->req->store, iv->req->now, &iv->report, e);
}

static void incident_write(void *ctx, struct json_writer *w, const struct report_filter *f)
{
    struct incident_view *iv = ctx;
    incident_deadlines_write_json(w, &iv->report, 0, f);
}

static void incident_drop(void *ctx)
{
    struct incident_view *iv = ctx;
    notification_report_release(&iv->report);
    memset(&iv->report, 0, sizeof iv->report);
}

int api_incident_deadlines(struct request *req)
{
    static const char *const params[] = {NULL};
    struct incident_view iv;
    struct report_doc d = {incident_compute, incident_write, incident_drop, &iv};
    int rc;

    memset(&iv, 0, sizeof iv);
    iv.req = req;
    if ((rc = only_params(req, params)) != 0)
        return rc;
    return request_document(req, "incident-deadlines", &d);
}
