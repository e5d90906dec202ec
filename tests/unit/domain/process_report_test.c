/*
 * process_report_test.c — tests src/domain/process_report.c on the small
 * database of tests/data/report/process.json, whose figures are worked out
 * by hand below: everything gathered for the CLI (no filter), what a reader
 * cleared to confidential who may not see the process "water" gets (and
 * which reads the callback is asked about), the marking, and the history of
 * approvals of a review walked through its four-eyes steps.
 *
 * The fixture: power (Energie, A, recovery 0) fails for 4 h (setting
 * assess_outage_h), horizon 12 h. dist (Energie, buffer 0, recovery 1) is
 * down from hour 0 until an hour after power returns at hour 4: [0, 5).
 * water (Water, buffer 2, recovery 2) is down from hour 2 until two hours
 * after hour 4: [2, 6). So per hour in Energie (power itself included):
 * 2 2 2 2 1 0 ..., in other sectors: 0 0 1 1 1 1 0 ...
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "domain/process_report.h"
#include "store/store.h"
#include "support/testutil.h"

#include <string.h>

static int64_t day(const char *date)
{
    int64_t d = 0;
    assert_int_equal(timefmt_parse_date(date, &d), 0);
    return d;
}

static const char *id_at(const json_t *array, size_t i)
{
    return json_string_value(json_object_get(json_array_get(array, i), "id"));
}

static void test_everything(void **state)
{
    struct store *s = testutil_store_from_fixture("report/process.json");
    struct process_report_options o = {.process = "power", .visible = NULL, .ctx = NULL};
    struct process_report r;
    struct error e = {0};
    static const uint32_t own[12] = {2, 2, 2, 2, 1, 0, 0, 0, 0, 0, 0, 0};
    static const uint32_t other[12] = {0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
    size_t h;
    (void)state;
    o.today = day("2024-12-01");
    assert_int_equal(process_report_gather(s, &o, &r, &e), 0);
    assert_string_equal(r.classification, "secret"); /* r-2 and m-2 are secret */
    assert_string_equal(r.sector_name, "Energie");
    assert_string_equal(r.ministry_name, "Ministerie EZK");
    /* the latest final assessment, not the later draft; all newest first */
    assert_string_equal(json_string_value(json_object_get(r.latest, "id")), "as-power-2024");
    assert_int_equal(json_array_size(r.assessments), 3);
    assert_string_equal(id_at(r.assessments, 0), "as-power-2025");
    assert_string_equal(id_at(r.assessments, 2), "as-power-2020");
    assert_string_equal(json_string_value(json_object_get(r.criteria, "cascade")), "other sectors");
    /* dependencies both ways, with the suppliers' names */
    assert_int_equal(json_array_size(r.inputs), 1);
    assert_string_equal(id_at(r.inputs, 0), "d-power");
    assert_string_equal(process_report_name(&r, "spare"), "Koelwater");
    assert_int_equal(json_array_size(r.dependents), 2);
    assert_string_equal(id_at(r.dependents, 0), "d-dist");
    assert_string_equal(id_at(r.dependents, 1), "d-water");
    assert_string_equal(process_report_name(&r, "water"), "Drinkwater");
    /* the cascade */
    assert_int_equal(r.outage_h, 4);
    assert_int_equal(r.horizon_h, 12);
    assert_int_equal(r.n_down, 2);
    assert_string_equal(r.down[0].id, "dist");
    assert_int_equal(r.down[0].first_down_h, 0);
    assert_int_equal(r.down[0].down_h, 5);
    assert_true(r.down[0].own_sector);
    assert_string_equal(r.down[1].id, "water");
    assert_string_equal(r.down[1].sector, "Water");
    assert_int_equal(r.down[1].first_down_h, 2);
    assert_int_equal(r.down[1].down_h, 4);
    assert_false(r.down[1].own_sector);
    assert_int_equal(r.n_sectors_hit, 1);
    for (h = 0; h < 12; h++) {
        assert_int_equal(r.down_own[h], own[h]);
        assert_int_equal(r.down_other[h], other[h]);
    }
    /* risks of the analysis, both; the threats' names */
    assert_int_equal(json_array_size(r.analyses), 1);
    assert_int_equal(r.shown.n_risks, 2);
    assert_int_equal(r.shown.processes[0].n_risks, 2);
    assert_string_equal(json_string_value(json_object_get(r.threats, "t-flood")), "Overstroming");
    /* fallback need: its one input */
    assert_int_equal(r.fallback.n, 1);
    assert_int_equal(r.fallback.processes[0].n_inputs, 1);
    assert_true(r.fallback_input_shown[0]);
    assert_int_equal(json_array_size(r.fallbacks), 1);
    /* measures of power (not m-3 of water): m-1 awaits an adjustment
     * (partly effective), m-2 is overdue (planned, due 2024-01-01) */
    assert_int_equal(r.n_measures, 2);
    assert_string_equal(json_string_value(json_object_get(r.measures[0].record, "id")), "m-1");
    assert_true(r.measures[0].state->adjustment_due);
    assert_int_equal(json_array_size(r.measures[0].reviews), 1);
    assert_true(r.measures[1].state->overdue);
    /* approvals: the imported final records (an-power, as-power-2020/2024, rv-1) */
    assert_int_equal(r.n_approvals, 4);
    for (h = 0; h < r.n_approvals; h++)
        assert_int_equal(r.approvals[h].step, PROCESS_REPORT_RECORDED);
    process_report_release(&r);
    process_report_release(&r); /* twice is fine */
    store_close(s);
}

