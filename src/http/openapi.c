/*
 * openapi.c — builds the OpenAPI 3.1 document (see openapi.h): schemas and
 * record endpoints from the data model, the session, audit, analysis and
 * job endpoints by hand. Keep the hand-written part in step with router.c;
 * the server test fails when a route is missing here.
 */
#include "http/openapi.h"

#include "http/request.h"
#include "store/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_PATTERN "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"

static json_t *schema_ref(const char *name)
{
    char ref[160];
    snprintf(ref, sizeof ref, "#/components/schemas/%s", name);
    return json_pack("{s:s}", "$ref", ref);
}

static json_t *component_ref(const char *section, const char *name)
{
    char ref[160];
    snprintf(ref, sizeof ref, "#/components/%s/%s", section, name);
    return json_pack("{s:s}", "$ref", ref);
}

static json_t *json_content(json_t *schema)
{
    return json_pack("{s:{s:o}}", "application/json", "schema", schema);
}

static json_t *response(const char *description, json_t *schema)
{
    if (schema == NULL)
        return json_pack("{s:s}", "description", description);
    return json_pack("{s:s, s:o}", "description", description, "content", json_content(schema));
}

/* Adds the shared error responses named in codes ("400 401 404") to responses. */
static void add_errors(json_t *responses, const char *codes)
{
    static const char *const names[][2] = {
        {"400", "BadRequest"}, {"401", "Unauthorized"},     {"403", "Forbidden"},
        {"404", "NotFound"},   {"409", "Conflict"},         {"413", "TooLarge"},
        {"429", "TooMany"},    {"405", "MethodNotAllowed"},
    };
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strstr(codes, names[i][0]))
            json_object_set_new(responses, names[i][0], component_ref("responses", names[i][1]));
    }
}

static json_t *operation(const char *id, const char *tag, const char *summary,
                         const char *description)
{
    return json_pack("{s:s, s:[s], s:s, s:s, s:{}}", "operationId", id, "tags", tag, "summary",
                     summary, "description", description, "responses");
}

static void add_operation(json_t *paths, const char *path, const char *method, json_t *op)
{
    json_t *item = json_object_get(paths, path);
    if (item == NULL) {
        item = json_object();
        json_object_set_new(paths, path, item);
    }
    json_object_set_new(item, method, op);
}

static json_t *body_of(json_t *schema)
{
    return json_pack("{s:b, s:o}", "required", 1, "content", json_content(schema));
}

static json_t *query_param(const char *name, const char *description, json_t *schema)
{
    return json_pack("{s:s, s:s, s:s, s:b, s:o}", "name", name, "in", "query", "description",
                     description, "required", 0, "schema", schema);
}

/* --- schemas from the model ----------------------------------------------- */

static json_t *typed(const char *type, int nullable)
{
    if (nullable)
        return json_pack("{s:[s,s]}", "type", type, "null");
    return json_pack("{s:s}", "type", type);
}

static json_t *value_schema(enum field_type type, const struct field *f, const char *const *values,
                            int nullable)
{
    json_t *s;
    size_t i;
    switch (type) {
    case FIELD_ID:
    case FIELD_REF:
        s = typed("string", nullable);
        json_object_set_new(s, "pattern", json_string(ID_PATTERN));
        return s;
    case FIELD_INT:
        s = typed("integer", nullable);
        json_object_set_new(s, "minimum", json_integer((json_int_t)f->min));
        json_object_set_new(s, "maximum", json_integer((json_int_t)f->max));
        return s;
    case FIELD_REAL:
        s = typed("number", nullable);
        json_object_set_new(s, "minimum", json_real(f->min));
        json_object_set_new(s, "maximum", json_real(f->max));
        return s;
    case FIELD_BOOL:
        return typed("boolean", nullable);
    case FIELD_ENUM: {
        json_t *e = json_array();
        s = typed("string", nullable);
        for (i = 0; values && values[i]; i++)
            json_array_append_new(e, json_string(values[i]));
        if (nullable)
            json_array_append_new(e, json_null());
        json_object_set_new(s, "enum", e);
        return s;
    }
    case FIELD_DATE:
        s = typed("string", nullable);
        json_object_set_new(s, "format", json_string("date"));
        return s;
    case FIELD_DATETIME:
        s = typed("string", nullable);
        json_object_set_new(s, "format", json_string("date-time"));
        return s;
    default:
        return typed("string", nullable);
    }
}

