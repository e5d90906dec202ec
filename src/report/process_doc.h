/*
 * process_doc.h — the per-process report (issue 11, item 4): the whole
 * weerbaarheidsanalyse of one vital process for the department that owns it
 * as a document tree (report/doc.h), in Dutch or English, from what
 * domain/process_report.h gathered under the reader's need-to-know.
 *
 * The document shows only what the gather let through; its marking (on
 * every page, header and footer) is the highest classification among those
 * records. Its date is the day the report stands on, so the same data and
 * day give the same bytes.
 */
#ifndef VITAAL_REPORT_PROCESS_DOC_H
#define VITAAL_REPORT_PROCESS_DOC_H

#include "base/arena.h"
#include "base/error.h"
#include "base/strbuf.h"
#include "domain/process_report.h"
#include "report/doc.h"

/* The marking of a classification: "VERTROUWELIJK" / "CONFIDENTIAL", ... */
const char *process_doc_marking(const char *classification, const char *lang);

/* Builds the report of r, standing on day date (YYYY-MM-DD), in lang ("nl"
 * or "en"; else ERR_INVALID) into *out, whose strings live in arena a. */
int process_doc_build(const struct process_report *r, const char *lang, const char *date,
                      struct arena *a, struct doc *out, struct error *e);

/* Gathers (process_report_gather with o on s) and builds the document in
 * lang into *out on arena a (date: o->today); the gathered report is
 * released at once, the tree holding its own copies. The report's
 * classification into classification (16 bytes). Lets the API build inside
 * its audit's transaction and render after it. */
int process_doc_prepare(struct store *s, const struct process_report_options *o, const char *lang,
                        struct arena *a, struct doc *out, char classification[16], struct error *e);

/* The whole way for the CLI and the API alike: process_report_gather (o)
 * on s, process_doc_build in lang, doc_render in f, appended to out; the
 * report's classification into classification (16 bytes). */
int process_doc_render(struct store *s, const struct process_report_options *o, const char *lang,
                       enum doc_format f, struct strbuf *out, char classification[16],
                       struct error *e);

/* The name a download gets: "weerbaarheidsanalyse-ID.pdf" or
 * "resilience-analysis-ID.pdf" (buf of size bytes; the id as stored, which
 * the model keeps to letters, digits, '-', '_' and '.'). */
void process_doc_filename(const char *process, const char *lang, enum doc_format f, char *buf,
                          size_t size);

#endif
