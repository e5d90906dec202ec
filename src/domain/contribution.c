/*
 * contribution.c — providers contribute, ministries decide (see
 * contribution.h). It never writes an analysis: adopting adds a risk to it.
 */
#include "domain/contribution.h"

#include "domain/fields.h"

#include "base/timefmt.h"
#include "domain/record_id.h"
#include "domain/request.h"
#include "domain/validate.h"

#include <stdio.h>
#include <string.h>

/* The notes a decision's versions carry. */
#define NOTE_ADOPTED   "contribution: adopted"
#define NOTE_DECLINED  "contribution: declined"
#define NOTE_PROCESSED "contribution: every proposed risk decided"

static const char *const decision_fields[] = {"decision",   "reason", "decided_by",
                                              "decided_at", "risk",   NULL};

static int get(struct store *s, enum kind_id kind, const char *id, json_t **out, struct error *e)
{
    const struct kind *k = model_kind(kind);
    int rc = store_record_get(s, k, id, out, e);
    if (rc == ERR_NOTFOUND)
        return error_set(e, ERR_NOTFOUND, id, "no %s with this id", k->singular);
    return rc;
}

/* --- writes through the API -------------------------------------------------------- */

void contribution_prepare_write(const struct kind *k, const json_t *old, json_t *record,
                                const char *user)
{
    char now[24];
    if (k->id != KIND_CONTRIBUTION || record == NULL)
        return;
    /* leaving draft is submitting (processed is refused after validation,
     * by contribution_check_write, naming status) */
    if (!fields_is(record, "status", "draft") && fields_text(record, "status") &&
        (old == NULL || fields_is(old, "status", "draft"))) {
        timefmt_format_datetime(timefmt_now(), now);
        json_object_set_new(record, "submitted_by", json_string(user));
        json_object_set_new(record, "submitted_at", json_string(now));
        return;
    }
    json_object_set(record, "submitted_by",
                    old && json_object_get(old, "submitted_by")
                        ? json_object_get(old, "submitted_by")
                        : json_null());
    json_object_set(record, "submitted_at",
                    old && json_object_get(old, "submitted_at")
                        ? json_object_get(old, "submitted_at")
                        : json_null());
}

/* The provider of contribution c provides the analysed process, and (new)
 * the analysis is not final. */
static int check_contribution(struct store *s, const json_t *old, const json_t *c, struct error *e)
{
    const struct kind *links = model_kind(KIND_PROVIDER_LINK);
    json_t *analysis = NULL;
    size_t n = 0;
    int rc;
    if ((rc = get(s, KIND_ANALYSIS, fields_text(c, "analysis"), &analysis, e)) != 0)
        return rc;
    struct store_filter f[] = {
        {model_field_find(links, "provider"), fields_text(c, "provider")},
        {model_field_find(links, "process"), fields_text(analysis, "process")}};
    if ((rc = store_record_count(s, links, f, 2, &n, e)) != 0)
        goto cleanup;
    if (n == 0) {
        rc = error_set_msg(e, ERR_INVALID, "provider", "contribution_not_provider",
                           "{provider} does not provide the analysed process {process}", "provider",
                           fields_text(c, "provider"), "process", fields_text(analysis, "process"),
                           NULL);
        goto cleanup;
    }
    if ((old == NULL || !fields_same(old, c, "analysis")) && fields_is(analysis, "status", "final"))
        rc = error_set_msg(e, ERR_CONFLICT, "analysis", "contribution_analysis_final",
                           "the analysis is final; contribute to its next revision", NULL);
cleanup:
    json_decref(analysis);
    return rc;
}

