/*
 * api_contribution.c — the ministry decides on a provider's contribution
 * over HTTP: POST /api/v1/contributions/{id}/adopt {"risk", "risk_id"?,
 * "comment"?} and POST /api/v1/contributions/{id}/decline {"risk",
 * "reason"}, where "risk" is the id of one of the contribution's proposed
 * risks. The rules are domain/contribution.h's; here the body is read, the
 * decision made, written and audited (the decision, and on adoption the new
 * risk) in one transaction, and the proposed risk answered as it now is.
 * Writing the contribution itself is the generic record routes'.
 */
#include "http/api.h"

#include "domain/contribution.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* A text field of body, or NULL when absent; ERR_INVALID when not a text. */
static int body_text(struct request *req, json_t *body, const char *key, const char **out)
{
    json_t *v = json_object_get(body, key);
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return error_set(&req->error, ERR_INVALID, key, "a text");
    *out = json_string_value(v);
    return 0;
}

static int decide(struct request *req, int adopt)
{
    static const char *const adopt_keys[] = {"risk", "risk_id", "comment", NULL};
    static const char *const decline_keys[] = {"risk", "reason", NULL};
    const struct kind *proposals = model_kind(KIND_PROPOSED_RISK);
    struct contribution_decision d = {req->id, NULL, adopt, NULL, NULL, NULL, NULL, NULL};
    struct contribution_result res;
    json_t *body, *stored = NULL;
    char detail[200];
    int rc;

    req->kind = model_kind(KIND_CONTRIBUTION);
    if ((rc = request_body_json(req, &body)) != 0 ||
        (rc = api_body_keys(req, body, adopt ? adopt_keys : decline_keys)) != 0 ||
        (rc = body_text(req, body, "risk", &d.proposal)) != 0 ||
        (rc = body_text(req, body, adopt ? "comment" : "reason", &d.reason)) != 0 ||
        (adopt && (rc = body_text(req, body, "risk_id", &d.risk_id)) != 0))
        return rc;
    if (d.proposal == NULL)
        return error_set(&req->error, ERR_INVALID, "risk",
                         "name the proposed risk: its id in \"risk\"");
    if (d.risk_id != NULL && !access_is_coordinator(req->auth.access)) /* as api_records.c */
        return error_set_msg(&req->error, ERR_INVALID, "risk_id", "id_by_server",
                             "the server makes the id of a new {kind}; leave \"id\" out", "kind",
                             "risk", NULL);
    d.user = req->auth.user->id;
    d.access = req->auth.access;
    d.change = request_change(req);
    if ((rc = store_begin(req->store, &req->error)) != 0 ||
        (rc = contribution_decide(req->store, &d, &res, &req->error)) != 0)
        return rc;
    snprintf(detail, sizeof detail, "version %" PRId64 "; contribution %.60s%s%.60s",
             res.proposal_version, req->id, adopt ? "; became risk " : "; ",
             adopt ? res.risk : (d.reason ? d.reason : ""));
    if ((rc = request_audit(req, adopt ? "adopt" : "decline", proposals, d.proposal, detail)) != 0)
        return rc;
    if (adopt) {
        snprintf(detail, sizeof detail, "version %" PRId64 "; adopted from proposed risk %.100s",
                 res.risk_version, d.proposal);
        if ((rc = request_audit(req, "create", model_kind(KIND_RISK), res.risk, detail)) != 0)
            return rc;
    }
    if ((rc = store_record_get(req->store, proposals, d.proposal, &stored, &req->error)) != 0)
        return rc;
    request_keep(req, stored);
    if ((rc = request_commit(req)) != 0)
        return rc;
    req->kind = proposals;
    return api_render_record(req, 200, stored, res.proposal_version);
}

int api_contribution_adopt(struct request *req)
{
    return decide(req, 1);
}

int api_contribution_decline(struct request *req)
{
    return decide(req, 0);
}
