/*
 * approval.c — four eyes on analyses, assessments and effectiveness
 * reviews (see approval.h): who decides, the open points per kind, the
 * decision itself, and which writes of an approvable record are refused.
 */
#include "domain/approval.h"

#include "domain/fields.h"

#include "base/timefmt.h"
#include "domain/fallback_need.h"

#include <stdio.h>
#include <string.h>

/* The notes an approval's own versions carry: they are decisions, not edits. */
#define NOTE_APPROVED "approval: approved"
#define NOTE_REJECTED "approval: rejected"

static const char *const approval_fields[] = {"approved_by", "approved_at", "approval_comment",
                                              "rejection", NULL};
static const char *const topics[] = {"policy_law",         "risk_management", "business_continuity",
                                     "sector_cooperation", "incidents",       NULL};

int approval_is_approvable(const struct kind *k)
{
    return k->id == KIND_ANALYSIS || k->id == KIND_ASSESSMENT || k->id == KIND_REVIEW;
}

static int is_status(const json_t *r, const char *status)
{
    const char *s = r ? fields_text(r, "status") : NULL;
    return s && strcmp(s, status) == 0;
}

/* --- open points ------------------------------------------------------------------ */

struct risk_scan {
    const char *analysis;
    json_t *risks; /* id -> true, for the analysis's risks */
};

static int note_risk(void *ctx, json_t *risk)
{
    struct risk_scan *r = ctx;
    json_object_set_new(r->risks, fields_text(risk, "id"), json_true());
    return 0;
}

static int drop_treated(void *ctx, json_t *measure)
{
    struct risk_scan *r = ctx;
    json_t *risk;
    size_t i;
    if (!is_status(measure, "cancelled")) {
        json_array_foreach(json_object_get(measure, "risks"), i, risk)
        {
            json_object_del(r->risks, json_string_value(risk));
        }
    }
    return 0;
}

static void add_point(json_t *points, const char *type, const char *ref)
{
    json_array_append_new(points, json_pack("{ss ss}", "type", type, "ref", ref));
}

/* The submitted contributions to an analysis, then their open proposals. */
struct proposal_scan {
    const char *analysis;
    json_t *contributions; /* id -> true: submitted to the analysis */
    json_t *points;
};

static int note_contribution(void *ctx, json_t *c)
{
    struct proposal_scan *p = ctx;
    if (is_status(c, "submitted"))
        json_object_set_new(p->contributions, fields_text(c, "id"), json_true());
    return 0;
}

static int note_proposal(void *ctx, json_t *r)
{
    struct proposal_scan *p = ctx;
    const char *decision = fields_text(r, "decision");
    if (json_object_get(p->contributions, fields_text(r, "contribution")) &&
        (decision == NULL || strcmp(decision, "open") == 0))
        add_point(p->points, "proposed_risk_undecided", fields_text(r, "id"));
    return 0;
}

static int undecided_proposals(struct store *s, const char *analysis, json_t *points,
                               struct error *e)
{
    const struct kind *contributions = model_kind(KIND_CONTRIBUTION);
    const struct kind *proposed = model_kind(KIND_PROPOSED_RISK);
    struct store_filter by_analysis = {model_field_find(contributions, "analysis"), analysis};
    struct proposal_scan p = {analysis, json_object(), points};
    int rc = store_record_each(s, contributions, &by_analysis, 1, 0, 0, note_contribution, &p, e);
    if (rc == 0 && json_object_size(p.contributions) > 0)
        rc = store_record_each(s, proposed, NULL, 0, 0, 0, note_proposal, &p, e);
    json_decref(p.contributions);
    return rc;
}

static int analysis_open_points(struct store *s, const json_t *record, json_t **out,
                                struct error *e)
{
    const struct kind *risks = model_kind(KIND_RISK), *measures = model_kind(KIND_MEASURE);
    json_t *points = json_array(), *findings = json_object_get(record, "findings");
    struct risk_scan scan = {fields_text(record, "id"), json_object()};
    struct store_filter by_analysis = {model_field_find(risks, "analysis"), scan.analysis};
    struct fallback_need_options fo = {fields_text(record, "process"), -1};
    struct fallback_need_report fr;
    const char *id;
    json_t *v;
    size_t i;
    int rc;

