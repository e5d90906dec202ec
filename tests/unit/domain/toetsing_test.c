/*
 * toetsing_test.c — tests src/domain/toetsing.c: calendar months, the latest
 * review as of a day (later reviews ignored, one day's disagreeing reviews),
 * next review due and state (a review exactly on the interval boundary, the
 * due-soon window, never reviewed with and without a due date, no reviews at
 * all), and which measures count towards residual risk (done and effective
 * vs partly effective vs not done); the follow-up: overdue (due today is
 * not overdue; done and cancelled never are) and adjustment due (a partly
 * effective or ineffective latest review; an effective one after an
 * ineffective one clears it, as does any later review; one measure read
 * alone agrees with the report).
 *
 * The database is tests/data/risks/small.json; expected dates were worked out
 * by hand from it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "domain/toetsing.h"
#include "domain/validate.h"
#include "store/store.h"
#include "support/testutil.h"

#include <stdlib.h>
#include <string.h>

struct fixture {
    struct store *store;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->store = testutil_store_from_fixture("risks/small.json");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->store);
    free(f);
    return 0;
}

static int64_t day(const char *date)
{
    int64_t d = 0;
    assert_int_equal(timefmt_parse_date(date, &d), 0);
    return d;
}

static void compute(struct fixture *f, const char *today, struct toetsing_report *r)
{
    struct error e = {0};
    if (toetsing_compute(f->store, day(today), r, &e) != 0)
        fail_msg("%s: %s", e.where, e.message);
}

static const struct toetsing_measure *find(const struct toetsing_report *r, const char *id)
{
    size_t i;
    for (i = 0; i < r->n; i++) {
        if (strcmp(r->measures[i].id, id) == 0)
            return &r->measures[i];
    }
    fail_msg("no measure %s", id);
    return NULL;
}

static void expect(const struct toetsing_report *r, const char *id, enum toetsing_state state,
                   const char *next_due, int needs_review)
{
    const struct toetsing_measure *m = find(r, id);
    if (m->state != state || strcmp(m->next_due, next_due) != 0 || m->needs_review != needs_review)
        fail_msg("%s: %s %s %d, wanted %s %s %d", id, toetsing_state_name(m->state), m->next_due,
                 m->needs_review, toetsing_state_name(state), next_due, needs_review);
}

static void test_add_months(void **state)
{
    char buf[11];
    (void)state;
    timefmt_format_date(toetsing_add_months(day("2025-11-27"), 12), buf);
    assert_string_equal(buf, "2026-11-27");
    timefmt_format_date(toetsing_add_months(day("2026-08-31"), 6), buf);
    assert_string_equal(buf, "2027-02-28");
    timefmt_format_date(toetsing_add_months(day("2023-08-31"), 6), buf);
    assert_string_equal(buf, "2024-02-29"); /* leap year */
    timefmt_format_date(toetsing_add_months(day("2025-01-31"), 1), buf);
    assert_string_equal(buf, "2025-02-28");
    timefmt_format_date(toetsing_add_months(day("2025-12-15"), 1), buf);
    assert_string_equal(buf, "2026-01-15"); /* over the year end */
    timefmt_format_date(toetsing_add_months(day("2025-05-31"), 1200), buf);
    assert_string_equal(buf, "2125-05-31");
}

static void test_states(void **state)
{
    struct toetsing_report r;
    compute(*state, "2026-11-27", &r);
    assert_int_equal(r.n, 13);
    assert_int_equal(r.due_soon_days, 30);
    /* reviewed 2025-11-27, every 12 months: due exactly today -> due, not overdue */
    expect(&r, "m-done-eff", TOETSING_DUE, "2026-11-27", 1);
    /* every month, reviewed 2026-11-15: next 2026-12-15, within 30 days -> due */
    expect(&r, "m-due-window", TOETSING_DUE, "2026-12-15", 1);
    expect(&r, "m-eff-impact", TOETSING_REVIEWED, "2027-06-01", 0);
    expect(&r, "m-monthend", TOETSING_REVIEWED, "2027-02-28", 0);
    /* every 6 months, reviewed 2026-05-26: due 2026-11-26, a day ago */
    expect(&r, "m-partly", TOETSING_OVERDUE, "2026-11-26", 1);
    /* the 2026-12-01 review is not held yet: the 2025-01-01 one counts */
    expect(&r, "m-later-review", TOETSING_OVERDUE, "2026-01-01", 1);
    assert_int_equal(find(&r, "m-later-review")->n_reviews, 1);
    assert_string_equal(find(&r, "m-later-review")->result, "effective");
    /* never reviewed: the first review a period after the due date */
    expect(&r, "m-never-due", TOETSING_NEVER, "2026-10-31", 1);
    expect(&r, "m-never-later", TOETSING_NEVER, "2027-06-30", 0);
    expect(&r, "m-never-nodue", TOETSING_NEVER, "", 1); /* no date to count from: now */
    expect(&r, "m-planned", TOETSING_NOT_ACTIVE, "", 0);
    assert_int_equal(find(&r, "m-planned")->active, 0);
    toetsing_report_release(&r);

    /* a day later the boundary review is overdue */
    compute(*state, "2026-11-28", &r);
    expect(&r, "m-done-eff", TOETSING_OVERDUE, "2026-11-27", 1);
    toetsing_report_release(&r);
}

