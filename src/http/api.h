/*
 * api.h — the handlers of the JSON API, one group per file:
 * api_session.c (login, logout, me, audit log, authentication),
 * api_users.c (the accounts, for coordinators),
 * api_records.c (list, get, create, replace, delete for every kind of
 * record), api_rules.c (status, cascade, criticality, iim), api_assess.c
 * (the vitaalbeoordeling), api_whatif.c (measures as what-if, a job),
 * api_risks.c (the risk picture), api_cycle.c (fallback need, review
 * status, incident deadlines), api_framework.c (CER/NIS2 coverage by
 * measures), api_contribution.c (deciding on providers' contributions),
 * api_compliance.c (compliance per entity, campaigns),
 * api_request.c (requests for information and their answers),
 * api_reports.c (the yearly report), api_health.c (the load balancer's
 * health check); the jobs' routes are api_rules.c's.
 *
 * Each handler answers one route of router.c: it fills req->response and
 * returns 0, or returns a negative ERR_* code with req->error set. Handlers
 * other than login run after the router authenticated the request
 * (req->auth is set).
 */
#ifndef VITAAL_HTTP_API_H
#define VITAAL_HTTP_API_H

#include "http/request.h"

/* api_compliance.c: compliance per entity (domain/compliance.h).
 * GET /api/v1/compliance?framework=&entity=|sector=|process=&lang=,
 * GET /api/v1/campaigns/{id}/progress and
 * GET /api/v1/campaigns/{id}/questionnaire?provider=&lang=. */
int api_compliance(struct request *req);
int api_campaign_progress(struct request *req);
int api_campaign_questionnaire(struct request *req);

/* api_reports.c */
/* GET /api/v1/reports/annual?year=&format=&lang=&as_of=: the yearly report
 * (coordinators only), audited as one "report" entry. */
int api_reports_annual(struct request *req);

/* api_session.c */
int api_session_login(struct request *req);
/* Writes the summary rows of the failed logins counted per address and
 * minute (loginlog.h) on s: of the minutes that ended, or all of them. */
int api_session_audit_failures(struct http_state *st, struct store *s, int all, struct error *e);
int api_session_logout(struct request *req);

/* api_refusals.c */
/* After a handler answered code to a signed-in user: a 403 or 404 is a
 * refused read (GET, HEAD) or write, audited per user, kind of refusal and
 * minute (loginlog.h): the first at once, the rest as one summary. */
int api_refusal_note(struct request *req, int code);
/* Writes the summary rows of the refusals counted (of the minutes that
 * ended, or all of them) on s. */
int api_refusals_audit(struct http_state *st, struct store *s, int all, struct error *e);
int api_me(struct request *req);
int api_audit_list(struct request *req);
int api_openapi(struct request *req);

/* api_health.c: GET /api/v1/health, for a load balancer, without a login:
 * {"status","database","migrations":{"current","latest"}}; 200 when the
 * database answers and its schema is the one this binary knows, else 503.
 * Says nothing about the data or the configuration. */
int api_health(struct request *req);
/* Authenticates req from its Bearer token or session cookie: fills
 * req->auth, or ERR_UNAUTHORIZED. */
int api_authenticate(struct request *req);
/* Milliseconds since 1970 (the login throttling's clock). */
int64_t api_now_ms(void);
/* A wrong second-factor code of name outside the login (confirm, disable):
 * counted like a failed login (the delays of the name at the address and
 * of the address) and audited per address and minute; rolls back the
 * request's transaction first. req->error is kept. */
int api_session_mfa_failure(struct request *req, const char *name);
/* ERR_RATE_LIMITED (with Retry-After) while name at this address, or the
 * address, must wait after failures; else 0. */
int api_session_mfa_wait(struct request *req, const char *name);

/* api_mfa.c: the user's own second factor, and the coordinator's reset */
int api_mfa_state(struct request *req);
int api_mfa_start(struct request *req);
int api_mfa_qr(struct request *req);
int api_mfa_confirm(struct request *req);
int api_mfa_disable(struct request *req);
int api_users_mfa_reset(struct request *req);

/* api_users.c */
int api_users_list(struct request *req);
int api_users_create(struct request *req);
int api_users_update(struct request *req);
/* Writes u as the API shows it (never the password hash): with_disabled
 * for the coordinator's views, csrf (or NULL) for GET /me of a cookie
 * session. */
void api_user_write(struct json_writer *w, const struct store_user *u, int with_disabled,
                    const char *csrf);
/* The same fields without the braces around them (GET /me adds its own). */
void api_user_write_fields(struct json_writer *w, const struct store_user *u, int with_disabled,
                           const char *csrf);

/* api_records.c */
int api_records_list(struct request *req);
int api_records_get(struct request *req);
int api_records_create(struct request *req);
int api_records_replace(struct request *req);
int api_records_delete(struct request *req);
/* Answers status with the record in model order plus its "version". */
int api_render_record(struct request *req, int status, const json_t *record, int64_t version);
/* POST /api/v1/{kind}/{id}/approve {"comment", "acknowledged"?} and
 * .../reject {"comment"}: four eyes (domain/approval.h). An approval with
 * open points not acknowledged answers 409 with "open_points". */