static json_t *default_value(const struct field *f)
{
    const char *d = f->default_value;
    if (d == NULL || f->type == FIELD_REF_LIST || f->type == FIELD_MAP)
        return NULL;
    switch (f->type) {
    case FIELD_INT:
        return json_integer(strtoll(d, NULL, 10));
    case FIELD_REAL:
        return json_real(strtod(d, NULL));
    case FIELD_BOOL:
        return json_boolean(strcmp(d, "true") == 0);
    default:
        return json_string(d);
    }
}

static json_t *field_schema(const struct field *f)
{
    int nullable = !(f->flags & FIELD_REQUIRED);
    json_t *s, *d;
    if (f->type == FIELD_REF_LIST) {
        s = json_pack("{s:s, s:o, s:b}", "type", "array", "items",
                      value_schema(FIELD_REF, f, NULL, 0), "uniqueItems", 1);
        if (f->flags & FIELD_NONEMPTY)
            json_object_set_new(s, "minItems", json_integer(1));
    } else if (f->type == FIELD_MAP) {
        s = json_pack("{s:s, s:o}", "type", "object", "additionalProperties",
                      value_schema(f->value_type, f, f->value_values, 0));
        if (f->ref_kind == NULL && f->values) {
            json_t *keys = json_array();
            size_t i;
            for (i = 0; f->values[i]; i++)
                json_array_append_new(keys, json_string(f->values[i]));
            json_object_set_new(s, "propertyNames", json_pack("{s:o}", "enum", keys));
        } else {
            json_object_set_new(s, "propertyNames", json_pack("{s:s}", "pattern", ID_PATTERN));
        }
    } else {
        s = value_schema(f->type, f, f->values, nullable);
    }
    if (f->ref_kind) {
        char help[512];
        snprintf(help, sizeof help, "%s (ids of %s)", f->help ? f->help : f->name, f->ref_kind);
        json_object_set_new(s, "description", json_string(help));
        /* machine-readable: which kind the ids name */
        json_object_set_new(s, "x-vitaal-refers-to", json_string(f->ref_kind));
    } else if (f->help) {
        json_object_set_new(s, "description", json_string(f->help));
    }
    if ((d = default_value(f)) != NULL)
        json_object_set_new(s, "default", d);
    return s;
}

static json_t *kind_schema(const struct kind *k, int versioned)
{
    json_t *props = json_object(), *required = json_array();
    char description[256];
    size_t i;
    for (i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        json_object_set_new(props, f->name, field_schema(f));
        if (f->flags & FIELD_REQUIRED)
            json_array_append_new(required, json_string(f->name));
    }
    if (versioned) {
        json_object_set_new(props, "version",
                            json_pack("{s:s, s:i, s:s}", "type", "integer", "minimum", 1,
                                      "description",
                                      "the stored version: 1 when created, +1 on every change"));
        json_array_append_new(required, json_string("version"));
    }
    snprintf(description, sizeof description, "One %s%s.", k->singular,
             versioned ? ", with the version it was read at" : "");
    return json_pack("{s:s, s:s, s:o, s:o, s:b}", "type", "object", "description", description,
                     "properties", props, "required", required, "additionalProperties", 0);
}

