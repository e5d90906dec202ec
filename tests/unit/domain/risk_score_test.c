/*
 * risk_score_test.c — tests src/domain/risk_score.c: the aggregated impact
 * (weighted sum, thresholds, ties, weight 0, nothing scored, rounding), the
 * choice of analyses per process, the risk diagram inherent and residual,
 * resilience and findings per process/sector/nation, and bad tables and ids.
 * Residual risk goes through toetsing_apply_residual (domain/toetsing.c) as
 * the CLI does, so the whole chain is tested here.
 *
 * The database is tests/data/risks/small.json; every expected number below
 * was worked out by hand from it (class scores A1 B3 C9 D27 E81, thresholds
 * 0 3 9 27 81; weights c1 2, c2 1, c3 0.5, c4 0).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "domain/risk_score.h"
#include "domain/toetsing.h"
#include "domain/validate.h"
#include "store/store.h"
#include "support/testutil.h"

#include <stdlib.h>
#include <string.h>

struct fixture {
    struct store *store;
};

static void put(struct store *s, const char *kind, const char *json)
{
    struct error e = {0};
    json_error_t jerr;
    json_t *r = json_loads(json, 0, &jerr);
    if (r == NULL)
        fail_msg("bad test JSON: %s", jerr.text);
    if (validate_record(model_kind_find(kind), r, "$", &e) != 0)
        fail_msg("%s: %s", e.where, e.message);
    assert_int_equal(store_begin(s, &e), 0);
    if (store_record_put(s, model_kind_find(kind), r, &testutil_change, NULL, &e) != 0)
        fail_msg("%s: %s", e.where, e.message);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(r);
}

static void delete (struct store *s, const char *kind, const char *id)
{
    struct error e = {0};
    assert_int_equal(store_begin(s, &e), 0);
    if (store_record_delete(s, model_kind_find(kind), id, &testutil_change, NULL, &e) != 0)
        fail_msg("%s: %s", e.where, e.message);
    assert_int_equal(store_commit(s, &e), 0);
}

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

static const struct risk_entry *find_risk(const struct risk_picture *p, const char *id)
{
    size_t i;
    for (i = 0; i < p->n_risks; i++) {
        if (strcmp(p->risks[i].id, id) == 0)
            return &p->risks[i];
    }
    return NULL;
}

static const struct risk_process *find_process(const struct risk_picture *p, const char *id)
{
    size_t i;
    for (i = 0; i < p->n_processes; i++) {
        if (strcmp(p->processes[i].id, id) == 0)
            return &p->processes[i];
    }
    return NULL;
}

static int cls(const char *letter)
{
    return letter[0] - 'A';
}

static void compute(struct fixture *f, const char *process, const char *sector, int residual,
                    const char *today, struct risk_picture *p)
{
    struct risk_query q = {process, sector};
    struct toetsing_report reviews = {0};
    struct error e = {0};
    if (risk_picture_compute(f->store, &q, p, &e) != 0)
        fail_msg("%s: %s", e.where, e.message);
    if (residual && (toetsing_compute(f->store, day(today), &reviews, &e) != 0 ||
                     toetsing_apply_residual(&reviews, p, &e) != 0))
        fail_msg("%s: %s", e.where, e.message);
    toetsing_report_release(&reviews);
}

/* --- the aggregated impact on tables built by hand ---------------------------- */

static void tables_catalogue(struct risk_tables *t, struct risk_criterion *crit, size_t n_crit)
{
    static const char *const letters[] = {"A", "B", "C", "D", "E", NULL};
    static const double score[] = {1, 3, 9, 27, 81}, min[] = {0, 3, 9, 27, 81};
    size_t i;
    memset(t, 0, sizeof *t);
    t->classes = letters;
    t->n_classes = 5;
    for (i = 0; i < 5; i++) {
        t->rows[i].present = 1;
        t->rows[i].score = score[i];
        t->rows[i].aggregate_min = min[i];
    }
    t->criteria = crit;
    t->n_criteria = n_crit;
}

