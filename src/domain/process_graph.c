/*
 * process_graph.c — the database's process graph for the engine.
 * (Being written: the store layer it reads from lands with issue 2.)
 */
#include "domain/process_graph.h"

#include <stddef.h>

int process_graph_load(const char *db_path, struct graph **out, struct error *e)
{
    (void)db_path;
    *out = 0;
    return error_set(e, ERR_INTERNAL, NULL,
                     "reading the process graph from a database is not built yet");
}
