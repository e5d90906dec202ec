/*
 * whatif_test.c — tests src/domain/whatif.c: each kind of effect on a
 * small database built here (extra supplier, more buffer, a stronger and a
 * weaker fallback, likelihood and impact classes with the aggregated
 * impact), measures that change nothing, the default failure (ties
 * included), the rankings before and after, and every refusal. Expected
 * values are worked out by hand in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/validate.h"
#include "domain/whatif.h"
#include "engine/cascade.h"
#include "engine/criticality.h"
#include "engine/graph.h"
#include "store/store.h"
#include "support/testutil.h"

#include <string.h>

#define COMMON                                                                                     \
    "\"organisations\": [{\"id\": \"o\", \"name\": \"O\", \"kind\": \"coordinator\"}],"            \
    " \"settings\": [{\"id\": \"whatif_outage_h\", \"value\": \"10\"},"                            \
    "   {\"id\": \"whatif_horizon_h\", \"value\": \"48\"}],"                                       \
    " \"sectors\": [{\"id\": \"s\", \"name\": \"S\"}],"

/*
 * Recovery 0 everywhere; outage 10 h, horizon 48 h (settings).
 *   b <- a (buffer 0);  c <- b (buffer 2);  e <- a (buffer 0, fb-e: 0 + 5)
 *   d and f supply nothing and need nothing.
 * a fails: a 10 h, b 10 h, c loss hours 3..10 = 8 h, e loss hours 6..10 =
 * 5 h: 4 affected, 33 node-hours. Ranking: a (4, 33), b (2, 18: b 10 + c 8),
 * then c, d, e, f (1, 10) by id.
 */
