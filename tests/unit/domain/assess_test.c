/*
 * assess_test.c — tests src/domain/assess.c: the decision on and around
 * the thresholds, the cascade criterion from the engine (only other vital
 * processes count), what is written to the assessment and what a dry run
 * leaves alone, the latest assessment on a tie of dates, and the errors.
 * The small database is built here; every expected value is worked out by
 * hand in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/assess.h"
#include "domain/validate.h"
#include "store/store.h"
#include "support/testutil.h"

#include <string.h>

/*
 * Graph (recovery 0 everywhere): q needs p (buffer 0), u needs q (buffer 0),
 * n needs p (buffer 0, but n is category none), r needs p (buffer 30),
 * lone has no inputs and supplies nothing.
 * p fails for 24 h: q and u are down hours 0..23, n too but it is not vital,
 * r bridges loss hours 1..24 with its buffer: cascade = 2 (q, u).
 * p fails for 31 h: r's loss reaches 31 > 30 at hour 30: cascade = 3.
 */
static const char doc_text[] =
    "{\"organisations\": [{\"id\": \"o\", \"name\": \"O\", \"kind\": \"coordinator\"}],"
    " \"settings\": [{\"id\": \"assess_outage_h\", \"value\": \"24\"},"
    "                {\"id\": \"assess_horizon_h\", \"value\": \"168\"}],"
    " \"sectors\": [{\"id\": \"s\", \"name\": \"S\"}],"
    " \"vitaal_criteria\": ["
    "   {\"id\": \"cascade\", \"unit\": \"other vital processes failing\","
    "    \"category_a_above\": 2},"
    "   {\"id\": \"casualties\", \"unit\": \"people (dead)\", \"category_a_above\": 10000,"
    "    \"category_b_above\": 1000},"
    "   {\"id\": \"economic_damage\", \"unit\": \"EUR\", \"category_a_above\": 5e10,"
    "    \"category_b_above\": 5e9},"
    "   {\"id\": \"people_affected\", \"unit\": \"people\", \"category_a_above\": 1e6,"
    "    \"category_b_above\": 1e5}],"
    " \"processes\": ["
    "   {\"id\": \"p\", \"name\": \"Proces P\", \"sector\": \"s\", \"ministry\": \"o\","
    "    \"category\": \"A\"},"
    "   {\"id\": \"q\", \"name\": \"Q\", \"sector\": \"s\", \"ministry\": \"o\", \"category\": "
    "\"A\"},"
    "   {\"id\": \"u\", \"name\": \"U\", \"sector\": \"s\", \"ministry\": \"o\", \"category\": "
    "\"B\"},"
    "   {\"id\": \"n\", \"name\": \"N\", \"sector\": \"s\", \"ministry\": \"o\","
    "    \"category\": \"none\"},"
    "   {\"id\": \"r\", \"name\": \"R\", \"sector\": \"s\", \"ministry\": \"o\", \"category\": "
    "\"B\"},"
    "   {\"id\": \"lone\", \"name\": \"Lone\", \"sector\": \"s\", \"ministry\": \"o\","
    "    \"category\": \"B\"}],"
    " \"dependencies\": ["
    "   {\"id\": \"d-q-p\", \"process\": \"q\", \"suppliers\": [\"p\"]},"
    "   {\"id\": \"d-u-q\", \"process\": \"u\", \"suppliers\": [\"q\"]},"
    "   {\"id\": \"d-n-p\", \"process\": \"n\", \"suppliers\": [\"p\"]},"
    "   {\"id\": \"d-r-p\", \"process\": \"r\", \"suppliers\": [\"p\"], \"buffer_h\": 30}],"
    " \"assessments\": ["
    "   {\"id\": \"as-p-2020\", \"process\": \"p\", \"date\": \"2020-01-01\", \"assessor\": \"x\","
    "    \"impacts\": {\"economic_damage\": 1e11}, \"category\": \"A\"},"
    "   {\"id\": \"as-p-2024\", \"process\": \"p\", \"date\": \"2024-01-01\", \"assessor\": \"x\","
    "    \"impacts\": {\"economic_damage\": 5e10, \"casualties\": 1000, \"cascade\": 9},"
    "    \"category\": \"none\", \"rationale\": \"old\"},"
    "   {\"id\": \"as-lone\", \"process\": \"lone\", \"date\": \"2024-01-01\", \"assessor\": \"x\","
    "    \"category\": \"B\"},"
    "   {\"id\": \"as-q-a\", \"process\": \"q\", \"date\": \"2024-05-05\", \"assessor\": \"x\","
    "    \"impacts\": {\"people_affected\": 2e6}, \"category\": \"A\"},"
    "   {\"id\": \"as-q-b\", \"process\": \"q\", \"date\": \"2024-05-05\", \"assessor\": \"x\","
    "    \"impacts\": {\"people_affected\": 100001}, \"category\": \"A\"}]}";

