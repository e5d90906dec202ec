/*
 * asof.h — point in time: the records as they stood at the end of a day.
 *
 * `--as-of DATE` (CLI) and `?as_of=DATE` (API) answer from the history: a
 * record made later does not exist, a later change (a finalisation, a new
 * status) does not count, and the clock is computed for that day. The day
 * is a Netherlands calendar day, so "the end of DATE" is 23:59:59 in
 * Amsterdam. Every reader works on the view unchanged: it is a database of
 * the same schema (store_snapshot).
 */
#ifndef VITAAL_DOMAIN_ASOF_H
#define VITAAL_DOMAIN_ASOF_H

#include "base/error.h"
#include "store/store.h"

#include <stdint.h>

/* The UTC time of the last second of Amsterdam day `day` ("YYYY-MM-DDTHH:MM:SSZ"). */
void asof_until(int64_t day, char out[24]);

/* A read-only view of s as it stood at the end of Amsterdam day `day`
 * (free with store_close). A day in the future is refused (ERR_INVALID):
 * the record does not know it yet. */
int asof_open(struct store *s, int64_t day, struct store **out, struct error *e);

/* Moves view (from asof_open of s) on to the end of the later day `day`:
 * what a walk through the years costs once (the yearly report's trends). */
int asof_advance(struct store *s, struct store *view, int64_t day, struct error *e);

#endif
