/*
 * fallback_need_test.c — tests src/domain/fallback_need.c: the decision
 * table row by row, and on a small database built here the hours down per
 * lost input with and without fallbacks, gaps exactly on the tolerable
 * downtime, a fallback that covers the gap exactly, the reach, and the
 * proportionality of each option (exactly on the threshold, above it, no
 * cost, not linked, saving nothing); the process's own failure (issue 20
 * part 1): scenario hours with and without bridging, the default loss of
 * its own digital systems, a risk that replaces it, which analyses count,
 * the verdict it changes and the cost per saved down-hour of an option that
 * bridges a scenario; and the alternative measure of an option judged not
 * proportionate. Expected values are worked out by hand in the comments.
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

/* Loads the fixture; with own_never, every process gets a final analysis
 * whose one risk is a loss of its own systems lasting 0 h, which replaces
 * the default scenario: only the inputs count (the tests written before
 * issue 20 part 1). */
static int load(void **state, int own_never)
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
    json_object_set_new(doc, "threats", json_pack("[{s:s, s:s}]", "id", "t", "name", "T"));
    if (own_never) {
        json_t *analyses = json_array(), *risks = json_array();
        json_array_foreach(json_object_get(doc, "processes"), i, record)
        {
            const char *id = json_string_value(json_object_get(record, "id"));
            char aid[64], rid[64];
            snprintf(aid, sizeof aid, "an-%s", id);
            snprintf(rid, sizeof rid, "r-%s-never", id);
            json_array_append_new(
                analyses, json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s}", "id", aid, "process", id,
                                    "cycle_year", 2025, "kind", "regular", "status", "final",
                                    "started", "2025-01-01", "finalised", "2025-06-01"));
            json_array_append_new(risks, json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:b}", "id", rid,
                                                   "analysis", aid, "threat", "t", "scenario",
                                                   "never down", "likelihood", "A", "outage_h", 0,
                                                   "own_systems", 1));
        }
        json_object_set_new(doc, "analyses", analyses);
        json_object_set_new(doc, "risks", risks);
    }
    snprintf(name, sizeof name, "fallback%d.db", n++);
    assert_int_equal(store_open(testutil_db_path(name), STORE_CREATE, &s, &e), 0);
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

static int setup(void **state)
{
    return load(state, 1);
}

static int setup_own_failure(void **state)
{
    return load(state, 0);
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
                        "fallback of its own; failing itself in a scenario of its analysis (0 h, "
                        "its own digital systems lost) it is down 0 h without a fallback. Not "
                        "covered: with the available fallbacks it is still down 10 h on losing "
                        "d-tele (no fallback option).");

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

/* The hours of a scenario of the process's own failure (pure). */
static void test_scenario_down_hours(void **state)
{
    (void)state;
    /* no fallback: the outage, capped by the horizon */
    assert_int_equal(fallback_need_scenario_down(10, 48, 0, 0, 0), 10);
    assert_int_equal(fallback_need_scenario_down(100, 48, 0, 0, 0), 48);
    assert_int_equal(fallback_need_scenario_down(0, 48, 1, 0, 10), 0);
    /* down until it takes over (2 h), bridged 8 h: nothing after */
    assert_int_equal(fallback_need_scenario_down(10, 48, 1, 2, 8), 2);
    /* bridged hours 2..5, down again 6..9: 2 + 4 */
    assert_int_equal(fallback_need_scenario_down(10, 48, 1, 2, 4), 6);
    /* it would take over after the outage: no help */
    assert_int_equal(fallback_need_scenario_down(10, 48, 1, 20, 5), 10);
    /* a 60 h outage in a 48 h horizon: 2 before, hours 6..47 after */
    assert_int_equal(fallback_need_scenario_down(60, 48, 1, 2, 4), 44);
}

static const struct fallback_need_scenario *only_scenario(const struct fallback_need_process *p)
{
    assert_int_equal(p->n_scenarios, 1);
    return &p->scenarios[0];
}

/* Without risks of their own, every process loses its own digital systems
 * for the outage (10 h) by default, bridged by its best analogue or digital
 * option. */