    *out = NULL;
    memset(&fr, 0, sizeof fr);
    /* 1. the five topics of the analysis, each with findings */
    for (i = 0; topics[i]; i++) {
        const char *text = fields_text(findings, topics[i]);
        if (text == NULL || text[strspn(text, " \t\r\n")] == '\0')
            add_point(points, "topic_without_findings", topics[i]);
    }
    /* 2. the process's inputs whose loss it cannot bridge, not covered */
    if ((rc = fallback_need_compute(s, &fo, &fr, e)) != 0)
        goto cleanup;
    for (i = 0; fr.n == 1 && i < fr.processes[0].n_inputs; i++) {
        const struct fallback_need_input *in = &fr.processes[0].inputs[i];
        if (in->gap && !in->covered)
            add_point(points, "fallback_not_covered", in->dependency);
    }
    /* 3. the analysis's risks that no measure (not cancelled) treats */
    if ((rc = store_record_each(s, risks, &by_analysis, 1, 0, 0, note_risk, &scan, e)) != 0 ||
        (rc = store_record_each(s, measures, NULL, 0, 0, 0, drop_treated, &scan, e)) != 0)
        goto cleanup;
    json_object_foreach(scan.risks, id, v)
    {
        add_point(points, "risk_without_measure", id);
    }
    /* 4. risks the providers proposed that the ministry has not yet decided on */
    if ((rc = undecided_proposals(s, scan.analysis, points, e)) != 0)
        goto cleanup;
    *out = points;
    points = NULL;
cleanup:
    fallback_need_report_release(&fr);
    json_decref(scan.risks);
    json_decref(points);
    return rc;
}

/* An assessment: every vitaal criterion estimated (an empty one cannot
 * count towards the category), and a category that differs from the
 * national list's is a change the approver proposes to the catalogue. */
struct criteria_scan {
    const json_t *impacts;
    json_t *points;
};

static int note_unestimated(void *ctx, json_t *criterion)
{
    struct criteria_scan *c = ctx;
    const char *id = fields_text(criterion, "id");
    if (!json_is_number(json_object_get(c->impacts, id)))
        add_point(c->points, "criterion_without_estimate", id);
    return 0;
}

static int assessment_open_points(struct store *s, const json_t *record, json_t **out,
                                  struct error *e)
{
    struct criteria_scan scan = {json_object_get(record, "impacts"), json_array()};
    json_t *process = NULL;
    const char *listed;
    int rc;

    *out = NULL;
    if ((rc = store_record_each(s, model_kind(KIND_VITAAL_CRITERION), NULL, 0, 0, 0,
                                note_unestimated, &scan, e)) != 0)
        goto cleanup;
    rc = store_record_get(s, model_kind(KIND_PROCESS), fields_text(record, "process"), &process, e);
    if (rc != 0)
        goto cleanup;
    listed = fields_text(process, "category");
    if (listed && fields_text(record, "category") &&
        strcmp(listed, fields_text(record, "category")) != 0)
        add_point(scan.points, "category_differs_from_list", fields_text(record, "process"));
    *out = scan.points;
    scan.points = NULL;
cleanup:
    json_decref(process);
    json_decref(scan.points);
    return rc;
}

/* A review: what was found is the review; a result without findings
 * cannot be followed up. */
static int review_open_points(const json_t *record, json_t **out)
{
    const char *text = fields_text(record, "findings");
    *out = json_array();
    if (text == NULL || text[strspn(text, " \t\r\n")] == '\0')
        add_point(*out, "review_without_findings", fields_text(record, "measure"));
    return 0;
}

int approval_open_points(struct store *s, const struct kind *k, const json_t *record, json_t **out,
                         struct error *e)
{
    if (k->id == KIND_ASSESSMENT)
        return assessment_open_points(s, record, out, e);
    if (k->id == KIND_REVIEW)
        return review_open_points(record, out);
    return analysis_open_points(s, record, out, e);
}

