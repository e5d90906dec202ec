/*
 * annual_test.c — tests src/domain/annual.c and annual_detail.c on
 * tests/data/full.json, computed by hand (docs/method.md for the rules):
 * the fixture is loaded on 2025-03-01 (the clock pinned with VITAAL_NOW),
 * its measure m-batteries is set to done on 2026-06-15, and the report of
 * 2026 is made that day. Three processes of sector Energie, ministry
 * Economische Zaken, all under CER and NIS2 (sector nl-energie: CER, and
 * its EU sector NIS2 annex I):
 *   power   final regular analysis 2022-06-30, before the directives: due
 *           by the CER/NIS2 deadline 2026-03-31 — overdue in 2026, due soon
 *           (within the cycle) at the end of 2025;
 *   telecom only a draft quickscan: never analysed;
 *   water   nothing: never analysed.
 * The incident inc-1 (2026-01-05 10:00 +01:00, significant, grid-co an
 * essential and critical entity): early warning sent in time, nothing
 * else: NIS2 early warning met, notification and final report lapsed; CER
 * initial notification met, detailed report lapsed. Risk r1: likelihood C,
 * 2 x 3 + 27 = 33 >= 27.5: impact D. Review rev-1 (2026-05-01, exercise,
 * partly effective): an adjustment due. The fallback option fb-water-gen
 * is stored (by setup) as not needed and not proportionate: both
 * decisions contradict the engine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "domain/annual.h"
#include "store/store.h"
#include "support/testutil.h"

#include <stdlib.h>
#include <string.h>

static struct store *s;

static int64_t cell(const struct annual_report *r, enum annual_table_id id, size_t row, size_t col)
{
    return disclosure_count(&r->tables[id].cells, row, col);
}

static int shown(const struct annual_report *r, enum annual_table_id id, size_t row, size_t col)
{
    return disclosure_shown(&r->tables[id].cells, row, col);
}

static int setup(void **state)
{
    json_t *m = NULL;
    struct error e = {0};
    (void)state;
    setenv("VITAAL_NOW", "2025-03-01T10:00:00Z", 1);
    s = testutil_store_from_fixture("full.json");
    setenv("VITAAL_NOW", "2026-06-15T10:00:00Z", 1);
    assert_int_equal(store_record_get(s, model_kind_find("measures"), "m-batteries", &m, &e), 0);
    json_object_set_new(m, "status", json_string("done"));
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(
        store_record_put(s, model_kind_find("measures"), m, &testutil_change, NULL, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(m);
    /* the analyst's decisions on water's generator, both contradicted by
     * the engine: not needed (water, A, needs one) and not proportionate
     * (EUR 250000 for the hours it saves is within the setting) */
    assert_int_equal(
        store_record_get(s, model_kind_find("fallback_options"), "fb-water-gen", &m, &e), 0);
    json_object_set_new(m, "needed", json_string("no"));
    json_object_set_new(m, "proportionate", json_false());
    json_object_set_new(m, "alternative_measure", json_string("m-batteries"));
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(
        store_record_put(s, model_kind_find("fallback_options"), m, &testutil_change, NULL, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(m);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(s);
    unsetenv("VITAAL_NOW");
    return 0;
}

static void compute(int64_t k, int year, struct annual_report *r)
{
    struct annual_options o = {year, -1, timefmt_today(), NULL};
    struct error e = {0};
    json_t *setting = json_pack("{ss ss ss ss}", "id", "report_min_cell", "value", "",
                                "classification", "public", "owner", "nctv");
    char value[8];
    snprintf(value, sizeof value, "%lld", (long long)k);
    json_object_set_new(setting, "value", json_string(value));
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(
        store_record_put(s, model_kind_find("settings"), setting, &testutil_change, NULL, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(setting);
    if (annual_compute(s, &o, r, &e) != 0)
        fail_msg("annual_compute: %s: %s", e.where, e.message);
}

/* With k = 1 nothing is withheld: every figure as computed by hand. */
static void test_figures(void **state)
{
    struct annual_report r;
    const struct annual_table *t;
    (void)state;
    compute(1, 2026, &r);
    assert_string_equal(r.as_of, "2026-06-15");
    assert_int_equal(r.processes, 3);
    assert_int_equal(r.k, 1);
    assert_int_equal(r.cycle_years, 4);

    t = &r.tables[ANNUAL_CYCLE_SECTOR];
    assert_int_equal(t->nrows, 1);
    assert_string_equal(t->rows[0], "Energie");
    assert_int_equal(cell(&r, ANNUAL_CYCLE_SECTOR, 0, 0), 0); /* within the cycle */
    assert_int_equal(cell(&r, ANNUAL_CYCLE_SECTOR, 0, 1), 1); /* overdue: power */
    assert_int_equal(cell(&r, ANNUAL_CYCLE_SECTOR, 0, 2), 2); /* never: telecom, water */
    assert_int_equal(cell(&r, ANNUAL_CYCLE_SECTOR, 1, 3), 3);
    assert_string_equal(r.tables[ANNUAL_CYCLE_MINISTRY].rows[0], "Economische Zaken");
    assert_int_equal(cell(&r, ANNUAL_CYCLE_MINISTRY, 0, 2), 2);
    assert_int_equal(cell(&r, ANNUAL_CATEGORY, 0, 0), 2); /* A */
    assert_int_equal(cell(&r, ANNUAL_CATEGORY, 1, 0), 1); /* B */
    assert_int_equal(cell(&r, ANNUAL_CATEGORY, 2, 0), 0); /* none */
    assert_int_equal(cell(&r, ANNUAL_CER_NIS2, 0, 0), 0); /* none analysed since 2024-10-18 */
    assert_int_equal(cell(&r, ANNUAL_CER_NIS2, 0, 1), 3);
    assert_int_equal(cell(&r, ANNUAL_ASSESSMENTS, 1, 0), 0); /* the one assessment is of 2024 */

    /* m-batteries: stockpile, sectoral, done in 2026, adjustment due */
    assert_int_equal(cell(&r, ANNUAL_MEASURE_KIND, 1, 3), 1);
    assert_int_equal(cell(&r, ANNUAL_MEASURE_KIND, 5, 5), 1);
    assert_int_equal(cell(&r, ANNUAL_MEASURE_SCOPE, 0, 3), 1);
    assert_int_equal(cell(&r, ANNUAL_MEASURE_FOLLOW, 0, 0), 1); /* completed this year */
    assert_int_equal(cell(&r, ANNUAL_MEASURE_FOLLOW, 1, 0), 0); /* overdue */
    assert_int_equal(cell(&r, ANNUAL_MEASURE_FOLLOW, 2, 0), 1); /* adjustment due */
    assert_int_equal(cell(&r, ANNUAL_REVIEWS, 0, 1), 1);        /* exercise, partly effective */
    assert_int_equal(cell(&r, ANNUAL_REVIEWS, 4, 4), 1);

    assert_int_equal(cell(&r, ANNUAL_FALLBACK, 1, 3), 3);
    assert_int_equal(cell(&r, ANNUAL_FALLBACK_IN_PLACE, 3, 0), 1); /* water's generator */
    assert_int_equal(cell(&r, ANNUAL_FALLBACK_IN_PLACE, 3, 1), 2);
    /* the stored decisions against the engine: both of water's contradicted */
    assert_int_equal(cell(&r, ANNUAL_FALLBACK_DECISIONS, 0, 0), 0); /* needed: agrees */
    assert_int_equal(cell(&r, ANNUAL_FALLBACK_DECISIONS, 0, 1), 1); /* needed: contradicted */
    assert_int_equal(cell(&r, ANNUAL_FALLBACK_DECISIONS, 1, 0), 0);
    assert_int_equal(cell(&r, ANNUAL_FALLBACK_DECISIONS, 1, 1), 1); /* proportionate */
    assert_int_equal(cell(&r, ANNUAL_FALLBACK_DECISIONS, 2, 1), 2); /* contradicted in all */
    assert_string_equal(annual_table_name(ANNUAL_FALLBACK_DECISIONS), "fallback_decisions");

    assert_int_equal(cell(&r, ANNUAL_INCIDENTS, 0, 0), 1); /* first quarter */
    assert_int_equal(cell(&r, ANNUAL_INCIDENTS, 1, 4), 1);
    assert_int_equal(cell(&r, ANNUAL_NOTIFICATIONS, 0, 0), 1); /* NIS2 early warning met */
    assert_int_equal(cell(&r, ANNUAL_NOTIFICATIONS, 0, 2), 2); /* notification, final report */
    assert_int_equal(cell(&r, ANNUAL_NOTIFICATIONS, 1, 0), 1); /* CER initial notification */
    assert_int_equal(cell(&r, ANNUAL_NOTIFICATIONS, 1, 2), 1); /* CER detailed report */
    assert_int_equal(cell(&r, ANNUAL_NOTIFICATIONS, 2, 4), 5);

    /* r1: likelihood C (row 2 of E, D, C, B, A), impact D (column 3) */
    t = &r.tables[ANNUAL_RISK_INHERENT];
    assert_string_equal(t->rows[2], "C");
    assert_int_equal(cell(&r, ANNUAL_RISK_INHERENT, 2, 3), 1);
    assert_int_equal(cell(&r, ANNUAL_RISK_INHERENT, 5, 5), 1);
    assert_int_equal(cell(&r, ANNUAL_RISK_RESIDUAL, 2, 3), 1); /* its measure changes the buffer */
    assert_int_equal(r.resilience.nsectors, 1);
    assert_true(r.resilience.shown[0]);
    assert_true(r.resilience.mean[0] == 4.0); /* physical */
    assert_true(r.resilience.mean[1] == 2.0); /* digital */

    /* trends: from 2022 (the first dated record, an analysis started) */
    assert_int_equal(r.first_year, 2022);
    assert_int_equal(r.nyears, 5);
    assert_int_equal(cell(&r, ANNUAL_TREND_CYCLE, 2, 3), 0); /* 2024: nothing yet */
    assert_int_equal(cell(&r, ANNUAL_TREND_CYCLE, 3, 0), 1); /* 2025: power due soon */
    assert_int_equal(cell(&r, ANNUAL_TREND_CYCLE, 3, 2), 2);
    assert_int_equal(cell(&r, ANNUAL_TREND_CYCLE, 4, 1), 1);    /* 2026: power overdue */
    assert_int_equal(cell(&r, ANNUAL_TREND_ACTIVITY, 3, 2), 0); /* 2025: nothing completed */
    assert_int_equal(cell(&r, ANNUAL_TREND_ACTIVITY, 4, 2), 1); /* 2026: m-batteries */
    assert_int_equal(cell(&r, ANNUAL_TREND_ACTIVITY, 4, 3), 1); /* rev-1 */
    assert_int_equal(cell(&r, ANNUAL_TREND_ACTIVITY, 4, 4), 1); /* inc-1 */
    assert_true(shown(&r, ANNUAL_CYCLE_SECTOR, 0, 1));
    annual_report_release(&r);
}

/* With k = 3 the cycle table shows only its zeros and threes: overdue (1)
 * and never (2) are withheld in the row and in the total row, and no total
 * gives them away (each line holds two). */
static void test_withheld(void **state)
{
    struct annual_report r;
    (void)state;
    compute(3, 2026, &r);
    assert_int_equal(r.k, 3);
    assert_true(shown(&r, ANNUAL_CYCLE_SECTOR, 0, 0));
    assert_false(shown(&r, ANNUAL_CYCLE_SECTOR, 0, 1));
    assert_false(shown(&r, ANNUAL_CYCLE_SECTOR, 0, 2));
    assert_true(shown(&r, ANNUAL_CYCLE_SECTOR, 0, 3));
    assert_false(shown(&r, ANNUAL_CYCLE_SECTOR, 1, 1));
    assert_false(shown(&r, ANNUAL_CYCLE_SECTOR, 1, 2));
    assert_true(shown(&r, ANNUAL_CYCLE_SECTOR, 1, 3));
    /* the same national figures in the trend's row of 2026 and per ministry */
    assert_false(shown(&r, ANNUAL_TREND_CYCLE, 4, 1));
    assert_false(shown(&r, ANNUAL_TREND_CYCLE, 4, 2));
    assert_true(shown(&r, ANNUAL_TREND_CYCLE, 4, 3));
    assert_false(shown(&r, ANNUAL_CYCLE_MINISTRY, 1, 1));
    assert_false(shown(&r, ANNUAL_RISK_INHERENT, 2, 3)); /* one risk */
    /* two contradicted decisions, both of one process: no cell, row or
     * total says it; the zeros of "agrees" are no one's secret */
    assert_true(shown(&r, ANNUAL_FALLBACK_DECISIONS, 0, 0));
    assert_false(shown(&r, ANNUAL_FALLBACK_DECISIONS, 0, 1));
    assert_false(shown(&r, ANNUAL_FALLBACK_DECISIONS, 1, 1));
    assert_false(shown(&r, ANNUAL_FALLBACK_DECISIONS, 0, 2));
    assert_false(shown(&r, ANNUAL_FALLBACK_DECISIONS, 2, 1));
    assert_false(shown(&r, ANNUAL_FALLBACK_DECISIONS, 2, 2));
    assert_false(r.resilience.shown[0]); /* one risk scores it */
    annual_report_release(&r);
}

/* The year as it stood at its end: 2025 from the view of 2025-12-31. */
static void test_earlier_year(void **state)
{
    struct annual_report r;
    struct annual_options o = {2025, -1, 0, NULL};
    struct error e = {0};
    (void)state;
    compute(1, 2025, &r);
    assert_string_equal(r.as_of, "2025-12-31");
    assert_int_equal(cell(&r, ANNUAL_CYCLE_SECTOR, 0, 0), 1);
    assert_int_equal(cell(&r, ANNUAL_MEASURE_KIND, 1, 1), 1); /* still planned */
    assert_int_equal(cell(&r, ANNUAL_INCIDENTS, 1, 4), 0);
    assert_int_equal(r.nyears, 4);
    annual_report_release(&r);

    o.today = timefmt_today();
    o.year = 2024; /* the records did not exist yet */
    assert_int_equal(annual_compute(s, &o, &r, &e), ERR_INVALID);
    assert_string_equal(e.where, "year");
    annual_report_release(&r);
    o.year = 2027;
    assert_int_equal(annual_compute(s, &o, &r, &e), ERR_INVALID);
    annual_report_release(&r);
    o.year = 2026;
    assert_int_equal(timefmt_parse_date("2025-12-31", &o.as_of), 0);
    assert_int_equal(annual_compute(s, &o, &r, &e), ERR_INVALID);
    assert_string_equal(e.where, "as_of");
    annual_report_release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_withheld),
        cmocka_unit_test(test_earlier_year),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
