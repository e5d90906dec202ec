/*
 * record_id.h — the id the server makes for a new record its author sent
 * without one: readable, from what the record says (its name, or its
 * process and year), and free in the store.
 *
 * Only the coordinator and imports choose ids (issue 14 part 3): everyone
 * else gets a made id, so "the id is taken" is never said about a record the
 * author may not see. A made id for a coordinator is the readable base, with
 * a short random suffix when the base is taken (the coordinator sees every
 * record, so the suffix tells it nothing new). For anyone else the random
 * suffix is always there: whether a base is taken by a hidden record is not
 * told by the shape of the answer. Never does SQL; asks store_record_exists.
 */
#ifndef VITAAL_DOMAIN_RECORD_ID_H
#define VITAAL_DOMAIN_RECORD_ID_H

#include "base/error.h"
#include "store/store.h"

#include <jansson.h>

/* The readable base of a new record's id (no suffix): the kind's prefix and
 * a slug of its parts ("an-drinkwater-2026", "ms-black-start"), at most
 * RECORD_ID_BASE_MAX bytes, written into out (size at least
 * RECORD_ID_BASE_MAX + 1). Never fails: a record without parts gets the
 * prefix alone. */
#define RECORD_ID_BASE_MAX 80
void record_id_base(const struct kind *k, const json_t *record, char *out);

/* Sets record's "id" to a made, free id (see above; always_suffix for every
 * author but the coordinator). Call inside the write transaction, before
 * validation. ERR_CONFLICT when no free id was found in a few tries
 * (practically never). */
int record_id_make(struct store *s, const struct kind *k, json_t *record, int always_suffix,
                   struct error *e);

#endif
