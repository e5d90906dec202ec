/*
 * router.c — the route table and dispatch (see router.h). Authentication
 * and the CSRF check happen here, once, before any handler: a handler never
 * runs for a request that is not allowed to reach it.
 */
#include "http/router.h"

#include "base/timefmt.h"
#include "domain/asof.h"
#include "domain/attachment.h"
#include "domain/comment.h"
#include "http/api.h"
#include "http/page.h"
#include "http/static.h"

#include <stdio.h>
#include <string.h>

const struct route router_routes[] = {
    {"POST", "/api/v1/session", api_session_login, ROUTE_PUBLIC},
    {"DELETE", "/api/v1/session", api_session_logout, ROUTE_ENROL},
    {"GET", "/api/v1/me", api_me, ROUTE_ENROL},
    {"GET", "/api/v1/me/mfa", api_mfa_state, ROUTE_ENROL},
    {"POST", "/api/v1/me/mfa", api_mfa_start, ROUTE_ENROL},
    {"GET", "/api/v1/me/mfa/qr", api_mfa_qr, ROUTE_ENROL},
    {"POST", "/api/v1/me/mfa/confirm", api_mfa_confirm, ROUTE_ENROL},
    {"POST", "/api/v1/me/mfa/disable", api_mfa_disable, 0},
    {"GET", "/api/v1/openapi.json", api_openapi, ROUTE_PUBLIC},
    {"GET", "/api/v1/health", api_health, ROUTE_PUBLIC},
    {"GET", "/api/v1/audit", api_audit_list, 0},
    {"GET", "/api/v1/users", api_users_list, 0},
    {"POST", "/api/v1/users", api_users_create, 0},
    {"PUT", "/api/v1/users/{username}", api_users_update, 0},
    {"POST", "/api/v1/users/{username}/mfa-reset", api_users_mfa_reset, 0},
    {"GET", "/api/v1/status", api_status, ROUTE_AS_OF},
    {"POST", "/api/v1/cascade", api_cascade, 0},
    {"POST", "/api/v1/criticality", api_criticality, 0},
    {"POST", "/api/v1/iim", api_iim, 0},
    {"GET", "/api/v1/fallback-need", api_fallback_need, ROUTE_AS_OF},
    {"GET", "/api/v1/review-status", api_review_status, ROUTE_AS_OF},
    {"GET", "/api/v1/incident-deadlines", api_incident_deadlines, ROUTE_AS_OF},
    {"POST", "/api/v1/assess", api_assess, 0},
    {"POST", "/api/v1/whatif", api_whatif, 0},
    {"GET", "/api/v1/risk-picture", api_risk_picture, ROUTE_AS_OF},
    {"GET", "/api/v1/framework-coverage", api_framework_coverage, ROUTE_AS_OF},
    {"GET", "/api/v1/compliance", api_compliance, 0},
    {"GET", "/api/v1/reports/annual", api_reports_annual, 0},
    {"GET", "/api/v1/jobs/{job}", api_job_get, 0},
    {"DELETE", "/api/v1/jobs/{job}", api_job_cancel, 0},
    {"GET", "/api/v1/reports/process/{id}", api_report_process, ROUTE_AS_OF},
    {"POST", "/api/v1/{parent}/{id}/attachments", api_attachments_upload, 0},
    {"GET", "/api/v1/{parent}/{id}/attachments", api_attachments_list, 0},
    {"GET", "/api/v1/attachments/{id}", api_attachment_download, 0},
    {"DELETE", "/api/v1/attachments/{id}", api_attachment_delete, 0},
    {"GET", "/api/v1/notifications", api_notifications, 0},
    {"POST", "/api/v1/notifications/read", api_notifications_read, 0},
    {"GET", "/api/v1/{kind}", api_records_list, ROUTE_AS_OF},
    {"POST", "/api/v1/{kind}", api_records_create, 0},
    {"GET", "/api/v1/{kind}/{id}", api_records_get, ROUTE_AS_OF},
    {"GET", "/api/v1/{kind}/{id}/history", api_records_history, 0},
    {"POST", "/api/v1/{kind}/{id}/restore", api_records_restore, 0},
    {"POST", "/api/v1/events/{id}/quickscan", api_quickscan, 0},
    {"GET", "/api/v1/analyses/{id}/approval", api_approval, 0},
    {"POST", "/api/v1/analyses/{id}/approve", api_approve, 0},
    {"POST", "/api/v1/analyses/{id}/reject", api_reject, 0},
    {"GET", "/api/v1/assessments/{id}/approval", api_approval, 0},
    {"POST", "/api/v1/assessments/{id}/approve", api_approve, 0},
    {"POST", "/api/v1/assessments/{id}/reject", api_reject, 0},
    {"GET", "/api/v1/reviews/{id}/approval", api_approval, 0},
    {"POST", "/api/v1/reviews/{id}/approve", api_approve, 0},
    {"POST", "/api/v1/reviews/{id}/reject", api_reject, 0},
    {"POST", "/api/v1/contributions/{id}/adopt", api_contribution_adopt, 0},
    {"POST", "/api/v1/contributions/{id}/decline", api_contribution_decline, 0},
    {"GET", "/api/v1/campaigns/{id}/progress", api_campaign_progress, 0},
    {"GET", "/api/v1/campaigns/{id}/questionnaire", api_campaign_questionnaire, 0},
    {"GET", "/api/v1/{kind}/{id}/comments", api_comments_list, ROUTE_COMMENTS},
    {"POST", "/api/v1/{kind}/{id}/comments", api_comments_add, ROUTE_COMMENTS},
    {"POST", "/api/v1/{kind}/{id}/comments/{job}/retract", api_comments_retract, ROUTE_COMMENTS},
    {"POST", "/api/v1/requests/{id}/answers", api_request_answer, 0},
    {"POST", "/api/v1/requests/{id}/close", api_request_close, 0},
    {"PUT", "/api/v1/{kind}/{id}", api_records_replace, 0},
    {"DELETE", "/api/v1/{kind}/{id}", api_records_delete, 0},
};
const size_t router_route_count = sizeof router_routes / sizeof router_routes[0];