static void test_latest_review_and_residual(void **state)
{
    struct toetsing_report r;
    const struct toetsing_measure *m;
    compute(*state, "2026-11-27", &r);
    /* done and effective -> counts */
    assert_int_equal(find(&r, "m-done-eff")->applies, 1);
    /* the later of two reviews (ineffective, then effective) decides */
    m = find(&r, "m-eff-impact");
    assert_string_equal(m->last_review_id, "rv-eff-impact-2");
    assert_int_equal(m->n_reviews, 2);
    assert_int_equal(m->applies, 1);
    assert_int_equal(toetsing_measure_targets(m, "r-p2"), 1);
    assert_int_equal(toetsing_measure_targets(m, "r-qs"), 0); /* effect_risk names r-p2 only */
    assert_int_equal(toetsing_measure_targets(find(&r, "m-done-eff"), "r-p1"), 1);
    /* partly effective: not counted */
    assert_string_equal(find(&r, "m-partly")->result, "partly_effective");
    assert_int_equal(find(&r, "m-partly")->applies, 0);
    /* effective but in progress: not counted */
    assert_int_equal(find(&r, "m-notdone")->applies, 0);
    /* two reviews on one day, effective and partly effective: the measure is not
     * judged effective */
    m = find(&r, "m-tie");
    assert_string_equal(m->result, "partly_effective");
    assert_string_equal(m->last_review_id, "rv-tie-b");
    assert_int_equal(m->applies, 0);
    /* no likelihood/impact effect: nothing to count */
    assert_int_equal(find(&r, "m-monthend")->applies, 0);
    toetsing_report_release(&r);

    /* once the ineffective review of 2026-12-01 is held, m-later-review no longer counts */
    compute(*state, "2026-12-02", &r);
    m = find(&r, "m-later-review");
    assert_string_equal(m->result, "ineffective");
    assert_int_equal(m->n_reviews, 2);
    assert_int_equal(m->applies, 0);
    expect(&r, "m-later-review", TOETSING_REVIEWED, "2027-12-01", 0);
    toetsing_report_release(&r);
}

static void test_no_reviews_at_all(void **state)
{
    struct fixture *f = *state;
    struct toetsing_report r;
    struct error e = {0};
    static const char *const ids[] = {"rv-done-eff",     "rv-due-window", "rv-eff-impact-1",
                                      "rv-eff-impact-2", "rv-higher",     "rv-later-1",
                                      "rv-later-2",      "rv-monthend",   "rv-notdone",
                                      "rv-partly",       "rv-tie-a",      "rv-tie-b"};
    size_t i, never = 0, applies = 0;
    assert_int_equal(store_begin(f->store, &e), 0);
    for (i = 0; i < sizeof ids / sizeof ids[0]; i++)
        assert_int_equal(store_record_delete(f->store, model_kind_find("reviews"), ids[i],
                                             &testutil_change, NULL, &e),
                         0);
    assert_int_equal(store_commit(f->store, &e), 0);
    compute(f, "2026-11-27", &r);
    for (i = 0; i < r.n; i++) {
        never += r.measures[i].state == TOETSING_NEVER;
        applies += (size_t)r.measures[i].applies;
        assert_int_equal(r.measures[i].n_reviews, 0);
    }
    assert_int_equal(never, 12); /* every measure in progress or done */
    assert_int_equal(applies, 0);
    /* m-done-eff, due 2025-06-30: first review due 2026-06-30 -> needs one */
    expect(&r, "m-done-eff", TOETSING_NEVER, "2026-06-30", 1);
    /* m-partly has no due date: now */
    expect(&r, "m-partly", TOETSING_NEVER, "", 1);
    toetsing_report_release(&r);
}

static void put_setting(struct fixture *f, const char *value)
{
    struct error e = {0};
    json_t *s = json_pack("{ss ss ss ss}", "id", "review_due_soon_days", "value", value,
                          "classification", "public", "owner", "nctv");
    assert_int_equal(store_begin(f->store, &e), 0);
    assert_int_equal(
        store_record_put(f->store, model_kind_find("settings"), s, &testutil_change, NULL, &e), 0);
    assert_int_equal(store_commit(f->store, &e), 0);
    json_decref(s);
}