/* Writes every record of the document (owner o, public) into a new database. */
static struct store *db_from_text(const char *name, const char *text, int drop_criteria)
{
    struct store *s = NULL;
    struct error e = {0};
    json_error_t jerr;
    json_t *doc = json_loads(text, 0, &jerr), *record;
    size_t i, j;
    if (doc == NULL)
        fail_msg("fixture: %s (line %d)", jerr.text, jerr.line);
    assert_int_equal(store_open(testutil_temp_path(name), STORE_CREATE, &s, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    for (i = 0; i < model_kind_count; i++) {
        const struct kind *k = model_kinds[i];
        if (drop_criteria && strcmp(k->name, "vitaal_criteria") == 0)
            continue;
        json_array_foreach(json_object_get(doc, k->name), j, record)
        {
            if (drop_criteria && strcmp(k->name, "assessments") == 0)
                json_object_set_new(record, "impacts", json_object());
            json_object_set_new(record, "classification", json_string("public"));
            json_object_set_new(record, "owner", json_string("o"));
            if (validate_record(k, record, "$", &e) != 0 ||
                store_record_put(s, k, record, &testutil_change, NULL, &e) != 0)
                fail_msg("%s %s: %s: %s", k->name, json_string_value(json_object_get(record, "id")),
                         e.where, e.message);
        }
    }
    if (store_commit(s, &e) != 0)
        fail_msg("commit: %s", e.message);
    json_decref(doc);
    return s;
}

static int setup(void **state)
{
    static int n;
    char name[32];
    snprintf(name, sizeof name, "assess%d.db", n++);
    *state = db_from_text(name, doc_text, 0);
    return 0;
}

static int teardown(void **state)
{
    store_close(*state);
    return 0;
}

static struct assess_criterion criterion(const char *id, int has_value, double value, int has_a,
                                         double a, int has_b, double b)
{
    struct assess_criterion c;
    memset(&c, 0, sizeof c);
    snprintf(c.id, sizeof c.id, "%s", id);
    c.has_value = has_value;
    c.value = value;
    c.has_a = has_a;
    c.a_above = a;
    c.has_b = has_b;
    c.b_above = b;
    return c;
}

static void test_decide_exactly_on_threshold(void **state)
{
    struct assess_criterion c[2];
    size_t decided[2], n;
    (void)state;
    /* exactly on both A thresholds: "exceeds" is strictly greater, so not A */
    c[0] = criterion("economic_damage", 1, 5e10, 1, 5e10, 1, 5e9);
    c[1] = criterion("cascade", 1, 2, 1, 2, 0, 0);
    assert_int_equal(assess_decide(c, 2, decided, &n), ASSESS_B);
    assert_int_equal(n, 1);
    assert_int_equal(decided[0], 0); /* 5e10 > 5e9 */
    /* exactly on the B threshold too: none */
    c[0].value = 5e9;
    assert_int_equal(assess_decide(c, 2, decided, &n), ASSESS_NONE);
    assert_int_equal(n, 0);
    /* one above the cascade A threshold: A, decided by the cascade alone */
    c[1].value = 3;
    assert_int_equal(assess_decide(c, 2, decided, &n), ASSESS_A);
    assert_int_equal(n, 1);
    assert_int_equal(decided[0], 1);
}

static void test_decide_missing_threshold_or_estimate(void **state)
{
    struct assess_criterion c[3];
    size_t decided[3], n;
    (void)state;
    /* no B threshold: a huge cascade below A does not make B */
    c[0] = criterion("cascade", 1, 2, 1, 2, 0, 0);
    /* no A threshold: B at most, however large */
    c[1] = criterion("x", 1, 1e17, 0, 0, 1, 10);
    /* no estimate: does not count even with thresholds of 0 */
    c[2] = criterion("y", 0, 0, 1, 0, 1, 0);
    assert_int_equal(assess_decide(c, 3, decided, &n), ASSESS_B);
    assert_int_equal(n, 1);
    assert_int_equal(decided[0], 1);
    c[1].has_value = 0;
    assert_int_equal(assess_decide(c, 3, decided, &n), ASSESS_NONE);
    /* ties: every criterion above A is listed, in criteria order */
    c[0].value = 3;
    c[1] = criterion("x", 1, 11, 1, 10, 1, 1);
    assert_int_equal(assess_decide(c, 3, decided, &n), ASSESS_A);
    assert_int_equal(n, 2);
    assert_int_equal(decided[0], 0);
    assert_int_equal(decided[1], 1);
}

static void test_format_number(void **state)
{
    char buf[32];
    (void)state;
    assert_string_equal(assess_format_number(6e10, buf), "6.0e10");
    assert_string_equal(assess_format_number(1.25e10, buf), "1.25e10");
    assert_string_equal(assess_format_number(2000, buf), "2000");
    assert_string_equal(assess_format_number(5.5, buf), "5.5");
    assert_string_equal(assess_format_number(0.5, buf), "0.5");
    assert_string_equal(assess_format_number(1e6, buf), "1.0e6");
}

static void test_assess_records_outcome(void **state)
{
    struct store *s = *state;
    struct assess_options o = {"p", NULL, -1, 0, &testutil_change, NULL};
    struct assess_result r;
    struct error e = {0};
    json_t *got = NULL, *impacts;

    assert_int_equal(assess_run(s, &o, &r, &e), 0);
    /* the latest assessment (2024) is used; T from the setting */
    assert_string_equal(r.assessment, "as-p-2024");
    assert_int_equal(r.outage_h, 24);
    assert_int_equal(r.horizon_h, 168);
    assert_int_equal(r.cascade, 2);
    assert_string_equal(r.cascade_ids[0], "q");
    assert_string_equal(r.cascade_ids[1], "u");
    /* economic damage 5e10 sits on the A threshold, casualties 1000 on the B
     * threshold, cascade 2 on the A threshold: B, by economic damage alone */
    assert_int_equal(r.category, ASSESS_B);
    assert_int_equal(r.n_decided_by, 1);
    assert_string_equal(r.criteria[r.decided_by[0]].id, "economic_damage");
    assert_string_equal(r.previous_category, "none");
    assert_string_equal(r.process_category, "A");
    assert_true(r.written);
    assert_non_null(strstr(r.rationale, "Proces P is category B (no estimate exceeds an A "
                                        "threshold): economic damage EUR 5.0e10 exceeds the B "
                                        "threshold 5.0e9. Its failure for 24 h takes down 2 "
                                        "other vital processes (cascade threshold A: more than "
                                        "2; no B threshold). No estimate for people affected"));

    assert_int_equal(store_record_get(s, model_kind_find("assessments"), "as-p-2024", &got, &e), 0);
    assert_string_equal(json_string_value(json_object_get(got, "category")), "B");
    assert_int_equal(json_array_size(json_object_get(got, "decided_by")), 1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(got, "decided_by"), 0)),
                        "economic_damage");
    impacts = json_object_get(got, "impacts");
    assert_true(json_number_value(json_object_get(impacts, "cascade")) == 2.0); /* was 9 */
    assert_true(json_number_value(json_object_get(impacts, "economic_damage")) == 5e10);
    assert_true(json_number_value(json_object_get(impacts, "casualties")) == 1000);
    assert_int_equal(json_integer_value(json_object_get(got, "cascade_outage_h")), 24);
    assert_string_equal(json_string_value(json_object_get(got, "rationale")), r.rationale);
    json_decref(got);
    assess_result_release(&r);
}

