/*
 * cascade_reference.c — the naive reference of the cascade model and the
 * random graphs for the engine's cross-checks (cascade_reference.h).
 */
#include "cascade_reference.h"

#include "base/error.h"
#include "base/strbuf.h"
#include "engine/graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ref_bridged(const struct ref_input *in, long loss)
{
    return loss == 0 || loss <= in->buffer_h ||
           (in->has_fallback && in->activation_h < loss &&
            loss <= (long)in->activation_h + in->duration_h);
}

int ref_cascade(const struct ref_graph *g, const int *failed, int n_failed, int outage_h,
                int horizon_h, unsigned char *down)
{
    int n = g->n_nodes, m = g->n_inputs, t, i, j, k;
    unsigned char *is_failed = calloc((size_t)n + 1, 1);
    unsigned char *cond = calloc((size_t)n * (size_t)horizon_h + 1, 1);
    unsigned char *now = calloc((size_t)n + 1, 1);
    long *lambda_prev = calloc((size_t)m + 1, sizeof(long));
    long *lambda = calloc((size_t)m + 1, sizeof(long));
    int *first = calloc((size_t)n + 2, sizeof(int)), *order = calloc((size_t)m + 1, sizeof(int));
    if (!is_failed || !cond || !now || !lambda_prev || !lambda || !first || !order) {
        free(is_failed), free(cond), free(now), free(lambda_prev), free(lambda);
        free(first), free(order);
        return -1;
    }
    /* each node's inputs: order[first[i] .. first[i+1]) */
    for (k = 0; k < m; k++)
        first[g->inputs[k].node + 2]++;
    for (i = 0; i < n; i++)
        first[i + 2] += first[i + 1];
    for (k = 0; k < m; k++)
        order[first[g->inputs[k].node + 1]++] = k;
    for (k = 0; k < n_failed; k++)
        is_failed[failed[k]] = 1;
    for (t = 0; t < horizon_h; t++) {
        int changed;
        memset(now, 0, (size_t)n);
        do {
            changed = 0;
            for (i = 0; i < n; i++) {
                int d, tau;
                if (now[i])
                    continue;
                d = is_failed[i] && t < outage_h;
                for (tau = t - g->recovery_h[i] < 0 ? 0 : t - g->recovery_h[i]; tau < t; tau++)
                    if (cond[(size_t)i * horizon_h + tau])
                        d = 1;
                for (j = first[i]; j < first[i + 1] && !d; j++) {
                    const struct ref_input *in = &g->inputs[order[j]];
                    int s, available = 0;
                    for (s = 0; s < in->n_suppliers; s++)
                        if (!now[in->suppliers[s]])
                            available = 1;
                    if (!ref_bridged(in, available ? 0 : lambda_prev[order[j]] + 1))
                        d = 1;
                }
                if (d) {
                    now[i] = 1;
                    changed = 1;
                }
            }
        } while (changed);
        for (k = 0; k < m; k++) {
            const struct ref_input *in = &g->inputs[k];
            int s, available = 0;
            for (s = 0; s < in->n_suppliers; s++)
                if (!now[in->suppliers[s]])
                    available = 1;
            lambda[k] = available ? 0 : lambda_prev[k] + 1;
            if (!ref_bridged(in, lambda[k]))
                cond[(size_t)in->node * horizon_h + t] = 1;
        }
        memcpy(lambda_prev, lambda, (size_t)m * sizeof(long));
        for (i = 0; i < n; i++)
            down[(size_t)i * horizon_h + t] = now[i];
    }
    free(is_failed), free(cond), free(now), free(lambda_prev), free(lambda);
    free(first), free(order);
    return 0;
}

const char *ref_node_id(int i, char buf[16])
{
    snprintf(buf, 16, "n%d", i);
    return buf;
}

static int rank_compare(const void *a, const void *b)
{
    const struct ref_rank *x = a, *y = b;
    char bx[16], by[16];
    if (x->affected != y->affected)
        return x->affected > y->affected ? -1 : 1;
    if (x->down_node_hours != y->down_node_hours)
        return x->down_node_hours > y->down_node_hours ? -1 : 1;
    return strcmp(ref_node_id(x->node, bx), ref_node_id(y->node, by));
}

int ref_criticality(const struct ref_graph *g, int outage_h, int horizon_h, struct ref_rank *out)
{
    size_t cells = (size_t)g->n_nodes * (size_t)horizon_h;
    unsigned char *down = malloc(cells + 1);
    int i, j, t;
    if (down == NULL)
        return -1;
    for (i = 0; i < g->n_nodes; i++) {
        if (ref_cascade(g, &i, 1, outage_h, horizon_h, down) != 0) {
            free(down);
            return -1;
        }
        out[i].node = i;
        out[i].affected = 0;
        out[i].down_node_hours = 0;
        for (j = 0; j < g->n_nodes; j++) {
            int any = 0;
            for (t = 0; t < horizon_h; t++)
                if (down[(size_t)j * horizon_h + t]) {
                    any = 1;
                    out[i].down_node_hours++;
                }
            out[i].affected += any;
        }
    }
    qsort(out, (size_t)g->n_nodes, sizeof *out, rank_compare);
    free(down);
    return 0;
}

/* --- random graphs ------------------------------------------------------- */

