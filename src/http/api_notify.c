/*
 * api_notify.c — the signed-in user's notifications (domain/notify.h):
 * GET /api/v1/notifications (newest first, with the unread count) and
 * POST /api/v1/notifications/read {"ids": [...]} or {"all": true}.
 * Notifications are derived under the user's own need-to-know; marking
 * them read touches only the user's own state (not audited: it changes no
 * record and reads none).
 */
#include "http/api.h"

#include "domain/notify.h"

int api_notifications(struct request *req)
{
    json_t *doc = NULL;
    int rc;
    if (req->n_query > 0)
        return error_set(&req->error, ERR_INVALID, req->query[0].key, "unknown parameter");
    if ((rc = notify_list(req->store, req->auth.user, req->auth.access, req->now, &doc,
                          &req->error)) != 0)
        return rc;
    request_keep(req, doc);
    return request_json_value(req, 200, doc);
}

int api_notifications_read(struct request *req)
{
    static const char *const keys[] = {"ids", "all", NULL};
    json_t *body, *ids, *all;
    int rc;

    if ((rc = request_body_json(req, &body)) != 0 || (rc = api_body_keys(req, body, keys)) != 0)
        return rc;
    ids = json_object_get(body, "ids");
    all = json_object_get(body, "all");
    if ((ids == NULL) == (all == NULL) || (all && !json_is_true(all)))
        return error_set(&req->error, ERR_INVALID, "ids",
                         "say which: {\"ids\": [...]} or {\"all\": true}");
    if ((rc = store_begin(req->store, &req->error)) != 0 ||
        (rc = notify_mark_read(req->store, req->auth.user->id, all ? NULL : ids, req->now,
                               &req->error)) != 0 ||
        (rc = store_commit(req->store, &req->error)) != 0)
        return rc;
    return api_notifications(req);
}
