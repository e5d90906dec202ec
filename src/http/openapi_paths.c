/*
 * openapi_paths.c — the hand-described part of the OpenAPI document (see
 * openapi.h): the schemas and endpoints of sessions, users, the audit log,
 * the analyses and jobs. Keep it in step with router.c; the server test
 * fails when a route is missing here.
 */
#include "http/openapi_internal.h"

#include "http/request.h"

#include <stdio.h>

#include <string.h>

/* The top-level not_visible of a cascade, a criticality ranking and a
 * what-if: how many of what (`what`) the caller may not see, never which. */
static json_t *not_visible_schema(const char *what)
{
    return json_pack("{s:s, s:i, s:s++}", "type", "integer", "minimum", 0, "description",
                     "how many ", what,
                     " the caller may not see (named nowhere in the answer; 0 when none)");
}

void openapi_add_fixed_schemas(json_t *s)
{
    json_t *users, *change;
    json_object_set_new(
        s, "Error",
        json_pack("{s:s, s:s, s:[s,s,s], s:{s:{s:s, s:s}, s:{s:[s,s], s:s}, s:{s:s, s:s}, "
                  "s:{s:s, s:s}, s:{s:s, s:{s:s}, s:s}}}",
                  "type", "object", "description",
                  "error: error_code_name of the code; field: where (null when nowhere); "
                  "message_id and params when the message has a stable id",
                  "required", "error", "field", "message", "properties", "error", "type", "string",
                  "description", "invalid, not_found, conflict, forbidden, unauthorized, ...",
                  "field", "type", "string", "null", "description", "the field or parameter",
                  "message", "type", "string", "description", "in English", "message_id", "type",
                  "string", "description",
                  "the message's stable id (the UI translates error.<id> with params)", "params",
                  "type", "object", "additionalProperties", "type", "string", "description",
                  "the named values of the message's {placeholders}"));
    json_object_set_new(s, "User",
                        json_pack("{s:s, s:[s,s,s,s,s], s:{s:{s:s}, s:{s:s, s:[s,s,s,s]}, s:{s:s}, "
                                  "s:{s:s, s:[s,s,s,s]}, s:{s:s, s:{s:s}}, s:{s:s, s:[s,s,s]}}}",
                                  "type", "object", "required", "username", "role", "org",
                                  "clearance", "scope", "properties", "username", "type", "string",
                                  "role", "type", "string", "enum", "coordinator", "department",
                                  "provider", "auditor", "org", "type", "string", "clearance",
                                  "type", "string", "enum", "public", "internal", "confidential",
                                  "secret", "scope", "type", "array", "items", "type", "string",
                                  "mfa", "type", "string", "enum", "none", "pending", "enrolled"));
    users = json_pack(
        "{s:s, s:s, s:[s,s,s,s,s], s:b, s:{s:{s:s, s:s}, s:{s:s, s:s, s:i}, "
        "s:{s:s, s:[s,s,s,s]}, s:{s:s, s:s}, s:{s:s, s:[s,s,s,s]}, s:{s:s, s:{s:s}, s:s}}}",
        "type", "object", "description", "a new account (the rules of 'vitaal user add')",
        "required", "username", "password", "role", "org", "clearance", "additionalProperties", 0,
        "properties", "username", "type", "string", "pattern", ID_PATTERN, "password", "type",
        "string", "format", "password", "minLength", 10, "role", "type", "string", "enum",
        "coordinator", "department", "provider", "auditor", "org", "type", "string", "pattern",
        ID_PATTERN, "clearance", "type", "string", "enum", "public", "internal", "confidential",
        "secret", "scope", "type", "array", "items", "type", "string", "description",
        "auditors only, and then required: the processes it reviews");
    change = json_deep_copy(users);
    json_object_set_new(s, "UserNew", users);
    json_object_del(change, "required");
    json_object_set_new(change, "description", json_string("the fields to change; others stay"));
    json_object_set_new(json_object_get(change, "properties"), "disabled",
                        json_pack("{s:s}", "type", "boolean"));
    json_object_set_new(s, "UserChange", change);
    json_object_set_new(s, "UserListed",
                        json_pack("{s:[o, {s:s, s:[s], s:{s:{s:s}}}]}", "allOf",
                                  openapi_schema_ref("User"), "type", "object", "required",
                                  "disabled", "properties", "disabled", "type", "boolean"));
    json_object_set_new(
        s, "Login",
        json_pack("{s:s, s:[s,s], s:b, s:{s:{s:s}, s:{s:s, s:s}, s:{s:s, s:s, s:s}, "
                  "s:{s:s, s:s}}}",
                  "type", "object", "required", "username", "password", "additionalProperties", 0,
                  "properties", "username", "type", "string", "password", "type", "string",
                  "format", "password", "totp", "type", "string", "pattern", "^[0-9]{6}$",
                  "description",
                  "an account with a second factor: the code of its authenticator app (401 "
                  "with message_id mfa_required without it)",
                  "recovery_code", "type", "string", "description",
                  "instead of totp: one of the account's recovery codes, each accepted once"));
    json_object_set_new(
        s, "Session",
        json_pack("{s:s, s:[s,s,s,s], s:{s:{s:s}, s:{s:s, s:s}, s:{s:s, s:s}, s:o, "
                  "s:{s:s, s:s}}}",
                  "type", "object", "required", "token", "csrf", "expires_at", "user", "properties",
                  "token", "type", "string", "csrf", "type", "string", "description",
                  "send as X-CSRF-Token with unsafe requests of a cookie session", "expires_at",
                  "type", "string", "format", "date-time", "user", openapi_schema_ref("User"),
                  "enrol_only", "type", "boolean", "description",
                  "the user's clearance needs a second factor it has not enrolled: the session "
                  "may only enrol (/api/v1/me/mfa); every other route answers 403 "
                  "mfa_enrol_first"));
    json_object_set_new(
        s, "AuditPage",
        json_pack("{s:s, s:[s,s,s,s], s:{s:{s:s, s:{s:s}}, s:{s:s}, s:{s:[s,s], s:s}, "
                  "s:{s:[s,s], s:s}}}",
                  "type", "object", "required", "items", "limit", "next_after", "next_before",
                  "properties", "items", "type", "array", "items", "type", "object", "limit",
                  "type", "integer", "next_after", "type", "integer", "null", "description",
                  "oldest first: the after of the next page (null newest first)", "next_before",
                  "type", "integer", "null", "description",
                  "newest first (order=desc): the before of the next page"));
    json_object_set_new(
        s, "Status",
        json_pack("{s:s, s:[s,s,s], s:{s:{s:s, s:s}, s:{s:s, s:{s:s}}, s:{s:s, s:s, s:{s:{s:s}, "
                  "s:{s:s}, s:{s:s}, s:{s:s}}}}}",
                  "type", "object", "required", "today", "processes", "cer", "properties", "today",
                  "type", "string", "format", "date", "processes", "type", "array", "items", "type",
                  "object", "cer", "type", "object", "description",
                  "what is due under CER: the national milestones (settings cer_milestone_*) and "
                  "per critical entity whose provider link you may read its clock",
                  "properties", "rules", "type", "object", "milestones", "type", "array",
                  "entities", "type", "array", "not_identified", "type", "integer"));
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
    /* issue 14 part 5: how many, never which */
    json_object_set_new(json_object_get(json_object_get(s, "CascadeResult"), "properties"),
                        "not_visible", not_visible_schema("processes and services down"));
    json_object_set_new(
        s, "CriticalityRequest",
        json_pack("{s:s, s:[s,s], s:b, s:{s:{s:s, s:i}, s:{s:s, s:i, s:i}, s:{s:s, s:i}}}", "type",
                  "object", "required", "outage_h", "horizon_h", "additionalProperties", 0,
                  "properties", "outage_h", "type", "integer", "minimum", 0, "horizon_h", "type",
                  "integer", "minimum", 1, "maximum", 1000000, "top", "type", "integer", "minimum",
                  0));
    json_object_set_new(s, "Job",
                        json_pack("{s:s, s:[s,s,s,s], s:{s:{s:s}, s:{s:s}, s:{s:s, s:[s,s,s,s]}, "
                                  "s:{s:s, s:i, s:i}, s:{s:s, s:i, s:i}, s:{s:[s,s]}, s:{s:s}, "
                                  "s:{s:[s,s]}, s:{s:s}, s:o}}",
                                  "type", "object", "required", "id", "kind", "status", "progress",
                                  "properties", "id", "type", "string", "kind", "type", "string",
                                  "status", "type", "string", "enum", "queued", "running", "done",
                                  "failed", "progress", "type", "number", "minimum", 0, "maximum",
                                  1, "percent", "type", "integer", "minimum", 0, "maximum", 100,
                                  "phase", "type", "string", "null", "created_at", "type", "string",
                                  "finished_at", "type", "string", "null", "result", "type",
                                  "object", "error", openapi_schema_ref("Error")));
    json_object_set_new(
        json_object_get(json_object_get(json_object_get(s, "Job"), "properties"), "result"),
        "properties",
        json_pack("{s:o}", "not_visible",
                  not_visible_schema("processes and services ranked (criticality) or down "
                                     "before or after (what-if)")));
    json_object_set_new(
        s, "IimInput",
        json_pack("{s:s, s:s, s:{s:{s:s, s:{s:s}}, s:{s:s}, s:{s:s}, s:{s:s}, "
                  "s:{s:s}, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s}}}",
                  "type", "object", "description",
                  "the document of 'vitaal iim' (docs/method.md): sectors, a_star or io_table, "
                  "c_star, optionally dynamic; or a stored table (issue 16 part 4): table, and "
                  "c_star or cascade, optionally recovery_h",
                  "properties", "sectors", "type", "array", "items", "type", "string", "a_star",
                  "type", "array", "io_table", "type", "object", "c_star", "type", "array",
                  "dynamic", "type", "object", "table", "type", "string", "description",
                  "the id of an iim_tables record the caller may read", "cascade", "type", "object",
                  "description",
                  "{fail, outage_h, horizon_h} as POST /cascade: its perturbation per sector",
                  "recovery_h", "type", "integer", "description",
                  "with cascade: the dynamic model hour by hour, every sector recovering in "
                  "this many hours"));
    json_object_set_new(s, "Report",
                        json_pack("{s:s, s:s}", "type", "object", "description",
                                  "a report of the cycle's rules; fields as in docs/api.md"));
    json_object_set_new(
        s, "AssessRequest",
        json_pack("{s:s, s:[s], s:b, s:{s:{s:s, s:s}, s:{s:[s,s], s:s}, s:{s:s, s:i}, "
                  "s:{s:s, s:b}, s:{s:[s,s], s:s, s:{s:s, s:i}}, s:{s:[s,s]}, s:{s:[s,s], s:s}, "
                  "s:{s:[s,s], s:s}, s:{s:[s,s], s:s}}}",
                  "type", "object", "required", "process", "additionalProperties", 0, "properties",
                  "process", "type", "string", "pattern", ID_PATTERN, "assessment", "type",
                  "string", "null", "description",
                  "whose estimates; default: the latest assessment of the process you may see",
                  "outage_h", "type", "integer", "minimum", 0, "dry_run", "type", "boolean",
                  "default", 0, "impacts", "type", "object", "null", "description",
                  "new estimates per vitaal criterion instead of an assessment's",
                  "additionalProperties", "type", "number", "minimum", 0, "rationale", "type",
                  "string", "null", "assessor", "type", "string", "null", "description",
                  "default: your user id", "id", "type", "string", "null", "description",
                  "the new assessment's id; default as-PROCESS-DATE (-2, -3, ... on one day)",
                  "classification", "type", "string", "null", "description",
                  "default: the assessment's, else internal"));
    json_object_set_new(
        s, "AssessResult",
        json_pack("{s:s, s:[s,s,s,s,s,s,s,s,s], s:{s:{s:s}, s:{s:[s,s]}, s:{s:[s,s]}, "
                  "s:{s:s, s:[s,s,s]}, s:{s:s}, s:{s:s}, s:{s:s, s:{s:{s:s}, s:{s:s, s:[s,s]}, "
                  "s:{s:s}, s:{s:s, s:{s:s}}, s:{s:s, s:{s:s}}}}, s:{s:s}, s:{s:s, s:{s:s}}, "
                  "s:{s:s}, s:{s:s}, s:{s:s}, s:{s:[s,s]}}}",
                  "type", "object", "required", "process", "assessment", "category", "decided_by",
                  "criteria", "cascade", "unverified", "engine_explanation", "written",
                  "properties", "process", "type", "string", "assessment", "type", "string", "null",
                  "previous_category", "type", "string", "null", "category", "type", "string",
                  "enum", "A", "B", "none", "process_category", "type", "string",
                  "differs_from_process", "type", "boolean", "cascade", "type", "object",
                  "properties", "count", "type", "integer", "unit", "type", "string", "enum",
                  "sectors", "processes", "min_down_h", "type", "integer", "processes", "type",
                  "array", "items", "type", "string", "sectors", "type", "array", "items", "type",
                  "string", "criteria", "type", "array", "decided_by", "type", "array", "items",
                  "type", "string", "unverified", "type", "array", "engine_explanation", "type",
                  "string", "written", "type", "boolean", "recorded", "type", "string", "null"));
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
                        json_pack("{s:s, s:[s,s], s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, "
                                  "s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}}",
                                  "type", "object", "required", "sectors", "q", "properties",
                                  "sectors", "type", "array", "q", "type", "array", "loss", "type",
                                  "array", "impact", "type", "array", "series", "type", "array",
                                  "table", "type", "object", "c_star", "type", "array", "processes",
                                  "type", "array", "output", "type", "array"));
}

