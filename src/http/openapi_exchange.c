/*
 * openapi_exchange.c — the OpenAPI description of the exchange between
 * government and providers (issue 12): comment threads, notifications and
 * requests for information with their answers. The model's record paths
 * come from openapi.c; these are the hand-described operations beside them.
 */
#include "http/openapi_internal.h"

#include "domain/comment.h"
#include "http/request.h"

#include <stdio.h>

/* The comment schema, as JSON text (domain/comment.h). */
static const char comment_schema_json[] =
    "{\"type\": \"object\", \"required\": [\"id\", \"author\", \"text\", \"mentions\", "
    "\"created_at\"], \"properties\": {\"id\": {\"type\": \"integer\"}, \"author\": "
    "{\"type\": \"string\"}, \"text\": {\"type\": [\"string\", \"null\"], \"description\": "
    "\"null when retracted\"}, \"mentions\": {\"type\": \"array\", \"items\": {\"type\": "
    "\"string\"}}, \"created_at\": {\"type\": \"string\", \"format\": \"date-time\"}, "
    "\"retracted_at\": {\"type\": [\"string\", \"null\"]}, \"retraction\": {\"type\": "
    "[\"string\", \"null\"]}}}";

/* The answer of GET /api/v1/notifications, as JSON text (domain/notify.h). */
static const char notifications_schema_json[] =
    "{\"type\": \"object\", \"required\": [\"items\", \"unread\"], \"properties\": "
    "{\"unread\": {\"type\": \"integer\"}, \"items\": {\"type\": \"array\", \"items\": "
    "{\"type\": \"object\", \"required\": [\"id\", \"event\", \"kind\", \"record\", \"at\", "
    "\"read\"], \"properties\": {\"id\": {\"type\": \"string\"}, \"event\": {\"type\": "
    "\"string\", \"enum\": [\"comment\", \"mention\", \"approval\", \"deadline_soon\", "
    "\"deadline_passed\", \"request\", \"answer\"]}, \"kind\": {\"type\": \"string\"}, "
    "\"record\": {\"type\": \"string\"}, \"title\": {\"type\": [\"string\", \"null\"], "
    "\"description\": \"null for a confidential or secret record\"}, \"text\": {\"type\": "
    "[\"string\", \"null\"]}, \"by\": {\"type\": [\"string\", \"null\"]}, \"at\": "
    "{\"type\": \"string\", \"format\": \"date-time\"}, \"read\": {\"type\": "
    "\"boolean\"}}}}}}";

/* GET and POST /api/v1/{kind}/{id}/comments and .../{n}/retract for every
 * kind that takes comments, and the notifications. */
void openapi_add_comment_paths(json_t *paths)
{
    json_t *op;
    size_t i;
    char path[128], id[96];
    for (i = 0; comment_parent_kinds[i]; i++) {
        const struct kind *k = model_kind_find(comment_parent_kinds[i]);
        snprintf(path, sizeof path, "/api/v1/%s/{id}/comments", k->name);
        snprintf(id, sizeof id, "comments_of_%s", k->singular);
        op = openapi_operation(id, "comments", "The comment thread of the record",
                               "Oldest first, under the record's need-to-know (a hidden record "
                               "is 404); reading the thread of a confidential or secret record "
                               "is audited.");
        json_object_set_new(op, "parameters",
                            json_pack("[o]", openapi_component_ref("parameters", "id")));
        json_object_set_new(
            json_object_get(op, "responses"), "200",
            openapi_response("the thread",
                             json_pack("{s:s, s:[s], s:{s:{s:s, s:o}}}", "type", "object",
                                       "required", "items", "properties", "items", "type", "array",
                                       "items", json_loads(comment_schema_json, 0, NULL))));
        openapi_add_errors(json_object_get(op, "responses"), "400 401 404");
        openapi_add_operation(paths, path, "get", op);

        snprintf(id, sizeof id, "comment_on_%s", k->singular);
        op = openapi_operation(id, "comments", "Comment on the record",
                               "Whoever may read the record, except an auditor (403). Mentions "
                               "are @username in the text; each must be a user (400). Audited.");
        json_object_set_new(op, "parameters",
                            json_pack("[o]", openapi_component_ref("parameters", "id")));
        json_object_set_new(
            op, "requestBody",
            openapi_body_of(json_pack("{s:s, s:[s], s:{s:{s:s, s:i}}, s:b}", "type", "object",
                                      "required", "text", "properties", "text", "type", "string",
                                      "maxLength", 4000, "additionalProperties", 0)));
        json_object_set_new(
            json_object_get(op, "responses"), "201",
            openapi_response("the comment", json_loads(comment_schema_json, 0, NULL)));
        openapi_add_errors(json_object_get(op, "responses"), "400 401 403 404 413");
        openapi_add_operation(paths, path, "post", op);

        snprintf(path, sizeof path, "/api/v1/%s/{id}/comments/{job}/retract", k->name);
        snprintf(id, sizeof id, "retract_comment_on_%s", k->singular);
        op = openapi_operation(id, "comments", "Retract a comment, with a note",
                               "Its author only (403); the text stays stored but is no longer "
                               "shown. Answers the thread. Audited.");
        json_object_set_new(op, "parameters",
                            json_pack("[o, {s:s, s:s, s:b, s:s, s:{s:s}}]",
                                      openapi_component_ref("parameters", "id"), "name", "job",
                                      "in", "path", "required", 1, "description",
                                      "the comment's id", "schema", "type", "string"));
        json_object_set_new(
            op, "requestBody",
            openapi_body_of(json_pack("{s:s, s:[s], s:{s:{s:s}}, s:b}", "type", "object",
                                      "required", "note", "properties", "note", "type", "string",
                                      "additionalProperties", 0)));
        json_object_set_new(json_object_get(op, "responses"), "200",
                            openapi_response("the thread", json_pack("{s:s}", "type", "object")));
        openapi_add_errors(json_object_get(op, "responses"), "400 401 403 404 409");
        openapi_add_operation(paths, path, "post", op);
    }

    op = openapi_operation("notifications", "comments", "Your notifications",
                           "Newest first, with the number unread: comments and mentions, "
                           "approvals asked, deadlines near and passed; derived under your "
                           "need-to-know (never about a record you may not read); no title or "
                           "text of a confidential or secret record.");
    json_object_set_new(
        json_object_get(op, "responses"), "200",
        openapi_response("the notifications", json_loads(notifications_schema_json, 0, NULL)));
    openapi_add_errors(json_object_get(op, "responses"), "400 401");
    openapi_add_operation(paths, "/api/v1/notifications", "get", op);

    op = openapi_operation("notifications_read", "comments", "Mark notifications read",
                           "{\"ids\": [...]} or {\"all\": true}; answers the notifications.");
    json_object_set_new(
        op, "requestBody",
        openapi_body_of(json_pack("{s:s, s:{s:{s:s, s:{s:s}}, s:{s:s}}, s:b}", "type", "object",
                                  "properties", "ids", "type", "array", "items", "type", "string",
                                  "all", "type", "boolean", "additionalProperties", 0)));
    json_object_set_new(
        json_object_get(op, "responses"), "200",
        openapi_response("the notifications", json_loads(notifications_schema_json, 0, NULL)));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403 413");
    openapi_add_operation(paths, "/api/v1/notifications/read", "post", op);
}

