/*
 * cascade_test.c — tests of src/engine/cascade.c: the worked example of the
 * method, edge cases of the rules, properties on random graphs, and an
 * hour-by-hour cross-check against the naive reference implementation
 * (tests/support/cascade_reference.c) on many random graphs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/cascade_reference.h"
#include "base/progress.h"
#include "engine/cascade.h"
#include "engine/graph.h"

/* --- helpers --------------------------------------------------------------- */

static uint32_t find(const struct graph *g, const char *id)
{
    uint32_t n = GRAPH_NONE;
    assert_int_equal(graph_node_find(g, id, &n), 0);
    return n;
}

static const struct cascade_node *result_node(const struct cascade_result *r, const struct graph *g,
                                              const char *id)
{
    uint32_t k;
    for (k = 0; k < r->n_affected; k++)
        if (strcmp(graph_node_id(g, r->nodes[k].node), id) == 0)
            return &r->nodes[k];
    return NULL;
}

/* Checks a node's intervals against "s,e s,e ..." (empty: not affected). */
static void expect_intervals(const struct cascade_result *r, const struct graph *g, const char *id,
                             const char *want)
{
    const struct cascade_node *cn = result_node(r, g, id);
    char got[512] = "";
    uint32_t k;
    size_t len = 0;
    for (k = 0; cn && k < cn->n_intervals; k++)
        len += (size_t)snprintf(got + len, sizeof got - len, "%s%d,%d", k ? " " : "",
                                cn->intervals[2 * k], cn->intervals[2 * k + 1]);
    if (strcmp(got, want) != 0)
        fail_msg("%s: intervals '%s', wanted '%s'", id, got, want);
}

static struct cascade_result *run(const struct graph *g, const char *const *failed, size_t n,
                                  int32_t outage_h, int32_t horizon_h)
{
    uint32_t idx[16];
    struct cascade_event ev = {idx, n, outage_h, horizon_h, NULL};
    struct cascade_result *r = NULL;
    struct error err = {0};
    size_t k;
    for (k = 0; k < n; k++)
        idx[k] = find(g, failed[k]);
    if (cascade_run(g, &ev, &r, &err) != 0)
        fail_msg("cascade_run: %s: %s", err.where, err.message);
    return r;
}

static struct graph *worked_example(void)
{
    struct graph_builder *b = NULL;
    struct graph *g = NULL;
    struct error err = {0};
    const char *power[] = {"power"}, *telecom[] = {"telecom"};
    b = graph_builder_new();
    assert_int_equal(graph_builder_add_node(b, "power", 0, &err), 0);
    assert_int_equal(graph_builder_add_node(b, "telecom", 0, &err), 0);
    assert_int_equal(graph_builder_add_input(b, "telecom", power, 1, 4, 0, 0, 0, &err), 0);
    assert_int_equal(graph_builder_add_node(b, "water", 0, &err), 0);
    assert_int_equal(graph_builder_add_input(b, "water", power, 1, 0, 1, 2, 10, &err), 0);
    assert_int_equal(graph_builder_add_input(b, "payments", telecom, 1, 0, 0, 0, 0, &err), 0);
    assert_int_equal(graph_builder_add_node(b, "payments", 3, &err), 0);
    assert_int_equal(graph_builder_finish(b, &g, &err), 0);
    graph_builder_free(b);
    return g;
}

/* --- the worked example ------------------------------------------------------ */

static void test_worked_example(void **state)
{
    struct graph *g = worked_example();
    const char *failed[] = {"power"};
    struct cascade_result *r = run(g, failed, 1, 24, 48);
    (void)state;
    assert_int_equal(r->n_affected, 4);
    expect_intervals(r, g, "power", "0,24");
    expect_intervals(r, g, "telecom", "4,24");
    expect_intervals(r, g, "water", "0,2 12,24");
    expect_intervals(r, g, "payments", "4,27");
    /* sorted by first_down_h, then id */
    assert_string_equal(graph_node_id(g, r->nodes[0].node), "power");
    assert_string_equal(graph_node_id(g, r->nodes[1].node), "water");
    assert_string_equal(graph_node_id(g, r->nodes[2].node), "payments");
    assert_string_equal(graph_node_id(g, r->nodes[3].node), "telecom");
    assert_int_equal(result_node(r, g, "water")->down_h, 14);
    assert_int_equal(result_node(r, g, "water")->first_down_h, 0);
    assert_int_equal(result_node(r, g, "payments")->down_h, 23);
    assert_int_equal(r->down_node_hours, 24 + 20 + 14 + 23);
    cascade_result_free(r);
    graph_free(g);
}

/* --- edge cases of the rules ------------------------------------------------- */