static void test_default_scenario(void **state)
{
    struct fallback_need_options o = {NULL, -1};
    struct fallback_need_report r;
    struct error e = {0};
    const struct fallback_need_process *p;
    const struct fallback_need_scenario *sc;

    assert_int_equal(fallback_need_compute(*state, &o, &r, &e), 0);
    /* grid: no inputs and no option; down 10 h > 4: a gap, so A needs one
     * (only inputs counted, it needed none) */
    p = find(&r, "grid");
    sc = only_scenario(p);
    assert_string_equal(sc->risk, "");
    assert_true(sc->own_systems);
    assert_int_equal(sc->outage_h, 10);
    assert_int_equal(sc->down_h, 10);
    assert_int_equal(sc->down_h_with, 10);
    assert_true(sc->need && !sc->covered);
    assert_int_equal(p->verdict, FALLBACK_NEEDED);
    assert_non_null(strstr(p->explanation, "on losing its own digital systems for 10 h (the "
                                           "default scenario) it is down 10 h without a fallback"));
    assert_non_null(strstr(p->explanation, "still down 10 h when it fails itself (no fallback "
                                           "option)"));

    /* water: fb-water (analogue, 2 + 8) bridges it too: down 2 h <= 4,
     * covered; it now saves 8 input hours and 10 - 2 = 8 own hours (water
     * supplies no one): EUR 8000 / 16 = 500 */
    p = find(&r, "water");
    sc = only_scenario(p);
    assert_string_equal(sc->fallback, "fb-water");
    assert_int_equal(sc->down_h_with, 2);
    assert_true(sc->covered && p->covered);
    assert_int_equal(p->options[0].n_scenarios, 1);
    assert_int_equal(p->options[0].saved_down_hours, 16);
    assert_true(p->options[0].eur_per_down_hour == 500.0);

    /* water2: fb-water2 (2 + 4) leaves 2 + 4 = 6 h > 4: the process is no
     * longer covered, though its input loss is */
    p = find(&r, "water2");
    sc = only_scenario(p);
    assert_int_equal(sc->down_h_with, 6);
    assert_true(sc->need && !sc->covered);
    assert_true(p->inputs[0].covered);
    assert_false(p->covered);

    /* tele: fb-unlinked (analogue, 0 + 10), named by no dependency, bridges
     * the whole outage: covered; it is judged now: tele down 10 h takes pay
     * down 10 h (its fallback is not available): 20 down-node-hours saved,
     * EUR 100 / 20 = 5 */
    p = find(&r, "tele");
    sc = only_scenario(p);
    assert_string_equal(sc->fallback, "fb-unlinked");
    assert_int_equal(sc->down_h_with, 0);
    assert_true(sc->covered);
    assert_int_equal(p->options[0].n_dependencies, 0);
    assert_int_equal(p->options[0].saved_down_hours, 20);
    assert_int_equal(p->options[0].judgement, FALLBACK_PROPORTIONATE);

    /* pay: its only option is not available: down 10 h either way */
    sc = only_scenario(find(&r, "pay"));
    assert_string_equal(sc->fallback, "fb-pay-late");
    assert_false(sc->fallback_available);
    assert_int_equal(sc->down_h_with, 10);

    /* bank and solo (B, reach 0): 10 h > 6 by their own failure: advisable,
     * where the inputs alone needed none */
    assert_int_equal(find(&r, "bank")->verdict, FALLBACK_ADVISABLE);
    assert_int_equal(find(&r, "solo")->verdict, FALLBACK_ADVISABLE);
    fallback_need_report_release(&r);
}

static void put(struct store *s, const char *kind, const char *text)
{
    const struct kind *k = model_kind_find(kind);
    struct error e = {0};
    json_error_t jerr;
    json_t *record = json_loads(text, 0, &jerr);
    if (record == NULL)
        fail_msg("%s: %s", text, jerr.text);
    json_object_set_new(record, "classification", json_string("public"));
    json_object_set_new(record, "owner", json_string("o"));
    if (validate_record(k, record, "$", &e) != 0 || store_begin(s, &e) != 0 ||
        store_record_put(s, k, record, &testutil_change, NULL, &e) != 0 || store_commit(s, &e))
        fail_msg("%s: %s: %s", kind, e.where, e.message);
    json_decref(record);
}

/* grid's own scenarios: a loss of its own systems for 3 h in its latest
 * final regular analysis replaces the default; an open quickscan adds an 8 h
 * outage bridged by fb-grid; a draft analysis, an older final regular one
 * and a quickscan finalised before the base do not count. */
