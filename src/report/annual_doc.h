/*
 * annual_doc.h — the yearly report to parliament (the voortgangsbrief) as a
 * document tree (report/doc.h), in Dutch or English, from the figures of
 * domain/annual.h.
 *
 * Disclosure: the document holds only what the figures let through — counts
 * whose cells disclosure_shown allows (a suppressed cell is written "×"),
 * sector and ministry names, the years, the settings and the method. It
 * never names a record, a provider or a text of a record. Its date is the
 * as-of day, so the same data give the same bytes.
 */
#ifndef VITAAL_REPORT_ANNUAL_DOC_H
#define VITAAL_REPORT_ANNUAL_DOC_H

#include "base/arena.h"
#include "base/error.h"
#include "domain/annual.h"
#include "report/doc.h"

/* The marking on every page. */
#define ANNUAL_DOC_MARKING_NL                                                                      \
    "OPENBAAR · TLP:CLEAR — geaggregeerd, bevat geen vertrouwelijke informatie"
#define ANNUAL_DOC_MARKING_EN                                                                      \
    "PUBLIC · TLP:CLEAR — aggregated, contains no confidential information"

/* Builds the report of r in lang ("nl" or "en"; anything else is
 * ERR_INVALID) into *out, whose strings live in arena a. */
int annual_doc_build(const struct annual_report *r, const char *lang, struct arena *a,
                     struct doc *out, struct error *e);

/* The whole way from the database to the bytes, for the CLI and the API
 * alike: annual_compute (o) on s, annual_doc_build in lang, doc_render in
 * f, appended to out; the day the figures stand on into as_of. */
int annual_doc_render(struct store *s, const struct annual_options *o, const char *lang,
                      enum doc_format f, struct strbuf *out, char as_of[11], struct error *e);

/* The name a download of the report gets: "voortgangsbrief-2025.pdf" or
 * "annual-report-2025.pdf" (buf of size bytes). */
void annual_doc_filename(int year, const char *lang, enum doc_format f, char *buf, size_t size);

#endif
