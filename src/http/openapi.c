/*
 * openapi.c — builds the OpenAPI 3.1 document (see openapi.h): the
 * building blocks (openapi_internal.h), schemas and record endpoints from
 * the data model, the shared components; the hand-described endpoints are
 * in openapi_paths.c.
 */
#include "http/openapi.h"

#include "domain/approval.h"
#include "http/router.h"
#include "http/openapi_internal.h"

#include "http/request.h"
#include "report/report_schema.h"
#include "store/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *openapi_schema_ref(const char *name)
{
    char ref[160];
    snprintf(ref, sizeof ref, "#/components/schemas/%s", name);
    return json_pack("{s:s}", "$ref", ref);
}

static json_t *openapi_component_ref(const char *section, const char *name)
{
    char ref[160];
    snprintf(ref, sizeof ref, "#/components/%s/%s", section, name);
    return json_pack("{s:s}", "$ref", ref);
}

static json_t *openapi_json_content(json_t *schema)
{
    return json_pack("{s:{s:o}}", "application/json", "schema", schema);
}

static json_t *openapi_response(const char *description, json_t *schema)
{
    if (schema == NULL)
        return json_pack("{s:s}", "description", description);
    return json_pack("{s:s, s:o}", "description", description, "content",
                     openapi_json_content(schema));
}

/* Adds the shared error responses named in codes ("400 401 404") to responses. */
static void openapi_add_errors(json_t *responses, const char *codes)
{
    static const char *const names[][2] = {
        {"400", "BadRequest"}, {"401", "Unauthorized"},
        {"403", "Forbidden"},  {"404", "NotFound"},
        {"409", "Conflict"},   {"413", "TooLarge"},
        {"429", "TooMany"},    {"415", "UnsupportedMediaType"},
        {"503", "Busy"},
    };
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strstr(codes, names[i][0]))
            json_object_set_new(responses, names[i][0],
                                openapi_component_ref("responses", names[i][1]));
    }
}

static json_t *openapi_operation(const char *id, const char *tag, const char *summary,
                                 const char *description)
{
    return json_pack("{s:s, s:[s], s:s, s:s, s:{}}", "operationId", id, "tags", tag, "summary",
                     summary, "description", description, "responses");
}

static void openapi_add_operation(json_t *paths, const char *path, const char *method, json_t *op)
{
    json_t *item = json_object_get(paths, path);
    if (item == NULL) {
        item = json_object();
        json_object_set_new(paths, path, item);
    }
    json_object_set_new(item, method, op);
}

static json_t *openapi_body_of(json_t *schema)
{
    return json_pack("{s:b, s:o}", "required", 1, "content", openapi_json_content(schema));
}

static json_t *openapi_query_param(const char *name, const char *description, json_t *schema)
{
    return json_pack("{s:s, s:s, s:s, s:b, s:o}", "name", name, "in", "query", "description",
                     description, "required", 0, "schema", schema);
}

/* --- schemas from the model ----------------------------------------------- */

static json_t *openapi_typed(const char *type, int nullable)
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
        s = openapi_typed("string", nullable);
        json_object_set_new(s, "pattern", json_string(ID_PATTERN));
        return s;
    case FIELD_INT:
        s = openapi_typed("integer", nullable);
        json_object_set_new(s, "minimum", json_integer((json_int_t)f->min));
        json_object_set_new(s, "maximum", json_integer((json_int_t)f->max));
        return s;
    case FIELD_REAL:
        s = openapi_typed("number", nullable);
        json_object_set_new(s, "minimum", json_real(f->min));
        json_object_set_new(s, "maximum", json_real(f->max));
        return s;
    case FIELD_BOOL:
        return openapi_typed("boolean", nullable);
    case FIELD_ENUM: {
        json_t *e = json_array();
        s = openapi_typed("string", nullable);
        for (i = 0; values && values[i]; i++)
            json_array_append_new(e, json_string(values[i]));
        if (nullable)
            json_array_append_new(e, json_null());
        json_object_set_new(s, "enum", e);
        return s;
    }
    case FIELD_DATE:
        s = openapi_typed("string", nullable);
        json_object_set_new(s, "format", json_string("date"));
        return s;
    case FIELD_DATETIME:
        s = openapi_typed("string", nullable);
        json_object_set_new(s, "format", json_string("date-time"));
        return s;
    default:
        return openapi_typed("string", nullable);
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