/* Compliance per entity (domain/compliance.h): the coverage table and a
 * campaign's progress and questionnaire. */
static void add_compliance_paths(json_t *paths)
{
    json_t *lang = json_pack("{s:s, s:s, s:s}", "type", "string", "pattern", "^[a-z]{2}$",
                             "description", "otherwise Accept-Language, else the library's");
    json_t *op = openapi_operation(
        "compliance", "analyses", "Compliance per entity, sector or process",
        "Requirement assessments of providers counted per entity (default), sector or "
        "process: per result, assessed and % assessed, % compliant of the applicable "
        "requirements. Counted only over what you may see (a provider: itself). No "
        "framework: {items: [...]}, every framework with something to count. An entity, "
        "sector or process you may not see is 404.");
    json_object_set_new(
        op, "parameters",
        json_pack("[o,o,o,o,o]",
                  openapi_query_param("framework", "one framework (id, urn or ref_id)",
                                      openapi_typed("string", 0)),
                  openapi_query_param("entity", "one provider (empty: per entity)",
                                      openapi_typed("string", 0)),
                  openapi_query_param("sector", "one sector (empty: per sector)",
                                      openapi_typed("string", 0)),
                  openapi_query_param("process", "one process (empty: per process)",
                                      openapi_typed("string", 0)),
                  openapi_query_param("lang", "the language of the framework's texts",
                                      json_incref(lang))));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the coverage", openapi_schema_ref("Report")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 404");
    openapi_add_operation(paths, "/api/v1/compliance", "get", op);

    op = openapi_operation("campaign_progress", "records", "A campaign's progress",
                           "Per addressed provider you may see: requirements total, assessed and "
                           "open (not assessed), and a count per result.");
    json_object_set_new(op, "parameters",
                        json_pack("[o]", openapi_component_ref("parameters", "id")));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the progress", openapi_schema_ref("Report")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 404");
    openapi_add_operation(paths, "/api/v1/campaigns/{id}/progress", "get", op);

    op = openapi_operation(
        "campaign_questionnaire", "records", "A provider's questionnaire of a campaign",
        "The framework's requirements in your language where the library has it, each with "
        "the provider's assessment (or null), and its progress. A provider sees its own "
        "(provider defaults to it); a ministry those of the providers it may see. Write "
        "answers as requirement_assessments.");
    json_object_set_new(op, "parameters",
                        json_pack("[o,o,o]", openapi_component_ref("parameters", "id"),
                                  openapi_query_param("provider", "the addressed provider",
                                                      openapi_typed("string", 0)),
                                  openapi_query_param("lang", "the language of the texts", lang)));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the questionnaire", openapi_schema_ref("Report")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 404");
    openapi_add_operation(paths, "/api/v1/campaigns/{id}/questionnaire", "get", op);
}