static void test_risk_scenarios(void **state)
{
    struct store *s = *state;
    struct fallback_need_options o = {"grid", -1};
    struct fallback_need_report r;
    struct error e = {0};
    const struct fallback_need_process *p;

    put(s, "fallback_options",
        "{\"id\": \"fb-grid\", \"process\": \"grid\", \"kind\": \"analogue\","
        " \"available\": true, \"activation_h\": 1, \"duration_h\": 10, \"cost_eur\": 1000}");
    put(s, "analyses",
        "{\"id\": \"an-old\", \"process\": \"grid\", \"cycle_year\": 2020, \"kind\": "
        "\"regular\", \"status\": \"final\", \"started\": \"2020-01-01\", \"finalised\": "
        "\"2020-06-01\"}");
    put(s, "analyses",
        "{\"id\": \"an-base\", \"process\": \"grid\", \"cycle_year\": 2024, \"kind\": "
        "\"regular\", \"status\": \"final\", \"started\": \"2024-01-01\", \"finalised\": "
        "\"2024-06-01\"}");
    put(s, "analyses",
        "{\"id\": \"an-draft\", \"process\": \"grid\", \"cycle_year\": 2026, \"kind\": "
        "\"regular\", \"started\": \"2026-01-01\"}");
    put(s, "analyses",
        "{\"id\": \"an-qs-old\", \"process\": \"grid\", \"cycle_year\": 2023, \"kind\": "
        "\"quickscan\", \"status\": \"final\", \"started\": \"2023-01-01\", "
        "\"finalised\": \"2023-02-01\"}");
    put(s, "analyses",
        "{\"id\": \"an-qs-open\", \"process\": \"grid\", \"cycle_year\": 2026, \"kind\": "
        "\"quickscan\", \"started\": \"2026-02-01\"}");
#define RISK(id, an, extra)                                                                        \
    "{\"id\": \"" id "\", \"analysis\": \"" an "\", \"threat\": \"t\", \"scenario\": \"x\", "      \
    "\"likelihood\": \"C\", " extra "}"
    put(s, "risks", RISK("r-old", "an-old", "\"outage_h\": 40"));
    put(s, "risks", RISK("r-draft", "an-draft", "\"outage_h\": 30, \"own_systems\": true"));
    put(s, "risks", RISK("r-qs-old", "an-qs-old", "\"outage_h\": 20"));
    put(s, "risks", RISK("r-no-outage", "an-base", "\"own_systems\": false"));

    /* first only the 3 h loss of its own systems: within the 4 h grid
     * tolerates, and it replaces the 10 h default: not needed again */
    put(s, "risks", RISK("r-base-own", "an-base", "\"outage_h\": 3, \"own_systems\": true"));
    assert_int_equal(fallback_need_compute(s, &o, &r, &e), 0);
    p = &r.processes[0];
    assert_int_equal(p->n_scenarios, 1);
    assert_string_equal(p->scenarios[0].risk, "r-base-own");
    assert_int_equal(p->scenarios[0].down_h, 3);
    assert_false(p->scenarios[0].need);
    assert_int_equal(p->verdict, FALLBACK_NOT_NEEDED);
    fallback_need_report_release(&r);

    /* the open quickscan's 8 h outage, bridged from hour 1: 8 > 4 is a
     * need, 1 h with fb-grid is covered; the verdict turns to needed */
    put(s, "risks", RISK("r-qs-open", "an-qs-open", "\"outage_h\": 8, \"fallback\": \"fb-grid\""));
    assert_int_equal(fallback_need_compute(s, &o, &r, &e), 0);
    p = &r.processes[0];
    assert_int_equal(p->n_scenarios, 2);
    assert_string_equal(p->scenarios[1].risk, "r-qs-open");
    assert_false(p->scenarios[1].own_systems);
    assert_int_equal(p->scenarios[1].down_h, 8);
    assert_int_equal(p->scenarios[1].down_h_with, 1);
    assert_true(p->scenarios[1].need && p->scenarios[1].covered);
    assert_true(p->gap && p->covered);
    assert_int_equal(p->verdict, FALLBACK_NEEDED);
    /* fb-grid: grid down 8 h takes down water2 2 h (its fallback bridges
     * loss hours 3..6), water3 3 h, tele 8, pay 8, shop 8, bank 4 (buffer 4):
     * with grid's own 8, 41 down-node-hours; down 1 h: grid, tele, pay and
     * shop 1 h each (buffers of 2 and 4 hold), 4. Saved 37. */
    assert_int_equal(p->n_options, 1);
    assert_int_equal(p->options[0].n_scenarios, 1);
    assert_int_equal(p->options[0].saved_down_hours, 37);
    assert_int_equal(p->options[0].judgement, FALLBACK_PROPORTIONATE);
    /* the explanation names no risk (the API shows it to readers who may
     * not see every risk) */
    assert_null(strstr(p->explanation, "r-qs-open"));
    assert_null(strstr(p->explanation, "r-base-own"));
    fallback_need_report_release(&r);
#undef RISK
}

/* An option judged not proportionate names the measure chosen instead. */
static void test_alternative_measure(void **state)
{
    const struct kind *k = model_kind_find("fallback_options");
    struct error e = {0};
    json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:b, s:s, s:s}", "id", "fb", "process", "p", "kind",
                          "analogue", "duration_h", 10, "proportionate", 0, "classification",
                          "public", "owner", "o");
    (void)state;
    assert_int_equal(validate_record(k, o, "$", &e), ERR_INVALID);
    assert_string_equal(e.where, "$.alternative_measure");
    assert_string_equal(e.id, "disproportionate_needs_alternative");
    json_object_set_new(o, "alternative_measure", json_string("ms-other"));
    assert_int_equal(validate_record(k, o, "$", &e), 0);
    /* proportionate, or not judged: no alternative needed */
    json_object_del(o, "alternative_measure");
    json_object_set_new(o, "proportionate", json_true());
    assert_int_equal(validate_record(k, o, "$", &e), 0);
    json_object_set_new(o, "proportionate", json_null());
    assert_int_equal(validate_record(k, o, "$", &e), 0);
    json_decref(o);
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
        cmocka_unit_test(test_scenario_down_hours),
        cmocka_unit_test_setup_teardown(test_default_scenario, setup_own_failure, teardown),
        cmocka_unit_test_setup_teardown(test_risk_scenarios, setup_own_failure, teardown),
        cmocka_unit_test(test_alternative_measure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