/* as_read: in a record as answered, where a reference to a record the
 * caller may not read is null (issue 14 part 5), also when required */
static json_t *field_schema(const struct field *f, int as_read)
{
    int nullable = !(f->flags & FIELD_REQUIRED) || (as_read && f->type == FIELD_REF);
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
        snprintf(help, sizeof help, "%s (ids of %s%s)", f->help ? f->help : f->name, f->ref_kind,
                 as_read && f->type == FIELD_REF && (f->flags & FIELD_REQUIRED)
                     ? "; null in an answer when it names one you may not read"
                     : "");
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

/* The three shapes of a record: as created (SINGULAR), as read with its
 * version (SINGULAR_versioned, also what a replace sends back) and as
 * listed (SINGULAR_listed: read, without the version). */
enum shape { SHAPE_NEW, SHAPE_VERSIONED, SHAPE_LISTED };

static json_t *kind_schema(const struct kind *k, enum shape shape)
{
    json_t *props = json_object(), *required = json_array();
    int versioned = shape == SHAPE_VERSIONED;
    char description[256];
    size_t i;
    for (i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        json_object_set_new(props, f->name, field_schema(f, shape != SHAPE_NEW));
        if ((f->flags & FIELD_REQUIRED) &&
            !(k->id == KIND_REQUEST && shape == SHAPE_NEW && strcmp(f->name, "id") == 0))
            json_array_append_new(required, json_string(f->name));
    }
    if (k->id == KIND_REQUEST) {
        /* sent as a list of texts, stored one a line; a new one may leave
         * out its id (domain/request.h) */
        json_object_set_new(
            props, "questions",
            json_pack("{s:[{s:[s,s]}, {s:s, s:{s:s}}], s:s}", "oneOf", "type", "string", "null",
                      "type", "array", "items", "type", "string", "description",
                      "the questions: a list of texts (each one line), or one text with a "
                      "question a line, as stored; without an id a new request gets "
                      "REQ-YEAR-NNN"));
    }
    if (k->id == KIND_MEASURE) {
        /* derived by the server as of today (domain/toetsing.h), never
         * stored: a client may send them back, they are dropped */
        json_object_set_new(props, "overdue",
                            json_pack("{s:s, s:b, s:s}", "type", "boolean", "readOnly", 1,
                                      "description",
                                      "derived: due before today and neither done nor cancelled"));
        json_object_set_new(
            props, "adjustment_due",
            json_pack("{s:s, s:b, s:s}", "type", "boolean", "readOnly", 1, "description",
                      "derived: the latest review found it partly effective or ineffective"));
        json_object_set_new(
            props, "follow_up",
            json_pack("{s:[s,s], s:s, s:b, s:s}", "type", "string", "null", "format", "date",
                      "readOnly", 1, "description",
                      "derived: the follow-up date of that review, null when no adjustment is "
                      "due"));
    }
    if (versioned) {
        json_object_set_new(props, "version",
                            json_pack("{s:s, s:i, s:s}", "type", "integer", "minimum", 1,
                                      "description",
                                      "the stored version: 1 when created, +1 on every change"));
        json_array_append_new(required, json_string("version"));
    }
    snprintf(description, sizeof description, "One %s%s.", k->singular,
             versioned               ? ", with the version it was read at"
             : shape == SHAPE_LISTED ? ", as listed (a reference to one you may not read is null)"
                                     : "");
    return json_pack("{s:s, s:s, s:o, s:o, s:b}", "type", "object", "description", description,
                     "properties", props, "required", required, "additionalProperties", 0);
}

/* POST .../approve and .../reject of an approvable kind (domain/approval.h). */
static void add_approval_paths(json_t *paths, const struct kind *k, const char *versioned)
{
    static const char *const verbs[][3] = {
        {"approve", "Approve (four eyes)",
         "By a user of the process's responsible ministry or the coordinator who made no "
         "version since it was last final. The record must be in review. 409 with "
         "open_points [{type, ref}] (topics without findings, inputs whose fallback need is "
         "not covered, risks without a measure) until approved again with acknowledged: "
         "true. Sets status final, finalised, approved_by, approved_at, approval_comment."},
        {"reject", "Send back to draft with a reason",
         "Who may approve may reject. Sets status draft and rejection (the reason)."}};
    char path[200], id[160];
    json_t *op;
    size_t i;
    snprintf(path, sizeof path, "/api/v1/%s/{id}/approval", k->name);
    snprintf(id, sizeof id, "approval_of_%s", k->singular);
    op = openapi_operation(
        id, "records", "What deciding would meet",
        "Without deciding: the status, whether you may decide (may_decide) and if not why "
        "(reason: message_id, message, params), and the open points to weigh. Reading a "
        "confidential or secret one is audited.");
    json_object_set_new(op, "parameters",
                        json_pack("[o]", openapi_component_ref("parameters", "id")));
    json_object_set_new(
        json_object_get(op, "responses"), "200",
        openapi_response("the approval's preview", openapi_schema_ref("ApprovalPreview")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 404");
    openapi_add_operation(paths, path, "get", op);
    for (i = 0; i < 2; i++) {
        int approve = i == 0;
        snprintf(path, sizeof path, "/api/v1/%s/{id}/%s", k->name, verbs[i][0]);
        snprintf(id, sizeof id, "%s_%s", verbs[i][0], k->singular);
        op = openapi_operation(id, "records", verbs[i][1], verbs[i][2]);
        json_object_set_new(op, "parameters",
                            json_pack("[o]", openapi_component_ref("parameters", "id")));
        json_object_set_new(
            op, "requestBody",
            openapi_body_of(approve ? json_pack("{s:s, s:[s], s:{s:{s:s}, s:{s:s}}, s:b}", "type",
                                                "object", "required", "comment", "properties",
                                                "comment", "type", "string", "acknowledged", "type",
                                                "boolean", "additionalProperties", 0)
                                    : json_pack("{s:s, s:[s], s:{s:{s:s}}, s:b}", "type", "object",
                                                "required", "comment", "properties", "comment",
                                                "type", "string", "additionalProperties", 0)));
        json_object_set_new(
            json_object_get(op, "responses"), "200",
            openapi_response("the record as decided", openapi_schema_ref(versioned)));
        openapi_add_errors(json_object_get(op, "responses"), "400 401 403 404 409");
        openapi_add_operation(paths, path, "post", op);
    }
}

static void add_record_paths(json_t *paths, json_t *schemas, const struct kind *k)
{
    char path[160], item_path[176], id[160], summary[256], versioned[160], listed[160];
    json_t *op, *params;
    size_t i;

    snprintf(path, sizeof path, "/api/v1/%s", k->name);
    snprintf(item_path, sizeof item_path, "/api/v1/%s/{id}", k->name);
    snprintf(versioned, sizeof versioned, "%s_versioned", k->singular);
    snprintf(listed, sizeof listed, "%s_listed", k->singular);
    json_object_set_new(schemas, k->singular, kind_schema(k, SHAPE_NEW));
    json_object_set_new(schemas, versioned, kind_schema(k, SHAPE_VERSIONED));
    json_object_set_new(schemas, listed, kind_schema(k, SHAPE_LISTED));

    /* list */
    snprintf(id, sizeof id, "list_%s", k->name);
    snprintf(summary, sizeof summary, "List the %s you may see", k->name);
    op = openapi_operation(
        id, "records", summary,
        "Records in id order. Every other query parameter FIELD=VALUE keeps the "
        "records whose field has that value (for a list field: whose list holds it). "
        "Hidden records are left out silently; total counts only visible ones.");
    params = json_array();
    json_array_append_new(params, openapi_component_ref("parameters", "limit"));
    json_array_append_new(params, openapi_component_ref("parameters", "offset"));
    for (i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        char help[256];
        if (f->type == FIELD_MAP)
            continue;
        snprintf(help, sizeof help, "keep records whose %s is (or holds) this value", f->name);
        json_array_append_new(
            params, openapi_query_param(f->name, help, json_pack("{s:s}", "type", "string")));
    }
    json_object_set_new(op, "parameters", params);
    json_object_set_new(
        json_object_get(op, "responses"), "200",
        openapi_response("a page of records",
                         json_pack("{s:s, s:[s,s,s,s], s:{s:{s:s, s:o}, s:{s:s, s:i}, "
                                   "s:{s:s, s:i}, s:{s:s, s:i}}, s:b}",
                                   "type", "object", "required", "items", "total", "limit",
                                   "offset", "properties", "items", "type", "array", "items",
                                   openapi_schema_ref(listed), "total", "type", "integer",
                                   "minimum", 0, "limit", "type", "integer", "minimum", 1, "offset",
                                   "type", "integer", "minimum", 0, "additionalProperties", 0)));
    openapi_add_errors(json_object_get(op, "responses"), "400 401");
    openapi_add_operation(paths, path, "get", op);

    /* create */
    snprintf(id, sizeof id, "create_%s", k->singular);
    snprintf(summary, sizeof summary, "Create a %s", k->singular);
    op = openapi_operation(
        id, "records", summary,
        "Validates the record, checks its references (they must name records you "
        "may see) and your right to write it, then writes it and an audit entry in "
        "one transaction.");
    json_object_set_new(op, "requestBody", openapi_body_of(openapi_schema_ref(k->singular)));
    json_object_set_new(json_object_get(op, "responses"), "201",
                        json_pack("{s:s, s:{s:{s:s, s:b, s:{s:s}}}, s:o}", "description", "created",
                                  "headers", "Location", "description", "the new record's address",
                                  "required", 1, "schema", "type", "string", "content",
                                  openapi_json_content(openapi_schema_ref(versioned))));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403 409 413");
    openapi_add_operation(paths, path, "post", op);

    /* get */
    snprintf(id, sizeof id, "get_%s", k->singular);
    snprintf(summary, sizeof summary, "Read one %s", k->singular);
    op = openapi_operation(
        id, "records", summary,
        "The record with its version. A record you may not see answers 404 as if it "
        "did not exist. Reading a confidential or secret record is audited.");
    json_object_set_new(op, "parameters",
                        json_pack("[o]", openapi_component_ref("parameters", "id")));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the record", openapi_schema_ref(versioned)));
    openapi_add_errors(json_object_get(op, "responses"), "401 404");
    openapi_add_operation(paths, item_path, "get", op);

    /* replace */
    snprintf(id, sizeof id, "replace_%s", k->singular);
    snprintf(summary, sizeof summary, "Replace a %s", k->singular);
    op = openapi_operation(
        id, "records", summary,
        "The whole record, with the version you read. When someone else changed it "
        "since, 409 and nothing is written.");
    json_object_set_new(op, "parameters",
                        json_pack("[o]", openapi_component_ref("parameters", "id")));
    json_object_set_new(op, "requestBody", openapi_body_of(openapi_schema_ref(versioned)));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the stored record", openapi_schema_ref(versioned)));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403 404 409 413");
    openapi_add_operation(paths, item_path, "put", op);

    /* delete */
    snprintf(id, sizeof id, "delete_%s", k->singular);
    snprintf(summary, sizeof summary, "Delete a %s", k->singular);
    op = openapi_operation(
        id, "records", summary,
        "Refused with 409 while other records refer to it, or when version is given "
        "and the record has changed since.");
    json_object_set_new(
        op, "parameters",
        json_pack("[o,o]", openapi_component_ref("parameters", "id"),
                  openapi_query_param("version", "the version you read (optional)",
                                      json_pack("{s:s, s:i}", "type", "integer", "minimum", 1))));
    json_object_set_new(json_object_get(op, "responses"), "204", openapi_response("deleted", NULL));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403 404 409");
    openapi_add_operation(paths, item_path, "delete", op);

    /* history */
    snprintf(path, sizeof path, "/api/v1/%s/{id}/history", k->name);
    snprintf(id, sizeof id, "history_%s", k->singular);
    snprintf(summary, sizeof summary, "Every version of a %s", k->singular);
    op = openapi_operation(
        id, "records", summary,
        "Newest first: who made each version, when, through which door (api, cli, import) "
        "and what changed field by field. Under the record's need-to-know; an older "
        "version you may not read is listed without its content (hidden). Reading the "
        "history of a confidential or secret record is audited.");
    json_object_set_new(op, "parameters",
                        json_pack("[o]", openapi_component_ref("parameters", "id")));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the versions", openapi_schema_ref("History")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 404");
    openapi_add_operation(paths, path, "get", op);

    /* restore */
    snprintf(path, sizeof path, "/api/v1/%s/{id}/restore", k->name);
    snprintf(id, sizeof id, "restore_%s", k->singular);
    snprintf(summary, sizeof summary, "Bring back an earlier version of a %s", k->singular);
    op = openapi_operation(id, "records", summary,
                           "Coordinators only. The version becomes a new version (also of a "
                           "deleted record); the write is audited.");
    json_object_set_new(op, "parameters",
                        json_pack("[o]", openapi_component_ref("parameters", "id")));
    json_object_set_new(
        op, "requestBody",
        openapi_body_of(json_pack("{s:s, s:[s], s:{s:{s:s, s:i}}, s:b}", "type", "object",
                                  "required", "version", "properties", "version", "type", "integer",
                                  "minimum", 1, "additionalProperties", 0)));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the record as restored", openapi_schema_ref(versioned)));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403 404 409");
    openapi_add_operation(paths, path, "post", op);

    if (approval_is_approvable(k))
        add_approval_paths(paths, k, versioned);
}