/* --- who decides ------------------------------------------------------------------- */

/* Whether user made a version of the record since it was last final (the
 * approval's own decisions do not count: they are not edits). */
struct editors {
    const char *user;
    int edited;
    int done;
};

static int note_editor(void *ctx, const struct store_version *v)
{
    struct editors *x = ctx;
    const char *note = v->note ? v->note : "";
    if (x->done)
        return 0;
    if (v->data && is_status(v->data, "final")) {
        x->done = 1; /* an earlier round */
        return 0;
    }
    if (strcmp(note, NOTE_APPROVED) != 0 && strcmp(note, NOTE_REJECTED) != 0 &&
        strcmp(v->actor, x->user) == 0)
        x->edited = 1;
    return 0;
}

/* *out = 1 when org is the responsible ministry of a process the record
 * is about: its process, or for a review the processes of its measure (a
 * cross-sectoral measure has the ministries of all of them). */
static int of_ministry(struct store *s, const struct kind *k, const json_t *record, const char *org,
                       int *out, struct error *e)
{
    json_t *measure = NULL, *processes = json_array(), *process = NULL, *p;
    size_t i;
    int rc = 0;

    *out = 0;
    if (k->id == KIND_REVIEW) {
        if ((rc = store_record_get(s, model_kind(KIND_MEASURE), fields_text(record, "measure"),
                                   &measure, e)) != 0)
            goto cleanup;
        json_array_extend(processes, json_object_get(measure, "processes"));
    } else {
        json_array_append(processes, json_object_get(record, "process"));
    }
    json_array_foreach(processes, i, p)
    {
        if (!json_is_string(p))
            continue;
        rc = store_record_get(s, model_kind(KIND_PROCESS), json_string_value(p), &process, e);
        if (rc != 0)
            goto cleanup;
        *out |= org && fields_text(process, "ministry") &&
                strcmp(fields_text(process, "ministry"), org) == 0;
        json_decref(process);
        process = NULL;
    }
cleanup:
    json_decref(measure);
    json_decref(processes);
    return rc;
}

static int may_decide(struct store *s, const struct approval_request *rq, const json_t *record,
                      struct error *e)
{
    struct editors x = {rq->user, 0, 0};
    int rc;
    if (rq->access) {
        if ((rc = access_can_read(rq->access, s, rq->kind, record, e)) != 0)
            return rc == ERR_NOTFOUND ? error_set(e, ERR_NOTFOUND, rq->id, "no %s with this id",
                                                  rq->kind->singular)
                                      : rc;
        if (!access_is_coordinator(rq->access)) {
            int ministry = 0;
            if (access_role(rq->access) == ROLE_DEPARTMENT &&
                (rc = of_ministry(s, rq->kind, record, access_org(rq->access), &ministry, e)) != 0)
                return rc;
            if (!ministry)
                return error_set_msg(e, ERR_FORBIDDEN, NULL, "approve_not_ministry",
                                     "only the process's responsible ministry or the "
                                     "coordinator decides on its {kind}",
                                     "kind", rq->kind->singular, NULL);
        }
    }
    if ((rc = store_history_each(s, rq->kind, rq->id, note_editor, &x, e)) != 0)
        return rc;
    if (x.edited)
        return error_set_msg(e, ERR_FORBIDDEN, NULL, "approve_own_work",
                             "you edited this {kind} since it was last final; another person "
                             "decides on it (four eyes)",
                             "kind", rq->kind->singular, NULL);
    return 0;
}

int approval_may_decide(struct store *s, const struct approval_request *rq, const json_t *record,
                        struct error *e)
{
    return may_decide(s, rq, record, e);
}

int approval_decide(struct store *s, const struct approval_request *rq, struct approval_result *out,
                    struct error *e)
{
    struct store_change change = *rq->change;
    struct store_write w;
    json_t *record = NULL, *points = NULL;
    char today[11], now[24];
    size_t i;
    int rc;

