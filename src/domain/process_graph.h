/*
 * process_graph.h — builds the engine's graph from the dependencies stored in
 * a vitaal database: every vital process is a node (with its recovery_h),
 * every stored dependency an input (suppliers, buffer_h, and the fallback
 * option it names when that option is available).
 */
#ifndef VITAAL_DOMAIN_PROCESS_GRAPH_H
#define VITAAL_DOMAIN_PROCESS_GRAPH_H

#include "base/error.h"

struct graph;

/* Opens the database at db_path read-only in spirit (nothing is written),
 * builds the graph and puts it in *out (free with graph_free). */
int process_graph_load(const char *db_path, struct graph **out, struct error *e);

#endif
