/*
 * graph_read.h — reads a graph document into the builder of graph.h, one
 * token at a time, so a graph of a million nodes is never held as a JSON
 * tree. The caller owns the byte source (a json_reader over a file or
 * memory); this module does no I/O of its own.
 *
 * The document:
 *   {"nodes":  [{"id": "power", "recovery_h": 0}, ...],
 *    "inputs": [{"node": "water", "suppliers": ["power"], "buffer_h": 0,
 *                "fallback": {"activation_h": 2, "duration_h": 10}}, ...]}
 * recovery_h, buffer_h and fallback may be left out (0, 0, none); the two
 * arrays and the keys inside objects may come in any order. Hours are whole
 * numbers (no fraction or exponent). Unknown or repeated keys are errors, so
 * a misspelt "buffer" is not silently read as 0.
 */
#ifndef VITAAL_ENGINE_GRAPH_READ_H
#define VITAAL_ENGINE_GRAPH_READ_H

#include "base/error.h"

struct graph;
struct json_reader;

/* Reads the whole document from r and builds the graph into *out (free with
 * graph_free). Returns 0, or ERR_INVALID / ERR_TOO_LARGE / ERR_IO
 * with e->where the JSON path of the problem (the caller prefixes
 * the file name) and the message saying what is wrong and on which line. */
int graph_read_json(struct json_reader *r, struct graph **out, struct error *e);

#endif
