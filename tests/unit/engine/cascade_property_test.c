/*
 * cascade_property_test.c — properties of the cascade model checked on many
 * random graphs (cycles, self-supply, alternative suppliers, recovery):
 * more failed nodes never fewer affected, a larger buffer never an earlier
 * failure, and the result does not depend on the order of the graph file;
 * and on graphs where most nodes go down, full of cycles, recovery and
 * fallbacks switching on and off, the change-driven engine gives exactly
 * the reference's hours (small graphs) and the previous engine's result
 * (tests/support/cascade_dred.c, larger graphs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/json_reader.h"
#include "base/strbuf.h"
#include "engine/cascade.h"
#include "engine/graph.h"
#include "engine/graph_read.h"
#include "support/cascade_dred.h"
#include "support/cascade_reference.h"

#define ROUNDS 400

static const struct ref_random_options with_fallbacks = {30, 3, 2, 6, 30, 5, 6, 25, 4};
static const struct ref_random_options without_fallbacks = {30, 3, 2, 6, 0, 0, 1, 25, 4};

/* first_down_h of every reference node, -1 when never down */
static void first_down(const struct graph *g, const struct cascade_result *r, int n_nodes, int *out)
{
    uint32_t k;
    int i;
    for (i = 0; i < n_nodes; i++)
        out[i] = -1;
    for (k = 0; k < r->n_affected; k++)
        out[atoi(graph_node_id(g, r->nodes[k].node) + 1)] = r->nodes[k].first_down_h;
}

static struct cascade_result *run_ids(const struct graph *g, const int *failed, int n, int outage_h,
                                      int horizon_h)
{
    uint32_t idx[16];
    char id[16];
    struct cascade_event ev = {idx, (size_t)n, outage_h, horizon_h, NULL};
    struct cascade_result *r = NULL;
    struct error err = {0};
    int k;
    for (k = 0; k < n; k++)
        assert_int_equal(graph_node_find(g, ref_node_id(failed[k], id), &idx[k]), 0);
    if (cascade_run(g, &ev, &r, &err) != 0)
        fail_msg("%s", err.message);
    return r;
}

/* Fails the test at the first round where failing more nodes affects fewer,
 * or makes a node fail later (or not at all); returns 0 otherwise. Without
 * fallbacks this follows from the rules (bridging is then monotone in the
 * loss length); with fallbacks it is checked here, not proven. */
static int more_failed(const struct ref_random_options *o)
{
    int round;
    for (round = 0; round < ROUNDS; round++) {
        struct ref_graph rg;
        struct graph *g;
        uint64_t st = 77 + (uint64_t)round;
        int failed[6], k, outage_h = 1 + (int)(ref_rand(&st) % 10);
        int horizon_h = 1 + (int)(ref_rand(&st) % 30);
        struct cascade_result *few, *more;
        int *a, *b;
        ref_graph_random(&rg, 5000 + (uint64_t)round, o);
        g = ref_graph_to_engine(&rg, 0);
        for (k = 0; k < 6; k++)
            failed[k] = (int)(ref_rand(&st) % (uint64_t)rg.n_nodes);
        few = run_ids(g, failed, 2, outage_h, horizon_h);
        more = run_ids(g, failed, 6, outage_h, horizon_h);
        a = calloc((size_t)rg.n_nodes, sizeof *a);
        b = calloc((size_t)rg.n_nodes, sizeof *b);
        first_down(g, few, rg.n_nodes, a);
        first_down(g, more, rg.n_nodes, b);
        if (more->n_affected < few->n_affected)
            fail_msg("round %d: %u affected with 2 failed, %u with 6", round, few->n_affected,
                     more->n_affected);
        for (k = 0; k < rg.n_nodes; k++)
            if (a[k] >= 0 && (b[k] < 0 || b[k] > a[k]))
                fail_msg("round %d: n%d first down %d with 2 failed, %d with 6", round, k, a[k],
                         b[k]);
        free(a);
        free(b);
        cascade_result_free(few);
        cascade_result_free(more);
        graph_free(g);
        ref_graph_free(&rg);
    }
    return 0;
}