static void test_aggregate_rules(void **state)
{
    struct risk_criterion crit[4] = {{"c1", "i1", "n1", 2},
                                     {"c2", "i1", "n2", 1},
                                     {"c3", "i2", "n3", 0.5},
                                     {"c4", "i3", "n4", 0}};
    struct risk_tables t;
    struct error e = {0};
    double sum;
    int klass;
    (void)state;
    tables_catalogue(&t, crit, 4);

    /* exactly on a threshold: 2 x B(3) + 1 x B(3) = 9 = C's aggregate_min -> C */
    assert_int_equal(risk_score_aggregate(&t, (int[]){1, 1, -1, -1}, &sum, &klass, &e), 0);
    assert_true(sum == 9.0);
    assert_int_equal(klass, cls("C"));
    /* just below: 2 x B + 0.5 x B(3) = 7.5 -> B */
    assert_int_equal(risk_score_aggregate(&t, (int[]){1, -1, 1, -1}, &sum, &klass, &e), 0);
    assert_true(sum == 7.5);
    assert_int_equal(klass, cls("B"));
    /* nothing scored: no class (not in the diagram) */
    assert_int_equal(risk_score_aggregate(&t, (int[]){-1, -1, -1, -1}, &sum, &klass, &e), 0);
    assert_true(sum == 0.0);
    assert_int_equal(klass, -1);
    /* weight 0: scored, contributes 0 -> sum 0 reaches A's 0 -> A */
    assert_int_equal(risk_score_aggregate(&t, (int[]){-1, -1, -1, 4}, &sum, &klass, &e), 0);
    assert_true(sum == 0.0);
    assert_int_equal(klass, cls("A"));
    /* one E on weight 2: 162 -> E; D on c1 + C on c3: 54 + 4.5 = 58.5 -> D */
    assert_int_equal(risk_score_aggregate(&t, (int[]){4, -1, -1, -1}, &sum, &klass, &e), 0);
    assert_true(sum == 162.0);
    assert_int_equal(klass, cls("E"));
    assert_int_equal(risk_score_aggregate(&t, (int[]){3, -1, 2, -1}, &sum, &klass, &e), 0);
    assert_true(sum == 58.5);
    assert_int_equal(klass, cls("D"));

    /* a tie of thresholds: C and D both from 27 -> the highest class, D */
    t.rows[2].aggregate_min = 27;
    assert_int_equal(risk_score_aggregate(&t, (int[]){-1, 3, -1, -1}, &sum, &klass, &e), 0);
    assert_true(sum == 27.0);
    assert_int_equal(klass, cls("D"));
    t.rows[2].aggregate_min = 9;

    /* a sum below every threshold (no A row, B from 3): the lowest class with a row */
    t.rows[0].present = 0;
    assert_int_equal(risk_score_aggregate(&t, (int[]){-1, -1, 1, -1}, &sum, &klass, &e), 0);
    assert_true(sum == 1.5);
    assert_int_equal(klass, cls("B"));
    /* a scored class without a row is an error naming class and criterion */
    assert_int_equal(risk_score_aggregate(&t, (int[]){0, -1, -1, -1}, &sum, &klass, &e),
                     ERR_INVALID);
    assert_non_null(strstr(e.message, "class A"));
    assert_non_null(strstr(e.message, "c1"));
}

static void test_aggregate_rounding(void **state)
{
    /* 0.7 x 3 is 2.0999999999999996 in doubles; on a threshold of 2.1 it must
     * count as reaching it, as 0.7 x B = 2.1 on paper */
    struct risk_criterion crit[1] = {{"c1", "i", "n", 0.7}};
    struct risk_tables t;
    struct error e = {0};
    double sum;
    int klass;
    (void)state;
    tables_catalogue(&t, crit, 1);
    t.rows[1].aggregate_min = 2.1;
    assert_int_equal(risk_score_aggregate(&t, (int[]){1}, &sum, &klass, &e), 0);
    assert_true(sum < 2.1);
    assert_int_equal(klass, cls("B"));
}

/* --- the picture from the database ------------------------------------------- */