static struct graph *build(const char *spec)
{
    /* spec: "node:rec ..." then "| node<-sup+sup:buf[:act:dur] ..." */
    struct graph_builder *b = NULL;
    struct graph *g = NULL;
    struct error err = {0};
    char *copy = strdup(spec), *save = NULL, *tok;
    int inputs = 0;
    b = graph_builder_new();
    for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        if (strcmp(tok, "|") == 0) {
            inputs = 1;
        } else if (!inputs) {
            char *colon = strchr(tok, ':');
            int rec = 0;
            if (colon) {
                *colon = '\0';
                rec = atoi(colon + 1);
            }
            assert_int_equal(graph_builder_add_node(b, tok, rec, &err), 0);
        } else {
            char *arrow = strstr(tok, "<-"), *rest, *sups[8], *p, *save2 = NULL;
            const char *csups[8];
            int buf = 0, act = 0, dur = 0, fb = 0, ns = 0;
            *arrow = '\0';
            rest = arrow + 2;
            p = strchr(rest, ':');
            if (p) {
                *p++ = '\0';
                fb = sscanf(p, "%d:%d:%d", &buf, &act, &dur) == 3;
            }
            for (p = strtok_r(rest, "+", &save2); p; p = strtok_r(NULL, "+", &save2))
                sups[ns++] = p;
            memcpy(csups, sups, sizeof csups);
            if (graph_builder_add_input(b, tok, csups, (size_t)ns, buf, fb, act, dur, &err) != 0)
                fail_msg("%s: %s", err.where, err.message);
        }
    }
    if (graph_builder_finish(b, &g, &err) != 0)
        fail_msg("%s: %s", err.where, err.message);
    graph_builder_free(b);
    free(copy);
    return g;
}

static void test_cycle_comes_back(void **state)
{
    /* a and b feed each other with no buffer: a cycle must not keep itself down */
    struct graph *g = build("a b | a<-b:0 b<-a:0");
    const char *failed[] = {"a"};
    struct cascade_result *r = run(g, failed, 1, 5, 10);
    (void)state;
    expect_intervals(r, g, "a", "0,5");
    expect_intervals(r, g, "b", "0,5");
    cascade_result_free(r);
    graph_free(g);
}

static void test_self_supply_and_recovery(void **state)
{
    /* s supplies itself; with recovery the loss feeds on itself to the horizon */
    struct graph *g = build("s x:2 | s<-s:0 x<-x:0");
    const char *failed[] = {"s", "x"};
    struct cascade_result *r = run(g, failed, 2, 3, 12);
    (void)state;
    expect_intervals(r, g, "s", "0,3");
    expect_intervals(r, g, "x", "0,12");
    cascade_result_free(r);
    graph_free(g);
}

static void test_alternative_suppliers(void **state)
{
    struct graph *g = build("p q r | r<-p+q:0");
    const char *one[] = {"p"}, *both[] = {"p", "q"};
    struct cascade_result *r = run(g, one, 1, 5, 10);
    (void)state;
    expect_intervals(r, g, "r", "");
    assert_int_equal(r->n_affected, 1);
    cascade_result_free(r);
    r = run(g, both, 2, 5, 10);
    expect_intervals(r, g, "r", "0,5");
    cascade_result_free(r);
    graph_free(g);
}

static void test_fallback_window_and_horizon(void **state)
{
    /* buffer 1, fallback from loss hour 3 (act 2) for 2 hours: unbridged at
     * loss 2, 5, 6, ... */
    struct graph *g = build("p w | w<-p:1:2:2");
    const char *failed[] = {"p"};
    struct cascade_result *r = run(g, failed, 1, 100, 9);
    (void)state;
    expect_intervals(r, g, "p", "0,9");
    expect_intervals(r, g, "w", "1,2 4,9");
    cascade_result_free(r);
    graph_free(g);
}

static void test_zero_outage_and_repeats(void **state)
{
    struct graph *g = build("p w | w<-p+p:0");
    const char *twice[] = {"p", "p"};
    struct cascade_result *r = run(g, twice, 2, 0, 5);
    (void)state;
    assert_int_equal(r->n_affected, 0);
    cascade_result_free(r);
    r = run(g, twice, 2, 2, 5);
    expect_intervals(r, g, "w", "0,2");
    assert_int_equal(r->n_affected, 2);
    cascade_result_free(r);
    graph_free(g);
}

static void test_recovery_restarts_when_cond_returns(void **state)
{
    /* w recovers for 3 h after its input returns; a second loss restarts the clock */
    struct graph *g = build("p w:3 | w<-p:0");
    const char *failed[] = {"p"};
    struct cascade_result *r = run(g, failed, 1, 2, 10);
    (void)state;
    expect_intervals(r, g, "w", "0,5");
    cascade_result_free(r);
    graph_free(g);
}

