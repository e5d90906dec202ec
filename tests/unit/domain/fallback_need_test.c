/*
 * fallback_need_test.c — tests src/domain/fallback_need.c: the decision
 * table row by row, and on a small database built here the hours down per
 * lost input with and without fallbacks, gaps exactly on the tolerable
 * downtime, a fallback that covers the gap exactly, the reach, and the
 * proportionality of each option (exactly on the threshold, above it, no
 * cost, not linked, saving nothing). Expected values are worked out by hand
 * in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/fallback_need.h"
#include "domain/validate.h"
#include "store/store.h"
#include "support/testutil.h"

#include <string.h>

/*
 * Settings: every input lost for 10 h, horizon 48 h; A tolerates 4 h, B 6 h,
 * none 8 h; needed for B from a reach of 1; proportionate up to EUR 1000 per
 * saved down-hour. Recovery 0 everywhere. grid supplies everything but pay.
 *
 *   water  (A) <- grid, buffer 2, fb-water  (available, 2 + 8, EUR 8000)
 *   water2 (A) <- grid, buffer 2, fb-water2 (available, 2 + 4, EUR 10000)
 *   water3 (A) <- grid, buffer 2, fb-water3 (available, 2 + 3, no cost)
 *   tele   (B) <- grid, buffer 0;    fb-unlinked names tele but no dependency
 *   pay    (B) <- tele, buffer 0, fb-pay-late (NOT available, 20 + 5, EUR 500)
 *   shop (none) <- grid, buffer 0
 *   bank   (B) <- grid, buffer 4
 *   solo   (B)    no inputs
 */
static const char doc_text[] =
    "{\"organisations\": [{\"id\": \"o\", \"name\": \"O\", \"kind\": \"coordinator\"}],"
    " \"settings\": [{\"id\": \"fallback_outage_h\", \"value\": \"10\"},"
    "   {\"id\": \"fallback_horizon_h\", \"value\": \"48\"},"
    "   {\"id\": \"max_tolerable_downtime_h_A\", \"value\": \"4\"},"
    "   {\"id\": \"max_tolerable_downtime_h_B\", \"value\": \"6\"},"
    "   {\"id\": \"max_tolerable_downtime_h_none\", \"value\": \"8\"},"
    "   {\"id\": \"fallback_reach_needed\", \"value\": \"1\"},"
    "   {\"id\": \"proportionate_eur_per_down_hour\", \"value\": \"1000\"}],"
    " \"sectors\": [{\"id\": \"s\", \"name\": \"S\"}],"
    " \"processes\": ["
    "   {\"id\": \"grid\", \"name\": \"Grid\", \"category\": \"A\"},"
    "   {\"id\": \"water\", \"name\": \"Water\", \"category\": \"A\"},"
    "   {\"id\": \"water2\", \"name\": \"Water2\", \"category\": \"A\"},"
    "   {\"id\": \"water3\", \"name\": \"Water3\", \"category\": \"A\"},"
    "   {\"id\": \"tele\", \"name\": \"Tele\", \"category\": \"B\"},"
    "   {\"id\": \"pay\", \"name\": \"Pay\", \"category\": \"B\"},"
    "   {\"id\": \"shop\", \"name\": \"Shop\", \"category\": \"none\"},"
    "   {\"id\": \"bank\", \"name\": \"Bank\", \"category\": \"B\"},"
    "   {\"id\": \"solo\", \"name\": \"Solo\", \"category\": \"B\"}],"
    " \"fallback_options\": ["
    "   {\"id\": \"fb-water\", \"process\": \"water\", \"kind\": \"analogue\", \"available\": true,"
    "    \"activation_h\": 2, \"duration_h\": 8, \"cost_eur\": 8000},"
    "   {\"id\": \"fb-water2\", \"process\": \"water2\", \"kind\": \"analogue\","
    "    \"available\": true, \"activation_h\": 2, \"duration_h\": 4, \"cost_eur\": 10000},"
    "   {\"id\": \"fb-water3\", \"process\": \"water3\", \"kind\": \"digital\","
    "    \"available\": true, \"activation_h\": 2, \"duration_h\": 3},"
    "   {\"id\": \"fb-unlinked\", \"process\": \"tele\", \"kind\": \"analogue\","
    "    \"available\": true, \"activation_h\": 0, \"duration_h\": 10, \"cost_eur\": 100},"
    "   {\"id\": \"fb-pay-late\", \"process\": \"pay\", \"kind\": \"analogue\","
    "    \"available\": false, \"activation_h\": 20, \"duration_h\": 5, \"cost_eur\": 500}],"
    " \"dependencies\": ["
    "   {\"id\": \"d-bank\", \"process\": \"bank\", \"suppliers\": [\"grid\"], \"buffer_h\": 4},"
    "   {\"id\": \"d-pay\", \"process\": \"pay\", \"suppliers\": [\"tele\"],"
    "    \"fallback\": \"fb-pay-late\"},"
    "   {\"id\": \"d-shop\", \"process\": \"shop\", \"suppliers\": [\"grid\"]},"
    "   {\"id\": \"d-tele\", \"process\": \"tele\", \"suppliers\": [\"grid\"]},"
    "   {\"id\": \"d-water\", \"process\": \"water\", \"suppliers\": [\"grid\"], \"buffer_h\": 2,"
    "    \"fallback\": \"fb-water\"},"
    "   {\"id\": \"d-water2\", \"process\": \"water2\", \"suppliers\": [\"grid\"],"
    "    \"buffer_h\": 2, \"fallback\": \"fb-water2\"},"
    "   {\"id\": \"d-water3\", \"process\": \"water3\", \"suppliers\": [\"grid\"],"
    "    \"buffer_h\": 2, \"fallback\": \"fb-water3\"}]}";

