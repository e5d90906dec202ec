/*
 * graph_internal.h — the layout of struct graph, for the engine's own
 * modules (cascade, criticality) that walk its arrays directly in their inner
 * loops. Everything outside src/engine uses the functions of graph.h.
 */
#ifndef VITAAL_ENGINE_GRAPH_INTERNAL_H
#define VITAAL_ENGINE_GRAPH_INTERNAL_H

#include "engine/graph.h"

#include <stddef.h>
#include <stdint.h>

struct graph {
    uint32_t n_nodes;
    uint32_t n_inputs;

    /* nodes */
    char *id_pool;  /* every id, NUL-terminated, one after another */
    size_t *id_off; /* n_nodes: where node i's id starts in id_pool */
    int32_t *recovery_h;
    uint32_t *node_input_off; /* n_nodes + 1: node i's inputs are [off[i], off[i+1]) */
    uint32_t *dep_off;        /* n_nodes + 1: into dep */
    uint32_t *dep;            /* the inputs that each node supplies */

    /* inputs */
    uint32_t *input_node;
    int32_t *buffer_h;
    int32_t *activation_h;
    int32_t *duration_h; /* 0: no fallback */
    uint32_t *sup_off;   /* n_inputs + 1: into sup */
    uint32_t *sup;       /* suppliers of each input, distinct */

    /* id -> node: open addressing over node indexes, GRAPH_NONE when empty */
    uint32_t *table;
    uint32_t *table_hash; /* n_nodes: each node's id hash */
    size_t table_mask;
};

/* The hash of a node id, shared by the builder and the lookup. */
uint32_t graph_id_hash(const char *id);

/* A hint that id will be added or looked up soon: stage 0 fetches its hash
 * table slot into the cache, stage 1 (some time later, when the slot is in)
 * its string. Nothing changes; it only hides cache misses of large graphs. */
void graph_builder_prefetch(const struct graph_builder *b, const char *id, int stage);

#endif
