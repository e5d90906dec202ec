/*
 * records_test.c — tests src/store/records.c: every kind of record survives
 * a write and a read unchanged, updates replace fields and lists, filters,
 * paging and counts select the right records, a read by ids gives what
 * reading each alone gives, deletes respect references, and a rolled-back
 * transaction leaves nothing behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/validate.h"
#include "store/model.h"
#include "store/store.h"
#include "support/testutil.h"

#include <string.h>

struct fixture {
    struct store *store;
    json_t *doc; /* tests/data/full.json, validated (normalised) */
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct error e = {0};
    json_error_t jerr;
    static int n;
    char name[32];
    size_t i, j;
    json_t *record;

    snprintf(name, sizeof name, "records%d.db", n++);
    f->doc = json_load_file(testutil_fixture("full.json"), 0, &jerr);
    if (f->doc == NULL)
        fail_msg("fixture: %s", jerr.text);
    assert_int_equal(store_open(testutil_db_path(name), STORE_CREATE, &f->store, &e), 0);
    assert_int_equal(store_begin(f->store, &e), 0);
    for (i = 0; i < model_kind_count; i++) {
        const struct kind *k = model_kinds[i];
        json_array_foreach(json_object_get(f->doc, k->name), j, record)
        {
            if (validate_record(k, record, "$", &e) != 0)
                fail_msg("%s: %s", e.where, e.message);
            if (store_record_put(f->store, k, record, &testutil_change, NULL, &e) != 0)
                fail_msg("%s: %s", e.where, e.message);
        }
    }
    if (store_commit(f->store, &e) != 0)
        fail_msg("commit: %s", e.message);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->store);
    json_decref(f->doc);
    free(f);
    return 0;
}

/* What the store gives back for a field the input left out. */
static int is_default(const struct field *fld, const json_t *v)
{
    if (fld->type == FIELD_REF_LIST)
        return json_array_size(v) == 0;
    if (fld->type == FIELD_MAP)
        return json_object_size(v) == 0;
    if (fld->default_value == NULL)
        return json_is_null(v);
    if (fld->type == FIELD_BOOL)
        return json_is_boolean(v) && json_is_true(v) == (strcmp(fld->default_value, "true") == 0);
    if (fld->type == FIELD_INT)
        return json_integer_value(v) == strtoll(fld->default_value, NULL, 10);
    if (fld->type == FIELD_REAL)
        return json_is_real(v) && json_real_value(v) == strtod(fld->default_value, NULL);
    return json_is_string(v) && strcmp(json_string_value(v), fld->default_value) == 0;
}

static void test_every_kind_round_trips(void **state)
{
    struct fixture *f = *state;
    struct error e = {0};
    size_t i, j, k, kinds_seen = 0;
    json_t *original, *stored;

    for (i = 0; i < model_kind_count; i++) {
        const struct kind *kind = model_kinds[i];
        json_t *list = json_object_get(f->doc, kind->name);
        if (json_array_size(list) > 0)
            kinds_seen++;
        json_array_foreach(list, j, original)
        {
            const char *id = json_string_value(json_object_get(original, "id"));
            assert_int_equal(store_record_get(f->store, kind, id, &stored, &e), 0);
            for (k = 0; k < kind->n_fields; k++) {
                const struct field *fld = &kind->fields[k];
                json_t *want = json_object_get(original, fld->name);
                json_t *got = json_object_get(stored, fld->name);
                assert_non_null(got);
                if (want == NULL || json_is_null(want)) {
                    if (!is_default(fld, got))
                        fail_msg("%s %s.%s: expected the default", kind->name, id, fld->name);
                } else if (fld->type == FIELD_REAL) {
                    assert_true(json_number_value(want) == json_number_value(got));
                } else if (!json_equal(want, got)) {
                    char *a = json_dumps(want, JSON_ENCODE_ANY),
                         *b = json_dumps(got, JSON_ENCODE_ANY);
                    fail_msg("%s %s.%s: wrote %s, read %s", kind->name, id, fld->name, a, b);
                }
            }
            json_decref(stored);
        }
    }
    /* the fixture must exercise every kind, or this test proves less than it says */
    assert_int_equal(kinds_seen, model_kind_count);
}