static void test_analysis_choice(void **state)
{
    struct risk_picture p;
    const struct risk_process *power, *gas, *none, *water;
    compute(*state, NULL, NULL, 0, "2026-11-27", &p);
    assert_string_equal(p.scope, "national");
    assert_int_equal(p.n_processes, 4);
    /* p-power: the latest final regular (2023), not the newer draft (2025), plus the
     * final quickscan after it (2024-03-01), not the one before (2023-01-01) */
    power = find_process(&p, "p-power");
    assert_string_equal(power->analysis, "a-power-2023");
    assert_string_equal(power->analysis_status, "final");
    assert_string_equal(power->analysis_date, "2023-06-30");
    assert_int_equal(power->n_quickscans, 1);
    assert_string_equal(power->quickscans[0], "a-power-qs");
    assert_int_equal(power->n_risks, 5); /* r-p1..r-p4 and r-qs */
    /* p-gas: no final analysis -> the latest of any status (review 2024 over draft 2022) */
    gas = find_process(&p, "p-gas");
    assert_string_equal(gas->analysis, "a-gas-2024");
    assert_string_equal(gas->analysis_status, "review");
    none = find_process(&p, "p-none");
    assert_null(none->analysis);
    assert_int_equal(none->n_risks, 0);
    water = find_process(&p, "p-water");
    assert_string_equal(water->analysis, "a-water-2022");
    assert_int_equal(p.n_risks, 7);
    assert_null(find_risk(&p, "r-old"));
    assert_null(find_risk(&p, "r-draft"));
    assert_null(find_risk(&p, "r-qs-old"));
    assert_null(find_risk(&p, "r-g0"));
    assert_int_equal(p.n_sectors, 2);
    assert_string_equal(p.sectors[0].id, "s-energy");
    assert_int_equal(p.sectors[1].n_processes, 2);
    assert_int_equal(p.sectors[1].n_analysed, 1);
    risk_picture_release(&p);
}

static void test_scores_and_diagram(void **state)
{
    struct risk_picture p;
    struct risk_grid g;
    const struct risk_entry *r;
    compute(*state, NULL, NULL, 0, "2026-11-27", &p);
    r = find_risk(&p, "r-p1"); /* 2 x B + 1 x B = 9: on C's threshold */
    assert_true(r->aggregate == 9.0);
    assert_int_equal(r->impact_class, cls("C"));
    r = find_risk(&p, "r-p2"); /* 2 x D + 0.5 x C = 58.5 -> D */
    assert_true(r->aggregate == 58.5);
    assert_int_equal(r->impact_class, cls("D"));
    r = find_risk(&p, "r-p3"); /* nothing scored */
    assert_int_equal(r->impact_class, -1);
    r = find_risk(&p, "r-p4"); /* E on weight 0 -> 0 -> A */
    assert_true(r->aggregate == 0.0);
    assert_int_equal(r->impact_class, cls("A"));
    r = find_risk(&p, "r-w1"); /* 0.5 x B = 1.5 -> A */
    assert_true(r->aggregate == 1.5);
    assert_int_equal(r->impact_class, cls("A"));
    r = find_risk(&p, "r-g1"); /* 2 x E = 162 -> E */
    assert_int_equal(r->impact_class, cls("E"));

    risk_picture_grid(&p, NULL, NULL, 0, &g);
    assert_int_equal(g.n_risks, 6);
    assert_int_equal(g.n_unscored, 1);
    assert_int_equal(g.cells[cls("C")][cls("C")], 2); /* r-p1 and r-qs: a tie in one cell */
    assert_int_equal(g.cells[cls("B")][cls("D")], 1);
    assert_int_equal(g.cells[cls("C")][cls("A")], 1);
    assert_int_equal(g.cells[cls("A")][cls("E")], 1);
    assert_int_equal(g.cells[cls("E")][cls("A")], 1);
    risk_picture_grid(&p, "s-water", NULL, 0, &g);
    assert_int_equal(g.n_risks, 1);
    assert_int_equal(g.cells[cls("E")][cls("A")], 1);
    risk_picture_grid(&p, NULL, "p-power", 0, &g);
    assert_int_equal(g.n_risks, 4);
    assert_int_equal(g.n_unscored, 1);
    risk_picture_release(&p);
}