static const char doc_text[] =
    "{" COMMON " \"processes\": ["
    "   {\"id\": \"a\", \"name\": \"A\", \"category\": \"A\"},"
    "   {\"id\": \"b\", \"name\": \"B\", \"category\": \"B\"},"
    "   {\"id\": \"c\", \"name\": \"C\", \"category\": \"B\"},"
    "   {\"id\": \"d\", \"name\": \"D\", \"category\": \"B\"},"
    "   {\"id\": \"e\", \"name\": \"E\", \"category\": \"B\"},"
    "   {\"id\": \"f\", \"name\": \"F\", \"category\": \"none\"}],"
    " \"impact_criteria\": ["
    "   {\"id\": \"c1\", \"interest\": \"i\", \"name\": \"n1\", \"weight\": 1},"
    "   {\"id\": \"c2\", \"interest\": \"i\", \"name\": \"n2\", \"weight\": 1}],"
    " \"impact_classes\": ["
    "   {\"id\": \"A\", \"label\": \"a\", \"score\": 1, \"aggregate_min\": 0},"
    "   {\"id\": \"B\", \"label\": \"b\", \"score\": 3, \"aggregate_min\": 3},"
    "   {\"id\": \"C\", \"label\": \"c\", \"score\": 9, \"aggregate_min\": 9},"
    "   {\"id\": \"D\", \"label\": \"d\", \"score\": 27, \"aggregate_min\": 27},"
    "   {\"id\": \"E\", \"label\": \"e\", \"score\": 81, \"aggregate_min\": 81}],"
    " \"threats\": [{\"id\": \"t\", \"name\": \"T\"}],"
    " \"analyses\": [{\"id\": \"an\", \"process\": \"a\", \"cycle_year\": 2024,"
    "   \"kind\": \"regular\", \"started\": \"2024-01-01\"}],"
    " \"risks\": [{\"id\": \"r1\", \"analysis\": \"an\", \"threat\": \"t\", \"scenario\": \"x\","
    "   \"likelihood\": \"C\", \"impacts\": {\"c1\": \"D\", \"c2\": \"B\"}}],"
    " \"fallback_options\": [{\"id\": \"fb-e\", \"process\": \"e\", \"kind\": \"analogue\","
    "   \"available\": true, \"activation_h\": 0, \"duration_h\": 5}],"
    " \"dependencies\": ["
    "   {\"id\": \"d-b-a\", \"process\": \"b\", \"suppliers\": [\"a\"]},"
    "   {\"id\": \"d-c-b\", \"process\": \"c\", \"suppliers\": [\"b\"], \"buffer_h\": 2},"
    "   {\"id\": \"d-e-a\", \"process\": \"e\", \"suppliers\": [\"a\"], \"fallback\": \"fb-e\"}],"
    " \"measures\": ["
    "   {\"id\": \"m-sup\", \"effect\": \"add_supplier\", \"effect_dependency\": \"d-b-a\","
    "    \"effect_supplier\": \"d\"},"
    "   {\"id\": \"m-sup-dup\", \"effect\": \"add_supplier\", \"effect_dependency\": \"d-b-a\","
    "    \"effect_supplier\": \"a\"},"
    "   {\"id\": \"m-buf\", \"effect\": \"add_buffer\", \"effect_dependency\": \"d-c-b\","
    "    \"effect_hours\": 10},"
    "   {\"id\": \"m-fb-weaker\", \"effect\": \"add_fallback\", \"effect_dependency\": \"d-e-a\","
    "    \"effect_activation_h\": 0, \"effect_duration_h\": 3},"
    "   {\"id\": \"m-fb-stronger\", \"effect\": \"add_fallback\","
    "    \"effect_dependency\": \"d-e-a\", \"effect_activation_h\": 0, \"effect_duration_h\": 20},"
    "   {\"id\": \"m-lik\", \"effect\": \"likelihood\", \"effect_risk\": \"r1\","
    "    \"effect_class\": \"A\"},"
    "   {\"id\": \"m-imp\", \"effect\": \"impact\", \"effect_risk\": \"r1\","
    "    \"effect_criterion\": \"c1\", \"effect_class\": \"B\"},"
    "   {\"id\": \"m-none\"},"
    "   {\"id\": \"m-nodep\", \"effect\": \"add_buffer\", \"effect_hours\": 5},"
    "   {\"id\": \"m-nohours\", \"effect\": \"add_buffer\", \"effect_dependency\": \"d-c-b\"},"
    "   {\"id\": \"m-nodur\", \"effect\": \"add_fallback\", \"effect_dependency\": \"d-e-a\","
    "    \"effect_activation_h\": 0},"
    "   {\"id\": \"m-noclass\", \"effect\": \"impact\", \"effect_risk\": \"r1\","
    "    \"effect_criterion\": \"c1\"}]}";

/* a and b each supply one other process: both fail by default. */
static const char tie_text[] =
    "{" COMMON " \"processes\": ["
    "   {\"id\": \"a\", \"name\": \"A\", \"category\": \"A\"},"
    "   {\"id\": \"b\", \"name\": \"B\", \"category\": \"B\"},"
    "   {\"id\": \"c\", \"name\": \"C\", \"category\": \"B\"},"
    "   {\"id\": \"e\", \"name\": \"E\", \"category\": \"B\"}],"
    " \"dependencies\": ["
    "   {\"id\": \"d-c-b\", \"process\": \"c\", \"suppliers\": [\"b\"], \"buffer_h\": 2},"
    "   {\"id\": \"d-e-a\", \"process\": \"e\", \"suppliers\": [\"a\"]}],"
    " \"measures\": [{\"id\": \"m-buf\", \"effect\": \"add_buffer\","
    "   \"effect_dependency\": \"d-c-b\", \"effect_hours\": 10}]}";

/* a self-supply is no supply of another: nothing to fail by default. */
static const char alone_text[] =
    "{" COMMON " \"processes\": [{\"id\": \"a\", \"name\": \"A\", \"category\": \"A\"}],"
    " \"dependencies\": [{\"id\": \"d-a-a\", \"process\": \"a\", \"suppliers\": [\"a\"],"
    "   \"buffer_h\": 1}],"
    " \"measures\": [{\"id\": \"m-buf\", \"effect\": \"add_buffer\","
    "   \"effect_dependency\": \"d-a-a\", \"effect_hours\": 1}]}";

