/*
 * visible.h — the one audited-read mechanism (issue 17 part 2): which
 * records an answer may name, asked of domain/access.h once per record and
 * remembered, which of those it shows are confidential or secret, and the
 * run that builds an answer over what the user may read and, when it shows
 * classified records, builds it again in the transaction that appends
 * their "read" entries to the audit log, so that what is answered is what
 * was logged.
 *
 * Every answer that names or counts records other than a plain record
 * read goes through here: the API's status, cascade, criticality and
 * what-if (also as jobs), review status, incident deadlines, fallback need,
 * assessments, frameworks and the process report; the report/ writers take
 * it as their filter (report_filter_visible, report/report_json.h). It
 * needs a store and an access object, not a request, so jobs use it too.
 *
 * Counting what is not shown: visible_check counts each distinct record of
 * a kind it finds hidden (visible_hidden), so an answer can say "N
 * processes not visible to you" without naming them.
 */
#ifndef VITAAL_DOMAIN_VISIBLE_H
#define VITAAL_DOMAIN_VISIBLE_H

#include "base/error.h"
#include "domain/access.h"
#include "domain/audit.h"
#include "store/store.h"

#include <jansson.h>

struct visible {
    struct store *store;
    struct access *access;
    json_t *seen;   /* "kind/id" -> true (visible) or false */
    json_t *noted;  /* [[kind, id], ...]: classified records shown, each once */
    json_t *hidden; /* kind -> number of distinct records found hidden */
    json_t *ahead;  /* "kind/id" -> record read ahead, or null: read, absent */
    unsigned char read_ahead[KIND__COUNT]; /* the kinds ahead holds all of */
    int rc;                                /* the first failure met by a filter over v (0: none) */
    struct error error;
};

/* Prepares v for the user of a (both borrowed); cannot fail.
 * visible_release frees it. */
void visible_init(struct visible *v, struct store *s, struct access *a);
void visible_release(struct visible *v);
/* Forgets what was noted and seen (before building a result again). */
void visible_reset(struct visible *v);

/* *shown = 1 when record id of kind exists and the user may read it, else 0
 * (absent counts as hidden). Notes it for the audit when note is set and the
 * record is classified. Returns 0 or the failure of the store. */
int visible_check(struct visible *v, enum kind_id kind, const char *id, int note, int *shown);

/* Reads every record of kind at once (three statements, not three per
 * record), for the visible_check calls that follow on v's store until the
 * next reset: an answer that asks about most records of a kind. What
 * visible_check answers does not change (the same access_can_read on the
 * same records; an id not among them is absent); only how often it reads. */
int visible_read_ahead(struct visible *v, enum kind_id kind, struct error *e);

/* Reads at once (store_record_each_id: a statement a batch of 64 ids and
 * one per list field) every record the references of records (n of kind
 * k) name that v has not read or learnt yet, for the visible_check and
 * visible_mask calls that follow on them until the next reset: a page of a
 * list masks the references of all its records. As visible_read_ahead, it
 * changes how often v reads, not what it answers. */
int visible_read_refs(struct visible *v, const struct kind *k, json_t *const *records, size_t n,
                      struct error *e);

/* visible_check of a record in hand (as stored; kind k): no second read. */
int visible_record(struct visible *v, const struct kind *k, const json_t *record, int note,
                   int *shown);

/* visible_check with note set, for filters: a failure is kept in v->rc (the
 * record is then not shown). Returns 1 when shown. */
int visible_shows(struct visible *v, enum kind_id kind, const char *id);

/* How many distinct existing records of kind were found hidden since the
 * last reset (absent ids are not counted). */
size_t visible_hidden(const struct visible *v, enum kind_id kind);

/* Appends a "read" entry per noted record for actor (address may be NULL)
 * with detail to the audit log of `to`, inside the caller's transaction on
 * it: v's own store, or, when v reads a snapshot (?as_of), the live
 * database (a snapshot is thrown away with its entries). */
int visible_audit(struct visible *v, struct store *to, struct audit_log *log, const char *actor,
                  const char *address, const char *detail, struct error *e);

/* Masks in record (of kind k, one the reader may read) every reference
 * to a record the reader may not see (issue 14 part 5): a reference field
 * is dropped, a hidden id is dropped from a list, a hidden key from a map.
 * Dropped, never replaced by a marker: the answer keeps its schema (a
 * marker would be an id that names nothing) and says nothing of what was
 * there. Used on every record the API answers with. */
int visible_mask(struct visible *v, const struct kind *k, json_t *record);

/* The write side of visible_mask: puts back into record, the version a
 * user sends to replace old, the references of old the user may not see
 * and so was never shown; a user cannot remove (or learn of) a reference
 * it cannot see. */
int visible_unmask(struct visible *v, const struct kind *k, const json_t *old, json_t *record);

/* The one way a "read" entry is appended: one per run of reads ([kind, id]
 * pairs) of one kind, naming its record, or for a run of several, record
 * NULL and the detail "DETAIL: id1 id2 ...",
 * inside the caller's transaction on `to` (visible_audit with v's noted
 * records; the CLI with the classified records it printed). */
int visible_audit_reads(const json_t *reads, struct store *to, struct audit_log *log,
                        const char *actor, const char *address, const char *detail,
                        struct error *e);

/* The audited read: build(ctx, v, e) makes the answer over what v lets it
 * show; when it showed classified records, v is reset, release(ctx) drops
 * the first answer (may be NULL) and build runs again inside a transaction
 * on `to` that appends their entries (visible_audit). On success the last
 * built answer is the one to give. */
int visible_run(struct visible *v, struct store *to, struct audit_log *log, const char *actor,
                const char *address, const char *detail,
                int (*build)(void *ctx, struct visible *v, struct error *e),
                void (*release)(void *ctx), void *ctx, struct error *e);

#endif
