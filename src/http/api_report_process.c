/*
 * api_report_process.c — GET /api/v1/reports/process/{id}: the per-process
 * report (report/process_doc.h) as a PDF, HTML or Markdown download, for a
 * user who may read the process.
 *
 * Need-to-know: the report is gathered through http/visible.h, so it holds
 * only the records the user may read (and names only the processes the
 * user may see); a process the user may not see is 404, as for records.
 * With ?as_of (ROUTE_AS_OF) the report is of the records as they stood at
 * the end of that day, approvals included, and audited in the live
 * database.
 * Audit: in the transaction that gathers the report, one "read" entry for
 * the report itself (the process, the format, the language, the marking)
 * and one per confidential or secret record it shows; the document is
 * rendered from its tree after the commit.
 */
#include "http/api.h"

#include "base/timefmt.h"
#include "domain/access.h"
#include "domain/asof.h"
#include "domain/audit.h"
#include "domain/visible.h"
#include "report/report_json.h"
#include "report/process_doc.h"

#include <stdio.h>
#include <string.h>

/* The gather's need-to-know: visible_check, noting classified records. */
static int shown_to_user(void *ctx, const struct kind *k, const json_t *record, struct error *e)
{
    struct visible *v = ctx;
    int rc, shown = 0;
    rc = visible_check(v, k->id, json_string_value(json_object_get(record, "id")), 1, &shown);
    if (rc != 0) {
        *e = v->error;
        return rc;
    }
    return shown ? 0 : ERR_NOTFOUND;
}

static int read_params(struct request *req, enum doc_format *f, const char **lang)
{
    static const char *const known[] = {"format", "lang", NULL};
    const char *format = request_query(req, "format");
    size_t i;
    for (i = 0; i < req->n_query; i++) {
        if (model_value_index(known, req->query[i].key) < 0)
            return error_set(&req->error, ERR_INVALID, req->query[i].key,
                             "unknown parameter (format, lang)");
    }
    *f = DOC_FORMAT_PDF;
    if (format && doc_format_parse(format, f) != 0)
        return error_set(&req->error, ERR_INVALID, "format", "pdf, html or md, not '%s'", format);
    *lang = request_query(req, "lang") ? request_query(req, "lang") : "nl";
    if (strcmp(*lang, "nl") != 0 && strcmp(*lang, "en") != 0)
        return error_set(&req->error, ERR_INVALID, "lang", "nl or en, not '%s'", *lang);
    return 0;
}

/* The audit of one download, in the caller's transaction on s: a read of
 * the process for the report itself, and one per classified record shown. */
static int audit_report(struct request *req, struct store *s, struct visible *v, const char *detail)
{
    struct audit_event ev = {req->auth.user->id, req->address, "read",
                             "processes",        req->id,      detail};
    json_t *item;
    size_t i;
    int rc;
    if ((rc = audit_append(&req->state->audit, s, &ev, &req->error)) != 0)
        return rc;
    json_array_foreach(v->noted, i, item)
    {
        ev.kind = json_string_value(json_array_get(item, 0));
        ev.record = json_string_value(json_array_get(item, 1));
        ev.detail = "process report";
        if ((rc = audit_append(&req->state->audit, s, &ev, &req->error)) != 0)
            return rc;
    }
    return 0;
}

int api_report_process(struct request *req)
{
    struct process_report_options o = {0};
    struct strbuf out = STRBUF_INIT;
    struct visible v;
    struct doc d;
    enum doc_format f = DOC_FORMAT_PDF;
    const char *lang = "nl";
    /* ?as_of: req->store is the past state, the audit goes to req->live */
    struct store *audited = req->live ? req->live : req->store;
    char classification[16] = "", detail[200], name[300], until[24], day[11];
    int rc, shown = 0;

    if ((rc = read_params(req, &f, &lang)) != 0)
        return rc;
    visible_init(&v, req->store, req->auth.access);
    /* the report answered is the one audited: gathered inside the transaction */
    if ((rc = store_begin_read(audited, &req->error)) != 0)
        goto cleanup;
    if ((rc = visible_check(&v, KIND_PROCESS, req->id, 0, &shown)) != 0) {
        req->error = v.error;
        goto cleanup;
    }
    if (!shown) {
        rc = error_set(&req->error, ERR_NOTFOUND, "process", "no process '%s'", req->id);
        goto cleanup;
    }
    o.process = req->id;
    o.today = req->today;
    o.visible = shown_to_user;
    o.ctx = &v;
    if (req->live) {
        /* a past state keeps no history: the approvals up to its end */
        asof_until(req->today, until);
        o.history = req->live;
        o.until = until;
    }
    if ((rc = process_doc_prepare(req->store, &o, lang, &req->arena, &d, classification,
                                  &req->error)) != 0)
        goto cleanup;
    timefmt_format_date(req->today, day);
    if (req->live)
        snprintf(detail, sizeof detail, "process report as of %s (%s, %s, %s)", day,
                 doc_format_extension(f), lang, classification);
    else
        snprintf(detail, sizeof detail, "process report (%s, %s, %s)", doc_format_extension(f),
                 lang, classification);
    if ((rc = audit_report(req, audited, &v, detail)) != 0 ||
        (rc = store_commit(audited, &req->error)) != 0)
        goto cleanup;
    /* rendered after the commit: a PDF takes a while, the lock need not */
    if ((rc = doc_render(&d, f, &out, &req->error)) != 0)
        goto cleanup;
    process_doc_filename(req->id, lang, f, name, sizeof name);
    strbuf_release(&req->response.body);
    req->response.body = out;
    out = (struct strbuf)STRBUF_INIT;
    req->response.status = 200;
    req->response.content_type = doc_format_media_type(f);
    req->response.content_disposition =
        arena_printf(&req->arena, "attachment; filename=\"%s\"", name);
    /* a document of its own, as the yearly report: its inline styles and
     * SVG may render, nothing may run */
    req->response.document_csp =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";
cleanup:
    if (rc != 0)
        store_rollback(audited); /* a no-op once committed */
    strbuf_release(&out);
    visible_release(&v);
    return rc;
}