int contribution_check_write(struct store *s, const struct kind *k, const json_t *old,
                             const json_t *record, struct error *e)
{
    json_t *contribution = NULL;
    size_t i;
    int rc = 0;

    if (k->id == KIND_CONTRIBUTION) {
        if (old && !fields_is(old, "status", "draft"))
            return error_set_msg(e, ERR_CONFLICT, "status", "contribution_frozen",
                                 "a contribution is not changed once submitted: the ministry "
                                 "weighs it as it was sent",
                                 NULL);
        if ((rc = request_check_write(s, k, old, record, e)) != 0 || record == NULL)
            return rc;
        if (fields_is(record, "status", "processed"))
            return error_set_msg(e, ERR_INVALID, "status", "contribution_processed_by_decision",
                                 "a contribution is processed when the ministry has decided on "
                                 "every proposed risk, not by a write",
                                 NULL);
        return check_contribution(s, old, record, e);
    }
    if (k->id != KIND_PROPOSED_RISK)
        return 0;
    for (i = 0; record && decision_fields[i]; i++) {
        int unchanged = fields_same(old, record, decision_fields[i]);
        if (i == 0) /* absent is the default, open */
            unchanged = strcmp(fields_text(old, "decision") ? fields_text(old, "decision") : "open",
                               fields_text(record, "decision") ? fields_text(record, "decision")
                                                               : "open") == 0;
        if (!unchanged)
            return error_set_msg(e, ERR_INVALID, decision_fields[i], "set_by_decision",
                                 "set by the ministry's decision (adopt, decline), not by a write",
                                 NULL);
    }
    for (i = 0; i < 2 && rc == 0; i++) {
        const json_t *r = i == 0 ? old : record;
        if (r == NULL || (i == 1 && old && fields_same(old, record, "contribution")))
            continue;
        if ((rc = get(s, KIND_CONTRIBUTION, fields_text(r, "contribution"), &contribution, e)) != 0)
            return rc;
        if (!fields_is(contribution, "status", "draft"))
            rc = error_set_msg(e, ERR_CONFLICT, "contribution", "contribution_frozen",
                               "a contribution is not changed once submitted: the ministry "
                               "weighs it as it was sent",
                               NULL);
        else if (i == 1 && !fields_same(contribution, record, "owner"))
            rc = error_set_msg(e, ERR_INVALID, "owner", "proposal_owner",
                               "a proposed risk is owned by its contribution's provider {owner}",
                               "owner", fields_text(contribution, "owner"), NULL);
        json_decref(contribution);
        contribution = NULL;
    }
    return rc;
}

/* --- deciding ---------------------------------------------------------------------- */

/* The user decides for the process's responsible ministry, or is the
 * coordinator (the CLI acts for the coordinator). */
static int may_decide(struct store *s, const struct contribution_decision *d,
                      const json_t *contribution, const json_t *analysis, struct error *e)
{
    json_t *process = NULL;
    int rc, ok;
    if (d->access == NULL || access_is_coordinator(d->access))
        return 0;
    if ((rc = get(s, KIND_PROCESS, fields_text(analysis, "process"), &process, e)) != 0)
        return rc;
    ok = access_role(d->access) == ROLE_DEPARTMENT &&
         fields_is(process, "ministry", access_org(d->access));
    json_decref(process);
    (void)contribution;
    return ok ? 0
              : error_set_msg(e, ERR_FORBIDDEN, NULL, "decide_not_ministry",
                              "only the process's responsible ministry or the coordinator decides "
                              "on a contribution's proposed risks",
                              NULL);
}

/* The higher of two classifications. */
static const char *higher(const char *a, const char *b)
{
    return model_value_index(model_classifications, a) >=
                   model_value_index(model_classifications, b)
               ? a
               : b;
}

/* The risk the proposal becomes in the analysis: its content, the
 * analysis's owner, classified at least as the analysis. */
static int adopt(struct store *s, const struct contribution_decision *d, const json_t *proposal,
                 const json_t *analysis, struct contribution_result *out, struct error *e)
{
    static const char *const copied[] = {"threat",  "scenario",   "likelihood",
                                         "impacts", "resilience", NULL};
    const struct kind *risks = model_kind(KIND_RISK);
    const char *id = d->risk_id ? d->risk_id : fields_text(proposal, "id");
    struct store_change change = *d->change;
    struct store_write w;
    json_t *risk;
    char note[200];
    size_t i;
    int exists = 0, rc;

    if (fields_is(analysis, "status", "final"))
        return error_set_msg(e, ERR_CONFLICT, "analysis", "adopt_analysis_final",
                             "the analysis {analysis} is final: reopen it (status draft) to adopt "
                             "a risk into it, and have the revision approved",
                             "analysis", fields_text(analysis, "id"), NULL);
    if (validate_id(id) != 0)
        return error_set_msg(e, ERR_INVALID, "risk_id", "bad_id", "'{value}' is not a valid id",
                             "value", id, NULL);
    if ((rc = store_record_exists(s, risks, id, &exists, e)) != 0)
        return rc;
    if (exists && d->risk_id) /* chosen: only a coordinator chooses (api_contribution.c) */
        return error_set_msg(e, ERR_CONFLICT, "risk_id", "id_taken",
                             "the id '{id}' is taken; give the new risk another id", "id", id,
                             NULL);
    risk = json_pack("{ss sO}", "id", id, "analysis", json_object_get(analysis, "id"));
    for (i = 0; copied[i]; i++)
        json_object_set(risk, copied[i], json_object_get(proposal, copied[i]));
    /* the proposal's id taken as a risk's: the server makes another
     * (record_id.h), never saying "taken" */
    if (exists) {
        json_object_del(risk, "id");
        if ((rc = record_id_make(s, risks, risk, d->access && !access_is_coordinator(d->access),
                                 e)) != 0)
            goto cleanup;
        id = fields_text(risk, "id");
    }
    json_object_set_new(risk, "classification",
                        json_string(higher(fields_text(proposal, "classification"),
                                           fields_text(analysis, "classification"))));
    json_object_set(risk, "owner", json_object_get(analysis, "owner"));
    if ((rc = validate_record(risks, risk, "$", e)) != 0 ||
        (d->access && (rc = access_can_write(d->access, s, risks, NULL, risk, e)) != 0))
        goto cleanup;
    snprintf(note, sizeof note, "contribution: adopted from %.150s", fields_text(proposal, "id"));
    change.note = note;
    if ((rc = store_record_put(s, risks, risk, &change, &w, e)) != 0)
        goto cleanup;
    snprintf(out->risk, sizeof out->risk, "%s", id);
    out->risk_version = w.version;
cleanup:
    json_decref(risk);
    return rc;
}

