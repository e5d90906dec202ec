/*
 * assess_test.c — tests src/domain/assess.c: the decision on and around the
 * thresholds (more than / at least), the cascade criterion counted in other
 * sectors with a minimum of hours down, which assessment is the latest
 * (ties, natural order, the caller's visibility), the new assessment a run
 * writes while the one it read stays as it was, what a dry run leaves
 * alone, and the errors. The small database is built here; every expected
 * value is worked out by hand in the comments.
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
 * lone has no inputs and supplies nothing. Sectors: p and q in s, u and n
 * in t, r in w, lone in s.
 * p fails for 24 h: q and u are down hours 0..23 (24 h), n too but it is
 * not vital, r bridges loss hours 1..24 with its buffer. Other sectors with
 * a vital process down: t (u) only — q lies in p's own sector: cascade 1.
 * p fails for 31 h: r's loss reaches 31 > 30 at hour 30 only: r is down
 * 1 h, so w counts too when at least 1 h counts: cascade 2, which is at
 * least the A threshold 2.
 */
static const char doc_text[] =
    "{\"organisations\": [{\"id\": \"o\", \"name\": \"O\", \"kind\": \"coordinator\"}],"
    " \"settings\": [{\"id\": \"assess_outage_h\", \"value\": \"24\"},"
    "                {\"id\": \"assess_horizon_h\", \"value\": \"168\"},"
    "                {\"id\": \"assess_cascade_unit\", \"value\": \"sectors\"},"
    "                {\"id\": \"assess_cascade_min_down_h\", \"value\": \"1\"}],"
    " \"sectors\": [{\"id\": \"s\", \"name\": \"S\"}, {\"id\": \"t\", \"name\": \"T\"},"
    "             {\"id\": \"w\", \"name\": \"W\"}],"
    " \"vitaal_criteria\": ["
    "   {\"id\": \"cascade\", \"unit\": \"other sectors with a failing vital process\","
    "    \"category_a_above\": 2, \"comparator\": \"at_least\"},"
    "   {\"id\": \"casualties\", \"unit\": \"people (dead)\", \"category_a_above\": 10000,"
    "    \"category_b_above\": 1000, \"category_a_verified\": true},"
    "   {\"id\": \"economic_damage\", \"unit\": \"EUR\", \"category_a_above\": 5e10,"
    "    \"category_b_above\": 5e9, \"category_a_verified\": true},"
    "   {\"id\": \"people_affected\", \"unit\": \"people\", \"category_a_above\": 1e6,"
    "    \"category_b_above\": 1e5, \"category_a_verified\": true,"
    "    \"category_b_verified\": true}],"
    " \"processes\": ["
    "   {\"id\": \"p\", \"name\": \"Proces P\", \"sector\": \"s\", \"ministry\": \"o\","
    "    \"category\": \"A\"},"
    "   {\"id\": \"q\", \"name\": \"Q\", \"sector\": \"s\", \"ministry\": \"o\", \"category\": "
    "\"A\"},"
    "   {\"id\": \"u\", \"name\": \"U\", \"sector\": \"t\", \"ministry\": \"o\", \"category\": "
    "\"B\"},"
    "   {\"id\": \"n\", \"name\": \"N\", \"sector\": \"t\", \"ministry\": \"o\","
    "    \"category\": \"none\"},"
    "   {\"id\": \"r\", \"name\": \"R\", \"sector\": \"w\", \"ministry\": \"o\", \"category\": "
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
    "    \"impacts\": {\"economic_damage\": 1e11}, \"category\": \"A\", \"status\": \"final\"},"
    "   {\"id\": \"as-p-2024\", \"process\": \"p\", \"date\": \"2024-01-01\", \"assessor\": \"x\","
    "    \"impacts\": {\"economic_damage\": 5e10, \"casualties\": 1000, \"cascade\": 9},"
    "    \"category\": \"none\", \"rationale\": \"old\", \"status\": \"final\"},"
    "   {\"id\": \"as-lone\", \"process\": \"lone\", \"date\": \"2024-01-01\", \"assessor\": \"x\","
    "    \"category\": \"B\", \"status\": \"final\"},"
    "   {\"id\": \"as-q-a\", \"process\": \"q\", \"date\": \"2024-05-05\", \"assessor\": \"x\","
    "    \"impacts\": {\"people_affected\": 2e6}, \"category\": \"A\", \"status\": \"final\"},"
    "   {\"id\": \"as-q-b\", \"process\": \"q\", \"date\": \"2024-05-05\", \"assessor\": \"x\","
    "    \"impacts\": {\"people_affected\": 100001}, \"category\": \"A\", \"status\": \"final\"}]}";

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
    assert_int_equal(store_open(testutil_db_path(name), STORE_CREATE, &s, &e), 0);
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
    c.comparator = ASSESS_MORE_THAN;
    return c;
}