static void add_record_paths(json_t *paths, json_t *schemas, const struct kind *k)
{
    char path[160], item_path[176], id[160], summary[256], versioned[160];
    json_t *op, *params;
    size_t i;

    snprintf(path, sizeof path, "/api/v1/%s", k->name);
    snprintf(item_path, sizeof item_path, "/api/v1/%s/{id}", k->name);
    snprintf(versioned, sizeof versioned, "%s_versioned", k->singular);
    json_object_set_new(schemas, k->singular, kind_schema(k, 0));
    json_object_set_new(schemas, versioned, kind_schema(k, 1));

    /* list */
    snprintf(id, sizeof id, "list_%s", k->name);
    snprintf(summary, sizeof summary, "List the %s you may see", k->name);
    op = operation(id, "records", summary,
                   "Records in id order. Every other query parameter FIELD=VALUE keeps the "
                   "records whose field has that value (for a list field: whose list holds it). "
                   "Hidden records are left out silently; total counts only visible ones.");
    params = json_array();
    json_array_append_new(params, component_ref("parameters", "limit"));
    json_array_append_new(params, component_ref("parameters", "offset"));
    for (i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        char help[256];
        if (f->type == FIELD_MAP)
            continue;
        snprintf(help, sizeof help, "keep records whose %s is (or holds) this value", f->name);
        json_array_append_new(params,
                              query_param(f->name, help, json_pack("{s:s}", "type", "string")));
    }
    json_object_set_new(op, "parameters", params);
    json_object_set_new(
        json_object_get(op, "responses"), "200",
        response("a page of records",
                 json_pack("{s:s, s:[s,s,s,s], s:{s:{s:s, s:o}, s:{s:s, s:i}, "
                           "s:{s:s, s:i}, s:{s:s, s:i}}}",
                           "type", "object", "required", "items", "total", "limit", "offset",
                           "properties", "items", "type", "array", "items", schema_ref(k->singular),
                           "total", "type", "integer", "minimum", 0, "limit", "type", "integer",
                           "minimum", 1, "offset", "type", "integer", "minimum", 0)));
    add_errors(json_object_get(op, "responses"), "400 401");
    add_operation(paths, path, "get", op);

    /* create */
    snprintf(id, sizeof id, "create_%s", k->singular);
    snprintf(summary, sizeof summary, "Create a %s", k->singular);
    op = operation(id, "records", summary,
                   "Validates the record, checks its references (they must name records you "
                   "may see) and your right to write it, then writes it and an audit entry in "
                   "one transaction.");
    json_object_set_new(op, "requestBody", body_of(schema_ref(k->singular)));
    json_object_set_new(json_object_get(op, "responses"), "201",
                        json_pack("{s:s, s:{s:{s:s, s:{s:s}}}, s:o}", "description", "created",
                                  "headers", "Location", "description", "the new record's address",
                                  "schema", "type", "string", "content",
                                  json_content(schema_ref(versioned))));
    add_errors(json_object_get(op, "responses"), "400 401 403 409 413");
    add_operation(paths, path, "post", op);

    /* get */
    snprintf(id, sizeof id, "get_%s", k->singular);
    snprintf(summary, sizeof summary, "Read one %s", k->singular);
    op = operation(id, "records", summary,
                   "The record with its version. A record you may not see answers 404 as if it "
                   "did not exist. Reading a confidential or secret record is audited.");
    json_object_set_new(op, "parameters", json_pack("[o]", component_ref("parameters", "id")));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        response("the record", schema_ref(versioned)));
    add_errors(json_object_get(op, "responses"), "401 404");
    add_operation(paths, item_path, "get", op);

    /* replace */
    snprintf(id, sizeof id, "replace_%s", k->singular);
    snprintf(summary, sizeof summary, "Replace a %s", k->singular);
    op = operation(id, "records", summary,
                   "The whole record, with the version you read. When someone else changed it "
                   "since, 409 and nothing is written.");
    json_object_set_new(op, "parameters", json_pack("[o]", component_ref("parameters", "id")));
    json_object_set_new(op, "requestBody", body_of(schema_ref(versioned)));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        response("the stored record", schema_ref(versioned)));
    add_errors(json_object_get(op, "responses"), "400 401 403 404 409 413");
    add_operation(paths, item_path, "put", op);

    /* delete */
    snprintf(id, sizeof id, "delete_%s", k->singular);
    snprintf(summary, sizeof summary, "Delete a %s", k->singular);
    op = operation(id, "records", summary,
                   "Refused with 409 while other records refer to it, or when version is given "
                   "and the record has changed since.");
    json_object_set_new(
        op, "parameters",
        json_pack("[o,o]", component_ref("parameters", "id"),
                  query_param("version", "the version you read (optional)",
                              json_pack("{s:s, s:i}", "type", "integer", "minimum", 1))));
    json_object_set_new(json_object_get(op, "responses"), "204", response("deleted", NULL));
    add_errors(json_object_get(op, "responses"), "400 401 403 404 409");
    add_operation(paths, item_path, "delete", op);
}

/* --- the hand-described endpoints ------------------------------------------- */