static void test_window_setting(void **state)
{
    struct fixture *f = *state;
    struct toetsing_report r;
    struct error e = {0};
    put_setting(f, "0");
    compute(f, "2026-11-27", &r);
    expect(&r, "m-due-window", TOETSING_REVIEWED, "2026-12-15", 0);
    expect(&r, "m-done-eff", TOETSING_DUE, "2026-11-27", 1); /* due today */
    toetsing_report_release(&r);
    put_setting(f, "-1");
    assert_int_equal(toetsing_compute(f->store, day("2026-11-27"), &r, &e), ERR_INVALID);
    assert_non_null(strstr(e.message, "review_due_soon_days"));
    toetsing_report_release(&r);
}

static void test_overdue_rule(void **state)
{
    int64_t today = day("2026-12-06");
    (void)state;
    assert_int_equal(toetsing_measure_overdue("in_progress", "2026-12-06", today), 0); /* today */
    assert_int_equal(toetsing_measure_overdue("in_progress", "2026-12-05", today), 1);
    assert_int_equal(toetsing_measure_overdue("proposed", "2020-01-01", today), 1);
    assert_int_equal(toetsing_measure_overdue("planned", "2027-01-01", today), 0);
    assert_int_equal(toetsing_measure_overdue("done", "2020-01-01", today), 0);
    assert_int_equal(toetsing_measure_overdue("cancelled", "2020-01-01", today), 0);
    assert_int_equal(toetsing_measure_overdue("in_progress", NULL, today), 0); /* no due date */
    assert_int_equal(toetsing_measure_overdue("in_progress", "", today), 0);
    assert_int_equal(toetsing_result_needs_adjustment("partly_effective"), 1);
    assert_int_equal(toetsing_result_needs_adjustment("ineffective"), 1);
    assert_int_equal(toetsing_result_needs_adjustment("inconclusive"), 0);
    assert_int_equal(toetsing_result_needs_adjustment("effective"), 0);
    assert_int_equal(toetsing_adjustment_due("done", "ineffective"), 1);
    assert_int_equal(toetsing_adjustment_due("cancelled", "ineffective"), 0);
    assert_int_equal(toetsing_adjustment_due("in_progress", NULL), 0); /* never reviewed */
}

/* The follow-up of one measure read alone, as the API and `show` do. */
static void expect_alone(struct fixture *f, const char *id, const char *today,
                         const struct toetsing_measure *m)
{
    struct toetsing_follow_up fu;
    struct error e = {0};
    json_t *rec = NULL;
    assert_int_equal(store_record_get(f->store, model_kind_find("measures"), id, &rec, &e), 0);
    assert_int_equal(toetsing_follow_up_get(f->store, rec, day(today), &fu, &e), 0);
    assert_int_equal(fu.overdue, m->overdue);
    assert_int_equal(fu.adjustment_due, m->adjustment_due);
    assert_string_equal(fu.follow_up, m->follow_up);
    assert_string_equal(fu.review_id, m->adjustment_review_id);
    json_decref(rec);
}