static void test_update_replaces_fields_and_lists(void **state)
{
    struct fixture *f = *state;
    const struct kind *k = model_kind_find("measures");
    struct error e = {0};
    json_t *m = NULL, *got = NULL;
    struct store_write w = {-1, -1, -1};

    assert_int_equal(store_record_get(f->store, k, "m-batteries", &m, &e), 0);
    json_object_set_new(m, "status", json_string("done"));
    json_object_set_new(m, "processes", json_pack("[ss]", "water", "power"));
    json_object_set_new(m, "risks", json_array());
    assert_int_equal(store_begin(f->store, &e), 0);
    assert_int_equal(store_record_put(f->store, k, m, &testutil_change, &w, &e), 0);
    assert_int_equal(store_commit(f->store, &e), 0);
    assert_int_equal(w.inserted, 0);
    assert_int_equal(w.changed, 1);
    assert_int_equal(w.version, 2);
    {
        int64_t version = 0;
        assert_int_equal(store_record_version(f->store, k, "m-batteries", &version, &e), 0);
        assert_int_equal(version, 2); /* inserted as 1, updated once */
        assert_int_equal(store_record_version(f->store, k, "nope", &version, &e), ERR_NOTFOUND);
    }
    assert_int_equal(store_record_get(f->store, k, "m-batteries", &got, &e), 0);
    assert_string_equal(json_string_value(json_object_get(got, "status")), "done");
    assert_string_equal(json_string_value(json_array_get(json_object_get(got, "processes"), 0)),
                        "water");
    assert_int_equal(json_array_size(json_object_get(got, "processes")), 2);
    assert_int_equal(json_array_size(json_object_get(got, "risks")), 0);
    json_decref(m);
    json_decref(got);
}

struct collected {
    char ids[16][64];
    size_t n;
};

static int collect(void *ctx, json_t *record)
{
    struct collected *c = ctx;
    if (c->n < 16)
        snprintf(c->ids[c->n++], 64, "%s", json_string_value(json_object_get(record, "id")));
    return 0;
}