static void add_fixed_schemas(json_t *s)
{
    json_object_set_new(
        s, "Error",
        json_pack("{s:s, s:s, s:[s,s,s], s:{s:{s:s, s:s}, s:{s:[s,s], s:s}, s:{s:s}}}", "type",
                  "object", "description",
                  "error: error_code_name of the code; field: where (null when nowhere)",
                  "required", "error", "field", "message", "properties", "error", "type", "string",
                  "description", "invalid, not_found, conflict, forbidden, unauthorized, ...",
                  "field", "type", "string", "null", "description", "the field or parameter",
                  "message", "type", "string"));
    json_object_set_new(s, "User",
                        json_pack("{s:s, s:[s,s,s,s,s], s:{s:{s:s}, s:{s:s, s:[s,s,s,s]}, s:{s:s}, "
                                  "s:{s:s, s:[s,s,s,s]}, s:{s:s, s:{s:s}}}}",
                                  "type", "object", "required", "username", "role", "org",
                                  "clearance", "scope", "properties", "username", "type", "string",
                                  "role", "type", "string", "enum", "coordinator", "department",
                                  "provider", "auditor", "org", "type", "string", "clearance",
                                  "type", "string", "enum", "public", "internal", "confidential",
                                  "secret", "scope", "type", "array", "items", "type", "string"));
    json_object_set_new(s, "Login",
                        json_pack("{s:s, s:[s,s], s:b, s:{s:{s:s}, s:{s:s, s:s}}}", "type",
                                  "object", "required", "username", "password",
                                  "additionalProperties", 0, "properties", "username", "type",
                                  "string", "password", "type", "string", "format", "password"));
    json_object_set_new(
        s, "Session",
        json_pack("{s:s, s:[s,s,s,s], s:{s:{s:s}, s:{s:s, s:s}, s:{s:s, s:s}, s:o}}", "type",
                  "object", "required", "token", "csrf", "expires_at", "user", "properties",
                  "token", "type", "string", "csrf", "type", "string", "description",
                  "send as X-CSRF-Token with unsafe requests of a cookie session", "expires_at",
                  "type", "string", "format", "date-time", "user", schema_ref("User")));
    json_object_set_new(s, "AuditPage",
                        json_pack("{s:s, s:[s,s,s], s:{s:{s:s, s:{s:s}}, s:{s:s}, s:{s:[s,s]}}}",
                                  "type", "object", "required", "items", "limit", "next_after",
                                  "properties", "items", "type", "array", "items", "type", "object",
                                  "limit", "type", "integer", "next_after", "type", "integer",
                                  "null"));
    json_object_set_new(s, "Status",
                        json_pack("{s:s, s:[s,s], s:{s:{s:s, s:s}, s:{s:s, s:{s:s}}}}", "type",
                                  "object", "required", "today", "processes", "properties", "today",
                                  "type", "string", "format", "date", "processes", "type", "array",
                                  "items", "type", "object"));
    json_object_set_new(s, "CascadeRequest",
                        json_pack("{s:s, s:[s,s,s], s:b, s:{s:{s:s, s:i, s:{s:s}}, s:{s:s, s:i}, "
                                  "s:{s:s, s:i, s:i}}}",
                                  "type", "object", "required", "fail", "outage_h", "horizon_h",
                                  "additionalProperties", 0, "properties", "fail", "type", "array",
                                  "minItems", 1, "items", "type", "string", "outage_h", "type",
                                  "integer", "minimum", 0, "horizon_h", "type", "integer",
                                  "minimum", 1, "maximum", 1000000));
    json_object_set_new(s, "CascadeResult",
                        json_pack("{s:s, s:[s,s,s,s,s], s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, "
                                  "s:{s:s, s:{s:s}}}}",
                                  "type", "object", "required", "horizon_h", "outage_h", "failed",
                                  "affected", "nodes", "properties", "horizon_h", "type", "integer",
                                  "outage_h", "type", "integer", "failed", "type", "array",
                                  "affected", "type", "integer", "nodes", "type", "array", "items",
                                  "type", "object"));
    json_object_set_new(
        s, "CriticalityRequest",
        json_pack("{s:s, s:[s,s], s:b, s:{s:{s:s, s:i}, s:{s:s, s:i, s:i}, s:{s:s, s:i}}}", "type",
                  "object", "required", "outage_h", "horizon_h", "additionalProperties", 0,
                  "properties", "outage_h", "type", "integer", "minimum", 0, "horizon_h", "type",
                  "integer", "minimum", 1, "maximum", 1000000, "top", "type", "integer", "minimum",
                  0));
    json_object_set_new(
        s, "Job",
        json_pack("{s:s, s:[s,s,s,s], s:{s:{s:s}, s:{s:s}, s:{s:s, s:[s,s,s,s]}, "
                  "s:{s:s, s:i, s:i}, s:{s:s}, s:{s:[s,s]}, s:{s:s}, s:o}}",
                  "type", "object", "required", "id", "kind", "status", "progress", "properties",
                  "id", "type", "string", "kind", "type", "string", "status", "type", "string",
                  "enum", "queued", "running", "done", "failed", "progress", "type", "number",
                  "minimum", 0, "maximum", 1, "created_at", "type", "string", "finished_at", "type",
                  "string", "null", "result", "type", "object", "error", schema_ref("Error")));
    json_object_set_new(
        s, "IimInput",
        json_pack("{s:s, s:s, s:[s], s:{s:{s:s, s:{s:s}}, s:{s:s}, s:{s:s}, s:{s:s}, "
                  "s:{s:s}}}",
                  "type", "object", "description",
                  "the document of 'vitaal iim' (docs/method.md): a_star or io_table, c_star, "
                  "optionally dynamic",
                  "required", "sectors", "properties", "sectors", "type", "array", "items", "type",
                  "string", "a_star", "type", "array", "io_table", "type", "object", "c_star",
                  "type", "array", "dynamic", "type", "object"));
    json_object_set_new(s, "Report",
                        json_pack("{s:s, s:s}", "type", "object", "description",
                                  "a report of the cycle's rules; fields as in docs/api.md"));
    json_object_set_new(
        s, "AssessRequest",
        json_pack("{s:s, s:[s], s:b, s:{s:{s:s, s:s}, s:{s:[s,s], s:s}, s:{s:s, s:i}, "
                  "s:{s:s, s:b}}}",
                  "type", "object", "required", "process", "additionalProperties", 0, "properties",
                  "process", "type", "string", "pattern", ID_PATTERN, "assessment", "type",
                  "string", "null", "description",
                  "default: the latest assessment of the process you may see", "outage_h", "type",
                  "integer", "minimum", 0, "dry_run", "type", "boolean", "default", 0));
    json_object_set_new(
        s, "AssessResult",
        json_pack("{s:s, s:[s,s,s,s,s,s,s,s], s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:[s,s,s]}, "
                  "s:{s:s}, s:{s:s}, s:{s:s, s:{s:{s:s}, s:{s:s, s:{s:s}}}}, s:{s:s}, "
                  "s:{s:s, s:{s:s}}, s:{s:s}, s:{s:s}}}",
                  "type", "object", "required", "process", "assessment", "category", "decided_by",
                  "criteria", "cascade", "rationale", "written", "properties", "process", "type",
                  "string", "assessment", "type", "string", "previous_category", "type", "string",
                  "category", "type", "string", "enum", "A", "B", "none", "process_category",
                  "type", "string", "differs_from_process", "type", "boolean", "cascade", "type",
                  "object", "properties", "count", "type", "integer", "processes", "type", "array",
                  "items", "type", "string", "criteria", "type", "array", "decided_by", "type",
                  "array", "items", "type", "string", "rationale", "type", "string", "written",
                  "type", "boolean"));
    json_object_set_new(
        s, "WhatifRequest",
        json_pack("{s:s, s:[s], s:b, s:{s:{s:s, s:i, s:{s:s}}, s:{s:s, s:{s:s}}, s:{s:s, s:i}, "
                  "s:{s:s, s:i, s:i}}}",
                  "type", "object", "required", "measures", "additionalProperties", 0, "properties",
                  "measures", "type", "array", "minItems", 1, "items", "type", "string", "fail",
                  "type", "array", "items", "type", "string", "outage_h", "type", "integer",
                  "minimum", 0, "horizon_h", "type", "integer", "minimum", 1, "maximum", 1000000));
    json_object_set_new(
        s, "RiskPicture",
        json_pack("{s:s, s:s, s:[s,s,s,s,s,s], s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, "
                  "s:{s:s}}}",
                  "type", "object", "description",
                  "as 'vitaal risks --json', over the records you may read only", "required",
                  "scope", "diagram", "resilience", "risks", "processes", "sectors", "properties",
                  "scope", "type", "string", "diagram", "type", "object", "resilience", "type",
                  "object", "risks", "type", "array", "processes", "type", "array", "sectors",
                  "type", "array"));
    json_object_set_new(s, "IimResult",
                        json_pack("{s:s, s:[s,s], s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}}",
                                  "type", "object", "required", "sectors", "q", "properties",
                                  "sectors", "type", "array", "q", "type", "array", "loss", "type",
                                  "array", "impact", "type", "array", "series", "type", "array"));
}