static int setup(void **state)
{
    struct store *s = NULL;
    struct error e = {0};
    json_error_t jerr;
    json_t *doc = json_loads(doc_text, 0, &jerr), *record;
    size_t i, j;
    static int n;
    char name[32];
    if (doc == NULL)
        fail_msg("fixture: %s", jerr.text);
    snprintf(name, sizeof name, "fallback%d.db", n++);
    assert_int_equal(store_open(testutil_temp_path(name), STORE_CREATE, &s, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    for (i = 0; i < model_kind_count; i++) {
        const struct kind *k = model_kinds[i];
        json_array_foreach(json_object_get(doc, k->name), j, record)
        {
            if (strcmp(k->name, "processes") == 0) {
                json_object_set_new(record, "sector", json_string("s"));
                json_object_set_new(record, "ministry", json_string("o"));
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
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    store_close(*state);
    return 0;
}

static const struct fallback_need_process *find(const struct fallback_need_report *r,
                                                const char *id)
{
    size_t i;
    for (i = 0; i < r->n; i++) {
        if (strcmp(r->processes[i].id, id) == 0)
            return &r->processes[i];
    }
    fail_msg("process %s not in the report", id);
    return NULL;
}

static void test_decision_table(void **state)
{
    (void)state;
    /* no gap: never needed */
    assert_int_equal(fallback_need_decide("A", 0, 99, 1), FALLBACK_NOT_NEEDED);
    /* A with a gap: needed whatever the reach */
    assert_int_equal(fallback_need_decide("A", 1, 0, 1), FALLBACK_NEEDED);
    /* B: needed from the reach setting on (exactly on it counts), else advisable */
    assert_int_equal(fallback_need_decide("B", 1, 1, 1), FALLBACK_NEEDED);
    assert_int_equal(fallback_need_decide("B", 1, 0, 1), FALLBACK_ADVISABLE);
    /* none: advisable with the reach, else not needed */
    assert_int_equal(fallback_need_decide("none", 1, 3, 3), FALLBACK_ADVISABLE);
    assert_int_equal(fallback_need_decide("none", 1, 2, 3), FALLBACK_NOT_NEEDED);
}

/* The analyst's stored decision against the engine's verdict. */
static void test_disagreement(void **state)
{
    int needed, prop;
    (void)state;
    fallback_need_disagreement("yes", 1, FALLBACK_NOT_NEEDED, FALLBACK_DISPROPORTIONATE, &needed,
                               &prop);
    assert_true(needed);
    assert_true(prop);
    fallback_need_disagreement("no", 0, FALLBACK_NEEDED, FALLBACK_PROPORTIONATE, &needed, &prop);
    assert_true(needed);
    assert_true(prop);
    /* advisable agrees with either answer; unknown and not judged are no decision */
    fallback_need_disagreement("yes", 1, FALLBACK_ADVISABLE, FALLBACK_PROPORTIONATE, &needed,
                               &prop);
    assert_false(needed);
    assert_false(prop);
    fallback_need_disagreement("no", 1, FALLBACK_ADVISABLE, FALLBACK_SAVES_NOTHING, &needed, &prop);
    assert_false(needed);
    assert_true(prop);
    fallback_need_disagreement("unknown", -1, FALLBACK_NEEDED, FALLBACK_DISPROPORTIONATE, &needed,
                               &prop);
    assert_false(needed);
    assert_false(prop);
    /* an option the engine cannot judge contradicts no decision */
    fallback_need_disagreement("yes", 0, FALLBACK_NEEDED, FALLBACK_NO_COST, &needed, &prop);
    assert_false(needed);
    assert_false(prop);
    fallback_need_disagreement("yes", 1, FALLBACK_NEEDED, FALLBACK_NOT_LINKED, &needed, &prop);
    assert_false(prop);
}

static void test_every_process(void **state)
{
    struct fallback_need_options o = {NULL, -1};
    struct fallback_need_report r;
    struct error e = {0};
    const struct fallback_need_process *p;

    assert_int_equal(fallback_need_compute(*state, &o, &r, &e), 0);
    assert_int_equal(r.outage_h, 10);
    assert_int_equal(r.horizon_h, 48);
    assert_int_equal(r.n, 9);

    /* grid: no inputs; its failure takes down water2, water3, tele, pay, shop
     * and bank (water's fallback bridges loss hours 3..10 after its buffer) */
    p = find(&r, "grid");
    assert_int_equal(p->reach, 6);
    assert_int_equal(p->n_inputs, 0);
    assert_int_equal(p->verdict, FALLBACK_NOT_NEEDED);
    assert_non_null(strstr(p->explanation, "has no recorded inputs"));

    /* water: without its fallback loss hours 3..10 are down (hours 2..9): 8 h
     * > 4; with it 0 h: the fallback ends exactly where the outage does */
    p = find(&r, "water");
    assert_int_equal(p->inputs[0].first_down_h, 2);
    assert_int_equal(p->inputs[0].down_h, 8);
    assert_int_equal(p->inputs[0].down_h_with, 0);
    assert_true(p->gap && p->covered);
    assert_int_equal(p->verdict, FALLBACK_NEEDED);
    /* saved: 8 down-hours; 8000 / 8 = 1000, exactly the threshold: proportionate */
    assert_int_equal(p->n_options, 1);
    assert_int_equal(p->options[0].saved_down_hours, 8);
    assert_true(p->options[0].eur_per_down_hour == 1000.0);
    assert_int_equal(p->options[0].judgement, FALLBACK_PROPORTIONATE);

    /* water2: with its fallback loss hours 7..10 are down: 4 h, exactly what A
     * tolerates: covered; saves 4 h for EUR 10000 = 2500 per hour */
    p = find(&r, "water2");
    assert_int_equal(p->inputs[0].down_h_with, 4);
    assert_true(p->gap && p->covered);
    assert_int_equal(p->options[0].saved_down_hours, 4);
    assert_true(p->options[0].eur_per_down_hour == 2500.0);
    assert_int_equal(p->options[0].judgement, FALLBACK_DISPROPORTIONATE);

    /* water3: 5 h with its fallback, one more than tolerated: not covered; no cost */
    p = find(&r, "water3");
    assert_int_equal(p->inputs[0].down_h_with, 5);
    assert_true(p->gap && !p->covered);
    assert_int_equal(p->verdict, FALLBACK_NEEDED);
    assert_int_equal(p->options[0].saved_down_hours, 3);
    assert_int_equal(p->options[0].judgement, FALLBACK_NO_COST);
    assert_non_null(strstr(p->explanation, "(fb-water3 bridges too little)"));

    /* tele: down 10 h > 6, takes pay down: needed; its option names no dependency */
    p = find(&r, "tele");
    assert_int_equal(p->reach, 1);
    assert_int_equal(p->verdict, FALLBACK_NEEDED);
    assert_false(p->covered);
    assert_int_equal(p->options[0].judgement, FALLBACK_NOT_LINKED);
    assert_string_equal(p->explanation,
                        "Needed: Tele (category B, tolerates 6 h; its failure takes down 1 other "
                        "process) is down 10 h from hour 0 when d-tele is lost for 10 h without a "
                        "fallback of its own. Not covered: with the available fallbacks it is "
                        "still down 10 h on losing d-tele (no fallback option).");

    /* pay: B, reach 0: advisable; its fallback is not available, and would
     * start at loss hour 21, after any 10 h loss: saves nothing */
    p = find(&r, "pay");
    assert_int_equal(p->reach, 0);
    assert_int_equal(p->inputs[0].down_h, 10);
    assert_int_equal(p->inputs[0].down_h_with, 10);
    assert_false(p->inputs[0].fallback_available);
    assert_int_equal(p->verdict, FALLBACK_ADVISABLE);
    assert_int_equal(p->options[0].saved_down_hours, 0);
    assert_int_equal(p->options[0].judgement, FALLBACK_SAVES_NOTHING);
    assert_non_null(strstr(p->explanation, "(fb-pay-late is not available)"));

    /* shop: none, gap (10 > 8) but reach 0: not needed */
    p = find(&r, "shop");
    assert_true(p->gap);
    assert_int_equal(p->verdict, FALLBACK_NOT_NEEDED);

    /* bank: buffer 4, loss hours 5..10 down: 6 h, exactly what B tolerates: no gap */
    p = find(&r, "bank");
    assert_int_equal(p->inputs[0].first_down_h, 4);
    assert_int_equal(p->inputs[0].down_h, 6);
    assert_false(p->gap);
    assert_int_equal(p->verdict, FALLBACK_NOT_NEEDED);
    assert_non_null(strstr(p->explanation, "at most 6 h down, on losing d-bank"));

    p = find(&r, "solo");
    assert_int_equal(p->verdict, FALLBACK_NOT_NEEDED);
    fallback_need_report_release(&r);
}

static void test_one_process_shorter_outage(void **state)
{
    struct fallback_need_options o = {"tele", 6};
    struct fallback_need_report r;
    struct error e = {0};
    assert_int_equal(fallback_need_compute(*state, &o, &r, &e), 0);
    assert_int_equal(r.n, 1);
    /* a 6 h loss keeps tele down 6 h: exactly tolerable, no gap */
    assert_int_equal(r.processes[0].inputs[0].down_h, 6);
    assert_false(r.processes[0].gap);
    assert_int_equal(r.processes[0].verdict, FALLBACK_NOT_NEEDED);
    fallback_need_report_release(&r);
}

/* A process's own maximum tolerable downtime (mtpd_h, with its reason)
 * overrides its category's: bank is down 6 h (10 h lost, buffer 4), exactly
 * what B tolerates; with its own 3 h that is a gap: advisable (reach 0). */
static void test_own_tolerable_downtime(void **state)
{
    struct store *s = *state;
    const struct kind *k = model_kind_find("processes");
    struct fallback_need_options o = {"bank", -1};
    struct fallback_need_report r;
    struct error e = {0};
    json_t *bank = NULL;

    assert_int_equal(store_record_get(s, k, "bank", &bank, &e), 0);
    json_object_set_new(bank, "mtpd_h", json_integer(3));
    assert_int_equal(validate_record(k, bank, "$", &e), ERR_INVALID);
    assert_string_equal(e.where, "$.mtpd_reason");
    json_object_set_new(bank, "mtpd_reason", json_string("settlement closes at 15:00"));
    assert_int_equal(validate_record(k, bank, "$", &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_record_put(s, k, bank, &testutil_change, NULL, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(bank);

    assert_int_equal(fallback_need_compute(s, &o, &r, &e), 0);
    assert_int_equal(r.processes[0].tolerable_h, 3);
    assert_true(r.processes[0].tolerable_own);
    assert_int_equal(r.processes[0].inputs[0].down_h, 6);
    assert_true(r.processes[0].gap);
    assert_int_equal(r.processes[0].verdict, FALLBACK_ADVISABLE);
    assert_non_null(
        strstr(r.processes[0].explanation, "tolerates 3 h by its own maximum tolerable downtime"));
    fallback_need_report_release(&r);
}

static void test_unknown_process(void **state)
{
    struct fallback_need_options o = {"nope", -1};
    struct fallback_need_report r;
    struct error e = {0};
    assert_int_equal(fallback_need_compute(*state, &o, &r, &e), ERR_NOTFOUND);
    assert_non_null(strstr(e.message, "unknown process 'nope'"));
    assert_int_equal(r.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decision_table),
        cmocka_unit_test(test_disagreement),
        cmocka_unit_test_setup_teardown(test_every_process, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_process_shorter_outage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_own_tolerable_downtime, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_process, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
