/*
 * approval_test.c — tests src/domain/approval.c's rule for writes (pure:
 * which writes of an analysis, assessment or review four eyes refuses, and
 * what reopening a final one does). Deciding, with its history and access, is tested end to end in
 * tests/integration/approval_test.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/approval.h"
#include "store/model.h"

#include <string.h>

static json_t *analysis(const char *status)
{
    return json_pack("{ss ss ss si ss ss}", "id", "a1", "process", "p", "kind", "regular",
                     "cycle_year", 2026, "status", status, "started", "2026-01-01");
}

static void expect_refused(const struct kind *k, const json_t *old, const json_t *now,
                           int import_final, const char *field)
{
    struct error e = {0};
    assert_int_equal(approval_check_write(k, old, now, import_final, &e), ERR_INVALID);
    assert_string_equal(e.where, field);
}

static void test_final_only_by_approval(void **state)
{
    const struct kind *k = model_kind_find("analyses");
    json_t *draft = analysis("draft"), *review = analysis("review"), *final = analysis("final");
    struct error e = {0};
    (void)state;
    /* drafts and reviews are written freely */
    assert_int_equal(approval_check_write(k, NULL, draft, 0, &e), 0);
    assert_int_equal(approval_check_write(k, draft, review, 0, &e), 0);
    /* final is not written: not new, not from review */
    expect_refused(k, NULL, final, 0, "status");
    expect_refused(k, review, final, 0, "status");
    /* except a new record the coordinator imports as final before vitaal */
    assert_int_equal(approval_check_write(k, NULL, final, 1, &e), 0);
    /* a final one unchanged is fine; changed while final is not */
    assert_int_equal(approval_check_write(k, final, final, 0, &e), 0);
    {
        json_t *changed = json_deep_copy(final);
        json_object_set_new(changed, "summary", json_string("anders"));
        expect_refused(k, final, changed, 0, "status");
        json_decref(changed);
    }
    /* but a final record is shared without reopening it: whom it goes to is
     * not what was decided */
    {
        json_t *shared = json_deep_copy(final);
        json_object_set_new(shared, "tlp", json_string("amber+strict"));
        json_object_set_new(shared, "shared_with", json_pack("[s]", "prov-x"));
        assert_int_equal(approval_check_write(k, final, shared, 0, &e), 0);
        json_decref(shared);
    }
    /* other kinds are not approved */
    assert_int_equal(approval_check_write(model_kind_find("measures"), NULL, final, 0, &e), 0);
    assert_false(approval_is_approvable(model_kind_find("measures")));
    assert_true(approval_is_approvable(k));
    json_decref(draft);
    json_decref(review);
    json_decref(final);
}

static void test_approval_fields_read_only(void **state)
{
    const struct kind *k = model_kind_find("analyses");
    json_t *old = analysis("draft"), *now;
    struct error e = {0};
    (void)state;
    json_object_set_new(old, "rejection", json_string("te kort"));
    /* set, changed or cleared by a write: refused, naming the field */
    now = json_deep_copy(old);
    json_object_set_new(now, "approved_by", json_string("me"));
    expect_refused(k, old, now, 0, "approved_by");
    json_object_del(now, "approved_by");
    json_object_set_new(now, "rejection", json_null());
    expect_refused(k, old, now, 0, "rejection");
    json_object_set_new(now, "rejection", json_string("anders"));
    expect_refused(k, old, now, 0, "rejection");
    json_object_set_new(now, "rejection", json_string("te kort"));
    assert_int_equal(approval_check_write(k, old, now, 0, &e), 0);
    json_decref(now);
    json_decref(old);
}

static void test_reopening_clears_the_approval(void **state)
{
    const struct kind *k = model_kind_find("analyses");
    json_t *final = analysis("final"), *now;
    struct error e = {0};
    (void)state;
    json_object_set_new(final, "approved_by", json_string("ezk-b"));
    json_object_set_new(final, "approval_comment", json_string("akkoord"));
    now = json_deep_copy(final);
    json_object_set_new(now, "status", json_string("draft"));
    approval_prepare_write(k, final, now);
    assert_true(json_is_null(json_object_get(now, "approved_by")));
    assert_true(json_is_null(json_object_get(now, "approval_comment")));
    assert_int_equal(approval_check_write(k, final, now, 0, &e), 0);
    /* staying final: nothing is cleared */
    json_decref(now);
    now = json_deep_copy(final);
    approval_prepare_write(k, final, now);
    assert_string_equal(json_string_value(json_object_get(now, "approved_by")), "ezk-b");
    json_decref(now);
    json_decref(final);
}

/* The vitaalbeoordeling and the toetsing are held to four eyes like an
 * analysis; other kinds are written final or not as they please. */
static void test_assessments_and_reviews(void **state)
{
    static const char *const kinds[] = {"assessments", "reviews"};
    struct error e = {0};
    size_t i;
    (void)state;
    for (i = 0; i < 2; i++) {
        const struct kind *k = model_kind_find(kinds[i]);
        json_t *draft = json_pack("{ss ss}", "id", "x1", "status", "draft");
        json_t *final = json_pack("{ss ss}", "id", "x1", "status", "final");
        assert_true(approval_is_approvable(k));
        assert_int_equal(approval_check_write(k, NULL, draft, 0, &e), 0);
        expect_refused(k, draft, final, 0, "status");
        expect_refused(k, NULL, final, 0, "status");
        assert_int_equal(approval_check_write(k, NULL, final, 1, &e), 0); /* an import */
        json_object_set_new(draft, "approved_by", json_string("me"));
        expect_refused(k, NULL, draft, 0, "approved_by");
        json_decref(draft);
        json_decref(final);
    }
    assert_false(approval_is_approvable(model_kind_find("measures")));
    assert_false(approval_is_approvable(model_kind_find("risks")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_final_only_by_approval),
        cmocka_unit_test(test_approval_fields_read_only),
        cmocka_unit_test(test_reopening_clears_the_approval),
        cmocka_unit_test(test_assessments_and_reviews),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