int api_approve(struct request *req);
/* GET /api/v1/{kind}/{id}/approval (approvable kinds): may the user decide, why not, and the
 * open points, without deciding. */
int api_approval(struct request *req);
int api_reject(struct request *req);
/* GET /api/v1/{kind}/{id}/history: the record's versions (domain/history.h),
 * under the record's need-to-know; reading a classified one is audited. */
int api_records_history(struct request *req);
/* POST /api/v1/{kind}/{id}/restore {"version": N}: brings version N back as
 * a new version (coordinators only). */
int api_records_restore(struct request *req);
/* POST /api/v1/events/{id}/quickscan {"dry_run"?}: the event opens
 * quickscans (api_quickscan.c). */
int api_quickscan(struct request *req);

/* api_contribution.c: POST /api/v1/contributions/{id}/adopt {"risk",
 * "risk_id"?, "comment"?} and .../decline {"risk", "reason"}: the ministry
 * decides on a provider's proposed risk (domain/contribution.h). */
int api_contribution_adopt(struct request *req);
int api_contribution_decline(struct request *req);

/* api_comments.c: GET /api/v1/{kind}/{id}/comments, POST .../comments
 * {"text"} (201) and POST .../comments/{n}/retract {"note"}, for the kinds
 * that take comments (domain/comment.h). */
int api_comments_list(struct request *req);
int api_comments_add(struct request *req);
int api_comments_retract(struct request *req);

/* api_notify.c: GET /api/v1/notifications and POST
 * /api/v1/notifications/read {"ids"} | {"all": true} (domain/notify.h). */
int api_notifications(struct request *req);
int api_notifications_read(struct request *req);

/* api_request.c: GET /api/v1/requests/{id} (with "recipients", "answers",
 * "questionnaire"; called by api_records_get), POST /api/v1/requests/{id}/answers {"text",
 * "draft"?} (the caller's organisation answers) and POST .../close (the sender): domain/request.h.
 */
int api_request_get(struct request *req);
int api_request_answer(struct request *req);
int api_request_close(struct request *req);
/* api_body.c */
/* Checks that the body is an object holding only the keys listed. */
int api_body_keys(struct request *req, json_t *body, const char *const *known);
/* An integer field of body within min .. max; def when absent (def < min: required). */
int api_body_int(struct request *req, json_t *body, const char *key, int64_t def, int64_t min,
                 int64_t max, int32_t *out);

/* api_rules.c */
int api_status(struct request *req);
int api_cascade(struct request *req);
int api_criticality(struct request *req);
int api_iim(struct request *req);
/* Queues a job of type with arg (jobs.h; arg is the job's now, or freed
 * here when it cannot be queued) and answers 202 with its address, or 429
 * with Retry-After when a quota is full. */
struct job_type;
extern const struct job_type api_criticality_job; /* the job types, for jobs_new */
extern const struct job_type api_whatif_job;
int api_job_queued(struct request *req, const struct job_type *type, void *arg);
/* GET /api/v1/jobs/{id}: the job's state, its owner only */
int api_job_get(struct request *req);
int api_job_cancel(struct request *req); /* DELETE: the owner or a coordinator; 204 */

/* api_assess.c */
int api_assess(struct request *req);

/* api_whatif.c (a job, see jobs.h) */
int api_whatif(struct request *req);

/* api_risks.c */
int api_risk_picture(struct request *req);

/* api_framework.c */
int api_framework_coverage(struct request *req);

/* api_cycle.c */
int api_fallback_need(struct request *req);
int api_review_status(struct request *req);
int api_incident_deadlines(struct request *req);

/* api_report_process.c */
/* GET /api/v1/reports/process/{id}?format=pdf|html|md&lang=nl|en: the
 * per-process report (report/process_doc.h) as a download, under the
 * user's need-to-know; every download audited. */
int api_report_process(struct request *req);

/* api_attachments.c: evidence (domain/attachment.h). POST
 * /api/v1/{parent}/{id}/attachments?name=FILE with the file as the raw
 * body (201: id, name, type, size, sha256, ...), GET the same path (the
 * list, under the parent's need-to-know), GET /api/v1/attachments/{id}
 * (the download, audited) and DELETE /api/v1/attachments/{id}. */
int api_attachments_upload(struct request *req);
int api_attachments_list(struct request *req);
int api_attachment_download(struct request *req);
int api_attachment_delete(struct request *req);
/* Whether method and path are an attachment upload (server.c asks before
 * the body is read). */
int api_attachment_is_upload(const char *method, const char *path);
/* For an upload: authenticates req (a probe with the request's headers
 * and a store) and gives the body limit of the upload, the setting
 * attachment_max_bytes; non-zero when the request is not authenticated
 * (the server's own body limit applies). */
int api_attachment_body_limit(struct request *req, size_t *limit);

#endif