static void test_residual(void **state)
{
    struct risk_picture p;
    struct risk_grid g;
    const struct risk_entry *r;
    compute(*state, NULL, NULL, 1, "2026-11-27", &p);
    /* m-done-eff: done, effective -> likelihood C -> A */
    r = find_risk(&p, "r-p1");
    assert_int_equal(r->residual_likelihood, cls("A"));
    assert_int_equal(r->residual_impact_class, cls("C"));
    assert_int_equal(r->n_measures, 1);
    assert_string_equal(r->measures[0], "m-done-eff");
    /* m-eff-impact (latest review effective) sets c1 D -> A: 2 x 1 + 4.5 = 6.5 -> B;
     * m-partly (partly_effective) and m-notdone (in progress) do not count */
    r = find_risk(&p, "r-p2");
    assert_int_equal(r->residual_likelihood, cls("B"));
    assert_int_equal(r->residual_impacts[0], cls("A"));
    assert_true(r->residual_aggregate == 6.5);
    assert_int_equal(r->residual_impact_class, cls("B"));
    assert_int_equal(r->n_measures, 1);
    assert_string_equal(r->measures[0], "m-eff-impact");
    /* m-eff-impact names effect_risk r-p2: r-qs, also listed, is not changed; m-tie's
     * two reviews of one day disagree (effective, partly_effective): not counted */
    r = find_risk(&p, "r-qs");
    assert_int_equal(r->residual_likelihood, cls("C"));
    assert_int_equal(r->n_measures, 0);
    /* m-higher would raise A to E: a measure only lowers */
    r = find_risk(&p, "r-g1");
    assert_int_equal(r->residual_likelihood, cls("A"));
    /* the 2026-12-01 review (ineffective) is after today: the effective one counts */
    r = find_risk(&p, "r-w1");
    assert_int_equal(r->residual_likelihood, cls("A"));
    /* inherent values stay */
    assert_int_equal(find_risk(&p, "r-p1")->likelihood, cls("C"));
    risk_picture_grid(&p, NULL, NULL, 1, &g);
    assert_int_equal(g.n_risks, 6);
    assert_int_equal(g.cells[cls("A")][cls("C")], 1); /* r-p1 */
    assert_int_equal(g.cells[cls("B")][cls("B")], 1); /* r-p2 */
    assert_int_equal(g.cells[cls("C")][cls("C")], 1); /* r-qs */
    assert_int_equal(g.cells[cls("A")][cls("A")], 1); /* r-w1 */
    assert_int_equal(g.cells[cls("A")][cls("E")], 1); /* r-g1 */
    assert_int_equal(g.cells[cls("C")][cls("A")], 1); /* r-p4 */
    risk_picture_release(&p);

    /* a day later than the ineffective review of m-later-review: r-w1 keeps E */
    compute(*state, NULL, NULL, 1, "2026-12-02", &p);
    assert_int_equal(find_risk(&p, "r-w1")->residual_likelihood, cls("E"));
    assert_int_equal(find_risk(&p, "r-w1")->n_measures, 0);
    risk_picture_release(&p);
}

static void test_resilience_and_findings(void **state)
{
    struct risk_picture p;
    struct risk_resilience res;
    size_t counts[RISK_TOPICS_MAX];
    const struct risk_process *power;
    compute(*state, NULL, NULL, 0, "2026-11-27", &p);
    /* dimensions in model order: physical, digital, economic, chain, crisis_management */
    risk_picture_resilience(&p, NULL, "p-power", &res); /* physical 3, 2, 4; digital 2, 4 */
    assert_int_equal(res.n[0], 3);
    assert_true(res.mean[0] == 3.0);
    assert_int_equal(res.min[0], 2);
    assert_int_equal(res.n[1], 2);
    assert_true(res.mean[1] == 3.0);
    assert_int_equal(res.n[2], 0);
    assert_int_equal(res.min[2], 0);
    assert_int_equal(res.n[3], 1);                       /* chain 1 (r-qs) */
    risk_picture_resilience(&p, "s-energy", NULL, &res); /* chain 1 and 2 */
    assert_int_equal(res.n[3], 2);
    assert_true(res.mean[3] == 1.5);
    assert_int_equal(res.min[3], 1);
    assert_int_equal(res.n[4], 1);
    assert_true(res.mean[4] == 5.0);
    risk_picture_resilience(&p, NULL, NULL, &res); /* physical 3, 2, 4, 5 */
    assert_int_equal(res.n[0], 4);
    assert_true(res.mean[0] == 3.5);
    assert_int_equal(res.min[0], 2);

    /* topics in model order: policy_law, risk_management, business_continuity,
     * sector_cooperation, incidents */
    power = find_process(&p, "p-power");
    assert_int_equal(power->n_findings, 3); /* two of a-power-2023, one of a-power-qs */
    assert_string_equal(power->findings[2].analysis, "a-power-qs");
    assert_string_equal(power->findings[2].text, "kabelbreuk");
    assert_int_equal(find_process(&p, "p-water")->n_findings, 0); /* analysis without findings */
    risk_picture_findings(&p, "s-energy", counts);
    assert_int_equal(counts[0], 1);
    assert_int_equal(counts[1], 1); /* p-gas */
    assert_int_equal(counts[2], 0);
    assert_int_equal(counts[4], 1);
    risk_picture_findings(&p, "s-water", counts);
    assert_int_equal(counts[0] + counts[1] + counts[2] + counts[3] + counts[4], 0);
    risk_picture_release(&p);
}