static void add_fixed_paths(json_t *paths)
{
    json_t *op, *r;

    op = operation("login", "session", "Log in",
                   "Answers a token for 'Authorization: Bearer' and sets the HttpOnly "
                   "SameSite=Strict cookie vitaal_session. Five failed logins within 15 minutes "
                   "for one user name or one client address answer 429 until the oldest leaves "
                   "the window.");
    json_object_set_new(op, "security", json_array());
    json_object_set_new(op, "requestBody", body_of(schema_ref("Login")));
    r = json_object_get(op, "responses");
    json_object_set_new(r, "200",
                        json_pack("{s:s, s:{s:{s:s, s:{s:s}}}, s:o}", "description", "logged in",
                                  "headers", "Set-Cookie", "description", "the session cookie",
                                  "schema", "type", "string", "content",
                                  json_content(schema_ref("Session"))));
    add_errors(r, "400 401 413 429");
    add_operation(paths, "/api/v1/session", "post", op);

    op = operation("logout", "session", "Log out", "Ends the session and clears the cookie.");
    json_object_set_new(json_object_get(op, "responses"), "204", response("logged out", NULL));
    add_errors(json_object_get(op, "responses"), "401 403");
    add_operation(paths, "/api/v1/session", "delete", op);

    op = operation("me", "session", "Who you are",
                   "Your user name, role, organisation, "
                   "clearance and (auditors) scope.");
    json_object_set_new(
        json_object_get(op, "responses"), "200",
        response("the user",
                 json_pack("{s:[o, {s:s, s:{s:{s:s, s:s}}}]}", "allOf", schema_ref("User"), "type",
                           "object", "properties", "csrf", "type", "string", "description",
                           "cookie sessions only: the X-CSRF-Token to send")));
    add_errors(json_object_get(op, "responses"), "401");
    add_operation(paths, "/api/v1/me", "get", op);

    op = operation("users", "session", "List the users",
                   "Coordinators only. Every account with its role, organisation, clearance, "
                   "scope and whether it is disabled; never a password hash.");
    json_object_set_new(
        json_object_get(op, "responses"), "200",
        response("the users",
                 json_pack("{s:s, s:[s], s:{s:{s:s, s:{s:[o, {s:s, s:[s], s:{s:{s:s}}}]}}}}",
                           "type", "object", "required", "items", "properties", "items", "type",
                           "array", "items", "allOf", schema_ref("User"), "type", "object",
                           "required", "disabled", "properties", "disabled", "type", "boolean")));
    add_errors(json_object_get(op, "responses"), "400 401 403");
    add_operation(paths, "/api/v1/users", "get", op);

    op = operation("openapi", "session", "This document", "The OpenAPI 3.1 document of the API.");
    json_object_set_new(op, "security", json_array());
    json_object_set_new(json_object_get(op, "responses"), "200",
                        response("the document", json_pack("{s:s}", "type", "object")));
    add_errors(json_object_get(op, "responses"), "405");
    add_operation(paths, "/api/v1/openapi.json", "get", op);

    op = operation("audit_log", "session", "Read the audit log",
                   "Coordinators only. Entries in order, each with the MAC chaining it to the "
                   "one before.");
    json_object_set_new(
        op, "parameters",
        json_pack("[o,o]",
                  query_param("after", "entries after this sequence number",
                              json_pack("{s:s, s:i}", "type", "integer", "minimum", 0)),
                  component_ref("parameters", "limit")));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        response("a page of entries", schema_ref("AuditPage")));
    add_errors(json_object_get(op, "responses"), "400 401 403");
    add_operation(paths, "/api/v1/audit", "get", op);

    op = operation("status", "analyses", "Where each process stands in the cycle",
                   "Per visible process: category, last final analysis, next due, open "
                   "quickscans and measures.");
    json_object_set_new(
        op, "parameters",
        json_pack("[o]", query_param("today", "judge as of this date",
                                     json_pack("{s:s, s:s}", "type", "string", "format", "date"))));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        response("the status", schema_ref("Status")));
    add_errors(json_object_get(op, "responses"), "400 401");
    add_operation(paths, "/api/v1/status", "get", op);

    op = operation("cascade", "analyses", "Simulate a failure cascade",
                   "The named processes fail for outage_h hours; hour by hour over horizon_h, "
                   "which processes go down. Only processes you may see are named or shown.");
    json_object_set_new(op, "requestBody", body_of(schema_ref("CascadeRequest")));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        response("the cascade", schema_ref("CascadeResult")));
    add_errors(json_object_get(op, "responses"), "400 401 404 413");
    add_operation(paths, "/api/v1/cascade", "post", op);

    op = operation("criticality", "analyses", "Rank processes by criticality (a job)",
                   "Queues the ranking and answers 202 with the job's address; poll it.");
    json_object_set_new(op, "requestBody", body_of(schema_ref("CriticalityRequest")));
    json_object_set_new(json_object_get(op, "responses"), "202",
                        json_pack("{s:s, s:{s:{s:s, s:{s:s}}}, s:o}", "description", "queued",
                                  "headers", "Location", "description", "the job", "schema", "type",
                                  "string", "content",
                                  json_content(json_pack("{s:s}", "type", "object"))));
    add_errors(json_object_get(op, "responses"), "400 401 409 413");
    add_operation(paths, "/api/v1/criticality", "post", op);

    op = operation("iim", "analyses", "Inoperability input-output model",
                   "The static or dynamic IIM on the document in the body.");
    json_object_set_new(op, "requestBody", body_of(schema_ref("IimInput")));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        response("the inoperabilities", schema_ref("IimResult")));
    add_errors(json_object_get(op, "responses"), "400 401 413");
    add_operation(paths, "/api/v1/iim", "post", op);

    op = operation("fallback_need", "analyses", "Is a fallback option needed, per process",
                   "Per visible process: needed, advisable or not needed, with its visible "
                   "inputs and fallback options (docs/method.md).");
    json_object_set_new(
        op, "parameters",
        json_pack("[o,o]",
                  query_param("process", "only this process",
                              json_pack("{s:s, s:s}", "type", "string", "pattern", ID_PATTERN)),
                  query_param("outage_h", "the outage (default: setting fallback_outage_h)",
                              json_pack("{s:s, s:i}", "type", "integer", "minimum", 0))));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        response("the report", schema_ref("Report")));
    add_errors(json_object_get(op, "responses"), "400 401 404");
    add_operation(paths, "/api/v1/fallback-need", "get", op);

    op = operation("review_status", "analyses", "Effectiveness reviews of measures (toetsing)",
                   "Per visible measure: its latest visible review, when the next is due, and "
                   "whether its effect counts towards residual risk.");
    json_object_set_new(
        op, "parameters",
        json_pack("[o]", query_param("today", "judge as of this date",
                                     json_pack("{s:s, s:s}", "type", "string", "format", "date"))));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        response("the report", schema_ref("Report")));
    add_errors(json_object_get(op, "responses"), "400 401");
    add_operation(paths, "/api/v1/review-status", "get", op);

    op = operation("incident_deadlines", "analyses", "NIS2 and CER notification deadlines",
                   "Per visible incident: the regimes that apply and each deadline's state.");
    json_object_set_new(json_object_get(op, "responses"), "200",
                        response("the report", schema_ref("Report")));
    add_errors(json_object_get(op, "responses"), "400 401");
    add_operation(paths, "/api/v1/incident-deadlines", "get", op);

    op = operation("assess", "analyses", "The vitaalbeoordeling of a process",
                   "Decides category A, B or none from the assessment's estimates and the "
                   "cascade criterion and explains it. Unless dry_run, records the outcome in "
                   "the assessment (403 when you may not change it) with an audit entry, in one "
                   "transaction. Only processes you may see are listed in the cascade.");
    json_object_set_new(op, "requestBody", body_of(schema_ref("AssessRequest")));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        response("the decision", schema_ref("AssessResult")));
    add_errors(json_object_get(op, "responses"), "400 401 403 404 413");
    add_operation(paths, "/api/v1/assess", "post", op);

    op = operation("whatif", "analyses", "Measures as what-if (a job)",
                   "Applies the measures' effects to a copy of the graph and the risks and "
                   "shows the cascade, the criticality top 10 and the risks before and after. "
                   "Answers 202 with the job's address. The result names only records you may "
                   "read (docs/api.md).");
    json_object_set_new(op, "requestBody", body_of(schema_ref("WhatifRequest")));
    json_object_set_new(json_object_get(op, "responses"), "202",
                        json_pack("{s:s, s:{s:{s:s, s:{s:s}}}, s:o}", "description", "queued",
                                  "headers", "Location", "description", "the job", "schema", "type",
                                  "string", "content",
                                  json_content(json_pack("{s:s}", "type", "object"))));
    add_errors(json_object_get(op, "responses"), "400 401 404 409 413");
    add_operation(paths, "/api/v1/whatif", "post", op);

    op = operation("risk_picture", "analyses", "The risk picture and risk diagram",
                   "Risks scored by the national risk method, the 5x5 diagram (inherent and, "
                   "with residual=true, residual), resilience and findings, of one process, one "
                   "sector or the nation, counted over the records you may read only.");
    json_object_set_new(
        op, "parameters",
        json_pack("[o,o,o,o]",
                  query_param("process", "one process",
                              json_pack("{s:s, s:s}", "type", "string", "pattern", ID_PATTERN)),
                  query_param("sector", "the processes of a sector (and the sectors under it)",
                              json_pack("{s:s, s:s}", "type", "string", "pattern", ID_PATTERN)),
                  query_param("residual", "also the residual risk after effective measures",
                              json_pack("{s:s, s:b}", "type", "boolean", "default", 0)),
                  query_param("today", "with residual: count reviews up to this date",
                              json_pack("{s:s, s:s}", "type", "string", "format", "date"))));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        response("the risk picture", schema_ref("RiskPicture")));
    add_errors(json_object_get(op, "responses"), "400 401 404");
    add_operation(paths, "/api/v1/risk-picture", "get", op);

    op = operation("get_job", "jobs", "A job's state",
                   "Status, progress 0..1, and the result when done. Only its owner sees it.");
    json_object_set_new(op, "parameters",
                        json_pack("[{s:s, s:s, s:b, s:s, s:{s:s}}]", "name", "job", "in", "path",
                                  "required", 1, "description", "the job id", "schema", "type",
                                  "string"));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        response("the job", schema_ref("Job")));
    add_errors(json_object_get(op, "responses"), "401 404");
    add_operation(paths, "/api/v1/jobs/{job}", "get", op);
}