/* A reader cleared to confidential who may not see the process water;
 * notes every record it is asked about. */
static int reader(void *ctx, const struct kind *k, const json_t *record, struct error *e)
{
    json_t *asked = ctx;
    const char *c = json_string_value(json_object_get(record, "classification"));
    const char *id = json_string_value(json_object_get(record, "id"));
    (void)e;
    json_array_append_new(asked, json_sprintf("%s/%s", k->name, id));
    if (strcmp(c, "secret") == 0 || (strcmp(k->name, "processes") == 0 && strcmp(id, "water") == 0))
        return ERR_NOTFOUND;
    return 0;
}

static int asked_about(const json_t *asked, const char *what)
{
    json_t *v;
    size_t i;
    json_array_foreach(asked, i, v)
    {
        if (strcmp(json_string_value(v), what) == 0)
            return 1;
    }
    return 0;
}

static void test_need_to_know(void **state)
{
    struct store *s = testutil_store_from_fixture("report/process.json");
    json_t *asked = json_array();
    struct process_report_options o = {.process = "power", .visible = reader, .ctx = asked};
    struct process_report r;
    struct error e = {0};
    size_t h;
    (void)state;
    o.today = day("2024-12-01");
    assert_int_equal(process_report_gather(s, &o, &r, &e), 0);
    assert_string_equal(r.classification, "confidential");
    /* the secret risk and measure are left out */
    assert_int_equal(r.shown.n_risks, 1);
    assert_string_equal(r.shown.risks[0].id, "r-1");
    assert_int_equal(r.n_measures, 1);
    assert_string_equal(json_string_value(json_object_get(r.measures[0].record, "id")), "m-1");
    assert_true(asked_about(asked, "risks/r-2"));
    /* water is neither named nor counted in the cascade; its dependency
     * record itself (confidential) may be read, without the name */
    assert_int_equal(r.n_down, 1);
    assert_string_equal(r.down[0].id, "dist");
    assert_int_equal(r.n_sectors_hit, 0);
    for (h = 0; h < 12; h++)
        assert_int_equal(r.down_other[h], 0);
    assert_null(process_report_name(&r, "water"));
    assert_int_equal(json_array_size(r.dependents), 2);
    process_report_release(&r);

    /* the process itself hidden: as if absent */
    o.process = "water";
    assert_int_equal(process_report_gather(s, &o, &r, &e), ERR_NOTFOUND);
    assert_string_equal(e.where, "process");
    process_report_release(&r);
    o.process = "nope";
    o.visible = NULL;
    assert_int_equal(process_report_gather(s, &o, &r, &e), ERR_NOTFOUND);
    assert_non_null(strstr(e.message, "nope"));
    process_report_release(&r);
    json_decref(asked);
    store_close(s);
}

