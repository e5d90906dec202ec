/*
 * visible.h — need-to-know for the results of analyses: which records a
 * result may name, asked of domain/access.h once per record and remembered,
 * and which of those it shows are confidential or secret, so that the
 * answer's reads can be appended to the audit log.
 *
 * Used by api_assess.c, api_whatif.c and api_risks.c, in a request or in
 * the job worker (it needs a store and an access object, not a request).
 */
#ifndef VITAAL_HTTP_VISIBLE_H
#define VITAAL_HTTP_VISIBLE_H

#include "base/error.h"
#include "domain/access.h"
#include "domain/audit.h"
#include "report/report_json.h"
#include "store/store.h"

#include <jansson.h>

struct visible {
    struct store *store;
    struct access *access;
    json_t *seen;  /* "kind/id" -> true (visible) or false */
    json_t *noted; /* [[kind, id], ...]: classified records shown, each once */
    int rc;        /* the first failure met by visible_shown (0: none) */
    struct error error;
};

/* Prepares v for the user of a (both borrowed). visible_release frees it. */
int visible_init(struct visible *v, struct store *s, struct access *a, struct error *e);
void visible_release(struct visible *v);
/* Forgets what was noted (before building a result again). */
void visible_reset(struct visible *v);

/* *shown = 1 when record id of kind exists and the user may read it, else 0
 * (absent counts as hidden). Notes it for the audit when note is set and the
 * record is classified. Returns 0 or the failure of the store. */
int visible_check(struct visible *v, const char *kind, const char *id, int note, int *shown);

/* The report_filter over v: visible_check with note set; a failure is kept
 * in v->rc (the record is then not shown). */
struct report_filter visible_filter(struct visible *v);

/* Appends a "read" entry per noted record for actor (address may be NULL)
 * with detail to the audit log of `to`, inside the caller's transaction on
 * it: v's own store, or, when v reads a snapshot (?as_of), the live
 * database (a snapshot is thrown away with its entries). */
int visible_audit(struct visible *v, struct store *to, struct audit_log *log, const char *actor,
                  const char *address, const char *detail, struct error *e);

#endif