static void test_filters_paging_and_counts(void **state)
{
    struct fixture *f = *state;
    const struct kind *processes = model_kind_find("processes");
    const struct kind *events = model_kind_find("events");
    struct store_filter by_category = {model_field_find(processes, "category"), "A"};
    struct store_filter by_member = {model_field_find(events, "processes"), "power"};
    struct store_filter by_nobody = {model_field_find(events, "processes"), "water"};
    struct collected c = {0};
    struct error e = {0};
    size_t n = 0;

    assert_int_equal(store_record_each(f->store, processes, &by_category, 1, 0, 0, collect, &c, &e),
                     0);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.ids[0], "power");
    assert_string_equal(c.ids[1], "water");
    assert_int_equal(store_record_count(f->store, processes, &by_category, 1, &n, &e), 0);
    assert_int_equal(n, 2);

    memset(&c, 0, sizeof c);
    assert_int_equal(store_record_each(f->store, processes, NULL, 0, 1, 1, collect, &c, &e), 0);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.ids[0], "telecom"); /* id order: power, telecom, water */

    assert_int_equal(store_record_count(f->store, events, &by_member, 1, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(store_record_count(f->store, events, &by_nobody, 1, &n, &e), 0);
    assert_int_equal(n, 0);
}

static void test_delete_respects_references(void **state)
{
    struct fixture *f = *state;
    struct error e = {0};
    json_t *got = NULL;
    int exists = 1;

    /* the risk is referred to by a measure */
    assert_int_equal(store_begin(f->store, &e), 0);
    assert_int_equal(
        store_record_delete(f->store, model_kind_find("risks"), "r1", &testutil_change, NULL, &e),
        0);
    assert_int_equal(store_commit(f->store, &e), ERR_CONFLICT);
    assert_int_equal(store_record_exists(f->store, model_kind_find("risks"), "r1", &exists, &e), 0);
    assert_int_equal(exists, 1);

    /* a review is referred to by nothing: it goes, its lists with it */
    assert_int_equal(store_begin(f->store, &e), 0);
    assert_int_equal(store_record_delete(f->store, model_kind_find("reviews"), "rev-1",
                                         &testutil_change, NULL, &e),
                     0);
    assert_int_equal(store_commit(f->store, &e), 0);
    assert_int_equal(store_record_get(f->store, model_kind_find("reviews"), "rev-1", &got, &e),
                     ERR_NOTFOUND);
    assert_int_equal(store_record_delete(f->store, model_kind_find("reviews"), "rev-1",
                                         &testutil_change, NULL, &e),
                     ERR_NOTFOUND);
}

static void test_rollback_leaves_nothing(void **state)
{
    struct fixture *f = *state;
    const struct kind *k = model_kind_find("threats");
    struct error e = {0};
    json_t *t = json_pack("{ss ss ss ss}", "id", "flood", "name", "Overstroming", "classification",
                          "public", "owner", "nctv");
    int exists = 1;

    assert_int_equal(store_begin(f->store, &e), 0);
    assert_int_equal(store_record_put(f->store, k, t, &testutil_change, NULL, &e), 0);
    store_rollback(f->store);
    assert_int_equal(store_record_exists(f->store, k, "flood", &exists, &e), 0);
    assert_int_equal(exists, 0);
    json_decref(t);
}

static int collect_records(void *ctx, json_t *record)
{
    json_array_append(ctx, record);
    return 0;
}

/* A whole kind read at once (the list fields merged beside the records)
 * gives exactly what reading each record alone gives, for every kind:
 * lists in their order, maps, empty lists, and records without any. More
 * records with lists are added so that records with and without rows
 * alternate in id order. */
static void test_whole_kind_equals_one_by_one(void **state)
{
    struct fixture *f = *state;
    const struct kind *measures = model_kind_find("measures");
    struct error e = {0};
    size_t i, j;
    json_t *record;

    assert_int_equal(store_begin(f->store, &e), 0);
    for (i = 0; i < 6; i++) {
        char id[16];
        json_t *m =
            json_pack("{ss ss ss ss ss ss}", "name", "m", "kind", "stockpile", "scope", "sectoral",
                      "status", "planned", "classification", "internal", "owner", "ezk");
        snprintf(id, sizeof id, "m-%zu", i);
        json_object_set_new(m, "id", json_string(id));
        /* every other one names processes, in an order that is not sorted */
        json_object_set_new(m, "processes",
                            i % 2 ? json_pack("[ss]", "water", "power") : json_array());
        if (i == 3)
            json_object_set_new(m, "shared_with", json_pack("[ss]", "jenv", "ezk"));
        assert_int_equal(validate_record(measures, m, "$", &e), 0);
        assert_int_equal(store_record_put(f->store, measures, m, &testutil_change, NULL, &e), 0);
        json_decref(m);
    }
    assert_int_equal(store_commit(f->store, &e), 0);

    for (i = 0; i < model_kind_count; i++) {
        const struct kind *k = model_kinds[i];
        json_t *all = json_array();
        assert_int_equal(store_record_each(f->store, k, NULL, 0, 0, 0, collect_records, all, &e),
                         0);
        json_array_foreach(all, j, record)
        {
            json_t *one = NULL;
            const char *id = json_string_value(json_object_get(record, "id"));
            assert_int_equal(store_record_get(f->store, k, id, &one, &e), 0);
            if (!json_equal(one, record)) {
                char *a = json_dumps(record, JSON_SORT_KEYS), *b = json_dumps(one, JSON_SORT_KEYS);
                fail_msg("%s %s: whole kind %s, alone %s", k->name, id, a, b);
            }
            json_decref(one);
        }
        json_decref(all);
    }
    /* a page, and a filtered read, merge their lists too (one query per list
     * field for the records the read selects): again equal to each alone */
    {
        struct store_filter by_owner = {model_field_find(measures, "owner"), "ezk"};
        struct store_filter by_process = {model_field_find(measures, "processes"), "power"};
        struct {
            const struct store_filter *filter;
            size_t limit, offset, want;
        } reads[] = {
            {NULL, 3, 2, 3}, {NULL, 2, 0, 2}, {&by_owner, 4, 1, 4}, {&by_process, 0, 0, 0}};
        for (j = 0; j < sizeof reads / sizeof reads[0]; j++) {
            json_t *page = json_array(), *one = NULL;
            size_t n;
            assert_int_equal(store_record_each(f->store, measures, reads[j].filter,
                                               reads[j].filter ? 1 : 0, reads[j].limit,
                                               reads[j].offset, collect_records, page, &e),
                             0);
            if (reads[j].want)
                assert_int_equal(json_array_size(page), reads[j].want);
            else
                assert_true(json_array_size(page) >= 2);
            json_array_foreach(page, n, record)
            {
                const char *id = json_string_value(json_object_get(record, "id"));
                assert_int_equal(store_record_get(f->store, measures, id, &one, &e), 0);
                if (!json_equal(one, record)) {
                    char *a = json_dumps(record, JSON_SORT_KEYS),
                         *b = json_dumps(one, JSON_SORT_KEYS);
                    fail_msg("read %zu, %s: in the read %s, alone %s", j, id, a, b);
                }
                if (reads[j].filter == &by_process)
                    assert_true(json_array_size(json_object_get(record, "processes")) == 2);
                json_decref(one);
            }
            json_decref(page);
        }
    }
    /* the order of a list is kept */
    assert_int_equal(store_record_get(f->store, measures, "m-3", &record, &e), 0);
    assert_string_equal(json_string_value(json_array_get(json_object_get(record, "processes"), 0)),
                        "water");
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(record, "shared_with"), 0)), "jenv");
    json_decref(record);
}

