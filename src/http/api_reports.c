/*
 * api_reports.c — GET /api/v1/reports/annual: the yearly report to
 * parliament (report/annual_doc.h) as PDF, HTML or Markdown, for the
 * coordinator only — the one who sends it. Every other role is refused
 * (403) even though the report holds only aggregates: what leaves the
 * building in the minister's name is the coordinator's decision.
 *
 * Audit: one "report" entry per report answered, naming the year, the
 * as-of day, the format and the language, written before the answer goes
 * out; no "read" entries, because the report shows no record (the same
 * choice as `vitaal report annual`, docs/decisions.md).
 *
 * ?inline=true answers with Content-Disposition inline, for the UI's
 * preview in a frame; every answer carries the document's own CSP.
 */
#include "http/api.h"

#include "base/timefmt.h"
#include "domain/access.h"
#include "report/annual_doc.h"

#include <stdio.h>
#include <string.h>

int api_reports_annual(struct request *req)
{
    struct annual_options o = {0, -1, 0, NULL};
    enum doc_format format = DOC_FORMAT_PDF;
    const char *lang = request_query(req, "lang"), *fmt = request_query(req, "format");
    const char *as_of_text = request_query(req, "as_of"),
               *inline_text = request_query(req, "inline");
    int inline_view;
    char as_of[11] = "", detail[160], name[64];
    int64_t year = 0;
    int rc;
    if (!access_is_coordinator(req->auth.access))
        return error_set(&req->error, ERR_FORBIDDEN, NULL,
                         "only a coordinator produces the yearly report");
    if (!request_query(req, "year"))
        return error_set(&req->error, ERR_INVALID, "year", "required: the year, e.g. year=2025");
    if ((rc = request_query_int(req, "year", 0, 2000, 2100, &year)) != 0)
        return rc;
    if (fmt && doc_format_parse(fmt, &format) != 0)
        return error_set(&req->error, ERR_INVALID, "format", "must be pdf, html or md, not '%s'",
                         fmt);
    if (inline_text && strcmp(inline_text, "true") != 0 && strcmp(inline_text, "false") != 0)
        return error_set(&req->error, ERR_INVALID, "inline", "must be true or false, not '%s'",
                         inline_text);
    inline_view = inline_text && strcmp(inline_text, "true") == 0;
    if (!lang)
        lang = "nl";
    if (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0)
        return error_set(&req->error, ERR_INVALID, "lang", "must be nl or en, not '%s'", lang);
    if (as_of_text && timefmt_parse_date(as_of_text, &o.as_of) != 0)
        return error_set(&req->error, ERR_INVALID, "as_of", "must be a date YYYY-MM-DD, not '%s'",
                         as_of_text);
    o.year = (int)year;
    o.today = req->today;
    if ((rc = annual_doc_render(req->store, &o, lang, format, &req->response.body, as_of,
                                &req->error)) != 0)
        return rc;
    snprintf(detail, sizeof detail, "annual report %d as of %s (%s, %s)", o.year, as_of,
             doc_format_extension(format), lang);
    if ((rc = store_begin(req->store, &req->error)) != 0)
        return rc;
    if ((rc = request_audit(req, "report", NULL, NULL, detail)) != 0 ||
        (rc = request_commit(req)) != 0) {
        store_rollback(req->store);
        return rc;
    }
    annual_doc_filename(o.year, lang, format, name, sizeof name);
    req->response.status = 200;
    req->response.content_type = doc_format_media_type(format);
    req->response.content_disposition = arena_printf(&req->arena, "%s; filename=\"%s\"",
                                                     inline_view ? "inline" : "attachment", name);
    /* The report is a document of its own: its inline styles and SVG may
     * render, nothing may run (it has no script; sandbox makes sure), and
     * the UI's Rapportage screen may show it in a frame. */
    req->response.document_csp =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";
    return req->response.content_disposition ? 0 : ERR_TOO_LARGE;
}
