/*
 * sharing_test.c — tests src/domain/sharing.c: the marking a classification
 * implies, the rules of one record's marking and shares, how far a share
 * reaches under each marking, and that validation applies them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/sharing.h"
#include "domain/validate.h"
#include "store/model.h"

#include <string.h>

static json_t *record(const char *json)
{
    json_t *r = json_loads(json, 0, NULL);
    assert_non_null(r);
    return r;
}

static void test_default_marking(void **state)
{
    json_t *r = record("{\"classification\":\"confidential\",\"shared_with\":null}");
    (void)state;
    assert_string_equal(sharing_default_tlp("public"), "clear");
    assert_string_equal(sharing_default_tlp("internal"), "green");
    assert_string_equal(sharing_default_tlp("confidential"), "amber");
    assert_string_equal(sharing_default_tlp("secret"), "red");
    assert_string_equal(sharing_default_tlp(NULL), "amber");
    sharing_fill_defaults(r);
    assert_string_equal(json_string_value(json_object_get(r, "tlp")), "amber");
    assert_null(json_object_get(r, "shared_with")); /* null is absent: no shares */
    /* a marking given is kept */
    json_object_set_new(r, "tlp", json_string("amber+strict"));
    sharing_fill_defaults(r);
    assert_string_equal(json_string_value(json_object_get(r, "tlp")), "amber+strict");
    json_decref(r);
}

static int check(const char *json, const char *want_id)
{
    json_t *r = record(json);
    struct error e = {0};
    int rc = sharing_check(r, "$", &e);
    json_decref(r);
    if (want_id)
        assert_string_equal(e.id, want_id);
    return rc;
}

static void test_rules(void **state)
{
    (void)state;
    assert_int_equal(check("{\"classification\":\"public\",\"tlp\":\"clear\"}", NULL), 0);
    assert_int_equal(
        check("{\"classification\":\"internal\",\"tlp\":\"clear\"}", "tlp_clear_needs_public"),
        ERR_INVALID);
    assert_int_equal(check("{\"classification\":\"secret\",\"tlp\":\"red\","
                           "\"shared_with_people\":[\"u1\"]}",
                           NULL),
                     0);
    assert_int_equal(check("{\"classification\":\"secret\",\"tlp\":\"red\","
                           "\"shared_with\":[\"org\"]}",
                           "tlp_red_people_only"),
                     ERR_INVALID);
    assert_int_equal(check("{\"classification\":\"confidential\",\"tlp\":\"amber\","
                           "\"shared_with_people\":[\"u1\"]}",
                           "tlp_people_only_red"),
                     ERR_INVALID);
}

static void test_reach(void **state)
{
    json_t *above = json_pack("{sbsb}", "sub", 1, "parent", 1); /* user at sub, under parent */
    json_t *r = record("{\"classification\":\"confidential\",\"tlp\":\"amber\","
                       "\"shared_with\":[\"parent\"]}");
    (void)state;
    assert_true(sharing_reaches(r, "u1", "parent", NULL));
    assert_true(sharing_reaches(r, "u1", "sub", above)); /* down the chain */
    assert_false(sharing_reaches(r, "u1", "sub", NULL));
    {
        json_t *elsewhere = json_pack("{sb}", "other", 1);
        assert_false(sharing_reaches(r, "u1", "other", elsewhere));
        json_decref(elsewhere);
    }
    json_object_set_new(r, "tlp", json_string("green"));
    assert_true(sharing_reaches(r, "u1", "sub", above));
    json_object_set_new(r, "tlp", json_string("amber+strict"));
    assert_false(sharing_reaches(r, "u1", "sub", above));
    assert_true(sharing_reaches(r, "u1", "parent", NULL));
    json_object_set_new(r, "tlp", json_string("red"));
    assert_false(sharing_reaches(r, "u1", "parent", NULL)); /* organisations reach nothing */
    json_object_set_new(r, "shared_with_people", json_pack("[s]", "u1"));
    assert_true(sharing_reaches(r, "u1", "elsewhere", NULL));
    assert_false(sharing_reaches(r, "u2", "parent", NULL));
    /* no shares: nothing reached */
    json_object_del(r, "shared_with_people");
    json_object_set_new(r, "tlp", json_string("amber"));
    json_object_del(r, "shared_with");
    assert_false(sharing_reaches(r, "u1", "parent", above));
    json_decref(r);
    json_decref(above);
}

static void test_validation_applies_them(void **state)
{
    const struct kind *k = model_kind_find("threats");
    struct error e = {0};
    json_t *r = record("{\"id\":\"t1\",\"name\":\"x\",\"classification\":\"internal\","
                       "\"owner\":\"o\"}");
    (void)state;
    assert_int_equal(validate_record(k, r, "$", &e), 0);
    assert_string_equal(json_string_value(json_object_get(r, "tlp")), "green");
    json_object_set_new(r, "tlp", json_string("orange"));
    assert_int_equal(validate_record(k, r, "$", &e), ERR_INVALID);
    assert_string_equal(e.where, "$.tlp");
    json_object_set_new(r, "tlp", json_string("clear"));
    assert_int_equal(validate_record(k, r, "$", &e), ERR_INVALID);
    assert_string_equal(e.id, "tlp_clear_needs_public");
    json_object_set_new(r, "tlp", json_string("amber"));
    json_object_set_new(r, "shared_with", json_pack("[ss]", "a", "a"));
    assert_int_equal(validate_record(k, r, "$", &e), ERR_INVALID);
    assert_string_equal(e.id, "listed_twice");
    json_decref(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_marking),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_reach),
        cmocka_unit_test(test_validation_applies_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