struct open_count {
    size_t open;
};

static int count_open(void *ctx, json_t *proposal)
{
    struct open_count *c = ctx;
    c->open += fields_is(proposal, "decision", "open");
    return 0;
}

int contribution_decide(struct store *s, const struct contribution_decision *d,
                        struct contribution_result *out, struct error *e)
{
    const struct kind *contributions = model_kind(KIND_CONTRIBUTION);
    const struct kind *proposals = model_kind(KIND_PROPOSED_RISK);
    json_t *contribution = NULL, *proposal = NULL, *analysis = NULL;
    struct store_change change = *d->change;
    struct store_filter by = {model_field_find(proposals, "contribution"), d->contribution};
    struct open_count left = {0};
    struct store_write w;
    char now[24];
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = get(s, KIND_CONTRIBUTION, d->contribution, &contribution, e)) != 0)
        goto cleanup;
    if (d->access && access_can_read(d->access, s, contributions, contribution, e) != 0) {
        rc = error_set(e, ERR_NOTFOUND, d->contribution, "no contribution with this id");
        goto cleanup;
    }
    if ((rc = get(s, KIND_ANALYSIS, fields_text(contribution, "analysis"), &analysis, e)) != 0 ||
        (rc = may_decide(s, d, contribution, analysis, e)) != 0)
        goto cleanup;
    if (!fields_is(contribution, "status", "submitted")) {
        rc = error_set_msg(e, ERR_CONFLICT, "status", "decide_not_submitted",
                           "only a submitted contribution is decided on; this one is {status}",
                           "status", fields_text(contribution, "status"), NULL);
        goto cleanup;
    }
    if (d->proposal == NULL || store_record_get(s, proposals, d->proposal, &proposal, e) != 0 ||
        !fields_is(proposal, "contribution", d->contribution)) {
        rc = error_set_msg(e, ERR_NOTFOUND, "risk", "no_proposal",
                           "the contribution proposes no risk '{id}'", "id",
                           d->proposal ? d->proposal : "", NULL);
        goto cleanup;
    }
    if (!fields_is(proposal, "decision", "open")) {
        rc = error_set_msg(e, ERR_CONFLICT, "risk", "proposal_decided",
                           "the proposed risk is {decision} already", "decision",
                           fields_text(proposal, "decision"), NULL);
        goto cleanup;
    }
    if (!d->adopt && fields_blank(d->reason)) {
        rc = error_set_msg(e, ERR_INVALID, "reason", "decline_reason",
                           "say why: declining needs a reason", NULL);
        goto cleanup;
    }
    if (d->adopt && (rc = adopt(s, d, proposal, analysis, out, e)) != 0)
        goto cleanup;
    if (d->change->at) /* a decision dated by its change: the demo's, an import's */
        snprintf(now, sizeof now, "%s", d->change->at);
    else
        timefmt_format_datetime(timefmt_now(), now);
    json_object_set_new(proposal, "decision", json_string(d->adopt ? "adopted" : "declined"));
    json_object_set_new(proposal, "reason",
                        fields_blank(d->reason) ? json_null() : json_string(d->reason));
    json_object_set_new(proposal, "decided_by", json_string(d->user));
    json_object_set_new(proposal, "decided_at", json_string(now));
    json_object_set_new(proposal, "risk", d->adopt ? json_string(out->risk) : json_null());
    change.note = d->adopt ? NOTE_ADOPTED : NOTE_DECLINED;
    if ((rc = validate_record(proposals, proposal, "$", e)) != 0 ||
        (rc = store_record_put(s, proposals, proposal, &change, &w, e)) != 0)
        goto cleanup;
    out->proposal_version = w.version;
    if ((rc = store_record_each(s, proposals, &by, 1, 0, 0, count_open, &left, e)) != 0)
        goto cleanup;
    if (left.open == 0) {
        json_object_set_new(contribution, "status", json_string("processed"));
        change.note = NOTE_PROCESSED;
        if ((rc = store_record_put(s, contributions, contribution, &change, NULL, e)) != 0)
            goto cleanup;
        out->processed = 1;
    }
cleanup:
    json_decref(contribution);
    json_decref(proposal);
    json_decref(analysis);
    return rc;
}
