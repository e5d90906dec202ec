/*
 * api_approval.c — four eyes over HTTP: POST /api/v1/{kind}/{id}/approve
 * {"comment", "acknowledged"?} and POST /api/v1/{kind}/{id}/reject
 * {"comment"}. The rules are domain/approval.h's; here the body is read,
 * the decision made, written and audited in one transaction, and an
 * approval refused for open points answers 409 with the points, so the UI
 * can show them for the approver to weigh.
 */
#include "http/api.h"

#include "domain/access.h"
#include "domain/approval.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int decide(struct request *req, int approve)
{
    static const char *const approve_keys[] = {"comment", "acknowledged", NULL};
    static const char *const reject_keys[] = {"comment", NULL};
    struct approval_request rq = {req->kind, req->id, approve, NULL, 0, NULL, NULL, NULL};
    struct approval_result res;
    json_t *body, *v, *stored = NULL;
    char detail[160], kind[64];
    char *points;
    int rc;

    /* the routes name the kind (analyses/{id}/approve): the approvable kinds */
    snprintf(kind, sizeof kind, "%.*s", (int)strcspn(req->path + 8, "/"), req->path + 8);
    rq.kind = req->kind = model_kind_find(kind);
    if (rq.kind == NULL || !approval_is_approvable(rq.kind))
        return error_set(&req->error, ERR_INTERNAL, NULL, "no approvable kind in the route");
    if ((rc = request_body_json(req, &body)) != 0 ||
        (rc = api_body_keys(req, body, approve ? approve_keys : reject_keys)) != 0)
        return rc;
    v = json_object_get(body, "comment");
    if (v != NULL && !json_is_string(v))
        return error_set(&req->error, ERR_INVALID, "comment", "a text");
    rq.comment = json_string_value(v);
    v = json_object_get(body, "acknowledged");
    if (v != NULL && !json_is_boolean(v))
        return error_set(&req->error, ERR_INVALID, "acknowledged", "true or false");
    rq.acknowledged = json_is_true(v);
    rq.user = req->auth.user->id;
    rq.access = req->auth.access;
    rq.change = request_change(req);
    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    rc = approval_decide(req->store, &rq, &res, &req->error);
    if (rc == ERR_CONFLICT && res.open_points) {
        store_rollback(req->store);
        points = json_dumps(res.open_points, JSON_COMPACT);
        approval_result_release(&res);
        request_render_error(req, rc);
        if (points)
            request_json_append_raw(req, "open_points", points);
        free(points);
        return 0;
    }
    approval_result_release(&res);
    if (rc != 0)
        return rc;
    snprintf(detail, sizeof detail, "version %" PRId64 "; %.120s", res.version, rq.comment);
    if ((rc = request_audit(req, approve ? "approve" : "reject", req->kind, req->id, detail)) !=
            0 ||
        (rc = store_record_get(req->store, req->kind, req->id, &stored, &req->error)) != 0)
        return rc;
    request_keep(req, stored);
    if ((rc = request_commit(req)) != 0)
        return rc;
    return api_render_record(req, 200, stored, res.version);
}

/* GET /api/v1/{kind}/{id}/approval (analyses, assessments, reviews): what deciding would meet,
 * without deciding (approval_preview). Reading a classified analysis is audited. */
int api_approval(struct request *req)
{
    struct approval_request rq = {NULL, req->id, 1, NULL, 0, NULL, NULL, NULL};
    char kind[64];
    json_t *doc = NULL, *record = NULL;
    int rc;

    snprintf(kind, sizeof kind, "%.*s", (int)strcspn(req->path + 8, "/"), req->path + 8);
    rq.kind = req->kind = model_kind_find(kind);
    if (rq.kind == NULL || !approval_is_approvable(rq.kind))
        return error_set(&req->error, ERR_INTERNAL, NULL, "no approvable kind in the route");
    if (req->n_query > 0)
        return error_set(&req->error, ERR_INVALID, req->query[0].key, "unknown parameter");
    rq.user = req->auth.user->id;
    rq.access = req->auth.access;
    if ((rc = approval_preview(req->store, &rq, &doc, &req->error)) != 0)
        return rc;
    request_keep(req, doc);
    if ((rc = store_record_get(req->store, rq.kind, req->id, &record, &req->error)) != 0)
        return rc;
    request_keep(req, record);
    if (access_read_is_audited(record) &&
        ((rc = store_begin_read(req->store, &req->error)) != 0 ||
         (rc = request_audit(req, "read", rq.kind, req->id, "approval")) != 0 ||
         (rc = request_commit(req)) != 0))
        return rc;
    return request_json_value(req, 200, doc);
}

int api_approve(struct request *req)
{
    return decide(req, 1);
}

int api_reject(struct request *req)
{
    return decide(req, 0);
}