static void test_bad_events(void **state)
{
    struct graph *g = build("p");
    uint32_t bad = 7, ok = 0;
    struct cascade_event ev = {&bad, 1, 1, 10, NULL};
    struct cascade_result *r = NULL;
    struct error err = {0};
    (void)state;
    assert_int_equal(cascade_run(g, &ev, &r, &err), ERR_INVALID);
    ev.failed = &ok;
    ev.outage_h = -1;
    assert_int_equal(cascade_run(g, &ev, &r, &err), ERR_INVALID);
    ev.outage_h = 1;
    ev.horizon_h = 0;
    assert_int_equal(cascade_run(g, &ev, &r, &err), ERR_INVALID);
    ev.horizon_h = CASCADE_MAX_HORIZON_H + 1;
    assert_int_equal(cascade_run(g, &ev, &r, &err), ERR_INVALID);
    assert_null(r);
    graph_free(g);
}

/* --- random graphs ------------------------------------------------------------ */

/* The engine's result as a down matrix indexed like the reference graph. */
static unsigned char *engine_matrix(const struct graph *g, const struct ref_graph *rg,
                                    const struct cascade_result *r, int horizon_h)
{
    unsigned char *m = calloc((size_t)rg->n_nodes * (size_t)horizon_h + 1, 1);
    uint32_t k, j;
    for (k = 0; k < r->n_affected; k++) {
        int ref = atoi(graph_node_id(g, r->nodes[k].node) + 1);
        const struct cascade_node *cn = &r->nodes[k];
        int32_t first = -1, total = 0;
        for (j = 0; j < cn->n_intervals; j++) {
            int32_t t;
            assert_true(cn->intervals[2 * j] < cn->intervals[2 * j + 1]);
            if (j > 0) /* maximal runs: separated by at least one up hour */
                assert_true(cn->intervals[2 * j - 1] < cn->intervals[2 * j]);
            for (t = cn->intervals[2 * j]; t < cn->intervals[2 * j + 1]; t++)
                m[(size_t)ref * horizon_h + t] = 1;
            total += cn->intervals[2 * j + 1] - cn->intervals[2 * j];
            if (first < 0)
                first = cn->intervals[2 * j];
        }
        assert_int_equal(first, cn->first_down_h);
        assert_int_equal(total, cn->down_h);
    }
    return m;
}

static const struct ref_random_options shapes[] = {
    /* n, inputs, suppliers, buffer, fb%, act, dur, rec%, rec */
    {6, 2, 2, 3, 40, 3, 4, 30, 3},  {12, 3, 3, 4, 30, 4, 5, 30, 4}, {25, 2, 2, 6, 25, 5, 6, 20, 5},
    {40, 3, 2, 8, 20, 6, 8, 20, 6}, {8, 4, 1, 2, 50, 2, 3, 50, 2},  {30, 1, 1, 0, 0, 0, 1, 0, 1},
};

static void cross_check(int graphs, int failed_max)
{
    int round;
    for (round = 0; round < graphs; round++) {
        const struct ref_random_options *o = &shapes[round % 6];
        uint64_t seed = 1000 + (uint64_t)round, st = seed * 7;
        struct ref_graph rg;
        struct graph *g;
        int failed[8], nf, k, outage_h, horizon_h;
        uint32_t idx[8];
        char id[16];
        unsigned char *want, *got;
        struct cascade_result *r = NULL;
        struct error err = {0};
        ref_graph_random(&rg, seed, o);
        g = ref_graph_to_engine(&rg, round % 2 ? seed : 0);
        assert_non_null(g);
        nf = 1 + (int)(ref_rand(&st) % (uint64_t)failed_max);
        for (k = 0; k < nf; k++) {
            failed[k] = (int)(ref_rand(&st) % (uint64_t)rg.n_nodes);
            idx[k] = find(g, ref_node_id(failed[k], id));
        }
        outage_h = (int)(ref_rand(&st) % 12);
        horizon_h = 1 + (int)(ref_rand(&st) % 40);
        want = malloc((size_t)rg.n_nodes * (size_t)horizon_h + 1);
        assert_int_equal(ref_cascade(&rg, failed, nf, outage_h, horizon_h, want), 0);
        {
            struct cascade_event ev = {idx, (size_t)nf, outage_h, horizon_h, NULL};
            if (cascade_run(g, &ev, &r, &err) != 0)
                fail_msg("%s", err.message);
        }
        got = engine_matrix(g, &rg, r, horizon_h);
        if (memcmp(got, want, (size_t)rg.n_nodes * (size_t)horizon_h) != 0) {
            int n, t;
            for (n = 0; n < rg.n_nodes; n++)
                for (t = 0; t < horizon_h; t++)
                    if (got[(size_t)n * horizon_h + t] != want[(size_t)n * horizon_h + t])
                        fail_msg("graph %d (seed %llu): node n%d hour %d: engine %d, reference "
                                 "%d",
                                 round, (unsigned long long)seed, n, t,
                                 got[(size_t)n * horizon_h + t], want[(size_t)n * horizon_h + t]);
        }
        free(want);
        free(got);
        cascade_result_free(r);
        graph_free(g);
        ref_graph_free(&rg);
    }
}

