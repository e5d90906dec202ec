/*
 * history.h — a record's versions as the official record shows them: who
 * made each (a user, or "cli:<os user>"), when, through which door (API,
 * CLI, import), and what changed field by field; and bringing an earlier
 * version back.
 *
 * The versions themselves are kept by the store on every write
 * (store_record_put/delete); this module reads them under need-to-know and
 * decides what a restore may do. Both `vitaal history|restore` and the API
 * (GET /api/v1/{kind}/{id}/history, POST .../restore) use it, so the
 * document is one.
 */
#ifndef VITAAL_DOMAIN_HISTORY_H
#define VITAAL_DOMAIN_HISTORY_H

#include "base/error.h"
#include "domain/access.h"
#include "store/store.h"

#include <jansson.h>
#include <stdint.h>

struct history_doc {
    json_t *doc;    /* {"kind", "id", "versions": [...]} newest first (owned) */
    int classified; /* a version shown is confidential or secret: audit the read */
};

/* The history document of record id of kind k, as far as a (NULL: the CLI,
 * which reads everything) may read: the record's newest version must be
 * readable (else ERR_NOTFOUND, as for an absent record); an older version
 * the reader may not read is listed with its number, time and door only
 * ("hidden": true), and no differences are given across it. Each version
 * has "changes": [{"field", "before", "after"}] against the version before
 * it (a creation against nothing; a deletion has none and "deleted": true).
 */
int history_read(struct store *s, struct access *a, const struct kind *k, const char *id,
                 struct history_doc *out, struct error *e);
void history_doc_release(struct history_doc *d);

/* Brings version `version` of the record back as a new version, in the
 * caller's transaction: over the present record, or re-creating a deleted
 * one. The old version is validated against today's model first; one that
 * refers to records that are gone fails at commit (ERR_CONFLICT). *made is
 * the new version's number. */
int history_restore(struct store *s, const struct kind *k, const char *id, int64_t version,
                    const struct store_change *change, int64_t *made, struct error *e);

#endif
