/*
 * api_mfa.c — the second factor over HTTP (domain/mfa.h): a user's own
 * MFA state (GET /api/v1/me/mfa), starting an enrolment (POST: the key in
 * base32 and its otpauth:// URI), the key's QR code as an SVG image (GET
 * /api/v1/me/mfa/qr, image/svg+xml, for the UI's <img>: the CSP allows no
 * inline images), confirming it with a first code (POST .../confirm: the
 * recovery codes, once), turning it off with a code (POST .../disable,
 * refused when the user's clearance needs it), and the coordinator's
 * reset of another's (POST /api/v1/users/{username}/mfa-reset).
 *
 * Only the user itself enrols: every route here acts on the session's own
 * account. Every write is audited in its transaction (kind "users").
 * Wrong codes at confirm and disable are failed logins, as wrong codes at
 * login are: they count towards the throttling of the name at the address
 * and of the address (429 while it must wait), and are audited per
 * address and minute (api_session_mfa_failure).
 */
#include "http/api.h"

#include "domain/mfa.h"
#include "domain/users.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define MFA_CODE_MAX 64 /* bytes of a code field */

/* The audit entry of an MFA change: kind "users", record the account. */
static int audit_mfa(struct request *req, const char *action, const char *name, const char *detail)
{
    struct audit_event ev = {req->auth.user->id, req->address, action, "users", name, detail};
    return audit_append(&req->state->audit, req->store, &ev, &req->error);
}

/* Reads {"totp": "123456"} or {"recovery_code": "..."} (one of them;
 * recovery only when allow_recovery). */
static int read_code(struct request *req, int allow_recovery, const char **totp,
                     const char **recovery)
{
    static const char *const keys[] = {"totp", "recovery_code", NULL};
    json_t *body, *v;
    size_t i;
    int rc;
    *totp = *recovery = NULL;
    if ((rc = request_body_json(req, &body)) != 0 || (rc = api_body_keys(req, body, keys)) != 0)
        return rc;
    for (i = 0; keys[i]; i++) {
        if ((v = json_object_get(body, keys[i])) == NULL)
            continue;
        if (!json_is_string(v) || json_string_length(v) == 0 ||
            json_string_length(v) > MFA_CODE_MAX ||
            strlen(json_string_value(v)) != json_string_length(v))
            return error_set(&req->error, ERR_INVALID, keys[i], "a string of 1 .. %d bytes",
                             MFA_CODE_MAX);
        *(i == 0 ? totp : recovery) = json_string_value(v);
    }
    if (*recovery && !allow_recovery)
        return error_set(&req->error, ERR_INVALID, "recovery_code",
                         "confirm the enrolment with a code of the authenticator app");
    if (*totp == NULL && *recovery == NULL)
        return error_set_msg(&req->error, ERR_INVALID, "totp", "missing", "required", NULL);
    if (*totp && *recovery)
        return error_set(&req->error, ERR_INVALID, "recovery_code", "give totp or recovery_code");
    return 0;
}

static const char *mfa_word(int mfa)
{
    return mfa == STORE_MFA_ENROLLED ? "enrolled" : mfa == STORE_MFA_PENDING ? "pending" : "none";
}

int api_mfa_state(struct request *req)
{
    struct store_user *u = NULL;
    struct json_writer w;
    int rc, required, left = 0;
    if ((rc = store_user_get(req->store, req->auth.user->id, &u, &req->error)) != 0)
        return rc;
    if ((rc = mfa_required(req->store, u, &required, &req->error)) != 0 ||
        (rc = store_recovery_left(req->store, u->id, &left, &req->error)) != 0) {
        store_user_free(u);
        return rc;
    }
    request_json_begin(req, 200, &w);
    json_write_object_begin(&w);
    json_write_key(&w, "mfa");
    json_write_string(&w, mfa_word(u->mfa));
    json_write_key(&w, "required");
    json_write_bool(&w, required);
    json_write_key(&w, "enrol_only");
    json_write_bool(&w, req->auth.enrol_only);
    json_write_key(&w, "recovery_codes_left");
    json_write_int(&w, left);
    json_write_object_end(&w);
    store_user_free(u);
    return request_json_end(req, &w);
}

int api_mfa_start(struct request *req)
{
    char base32[MFA_BASE32_MAX], uri[MFA_URI_MAX];
    struct json_writer w;
    json_t *body;
    int rc;
    if (req->body && ((rc = request_body_json(req, &body)) != 0 ||
                      (rc = api_body_keys(req, body, (const char *const[]){NULL})) != 0))
        return rc;
    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    if ((rc = mfa_enrol_start(req->store, req->auth.user->id, base32, uri, &req->error)) != 0 ||
        (rc = audit_mfa(req, "mfa_enrol_start", req->auth.user->id,
                        "a new TOTP key, not yet confirmed")) != 0 ||
        (rc = request_commit(req)) != 0)
        return rc;
    request_json_begin(req, 201, &w);
    json_write_object_begin(&w);
    json_write_key(&w, "secret");
    json_write_string(&w, base32);
    json_write_key(&w, "uri");
    json_write_string(&w, uri);
    json_write_key(&w, "qr");
    json_write_string(&w, "/api/v1/me/mfa/qr");
    json_write_key(&w, "digits");
    json_write_int(&w, MFA_DIGITS);
    json_write_key(&w, "period");
    json_write_int(&w, MFA_STEP_SECONDS);
    json_write_object_end(&w);
    return request_json_end(req, &w);
}

