/*
 * api_cycle.c — the cycle's rules as reports: GET /api/v1/fallback-need
 * (domain/fallback_need.h), GET /api/v1/review-status (toetsing,
 * domain/toetsing.h) and GET /api/v1/incident-deadlines (NIS2/CER
 * notification deadlines, domain/notification.h): the documents of
 * report/report_json.h that the CLI writes too, here with the user's
 * need-to-know filter (request_document).
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

#include "domain/access.h"
#include "domain/fallback_need.h"
#include "domain/notification.h"
#include "domain/toetsing.h"
#include "domain/visible.h"
#include "report/report_json.h"

#include <stdio.h>
#include <string.h>

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
    struct request *req;
    struct fallback_need_options options;
    struct fallback_need_report report;
};

static int fallback_compute(void *ctx, struct visible *v, struct error *e)
{
    struct fallback_view *fv = ctx;
    (void)v;
    return fallback_need_compute(fv->req->store, &fv->options, &fv->report, e);
}

static void fallback_write(void *ctx, struct json_writer *w, const struct report_filter *f)
{
    struct fallback_view *fv = ctx;
    fallback_need_write_json(w, &fv->report, f);
}

static void fallback_drop(void *ctx)
{
    struct fallback_view *fv = ctx;
    fallback_need_report_release(&fv->report);
    memset(&fv->report, 0, sizeof fv->report);
}

int api_fallback_need(struct request *req)
{
    static const char *const params[] = {"process", "outage_h", NULL};
    struct fallback_view fv;
    struct report_doc d = {fallback_compute, fallback_write, fallback_drop, &fv, "FallbackNeed"};
    int64_t outage_h;
    int rc, shown = 0;

    memset(&fv, 0, sizeof fv);
    fv.req = req;
    if ((rc = only_params(req, params)) != 0 ||
        (rc = request_query_int(req, "outage_h", -1, 0, 1000000, &outage_h)) != 0)
        return rc;
    fv.options.process = request_query(req, "process");
    fv.options.outage_h = (int32_t)outage_h;
    if (fv.options.process) {
        struct visible check;
        visible_init(&check, req->store, req->auth.access);
        rc = visible_check(&check, KIND_PROCESS, fv.options.process, 0, &shown);
        if (rc != 0)
            req->error = check.error;
        visible_release(&check);
        if (rc != 0)
            return rc;
        if (!shown)
            return error_set(&req->error, ERR_NOTFOUND, "process", "no process '%s'",
                             fv.options.process);
    }
    return request_document(req, "fallback-need", &d);
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
    struct report_doc d = {review_compute, review_write, review_drop, &rv, "ReviewStatus"};
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
    struct report_doc d = {incident_compute, incident_write, incident_drop, &iv,
                           "IncidentDeadlines"};
    int rc;

    memset(&iv, 0, sizeof iv);
    iv.req = req;
    if ((rc = only_params(req, params)) != 0)
        return rc;
    return request_document(req, "incident-deadlines", &d);
}