    memset(out, 0, sizeof *out);
    if (!approval_is_approvable(rq->kind))
        return error_set(e, ERR_INVALID, NULL,
                         "%s are not approved; only analyses, assessments and reviews are",
                         rq->kind->name);
    rc = store_record_get(s, rq->kind, rq->id, &record, e);
    if (rc == ERR_NOTFOUND)
        return error_set(e, ERR_NOTFOUND, rq->id, "no %s with this id", rq->kind->singular);
    if (rc != 0)
        return rc;
    if ((rc = may_decide(s, rq, record, e)) != 0)
        goto cleanup;
    /* who may decide and on what come first: the author is told it may
     * not, not that its comment is missing */
    if (rq->comment == NULL || rq->comment[strspn(rq->comment, " \t\r\n")] == '\0') {
        rc = error_set_msg(e, ERR_INVALID, "comment", "approve_comment",
                           "say why: a comment is required", NULL);
        goto cleanup;
    }
    if (!is_status(record, "review")) {
        rc = error_set_msg(e, ERR_CONFLICT, "status", "approve_not_in_review",
                           "only what is in review is decided on; this {kind} is {status}", "kind",
                           rq->kind->singular, "status", fields_text(record, "status"), NULL);
        goto cleanup;
    }
    if (rq->approve) {
        if ((rc = approval_open_points(s, rq->kind, record, &points, e)) != 0)
            goto cleanup;
        if (json_array_size(points) > 0 && !rq->acknowledged) {
            out->open_points = points;
            points = NULL;
            rc =
                error_set_msg(e, ERR_CONFLICT, "acknowledged", "approve_open_points",
                              "there are open points; weigh them, then approve again acknowledging "
                              "them (acknowledged: true; on the command line --acknowledge)",
                              NULL);
            goto cleanup;
        }
        timefmt_format_date(timefmt_today(), today);
        timefmt_format_datetime(timefmt_now(), now);
        json_object_set_new(record, "status", json_string("final"));
        if (model_field_find(rq->kind, "finalised"))
            json_object_set_new(record, "finalised", json_string(today));
        json_object_set_new(record, "approved_by", json_string(rq->user));
        json_object_set_new(record, "approved_at", json_string(now));
        json_object_set_new(record, "approval_comment", json_string(rq->comment));
        json_object_set_new(record, "rejection", json_null());
        change.note = NOTE_APPROVED;
    } else {
        json_object_set_new(record, "status", json_string("draft"));
        for (i = 0; approval_fields[i]; i++)
            json_object_set_new(record, approval_fields[i], json_null());
        json_object_set_new(record, "rejection", json_string(rq->comment));
        change.note = NOTE_REJECTED;
    }
    if ((rc = store_record_put(s, rq->kind, record, &change, &w, e)) == 0)
        out->version = w.version;
cleanup:
    json_decref(points);
    json_decref(record);
    return rc;
}

int approval_preview(struct store *s, const struct approval_request *rq, json_t **out,
                     struct error *e)
{
    json_t *record = NULL, *points = NULL, *reason = json_null();
    struct error why = {0};
    int rc;

    *out = NULL;
    if (!approval_is_approvable(rq->kind))
        return error_set(e, ERR_INVALID, NULL,
                         "%s are not approved; only analyses, assessments and reviews are",
                         rq->kind->name);
    rc = store_record_get(s, rq->kind, rq->id, &record, e);
    if (rc == ERR_NOTFOUND)
        return error_set(e, ERR_NOTFOUND, rq->id, "no %s with this id", rq->kind->singular);
    if (rc != 0)
        return rc;
    rc = may_decide(s, rq, record, &why);
    if (rc == ERR_NOTFOUND) {
        *e = why;
        goto cleanup;
    }
    if (rc == 0 && !is_status(record, "review"))
        rc = error_set_msg(&why, ERR_CONFLICT, "status", "approve_not_in_review",
                           "only what is in review is decided on; this {kind} is {status}", "kind",
                           rq->kind->singular, "status", fields_text(record, "status"), NULL);
    if (rc == ERR_FORBIDDEN || rc == ERR_CONFLICT) {
        json_t *params = json_object();
        int i;
        for (i = 0; i < why.n_params; i++)
            json_object_set_new(params, why.params[i].name, json_string(why.params[i].value));
        json_decref(reason);
        reason =
            json_pack("{ss ss so}", "message_id", why.id, "message", why.message, "params", params);
    } else if (rc != 0) {
        *e = why;
        goto cleanup;
    }
    if ((rc = approval_open_points(s, rq->kind, record, &points, e)) != 0)
        goto cleanup;
    *out = json_pack("{ss sb so so}", "status", fields_text(record, "status"), "may_decide",
                     json_is_null(reason), "reason", reason, "open_points", points);
    reason = points = NULL;
cleanup:
    json_decref(reason);
    json_decref(points);
    json_decref(record);
    return rc;
}

