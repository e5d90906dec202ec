/*
 * visible_test.c — tests src/domain/visible.c, the audited-read mechanism,
 * on tests/data/full.json: what is shown and noted for the audit, how many
 * hidden records are counted, references to hidden records masked in a
 * visible one and put back on a write; reading a kind ahead answers the
 * same with fewer statements.
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

#include <stdlib.h>
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

static int collect_id(void *ctx, json_t *record)
{
    json_array_append(ctx, json_object_get(record, "id"));
    return 0;
}

/* Every id of kind, and one that names nothing. */
static json_t *ids_of(enum kind_id kind)
{
    json_t *ids = json_array();
    struct error e = {0};
    assert_int_equal(
        store_record_each(fixture_store, model_kind(kind), NULL, 0, 0, 0, collect_id, ids, &e), 0);
    json_array_append_new(ids, json_string("no-such-record"));
    return ids;
}

/* visible_read_ahead changes how often v reads, not what it answers: for
 * each reader, every record of five kinds (and an absent id) asked with
 * and without it gives the same shown, noted and hidden, and once the
 * kinds are read ahead the questions run no statement (access_can_read
 * reads parents: the analyses' and measures' come from the access cache). */
static void test_read_ahead_same_answers(void **state)
{
    static const enum kind_id kinds[] = {KIND_PROCESS, KIND_PROVIDER_LINK, KIND_ANALYSIS,
                                         KIND_MEASURE, KIND_RISK};
    enum { N_KINDS = sizeof kinds / sizeof *kinds };
    struct access *readers[] = {
        as("coordinator", "nctv", "secret"), as("department", "ezk", "confidential"),
        as("department", "ezk", "public"), as("provider", "grid-co", "secret"),
        as("provider", "grid-co", "internal")};
    json_t *ids[N_KINDS];
    struct error e = {0};
    size_t r, k, i;
    (void)state;
    for (k = 0; k < N_KINDS; k++) {
        ids[k] = ids_of(kinds[k]);
        assert_true(json_array_size(ids[k]) >= 2);
    }
    for (r = 0; r < sizeof readers / sizeof *readers; r++) {
        struct visible plain, ahead;
        uint64_t before, asked;
        int shown_plain, shown_ahead, n_shown = 0, n_hidden = 0;
        visible_init(&plain, fixture_store, readers[r]);
        visible_init(&ahead, fixture_store, readers[r]);
        before = store_statements(fixture_store);
        for (k = 0; k < N_KINDS; k++)
            assert_int_equal(visible_read_ahead(&ahead, kinds[k], &e), 0);
        /* a kind's rows and its list tables at once */
        assert_true(store_statements(fixture_store) - before <= 8 * N_KINDS);
        for (k = 0; k < N_KINDS; k++) {
            for (i = 0; i < json_array_size(ids[k]); i++) {
                const char *id = json_string_value(json_array_get(ids[k], i));
                assert_int_equal(visible_check(&plain, kinds[k], id, 1, &shown_plain), 0);
                asked = store_statements(fixture_store);
                assert_int_equal(visible_check(&ahead, kinds[k], id, 1, &shown_ahead), 0);
                assert_int_equal(store_statements(fixture_store), asked);
                assert_int_equal(shown_ahead, shown_plain);
                n_shown += shown_plain;
                n_hidden += !shown_plain;
            }
            assert_int_equal(visible_hidden(&ahead, kinds[k]), visible_hidden(&plain, kinds[k]));
        }
        assert_true(n_shown > 0 && n_hidden >= (int)N_KINDS); /* the absent ids at least */
        assert_true(json_equal(ahead.noted, plain.noted));
        /* a reset forgets what was read ahead: the next build reads again */
        visible_reset(&ahead);
        before = store_statements(fixture_store);
        assert_int_equal(visible_check(&ahead, KIND_PROCESS, "power", 1, &shown_ahead), 0);
        assert_true(store_statements(fixture_store) > before);
        visible_release(&plain);
        visible_release(&ahead);
        access_free(readers[r]);
    }
    for (k = 0; k < N_KINDS; k++)
        json_decref(ids[k]);
}

static int collect_record(void *ctx, json_t *record)
{
    json_array_append(ctx, record);
    return 0;
}

/* visible_read_refs (a list page's references read at once) masks every
 * record of the kinds with references as masking them one by one does,
 * noting and counting the same, and the masking after it reads nothing
 * for the coordinator and less for the others. */
static void test_read_refs_same_masks(void **state)
{
    static const enum kind_id kinds[] = {KIND_MEASURE,  KIND_RISK,          KIND_DEPENDENCY,
                                         KIND_ANALYSIS, KIND_PROVIDER_LINK, KIND_REVIEW};
    struct access *readers[] = {
        as("coordinator", "nctv", "secret"), as("department", "ezk", "confidential"),
        as("department", "ezk", "public"), as("provider", "grid-co", "secret")};
    struct error e = {0};
    size_t r, k, i;
    (void)state;
    for (r = 0; r < sizeof readers / sizeof *readers; r++) {
        for (k = 0; k < sizeof kinds / sizeof *kinds; k++) {
            const struct kind *kind = model_kind(kinds[k]);
            json_t *records = json_array(), *record;
            json_t **items;
            struct visible plain, ahead;
            uint64_t t0, plain_reads, ahead_reads;
            assert_int_equal(
                store_record_each(fixture_store, kind, NULL, 0, 0, 0, collect_record, records, &e),
                0);
            items = calloc(json_array_size(records) + 1, sizeof *items);
            json_array_foreach(records, i, record) items[i] = record;
            visible_init(&plain, fixture_store, readers[r]);
            visible_init(&ahead, fixture_store, readers[r]);
            t0 = store_statements(fixture_store);
            json_array_foreach(records, i, record)
            {
                json_t *m = json_deep_copy(record);
                assert_int_equal(visible_mask(&plain, kind, m), 0);
                json_decref(m);
            }
            plain_reads = store_statements(fixture_store) - t0;
            assert_int_equal(visible_read_refs(&ahead, kind, items, json_array_size(records), &e),
                             0);
            t0 = store_statements(fixture_store);
            json_array_foreach(records, i, record)
            {
                json_t *m1 = json_deep_copy(record), *m2 = json_deep_copy(record);
                assert_int_equal(visible_mask(&plain, kind, m1), 0);
                assert_int_equal(visible_mask(&ahead, kind, m2), 0);
                assert_true(json_equal(m1, m2));
                json_decref(m1);
                json_decref(m2);
            }
            ahead_reads = store_statements(fixture_store) - t0;
            assert_true(plain_reads > 0); /* each record names its owner at least */
            if (r == 0)
                assert_int_equal(ahead_reads, 0);
            assert_true(ahead_reads <= plain_reads);
            assert_true(json_equal(ahead.noted, plain.noted));
            assert_true(json_equal(ahead.hidden, plain.hidden));
            visible_release(&plain);
            visible_release(&ahead);
            free(items);
            json_decref(records);
        }
        access_free(readers[r]);
    }
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
        cmocka_unit_test(test_read_ahead_same_answers),
        cmocka_unit_test(test_read_refs_same_masks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