/* store_record_each_id reads the records among the ids it is given, each
 * as store_record_get reads it alone (lists merged in order), in id order
 * within a batch, absent and repeated ids passed over; past one batch (64
 * ids) in several, each one statement and one per list field. */
static void test_each_id_equals_one_by_one(void **state)
{
    struct fixture *f = *state;
    const struct kind *measures = model_kind_find("measures");
    const char *ids[150];
    char names[150][16];
    json_t *got = json_array(), *record;
    struct error e = {0};
    uint64_t before;
    size_t i, n = 0;

    assert_int_equal(store_begin(f->store, &e), 0);
    for (i = 0; i < 100; i++) {
        json_t *m =
            json_pack("{ss ss ss ss ss ss}", "name", "m", "kind", "stockpile", "scope", "sectoral",
                      "status", "planned", "classification", "internal", "owner", "ezk");
        snprintf(names[i], sizeof names[i], "b-%03zu", i);
        json_object_set_new(m, "id", json_string(names[i]));
        json_object_set_new(m, "processes",
                            i % 3 ? json_pack("[ss]", "water", "power") : json_array());
        assert_int_equal(validate_record(measures, m, "$", &e), 0);
        assert_int_equal(store_record_put(f->store, measures, m, &testutil_change, NULL, &e), 0);
        json_decref(m);
    }
    assert_int_equal(store_commit(f->store, &e), 0);
    /* every other one of the 100, backwards, one twice, and absent ids */
    for (i = 100; i-- > 0;)
        if (i % 2 == 0)
            ids[n++] = names[i];
    ids[n++] = names[10];
    ids[n++] = "no-such-measure";
    ids[n++] = "";
    before = store_statements(f->store);
    assert_int_equal(store_record_each_id(f->store, measures, ids, n, collect_records, got, &e), 0);
    /* 53 ids: one batch, a statement for the rows and one per list field */
    assert_true(store_statements(f->store) - before <= 1 + measures->n_fields);
    assert_int_equal(json_array_size(got), 50);
    json_array_foreach(got, i, record)
    {
        json_t *one = NULL;
        const char *id = json_string_value(json_object_get(record, "id"));
        assert_string_equal(id, names[2 * i]); /* id order */
        assert_int_equal(store_record_get(f->store, measures, id, &one, &e), 0);
        if (!json_equal(one, record)) {
            char *a = json_dumps(record, JSON_SORT_KEYS), *b = json_dumps(one, JSON_SORT_KEYS);
            fail_msg("%s: by ids %s, alone %s", id, a, b);
        }
        json_decref(one);
    }
    json_array_clear(got);
    /* all 100 and 40 absent: three batches, every record once */
    for (i = 0, n = 0; i < 140; i++)
        ids[n++] = i < 100 ? names[i] : "absent";
    assert_int_equal(store_record_each_id(f->store, measures, ids, n, collect_records, got, &e), 0);
    assert_int_equal(json_array_size(got), 100);
    assert_int_equal(store_record_each_id(f->store, measures, ids, 0, collect_records, got, &e), 0);
    assert_int_equal(json_array_size(got), 100);
    /* by another field of the row: every record with one of the values */
    {
        const char *owners[] = {"ezk", "nobody", "ezk"};
        struct store_filter by_owner = {model_field_find(measures, "owner"), "ezk"};
        size_t want = 0;
        json_array_clear(got);
        assert_int_equal(store_record_count(f->store, measures, &by_owner, 1, &want, &e), 0);
        assert_int_equal(store_record_each_in(f->store, measures, by_owner.field, owners, 3,
                                              collect_records, got, &e),
                         0);
        assert_true(want > 100);
        assert_int_equal(json_array_size(got), want);
    }
    json_decref(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_kind_round_trips, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_replaces_fields_and_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filters_paging_and_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_respects_references, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whole_kind_equals_one_by_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_id_equals_one_by_one, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
