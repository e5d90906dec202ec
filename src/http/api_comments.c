/*
 * api_comments.c — comment threads over HTTP (domain/comment.h):
 * GET /api/v1/{kind}/{id}/comments, POST .../comments {"text"} (201) and
 * POST .../comments/{n}/retract {"note"}, for the kinds that take comments
 * (the router matches no others). The record's need-to-know decides;
 * reading the thread of a confidential or secret record is audited as a
 * read of the record, and every write is audited in its own transaction.
 */
#include "http/api.h"

#include "base/timefmt.h"
#include "domain/comment.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int api_comments_list(struct request *req)
{
    json_t *list = NULL;
    int audited = 0, rc;

    if (req->n_query > 0)
        return error_set(&req->error, ERR_INVALID, req->query[0].key, "unknown parameter");
    if ((rc = comment_list(req->store, req->auth.access, req->kind, req->id, &list, &audited,
                           &req->error)) != 0)
        return rc;
    if (audited) {
        /* the thread answered is the one the audit entry records */
        json_decref(list);
        list = NULL;
        if ((rc = store_begin_read(req->store, &req->error)) != 0 ||
            (rc = comment_list(req->store, req->auth.access, req->kind, req->id, &list, &audited,
                               &req->error)) != 0 ||
            (rc = request_audit(req, "read", req->kind, req->id, "comments")) != 0 ||
            (rc = request_commit(req)) != 0)
            goto cleanup;
    }
    rc = request_json_value(req, 200, request_keep(req, json_pack("{s:O}", "items", list)));
cleanup:
    json_decref(list);
    return rc;
}

/* The text field key of body (required). */
static int body_text(struct request *req, json_t *body, const char *key, const char **out)
{
    json_t *v = json_object_get(body, key);
    if (!json_is_string(v))
        return error_set(&req->error, ERR_INVALID, key, "required: a text");
    *out = json_string_value(v);
    return 0;
}

int api_comments_add(struct request *req)
{
    static const char *const keys[] = {"text", NULL};
    struct comment_new c = {req->kind, req->id, NULL, req->auth.user->id, req->auth.access, NULL};
    json_t *body, *made = NULL;
    char at[24], detail[64];
    int rc;

    if ((rc = request_body_json(req, &body)) != 0 || (rc = api_body_keys(req, body, keys)) != 0 ||
        (rc = body_text(req, body, "text", &c.text)) != 0)
        return rc;
    timefmt_format_datetime(req->now, at);
    c.at = at;
    if ((rc = store_begin(req->store, &req->error)) != 0 ||
        (rc = comment_add(req->store, &c, &made, &req->error)) != 0)
        goto cleanup;
    request_keep(req, made);
    snprintf(detail, sizeof detail, "comment %" PRId64,
             (int64_t)json_integer_value(json_object_get(made, "id")));
    if ((rc = request_audit(req, "comment", req->kind, req->id, detail)) != 0 ||
        (rc = request_commit(req)) != 0)
        goto cleanup;
    return request_json_value(req, 201, made);
cleanup:
    return rc;
}

int api_comments_retract(struct request *req)
{
    static const char *const keys[] = {"note", NULL};
    const char *note = NULL;
    char at[24], detail[64], *end = NULL;
    long long id = strtoll(req->tail ? req->tail : "", &end, 10);
    json_t *body;
    int rc;

    if (end == NULL || *end != '\0' || id < 1)
        return error_set(&req->error, ERR_NOTFOUND, "comment", "no such comment");
    if ((rc = request_body_json(req, &body)) != 0 || (rc = api_body_keys(req, body, keys)) != 0)
        return rc;
    note = json_string_value(json_object_get(body, "note"));
    timefmt_format_datetime(req->now, at);
    if ((rc = store_begin(req->store, &req->error)) != 0 ||
        (rc = comment_retract(req->store, req->auth.access, req->kind, req->id, (int64_t)id,
                              req->auth.user->id, note, at, &req->error)) != 0)
        return rc;
    snprintf(detail, sizeof detail, "comment %lld retracted", id);
    if ((rc = request_audit(req, "retract", req->kind, req->id, detail)) != 0 ||
        (rc = request_commit(req)) != 0)
        return rc;
    return api_comments_list(req);
}