/* Adds the as_of parameter to every GET that answers for a day in the past
 * (the routes marked ROUTE_AS_OF). */
static void add_as_of_param(json_t *paths, const char *path)
{
    json_t *op = json_object_get(json_object_get(paths, path), "get"), *params;
    if (op == NULL)
        return;
    if ((params = json_object_get(op, "parameters")) == NULL) {
        params = json_array();
        json_object_set_new(op, "parameters", params);
    }
    json_array_append_new(params, openapi_component_ref("parameters", "as_of"));
}

static void add_as_of_params(json_t *paths)
{
    char path[256];
    size_t i, j;
    for (i = 0; i < router_route_count; i++) {
        const struct route *r = &router_routes[i];
        const char *at = strstr(r->pattern, "{kind}");
        if (!(r->flags & ROUTE_AS_OF))
            continue;
        if (at == NULL) {
            add_as_of_param(paths, r->pattern);
            continue;
        }
        for (j = 0; j < model_kind_count; j++) {
            snprintf(path, sizeof path, "%.*s%s%s", (int)(at - r->pattern), r->pattern,
                     model_kinds[j]->name, at + strlen("{kind}"));
            add_as_of_param(paths, path);
        }
    }
}

/* A schema of openapi.json with "x-vitaal-extends": NAME gets the
 * properties and required fields of the generated schema NAME besides its
 * own (a record with more in the answer, closed like the record). */
