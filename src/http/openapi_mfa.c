/*
 * openapi_mfa.c — the OpenAPI description of the second factor's
 * endpoints (api_mfa.c, domain/mfa.h): the user's own state, enrolment
 * with its QR code, confirmation, disabling, and the coordinator's reset.
 */
#include "http/openapi_internal.h"

static json_t *code_body(int with_recovery)
{
    json_t *schema =
        json_pack("{s:s, s:b, s:{s:{s:s, s:s}}}", "type", "object", "additionalProperties", 0,
                  "properties", "totp", "type", "string", "pattern", "^[0-9]{6}$");
    if (with_recovery)
        json_object_set_new(json_object_get(schema, "properties"), "recovery_code",
                            json_pack("{s:s, s:s}", "type", "string", "description",
                                      "instead of totp: an unused recovery code"));
    else
        json_object_set_new(schema, "required", json_pack("[s]", "totp"));
    return openapi_body_of(schema);
}

void openapi_add_mfa_paths(json_t *paths)
{
    json_t *op;

    op = openapi_operation("mfa_state", "session", "Your second factor",
                           "none, pending (enrolment started) or enrolled; whether your "
                           "clearance needs it (setting mfa_required_clearance); whether this "
                           "session may only enrol; the unused recovery codes left.");
    json_object_set_new(
        json_object_get(op, "responses"), "200",
        openapi_response(
            "the state",
            json_pack("{s:s, s:[s,s,s,s], s:{s:{s:s, s:[s,s,s]}, s:{s:s}, s:{s:s}, s:{s:s}}}",
                      "type", "object", "required", "mfa", "required", "enrol_only",
                      "recovery_codes_left", "properties", "mfa", "type", "string", "enum", "none",
                      "pending", "enrolled", "required", "type", "boolean", "enrol_only", "type",
                      "boolean", "recovery_codes_left", "type", "integer")));
    openapi_add_errors(json_object_get(op, "responses"), "401");
    openapi_add_operation(paths, "/api/v1/me/mfa", "get", op);

    op = openapi_operation(
        "mfa_enrol", "session", "Start enrolling a second factor",
        "A new TOTP key (RFC 6238: SHA-1, 6 digits, 30 s) for your own account: its base32 "
        "secret for manual entry and its otpauth:// URI; the QR code at /api/v1/me/mfa/qr. "
        "Not used for logins until confirmed. 409 (mfa_enrolled) when you have one already. "
        "Audited.");
    json_object_set_new(
        json_object_get(op, "responses"), "201",
        openapi_response("the new key",
                         json_pack("{s:s, s:[s,s,s], s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, "
                                   "s:{s:s}}}",
                                   "type", "object", "required", "secret", "uri", "qr",
                                   "properties", "secret", "type", "string", "uri", "type",
                                   "string", "qr", "type", "string", "digits", "type", "integer",
                                   "period", "type", "integer")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403 409 413");
    openapi_add_operation(paths, "/api/v1/me/mfa", "post", op);

    op = openapi_operation("mfa_qr", "session", "The QR code of the key being enrolled",
                           "An SVG image of the otpauth:// URI, for an authenticator app to "
                           "scan; 404 (mfa_not_started) when no enrolment is under way.");
    json_object_set_new(json_object_get(op, "responses"), "200",
                        json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", "the QR code", "content",
                                  "image/svg+xml", "schema", "type", "string"));
    openapi_add_errors(json_object_get(op, "responses"), "401 404");
    openapi_add_operation(paths, "/api/v1/me/mfa/qr", "get", op);

    op = openapi_operation(
        "mfa_confirm", "session", "Confirm the second factor",
        "With a first code of the new key (400 mfa_wrong_code, counted like a failed login). "
        "Answers the 10 recovery codes, once: only their hashes are kept. A session that "
        "could only enrol may do everything from now on. Audited.");
    json_object_set_new(op, "requestBody", code_body(0));
    json_object_set_new(
        json_object_get(op, "responses"), "200",
        openapi_response("enrolled",
                         json_pack("{s:s, s:[s,s], s:{s:{s:s}, s:{s:s, s:{s:s}}}}", "type",
                                   "object", "required", "mfa", "recovery_codes", "properties",
                                   "mfa", "type", "string", "recovery_codes", "type", "array",
                                   "items", "type", "string")));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403 409 413 429");
    openapi_add_operation(paths, "/api/v1/me/mfa/confirm", "post", op);

    op = openapi_operation(
        "mfa_disable", "session", "Turn your second factor off",
        "With a current code or a recovery code (400 mfa_wrong_code). Refused (409 "
        "mfa_required_by_setting) when your clearance needs one. Audited.");
    json_object_set_new(op, "requestBody", code_body(1));
    json_object_set_new(json_object_get(op, "responses"), "204", openapi_response("off", NULL));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403 409 413 429");
    openapi_add_operation(paths, "/api/v1/me/mfa/disable", "post", op);

    op = openapi_operation(
        "mfa_reset", "session", "Reset a user's second factor",
        "Coordinators only (a lost phone): removes the user's TOTP key and recovery codes and "
        "ends its sessions; it enrols again at its next login. Audited, like 'vitaal user "
        "mfa-reset'.");
    json_object_set_new(op, "parameters",
                        json_pack("[{s:s, s:s, s:b, s:s, s:{s:s, s:s}}]", "name", "username", "in",
                                  "path", "required", 1, "description", "the user name", "schema",
                                  "type", "string", "pattern", ID_PATTERN));
    json_object_set_new(json_object_get(op, "responses"), "204", openapi_response("reset", NULL));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403 404 413");
    openapi_add_operation(paths, "/api/v1/users/{username}/mfa-reset", "post", op);
}