int api_mfa_qr(struct request *req)
{
    char uri[MFA_URI_MAX];
    int rc;
    if ((rc = mfa_enrol_uri(req->store, req->auth.user->id, uri, &req->error)) != 0)
        return rc;
    strbuf_reset(&req->response.body);
    if ((rc = mfa_qr_svg(uri, &req->response.body, &req->error)) != 0)
        return rc;
    req->response.content_type = "image/svg+xml";
    req->response.status = 200;
    return 0;
}

int api_mfa_confirm(struct request *req)
{
    char codes[MFA_RECOVERY_COUNT][MFA_RECOVERY_LEN + 1];
    const char *totp, *recovery;
    struct json_writer w;
    size_t i;
    int rc;
    if ((rc = read_code(req, 0, &totp, &recovery)) != 0 ||
        (rc = api_session_mfa_wait(req, req->auth.user->id)) != 0)
        return rc;
    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    rc = mfa_enrol_confirm(req->store, req->auth.user->id, totp, (int64_t)time(NULL), codes,
                           &req->error);
    if (rc == ERR_UNAUTHORIZED) {
        /* a wrong code is no reason to end the session: 400, counted and
         * audited like a failed login */
        if ((rc = api_session_mfa_failure(req, req->auth.user->id)) != 0)
            return rc;
        req->error.code = ERR_INVALID;
        rc = ERR_INVALID;
    }
    if (rc != 0)
        return rc;
    if ((req->auth.enrol_only &&
         (rc = users_session_set_full(req->store, req->auth.token, &req->error)) != 0) ||
        (rc = audit_mfa(req, "mfa_enrol", req->auth.user->id,
                        req->auth.enrol_only ? "TOTP confirmed, 10 recovery codes; the session "
                                               "may now do everything"
                                             : "TOTP confirmed, 10 recovery codes")) != 0 ||
        (rc = request_commit(req)) != 0)
        return rc;
    request_json_begin(req, 200, &w);
    json_write_object_begin(&w);
    json_write_key(&w, "mfa");
    json_write_string(&w, "enrolled");
    json_write_key(&w, "recovery_codes");
    json_write_array_begin(&w);
    for (i = 0; i < MFA_RECOVERY_COUNT; i++)
        json_write_string(&w, codes[i]);
    json_write_array_end(&w);
    json_write_object_end(&w);
    memset(codes, 0, sizeof codes);
    return request_json_end(req, &w);
}

int api_mfa_disable(struct request *req)
{
    const char *totp, *recovery;
    int rc, required, left;
    if ((rc = read_code(req, 1, &totp, &recovery)) != 0 ||
        (rc = api_session_mfa_wait(req, req->auth.user->id)) != 0 ||
        (rc = mfa_required(req->store, req->auth.user, &required, &req->error)) != 0)
        return rc;
    if (required)
        return error_set_msg(&req->error, ERR_CONFLICT, NULL, "mfa_required_by_setting",
                             "your clearance needs a second factor (setting {setting}); a "
                             "coordinator can reset it when the device is lost",
                             "setting", MFA_SETTING, NULL);
    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    rc = mfa_verify(req->store, req->auth.user->id, totp, recovery, (int64_t)time(NULL), &left,
                    &req->error);
    if (rc == ERR_UNAUTHORIZED) {
        if ((rc = api_session_mfa_failure(req, req->auth.user->id)) != 0)
            return rc;
        req->error.code = ERR_INVALID;
        rc = ERR_INVALID;
    }
    if (rc != 0 || (rc = mfa_reset(req->store, req->auth.user->id, 0, &req->error)) != 0 ||
        (rc = audit_mfa(req, "mfa_disable", req->auth.user->id,
                        "TOTP key and recovery codes removed by the user")) != 0 ||
        (rc = request_commit(req)) != 0)
        return rc;
    req->response.status = 204;
    return 0;
}

int api_users_mfa_reset(struct request *req)
{
    struct store_user *u = NULL;
    json_t *body;
    int rc;
    if (!access_is_coordinator(req->auth.access))
        return error_set(&req->error, ERR_FORBIDDEN, NULL, "only a coordinator resets MFA");
    if (req->body && ((rc = request_body_json(req, &body)) != 0 ||
                      (rc = api_body_keys(req, body, (const char *const[]){NULL})) != 0))
        return rc;
    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    rc = store_user_get(req->store, req->id, &u, &req->error);
    store_user_free(u);
    if (rc == ERR_NOTFOUND)
        return error_set(&req->error, ERR_NOTFOUND, "username", "no user '%s'", req->id);
    if (rc != 0 || (rc = mfa_reset(req->store, req->id, 1, &req->error)) != 0 ||
        (rc = audit_mfa(req, "mfa_reset", req->id,
                        "TOTP key and recovery codes removed, sessions ended")) != 0 ||
        (rc = request_commit(req)) != 0)
        return rc;
    req->response.status = 204;
    return 0;
}
