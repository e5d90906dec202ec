/*
 * graph.h — the dependency graph the cascade model runs on, and the builder
 * that makes it.
 *
 * A node is a vital process, a provider's service or an asset; an input is
 * one need of a node, met by any one of its suppliers (see
 * docs/method.md and the cascade model). The builder takes nodes and inputs
 * in any order with string ids, and graph_builder_finish resolves the ids and
 * lays everything out as compact arrays (compressed sparse rows, 32-bit
 * indexes): node -> its inputs, input -> its suppliers, and supplier -> the
 * inputs that depend on it. A finished graph is read-only, so any number of
 * threads may run cascades on it at once.
 *
 * Problems are reported with a JSON-style path counting calls from 0: the
 * K-th graph_builder_add_node call is "$.nodes[K]", the K-th
 * graph_builder_add_input call "$.inputs[K]" — the same paths as in a graph
 * file, where the reader adds them in file order.
 *
 * Nothing here does I/O; graph_read.h reads the file format.
 */
#ifndef VITAAL_ENGINE_GRAPH_H
#define VITAAL_ENGINE_GRAPH_H

#include "base/error.h"

#include <stddef.h>
#include <stdint.h>

#define GRAPH_ID_MAX    1024        /* bytes of one node id */
#define GRAPH_MAX_NODES 100000000u  /* nodes in one graph */
#define GRAPH_MAX_EDGES 1000000000u /* inputs, and supplier references, in one graph */
#define GRAPH_NONE      UINT32_MAX  /* "no node" */

struct graph;
struct graph_builder;

/* Starts an empty builder (out of memory aborts: base/xmalloc.h). */
struct graph_builder *graph_builder_new(void);

/* Adds node id (non-empty, at most GRAPH_ID_MAX bytes, unique) needing
 * recovery_h >= 0 hours to restart once its inputs are back. Returns 0,
 * ERR_INVALID (bad or duplicate id, negative hours) or ERR_TOO_LARGE. */
int graph_builder_add_node(struct graph_builder *b, const char *id, int32_t recovery_h,
                           struct error *e);

/* Adds one input of node_id, available while any of the n_suppliers >= 1
 * suppliers is up, bridged for buffer_h >= 0 hours, and (has_fallback) by a
 * fallback from loss hour activation_h + 1 (activation_h >= 0) through
 * activation_h + duration_h (duration_h >= 1). The ids may name nodes added
 * later. The strings are copied. Returns 0, ERR_INVALID or ERR_TOO_LARGE. */
int graph_builder_add_input(struct graph_builder *b, const char *node_id,
                            const char *const *suppliers, size_t n_suppliers, int32_t buffer_h,
                            int has_fallback, int32_t activation_h, int32_t duration_h,
                            struct error *e);

/* Resolves every id and builds the graph into *out (free with graph_free).
 * An id naming no node fails with ERR_INVALID and e naming the place, e.g.
 * "$.inputs[3].suppliers[0]: unknown node 'x'". Repeated suppliers of one
 * input count once. The builder may be freed (only) afterwards, whatever
 * the result. */
int graph_builder_finish(struct graph_builder *b, struct graph **out, struct error *e);

void graph_builder_free(struct graph_builder *b);
void graph_free(struct graph *g);

/* Lookups. Nodes are numbered 0 .. count-1 in the order they were added;
 * inputs are numbered grouped by their node (a node's inputs in the order
 * added). Indexes passed in must be in range. */
uint32_t graph_node_count(const struct graph *g);
uint32_t graph_input_count(const struct graph *g);
/* The node's id, owned by the graph. */
const char *graph_node_id(const struct graph *g, uint32_t node);
/* Puts the index of the node called id in *out; 0 or ERR_NOTFOUND. */
int graph_node_find(const struct graph *g, const char *id, uint32_t *out);
int32_t graph_node_recovery_h(const struct graph *g, uint32_t node);
/* The node's inputs are first .. first + count - 1. */
void graph_node_inputs(const struct graph *g, uint32_t node, uint32_t *first, uint32_t *count);
/* The inputs that list node among their suppliers (each once). */
const uint32_t *graph_node_dependents(const struct graph *g, uint32_t node, uint32_t *count);

struct graph_input {
    uint32_t node; /* whose input it is */
    int32_t buffer_h;
    int has_fallback;
    int32_t activation_h;      /* when has_fallback */
    int32_t duration_h;        /* when has_fallback */
    const uint32_t *suppliers; /* distinct node indexes, owned by the graph */
    uint32_t n_suppliers;
};
void graph_input_get(const struct graph *g, uint32_t input, struct graph_input *out);

#endif
