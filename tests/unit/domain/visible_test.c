/*
 * visible_test.c — tests src/domain/visible.c, the audited-read mechanism,
 * on tests/data/full.json: what is shown and noted for the audit, how many
 * hidden records are counted, references to hidden records masked in a
 * visible one and put back on a write.
 *
 * The fixture (see access_test.c): ministry ezk is responsible for power,
 * telecom and water; provider grid-co provides power; analysis
 * an-power-2022 is confidential, its risk r1 secret.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/visible.h"
#include "support/testutil.h"

#include <string.h>

static struct store *fixture_store;

static int setup(void **state)
{
    (void)state;
    fixture_store = testutil_store_from_fixture("full.json");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(fixture_store);
    return 0;
}

static struct access *as(const char *role, const char *org, const char *clearance)
{
    struct store_user u;
    struct access *a = NULL;
    struct error e = {0};
    memset(&u, 0, sizeof u);
    snprintf(u.id, sizeof u.id, "%s-user", role);
    snprintf(u.role, sizeof u.role, "%s", role);
    snprintf(u.org, sizeof u.org, "%s", org);
    snprintf(u.clearance, sizeof u.clearance, "%s", clearance);
    assert_int_equal(access_new(fixture_store, &u, &a, &e), 0);
    return a;
}

static void test_check_notes_and_counts(void **state)
{
    struct access *ezk = as("department", "ezk", "confidential");
    struct visible v;
    int shown;
    (void)state;
    visible_init(&v, fixture_store, ezk);
    /* confidential and visible: shown and noted once, however often asked */
    assert_int_equal(visible_check(&v, KIND_ANALYSIS, "an-power-2022", 1, &shown), 0);
    assert_true(shown);
    assert_int_equal(visible_check(&v, KIND_ANALYSIS, "an-power-2022", 1, &shown), 0);
    assert_int_equal(json_array_size(v.noted), 1);
    /* public: shown, not noted; secret: hidden and counted; absent: neither */
    assert_int_equal(visible_check(&v, KIND_PROCESS, "power", 1, &shown), 0);
    assert_true(shown);
    assert_int_equal(visible_check(&v, KIND_RISK, "r1", 1, &shown), 0);
    assert_false(shown);
    assert_int_equal(visible_check(&v, KIND_RISK, "r1", 1, &shown), 0);
    assert_int_equal(visible_check(&v, KIND_RISK, "no-such-risk", 1, &shown), 0);
    assert_false(shown);
    assert_int_equal(json_array_size(v.noted), 1);
    assert_int_equal(visible_hidden(&v, KIND_RISK), 1);
    assert_int_equal(visible_hidden(&v, KIND_PROCESS), 0);
    /* asked without noting first, then shown: noted then */
    assert_int_equal(visible_check(&v, KIND_ASSESSMENT, "as-power-2024", 0, &shown), 0);
    assert_int_equal(json_array_size(v.noted), 1);
    assert_int_equal(visible_check(&v, KIND_ASSESSMENT, "as-power-2024", 1, &shown), 0);
    assert_int_equal(json_array_size(v.noted), 2);
    visible_reset(&v);
    assert_int_equal(json_array_size(v.noted), 0);
    assert_int_equal(visible_hidden(&v, KIND_RISK), 0);
    visible_release(&v);
    access_free(ezk);
}

static void test_mask_and_unmask(void **state)
{
    struct access *grid = as("provider", "grid-co", "secret");
    struct access *ezk = as("department", "ezk", "confidential");
    const struct kind *measures = model_kind_find("measures");
    json_t *stored =
        json_pack("{ss s[sss] ss ss ss}", "id", "m-x", "processes", "telecom", "power", "water",
                  "effect_risk", "r1", "classification", "public", "owner", "ezk");
    json_t *seen, *back;
    struct visible v;
    (void)state;

    /* ezk (confidential) sees its processes, not the secret risk */
    visible_init(&v, fixture_store, ezk);
    seen = json_deep_copy(stored);
    assert_int_equal(visible_mask(&v, measures, seen), 0);
    assert_null(json_object_get(seen, "effect_risk"));
    assert_int_equal(json_array_size(json_object_get(seen, "processes")), 3);
    /* written back as seen, with a change: the hidden risk is kept */
    back = json_deep_copy(seen);
    assert_int_equal(visible_unmask(&v, measures, stored, back), 0);
    assert_string_equal(json_string_value(json_object_get(back, "effect_risk")), "r1");
    json_decref(back);
    json_decref(seen);
    visible_release(&v);

    /* grid-co provides power only: the other processes are left out of the
     * list; a write of what it saw puts them (and the risk) back, in the
     * stored order */
    visible_init(&v, fixture_store, grid);
    seen = json_deep_copy(stored);
    assert_int_equal(visible_mask(&v, measures, seen), 0);
    assert_int_equal(json_array_size(json_object_get(seen, "processes")), 1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(seen, "processes"), 0)),
                        "power");
    assert_null(json_object_get(seen, "effect_risk")); /* a secret risk: not for providers */
    back = json_deep_copy(seen);
    assert_int_equal(visible_unmask(&v, measures, stored, back), 0);
    assert_true(
        json_equal(json_object_get(back, "processes"), json_object_get(stored, "processes")));
    assert_string_equal(json_string_value(json_object_get(back, "effect_risk")), "r1");
    /* removing a process it sees removes only that one */
    json_object_set_new(seen, "processes", json_array());
    assert_int_equal(visible_unmask(&v, measures, stored, seen), 0);
    assert_int_equal(json_array_size(json_object_get(seen, "processes")), 2);
    json_decref(back);
    json_decref(seen);
    visible_release(&v);

    json_decref(stored);
    access_free(grid);
    access_free(ezk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_notes_and_counts),
        cmocka_unit_test(test_mask_and_unmask),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
