/*
 * criticality_test.c — tests of src/engine/criticality.c: the ranking
 * equals the naive reference's on random graphs, is the same for any number
 * of threads, ranks samples, counts only the nodes of a mask, and rejects
 * bad options.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <stdatomic.h>

#include "base/progress.h"
#include "engine/cascade.h"
#include "engine/criticality.h"
#include "engine/graph.h"
#include "support/cascade_reference.h"

static const struct ref_random_options shape = {40, 3, 2, 6, 25, 4, 6, 25, 4};

static struct criticality_ranking *rank(const struct graph *g, int32_t outage_h, int32_t horizon_h,
                                        unsigned threads)
{
    struct criticality_options o = {outage_h, horizon_h, threads, NULL, 0, NULL, NULL};
    struct criticality_ranking *r = NULL;
    struct error e = {0};
    if (criticality_rank(g, &o, &r, &e) != 0)
        fail_msg("%s", e.message);
    return r;
}

static void test_matches_reference(void **state)
{
    int round;
    (void)state;
    for (round = 0; round < 40; round++) {
        struct ref_graph rg;
        struct graph *g;
        struct ref_rank want[40];
        struct criticality_ranking *r;
        int32_t outage_h = 1 + round % 9, horizon_h = 5 + round % 30;
        size_t i;
        char id[16];
        ref_graph_random(&rg, 300 + (uint64_t)round, &shape);
        g = ref_graph_to_engine(&rg, (uint64_t)round);
        assert_int_equal(ref_criticality(&rg, outage_h, horizon_h, want), 0);
        r = rank(g, outage_h, horizon_h, (unsigned)(1 + round % 3));
        assert_int_equal(r->n, (size_t)rg.n_nodes);
        for (i = 0; i < r->n; i++) {
            assert_string_equal(graph_node_id(g, r->entries[i].node),
                                ref_node_id(want[i].node, id));
            assert_int_equal(r->entries[i].affected, want[i].affected);
            assert_int_equal(r->entries[i].down_node_hours, want[i].down_node_hours);
        }
        criticality_ranking_free(r);
        graph_free(g);
        ref_graph_free(&rg);
    }
}

struct seen {
    atomic_int inside;
    size_t calls, last, bad;
};

static void record(void *context, const char *phase, const char *unit, uint64_t done,
                   uint64_t total)
{
    struct seen *s = context;
    if (atomic_fetch_add(&s->inside, 1) != 0) /* another thread is reporting too */
        s->bad++;
    s->calls++;
    if (strcmp(phase, "criticality") != 0 || strcmp(unit, "events") != 0 || done < s->last ||
        done > total || total != 3000)
        s->bad++;
    s->last = (size_t)done;
    atomic_fetch_sub(&s->inside, 1);
}

/* Progress comes from one thread at a time, never backwards; the ranking
 * is the same with or without it. */
static void test_progress(void **state)
{
    struct ref_random_options big = {3000, 2, 2, 6, 20, 4, 6, 20, 4};
    struct ref_graph rg;
    struct graph *g;
    struct seen seen = {0, 0, 0, 0};
    struct progress_sink sink = {record, &seen, NULL};
    struct criticality_options o = {12, 48, 4, NULL, 0, &sink, NULL};
    struct criticality_ranking *with = NULL, *without;
    struct error e = {0};
    (void)state;
    ref_graph_random(&rg, 43, &big);
    g = ref_graph_to_engine(&rg, 0);
    assert_int_equal(criticality_rank(g, &o, &with, &e), 0);
    without = rank(g, 12, 48, 4);
    assert_true(seen.calls > 0);
    assert_int_equal(seen.bad, 0);
    assert_int_equal(with->n, without->n);
    assert_memory_equal(with->entries, without->entries, with->n * sizeof *with->entries);
    criticality_ranking_free(with);
    criticality_ranking_free(without);
    graph_free(g);
    ref_graph_free(&rg);
}

/* A progress report that asks the work to stop after its first call. */
struct stopper {
    atomic_int stop;
    atomic_int calls;
};

static void stop_now(void *context, const char *phase, const char *unit, uint64_t done,
                     uint64_t total)
{
    struct stopper *s = context;
    (void)phase;
    (void)unit;
    (void)done;
    (void)total;
    atomic_fetch_add(&s->calls, 1);
    atomic_store(&s->stop, 1);
}

/* The sink's stop flag ends the ranking early with an error (a job's time
 * budget, a cancel); set beforehand, no event is computed at all. */
static void test_stop_flag(void **state)
{
    struct ref_random_options big = {3000, 2, 2, 6, 20, 4, 6, 20, 4};
    struct ref_graph rg;
    struct graph *g;
    struct stopper st;
    struct progress_sink sink = {stop_now, &st, &st.stop};
    struct criticality_options o = {12, 48, 2, NULL, 0, &sink, NULL};
    struct criticality_ranking *r = NULL;
    struct error e = {0};
    (void)state;
    atomic_init(&st.stop, 0);
    atomic_init(&st.calls, 0);
    ref_graph_random(&rg, 44, &big);
    g = ref_graph_to_engine(&rg, 0);
    assert_int_equal(criticality_rank(g, &o, &r, &e), ERR_INTERNAL);
    assert_null(r);
    assert_non_null(strstr(e.message, "stopped"));
    /* each thread finishes the chunk it holds, then stops: far from all 3000 */
    assert_true(atomic_load(&st.calls) >= 1 && atomic_load(&st.calls) <= 4);

    sink.report = NULL; /* set before the work starts */
    assert_int_equal(criticality_rank(g, &o, &r, &e), ERR_INTERNAL);
    assert_null(r);
    assert_int_equal(progress_stopped(&sink), 1);
    graph_free(g);
    ref_graph_free(&rg);
}