static json_t *components(json_t *schemas)
{
    json_t *responses = json_object();
    static const char *const errors[][2] = {
        {"BadRequest", "malformed JSON, wrong types, unknown fields, bad references"},
        {"Unauthorized", "not logged in, or the session expired"},
        {"Forbidden", "outside your scope, or a cookie session without X-CSRF-Token"},
        {"NotFound", "absent, or hidden from you"},
        {"Conflict", "changed by someone else since you read it, or still referred to"},
        {"TooLarge", "the body is over the limit (1 MiB unless --max-body)"},
        {"TooMany", "too many failed logins; see Retry-After"},
        {"MethodNotAllowed", "the path does not answer this method; see Allow"},
    };
    size_t i;
    for (i = 0; i < sizeof errors / sizeof errors[0]; i++)
        json_object_set_new(responses, errors[i][0], response(errors[i][1], schema_ref("Error")));
    return json_pack(
        "{s:o, s:o, s:{s:{s:s, s:s, s:s, s:b, s:{s:s, s:i, s:i, s:i}}, "
        "s:{s:s, s:s, s:s, s:b, s:{s:s, s:i, s:i}}, s:{s:s, s:s, s:s, s:b, s:{s:s, s:s}}}, "
        "s:{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s}}}",
        "schemas", schemas, "responses", responses, "parameters", "limit", "name", "limit", "in",
        "query", "description", "page size", "required", 0, "schema", "type", "integer", "minimum",
        1, "maximum", HTTP_LIST_LIMIT_MAX, "default", HTTP_LIST_LIMIT_DEFAULT, "offset", "name",
        "offset", "in", "query", "description", "records to skip", "required", 0, "schema", "type",
        "integer", "minimum", 0, "default", 0, "id", "name", "id", "in", "path", "description",
        "the record id", "required", 1, "schema", "type", "string", "pattern", ID_PATTERN,
        "securitySchemes", "bearer", "type", "http", "scheme", "bearer", "description",
        "the token from POST /api/v1/session", "cookie", "type", "apiKey", "in", "cookie", "name",
        HTTP_COOKIE_NAME, "description",
        "the session cookie; unsafe requests also need X-CSRF-Token");
}