#define MAX_SEGMENTS 8

/* Splits path ("/a/b/c") in place into segments; 0 when there are too many
 * or one is empty (a double or trailing slash). */
static size_t split_path(char *path, char **seg)
{
    size_t n = 0;
    char *p = path;
    if (*p++ != '/')
        return 0;
    for (;;) {
        char *slash = strchr(p, '/');
        if (n == MAX_SEGMENTS || *p == '\0' || slash == p)
            return 0;
        seg[n++] = p;
        if (slash == NULL)
            return n;
        *slash = '\0';
        p = slash + 1;
    }
}

/* Whether route r's pattern matches the segments; on a match fills req. */
static int match(const struct route *r, char **seg, size_t n, struct request *req)
{
    char pattern[128], *pseg[MAX_SEGMENTS];
    size_t np, i;
    const struct kind *k = NULL;
    const char *id = NULL, *tail = NULL;
    snprintf(pattern, sizeof pattern, "%s", r->pattern);
    np = split_path(pattern, pseg);
    if (np != n)
        return 0;
    for (i = 0; i < n; i++) {
        if (strcmp(pseg[i], "{kind}") == 0 || strcmp(pseg[i], "{parent}") == 0) {
            k = model_kind_find(seg[i]);
            if (k == NULL || strcmp(k->name, seg[i]) != 0 ||
                (pseg[i][1] == 'p' && !attachment_parent_allowed(k)))
                return 0;
            if ((r->flags & ROUTE_COMMENTS) && !comment_kind_allowed(k))
                return 0;
        } else if (strcmp(pseg[i], "{id}") == 0 || strcmp(pseg[i], "{username}") == 0) {
            id = seg[i];
        } else if (strcmp(pseg[i], "{job}") == 0) {
            tail = seg[i];
        } else if (strcmp(pseg[i], seg[i]) != 0) {
            return 0;
        }
    }
    if (req) {
        req->kind = k;
        req->id = id ? arena_strdup(&req->arena, id) : NULL;
        req->tail = tail ? arena_strdup(&req->arena, tail) : NULL;
    }
    return 1;
}