/* POST /api/v1/contributions/{id}/adopt and .../decline (domain/contribution.h). */
static void add_contribution_paths(json_t *paths)
{
    json_t *op;
    int adopt;
    for (adopt = 1; adopt >= 0; adopt--) {
        op = openapi_operation(
            adopt ? "adopt_proposed_risk" : "decline_proposed_risk", "records",
            adopt ? "Adopt a proposed risk into the ministry's analysis"
                  : "Decline a proposed risk, with the reason",
            adopt ? "By a user of the process's responsible ministry (department) or the "
                    "coordinator; the contribution must be submitted and the proposed risk "
                    "open. A new risk (risk_id, else the proposed risk's id) is added to the "
                    "contribution's analysis, which must not be final (409), owned by its "
                    "owner, classified at least as the analysis. When it was the last open "
                    "one the contribution becomes processed. Both writes are audited."
                  : "Who may adopt may decline; a reason is required. When it was the last "
                    "open one the contribution becomes processed.");
        json_object_set_new(op, "parameters",
                            json_pack("[o]", openapi_component_ref("parameters", "id")));
        json_object_set_new(
            op, "requestBody",
            openapi_body_of(
                adopt ? json_pack("{s:s, s:[s], s:{s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s}}, s:b}",
                                  "type", "object", "required", "risk", "properties", "risk",
                                  "type", "string", "description",
                                  "the id of one of the contribution's proposed risks", "risk_id",
                                  "type", "string", "description",
                                  "the new risk's id (default: the proposed risk's)", "comment",
                                  "type", "string", "additionalProperties", 0)
                      : json_pack("{s:s, s:[s,s], s:{s:{s:s, s:s}, s:{s:s}}, s:b}", "type",
                                  "object", "required", "risk", "reason", "properties", "risk",
                                  "type", "string", "description",
                                  "the id of one of the contribution's proposed risks", "reason",
                                  "type", "string", "additionalProperties", 0)));
        json_object_set_new(json_object_get(op, "responses"), "200",
                            openapi_response("the proposed risk as decided",
                                             openapi_schema_ref("proposed_risk_versioned")));
        openapi_add_errors(json_object_get(op, "responses"), "400 401 403 404 409");
        openapi_add_operation(paths,
                              adopt ? "/api/v1/contributions/{id}/adopt"
                                    : "/api/v1/contributions/{id}/decline",
                              "post", op);
    }
}

