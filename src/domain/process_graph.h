/*
 * process_graph.h — the stored dependencies as the cascade model's graph:
 * every vital process is a node (with its recovery_h), and so is every
 * service (issue 20 part 4: a supplier that is not a vital process; a node
 * with no inputs of its own, which fails only when an event names it and
 * restarts recovery_h hours after its outage); every dependency an input
 * (the process that needs it, its suppliers — the processes in `suppliers`
 * and then the services in `supplier_services`, all alternatives —
 * buffer_h, and the fallback option it names when that option is
 * available). Process and service ids are unique together (migration 14),
 * so a node's id names one record of one of the two kinds. This file holds
 * that rule once; the engine graph and the exported graph file both use it.
 */
#ifndef VITAAL_DOMAIN_PROCESS_GRAPH_H
#define VITAAL_DOMAIN_PROCESS_GRAPH_H

#include "base/error.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct graph;

struct process_node {
    const char *id;
    int32_t recovery_h;
    int service; /* a service, not a process */
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

/* Calls node_fn for every process, then for every service, and then
 * input_fn for every dependency, each in id order. The structs and strings are valid during the
 * call only. A non-zero return from a callback stops the walk and is returned. */
int process_graph_walk(struct store *s, int (*node_fn)(void *, const struct process_node *),
                       int (*input_fn)(void *, const struct process_input *), void *ctx,
                       struct error *e);

/* The ids of every service as a set (id -> true) in *out, a new reference:
 * which nodes of the graph are services (the rest are processes). */
int process_graph_service_ids(struct store *s, json_t **out, struct error *e);

/* "service" when id is in services (process_graph_service_ids), else
 * "process": the node type the answers write. */
const char *process_graph_node_type(const json_t *services, const char *id);
/* The kind of record (store/model.h) the node id is: "services" or
 * "processes", as process_graph_node_type. */
enum kind_id process_graph_node_kind(const json_t *services, const char *id);

/* Builds the engine graph of the database in *out (free with graph_free). */
int process_graph_build(struct store *s, struct graph **out, struct error *e);

/* Opens the database at db_path read-only and builds its graph; when
 * services is not NULL, also the set of service ids into it (a new
 * reference, as process_graph_service_ids). */
int process_graph_load(const char *db_path, struct graph **out, json_t **services, struct error *e);

#endif