static void test_cross_check_reference(void **state)
{
    (void)state;
    cross_check(3000, 4);
}

/* The order of the result among nodes down from the same hour is strcmp's,
 * also for ids that share their first eight bytes or end inside them. */
static void test_order_of_long_ids(void **state)
{
    static const char *ids[] = {"substation-north-10",
                                "substation-north-2",
                                "substation-north",
                                "substation-nort",
                                "substation-north-1",
                                "substation",
                                "sub",
                                "substation-north-1\x7f",
                                "a"};
    static const char *sorted[] = {"a",
                                   "sub",
                                   "substation",
                                   "substation-nort",
                                   "substation-north",
                                   "substation-north-1",
                                   "substation-north-10",
                                   "substation-north-1\x7f",
                                   "substation-north-2"};
    struct graph_builder *b = NULL;
    struct graph *g = NULL;
    struct error err = {0};
    struct cascade_result *r;
    size_t k;
    (void)state;
    b = graph_builder_new();
    for (k = 0; k < 9; k++)
        assert_int_equal(graph_builder_add_node(b, ids[k], 0, &err), 0);
    assert_int_equal(graph_builder_finish(b, &g, &err), 0);
    graph_builder_free(b);
    r = run(g, ids, 9, 2, 4);
    assert_int_equal(r->n_affected, 9);
    for (k = 0; k < 9; k++)
        assert_string_equal(graph_node_id(g, r->nodes[k].node), sorted[k]);
    cascade_result_free(r);
    graph_free(g);
}

struct hours_seen {
    uint64_t last, calls, bad;
};

static void record_hours(void *context, const char *phase, const char *unit, uint64_t done,
                         uint64_t total)
{
    struct hours_seen *s = context;
    s->calls++;
    if (strcmp(phase, "cascade") != 0 || strcmp(unit, "hours") != 0 || done <= s->last ||
        done > total || total != 40)
        s->bad++;
    s->last = done;
}

/* The engine reports the hours simulated, in order, through the callback it
 * is given, and the result does not change. */
static void test_progress(void **state)
{
    const struct ref_random_options o = {40, 3, 2, 6, 25, 4, 6, 25, 4};
    struct ref_graph rg;
    struct graph *g;
    struct hours_seen seen = {0, 0, 0};
    struct progress_sink sink = {record_hours, &seen, NULL};
    uint32_t failed[3] = {0, 1, 2};
    struct cascade_event quiet = {failed, 3, 12, 40, NULL}, told = {failed, 3, 12, 40, &sink};
    struct cascade_result *a = NULL, *b = NULL;
    struct error err = {0};
    uint32_t k;
    (void)state;
    ref_graph_random(&rg, 5, &o);
    g = ref_graph_to_engine(&rg, 0);
    assert_int_equal(cascade_run(g, &quiet, &a, &err), 0);
    assert_int_equal(cascade_run(g, &told, &b, &err), 0);
    assert_true(seen.calls > 0);
    assert_int_equal(seen.bad, 0);
    assert_int_equal(a->n_affected, b->n_affected);
    assert_int_equal(a->down_node_hours, b->down_node_hours);
    for (k = 0; k < a->n_affected; k++)
        assert_int_equal(a->nodes[k].node, b->nodes[k].node);
    cascade_result_free(a);
    cascade_result_free(b);
    graph_free(g);
    ref_graph_free(&rg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_example),
        cmocka_unit_test(test_cycle_comes_back),
        cmocka_unit_test(test_self_supply_and_recovery),
        cmocka_unit_test(test_alternative_suppliers),
        cmocka_unit_test(test_fallback_window_and_horizon),
        cmocka_unit_test(test_zero_outage_and_repeats),
        cmocka_unit_test(test_recovery_restarts_when_cond_returns),
        cmocka_unit_test(test_bad_events),
        cmocka_unit_test(test_cross_check_reference),
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_order_of_long_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
