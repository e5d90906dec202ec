/*
 * whatif.h — measures as what-if (issue 4, item 4): a measure's effect
 * changes the process graph (an extra supplier, more buffer, a fallback on
 * one dependency) or a risk's classes (likelihood, one impact criterion);
 * whatif_run shows the cascade of a failure, the criticality ranking and the
 * risk classes before and after. Nothing is ever written.
 *
 * It also owns the editable copy of the stored process graph (struct
 * whatif_graph): the nodes and inputs of process_graph_walk as plain data,
 * which any rule can change and turn into an engine graph with
 * whatif_graph_build (fallback_need.c runs its with/without cascades on it).
 */
#ifndef VITAAL_DOMAIN_WHATIF_H
#define VITAAL_DOMAIN_WHATIF_H

#include "base/arena.h"
#include "base/error.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct graph;
struct cascade_result;
struct criticality_ranking;
struct progress_sink;

#define WHATIF_ID_MAX 129 /* a record id and its NUL */

/* One dependency as an input of the cascade model. */
struct whatif_input {
    char *dependency; /* the dependency record's id */
    char *node;       /* the process that needs it */
    char **suppliers;
    size_t n_suppliers;
    int32_t buffer_h;
    char *fallback;   /* the fallback option the record names, available or not; NULL: none */
    int has_fallback; /* a fallback window bridges the loss (stored: the named option is available)
                       */
    int32_t activation_h;
    int32_t duration_h;
};

/* The stored process graph as data. Nodes in process id order, inputs in
 * dependency id order (as process_graph_walk gives them). All strings are
 * owned; whatif_graph_release frees them. */
struct whatif_graph {
    char **nodes;
    int32_t *recovery_h;
    size_t n_nodes;
    struct whatif_input *inputs;
    size_t n_inputs, cap_inputs;
    size_t cap_nodes;
};

/* Reads the database's process graph into *out (zeroed first). */
int whatif_graph_load(struct store *s, struct whatif_graph *out, struct error *e);
/* Builds the engine graph of wg (free with graph_free). Node i of the graph
 * is wg->nodes[i]. */
int whatif_graph_build(const struct whatif_graph *wg, struct graph **out, struct error *e);
/* The input of the dependency with this id, or NULL. */
struct whatif_input *whatif_graph_find_input(const struct whatif_graph *wg, const char *dependency);
void whatif_graph_release(struct whatif_graph *wg); /* a zeroed one is fine */

/* Loss hours 1 .. max_loss_h of an input that stay unbridged with buffer_h
 * and (has_fallback) the window activation_h + 1 .. activation_h + duration_h.
 * A fallback is weaker than another when it leaves more of them unbridged
 * (what-if compares over the horizon: no loss lasts longer). */
int64_t whatif_unbridged_hours(int32_t buffer_h, int has_fallback, int32_t activation_h,
                               int32_t duration_h, int32_t max_loss_h);

/* One measure as applied, in the order given. */
struct whatif_change {
    char measure[WHATIF_ID_MAX];
    char effect[16];               /* add_supplier, add_buffer, add_fallback, likelihood, impact */
    char target[WHATIF_ID_MAX];    /* the dependency or the risk */
    char criterion[WHATIF_ID_MAX]; /* impact: the criterion; else "" */
    int changed;                   /* 0: the measure changes nothing here */
    char before[256];              /* the changed part before and after, for people */
    char after[256];
    /* The same as values, for a client that says it in its own words:
     * add_supplier: before/after hold the supplier ids joined by ", "
     * (ids have no comma); add_buffer: buffer_h; add_fallback: the window
     * (from_h .. through_h, loss hours) when has_fallback; likelihood and
     * impact: cls, the class ("" for an impact not scored). */
    struct whatif_state {
        int32_t buffer_h;
        int has_fallback;
        int32_t from_h, through_h;
        char cls[4];
    } state_before, state_after;
};

/* A risk some measure changes: its classes before all measures and after,
 * and its aggregated impact by the national risk method (risk_score.h). */
struct whatif_risk {
    char id[WHATIF_ID_MAX];
    char likelihood_before[4], likelihood_after[4];
    json_t *impacts_before; /* criterion -> class (released with the result) */
    json_t *impacts_after;
    int has_score; /* 0: the score tables are missing or wrong (see score_note) */
    double aggregate_before, aggregate_after;
    char impact_class_before[4], impact_class_after[4]; /* "" when nothing is scored */
};

struct whatif_options {
    const char *const *measures; /* ids, at least one */
    size_t n_measures;
    const char *const *fail; /* process ids; n_fail 0: the processes that supply most others */
    size_t n_fail;
    int32_t outage_h;                     /* < 0: setting whatif_outage_h */
    int32_t horizon_h;                    /* < 0: setting whatif_horizon_h */
    unsigned threads;                     /* criticality threads, 0: one per processor */
    const struct progress_sink *progress; /* NULL, or passed to the engine */
    /* NULL (count every node), or whether the criticality rankings count
     * node id of kind ("processes", "services"): 1 yes, 0 no, < 0 a
     * failure; need-to-know, so an entry counts what the caller may read */
    int (*counts)(void *ctx, enum kind_id kind, const char *id);
    void *counts_ctx;
};

struct whatif_result {
    struct arena arena; /* holds everything below; releases the json and engine objects */
    int32_t outage_h, horizon_h;
    struct whatif_change *changes; /* n_changes == n_measures */
    size_t n_changes;
    struct whatif_risk *risks;
    size_t n_risks;
    char **failed; /* the failed processes */
    size_t n_failed;
    int failed_default;     /* chosen as the processes that supply most others */
    size_t failed_supplies; /* failed_default: how many other processes each supplies */
    char score_note[256];   /* why risks have no aggregated score, "" when they have */
    struct graph *graph;    /* the graph before (node ids are the same after) */
    json_t *services;       /* the ids of the graph's services (the other nodes are processes) */
    struct cascade_result *cascade_before, *cascade_after;
    struct criticality_ranking *ranking_before, *ranking_after;
};

/* Applies the measures to a copy of the stored graph and risks and runs the
 * failure and the ranking before and after. Errors: an unknown measure or
 * --fail process is ERR_NOTFOUND; a measure with effect none, or a graph or
 * risk effect that lacks a field it needs, is ERR_INVALID naming the
 * measure and the field. The store is only read. */
int whatif_run(struct store *s, const struct whatif_options *o, struct whatif_result *out,
               struct error *e);
/* One arena_release: frees the result after a run or a failed one, and a
 * zeroed or released one (nothing to do). */
void whatif_result_release(struct whatif_result *r);

#endif
