/*
 * process_doc_internal.h — what the two files of the per-process report's
 * document share: the building context and the words for stored values
 * (process_doc.c), used by the sections on risks, fallback need and
 * measures (process_doc_risks.c). Private to those two files.
 */
#ifndef VITAAL_REPORT_PROCESS_DOC_INTERNAL_H
#define VITAAL_REPORT_PROCESS_DOC_INTERNAL_H

#include "report/process_doc.h"

#define DASH "\xe2\x80\x93" /* "–": nothing to show */

struct ctx {
    const struct process_report *r;
    struct doc *d;
    struct arena *a;
    int en;
};

#define L(c, nl, en_text) ((c)->en ? (en_text) : (nl))

/* The word for a stored value (a status, kind, class, topic ...) in the
 * report's language; the value itself when there is none; "–" for NULL. */
const char *pdoc_word(const struct ctx *c, const char *key);
/* A text field of record, "–" when absent or empty (borrowed). */
const char *pdoc_field(const json_t *record, const char *key);
/* A number, "ja"/"nee", an integer field ("–" when absent), a date in
 * words ("12 maart 2024"), a class letter of the picture ("–" for -1):
 * on the arena. */
const char *pdoc_num(const struct ctx *c, long long v);
const char *pdoc_yes_no(const struct ctx *c, int v);
const char *pdoc_int_field(const struct ctx *c, const json_t *record, const char *key);
const char *pdoc_date(const struct ctx *c, const char *date);
const char *pdoc_class(const struct risk_picture *p, int idx);
/* "1 ander proces" / "2 andere processen" (on the arena). */
const char *pdoc_processes(const struct ctx *c, size_t n);

/* The sections of process_doc_risks.c. */
int pdoc_risks(struct ctx *c);
int pdoc_fallback(struct ctx *c);
int pdoc_measures(struct ctx *c);

#endif
