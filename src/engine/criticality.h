/*
 * criticality.h — the criticality ranking of the cascade model: for every
 * node n, the event "n alone fails for T hours" over H hours, ranked by the
 * number of nodes affected (descending), then the total hours down over all
 * nodes (descending), then id (ascending).
 *
 * The events are independent, so they are spread over threads (one per
 * online processor unless told otherwise), each with its own cascade
 * workspace over the shared read-only graph. Each result lands in its own
 * slot and the final order is a total order, so the ranking is the same
 * whatever the number of threads or their timing.
 */
#ifndef VITAAL_ENGINE_CRITICALITY_H
#define VITAAL_ENGINE_CRITICALITY_H

#include "base/error.h"

#include <stddef.h>
#include <stdint.h>

struct graph;
struct progress_sink;

struct criticality_options {
    int32_t outage_h;      /* T >= 0 */
    int32_t horizon_h;     /* H, as for cascade_run */
    unsigned threads;      /* 0: one per online processor */
    const uint32_t *nodes; /* rank only these node indexes (a sample); NULL: every node */
    size_t n_nodes;
    /* NULL, or called with the events done ("criticality", "events"): from
     * any of the threads, but never from two at once, and never backwards;
     * when its stop flag is set the ranking ends early, ERR_INTERNAL */
    const struct progress_sink *progress;
    /* NULL, or one byte per node: only nodes marked non-zero count in an
     * entry's affected and down_node_hours (what the caller may read) */
    const unsigned char *counted;
};

struct criticality_entry {
    uint32_t node;
    uint32_t affected;       /* nodes down in at least one hour, the node itself included
                                (those counted) */
    int64_t down_node_hours; /* their hours down, summed */
};

struct criticality_ranking {
    size_t n;
    struct criticality_entry *entries; /* in ranking order */
};

/* Ranks the nodes of g. Returns 0 and *out (free with
 * criticality_ranking_free) or ERR_INVALID (bad hours or node index). */
int criticality_rank(const struct graph *g, const struct criticality_options *options,
                     struct criticality_ranking **out, struct error *e);
void criticality_ranking_free(struct criticality_ranking *r);

/* The ranking order: < 0 when a ranks before b. */
int criticality_entry_compare(const struct graph *g, const struct criticality_entry *a,
                              const struct criticality_entry *b);

#endif
