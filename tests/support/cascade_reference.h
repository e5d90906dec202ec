/*
 * cascade_reference.h — an obviously correct, deliberately naive
 * implementation of the cascade model (method/cascade-model.md) to check the
 * engine against, plus random graphs to check it on.
 *
 * The reference follows the equations literally: each hour starts from an
 * empty down set and sweeps over every node until nothing changes (the least
 * fixed point), then records lambda and cond for every input and node. It
 * shares no code or data layout with src/engine, and it is slow on purpose:
 * a full scan per sweep, several sweeps per hour.
 */
#ifndef VITAAL_TESTS_CASCADE_REFERENCE_H
#define VITAAL_TESTS_CASCADE_REFERENCE_H

#include <stddef.h>
#include <stdint.h>

#define REF_MAX_SUPPLIERS 8

struct ref_input {
    int node;
    int n_suppliers;
    int suppliers[REF_MAX_SUPPLIERS]; /* repeats allowed */
    int buffer_h;
    int has_fallback;
    int activation_h;
    int duration_h;
};

struct ref_graph {
    int n_nodes;
    int *recovery_h;
    int n_inputs;
    struct ref_input *inputs;
};

/* Simulates; down[n * horizon_h + t] is set to 1 when node n is down in hour
 * t, else 0. failed may repeat nodes. Returns 0, or -1 if out of memory. */
int ref_cascade(const struct ref_graph *g, const int *failed, int n_failed, int outage_h,
                int horizon_h, unsigned char *down);

struct ref_rank {
    int node;
    int affected;
    long down_node_hours;
};

/* The criticality ranking with node ids ref_node_id(); out has n_nodes
 * entries. Returns 0 or -1. */
int ref_criticality(const struct ref_graph *g, int outage_h, int horizon_h, struct ref_rank *out);

/* The id the helpers below give node i: "n<i>". buf needs 16 bytes. */
const char *ref_node_id(int i, char buf[16]);

struct ref_random_options {
    int n_nodes;
    int max_inputs;    /* per node, 0 .. max */
    int max_suppliers; /* per input, 1 .. max (<= REF_MAX_SUPPLIERS) */
    int max_buffer_h;
    int fallback_percent; /* inputs with a fallback */
    int max_activation_h;
    int max_duration_h;
    int recovery_percent; /* nodes with recovery_h > 0 */
    int max_recovery_h;
};

/* A random graph (cycles and self-supply included) from seed. Free with
 * ref_graph_free. */
void ref_graph_random(struct ref_graph *g, uint64_t seed, const struct ref_random_options *o);
void ref_graph_free(struct ref_graph *g);

/* A small deterministic random number source for tests. */
uint64_t ref_rand(uint64_t *state);

struct graph;
struct strbuf;

/* Builds the engine's graph from g with ids ref_node_id(); when seed != 0,
 * nodes, inputs and supplier lists are added in a shuffled order. Returns the
 * graph or NULL (the error is printed). */
struct graph *ref_graph_to_engine(const struct ref_graph *g, uint64_t seed);

/* Writes g as a graph document (shuffled as above when seed != 0, and with
 * the inputs before the nodes when inputs_first). */
void ref_graph_to_json(const struct ref_graph *g, uint64_t seed, int inputs_first,
                       struct strbuf *out);

#endif