static void put_review(struct store *s, const char *actor, const char *at, const char *status,
                       const char *key, const char *value)
{
    const struct kind *k = model_kind_find("reviews");
    struct store_change change = {actor, "api", at, NULL, 0};
    struct error e = {0};
    json_t *rv = NULL;
    assert_int_equal(store_record_get(s, k, "rv-1", &rv, &e), 0);
    json_object_set_new(rv, "status", json_string(status));
    if (key)
        json_object_set_new(rv, key, json_string(value));
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_record_put(s, k, rv, &change, NULL, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(rv);
}

static void test_approval_history(void **state)
{
    struct store *s = testutil_store_from_fixture("report/process.json");
    struct process_report_options o = {.process = "power", .visible = NULL, .ctx = NULL};
    struct process_report r;
    struct error e = {0};
    const struct process_report_approval *a;
    (void)state;
    o.today = day("2024-12-01");
    put_review(s, "anna", "2029-01-01T09:00:00Z", "review", NULL, NULL);
    put_review(s, "bob", "2029-01-02T09:00:00Z", "draft", "rejection", "Te dun");
    put_review(s, "anna", "2029-01-03T09:00:00Z", "review", "rejection", "");
    put_review(s, "system", "2029-01-04T09:00:00Z", "final", "approved_by", "carla");
    {
        const struct kind *k = model_kind_find("reviews");
        json_t *rv = NULL;
        struct store_change change = {"system", "api", "2029-01-04T09:00:00Z", NULL, 0};
        assert_int_equal(store_record_get(s, k, "rv-1", &rv, &e), 0);
        json_object_set_new(rv, "approved_at", json_string("2029-01-04T10:00:00Z"));
        json_object_set_new(rv, "approval_comment", json_string("Akkoord"));
        assert_int_equal(store_begin(s, &e), 0);
        assert_int_equal(store_record_put(s, k, rv, &change, NULL, &e), 0);
        assert_int_equal(store_commit(s, &e), 0);
        json_decref(rv);
    }
    assert_int_equal(process_report_gather(s, &o, &r, &e), 0);
    /* 3 imported final records, then rv-1: recorded, submitted, rejected,
     * submitted, approved (the comment added in a later version of the
     * same status is no new step) */
    assert_int_equal(r.n_approvals, 3 + 5);
    a = &r.approvals[3 + 1];
    assert_int_equal(a->step, PROCESS_REPORT_SUBMITTED);
    assert_string_equal(a->who, "anna");
    assert_string_equal(a->at, "2029-01-01T09:00:00Z");
    a = &r.approvals[3 + 2];
    assert_int_equal(a->step, PROCESS_REPORT_REJECTED);
    assert_string_equal(a->who, "bob");
    assert_string_equal(a->comment, "Te dun");
    assert_int_equal(r.approvals[3 + 3].step, PROCESS_REPORT_SUBMITTED);
    a = &r.approvals[3 + 4];
    assert_int_equal(a->step, PROCESS_REPORT_APPROVED);
    assert_string_equal(a->who, "carla");
    assert_string_equal(a->kind->name, "reviews");
    assert_string_equal(a->id, "rv-1");
    process_report_release(&r);

    /* as of a moment in between: the versions made after it are left out */
    o.history = s;
    o.until = "2029-01-02T12:00:00Z";
    assert_int_equal(process_report_gather(s, &o, &r, &e), 0);
    assert_int_equal(r.n_approvals, 3 + 3);
    assert_int_equal(r.approvals[3 + 2].step, PROCESS_REPORT_REJECTED);
    process_report_release(&r);
    store_close(s);
}

static void test_higher(void **state)
{
    (void)state;
    assert_string_equal(process_report_higher("internal", "secret"), "secret");
    assert_string_equal(process_report_higher("confidential", "internal"), "confidential");
    assert_string_equal(process_report_higher("public", NULL), "public");
    assert_string_equal(process_report_higher(NULL, NULL), "public");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_everything),
        cmocka_unit_test(test_need_to_know),
        cmocka_unit_test(test_approval_history),
        cmocka_unit_test(test_higher),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