int openapi_document(struct strbuf *out, struct error *e)
{
    json_t *doc, *paths = json_object(), *schemas = json_object();
    char *text;
    size_t i;

    add_fixed_schemas(schemas);
    add_fixed_paths(paths);
    for (i = 0; i < model_kind_count; i++)
        add_record_paths(paths, schemas, model_kinds[i]);
    doc = json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:[{s:s, s:s}], s:[{s:[]}, {s:[]}], "
        "s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}], s:o, s:o}",
        "openapi", "3.1.0", "info", "title", "vitaal API", "version", "1", "description",
        "The cyclus vitaal over HTTP: records of every kind, the analyses, sessions and the "
        "audit log. Need-to-know applies to every answer; see docs/api.md.",
        "servers", "url", "http://127.0.0.1:8080", "description",
        "vitaal serve with its default --listen", "security", "bearer", "cookie", "tags", "name",
        "session", "description", "login, logout, who you are, the audit log", "name", "records",
        "description", "every kind of record of the data model", "name", "analyses", "description",
        "the cycle's analyses and rules", "name", "jobs", "description",
        "long analyses running in the background", "paths", paths, "components",
        components(schemas));
    if (doc == NULL)
        return error_set(e, ERR_INTERNAL, NULL, "building the OpenAPI document failed");
    text = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(17));
    json_decref(doc);
    if (text == NULL)
        return error_set(e, ERR_NOMEM, NULL, "out of memory");
    strbuf_puts(out, text);
    free(text);
    return out->failed ? error_set(e, ERR_NOMEM, NULL, "out of memory") : 0;
}