uint64_t ref_rand(uint64_t *state)
{
    /* splitmix64 */
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int below(uint64_t *state, int n)
{
    return n <= 0 ? 0 : (int)(ref_rand(state) % (uint64_t)n);
}

void ref_graph_random(struct ref_graph *g, uint64_t seed, const struct ref_random_options *o)
{
    uint64_t st = seed;
    int i, k, cap;
    g->n_nodes = o->n_nodes;
    g->recovery_h = calloc((size_t)o->n_nodes + 1, sizeof(int));
    cap = o->n_nodes * (o->max_inputs > 0 ? o->max_inputs : 1) + 1;
    g->inputs = calloc((size_t)cap, sizeof *g->inputs);
    g->n_inputs = 0;
    if (!g->recovery_h || !g->inputs)
        abort();
    for (i = 0; i < o->n_nodes; i++) {
        int n_in = below(&st, o->max_inputs + 1);
        if (below(&st, 100) < o->recovery_percent)
            g->recovery_h[i] = 1 + below(&st, o->max_recovery_h);
        for (k = 0; k < n_in; k++) {
            struct ref_input *in = &g->inputs[g->n_inputs++];
            int s;
            in->node = i;
            in->n_suppliers = 1 + below(&st, o->max_suppliers);
            if (in->n_suppliers > REF_MAX_SUPPLIERS)
                in->n_suppliers = REF_MAX_SUPPLIERS;
            for (s = 0; s < in->n_suppliers; s++)
                in->suppliers[s] = below(&st, o->n_nodes);
            in->buffer_h = below(&st, o->max_buffer_h + 1);
            if (below(&st, 100) < o->fallback_percent) {
                in->has_fallback = 1;
                in->activation_h = below(&st, o->max_activation_h + 1);
                in->duration_h = 1 + below(&st, o->max_duration_h);
            }
        }
    }
}

void ref_graph_free(struct ref_graph *g)
{
    free(g->recovery_h);
    free(g->inputs);
    g->recovery_h = NULL;
    g->inputs = NULL;
}

/* A permutation of 0..n-1: the identity when seed is 0. */
static int *permutation(int n, uint64_t seed)
{
    int *p = malloc(((size_t)n + 1) * sizeof *p), i;
    uint64_t st = seed;
    if (p == NULL)
        abort();
    for (i = 0; i < n; i++)
        p[i] = i;
    for (i = n - 1; seed && i > 0; i--) {
        int j = below(&st, i + 1), t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
    return p;
}

struct graph *ref_graph_to_engine(const struct ref_graph *g, uint64_t seed)
{
    struct graph_builder *b = NULL;
    struct graph *out = NULL;
    struct error err = {0};
    int *pn = permutation(g->n_nodes, seed), *pi = permutation(g->n_inputs, seed * 3 + 1);
    char ids[REF_MAX_SUPPLIERS + 1][16];
    int i, s;
    b = graph_builder_new();
    for (i = 0; i < g->n_inputs; i++) {
        const struct ref_input *in = &g->inputs[pi[i]];
        const char *sup[REF_MAX_SUPPLIERS];
        int *ps = permutation(in->n_suppliers, seed ? seed + (uint64_t)i : 0);
        for (s = 0; s < in->n_suppliers; s++)
            sup[s] = ref_node_id(in->suppliers[ps[s]], ids[s + 1]);
        free(ps);
        if (graph_builder_add_input(b, ref_node_id(in->node, ids[0]), sup, (size_t)in->n_suppliers,
                                    in->buffer_h, in->has_fallback, in->activation_h,
                                    in->duration_h, &err) != 0)
            goto failed;
    }
    for (i = 0; i < g->n_nodes; i++)
        if (graph_builder_add_node(b, ref_node_id(pn[i], ids[0]), g->recovery_h[pn[i]], &err) != 0)
            goto failed;
    if (graph_builder_finish(b, &out, &err) != 0)
        goto failed;
    graph_builder_free(b);
    free(pn);
    free(pi);
    return out;
failed:
    fprintf(stderr, "ref_graph_to_engine: %s: %s\n", err.where, err.message);
    graph_builder_free(b);
    free(pn);
    free(pi);
    return NULL;
}

void ref_graph_to_json(const struct ref_graph *g, uint64_t seed, int inputs_first,
                       struct strbuf *out)
{
    int *pn = permutation(g->n_nodes, seed), *pi = permutation(g->n_inputs, seed * 3 + 1);
    int i, s, part;
    strbuf_puts(out, "{");
    for (part = 0; part < 2; part++) {
        if ((part == 0) == !inputs_first) {
            strbuf_puts(out, part ? ",\n\"nodes\": [" : "\"nodes\": [");
            for (i = 0; i < g->n_nodes; i++)
                strbuf_printf(out, "%s\n {\"recovery_h\": %d, \"id\": \"n%d\"}", i ? "," : "",
                              g->recovery_h[pn[i]], pn[i]);
        } else {
            strbuf_puts(out, part ? ",\n\"inputs\": [" : "\"inputs\": [");
            for (i = 0; i < g->n_inputs; i++) {
                const struct ref_input *in = &g->inputs[pi[i]];
                strbuf_printf(out, "%s\n {\"suppliers\": [", i ? "," : "");
                for (s = 0; s < in->n_suppliers; s++)
                    strbuf_printf(out, "%s\"n%d\"", s ? ", " : "", in->suppliers[s]);
                strbuf_printf(out, "], \"node\": \"n%d\", \"buffer_h\": %d", in->node,
                              in->buffer_h);
                if (in->has_fallback)
                    strbuf_printf(out, ", \"fallback\": {\"duration_h\": %d, \"activation_h\": %d}",
                                  in->duration_h, in->activation_h);
                strbuf_puts(out, "}");
            }
        }
        strbuf_puts(out, "]");
    }
    strbuf_puts(out, "}\n");
    free(pn);
    free(pi);
}
