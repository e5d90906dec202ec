/*
 * api_request.c — requests for information over HTTP (domain/request.h):
 * GET /api/v1/requests/{id} (the request with its recipients' states, the
 * answers the reader may see and the questionnaire; api_records_get hands
 * it here, ?as_of included), POST
 * /api/v1/requests/{id}/answers {"text", "draft"?} (the caller's
 * organisation answers: a contribution) and POST
 * /api/v1/requests/{id}/close. Sending and changing a request are the
 * generic record routes' (POST /api/v1/requests takes "questions" as a
 * list and may leave out the id); the rules are the domain's, here the
 * body is read and each write audited in its transaction.
 */
#include "http/api.h"

#include "domain/request.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int not_found(struct request *req)
{
    return error_set(&req->error, ERR_NOTFOUND, req->id, "no request with this id");
}

/* Appends value v under key to the rendered record. */
static int append(struct request *req, const char *key, const json_t *v)
{
    char *raw = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (raw == NULL)
        return error_set(&req->error, ERR_INTERNAL, key, "cannot write the value as JSON");
    request_json_append_raw(req, key, raw);
    free(raw);
    return 0;
}

int api_request_get(struct request *req)
{
    const struct kind *contributions = model_kind(KIND_CONTRIBUTION);
    json_t *record = NULL, *view = NULL, *answer;
    int64_t version = 0;
    size_t i;
    int rc;

    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    rc = store_record_get(req->store, req->kind, req->id, &record, &req->error);
    if (rc == 0) {
        request_keep(req, record);
        rc = access_can_read(req->auth.access, req->store, req->kind, record, &req->error);
    }
    if (rc == ERR_NOTFOUND)
        return not_found(req);
    if (rc != 0 ||
        (rc = store_record_version(req->store, req->kind, req->id, &version, &req->error)) != 0 ||
        (rc = request_view(req->store, record, req->auth.access, req->today, &view, &req->error)) !=
            0)
        return rc;
    request_keep(req, view);
    /* the reads answered are the ones audited, in one transaction */
    if (access_read_is_audited(record) &&
        (rc = request_audit(req, "read", req->kind, req->id, NULL)) != 0)
        return rc;
    json_array_foreach(json_object_get(view, "answers"), i, answer)
    {
        if (access_read_is_audited(answer) &&
            (rc = request_audit(req, "read", contributions,
                                json_string_value(json_object_get(answer, "id")), NULL)) != 0)
            return rc;
    }
    if ((rc = store_commit(req->store, &req->error)) != 0)
        return rc;
    if ((rc = api_render_record(req, 200, record, version)) != 0)
        return rc;
    if (req->response.status != 200)
        return 0;
    if ((rc = append(req, "recipients", json_object_get(view, "recipients"))) != 0 ||
        (rc = append(req, "answers", json_object_get(view, "answers"))) != 0)
        return rc;
    return append(req, "questionnaire", json_object_get(view, "questionnaire"));
}

int api_request_answer(struct request *req)
{
    static const char *const keys[] = {"text", "draft", NULL};
    const struct kind *contributions = model_kind(KIND_CONTRIBUTION);
    struct request_answer a = {0};
    struct request_answer_result res;
    json_t *body, *text, *draft, *stored = NULL;
    char detail[200];
    int rc;

    req->kind = model_kind(KIND_REQUEST);
    if ((rc = request_body_json(req, &body)) != 0 || (rc = api_body_keys(req, body, keys)) != 0)
        return rc;
    text = json_object_get(body, "text");
    draft = json_object_get(body, "draft");
    if (text && !json_is_string(text))
        return error_set(&req->error, ERR_INVALID, "text", "a text");
    if (draft && !json_is_boolean(draft))
        return error_set(&req->error, ERR_INVALID, "draft", "true or false");
    a.request = req->id;
    a.provider = access_org(req->auth.access);
    a.text = json_string_value(text);
    a.submit = !json_is_true(draft);
    a.user = req->auth.user->id;
    a.access = req->auth.access;
    a.change = request_change(req);
    if ((rc = store_begin(req->store, &req->error)) != 0 ||
        (rc = request_answer(req->store, &a, &res, &req->error)) != 0)
        return rc;
    snprintf(detail, sizeof detail, "version %" PRId64 "; answers request %.100s%s", res.version,
             req->id, a.submit ? "; submitted" : "; draft");
    if ((rc = request_audit(req, res.created ? "create" : "update", contributions, res.contribution,
                            detail)) != 0 ||
        (rc = store_record_get(req->store, contributions, res.contribution, &stored,
                               &req->error)) != 0)
        return rc;
    request_keep(req, stored);
    if ((rc = request_commit(req)) != 0)
        return rc;
    req->kind = contributions;
    return api_render_record(req, res.created ? 201 : 200, stored, res.version);
}

int api_request_close(struct request *req)
{
    json_t *stored = NULL;
    int64_t version = 0;
    char detail[48];
    int rc;

    req->kind = model_kind(KIND_REQUEST);
    if ((rc = store_begin(req->store, &req->error)) != 0 ||
        (rc = request_close(req->store, req->id, req->auth.access, request_change(req), &version,
                            &req->error)) != 0)
        return rc;
    snprintf(detail, sizeof detail, "version %" PRId64 "; closed", version);
    if ((rc = request_audit(req, "update", req->kind, req->id, detail)) != 0 ||
        (rc = store_record_get(req->store, req->kind, req->id, &stored, &req->error)) != 0)
        return rc;
    request_keep(req, stored);
    if ((rc = request_commit(req)) != 0)
        return rc;
    return api_render_record(req, 200, stored, version);
}
