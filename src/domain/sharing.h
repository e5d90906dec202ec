/*
 * sharing.h — the Traffic Light Protocol 2.0 marking of a record and what
 * its sharing grants: the one rule, which validation and need-to-know
 * (domain/access.h) both ask.
 *
 * Every record carries `tlp` and may be shared, besides its classification,
 * with named organisations (`shared_with`) or, under red, named people
 * (`shared_with_people`, user ids). A share grants a read, never a write, and
 * only within the reader's clearance. The marking decides how far a share
 * reaches (onward sharing):
 *   clear, green, amber  the named organisations and the organisations
 *                        under them (their `parent` chain);
 *   amber+strict         the named organisations only;
 *   red                  the named people only; organisations are not named.
 * A record without a marking gets the one its classification implies:
 * public clear, internal green, confidential amber, secret red. Clear means
 * "may be published", so it fits only a public record.
 */
#ifndef VITAAL_DOMAIN_SHARING_H
#define VITAAL_DOMAIN_SHARING_H

#include "base/error.h"
#include "store/store.h"

#include <jansson.h>

/* The marking a classification implies ("amber" for an unknown one). */
const char *sharing_default_tlp(const char *classification);

/* Gives record its implied marking when it has none, and an empty share
 * list for the two lists it lacks: the stored form of every record. */
void sharing_fill_defaults(json_t *record);

/* The rules of one record's marking and shares (clear only when public;
 * people only under red; red names no organisation); where is the record's
 * place in the input ("$", "$.measures[2]"). */
int sharing_check(const json_t *record, const char *where, struct error *e);

/* Every person record is shared with is a user of this database (ERR_INVALID,
 * message id unknown_person, at the first that is not). */
int sharing_check_people(struct store *s, const json_t *record, const char *where, struct error *e);

/* Whether record's shares reach a user: user_id, of organisation org, whose
 * organisation chain (org and every parent above it) is the set orgs_above
 * (JSON object id -> true; may be NULL for org alone). Clearance is the
 * caller's concern. */
int sharing_reaches(const json_t *record, const char *user_id, const char *org,
                    const json_t *orgs_above);

#endif