static void test_decide_more_than_on_threshold(void **state)
{
    struct assess_criterion c[2];
    size_t decided[2], n;
    (void)state;
    /* exactly on both A thresholds: "more than" is strictly greater, so not A */
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

static void test_decide_at_least(void **state)
{
    struct assess_criterion c[1];
    size_t decided[1], n;
    (void)state;
    /* "at least 2 other sectors": 2 is A, 1 is not (and no B threshold) */
    c[0] = criterion("cascade", 1, 2, 1, 2, 0, 0);
    c[0].comparator = ASSESS_AT_LEAST;
    assert_int_equal(assess_decide(c, 1, decided, &n), ASSESS_A);
    assert_int_equal(n, 1);
    assert_true(assess_meets(&c[0], ASSESS_A));
    assert_string_equal(assess_meets_name(&c[0]), "A");
    c[0].value = 1.999;
    assert_int_equal(assess_decide(c, 1, decided, &n), ASSESS_NONE);
    assert_null(assess_meets_name(&c[0]));
    /* a B threshold met exactly counts too */
    c[0] = criterion("x", 1, 10, 1, 100, 1, 10);
    c[0].comparator = ASSESS_AT_LEAST;
    assert_int_equal(assess_decide(c, 1, decided, &n), ASSESS_B);
    assert_false(assess_meets(&c[0], ASSESS_NONE));
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
    c[2].comparator = ASSESS_AT_LEAST;
    assert_int_equal(assess_decide(c, 3, decided, &n), ASSESS_B);
    assert_int_equal(n, 1);
    assert_int_equal(decided[0], 1);
    c[1].has_value = 0;
    assert_int_equal(assess_decide(c, 3, decided, &n), ASSESS_NONE);
    /* ties: every criterion meeting A is listed, in criteria order */
    c[0].value = 3;
    c[1] = criterion("x", 1, 11, 1, 10, 1, 1);
    assert_int_equal(assess_decide(c, 3, decided, &n), ASSESS_A);
    assert_int_equal(n, 2);
    assert_int_equal(decided[0], 0);
    assert_int_equal(decided[1], 1);
}

static void test_count_cascade_sectors(void **state)
{
    /* p (sector s) fails: q lies in s itself, u and v both in t (one sector),
     * n in z is not vital, r in w is down 3 h, p itself is listed too */
    const struct assess_down down[] = {
        {"p", "s", 1, 24}, {"q", "s", 1, 24}, {"u", "t", 1, 24},
        {"v", "t", 1, 2},  {"n", "z", 0, 24}, {"r", "w", 1, 3},
    };
    unsigned char counts[6];
    (void)state;
    /* at least 1 h: t and w; q (own sector), n (not vital), p (itself) not */
    assert_int_equal(assess_count_cascade(down, 6, "p", "s", ASSESS_UNIT_SECTORS, 1, counts), 2);
    assert_memory_equal(counts, ((unsigned char[]){0, 0, 1, 1, 0, 1}), 6);
    /* at least 3 h: r's 3 h is exactly enough, v's 2 h is not (t still counts by u) */
    assert_int_equal(assess_count_cascade(down, 6, "p", "s", ASSESS_UNIT_SECTORS, 3, counts), 2);
    assert_memory_equal(counts, ((unsigned char[]){0, 0, 1, 0, 0, 1}), 6);
    /* at least 4 h: r drops out, only t */
    assert_int_equal(assess_count_cascade(down, 6, "p", "s", ASSESS_UNIT_SECTORS, 4, counts), 1);
    assert_int_equal(counts[5], 0);
    /* counted in processes: q (same sector) counts, and u, v, r: 4 */
    assert_int_equal(assess_count_cascade(down, 6, "p", "s", ASSESS_UNIT_PROCESSES, 1, counts), 4);
    assert_memory_equal(counts, ((unsigned char[]){0, 1, 1, 1, 0, 1}), 6);
    /* nothing down: 0 */
    assert_int_equal(assess_count_cascade(down, 1, "p", "s", ASSESS_UNIT_SECTORS, 1, counts), 0);
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

static void test_compare_and_latest(void **state)
{
    struct store *s = *state;
    struct error e = {0};
    json_t *a = json_pack("{s:s, s:s}", "id", "as-p-2026-01-02-9", "date", "2026-01-02");
    json_t *b = json_pack("{s:s, s:s}", "id", "as-p-2026-01-02-10", "date", "2026-01-02");
    json_t *c = json_pack("{s:s, s:s}", "id", "as-a", "date", "2026-01-03");
    json_t *latest = NULL;
    /* the same date: the later id in natural order; a later date wins over any id */
    assert_true(assess_compare(a, b) < 0);
    assert_true(assess_compare(b, a) > 0);
    assert_true(assess_compare(b, c) < 0);
    assert_int_equal(assess_compare(a, a), 0);
    json_decref(a);
    json_decref(b);
    json_decref(c);
    /* q has two on 2024-05-05: as-q-b is the latest */
    assert_int_equal(assess_latest(s, "q", NULL, NULL, &latest, &e), 0);
    assert_string_equal(json_string_value(json_object_get(latest, "id")), "as-q-b");
    json_decref(latest);
    /* none for r */
    assert_int_equal(assess_latest(s, "r", NULL, NULL, &latest, &e), 0);
    assert_null(latest);
}

/* Only a final (approved) assessment is the process's vitaalbeoordeling: a
 * later one in draft or review is passed over. */
static void test_latest_is_final(void **state)
{
    struct store *s = *state;
    struct error e = {0};
    const struct kind *k = model_kind_find("assessments");
    json_t *latest = NULL;
    json_t *later = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", "as-q-later",
                              "process", "q", "date", "2025-01-01", "assessor", "x", "category",
                              "B", "status", "review", "classification", "public", "owner", "o");
    assert_int_equal(validate_record(k, later, "$", &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_record_put(s, k, later, &testutil_change, NULL, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    assert_int_equal(assess_latest(s, "q", NULL, NULL, &latest, &e), 0);
    assert_string_equal(json_string_value(json_object_get(latest, "id")), "as-q-b");
    json_decref(latest);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_record_delete(s, k, "as-q-later", &testutil_change, NULL, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(later);
}

/* Hides as-q-b, as a user's read check would. */
static int hide_q_b(void *ctx, const json_t *record, struct error *e)
{
    (void)ctx;
    (void)e;
    return strcmp(json_string_value(json_object_get(record, "id")), "as-q-b") == 0 ? ERR_NOTFOUND
                                                                                   : 0;
}

static int refuse(void *ctx, const json_t *record, struct error *e)
{
    (void)ctx;
    (void)record;
    return error_set(e, ERR_FORBIDDEN, NULL, "no");
}

static void test_latest_visible(void **state)
{
    struct store *s = *state;
    struct error e = {0};
    json_t *latest = NULL;
    assert_int_equal(assess_latest(s, "q", hide_q_b, NULL, &latest, &e), 0);
    assert_string_equal(json_string_value(json_object_get(latest, "id")), "as-q-a");
    json_decref(latest);
    assert_int_equal(assess_latest(s, "q", refuse, NULL, &latest, &e), ERR_FORBIDDEN);
    assert_null(latest);
}

/* A field the stored record leaves empty (absent or null). */
static int absent(const json_t *v)
{
    return v == NULL || json_is_null(v);
}

static void test_assess_writes_a_new_assessment(void **state)
{
    struct store *s = *state;
    struct assess_options o = {.change = &testutil_change,
                               .process = "p",
                               .outage_h = -1,
                               .date = "2026-01-02",
                               .assessor = "tester",
                               .rationale = "the analyst's words"};
    struct assess_result r;
    struct error e = {0};
    json_t *got = NULL, *impacts;
    const struct kind *k = model_kind_find("assessments");

    assert_int_equal(assess_run(s, &o, &r, &e), 0);
    /* the latest assessment (2024) gives the estimates; T from the setting */
    assert_string_equal(r.assessment, "as-p-2024");
    assert_int_equal(r.outage_h, 24);
    assert_int_equal(r.horizon_h, 168);
    assert_int_equal(r.min_down_h, 1);
    assert_int_equal(r.unit, ASSESS_UNIT_SECTORS);
    /* q (p's own sector) and u (sector t) are down: one other sector */
    assert_int_equal(r.cascade, 1);
    assert_int_equal(r.n_cascade_ids, 1);
    assert_string_equal(r.cascade_ids[0], "u");
    assert_string_equal(r.cascade_sectors[0], "t");
    assert_null(r.cascade_sectors[1]);
    /* economic damage 5e10 sits on the A threshold, casualties 1000 on the B
     * threshold (more than: neither counts), cascade 1 below at least 2: B,
     * by economic damage alone */
    assert_int_equal(r.category, ASSESS_B);
    assert_int_equal(r.n_decided_by, 1);
    assert_string_equal(r.criteria[r.decided_by[0]].id, "economic_damage");
    assert_string_equal(r.previous_category, "none");
    assert_true(r.written);
    assert_string_equal(r.recorded, "as-p-2026-01-02");
    assert_non_null(strstr(r.explanation,
                           "Proces P is category B (no estimate meets an A threshold): economic "
                           "damage EUR 5.0e10 exceeds the B threshold 5.0e9. Its failure for 24 h "
                           "takes down vital processes in 1 other sector (down at least 1 h "
                           "within 168 h; cascade threshold A: at least 2; no B threshold). No "
                           "estimate for people affected (not counted). A threshold counts when "
                           "the estimate is strictly greater than it; for cascade when it is at "
                           "least equal to it. Not yet verified against a primary source: the A "
                           "threshold of cascade; the B thresholds of casualties and economic "
                           "damage; with the cascade rule"));

    /* the new assessment: the engine's explanation beside the analyst's rationale */
    assert_int_equal(store_record_get(s, k, "as-p-2026-01-02", &got, &e), 0);
    assert_string_equal(json_string_value(json_object_get(got, "category")), "B");
    assert_string_equal(json_string_value(json_object_get(got, "date")), "2026-01-02");
    assert_string_equal(json_string_value(json_object_get(got, "assessor")), "tester");
    assert_string_equal(json_string_value(json_object_get(got, "based_on")), "as-p-2024");
    assert_string_equal(json_string_value(json_object_get(got, "rationale")),
                        "the analyst's words");
    assert_string_equal(json_string_value(json_object_get(got, "engine_explanation")),
                        r.explanation);
    assert_int_equal(json_array_size(json_object_get(got, "decided_by")), 1);
    impacts = json_object_get(got, "impacts");
    assert_true(json_number_value(json_object_get(impacts, "cascade")) == 1.0);
    assert_true(json_number_value(json_object_get(impacts, "economic_damage")) == 5e10);
    assert_true(json_number_value(json_object_get(impacts, "casualties")) == 1000);
    assert_int_equal(json_integer_value(json_object_get(got, "cascade_outage_h")), 24);
    /* it waits for another person's approval, and does not count until then */
    assert_string_equal(json_string_value(json_object_get(got, "status")), "review");
    json_decref(got);
    assess_result_release(&r);
    assert_int_equal(assess_latest(s, "p", NULL, NULL, &got, &e), 0);
    assert_string_equal(json_string_value(json_object_get(got, "id")), "as-p-2024");
    json_decref(got);

    /* the one it read stays exactly as it was */
    assert_int_equal(store_record_get(s, k, "as-p-2024", &got, &e), 0);
    assert_string_equal(json_string_value(json_object_get(got, "category")), "none");
    assert_string_equal(json_string_value(json_object_get(got, "rationale")), "old");
    assert_true(absent(json_object_get(got, "engine_explanation")));
    assert_true(json_number_value(json_object_get(json_object_get(got, "impacts"), "cascade")) ==
                9.0);
    json_decref(got);

    /* approved (final), the first new one is the latest: a second run on
     * the same day makes a second new assessment from its estimates; the
     * first stays */
    assert_int_equal(store_record_get(s, k, "as-p-2026-01-02", &got, &e), 0);
    json_object_set_new(got, "status", json_string("final"));
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_record_put(s, k, got, &testutil_change, NULL, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(got);
    o.rationale = NULL;
    assert_int_equal(assess_run(s, &o, &r, &e), 0);
    assert_string_equal(r.assessment, "as-p-2026-01-02");
    assert_string_equal(r.recorded, "as-p-2026-01-02-2");
    assess_result_release(&r);
    assert_int_equal(store_record_get(s, k, "as-p-2026-01-02", &got, &e), 0);
    assert_string_equal(json_string_value(json_object_get(got, "rationale")),
                        "the analyst's words");
    json_decref(got);
    assert_int_equal(store_record_get(s, k, "as-p-2026-01-02-2", &got, &e), 0);
    assert_true(absent(json_object_get(got, "rationale")));
    assert_string_equal(json_string_value(json_object_get(got, "based_on")), "as-p-2026-01-02");
    json_decref(got);
    /* a taken id is refused, nothing written */
    o.id = "as-p-2024";
    assert_int_equal(assess_run(s, &o, &r, &e), ERR_CONFLICT);
    assert_non_null(strstr(e.message, "never rewritten"));
}

static void test_assess_new_estimates(void **state)
{
    struct store *s = *state;
    json_t *impacts = json_pack("{s:f}", "people_affected", 2e6);
    struct assess_options o = {.change = &testutil_change,
                               .process = "lone",
                               .outage_h = -1,
                               .impacts = impacts,
                               .id = "as-lone-new",
                               .date = "2026-02-03",
                               .assessor = "t"};
    struct assess_result r;
    struct error e = {0};
    json_t *got = NULL;
    assert_int_equal(assess_run(s, &o, &r, &e), 0);
    assert_int_equal(r.category, ASSESS_A);
    assert_string_equal(r.assessment, "");
    assert_string_equal(r.recorded, "as-lone-new");
    assess_result_release(&r);
    assert_int_equal(store_record_get(s, model_kind_find("assessments"), "as-lone-new", &got, &e),
                     0);
    assert_true(absent(json_object_get(got, "based_on")));
    assert_string_equal(json_string_value(json_object_get(got, "owner")), "o");
    assert_string_equal(json_string_value(json_object_get(got, "classification")), "internal");
    json_decref(got);
    json_decref(impacts);
}

static void test_assess_longer_outage_and_min_down_hours(void **state)
{
    struct store *s = *state;
    struct assess_options o = {
        .process = "p", .assessment = "as-p-2024", .outage_h = 31, .dry_run = 1};
    struct assess_result r;
    struct error e = {0};
    json_t *setting = json_pack("{s:s, s:s, s:s, s:s}", "id", "assess_cascade_min_down_h", "value",
                                "2", "classification", "public", "owner", "o");
    size_t before = 0, after = 0;
    const struct kind *k = model_kind_find("assessments");

    assert_int_equal(store_record_count(s, k, NULL, 0, &before, &e), 0);
    assert_int_equal(assess_run(s, &o, &r, &e), 0);
    /* 31 h: r's 30 h buffer runs out at hour 30: r down 1 h, sector w counts */
    assert_int_equal(r.cascade, 2);
    assert_int_equal(r.category, ASSESS_A);
    assert_int_equal(r.n_decided_by, 1);
    assert_string_equal(r.criteria[r.decided_by[0]].id, "cascade");
    assert_false(r.written);
    assert_non_null(strstr(r.explanation, "Proces P is category A: its failure for 31 h takes "
                                          "down vital processes in 2 other sectors"));
    assess_result_release(&r);
    /* a dry run writes nothing */
    assert_int_equal(store_record_count(s, k, NULL, 0, &after, &e), 0);
    assert_int_equal(after, before);

    /* at least 2 h down to count: r's 1 h is not enough */
    assert_int_equal(
        store_record_put(s, model_kind_find("settings"), setting, &testutil_change, NULL, &e), 0);
    assert_int_equal(assess_run(s, &o, &r, &e), 0);
    assert_int_equal(r.min_down_h, 2);
    assert_int_equal(r.cascade, 1);
    assert_int_equal(r.category, ASSESS_B);
    assess_result_release(&r);
    /* counted in processes: q, u, r (n is not vital): 3 */
    json_object_set_new(setting, "id", json_string("assess_cascade_unit"));
    json_object_set_new(setting, "value", json_string("processes"));
    assert_int_equal(
        store_record_put(s, model_kind_find("settings"), setting, &testutil_change, NULL, &e), 0);
    o.outage_h = 24;
    assert_int_equal(assess_run(s, &o, &r, &e), 0);
    assert_int_equal(r.unit, ASSESS_UNIT_PROCESSES);
    assert_int_equal(r.cascade, 2); /* q, u: r bridges 24 h */
    assert_non_null(strstr(r.explanation, "takes down 2 other vital processes"));
    assess_result_release(&r);
    /* a bad unit names the setting */
    json_object_set_new(setting, "value", json_string("regions"));
    assert_int_equal(
        store_record_put(s, model_kind_find("settings"), setting, &testutil_change, NULL, &e), 0);
    assert_int_equal(assess_run(s, &o, &r, &e), ERR_INVALID);
    assert_string_equal(e.where, "assess_cascade_unit");
    json_decref(setting);
}

static void test_no_impact_data_and_no_dependencies(void **state)
{
    struct store *s = *state;
    struct assess_options o = {.process = "lone", .outage_h = -1, .dry_run = 1};
    struct assess_result r;
    struct error e = {0};

    assert_int_equal(assess_run(s, &o, &r, &e), 0);
    assert_int_equal(r.cascade, 0);
    assert_int_equal(r.category, ASSESS_NONE);
    assert_int_equal(r.n_decided_by, 0);
    assert_non_null(strstr(r.explanation, "Lone is not vital (category none): no estimate meets "
                                          "a threshold of category A or B. Its failure for 24 h "
                                          "takes down vital processes in 0 other sectors"));
    assert_non_null(
        strstr(r.explanation, "No estimate for casualties, economic damage and people affected"));
    assess_result_release(&r);
}

static void test_errors(void **state)
{
    struct store *s = *state, *bare;
    struct assess_result r;
    struct error e = {0};
    struct assess_options unknown = {.process = "nope", .outage_h = -1, .dry_run = 1};
    struct assess_options none = {.process = "r", .outage_h = -1, .dry_run = 1};
    struct assess_options other = {
        .process = "q", .assessment = "as-p-2024", .outage_h = -1, .dry_run = 1};
    struct assess_options missing = {
        .process = "p", .assessment = "as-nope", .outage_h = -1, .dry_run = 1};
    struct assess_options no_assessor = {
        .change = &testutil_change, .process = "p", .outage_h = -1};
    struct assess_options ok = {.process = "p", .outage_h = -1, .dry_run = 1};

    assert_int_equal(assess_run(s, &unknown, &r, &e), ERR_NOTFOUND);
    assert_non_null(strstr(e.message, "unknown process 'nope'"));
    assert_int_equal(assess_run(s, &none, &r, &e), ERR_NOTFOUND);
    assert_non_null(strstr(e.message, "process r has no assessment"));
    assert_int_equal(assess_run(s, &other, &r, &e), ERR_INVALID);
    assert_non_null(strstr(e.message, "assessment as-p-2024 is of process p, not q"));
    assert_int_equal(assess_run(s, &missing, &r, &e), ERR_NOTFOUND);
    assert_non_null(strstr(e.message, "unknown assessment 'as-nope'"));
    assert_int_equal(assess_run(s, &no_assessor, &r, &e), ERR_INVALID);
    assert_string_equal(e.where, "assessor");

    bare = db_from_text("assess-bare.db", doc_text, 1);
    assert_int_equal(assess_run(bare, &ok, &r, &e), ERR_NOTFOUND);
    assert_non_null(strstr(e.message, "no vitaal_criteria"));
    store_close(bare);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decide_more_than_on_threshold),
        cmocka_unit_test(test_decide_at_least),
        cmocka_unit_test(test_decide_missing_threshold_or_estimate),
        cmocka_unit_test(test_count_cascade_sectors),
        cmocka_unit_test(test_format_number),
        cmocka_unit_test_setup_teardown(test_compare_and_latest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_latest_is_final, setup, teardown),
        cmocka_unit_test_setup_teardown(test_latest_visible, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assess_writes_a_new_assessment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assess_new_estimates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assess_longer_outage_and_min_down_hours, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_no_impact_data_and_no_dependencies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
