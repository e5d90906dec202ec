/*
 * api_report_process.c — GET /api/v1/reports/process/{id}: the per-process
 * report (report/process_doc.h) as a PDF, HTML or Markdown download, for a
 * user who may read the process.
 *
 * Need-to-know: the report is gathered through http/visible.h, so it holds
 * only the records the user may read (and names only the processes the
 * user may see); a process the user may not see is 404, as for records.
 * Audit: in the transaction that gathers the report, one "read" entry for
 * the report itself (the process, the format, the language, the marking)
 * and one per confidential or secret record it shows; the document is
 * rendered from its tree after the commit.
 */
#include "http/api.h"

#include "domain/access.h"
#include "http/visible.h"
#include "report/process_doc.h"

#include <stdio.h>
#include <string.h>

/* The gather's need-to-know: visible_check, noting classified records. */
static int shown_to_user(void *ctx, const struct kind *k, const json_t *record, struct error *e)
{
    struct visible *v = ctx;
    int rc, shown = 0;
    rc = visible_check(v, k->name, json_string_value(json_object_get(record, "id")), 1, &shown);
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

int api_report_process(struct request *req)
{
    struct process_report_options o = {0};
    struct strbuf out = STRBUF_INIT;
    struct visible v;
    struct doc d;
    enum doc_format f = DOC_FORMAT_PDF;
    const char *lang = "nl";
    char classification[16] = "", detail[160], name[300];
    int rc, shown = 0;

    if ((rc = read_params(req, &f, &lang)) != 0 ||
        (rc = visible_init(&v, req->store, req->auth.access, &req->error)) != 0)
        return rc;
    /* the report answered is the one audited: built inside the transaction */
    if ((rc = store_begin(req->store, &req->error)) != 0)
        goto cleanup;
    if ((rc = visible_check(&v, "processes", req->id, 0, &shown)) != 0) {
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
    if ((rc = process_doc_prepare(req->store, &o, lang, &req->arena, &d, classification,
                                  &req->error)) != 0)
        goto cleanup;
    snprintf(detail, sizeof detail, "process report (%s, %s, %s)", doc_format_extension(f), lang,
             classification);
    if ((rc = request_audit(req, "read", model_kind_find("processes"), req->id, detail)) != 0 ||
        (rc = visible_audit(&v, &req->state->audit, req->auth.user->id, req->address,
                            "process report", &req->error)) != 0 ||
        (rc = store_commit(req->store, &req->error)) != 0)
        goto cleanup;
    /* rendered after the commit: a PDF takes a while, the lock need not */
    if ((rc = doc_render(&d, f, &out, &req->error)) != 0)
        goto cleanup;
    if (out.failed) {
        rc = error_set(&req->error, ERR_NOMEM, NULL, "out of memory writing the report");
        goto cleanup;
    }
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
    req->response.document_csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                 "frame-ancestors 'self'; sandbox";
cleanup:
    if (rc != 0)
        store_rollback(req->store); /* a no-op once committed */
    strbuf_release(&out);
    visible_release(&v);
    return rc;
}