/* Fails the test where a larger buffer on one input makes any node fail
 * earlier (or at all when it did not); returns 0 otherwise. */
static int larger_buffer(const struct ref_random_options *o)
{
    int round;
    for (round = 0; round < ROUNDS; round++) {
        struct ref_graph rg;
        struct graph *g1, *g2;
        uint64_t st = 99 + (uint64_t)round;
        int failed[3], k, outage_h = 1 + (int)(ref_rand(&st) % 10);
        int horizon_h = 1 + (int)(ref_rand(&st) % 30), which;
        struct cascade_result *r1, *r2;
        int *a, *b;
        ref_graph_random(&rg, 9000 + (uint64_t)round, o);
        if (rg.n_inputs == 0) {
            ref_graph_free(&rg);
            continue;
        }
        for (k = 0; k < 3; k++)
            failed[k] = (int)(ref_rand(&st) % (uint64_t)rg.n_nodes);
        g1 = ref_graph_to_engine(&rg, 0);
        which = (int)(ref_rand(&st) % (uint64_t)rg.n_inputs);
        rg.inputs[which].buffer_h += 1 + (int)(ref_rand(&st) % 5);
        g2 = ref_graph_to_engine(&rg, 0);
        r1 = run_ids(g1, failed, 3, outage_h, horizon_h);
        r2 = run_ids(g2, failed, 3, outage_h, horizon_h);
        a = calloc((size_t)rg.n_nodes, sizeof *a);
        b = calloc((size_t)rg.n_nodes, sizeof *b);
        first_down(g1, r1, rg.n_nodes, a);
        first_down(g2, r2, rg.n_nodes, b);
        for (k = 0; k < rg.n_nodes; k++)
            if (b[k] >= 0 && (a[k] < 0 || b[k] < a[k]))
                fail_msg("round %d: n%d first down at %d, with a larger buffer at %d", round, k,
                         a[k], b[k]);
        free(a);
        free(b);
        cascade_result_free(r1);
        cascade_result_free(r2);
        graph_free(g1);
        graph_free(g2);
        ref_graph_free(&rg);
    }
    return 0;
}

static void test_more_failed_never_fewer_affected(void **state)
{
    (void)state;
    assert_int_equal(more_failed(&without_fallbacks), 0);
    assert_int_equal(more_failed(&with_fallbacks), 0);
}

static void test_larger_buffer_never_earlier(void **state)
{
    (void)state;
    assert_int_equal(larger_buffer(&without_fallbacks), 0);
    assert_int_equal(larger_buffer(&with_fallbacks), 0);
}

/* The whole result as text, ids and intervals, for comparing runs. */
static void describe(const struct graph *g, const struct cascade_result *r, struct strbuf *out)
{
    uint32_t k, j;
    strbuf_printf(out, "%u %lld\n", r->n_affected, (long long)r->down_node_hours);
    for (k = 0; k < r->n_affected; k++) {
        strbuf_printf(out, "%s %d %d:", graph_node_id(g, r->nodes[k].node),
                      r->nodes[k].first_down_h, r->nodes[k].down_h);
        for (j = 0; j < r->nodes[k].n_intervals; j++)
            strbuf_printf(out, " [%d,%d)", r->nodes[k].intervals[2 * j],
                          r->nodes[k].intervals[2 * j + 1]);
        strbuf_puts(out, "\n");
    }
}

static struct graph *from_json(const struct ref_graph *rg, uint64_t seed, int inputs_first)
{
    struct strbuf doc = STRBUF_INIT;
    struct json_reader *r = NULL;
    struct graph *g = NULL;
    struct error err = {0};
    ref_graph_to_json(rg, seed, inputs_first, &doc);
    r = json_reader_new_memory(doc.data, doc.len, NULL);
    if (graph_read_json(r, &g, &err) != 0)
        fail_msg("%s: %s", err.where, err.message);
    json_reader_free(r);
    strbuf_release(&doc);
    return g;
}