static struct store *db_from_text(const char *text)
{
    static int n;
    struct store *s = NULL;
    struct error e = {0};
    json_error_t jerr;
    json_t *doc = json_loads(text, 0, &jerr), *record;
    char name[32];
    size_t i, j;
    if (doc == NULL)
        fail_msg("fixture: %s", jerr.text);
    snprintf(name, sizeof name, "whatif%d.db", n++);
    assert_int_equal(store_open(testutil_db_path(name), STORE_CREATE, &s, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    for (i = 0; i < model_kind_count; i++) {
        const struct kind *k = model_kinds[i];
        json_array_foreach(json_object_get(doc, k->name), j, record)
        {
            if (strcmp(k->name, "processes") == 0) {
                json_object_set_new(record, "sector", json_string("s"));
                json_object_set_new(record, "ministry", json_string("o"));
            } else if (strcmp(k->name, "measures") == 0) {
                json_object_set_new(record, "name", json_string("m"));
                json_object_set_new(record, "kind", json_string("other"));
                json_object_set_new(record, "scope", json_string("sectoral"));
            }
            json_object_set_new(record, "classification", json_string("public"));
            json_object_set_new(record, "owner", json_string("o"));
            if (validate_record(k, record, "$", &e) != 0 ||
                store_record_put(s, k, record, &testutil_change, NULL, &e) != 0)
                fail_msg("%s: %s: %s", k->name, e.where, e.message);
        }
    }
    if (store_commit(s, &e) != 0)
        fail_msg("commit: %s", e.message);
    json_decref(doc);
    return s;
}

static int setup(void **state)
{
    *state = db_from_text(doc_text);
    return 0;
}

static int teardown(void **state)
{
    store_close(*state);
    return 0;
}

/* Runs the measures (comma-free ids) with the failure fail (NULL: default). */
static int run(struct store *s, const char *const *measures, size_t n, const char *fail,
               struct whatif_result *r, struct error *e)
{
    struct whatif_options o = {measures, n,   fail ? &fail : NULL, fail ? 1 : 0, -1, -1, 1, NULL,
                               NULL,     NULL};
    return whatif_run(s, &o, r, e);
}

static void assert_rank(const struct whatif_result *r, const struct criticality_ranking *k,
                        size_t i, const char *id, uint32_t affected, int64_t hours)
{
    assert_string_equal(graph_node_id(r->graph, k->entries[i].node), id);
    assert_int_equal(k->entries[i].affected, affected);
    assert_int_equal(k->entries[i].down_node_hours, hours);
}

static void test_unbridged_hours(void **state)
{
    (void)state;
    assert_int_equal(whatif_unbridged_hours(0, 0, 0, 0, 48), 48);
    /* buffer 2 + window 3..10: a 10 h loss is bridged entirely */
    assert_int_equal(whatif_unbridged_hours(2, 1, 2, 8, 10), 0);
    /* window 3..6: loss hours 7..10 stay */
    assert_int_equal(whatif_unbridged_hours(2, 1, 2, 4, 10), 4);
    /* a window inside the buffer adds nothing */
    assert_int_equal(whatif_unbridged_hours(5, 1, 0, 2, 48), 43);
    /* a window after a gap: 1..2 buffer, 3..4 down, 5..7 window, 8..10 down */
    assert_int_equal(whatif_unbridged_hours(2, 1, 4, 3, 10), 5);
}

static void test_add_supplier(void **state)
{
    static const char *const m[] = {"m-sup"};
    struct whatif_result r;
    struct error e = {0};
    assert_int_equal(run(*state, m, 1, NULL, &r, &e), 0);
    assert_int_equal(r.outage_h, 10);
    assert_int_equal(r.horizon_h, 48);
    /* a supplies b and e, b only c: a fails by default */
    assert_true(r.failed_default);
    assert_int_equal(r.n_failed, 1);
    assert_string_equal(r.failed[0], "a");
    assert_int_equal(r.failed_supplies, 2);
    assert_true(r.changes[0].changed);
    assert_string_equal(r.changes[0].before, "a");
    assert_string_equal(r.changes[0].after, "a, d");
    assert_int_equal(r.cascade_before->n_affected, 4);
    assert_int_equal(r.cascade_before->down_node_hours, 33);
    /* d keeps b up, so c too: a 10 + e 5 */
    assert_int_equal(r.cascade_after->n_affected, 2);
    assert_int_equal(r.cascade_after->down_node_hours, 15);
    assert_rank(&r, r.ranking_before, 0, "a", 4, 33);
    assert_rank(&r, r.ranking_before, 1, "b", 2, 18);
    assert_rank(&r, r.ranking_before, 2, "c", 1, 10);
    /* after: b (2, 18) now ranks above a (2, 15) */
    assert_rank(&r, r.ranking_after, 0, "b", 2, 18);
    assert_rank(&r, r.ranking_after, 1, "a", 2, 15);
    assert_rank(&r, r.ranking_after, 2, "c", 1, 10);
    assert_rank(&r, r.ranking_after, 5, "f", 1, 10);
    assert_int_equal(r.n_risks, 0);
    whatif_result_release(&r);
}

static void test_add_buffer_and_stronger_fallback(void **state)
{
    static const char *const m[] = {"m-buf", "m-fb-stronger"};
    struct whatif_result r;
    struct error e = {0};
    assert_int_equal(run(*state, m, 2, "a", &r, &e), 0);
    assert_false(r.failed_default);
    assert_string_equal(r.changes[0].before, "buffer 2 h");
    assert_string_equal(r.changes[0].after, "buffer 12 h");
    assert_string_equal(r.changes[1].before, "fallback from loss hour 1 through 5");
    assert_string_equal(r.changes[1].after, "fallback from loss hour 1 through 20");
    assert_true(r.changes[1].changed);
    /* c bridges 12 h and e 20 h: only a and b are down, 20 node-hours */
    assert_int_equal(r.cascade_after->n_affected, 2);
    assert_int_equal(r.cascade_after->down_node_hours, 20);
    whatif_result_release(&r);
}

static void test_measures_that_change_nothing(void **state)
{
    static const char *const m[] = {"m-sup-dup", "m-fb-weaker"};
    struct whatif_result r;
    struct error e = {0};
    size_t i;
    assert_int_equal(run(*state, m, 2, NULL, &r, &e), 0);
    /* a already supplies d-b-a; window 1..3 leaves 45 of 48 loss hours, the
     * current 1..5 only 43: the weaker one does not replace it */
    assert_false(r.changes[0].changed);
    assert_false(r.changes[1].changed);
    assert_string_equal(r.changes[1].after, "fallback from loss hour 1 through 5");
    assert_int_equal(r.cascade_after->n_affected, r.cascade_before->n_affected);
    assert_int_equal(r.cascade_after->down_node_hours, 33);
    for (i = 0; i < r.ranking_before->n; i++) {
        assert_int_equal(r.ranking_after->entries[i].node, r.ranking_before->entries[i].node);
        assert_int_equal(r.ranking_after->entries[i].down_node_hours,
                         r.ranking_before->entries[i].down_node_hours);
    }
    whatif_result_release(&r);
}

static void test_risk_effects(void **state)
{
    static const char *const m[] = {"m-lik", "m-imp"};
    struct whatif_result r;
    struct error e = {0};
    assert_int_equal(run(*state, m, 2, "c", &r, &e), 0);
    assert_int_equal(r.n_risks, 1);
    assert_string_equal(r.risks[0].id, "r1");
    assert_string_equal(r.risks[0].likelihood_before, "C");
    assert_string_equal(r.risks[0].likelihood_after, "A");
    assert_string_equal(json_string_value(json_object_get(r.risks[0].impacts_before, "c1")), "D");
    assert_string_equal(json_string_value(json_object_get(r.risks[0].impacts_after, "c1")), "B");
    assert_string_equal(json_string_value(json_object_get(r.risks[0].impacts_after, "c2")), "B");
    /* 27 + 3 = 30 reaches D (27); after 3 + 3 = 6 reaches B (3) */
    assert_true(r.risks[0].has_score);
    assert_true(r.risks[0].aggregate_before == 30.0);
    assert_string_equal(r.risks[0].impact_class_before, "D");
    assert_true(r.risks[0].aggregate_after == 6.0);
    assert_string_equal(r.risks[0].impact_class_after, "B");
    assert_string_equal(r.changes[1].before, "impact c1 D");
    assert_string_equal(r.changes[1].after, "impact c1 B");
    /* no graph effect: c alone, the same before and after */
    assert_int_equal(r.cascade_before->down_node_hours, 10);
    assert_int_equal(r.cascade_after->down_node_hours, 10);
    whatif_result_release(&r);
}

static void expect_refusal(struct store *s, const char *const *m, size_t n, const char *fail,
                           int code, const char *where, const char *message)
{
    struct whatif_result r;
    struct error e = {0};
    assert_int_equal(run(s, m, n, fail, &r, &e), code);
    if (where)
        assert_string_equal(e.where, where);
    if (strstr(e.message, message) == NULL)
        fail_msg("message '%s' lacks '%s'", e.message, message);
    assert_null(r.graph);
    assert_int_equal(r.n_changes, 0);
}

static void test_refusals(void **state)
{
    static const char *const unknown[] = {"m-sup", "nope"};
    static const char *const none[] = {"m-sup", "m-none"};
    static const char *const nodep[] = {"m-nodep"};
    static const char *const nohours[] = {"m-nohours"};
    static const char *const nodur[] = {"m-nodur"};
    static const char *const noclass[] = {"m-noclass"};
    static const char *const ok[] = {"m-sup"};
    expect_refusal(*state, unknown, 2, NULL, ERR_NOTFOUND, "--measures", "unknown measure 'nope'");
    expect_refusal(*state, none, 2, NULL, ERR_INVALID, "", "measure m-none has no what-if effect");
    expect_refusal(*state, nodep, 1, NULL, ERR_INVALID, "m-nodep.effect_dependency",
                   "effect add_buffer needs effect_dependency");
    expect_refusal(*state, nohours, 1, NULL, ERR_INVALID, "m-nohours.effect_hours",
                   "needs effect_hours");
    expect_refusal(*state, nodur, 1, NULL, ERR_INVALID, "m-nodur.effect_duration_h",
                   "needs effect_duration_h");
    expect_refusal(*state, noclass, 1, NULL, ERR_INVALID, "m-noclass.effect_class",
                   "needs effect_class");
    expect_refusal(*state, ok, 1, "zz", ERR_NOTFOUND, "--fail", "unknown process 'zz'");
}

static void test_default_failure_tie_and_none(void **state)
{
    static const char *const m[] = {"m-buf"};
    struct store *tie = db_from_text(tie_text), *alone = db_from_text(alone_text);
    struct whatif_result r;
    struct error e = {0};
    (void)state;
    assert_int_equal(run(tie, m, 1, NULL, &r, &e), 0);
    assert_int_equal(r.n_failed, 2);
    assert_string_equal(r.failed[0], "a");
    assert_string_equal(r.failed[1], "b");
    assert_int_equal(r.failed_supplies, 1);
    /* a, b 10 each; c loss 3..10 = 8 before, bridged by 12 h after; e 10 */
    assert_int_equal(r.cascade_before->down_node_hours, 38);
    assert_int_equal(r.cascade_after->down_node_hours, 30);
    whatif_result_release(&r);
    expect_refusal(alone, m, 1, NULL, ERR_INVALID, "--fail", "no process supplies another");
    store_close(tie);
    store_close(alone);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unbridged_hours),
        cmocka_unit_test_setup_teardown(test_add_supplier, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_buffer_and_stronger_fallback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_measures_that_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_risk_effects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test(test_default_failure_tie_and_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