static void test_adjustment_due(void **state)
{
    struct fixture *f = *state;
    struct toetsing_report r;
    const struct toetsing_measure *m;
    struct error e = {0};
    static const char *const ids[] = {"m-eff-impact", "m-partly", "m-tie", "m-later-review",
                                      "m-done-eff"};
    size_t i;
    json_t *review;

    compute(f, "2026-11-27", &r);
    /* ineffective in 2024, effective in 2025: the later review cleared it */
    m = find(&r, "m-eff-impact");
    assert_int_equal(m->adjustment_due, 0);
    assert_string_equal(m->follow_up, "");
    /* partly effective, nothing since: adjustment due with its follow-up date */
    m = find(&r, "m-partly");
    assert_int_equal(m->adjustment_due, 1);
    assert_string_equal(m->follow_up, "2026-11-26");
    assert_string_equal(m->adjustment_review_id, "rv-partly");
    /* one day, effective and partly effective: the adjustment is due */
    assert_int_equal(find(&r, "m-tie")->adjustment_due, 1);
    assert_string_equal(find(&r, "m-tie")->follow_up, "2025-09-03");
    /* the ineffective review of 2026-12-01 is not yet held */
    assert_int_equal(find(&r, "m-later-review")->adjustment_due, 0);
    for (i = 0; i < sizeof ids / sizeof ids[0]; i++)
        expect_alone(f, ids[i], "2026-11-27", find(&r, ids[i]));
    toetsing_report_release(&r);

    compute(f, "2026-12-01", &r); /* held today: counts */
    assert_int_equal(find(&r, "m-later-review")->adjustment_due, 1);
    assert_string_equal(find(&r, "m-later-review")->follow_up, "2027-03-01");
    expect_alone(f, "m-later-review", "2026-12-01", find(&r, "m-later-review"));
    toetsing_report_release(&r);

    /* a later review of m-partly, whatever it found, ends the adjustment due
     * once it is approved: in review it does not count yet (four eyes) */
    review = json_pack("{ss ss ss ss ss ss ss ss}", "id", "rv-partly-again", "measure", "m-partly",
                       "date", "2026-11-20", "method", "test", "result", "inconclusive", "status",
                       "review", "classification", "confidential", "owner", "ezk");
    assert_int_equal(validate_record(model_kind_find("reviews"), review, "$", &e), 0);
    assert_int_equal(store_begin(f->store, &e), 0);
    assert_int_equal(
        store_record_put(f->store, model_kind_find("reviews"), review, &testutil_change, NULL, &e),
        0);
    assert_int_equal(store_commit(f->store, &e), 0);
    compute(f, "2026-11-27", &r);
    assert_int_equal(find(&r, "m-partly")->adjustment_due, 1);
    assert_string_equal(find(&r, "m-partly")->adjustment_review_id, "rv-partly");
    toetsing_report_release(&r);
    json_object_set_new(review, "status", json_string("final"));
    assert_int_equal(store_begin(f->store, &e), 0);
    assert_int_equal(
        store_record_put(f->store, model_kind_find("reviews"), review, &testutil_change, NULL, &e),
        0);
    assert_int_equal(store_commit(f->store, &e), 0);
    json_decref(review);
    compute(f, "2026-11-19", &r); /* not yet */
    assert_int_equal(find(&r, "m-partly")->adjustment_due, 1);
    toetsing_report_release(&r);
    compute(f, "2026-11-27", &r);
    assert_int_equal(find(&r, "m-partly")->adjustment_due, 0);
    expect_alone(f, "m-partly", "2026-11-27", find(&r, "m-partly"));
    toetsing_report_release(&r);
}

static int collect_measure(void *ctx, json_t *record)
{
    json_array_append(ctx, record);
    return 0;
}

/* toetsing_follow_up_get_many (a page of measures at once) gives each
 * measure what toetsing_compute gives it, on two days. */
static void test_follow_ups_at_once(void **state)
{
    static const char *const days[] = {"2026-11-27", "2026-12-01"};
    struct fixture *f = *state;
    json_t *measures = json_array(), *m;
    const json_t **items;
    struct toetsing_follow_up *fu;
    struct toetsing_report r;
    struct error e = {0};
    size_t d, i, n;

    assert_int_equal(store_record_each(f->store, model_kind_find("measures"), NULL, 0, 0, 0,
                                       collect_measure, measures, &e),
                     0);
    n = json_array_size(measures);
    assert_true(n >= 5);
    items = calloc(n, sizeof *items);
    fu = calloc(n, sizeof *fu);
    json_array_foreach(measures, i, m) items[i] = m;
    for (d = 0; d < 2; d++) {
        int adjustments = 0;
        compute(f, days[d], &r);
        assert_int_equal(toetsing_follow_up_get_many(f->store, items, n, day(days[d]), fu, &e), 0);
        for (i = 0; i < n; i++) {
            const struct toetsing_measure *want =
                find(&r, json_string_value(json_object_get(items[i], "id")));
            assert_int_equal(fu[i].overdue, want->overdue);
            assert_int_equal(fu[i].adjustment_due, want->adjustment_due);
            assert_string_equal(fu[i].follow_up, want->follow_up);
            assert_string_equal(fu[i].review_id, want->adjustment_review_id);
            adjustments += fu[i].adjustment_due;
        }
        assert_true(adjustments >= 2);
        toetsing_report_release(&r);
    }
    free(fu);
    free(items);
    json_decref(measures);
}

static void test_overdue_in_report(void **state)
{
    struct fixture *f = *state;
    struct toetsing_report r;
    size_t i;
    compute(f, "2026-11-27", &r);
    for (i = 0; i < r.n; i++) {
        const struct toetsing_measure *m = &r.measures[i];
        assert_int_equal(m->overdue,
                         toetsing_measure_overdue(m->status, m->due, day("2026-11-27")));
        expect_alone(f, m->id, "2026-11-27", m);
    }
    toetsing_report_release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overdue_rule),
        cmocka_unit_test_setup_teardown(test_adjustment_due, setup, teardown),
        cmocka_unit_test_setup_teardown(test_follow_ups_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overdue_in_report, setup, teardown),
        cmocka_unit_test(test_add_months),
        cmocka_unit_test_setup_teardown(test_states, setup, teardown),
        cmocka_unit_test_setup_teardown(test_latest_review_and_residual, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_reviews_at_all, setup, teardown),
        cmocka_unit_test_setup_teardown(test_window_setting, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