void openapi_add_request_paths(json_t *paths)
{
    json_t *op = openapi_operation(
        "get_request", "records", "A request for information, with its recipients and answers",
        "The request (a provider sees only itself in 'to'), plus 'recipients' (per provider: "
        "state open, answered or overdue, and its answer's id when you may read it), 'answers' "
        "(the contributions answering it that you may read; a draft only to its own provider) and "
        "'questionnaire' (its questions, then the framework's assessable requirements). A "
        "provider not among the recipients gets 404, whatever the classification. POST "
        "/api/v1/requests takes 'questions' as a list of texts (stored one a line) and gives a "
        "request without an id the next REQ-YEAR-NNN.");
    json_object_set_new(op, "parameters",
                        json_pack("[o]", openapi_component_ref("parameters", "id")));
    json_object_set_new(
        json_object_get(op, "responses"), "200",
        openapi_response("the request",
                         json_pack("{s:[o,{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}}}]}", "allOf",
                                   openapi_schema_ref("request_versioned"), "type", "object",
                                   "properties", "recipients", "type", "array", "answers", "type",
                                   "array", "questionnaire", "type", "array")));
    openapi_add_errors(json_object_get(op, "responses"), "401 404");
    openapi_add_operation(paths, "/api/v1/requests/{id}", "get", op);

    op = openapi_operation(
        "answer_request", "records", "Answer a request for information",
        "By a provider among the request's recipients, for its own organisation: the answer is "
        "its contribution to the request's analysis (else the process's newest analysis that is "
        "not final; none: 409), classified as the request. Submitted unless draft is true; a "
        "draft is changed by answering again, a submitted answer is frozen (409). A closed "
        "request takes no answers (409). Audited.");
    json_object_set_new(op, "parameters",
                        json_pack("[o]", openapi_component_ref("parameters", "id")));
    json_object_set_new(
        op, "requestBody",
        openapi_body_of(json_pack("{s:s, s:[s], s:{s:{s:s}, s:{s:s}}, s:b}", "type", "object",
                                  "required", "text", "properties", "text", "type", "string",
                                  "draft", "type", "boolean", "additionalProperties", 0)));
    json_object_set_new(json_object_get(op, "responses"), "201",
                        openapi_response("the new answer (a contribution)",
                                         openapi_schema_ref("contribution_versioned")));
    json_object_set_new(
        json_object_get(op, "responses"), "200",
        openapi_response("the changed answer", openapi_schema_ref("contribution_versioned")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403 404 409");
    openapi_add_operation(paths, "/api/v1/requests/{id}/answers", "post", op);

    op = openapi_operation("close_request", "records", "Close a request for information",
                           "By the process's responsible ministry (department) or the "
                           "coordinator; a closed request takes no answers and no changes. "
                           "Audited.");
    json_object_set_new(op, "parameters",
                        json_pack("[o]", openapi_component_ref("parameters", "id")));
    json_object_set_new(
        json_object_get(op, "responses"), "200",
        openapi_response("the closed request", openapi_schema_ref("request_versioned")));
    openapi_add_errors(json_object_get(op, "responses"), "401 403 404 409");
    openapi_add_operation(paths, "/api/v1/requests/{id}/close", "post", op);
}