static void test_assess_longer_outage_dry_run(void **state)
{
    struct store *s = *state;
    struct assess_options o = {"p", "as-p-2024", 31, 1, NULL, NULL};
    struct assess_result r;
    struct error e = {0};
    json_t *got = NULL;

    assert_int_equal(assess_run(s, &o, &r, &e), 0);
    /* 31 h: r's 30 h buffer runs out too */
    assert_int_equal(r.cascade, 3);
    assert_int_equal(r.category, ASSESS_A);
    assert_int_equal(r.n_decided_by, 1);
    assert_string_equal(r.criteria[r.decided_by[0]].id, "cascade");
    assert_false(r.written);
    assert_non_null(strstr(r.rationale, "Proces P is category A: its failure for 31 h takes "
                                        "down 3 other vital processes"));
    assess_result_release(&r);
    /* a dry run leaves the record as it was */
    assert_int_equal(store_record_get(s, model_kind_find("assessments"), "as-p-2024", &got, &e), 0);
    assert_string_equal(json_string_value(json_object_get(got, "category")), "none");
    assert_string_equal(json_string_value(json_object_get(got, "rationale")), "old");
    assert_true(json_number_value(json_object_get(json_object_get(got, "impacts"), "cascade")) ==
                9.0);
    json_decref(got);
}

