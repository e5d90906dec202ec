/*
 * validate_test.c — tests src/domain/validate.c: each rule of a record's
 * shape, with the place named in JSON-path and CSV style, and the
 * normalisations (whole numbers, reals, UTC times), and the message ids
 * with named values that the browser UI translates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/validate.h"

#include <string.h>

static json_t *process(void)
{
    return json_pack("{ss ss ss ss ss ss ss}", "id", "power", "name", "Elektriciteit", "sector",
                     "nl-energie", "ministry", "ezk", "category", "A", "classification", "public",
                     "owner", "ezk");
}

static void expect_invalid(const char *kind, json_t *record, const char *where, const char *message)
{
    struct error e = {0};
    assert_int_equal(validate_record(model_kind_find(kind), record, "$.x[0]", &e), ERR_INVALID);
    assert_string_equal(e.where, where);
    if (strstr(e.message, message) == NULL)
        fail_msg("message '%s' lacks '%s'", e.message, message);
    json_decref(record);
}

/* The message of a refused record carries its id and named values. */
static void test_message_ids(void **state)
{
    struct error e = {0};
    json_t *p = process();
    (void)state;
    json_object_set_new(p, "recovery_h", json_integer(-1));
    assert_int_equal(validate_record(model_kind_find("processes"), p, "$", &e), ERR_INVALID);
    assert_string_equal(e.id, "out_of_range");
    assert_int_equal(e.n_params, 3);
    assert_string_equal(e.params[0].name, "value");
    assert_string_equal(e.params[0].value, "-1");
    assert_string_equal(e.params[1].name, "min");
    assert_string_equal(e.params[1].value, "0");
    assert_non_null(strstr(e.message, "-1 is out of range: must be 0 .."));
    json_decref(p);

    p = process();
    json_object_set_new(p, "category", json_string("Z"));
    assert_int_equal(validate_record(model_kind_find("processes"), p, "$", &e), ERR_INVALID);
    assert_string_equal(e.id, "not_one_of");
    assert_string_equal(e.params[0].value, "Z");
    assert_string_equal(e.params[1].name, "values");
    json_decref(p);

    p = process();
    json_object_del(p, "sector");
    assert_int_equal(validate_record(model_kind_find("processes"), p, "$", &e), ERR_INVALID);
    assert_string_equal(e.id, "missing");
    assert_string_equal(e.message, "missing: a process needs a sector");
    json_decref(p);
}

static void test_a_valid_record_passes(void **state)
{
    struct error e = {0};
    json_t *p = process();
    (void)state;
    assert_int_equal(validate_record(model_kind_find("processes"), p, "$.x[0]", &e), 0);
    json_decref(p);
}

static void test_shape_rules(void **state)
{
    json_t *p;
    (void)state;
    p = process();
    json_object_set_new(p, "colour", json_string("red"));
    expect_invalid("processes", p, "$.x[0].colour", "unknown field");
    p = process();
    json_object_del(p, "sector");
    expect_invalid("processes", p, "$.x[0].sector", "missing");
    p = process();
    json_object_set_new(p, "recovery_h", json_string("2"));
    expect_invalid("processes", p, "$.x[0].recovery_h", "whole number");
    p = process();
    json_object_set_new(p, "recovery_h", json_real(2.5));
    expect_invalid("processes", p, "$.x[0].recovery_h", "whole number");
    p = process();
    json_object_set_new(p, "recovery_h", json_integer(-1));
    expect_invalid("processes", p, "$.x[0].recovery_h", "out of range");
    p = process();
    json_object_set_new(p, "category", json_string("C"));
    expect_invalid("processes", p, "$.x[0].category", "not one of: A, B, none");
    p = process();
    json_object_set_new(p, "id", json_string("has space"));
    expect_invalid("processes", p, "$.x[0].id", "not a valid id");
    p = process();
    json_object_set_new(p, "classification", json_string("geheim"));
    expect_invalid("processes", p, "$.x[0].classification", "not one of");
    expect_invalid("processes", json_string("x"), "$.x[0]", "must be an object");
}

static void test_lists_and_maps(void **state)
{
    json_t *d = json_pack("{ss ss s[] ss ss}", "id", "d", "process", "water", "suppliers",
                          "classification", "internal", "owner", "ezk");
    json_t *r;
    (void)state;
    /* an input needs a supplier: a process or a service (issue 20 part 4) */
    expect_invalid("dependencies", d, "$.x[0].suppliers", "needs a supplier");
    d = json_pack("{ss ss s[] ss ss ss}", "id", "c", "title", "t", "to", "framework", "f",
                  "classification", "internal", "owner", "ezk");
    expect_invalid("campaigns", d, "$.x[0].to", "at least one");
    d = json_pack("{ss ss s[ss] ss ss}", "id", "d", "process", "water", "suppliers", "a", "a",
                  "classification", "internal", "owner", "ezk");
    expect_invalid("dependencies", d, "$.x[0].suppliers[1]", "listed twice");
    r = json_pack("{ss ss ss ss ss s{si} ss ss}", "id", "r", "analysis", "a", "threat", "t",
                  "scenario", "s", "likelihood", "B", "resilience", "morale", 3, "classification",
                  "secret", "owner", "ezk");
    expect_invalid("risks", r, "$.x[0].resilience.morale", "not one of");
    r = json_pack("{ss ss ss ss ss s{si} ss ss}", "id", "r", "analysis", "a", "threat", "t",
                  "scenario", "s", "likelihood", "B", "resilience", "digital", 6, "classification",
                  "secret", "owner", "ezk");
    expect_invalid("risks", r, "$.x[0].resilience.digital", "out of range");
}

