/*
 * history_test.c — tests src/store/history.c through store.h: every write
 * keeps the version it makes (an unchanged record none), a deletion is a
 * version without data, the data of each version reads back, and a
 * snapshot holds each record as it stood at a moment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/strbuf.h"
#include "store/model.h"
#include "store/store_internal.h"
#include "store/store.h"
#include "support/testutil.h"

#include <stdlib.h>
#include <string.h>

static const struct store_change at_2020 = {"alice", "api", "2020-01-01T12:00:00Z", NULL, 0};
static const struct store_change at_2022 = {"bob", "cli", "2022-06-01T12:00:00Z", "a note", 0};

static json_t *org(const char *name)
{
    return json_pack("{ss ss ss ss ss}", "id", "org-1", "name", name, "kind", "ministry",
                     "classification", "public", "owner", "org-1");
}

struct seen {
    int n;
    int64_t versions[8];
    char ops[8][16];
    char actors[8][16];
    int with_data[8];
};

static int note(void *ctx, const struct store_version *v)
{
    struct seen *s = ctx;
    s->versions[s->n] = v->version;
    snprintf(s->ops[s->n], sizeof s->ops[0], "%s", v->op);
    snprintf(s->actors[s->n], sizeof s->actors[0], "%s", v->actor);
    s->with_data[s->n] = v->data != NULL;
    s->n++;
    return 0;
}

static void put(struct store *s, const char *name, const struct store_change *c,
                struct store_write *w)
{
    struct error e = {0};
    json_t *r = org(name);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_record_put(s, model_kind_find("organisations"), r, c, w, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(r);
}

static void test_versions(void **state)
{
    const struct kind *k = model_kind_find("organisations");
    struct store *s = NULL, *snap = NULL;
    struct store_write w;
    struct error e = {0};
    struct seen seen = {0};
    json_t *r = NULL;
    int64_t v = 0;
    (void)state;

    assert_int_equal(store_open(testutil_db_path("history.db"), STORE_CREATE, &s, &e), 0);
    put(s, "First", &at_2020, &w);
    assert_true(w.inserted && w.changed && w.version == 1);
    put(s, "First", &at_2022, &w); /* the same again: no version */
    assert_true(!w.inserted && !w.changed && w.version == 1);
    put(s, "Second", &at_2022, &w);
    assert_true(!w.inserted && w.changed && w.version == 2);

    /* a write needs its author */
    assert_int_equal(store_begin(s, &e), 0);
    r = org("Third");
    assert_int_equal(store_record_put(s, k, r, NULL, NULL, &e), ERR_INTERNAL);
    json_decref(r);
    store_rollback(s);

    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_record_delete(s, k, "org-1", &testutil_change, &v, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    assert_int_equal(v, 3);

    assert_int_equal(store_history_each(s, k, "org-1", note, &seen, &e), 0);
    assert_int_equal(seen.n, 3);
    assert_int_equal(seen.versions[0], 3);
    assert_string_equal(seen.ops[0], "delete");
    assert_false(seen.with_data[0]);
    assert_string_equal(seen.ops[1], "update");
    assert_string_equal(seen.actors[1], "bob");
    assert_string_equal(seen.ops[2], "create");
    assert_string_equal(seen.actors[2], "alice");

    assert_int_equal(store_history_get(s, k, "org-1", 1, &r, &e), 0);
    assert_string_equal(json_string_value(json_object_get(r, "name")), "First");
    json_decref(r);
    assert_int_equal(store_history_get(s, k, "org-1", 3, &r, &e), ERR_INVALID);
    assert_int_equal(store_history_get(s, k, "org-1", 9, &r, &e), ERR_NOTFOUND);

    /* as it stood: before it existed, in 2021, in 2023 (deleted since "now") */
    assert_int_equal(store_snapshot(s, "2019-12-31T23:59:59Z", &snap, &e), 0);
    assert_int_equal(store_record_get(snap, k, "org-1", &r, &e), ERR_NOTFOUND);
    store_close(snap);
    assert_int_equal(store_snapshot(s, "2021-01-01T00:00:00Z", &snap, &e), 0);
    assert_int_equal(store_record_get(snap, k, "org-1", &r, &e), 0);
    assert_string_equal(json_string_value(json_object_get(r, "name")), "First");
    json_decref(r);
    assert_int_equal(store_record_version(snap, k, "org-1", &v, &e), 0);
    assert_int_equal(v, 1);
    /* a past state never changes */
    r = org("Changed");
    assert_int_equal(store_begin(snap, &e), 0);
    assert_int_equal(store_record_put(snap, k, r, &testutil_change, NULL, &e), ERR_INTERNAL);
    json_decref(r);
    store_close(snap);
    assert_int_equal(store_snapshot(s, "2023-01-01T00:00:00Z", &snap, &e), 0);
    assert_int_equal(store_record_get(snap, k, "org-1", &r, &e), 0);
    assert_string_equal(json_string_value(json_object_get(r, "name")), "Second");
    json_decref(r);
    store_close(snap);

    /* brought back after the deletion, it goes on counting */
    r = org("Back");
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_record_put(s, k, r, &at_2022, &w, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(r);
    assert_true(w.inserted && w.version == 4);
    store_close(s);
}

/* The names of the organisations snap holds, in id order, joined by ",". */
static void names_in(struct store *snap, char *out, size_t size)
{
    const struct kind *k = model_kind_find("organisations");
    const char *ids[] = {"org-1", "org-2", "org-3"};
    size_t i;
    out[0] = '\0';
    for (i = 0; i < 3; i++) {
        json_t *r = NULL;
        struct error e = {0};
        if (store_record_get(snap, k, ids[i], &r, &e) == 0) {
            strncat(out, json_string_value(json_object_get(r, "name")), size - strlen(out) - 2);
            strcat(out, ",");
        }
        json_decref(r);
    }
}

/* A snapshot moved on (store_snapshot_advance) holds what a new snapshot of
 * that moment holds: made, changed and deleted records alike. */
static void test_snapshot_advance(void **state)
{
    static const struct store_change at_2021 = {"carol", "api", "2021-03-01T12:00:00Z", NULL, 0};
    static const struct store_change at_2023 = {"dave", "api", "2023-03-01T12:00:00Z", NULL, 0};
    const struct kind *k = model_kind_find("organisations");
    const char *moments[] = {"2019-01-01T00:00:00Z", "2020-06-01T00:00:00Z", "2021-06-01T00:00:00Z",
                             "2022-12-31T00:00:00Z", "2024-01-01T00:00:00Z"};
    struct store *s = NULL, *snap = NULL, *fresh = NULL;
    struct error e = {0};
    char got[128], want[128];
    size_t i;
    json_t *r;
    (void)state;

    assert_int_equal(store_open(testutil_db_path("advance.db"), STORE_CREATE, &s, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    r = org("One");
    assert_int_equal(store_record_put(s, k, r, &at_2020, NULL, &e), 0);
    json_decref(r);
    r = json_pack("{ss ss ss ss ss}", "id", "org-2", "name", "Two", "kind", "ministry",
                  "classification", "public", "owner", "org-2");
    assert_int_equal(store_record_put(s, k, r, &at_2020, NULL, &e), 0);
    json_object_set_new(r, "name", json_string("Two renamed"));
    assert_int_equal(store_record_put(s, k, r, &at_2021, NULL, &e), 0);
    json_decref(r);
    r = json_pack("{ss ss ss ss ss}", "id", "org-3", "name", "Three", "kind", "ministry",
                  "classification", "public", "owner", "org-3");
    assert_int_equal(store_record_put(s, k, r, &at_2022, NULL, &e), 0);
    json_decref(r);
    assert_int_equal(store_record_delete(s, k, "org-1", &at_2023, NULL, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);

    assert_int_equal(store_snapshot(s, moments[0], &snap, &e), 0);
    for (i = 1; i < 5; i++) {
        assert_int_equal(store_snapshot_advance(s, snap, moments[i], &e), 0);
        assert_int_equal(store_snapshot(s, moments[i], &fresh, &e), 0);
        names_in(snap, got, sizeof got);
        names_in(fresh, want, sizeof want);
        assert_string_equal(got, want);
        store_close(fresh);
    }
    names_in(snap, got, sizeof got);
    assert_string_equal(got, "Two renamed,Three,"); /* org-1 deleted in 2023 */
    /* a snapshot moves forward only; it stays as it was */
    assert_int_equal(store_snapshot_advance(s, snap, moments[1], &e), ERR_INVALID);
    names_in(snap, got, sizeof got);
    assert_string_equal(got, "Two renamed,Three,");
    /* and it is still never written */
    r = org("Changed");
    assert_int_equal(store_record_put(snap, k, r, &testutil_change, NULL, &e), ERR_INTERNAL);
    json_decref(r);
    store_close(snap);
    store_close(s);
}

/* The schema of a database, one line per object, in name order. */
static char *schema_of(sqlite3 *db)
{
    sqlite3_stmt *stmt = NULL;
    struct strbuf b = STRBUF_INIT;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT type, name, tbl_name, sql FROM sqlite_schema "
                                        "WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
                                        -1, &stmt, NULL),
                     SQLITE_OK);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        int i;
        for (i = 0; i < 4; i++)
            strbuf_printf(&b, "%s|",
                          sqlite3_column_text(stmt, i) ? (const char *)sqlite3_column_text(stmt, i)
                                                       : "-");
        strbuf_putc(&b, '\n');
    }
    sqlite3_finalize(stmt);
    return strbuf_detach(&b);
}

/* A snapshot's schema is copied from the live database, not migrated
 * again: it must equal what the migrations make, object for object, with
 * the same schema version. */
static void test_snapshot_schema_is_the_migrated_one(void **state)
{
    struct store *s = NULL, *snap = NULL;
    struct error e = {0};
    char *live, *copied;
    (void)state;
    assert_int_equal(store_open(testutil_temp_path("schema-copy.db"), STORE_CREATE, &s, &e), 0);
    assert_int_equal(store_snapshot(s, "2026-01-01T00:00:00Z", &snap, &e), 0);
    live = schema_of(s->db);
    copied = schema_of(snap->db);
    assert_true(strlen(live) > 1000);
    assert_string_equal(copied, live);
    assert_int_equal(store_schema_version(snap), store_schema_version(s));
    free(live);
    free(copied);
    store_close(snap);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_snapshot_advance),
        cmocka_unit_test(test_snapshot_schema_is_the_migrated_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