/* Compares two NUL-terminated tokens in time independent of where they differ. */
static int token_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i;
    unsigned char diff = (unsigned char)(la != lb);
    for (i = 0; i < la && i < lb; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

/* Runs the handler over the records as they stood at the end of ?as_of:
 * req->store is that past state, req->live the database (for the audit),
 * the clock is that day's. The parameter is taken out of the query, and the
 * page cache is not used (its key would not say which day). */
static int run_as_of(struct request *req, const struct route *r)
{
    const char *day = request_query(req, "as_of");
    struct store *snapshot = NULL;
    char until[24];
    size_t i, j;
    int64_t as_of;
    int rc;
    if (timefmt_parse_date(day, &as_of) != 0) {
        error_set(&req->error, ERR_INVALID, "as_of", "a date YYYY-MM-DD, not '%s'", day);
        request_render_error(req, ERR_INVALID);
        return ERR_INVALID;
    }
    for (i = j = 0; i < req->n_query; i++) {
        if (strcmp(req->query[i].key, "as_of") != 0)
            req->query[j++] = req->query[i];
    }
    req->n_query = j;
    if ((rc = asof_open(req->store, as_of, &snapshot, &req->error)) != 0) {
        request_render_error(req, rc);
        return rc;
    }
    asof_until(as_of, until);
    timefmt_parse_datetime(until, &req->now);
    req->today = as_of;
    req->live = req->store;
    req->store = snapshot;
    req->cache = NULL;
    if ((rc = r->handler(req)) != 0)
        request_render_error(req, rc);
    req->store = req->live;
    req->live = NULL;
    store_close(snapshot);
    return rc;
}

const struct route *router_match(struct request *req, char *allow, size_t allow_size)
{
    char path[1024], *seg[MAX_SEGMENTS];
    size_t n, i;
    if (allow_size > 0)
        allow[0] = '\0';
    if (strlen(req->path) >= sizeof path)
        return NULL;
    snprintf(path, sizeof path, "%s", req->path);
    n = split_path(path, seg);
    for (i = 0; n > 0 && i < router_route_count; i++) {
        const struct route *r = &router_routes[i];
        size_t used = allow_size > 0 ? strlen(allow) : 0;
        if (!match(r, seg, n, NULL))
            continue;
        /* HEAD is GET without the body (libmicrohttpd leaves the body out) */
        if (strcmp(r->method, req->method_name) == 0 ||
            (strcmp(req->method_name, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) {
            match(r, seg, n, req);
            return r;
        }
        if (allow_size > 0 && strstr(allow, r->method) == NULL)
            snprintf(allow + used, allow_size - used, "%s%s%s", used ? ", " : "", r->method,
                     strcmp(r->method, "GET") == 0 ? ", HEAD" : "");
    }
    return NULL;
}

void router_dispatch(struct request *req)
{
    char allow[64];
    const struct route *found;
    int rc;

    /* the browser UI's page and files, outside /api */
    if (page_serve(req, router_dispatch) || static_serve(req))
        return;
    found = router_match(req, allow, sizeof allow);
    if (found == NULL) {
        if (allow[0]) {
            req->response.allow = arena_strdup(&req->arena, allow);
            error_set(&req->error, ERR_METHOD, NULL, "this endpoint does not answer this method");
            request_render_error(req, ERR_METHOD);
        } else {
            error_set(&req->error, ERR_NOTFOUND, NULL, "no such endpoint");
            request_render_error(req, ERR_NOTFOUND);
        }
        return;
    }
    if (!(found->flags & ROUTE_PUBLIC)) {
        if ((rc = api_authenticate(req)) != 0) {
            request_render_error(req, rc);
            return;
        }
        /* A cookie is sent by the browser whoever made the page; the CSRF
         * token only by our own pages. Bearer tokens are never automatic. */
        if (req->auth.via_cookie && req->method != HTTP_GET &&
            (req->csrf_header == NULL || !token_equal(req->csrf_header, req->auth.csrf))) {
            error_set(&req->error, ERR_FORBIDDEN, "X-CSRF-Token",
                      "a cookie session needs the header X-CSRF-Token with the token given at "
                      "login");
            request_render_error(req, ERR_FORBIDDEN);
            api_refusal_note(req, ERR_FORBIDDEN);
            return;
        }
        /* a user whose clearance needs a second factor and who has none
         * yet: nothing but enrolment until it is confirmed */
        if (req->auth.enrol_only && !(found->flags & ROUTE_ENROL)) {
            error_set_msg(&req->error, ERR_FORBIDDEN, NULL, "mfa_enrol_first",
                          "your clearance needs a second factor: enrol first (POST "
                          "/api/v1/me/mfa), then confirm it with a code",
                          NULL);
            request_render_error(req, ERR_FORBIDDEN);
            return;
        }
    }
    if ((found->flags & ROUTE_AS_OF) && request_query(req, "as_of")) {
        rc = run_as_of(req, found);
    } else if ((rc = found->handler(req)) != 0) {
        request_render_error(req, rc);
    }
    /* a refused read or write leaves its trace (its own failure does not
     * change the answer already rendered) */
    if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN)
        api_refusal_note(req, rc);
}

void router_each(void (*fn)(void *ctx, const char *method, const char *path), void *ctx)
{
    size_t i, j;
    for (i = 0; i < router_route_count; i++) {
        const struct route *r = &router_routes[i];
        const char *at = strstr(r->pattern, "{kind}"), *token = "{kind}";
        if (at == NULL && (at = strstr(r->pattern, "{parent}")) != NULL)
            token = "{parent}";
        if (at == NULL) {
            fn(ctx, r->method, r->pattern);
            continue;
        }
        for (j = 0; j < model_kind_count; j++) {
            char path[256];
            if (token[1] == 'p' && !attachment_parent_allowed(model_kinds[j]))
                continue;
            if ((r->flags & ROUTE_COMMENTS) && !comment_kind_allowed(model_kinds[j]))
                continue;
            snprintf(path, sizeof path, "%.*s%s%s", (int)(at - r->pattern), r->pattern,
                     model_kinds[j]->name, at + strlen(token));
            fn(ctx, r->method, path);
        }
    }
}