static void extend_schemas(json_t *schemas)
{
    const char *name, *field;
    json_t *s, *base, *props, *v;
    size_t i;
    json_object_foreach(schemas, name, s)
    {
        const char *of = json_string_value(json_object_get(s, "x-vitaal-extends"));
        if (of == NULL || (base = json_object_get(schemas, of)) == NULL)
            continue;
        if ((props = json_object_get(s, "properties")) == NULL) {
            props = json_object();
            json_object_set_new(s, "properties", props);
        }
        json_object_foreach(json_object_get(base, "properties"), field, v)
        {
            if (json_object_get(props, field) == NULL)
                json_object_set(props, field, v);
        }
        if (json_object_get(s, "required") == NULL)
            json_object_set_new(s, "required", json_array());
        json_array_foreach(json_object_get(base, "required"), i, v)
        {
            json_array_append(json_object_get(s, "required"), v);
        }
        json_object_set_new(s, "type", json_string("object"));
        json_object_set_new(s, "additionalProperties", json_false());
        json_object_del(s, "x-vitaal-extends");
    }
}

/* Every operation's answers also include 503 (every write, and every read
 * that appends an audit entry or uses a session, can meet a database
 * another writer holds longer than the server waits) and default (500:
 * a fault of the server); every one that needs a session 401 and 403 (a
 * cookie session without its CSRF token, a session that may only enrol). */