static void test_normalisation(void **state)
{
    struct error e = {0};
    json_t *p = process(), *i;
    (void)state;
    json_object_set_new(p, "recovery_h", json_real(3.0));
    assert_int_equal(validate_record(model_kind_find("processes"), p, "$", &e), 0);
    assert_true(json_is_integer(json_object_get(p, "recovery_h")));
    json_decref(p);

    i = json_pack("{ss ss ss ss ss ss}", "id", "i", "process", "power", "title", "t", "detected_at",
                  "2026-03-01T12:00:00+02:00", "classification", "internal", "owner", "ezk");
    assert_int_equal(validate_record(model_kind_find("incidents"), i, "$", &e), 0);
    assert_string_equal(json_string_value(json_object_get(i, "detected_at")),
                        "2026-03-01T10:00:00Z");
    json_decref(i);
}

static void test_consistency_rules(void **state)
{
    json_t *a;
    (void)state;
    a = json_pack("{ss ss si ss ss ss ss ss}", "id", "a", "process", "p", "cycle_year", 2024,
                  "kind", "regular", "status", "final", "started", "2024-01-01", "classification",
                  "secret", "owner", "ezk");
    expect_invalid("analyses", a, "$.x[0].finalised", "needs the date");
    a = json_pack("{ss ss si ss ss ss ss ss ss}", "id", "a", "process", "p", "cycle_year", 2024,
                  "kind", "regular", "status", "final", "started", "2024-05-01", "finalised",
                  "2024-01-01", "classification", "secret", "owner", "ezk");
    expect_invalid("analyses", a, "$.x[0].finalised", "before the start");
    a = json_pack("{ss ss si ss ss ss ss ss}", "id", "a", "process", "p", "cycle_year", 2024,
                  "kind", "regular", "event", "ev", "started", "2024-05-01", "classification",
                  "secret", "owner", "ezk");
    expect_invalid("analyses", a, "$.x[0].event", "only a quickscan");
}

/* Toetsing follows up: a (partly) ineffective review names its adjustment
 * and follow-up date; CER dates belong to a critical entity, in order. */
static void test_follow_up_and_cer_rules(void **state)
{
    struct error e = {0};
    json_t *r;
    (void)state;
    r = json_pack("{ss ss ss ss ss ss ss}", "id", "rv", "measure", "m", "date", "2026-05-01",
                  "method", "test", "result", "partly_effective", "classification", "secret",
                  "owner", "ezk");
    expect_invalid("reviews", json_deep_copy(r), "$.x[0].adjustment",
                   "how the measure is adjusted");
    json_object_set_new(r, "adjustment", json_string("  "));
    expect_invalid("reviews", json_deep_copy(r), "$.x[0].adjustment", "partly_effective");
    json_object_set_new(r, "adjustment", json_string("extra cells"));
    expect_invalid("reviews", json_deep_copy(r), "$.x[0].follow_up", "needs a follow_up date");
    json_object_set_new(r, "follow_up", json_string("2026-04-30"));
    expect_invalid("reviews", json_deep_copy(r), "$.x[0].follow_up", "before the review's date");
    json_object_set_new(r, "follow_up", json_string("2026-05-01"));
    assert_int_equal(validate_record(model_kind_find("reviews"), r, "$", &e), 0);
    json_object_set_new(r, "result", json_string("ineffective"));
    json_object_del(r, "follow_up");
    expect_invalid("reviews", json_deep_copy(r), "$.x[0].follow_up", "ineffective");
    /* effective and inconclusive need neither */
    json_object_del(r, "adjustment");
    json_object_set_new(r, "result", json_string("effective"));
    assert_int_equal(validate_record(model_kind_find("reviews"), r, "$", &e), 0);
    json_object_set_new(r, "result", json_string("inconclusive"));
    assert_int_equal(validate_record(model_kind_find("reviews"), r, "$", &e), 0);
    json_decref(r);

    r = json_pack("{ss ss ss sb ss ss ss}", "id", "pl", "provider", "o", "process", "p",
                  "cer_critical", 0, "cer_identified", "2026-03-01", "classification", "internal",
                  "owner", "o");
    expect_invalid("provider_links", json_deep_copy(r), "$.x[0].cer_identified",
                   "set cer_critical");
    json_object_set_new(r, "cer_critical", json_true());
    assert_int_equal(validate_record(model_kind_find("provider_links"), r, "$", &e), 0);
    json_object_set_new(r, "cer_notified", json_string("2026-02-28"));
    expect_invalid("provider_links", json_deep_copy(r), "$.x[0].cer_notified",
                   "before the identification");
    json_object_del(r, "cer_identified");
    expect_invalid("provider_links", json_deep_copy(r), "$.x[0].cer_identified",
                   "date it was identified");
    json_decref(r);
}

static void test_csv_style_places(void **state)
{
    char buf[128];
    (void)state;
    assert_string_equal(validate_field_where("line 4", "name", buf, sizeof buf),
                        "line 4, column name");
    assert_string_equal(validate_field_where("$.a[1]", "name", buf, sizeof buf), "$.a[1].name");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_valid_record_passes),
        cmocka_unit_test(test_shape_rules),
        cmocka_unit_test(test_lists_and_maps),
        cmocka_unit_test(test_normalisation),
        cmocka_unit_test(test_consistency_rules),
        cmocka_unit_test(test_csv_style_places),
        cmocka_unit_test(test_message_ids),
        cmocka_unit_test(test_follow_up_and_cer_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
