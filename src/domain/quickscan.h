/*
 * quickscan.h — a shock (an event such as a sabotage or an invasion) opens a
 * quickscan: a short resilience analysis, for every process the event names,
 * outside the four-year cycle.
 */
#ifndef VITAAL_DOMAIN_QUICKSCAN_H
#define VITAAL_DOMAIN_QUICKSCAN_H

#include "base/arena.h"
#include "base/error.h"
#include "domain/import.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

struct quickscan_opened {
    char analysis[129]; /* the analysis id */
    char process[129];
    int created; /* 0: this event already had a quickscan for the process */
};

struct quickscan_result {
    struct arena arena;             /* holds items */
    struct quickscan_opened *items; /* one per process the event names, in its order */
    size_t n;
};

/* Opens a draft quickscan analysis "qs-<event>-<process>" (kind quickscan,
 * the event named, started `today`, owned by the process's ministry,
 * confidential) for each process of the event that has none for this event
 * yet; all in one transaction. ERR_NOTFOUND for an unknown event, ERR_INVALID
 * for an event that names no process. dry_run writes nothing; otherwise the
 * analyses are written as change, with hook (may be NULL) after each: where
 * the caller appends its audit entries. */
int quickscan_open(struct store *s, const char *event, int64_t today, int dry_run,
                   const struct store_change *change, const struct import_hook *hook,
                   struct quickscan_result *out, struct error *e);
/* Frees the result; idempotent, fine on a zeroed struct. */
void quickscan_result_release(struct quickscan_result *r);

#endif