static void add_shared_errors(json_t *paths)
{
    const char *path, *method;
    json_t *item, *op;
    json_object_foreach(paths, path, item)
    {
        json_object_foreach(item, method, op)
        {
            json_t *responses = json_object_get(op, "responses");
            json_t *security = json_object_get(op, "security");
            openapi_add_errors(responses, "503");
            if (!json_is_array(security) || json_array_size(security) > 0)
                openapi_add_errors(responses, "401 403");
            json_object_set_new(responses, "default",
                                openapi_component_ref("responses", "Unexpected"));
        }
    }
}

/* The components of the report writers' documents, from the schemas the
 * writers declare (report/report_schema.h): openapi.json may not describe
 * one of them a second time. */
static int add_writer_schemas(json_t *schemas, struct error *e)
{
    json_t *writers, *schema;
    const char *name;
    int rc;
    if ((rc = report_schemas(&writers, e)) != 0)
        return rc;
    json_object_foreach(writers, name, schema)
    {
        if (json_object_get(schemas, name) != NULL) {
            error_set(e, ERR_INTERNAL, NULL,
                      "openapi.json describes %s, whose writer declares it (src/report/)", name);
            json_decref(writers);
            return ERR_INTERNAL;
        }
        json_object_set(schemas, name, schema);
    }
    json_decref(writers);
    return 0;
}

