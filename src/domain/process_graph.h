/*
 * process_graph.h — the stored dependencies as the cascade model's graph:
 * every vital process is a node (with its recovery_h), every dependency an
 * input (the process that needs it, its suppliers, buffer_h, and the
 * fallback option it names when that option is available). This file holds
 * that rule once; the engine graph and the exported graph file both use it.
 */
#ifndef VITAAL_DOMAIN_PROCESS_GRAPH_H
#define VITAAL_DOMAIN_PROCESS_GRAPH_H

#include "base/error.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

struct graph;

struct process_node {
    const char *id;
    int32_t recovery_h;
};

struct process_input {
    const char *dependency; /* the dependency record's id */
    const char *node;
    const char **suppliers;
    size_t n_suppliers;
    int32_t buffer_h;
    int has_fallback; /* the named fallback option exists and is available */
    int32_t activation_h;
    int32_t duration_h;
};

/* Calls node_fn for every process and then input_fn for every dependency, in
 * id order. The structs and strings are valid during the call only. A
 * non-zero return from a callback stops the walk and is returned. */
int process_graph_walk(struct store *s, int (*node_fn)(void *, const struct process_node *),
                       int (*input_fn)(void *, const struct process_input *), void *ctx,
                       struct error *e);

/* Builds the engine graph of the database in *out (free with graph_free). */
int process_graph_build(struct store *s, struct graph **out, struct error *e);

/* Opens the database at db_path read-only and builds its graph. */
int process_graph_load(const char *db_path, struct graph **out, struct error *e);

#endif