void approval_result_release(struct approval_result *r)
{
    if (r == NULL)
        return;
    json_decref(r->open_points);
    r->open_points = NULL;
}

/* --- writes ------------------------------------------------------------------------ */

/* Whether a field says whom the record goes to (its TLP marking and shares,
 * domain/sharing.h) rather than what was decided: a final record is shared
 * without reopening it, and sharing it needs no second person. */
static int is_distribution(const char *name)
{
    return strcmp(name, "tlp") == 0 || strcmp(name, "shared_with") == 0 ||
           strcmp(name, "shared_with_people") == 0;
}

/* Whether the two records differ in any field but status and distribution. */
static int content_differs(const struct kind *k, const json_t *a, const json_t *b)
{
    size_t i;
    for (i = 0; i < k->n_fields; i++) {
        const char *name = k->fields[i].name;
        json_t *x = json_object_get(a, name), *y = json_object_get(b, name);
        if (strcmp(name, "status") == 0 || is_distribution(name))
            continue;
        if ((x == NULL || json_is_null(x)) && (y == NULL || json_is_null(y)))
            continue;
        if (x == NULL || y == NULL || !json_equal(x, y))
            return 1;
    }
    return 0;
}

void approval_prepare_write(const struct kind *k, const json_t *old, json_t *record)
{
    size_t i;
    if (!approval_is_approvable(k) || !is_status(old, "final") || is_status(record, "final"))
        return;
    for (i = 0; approval_fields[i]; i++) {
        if (strcmp(approval_fields[i], "rejection") != 0)
            json_object_set_new(record, approval_fields[i], json_null());
    }
}

int approval_check_write(const struct kind *k, const json_t *old, const json_t *record,
                         int import_final, struct error *e)
{
    size_t i;
    if (!approval_is_approvable(k) || record == NULL)
        return 0;
    if (old == NULL && import_final)
        return 0; /* records final before vitaal, brought in by the coordinator */
    if (is_status(record, "final") && !is_status(old, "final"))
        return error_set_msg(e, ERR_INVALID, "status", "final_by_approval",
                             "this {kind} becomes final only by approval: send it for review, "
                             "then another person approves it (POST /api/v1/{kinds}/ID/approve)",
                             "kind", k->singular, "kinds", k->name, NULL);
    if (is_status(old, "final") && is_status(record, "final") && content_differs(k, old, record))
        return error_set_msg(
            e, ERR_INVALID, "status", "final_unchanged",
            "this {kind} is final and is not changed; set its status to draft to revise "
            "it, and have the revision approved",
            "kind", k->singular, NULL);
    for (i = 0; approval_fields[i]; i++) {
        json_t *was = old ? json_object_get(old, approval_fields[i]) : NULL;
        if (is_status(old, "final") && !is_status(record, "final") &&
            strcmp(approval_fields[i], "rejection") != 0)
            was = NULL; /* reopened: approval_prepare_write cleared it */
        json_t *now = json_object_get(record, approval_fields[i]);
        int was_set = was && !json_is_null(was), now_set = now && !json_is_null(now);
        /* neither set nor cleared: a rejection's reason stays until the
         * next approval, an approval until the next decision */
        if (was_set != now_set || (now_set && !json_equal(was, now)))
            return error_set_msg(e, ERR_INVALID, approval_fields[i], "set_by_approval",
                                 "set by approving or rejecting, not by a write", NULL);
    }
    return 0;
}