static void test_independent_of_file_order(void **state)
{
    int round;
    (void)state;
    for (round = 0; round < ROUNDS / 2; round++) {
        struct ref_graph rg;
        struct graph *g[3];
        struct strbuf text[3] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
        uint64_t st = 5 + (uint64_t)round;
        int failed[3], k, outage_h = 1 + (int)(ref_rand(&st) % 10);
        int horizon_h = 1 + (int)(ref_rand(&st) % 30);
        ref_graph_random(&rg, 700 + (uint64_t)round, &with_fallbacks);
        for (k = 0; k < 3; k++)
            failed[k] = (int)(ref_rand(&st) % (uint64_t)rg.n_nodes);
        g[0] = from_json(&rg, 0, 0);
        g[1] = from_json(&rg, 31 + (uint64_t)round, 1);
        g[2] = ref_graph_to_engine(&rg, 57 + (uint64_t)round);
        for (k = 0; k < 3; k++) {
            struct cascade_result *r = run_ids(g[k], failed, 3, outage_h, horizon_h);
            describe(g[k], r, &text[k]);
            cascade_result_free(r);
        }
        assert_string_equal(text[0].data, text[1].data);
        assert_string_equal(text[0].data, text[2].data);
        for (k = 0; k < 3; k++) {
            strbuf_release(&text[k]);
            graph_free(g[k]);
        }
        ref_graph_free(&rg);
    }
}

/* Graphs where a failure spreads wide: several inputs a node, few
 * alternative suppliers, short buffers; recovery holds cycles down and
 * fallbacks switch inputs off and on while the region is down. */
static const struct ref_random_options wide[] = {
    /* n, inputs, suppliers, buffer, fb%, act, dur, rec%, rec */
    {40, 4, 1, 2, 25, 3, 6, 40, 3},
    {60, 3, 2, 4, 20, 4, 8, 30, 5},
    {25, 5, 1, 1, 40, 2, 3, 50, 2},
    {50, 4, 2, 0, 30, 1, 4, 20, 6},
};

/* n_nodes * horizon_h: 1 where the engine has node n<i> down in hour t. */
static unsigned char *down_matrix(const struct graph *g, const struct cascade_result *r,
                                  int n_nodes, int horizon_h)
{
    unsigned char *m = calloc((size_t)n_nodes * (size_t)horizon_h + 1, 1);
    uint32_t k, j;
    int t;
    assert_non_null(m);
    for (k = 0; k < r->n_affected; k++) {
        int node = atoi(graph_node_id(g, r->nodes[k].node) + 1);
        for (j = 0; j < r->nodes[k].n_intervals; j++)
            for (t = r->nodes[k].intervals[2 * j]; t < r->nodes[k].intervals[2 * j + 1]; t++)
                m[(size_t)node * (size_t)horizon_h + (size_t)t] = 1;
    }
    return m;
}

/* The most nodes down in any one hour. */
static int peak_down(const unsigned char *m, int n_nodes, int horizon_h)
{
    int t, n, peak = 0;
    for (t = 0; t < horizon_h; t++) {
        int c = 0;
        for (n = 0; n < n_nodes; n++)
            c += m[(size_t)n * (size_t)horizon_h + (size_t)t];
        peak = c > peak ? c : peak;
    }
    return peak;
}

