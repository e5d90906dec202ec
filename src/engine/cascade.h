/*
 * cascade.h — the cascade model (docs/method.md, method/cascade-model.md):
 * given initially failed nodes, an outage length and a horizon, which nodes
 * are down in which hours.
 *
 * The simulation is event driven: an hour costs only the nodes and inputs
 * whose state can change in it (a supplier goes down or comes back, a
 * buffer runs out, a fallback starts or ends, a restart completes), never a
 * scan of the whole graph, and each hour's least fixed point is kept up to
 * date through each down node's support: when a cause ends, only the nodes
 * whose support ran through it are re-derived (cascade.c, cascade_support.c),
 * so an hour costs what changes in it, not what is down.
 *
 * Pure computation over the arrays of a finished graph: no I/O, no globals.
 * A workspace belongs to one thread; any number of workspaces may share a
 * graph.
 */
#ifndef VITAAL_ENGINE_CASCADE_H
#define VITAAL_ENGINE_CASCADE_H

#include "base/error.h"

#include <stddef.h>
#include <stdint.h>

#define CASCADE_MAX_HORIZON_H 1000000 /* about 114 years */

struct graph;
struct progress_sink;

struct cascade_event {
    const uint32_t *failed; /* node indexes of the initially failed nodes */
    size_t n_failed;        /* repeats count once */
    int32_t outage_h;       /* T >= 0: they are forced down in hours 0 .. T-1 */
    int32_t horizon_h;      /* H, 1 .. CASCADE_MAX_HORIZON_H: hours 0 .. H-1 */
    /* NULL, or called with the hours simulated of H ("cascade", "hours")
     * from the thread that runs the event */
    const struct progress_sink *progress;
};

/* One node that was down in at least one hour. */
struct cascade_node {
    uint32_t node;
    int32_t first_down_h;
    int32_t down_h; /* hours down in total */
    uint32_t n_intervals;
    const int32_t *intervals; /* n_intervals pairs start, end: [start, end) */
};

struct cascade_result {
    int32_t outage_h;
    int32_t horizon_h;
    uint32_t n_affected;        /* the failed nodes included */
    int64_t down_node_hours;    /* sum of down_h */
    struct cascade_node *nodes; /* n_affected, by first_down_h, then id */
    int32_t *interval_pool;     /* the intervals the nodes point into */
};

/* Counts only: what the criticality ranking needs. */
struct cascade_summary {
    uint32_t affected;
    int64_t down_node_hours;
};

struct cascade_workspace;

/* Runs one event on g. Returns 0 and the result in *out (free with
 * cascade_result_free) or ERR_INVALID (bad hours or node index). */
int cascade_run(const struct graph *g, const struct cascade_event *event,
                struct cascade_result **out, struct error *e);
void cascade_result_free(struct cascade_result *r);

/* The entry of node in r, or NULL when it was never down (a linear search:
 * r is ordered by first hour down, not by node). */
const struct cascade_node *cascade_result_find(const struct cascade_result *r, uint32_t node);

/* A workspace for many runs on one graph: state arrays sized to the graph,
 * reset after each run at the cost of what the run touched. The graph must
 * outlive it (out of memory aborts: base/xmalloc.h). */
struct cascade_workspace *cascade_workspace_new(const struct graph *g);
void cascade_workspace_free(struct cascade_workspace *w);
/* The same as cascade_run, in w. */
int cascade_workspace_run(struct cascade_workspace *w, const struct cascade_event *event,
                          struct cascade_result **out, struct error *e);
/* Only the counts of an event, without building the per-node result;
 * with counted (one byte per node, NULL: all), only the nodes marked
 * non-zero count (need-to-know: what the caller may read). */
int cascade_workspace_summary(struct cascade_workspace *w, const struct cascade_event *event,
                              const unsigned char *counted, struct cascade_summary *out,
                              struct error *e);

/* Checks an event against g: 0 or ERR_INVALID naming the problem. */
int cascade_event_check(const struct graph *g, const struct cascade_event *event, struct error *e);

#endif
