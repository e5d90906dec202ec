/*
 * engine_output.h — what the engine's subcommands (cascade, criticality,
 * iim) share: reading whole-hour options, loading the graph from a file or
 * the database, and drawing a cascade's timeline for the terminal.
 */
#ifndef VITAAL_CLI_ENGINE_OUTPUT_H
#define VITAAL_CLI_ENGINE_OUTPUT_H

#include "base/error.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

struct cli;
struct graph;
struct cascade_result;
struct progress_sink;

/* Reads text as a whole number min .. max into *out. Returns 0, or prints a
 * usage error for command's option and returns its exit status (2). */
int engine_parse_hours(const char *command, const char *option, const char *text, int32_t min,
                       int32_t max, int32_t *out);

/* Loads the graph from graph_path ("-" for standard input) when it is not
 * NULL, else from the database at db_path. Reports the bytes read of a file
 * to progress (may be NULL). Returns 0 or an ERR_* code with e naming the
 * file and the JSON path of the problem. From the database, *services (when
 * not NULL) gets the set of service ids (free with json_decref): the nodes
 * whose "type" is "service"; a graph file carries no types and leaves it
 * NULL. */
int engine_load_graph(const char *graph_path, const char *db_path,
                      const struct progress_sink *progress, struct graph **out, json_t **services,
                      struct error *e);

/* Prints the affected nodes as a table (first and last hour down, hours,
 * intervals) and a timeline with one bar per node, scaled to fit 80 columns.
 * At most limit nodes (0: all), in the result's order. */
void engine_print_cascade(FILE *out, const struct graph *g, const struct cascade_result *r,
                          uint32_t limit);

/* Handles getopt_long's '?' and ':' for command: prints which option was
 * wrong and returns 2. */
int engine_option_error(const char *command, int c, char **argv);

/* A list of ids given as "ID,ID,..." (options may repeat): each id once, in
 * the order first named. Release with id_list_release. */
struct id_list {
    char **ids;
    size_t n, cap;
};
/* Adds the ids of text (comma-separated; each once). */
void id_list_add(struct id_list *l, const char *text);
void id_list_release(struct id_list *l);

#endif