int openapi_document(struct strbuf *out, struct error *e)
{
    json_t *doc, *paths = json_object(), *fixed, *schemas, *item, *op;
    const char *path, *method;
    char *text;
    size_t i;
    int rc;

    if ((rc = openapi_fixed_document(&doc, e)) != 0) {
        json_decref(paths);
        return rc;
    }
    schemas = json_object_get(json_object_get(doc, "components"), "schemas");
    if ((rc = add_writer_schemas(schemas, e)) != 0) {
        json_decref(doc);
        json_decref(paths);
        return rc;
    }
    for (i = 0; i < model_kind_count; i++)
        add_record_paths(paths, schemas, model_kinds[i]);
    extend_schemas(schemas);
    /* the hand-described operations after the generated ones: one of them
     * (GET /api/v1/requests/{id}) stands over the generic one */
    fixed = json_object_get(doc, "paths");
    json_object_foreach(fixed, path, item)
    {
        json_object_foreach(item, method, op)
        {
            openapi_add_operation(paths, path, method, json_incref(op));
        }
    }
    json_object_set_new(doc, "paths", paths);
    add_as_of_params(paths);
    add_shared_errors(paths);
    text = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(17));
    json_decref(doc);
    if (text == NULL)
        return error_set(e, ERR_INTERNAL, NULL, "cannot write the OpenAPI document");
    strbuf_puts(out, text);
    free(text);
    return 0;
}
