/*
 * openapi_internal.h — the building blocks shared by openapi.c and
 * openapi_paths.c and openapi_attachments.c (not for other modules): $refs, responses, operations
 * and parameters as jansson values, and the two hand-described parts.
 */
#ifndef VITAAL_HTTP_OPENAPI_INTERNAL_H
#define VITAAL_HTTP_OPENAPI_INTERNAL_H

#include <jansson.h>

#define ID_PATTERN "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"

/* {"$ref": "#/components/schemas/NAME"} and #/components/SECTION/NAME */
json_t *openapi_schema_ref(const char *name);
json_t *openapi_component_ref(const char *section, const char *name);
/* {"application/json": {"schema": schema}} (takes schema) */
json_t *openapi_json_content(json_t *schema);
/* a response with a description and, unless schema is NULL, a JSON body */
json_t *openapi_response(const char *description, json_t *schema);
/* adds the shared error responses named in codes ("400 401 404") */
void openapi_add_errors(json_t *responses, const char *codes);
/* an operation with an empty "responses" to fill in */
json_t *openapi_operation(const char *id, const char *tag, const char *summary,
                          const char *description);
/* paths[path][method] = op (takes op) */
void openapi_add_operation(json_t *paths, const char *path, const char *method, json_t *op);
/* a required JSON request body (takes schema) */
json_t *openapi_body_of(json_t *schema);
/* {"type": type}, or {"type": [type, "null"]} when nullable */
json_t *openapi_typed(const char *type, int nullable);
/* an optional query parameter (takes schema) */
json_t *openapi_query_param(const char *name, const char *description, json_t *schema);

/* The hand-described schemas and endpoints (openapi_paths.c). */
void openapi_add_fixed_schemas(json_t *schemas);
void openapi_add_fixed_paths(json_t *paths);
/* The second factor's endpoints (openapi_mfa.c, api_mfa.c). */
void openapi_add_mfa_paths(json_t *paths);
/* The evidence endpoints and their schema (openapi_attachments.c). */
void openapi_add_attachment_paths(json_t *paths, json_t *schemas);
/* GET /api/v1/requests/{id} (over the generic one: with recipients, answers
 * and the questionnaire), POST .../answers and .../close
 * (domain/request.h); call after the record paths. */
void openapi_add_request_paths(json_t *paths);

/* The comment threads of every kind that takes comments and the
 * notifications (openapi_exchange.c, domain/comment.h, domain/notify.h). */
void openapi_add_comment_paths(json_t *paths);

#endif
