/*
 * record_id_test.c — tests src/domain/record_id.c: the readable base of a
 * made id (prefix per kind, slugs without accents, a length bound), and
 * that a made id is free in the store: the base for a coordinator while it
 * is free, a suffix when taken, and always a suffix for anyone else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/record_id.h"
#include "domain/validate.h"
#include "store/model.h"
#include "support/testutil.h"

#include <string.h>

static void test_base(void **state)
{
    char out[RECORD_ID_BASE_MAX + 1];
    json_t *r;
    (void)state;
    r = json_pack("{ss si}", "process", "drinkwater", "cycle_year", 2026);
    record_id_base(model_kind_find("analyses"), r, out);
    assert_string_equal(out, "an-drinkwater-2026");
    json_decref(r);

    r = json_pack("{ss}", "name", "  Noodstroom — Dörpsplein & ÉÉN  ");
    record_id_base(model_kind_find("measures"), r, out);
    assert_string_equal(out, "ms-noodstroom-dorpsplein-een");
    json_decref(r);

    /* no parts: the prefix alone; a long name is cut, the result a valid id */
    r = json_object();
    record_id_base(model_kind_find("measures"), r, out);
    assert_string_equal(out, "ms");
    json_object_set_new(r, "name",
                        json_string("Een heel erg lange naam van een maatregel die "
                                    "veel langer is dan wat een id mag dragen"));
    record_id_base(model_kind_find("measures"), r, out);
    assert_true(strlen(out) <= RECORD_ID_BASE_MAX);
    assert_int_equal(validate_id(out), 0);
    assert_true(out[strlen(out) - 1] != '-');
    json_decref(r);
}

static void test_make(void **state)
{
    struct store *s = testutil_store_from_fixture("full.json");
    const struct kind *k = model_kind_find("measures");
    struct error e = {0};
    json_t *a = json_pack("{ss}", "name", "Black start"),
           *b = json_pack("{ss}", "name", "Black start");
    json_t *c = json_pack("{ss}", "name", "Black start");
    json_t *stored;
    const char *id;
    (void)state;
    assert_int_equal(store_begin(s, &e), 0);
    /* a coordinator: the base while free */
    assert_int_equal(record_id_make(s, k, a, 0, &e), 0);
    assert_string_equal(json_string_value(json_object_get(a, "id")), "ms-black-start");
    stored = json_pack("{ss ss ss ss ss ss ss}", "id", "ms-black-start", "name", "Black start",
                       "kind", "stockpile", "scope", "sectoral", "status", "planned",
                       "classification", "public", "owner", "nctv");
    assert_int_equal(store_record_put(s, k, stored, &testutil_change, NULL, &e), 0);
    json_decref(stored);
    /* taken: a suffix */
    assert_int_equal(record_id_make(s, k, b, 0, &e), 0);
    id = json_string_value(json_object_get(b, "id"));
    assert_int_equal(strlen(id), strlen("ms-black-start-xxxx"));
    assert_memory_equal(id, "ms-black-start-", strlen("ms-black-start-"));
    /* anyone else: always a suffix, also for a free base */
    json_object_set_new(c, "name", json_string("Nog vrij"));
    assert_int_equal(record_id_make(s, k, c, 1, &e), 0);
    id = json_string_value(json_object_get(c, "id"));
    assert_int_equal(strlen(id), strlen("ms-nog-vrij-xxxx"));
    assert_memory_equal(id, "ms-nog-vrij-", strlen("ms-nog-vrij-"));
    assert_int_equal(validate_id(id), 0);
    store_rollback(s);
    json_decref(a);
    json_decref(b);
    json_decref(c);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base),
        cmocka_unit_test(test_make),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
