/*
 * history_test.c — tests src/domain/history.c: the differences between
 * versions, field by field; a version the reader may not read listed as
 * hidden, with no differences said across it; a record whose newest version
 * is hidden answered as absent; and restore.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/history.h"
#include "store/model.h"
#include "store/store.h"
#include "support/testutil.h"

#include <string.h>

static const struct kind *orgs(void)
{
    return model_kind_find("organisations");
}

static void put(struct store *s, const char *name, const char *cls, const char *description)
{
    struct error e = {0};
    json_t *r = json_pack("{ss ss ss ss ss}", "id", "org-1", "name", name, "kind", "ministry",
                          "classification", cls, "owner", "org-1");
    if (description)
        json_object_set_new(r, "description", json_string(description));
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_record_put(s, orgs(), r, &testutil_change, NULL, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    json_decref(r);
}

static json_t *version(const struct history_doc *d, size_t i)
{
    return json_array_get(json_object_get(d->doc, "versions"), i);
}

static void test_differences_and_hidden(void **state)
{
    struct store *s = NULL;
    struct error e = {0};
    struct history_doc d;
    struct access *a = NULL;
    struct store_user u = {
        .id = "dep", .role = "department", .org = "org-1", .clearance = "internal"};
    json_t *changes;
    int64_t made = 0;
    (void)state;

    assert_int_equal(store_open(testutil_db_path("h.db"), STORE_CREATE, &s, &e), 0);
    put(s, "Eerst", "public", NULL);           /* v1 */
    put(s, "Geheim", "secret", "verborgen");   /* v2: above the reader's clearance */
    put(s, "Daarna", "internal", "zichtbaar"); /* v3 */

    /* the CLI reads everything: each version against the one before */
    assert_int_equal(history_read(s, NULL, orgs(), "org-1", &d, &e), 0);
    assert_int_equal(json_array_size(json_object_get(d.doc, "versions")), 3);
    changes = json_object_get(version(&d, 0), "changes");
    assert_int_equal(json_array_size(changes), 3); /* name, description, classification */
    assert_string_equal(json_string_value(json_object_get(json_array_get(changes, 0), "field")),
                        "name");
    assert_string_equal(json_string_value(json_object_get(json_array_get(changes, 0), "before")),
                        "Geheim");
    assert_true(d.classified); /* v2 is secret: reading it is audited */
    /* a creation is against nothing: every field set */
    changes = json_object_get(version(&d, 2), "changes");
    assert_true(json_is_null(json_object_get(json_array_get(changes, 0), "before")));
    history_doc_release(&d);

    /* a department user with internal clearance: v2 hidden, nothing across it */
    assert_int_equal(access_new(s, &u, &a, &e), 0);
    assert_int_equal(history_read(s, a, orgs(), "org-1", &d, &e), 0);
    assert_true(json_is_null(json_object_get(version(&d, 0), "changes")));
    assert_true(json_is_true(json_object_get(version(&d, 1), "hidden")));
    assert_true(json_is_null(json_object_get(version(&d, 1), "changes")));
    assert_int_equal(json_array_size(json_object_get(version(&d, 2), "changes")), 5);
    assert_false(d.classified);
    history_doc_release(&d);

    /* bring the secret version back: now the newest is hidden, so absent */
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(history_restore(s, orgs(), "org-1", 2, &testutil_change, &made, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    assert_int_equal(made, 4);
    assert_int_equal(history_read(s, a, orgs(), "org-1", &d, &e), ERR_NOTFOUND);
    assert_int_equal(history_read(s, NULL, orgs(), "nobody", &d, &e), ERR_NOTFOUND);
    assert_int_equal(history_read(s, NULL, orgs(), "org-1", &d, &e), 0);
    assert_string_equal(json_string_value(json_object_get(version(&d, 0), "op")), "restore");
    /* against version 3 before it: the three fields version 2 had otherwise,
     * and the TLP marking a restore (validated) gives the secret record: red */
    changes = json_object_get(version(&d, 0), "changes");
    assert_int_equal(json_array_size(changes), 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(changes, 3), "field")),
                        "tlp");
    assert_string_equal(json_string_value(json_object_get(json_array_get(changes, 3), "after")),
                        "red");
    history_doc_release(&d);

    access_free(a);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_differences_and_hidden),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