void openapi_add_fixed_paths(json_t *paths)
{
    json_t *op, *r;

    op = openapi_operation(
        "login", "session", "Log in",
        "Answers a token for 'Authorization: Bearer' and sets the HttpOnly "
        "SameSite=Strict cookie vitaal_session. Five failed logins within 15 minutes "
        "for one user name or one client address answer 429 until the oldest leaves "
        "the window.");
    json_object_set_new(op, "security", json_array());
    json_object_set_new(op, "requestBody", openapi_body_of(openapi_schema_ref("Login")));
    r = json_object_get(op, "responses");
    json_object_set_new(r, "200",
                        json_pack("{s:s, s:{s:{s:s, s:{s:s}}}, s:o}", "description", "logged in",
                                  "headers", "Set-Cookie", "description", "the session cookie",
                                  "schema", "type", "string", "content",
                                  openapi_json_content(openapi_schema_ref("Session"))));
    openapi_add_errors(r, "400 401 413 429");
    openapi_add_operation(paths, "/api/v1/session", "post", op);

    op = openapi_operation("logout", "session", "Log out",
                           "Ends the session and clears the cookie.");
    json_object_set_new(json_object_get(op, "responses"), "204",
                        openapi_response("logged out", NULL));
    openapi_add_errors(json_object_get(op, "responses"), "401 403");
    openapi_add_operation(paths, "/api/v1/session", "delete", op);

    op = openapi_operation("me", "session", "Who you are",
                           "Your user name, role, organisation, "
                           "clearance, (auditors) scope, your second factor (mfa: none, pending, "
                           "enrolled) and enrol_only: true when this session may only enrol "
                           "(/api/v1/me/mfa).");
    json_object_set_new(
        json_object_get(op, "responses"), "200",
        openapi_response("the user",
                         json_pack("{s:[o, {s:s, s:{s:{s:s, s:s}}}]}", "allOf",
                                   openapi_schema_ref("User"), "type", "object", "properties",
                                   "csrf", "type", "string", "description",
                                   "cookie sessions only: the X-CSRF-Token to send")));
    openapi_add_errors(json_object_get(op, "responses"), "401");
    openapi_add_operation(paths, "/api/v1/me", "get", op);

    op = openapi_operation(
        "users", "session", "List the users",
        "Coordinators only. Every account with its role, organisation, clearance, "
        "scope and whether it is disabled; never a password hash.");
    json_object_set_new(
        json_object_get(op, "responses"), "200",
        openapi_response("the users",
                         json_pack("{s:s, s:[s], s:{s:{s:s, s:o}}}", "type", "object", "required",
                                   "items", "properties", "items", "type", "array", "items",
                                   openapi_schema_ref("UserListed"))));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403");
    openapi_add_operation(paths, "/api/v1/users", "get", op);

    op = openapi_operation(
        "create_user", "session", "Add a user",
        "Coordinators only. The password rules are the CLI's; 409 when the name is "
        "taken. The user and an audit entry are written in one transaction.");
    json_object_set_new(op, "requestBody", openapi_body_of(openapi_schema_ref("UserNew")));
    json_object_set_new(json_object_get(op, "responses"), "201",
                        openapi_response("the new user", openapi_schema_ref("UserListed")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403 409 413");
    openapi_add_operation(paths, "/api/v1/users", "post", op);

    op = openapi_operation(
        "update_user", "session", "Change or disable a user",
        "Coordinators only. Disabling a user or giving it a new password ends its "
        "sessions at once. Nobody disables or demotes themself (409).");
    json_object_set_new(op, "parameters",
                        json_pack("[{s:s, s:s, s:b, s:s, s:{s:s, s:s}}]", "name", "username", "in",
                                  "path", "required", 1, "description", "the user name", "schema",
                                  "type", "string", "pattern", ID_PATTERN));
    json_object_set_new(op, "requestBody", openapi_body_of(openapi_schema_ref("UserChange")));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the user as stored", openapi_schema_ref("UserListed")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403 404 409 413");
    openapi_add_operation(paths, "/api/v1/users/{username}", "put", op);
    openapi_add_mfa_paths(paths);

    op = openapi_operation("openapi", "session", "This document",
                           "The OpenAPI 3.1 document of the API.");
    json_object_set_new(op, "security", json_array());
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the document", json_pack("{s:s}", "type", "object")));
    openapi_add_errors(json_object_get(op, "responses"), "405");
    openapi_add_operation(paths, "/api/v1/openapi.json", "get", op);

    op = openapi_operation(
        "audit_log", "session", "Read the audit log",
        "Coordinators only. Entries in order (newest first with order=desc), each with the "
        "MAC chaining it to the one before; narrowed by actor, kind of record and days.");
    json_object_set_new(
        op, "parameters",
        json_pack(
            "[o,o,o,o,o,o,o,o]",
            openapi_query_param("after", "entries after this sequence number",
                                json_pack("{s:s, s:i}", "type", "integer", "minimum", 0)),
            openapi_query_param("before", "entries before this sequence number",
                                json_pack("{s:s, s:i}", "type", "integer", "minimum", 1)),
            openapi_component_ref("parameters", "limit"),
            openapi_query_param(
                "order", "asc (oldest first, the default) or desc",
                json_pack("{s:s, s:[s,s]}", "type", "string", "enum", "asc", "desc")),
            openapi_query_param("actor", "only this actor (a user name, cli:LOGIN)",
                                json_pack("{s:s}", "type", "string")),
            openapi_query_param("kind", "only entries on this kind of record",
                                json_pack("{s:s}", "type", "string")),
            openapi_query_param("from", "only entries on or after this day (Netherlands)",
                                json_pack("{s:s, s:s}", "type", "string", "format", "date")),
            openapi_query_param("to", "only entries on or before this day (Netherlands)",
                                json_pack("{s:s, s:s}", "type", "string", "format", "date"))));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("a page of entries", openapi_schema_ref("AuditPage")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403");
    openapi_add_operation(paths, "/api/v1/audit", "get", op);

    op = openapi_operation("status", "analyses", "Where each process stands in the cycle",
                           "Per visible process: category, CER/NIS2 regimes, last final "
                           "analysis, next due, open quickscans and open, overdue and "
                           "adjustment-due measures; and what is due under CER.");
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the status", openapi_schema_ref("Status")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401");
    openapi_add_operation(paths, "/api/v1/status", "get", op);

    op = openapi_operation(
        "cascade", "analyses", "Simulate a failure cascade",
        "The named processes fail for outage_h hours; hour by hour over horizon_h, "
        "which processes go down. Only processes you may see are named or shown.");
    json_object_set_new(op, "requestBody", openapi_body_of(openapi_schema_ref("CascadeRequest")));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the cascade", openapi_schema_ref("CascadeResult")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 404 413");
    openapi_add_operation(paths, "/api/v1/cascade", "post", op);

    op = openapi_operation("criticality", "analyses", "Rank processes by criticality (a job)",
                           "Queues the ranking and answers 202 with the job's address; poll it. "
                           "At most 2 jobs of yours wait or run at a time (429 with Retry-After "
                           "beyond); a job that runs longer than the server's job budget "
                           "(--job-budget, 2 minutes) is stopped and fails (job_budget).");
    json_object_set_new(op, "requestBody",
                        openapi_body_of(openapi_schema_ref("CriticalityRequest")));
    json_object_set_new(json_object_get(op, "responses"), "202",
                        json_pack("{s:s, s:{s:{s:s, s:{s:s}}}, s:o}", "description", "queued",
                                  "headers", "Location", "description", "the job", "schema", "type",
                                  "string", "content",
                                  openapi_json_content(json_pack("{s:s}", "type", "object"))));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 413 429");
    openapi_add_operation(paths, "/api/v1/criticality", "post", op);

    op = openapi_operation("iim", "analyses", "Inoperability input-output model",
                           "The static or dynamic IIM on the document in the body, or on a stored "
                           "interdependency table (table: 404 when the caller may not read it) "
                           "with c_star or the perturbation of a cascade (only the processes the "
                           "caller may read count). A dynamic run answers at most 20,000 values "
                           "(steps x sectors; 400 iim_values beyond: 'vitaal iim' does more).");
    json_object_set_new(op, "requestBody", openapi_body_of(openapi_schema_ref("IimInput")));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the inoperabilities", openapi_schema_ref("IimResult")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 404 413");
    openapi_add_operation(paths, "/api/v1/iim", "post", op);

    op = openapi_operation("fallback_need", "analyses", "Is a fallback option needed, per process",
                           "Per visible process: needed, advisable or not needed, with its visible "
                           "inputs, the scenarios of its own failure (risk null: the default loss "
                           "of its own digital systems; a scenario of a risk the user may not read "
                           "is left out) and fallback options (docs/method.md).");
    json_object_set_new(
        op, "parameters",
        json_pack(
            "[o,o]",
            openapi_query_param("process", "only this process",
                                json_pack("{s:s, s:s}", "type", "string", "pattern", ID_PATTERN)),
            openapi_query_param("outage_h", "the outage (default: setting fallback_outage_h)",
                                json_pack("{s:s, s:i}", "type", "integer", "minimum", 0))));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the report", openapi_schema_ref("Report")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 404");
    openapi_add_operation(paths, "/api/v1/fallback-need", "get", op);

    op = openapi_operation(
        "review_status", "analyses", "Effectiveness reviews of measures (toetsing)",
        "Per visible measure: its latest visible review, when the next is due, and "
        "whether its effect counts towards residual risk.");
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the report", openapi_schema_ref("Report")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401");
    openapi_add_operation(paths, "/api/v1/review-status", "get", op);

    op = openapi_operation(
        "incident_deadlines", "analyses", "NIS2 and CER notification deadlines",
        "Per visible incident: the regimes that apply and each deadline's state.");
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the report", openapi_schema_ref("Report")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401");
    openapi_add_operation(paths, "/api/v1/incident-deadlines", "get", op);

    op = openapi_operation(
        "assess", "analyses", "The vitaalbeoordeling of a process",
        "Decides category A, B or none from the assessment's estimates (or new ones) "
        "and the cascade criterion (other sectors with a failing vital process) and "
        "explains it, naming the thresholds not yet verified. Unless dry_run, records "
        "the outcome as a NEW assessment (403 when you may not create it; 409 when "
        "the id is taken) with an audit entry, in one transaction; an existing "
        "assessment is never rewritten. Only processes and sectors you may see are "
        "listed in the cascade.");
    json_object_set_new(op, "requestBody", openapi_body_of(openapi_schema_ref("AssessRequest")));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the decision", openapi_schema_ref("AssessResult")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403 404 413");
    openapi_add_operation(paths, "/api/v1/assess", "post", op);

    op = openapi_operation(
        "whatif", "analyses", "Measures as what-if (a job)",
        "Applies the measures' effects to a copy of the graph and the risks and "
        "shows the cascade, the criticality top 10 and the risks before and after. "
        "`fail` names the processes or services that fail (default: the processes "
        "that supply most others). Answers 202 with the job's address. The result names only "
        "records you may read (docs/api.md). A job: the quota and time budget of "
        "/api/v1/criticality.");
    json_object_set_new(op, "requestBody", openapi_body_of(openapi_schema_ref("WhatifRequest")));
    json_object_set_new(json_object_get(op, "responses"), "202",
                        json_pack("{s:s, s:{s:{s:s, s:{s:s}}}, s:o}", "description", "queued",
                                  "headers", "Location", "description", "the job", "schema", "type",
                                  "string", "content",
                                  openapi_json_content(json_pack("{s:s}", "type", "object"))));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 404 413 429");
    openapi_add_operation(paths, "/api/v1/whatif", "post", op);

    op = openapi_operation(
        "risk_picture", "analyses", "The risk picture and risk diagram",
        "Risks scored by the national risk method, the 5x5 diagram (inherent and, "
        "with residual=true, residual), resilience and findings, of one process, one "
        "sector or the nation, counted over the records you may read only.");
    json_object_set_new(
        op, "parameters",
        json_pack(
            "[o,o,o]",
            openapi_query_param("process", "one process",
                                json_pack("{s:s, s:s}", "type", "string", "pattern", ID_PATTERN)),
            openapi_query_param("sector", "the processes of a sector (and the sectors under it)",
                                json_pack("{s:s, s:s}", "type", "string", "pattern", ID_PATTERN)),
            openapi_query_param("residual", "also the residual risk after effective measures",
                                json_pack("{s:s, s:b}", "type", "boolean", "default", 0))));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the risk picture", openapi_schema_ref("RiskPicture")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 404");
    openapi_add_operation(paths, "/api/v1/risk-picture", "get", op);

    op = openapi_operation(
        "framework_coverage", "analyses", "CER/NIS2 requirements covered by measures",
        "No framework: {items: [...]}, each framework with its counts. A framework "
        "(id, urn or ref_id): its requirements with the mapped measures and the "
        "coverage. Counted over the measures you may read (docs/api.md).");
    json_object_set_new(
        op, "parameters",
        json_pack("[o,o,o]",
                  openapi_query_param("framework", "one framework", openapi_typed("string", 0)),
                  openapi_query_param("process", "only measures protecting this process",
                                      openapi_typed("string", 0)),
                  openapi_query_param("lang",
                                      "the framework's texts in this language where its "
                                      "library translates them (else Accept-Language)",
                                      openapi_typed("string", 0))));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the coverage", openapi_schema_ref("Report")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401");
    openapi_add_operation(paths, "/api/v1/framework-coverage", "get", op);

    op = openapi_operation(
        "quickscan", "analyses", "A shock opens quickscans",
        "For every process the event names that has none for it yet, a draft quickscan "
        "(qs-EVENT-PROCESS, owned by the process's ministry, confidential), started today. "
        "You must be able to write every one (403, nothing written, otherwise); each is "
        "audited. dry_run: say what would be opened.");
    json_object_set_new(op, "parameters",
                        json_pack("[o]", openapi_component_ref("parameters", "id")));
    json_object_set_new(
        op, "requestBody",
        openapi_body_of(json_pack("{s:s, s:{s:{s:s}}, s:b}", "type", "object", "properties",
                                  "dry_run", "type", "boolean", "additionalProperties", 0)));
    json_object_set_new(
        json_object_get(op, "responses"), "201",
        openapi_response(
            "the quickscans",
            json_pack("{s:s, s:[s,s,s,s], s:{s:{s:s}, s:{s:s, s:s}, s:{s:s}, s:{s:s, s:{s:s, "
                      "s:{s:{s:s}, s:{s:s}, s:{s:s}}}}}}",
                      "type", "object", "required", "event", "started", "dry_run", "items",
                      "properties", "event", "type", "string", "started", "type", "string",
                      "format", "date", "dry_run", "type", "boolean", "items", "type", "array",
                      "items", "type", "object", "properties", "process", "type", "string",
                      "analysis", "type", "string", "created", "type", "boolean")));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("what a dry run would open", NULL));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403 404");
    openapi_add_operation(paths, "/api/v1/events/{id}/quickscan", "post", op);

    add_contribution_paths(paths);
    add_compliance_paths(paths);
    openapi_add_comment_paths(paths);

    op = openapi_operation(
        "report_process", "analyses", "The per-process report (weerbaarheidsanalyse)",
        "The whole resilience analysis of one process as a download (Content-Disposition: "
        "attachment): category and reasons, dependencies both ways, the cascade of its own "
        "failure, risks, fallback need, measures, reviews and approvals. Only what you may "
        "read is in it; every page is marked with the highest classification shown. A "
        "process you may not see is 404. Audited: one read entry for the report and one per "
        "confidential or secret record in it.");
    json_object_set_new(
        op, "parameters",
        json_pack("[o,o,o]", openapi_component_ref("parameters", "id"),
                  openapi_query_param("format", "the document's format",
                                      json_pack("{s:s, s:[s,s,s], s:s}", "type", "string", "enum",
                                                "pdf", "html", "md", "default", "pdf")),
                  openapi_query_param("lang", "the document's language",
                                      json_pack("{s:s, s:[s,s], s:s}", "type", "string", "enum",
                                                "nl", "en", "default", "nl"))));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        json_pack("{s:s, s:{s:{s:{s:s, s:s}}, s:{s:{s:s}}, s:{s:{s:s}}}}",
                                  "description", "the report", "content", "application/pdf",
                                  "schema", "type", "string", "format", "binary", "text/html",
                                  "schema", "type", "string", "text/markdown", "schema", "type",
                                  "string"));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 404");
    openapi_add_operation(paths, "/api/v1/reports/process/{id}", "get", op);

    op = openapi_operation(
        "annual_report", "analyses", "The yearly report to parliament",
        "The voortgangsbrief for a year, as the records stood at its end (or as_of, a day "
        "within it): aggregates only, with small counts withheld (docs/method.md, "
        "\"Disclosure control\"). Coordinators only (403 for every other role). Sent as a "
        "download (Content-Disposition) and audited as one report entry.");
    json_object_set_new(
        op, "parameters",
        json_pack(
            "[o,o,o,o,o]",
            json_pack("{s:s, s:s, s:b, s:s, s:{s:s, s:i, s:i}}", "name", "year", "in", "query",
                      "required", 1, "description", "the year reported on", "schema", "type",
                      "integer", "minimum", 2000, "maximum", 2100),
            openapi_query_param("format", "pdf (default), html or md",
                                json_pack("{s:s, s:[s,s,s,s]}", "type", "string", "enum", "pdf",
                                          "html", "md", "markdown")),
            openapi_query_param("lang", "nl (default) or en",
                                json_pack("{s:s, s:[s,s]}", "type", "string", "enum", "nl", "en")),
            openapi_query_param("as_of", "the day the figures stand on, within the year",
                                json_pack("{s:s, s:s}", "type", "string", "format", "date")),
            openapi_query_param("inline", "true: Content-Disposition inline (the UI's preview)",
                                json_pack("{s:s}", "type", "boolean"))));
    json_object_set_new(
        json_object_get(op, "responses"), "200",
        json_pack("{s:s, s:{s:{s:{s:s}}}, s:{s:{s:{s:s, s:s}}, s:{s:{s:s}}, s:{s:{s:s}}}}",
                  "description", "the report", "headers", "Content-Disposition", "schema", "type",
                  "string", "content", "application/pdf", "schema", "type", "string", "format",
                  "binary", "text/html", "schema", "type", "string", "text/markdown", "schema",
                  "type", "string"));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403");
    openapi_add_operation(paths, "/api/v1/reports/annual", "get", op);

    op = openapi_operation(
        "get_job", "jobs", "A job's state",
        "Status, progress 0..1 (and as percent) of the phase it is in, and the result when "
        "done; a failed job's error (job_budget: over its time budget; job_cancelled). Only "
        "its owner sees it.");
    json_object_set_new(op, "parameters",
                        json_pack("[{s:s, s:s, s:b, s:s, s:{s:s}}]", "name", "job", "in", "path",
                                  "required", 1, "description", "the job id", "schema", "type",
                                  "string"));
    json_object_set_new(json_object_get(op, "responses"), "200",
                        openapi_response("the job", openapi_schema_ref("Job")));
    openapi_add_errors(json_object_get(op, "responses"), "401 404");
    openapi_add_operation(paths, "/api/v1/jobs/{job}", "get", op);

    op = openapi_operation("cancel_job", "jobs", "Cancel a job",
                           "A waiting job ends at once, a running one at the engine's next "
                           "step; either ends as failed (job_cancelled, naming who cancelled "
                           "it). Its owner or a coordinator; anyone else 404. A finished job "
                           "is left as it is.");
    json_object_set_new(op, "parameters",
                        json_pack("[{s:s, s:s, s:b, s:s, s:{s:s}}]", "name", "job", "in", "path",
                                  "required", 1, "description", "the job id", "schema", "type",
                                  "string"));
    json_object_set_new(json_object_get(op, "responses"), "204",
                        openapi_response("cancelled (or finished already)", NULL));
    openapi_add_errors(json_object_get(op, "responses"), "401 404");
    openapi_add_operation(paths, "/api/v1/jobs/{job}", "delete", op);
}