static void test_scopes(void **state)
{
    struct fixture *f = *state;
    struct risk_query q = {"nope", NULL};
    struct risk_picture p;
    struct error e = {0};
    compute(f, "p-power", NULL, 0, "2026-11-27", &p);
    assert_string_equal(p.scope, "process");
    assert_string_equal(p.scope_name, "Stroom");
    assert_int_equal(p.n_processes, 1);
    assert_int_equal(p.n_risks, 5);
    risk_picture_release(&p);
    /* an EU sector takes in the national sectors under it */
    compute(f, NULL, "eu-x", 0, "2026-11-27", &p);
    assert_int_equal(p.n_processes, 2);
    assert_int_equal(p.n_risks, 6);
    risk_picture_release(&p);

    assert_int_equal(risk_picture_compute(f->store, &q, &p, &e), ERR_NOTFOUND);
    assert_string_equal(e.where, "nope");
    risk_picture_release(&p);
    q.process = NULL;
    q.sector = "nope";
    assert_int_equal(risk_picture_compute(f->store, &q, &p, &e), ERR_NOTFOUND);
    assert_non_null(strstr(e.message, "no sector"));
    risk_picture_release(&p);
}

static void expect_table_error(struct fixture *f, const char *where, const char *message)
{
    struct risk_query q = {NULL, NULL};
    struct risk_picture p;
    struct error e = {0};
    assert_int_equal(risk_picture_compute(f->store, &q, &p, &e), ERR_INVALID);
    if (strstr(e.where, where) == NULL || strstr(e.message, message) == NULL)
        fail_msg("got '%s: %s', wanted '%s' and '%s'", e.where, e.message, where, message);
    risk_picture_release(&p);
}

static void test_bad_class_id(void **state)
{
    put(((struct fixture *)*state)->store, "impact_classes",
        "{\"id\": \"F\", \"label\": \"extra\", \"score\": 200, \"aggregate_min\": 200,"
        " \"classification\": \"public\", \"owner\": \"nctv\"}");
    expect_table_error(*state, "impact_classes", "class 'F' is not one of A, B, C, D, E");
}

static void test_bad_likelihood_id(void **state)
{
    put(((struct fixture *)*state)->store, "likelihood_classes",
        "{\"id\": \"Z\", \"label\": \"?\", \"p_min_5y\": 0, \"p_max_5y\": 1,"
        " \"classification\": \"public\", \"owner\": \"nctv\"}");
    expect_table_error(*state, "likelihood_classes", "class 'Z'");
}

static void test_falling_thresholds(void **state)
{
    put(((struct fixture *)*state)->store, "impact_classes",
        "{\"id\": \"E\", \"label\": \"cat\", \"score\": 81, \"aggregate_min\": 20,"
        " \"classification\": \"public\", \"owner\": \"nctv\"}");
    expect_table_error(*state, "impact_classes", "aggregate_min of class E (20)");
}

static void test_missing_class_row(void **state)
{
    /* r-p2 scores c3 at C */
    delete (((struct fixture *)*state)->store, "impact_classes", "C");
    expect_table_error(*state, "r-p2", "class C, scored for criterion c3, has no row");
}

static void test_empty_class_table(void **state)
{
    struct fixture *f = *state;
    const char *ids[] = {"A", "B", "C", "D", "E"};
    size_t i;
    for (i = 0; i < 5; i++)
        delete (f->store, "impact_classes", ids[i]);
    expect_table_error(f, "impact_classes", "no impact classes");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aggregate_rules),
        cmocka_unit_test(test_aggregate_rounding),
        cmocka_unit_test_setup_teardown(test_analysis_choice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scores_and_diagram, setup, teardown),
        cmocka_unit_test_setup_teardown(test_residual, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resilience_and_findings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scopes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_class_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_likelihood_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_falling_thresholds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_class_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_class_table, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