static void test_no_impact_data_and_no_dependencies(void **state)
{
    struct store *s = *state;
    struct assess_options o = {"lone", NULL, -1, 0, &testutil_change, NULL};
    struct assess_result r;
    struct error e = {0};
    json_t *got = NULL;

    assert_int_equal(assess_run(s, &o, &r, &e), 0);
    assert_int_equal(r.cascade, 0);
    assert_int_equal(r.category, ASSESS_NONE);
    assert_int_equal(r.n_decided_by, 0);
    assert_non_null(strstr(r.rationale, "Lone is not vital (category none): no estimate exceeds "
                                        "a threshold of category A or B. Its failure for 24 h "
                                        "takes down 0 other vital processes"));
    assert_non_null(
        strstr(r.rationale, "No estimate for casualties, economic damage and people affected"));
    assess_result_release(&r);
    assert_int_equal(store_record_get(s, model_kind_find("assessments"), "as-lone", &got, &e), 0);
    assert_string_equal(json_string_value(json_object_get(got, "category")), "none");
    assert_int_equal(json_array_size(json_object_get(got, "decided_by")), 0);
    assert_true(json_number_value(json_object_get(json_object_get(got, "impacts"), "cascade")) ==
                0.0);
    json_decref(got);
}

static void test_latest_on_a_tie_of_dates(void **state)
{
    struct store *s = *state;
    struct assess_options o = {"q", NULL, -1, 1, NULL, NULL};
    struct assess_result r;
    struct error e = {0};
    assert_int_equal(assess_run(s, &o, &r, &e), 0);
    /* the same date: the higher id wins; 100001 > 1e5 makes B (u is down
     * when q fails, but 1 is not above the cascade threshold 2) */
    assert_string_equal(r.assessment, "as-q-b");
    assert_int_equal(r.cascade, 1);
    assert_int_equal(r.category, ASSESS_B);
    assess_result_release(&r);
}

static void test_errors(void **state)
{
    struct store *s = *state, *bare;
    struct assess_result r;
    struct error e = {0};
    struct assess_options unknown = {"nope", NULL, -1, 0, &testutil_change, NULL};
    struct assess_options none = {"r", NULL, -1, 0, &testutil_change, NULL};
    struct assess_options other = {"q", "as-p-2024", -1, 0, &testutil_change, NULL};
    struct assess_options missing = {"p", "as-nope", -1, 0, &testutil_change, NULL};
    struct assess_options ok = {"p", NULL, -1, 0, &testutil_change, NULL};

    assert_int_equal(assess_run(s, &unknown, &r, &e), ERR_NOTFOUND);
    assert_non_null(strstr(e.message, "unknown process 'nope'"));
    assert_int_equal(assess_run(s, &none, &r, &e), ERR_NOTFOUND);
    assert_non_null(strstr(e.message, "process r has no assessment"));
    assert_int_equal(assess_run(s, &other, &r, &e), ERR_INVALID);
    assert_non_null(strstr(e.message, "assessment as-p-2024 is of process p, not q"));
    assert_int_equal(assess_run(s, &missing, &r, &e), ERR_NOTFOUND);
    assert_non_null(strstr(e.message, "unknown assessment 'as-nope'"));

    bare = db_from_text("assess-bare.db", doc_text, 1);
    assert_int_equal(assess_run(bare, &ok, &r, &e), ERR_NOTFOUND);
    assert_non_null(strstr(e.message, "no vitaal_criteria"));
    store_close(bare);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decide_exactly_on_threshold),
        cmocka_unit_test(test_decide_missing_threshold_or_estimate),
        cmocka_unit_test(test_format_number),
        cmocka_unit_test_setup_teardown(test_assess_records_outcome, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assess_longer_outage_dry_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_impact_data_and_no_dependencies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_latest_on_a_tie_of_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