static void test_wide_failures_match_reference(void **state)
{
    int round, wide_rounds = 0;
    (void)state;
    for (round = 0; round < 800; round++) {
        const struct ref_random_options *o = &wide[round % 4];
        uint64_t st = 31337 + (uint64_t)round;
        struct ref_graph rg;
        struct graph *g;
        int failed[64], nf, k, outage_h, horizon_h, n, t;
        uint32_t idx[64];
        char id[16];
        unsigned char *want, *got;
        struct cascade_result *r = NULL;
        struct error err = {0};
        ref_graph_random(&rg, 424242 + (uint64_t)round, o);
        g = ref_graph_to_engine(&rg, round % 3 ? 0 : 99 + (uint64_t)round);
        assert_non_null(g);
        nf = 1 + (int)(ref_rand(&st) % (uint64_t)(rg.n_nodes / 2));
        for (k = 0; k < nf; k++) {
            failed[k] = (int)(ref_rand(&st) % (uint64_t)rg.n_nodes);
            assert_int_equal(graph_node_find(g, ref_node_id(failed[k], id), &idx[k]), 0);
        }
        outage_h = (int)(ref_rand(&st) % 20);
        horizon_h = 1 + (int)(ref_rand(&st) % 60);
        want = malloc((size_t)rg.n_nodes * (size_t)horizon_h + 1);
        assert_int_equal(ref_cascade(&rg, failed, nf, outage_h, horizon_h, want), 0);
        {
            struct cascade_event ev = {idx, (size_t)nf, outage_h, horizon_h, NULL};
            if (cascade_run(g, &ev, &r, &err) != 0)
                fail_msg("%s", err.message);
        }
        got = down_matrix(g, r, rg.n_nodes, horizon_h);
        for (n = 0; n < rg.n_nodes; n++)
            for (t = 0; t < horizon_h; t++)
                if (got[(size_t)n * horizon_h + t] != want[(size_t)n * horizon_h + t])
                    fail_msg("round %d: n%d hour %d: engine %d, reference %d", round, n, t,
                             got[(size_t)n * horizon_h + t], want[(size_t)n * horizon_h + t]);
        if (peak_down(want, rg.n_nodes, horizon_h) * 2 > rg.n_nodes)
            wide_rounds++;
        free(want);
        free(got);
        cascade_result_free(r);
        graph_free(g);
        ref_graph_free(&rg);
    }
    /* the graphs must really take most nodes down, or this proves little */
    assert_true(wide_rounds > 200);
}

/* Larger graphs, against the engine before the change-driven rework; two
 * events in a row on one workspace, so that its reset is checked too. */
static void test_wide_failures_match_previous_engine(void **state)
{
    int round, wide_rounds = 0;
    (void)state;
    for (round = 0; round < 24; round++) {
        struct ref_random_options o = wide[round % 4];
        uint64_t st = 4711 + (uint64_t)round;
        struct ref_graph rg;
        struct graph *g;
        struct cascade_workspace *w = NULL;
        int pass;
        o.n_nodes = 2000 + (int)(ref_rand(&st) % 3000);
        o.max_duration_h *= 4;
        o.max_recovery_h += 2;
        ref_graph_random(&rg, 86 + (uint64_t)round, &o);
        g = ref_graph_to_engine(&rg, 0);
        assert_non_null(g);
        w = cascade_workspace_new(g);
        for (pass = 0; pass < 2; pass++) {
            uint32_t idx[200];
            size_t nf = 1 + ref_rand(&st) % 200, k;
            struct cascade_event ev = {idx, nf, (int32_t)(ref_rand(&st) % 48),
                                       1 + (int32_t)(ref_rand(&st) % 200), NULL};
            struct cascade_result *mine = NULL, *old = NULL;
            struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
            struct error err = {0};
            for (k = 0; k < nf; k++)
                idx[k] = (uint32_t)(ref_rand(&st) % (uint64_t)rg.n_nodes);
            if (cascade_workspace_run(w, &ev, &mine, &err) != 0 ||
                dred_cascade_run(g, &ev, &old, &err) != 0)
                fail_msg("%s", err.message);
            describe(g, mine, &a);
            describe(g, old, &b);
            if (strcmp(a.data, b.data) != 0)
                fail_msg("round %d pass %d: the engines differ (%u and %u affected)", round, pass,
                         mine->n_affected, old->n_affected);
            if (mine->n_affected * 2 > (uint32_t)rg.n_nodes)
                wide_rounds++;
            strbuf_release(&a);
            strbuf_release(&b);
            cascade_result_free(mine);
            cascade_result_free(old);
        }
        cascade_workspace_free(w);
        graph_free(g);
        ref_graph_free(&rg);
    }
    assert_true(wide_rounds > 24);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_more_failed_never_fewer_affected),
        cmocka_unit_test(test_larger_buffer_never_earlier),
        cmocka_unit_test(test_independent_of_file_order),
        cmocka_unit_test(test_wide_failures_match_reference),
        cmocka_unit_test(test_wide_failures_match_previous_engine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