static void test_same_for_any_thread_count(void **state)
{
    struct ref_random_options big = {3000, 2, 2, 6, 20, 4, 6, 20, 4};
    struct ref_graph rg;
    struct graph *g;
    struct criticality_ranking *one, *many;
    unsigned threads[] = {2, 3, 8, 0};
    size_t t;
    (void)state;
    ref_graph_random(&rg, 42, &big);
    g = ref_graph_to_engine(&rg, 0);
    one = rank(g, 12, 48, 1);
    for (t = 0; t < 4; t++) {
        many = rank(g, 12, 48, threads[t]);
        assert_int_equal(many->n, one->n);
        assert_memory_equal(many->entries, one->entries, one->n * sizeof *one->entries);
        criticality_ranking_free(many);
    }
    /* ranking order: affected desc, then node-hours desc, then id */
    for (t = 1; t < one->n; t++)
        assert_true(criticality_entry_compare(g, &one->entries[t - 1], &one->entries[t]) < 0);
    criticality_ranking_free(one);
    graph_free(g);
    ref_graph_free(&rg);
}

static void test_sample_and_bad_options(void **state)
{
    struct ref_graph rg;
    struct graph *g;
    struct criticality_ranking *all, *some = NULL;
    uint32_t sample[] = {3, 17, 5}, bad[] = {99};
    struct criticality_options o = {6, 24, 2, sample, 3, NULL, NULL};
    struct error e = {0};
    size_t i, j, found = 0;
    (void)state;
    ref_graph_random(&rg, 7, &shape);
    g = ref_graph_to_engine(&rg, 0);
    all = rank(g, 6, 24, 1);
    assert_int_equal(criticality_rank(g, &o, &some, &e), 0);
    assert_int_equal(some->n, 3);
    for (i = 0; i < some->n; i++)
        for (j = 0; j < all->n; j++)
            if (all->entries[j].node == some->entries[i].node) {
                assert_int_equal(all->entries[j].affected, some->entries[i].affected);
                found++;
            }
    assert_int_equal(found, 3);
    criticality_ranking_free(some);
    some = NULL;
    o.nodes = bad;
    o.n_nodes = 1;
    assert_int_equal(criticality_rank(g, &o, &some, &e), ERR_INVALID);
    o.nodes = NULL;
    o.outage_h = -1;
    assert_int_equal(criticality_rank(g, &o, &some, &e), ERR_INVALID);
    o.outage_h = 1;
    o.horizon_h = 0;
    assert_int_equal(criticality_rank(g, &o, &some, &e), ERR_INVALID);
    assert_null(some);
    criticality_ranking_free(all);
    graph_free(g);
    ref_graph_free(&rg);
}

/* With a counted mask an entry counts only the marked nodes its failure
 * takes down (need-to-know): checked against each node's own cascade, for
 * every node, and the ranking is ordered by what it counts. */
static void test_counted_mask(void **state)
{
    struct ref_graph rg;
    struct graph *g;
    struct criticality_ranking *r = NULL;
    unsigned char counted[64];
    struct criticality_options o = {6, 24, 2, NULL, 0, NULL, counted};
    struct error e = {0};
    size_t i, k, fewer = 0;
    (void)state;
    ref_graph_random(&rg, 11, &shape);
    g = ref_graph_to_engine(&rg, 0);
    assert_true(graph_node_count(g) <= sizeof counted);
    for (i = 0; i < graph_node_count(g); i++)
        counted[i] = i % 3 != 0; /* a third hidden */
    assert_int_equal(criticality_rank(g, &o, &r, &e), 0);
    for (i = 0; i < r->n; i++) {
        struct cascade_result *c = NULL;
        struct cascade_event ev = {&r->entries[i].node, 1, 6, 24, NULL};
        uint32_t want = 0;
        int64_t hours = 0;
        assert_int_equal(cascade_run(g, &ev, &c, &e), 0);
        for (k = 0; k < c->n_affected; k++) {
            if (counted[c->nodes[k].node]) {
                want++;
                hours += c->nodes[k].down_h;
            }
        }
        fewer += want < c->n_affected;
        assert_int_equal(r->entries[i].affected, want);
        assert_int_equal(r->entries[i].down_node_hours, hours);
        if (i > 0)
            assert_true(criticality_entry_compare(g, &r->entries[i - 1], &r->entries[i]) < 0);
        cascade_result_free(c);
    }
    assert_true(fewer > 0); /* the mask made a difference */
    criticality_ranking_free(r);
    graph_free(g);
    ref_graph_free(&rg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_reference),
        cmocka_unit_test(test_same_for_any_thread_count),
        cmocka_unit_test(test_sample_and_bad_options),
        cmocka_unit_test(test_counted_mask),
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_stop_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
