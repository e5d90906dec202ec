/*
 * import_test.c — tests the CSV side of src/domain/import.c: numbers are
 * strictly decimal and finite (no hexadecimal, nan, inf, overflow), text is
 * UTF-8 (a Latin-1 file is refused, naming line, column and byte), and a
 * setting's value is checked against its rule on import as on every write;
 * and JSON documents read as streams (import_stream.c): files of a batch in
 * order with the later one winning, a duplicate within one file, a file
 * changed between the passes, ids normalised again on every pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/import.h"
#include "domain/validate.h"
#include "store/model.h"
#include "support/testutil.h"

#include <stdio.h>
#include <string.h>

/* Adds a CSV file with text to a new batch of kind; the result, and the
 * error in *e. */
static int add_csv(const char *kind, const char *text, struct error *e)
{
    struct import_batch b;
    const char *path = testutil_temp_path("in.csv");
    FILE *f = fopen(path, "wb");
    int rc;
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    memset(&b, 0, sizeof b);
    memset(e, 0, sizeof *e);
    rc = import_batch_add_csv_file(&b, path, model_kind_find(kind), e);
    import_batch_release(&b);
    return rc;
}

static const char head[] = "id,name,sector,ministry,category,recovery_h,classification,owner\n";

static void test_numbers_strictly_decimal(void **state)
{
    static const char *const bad_int[] = {
        "0x10", "+5", " 5", "5 ", "1e3", "nan", "inf", "99999999999999999999", "5.0", NULL};
    static const char *const bad_real[] = {"nan", "inf", "-inf", "1e309", "0x1p3",
                                           "1.",  ".5",  "1;5",  NULL};
    char text[512];
    struct error e;
    size_t i;
    (void)state;
    for (i = 0; bad_int[i]; i++) {
        snprintf(text, sizeof text, "%sp1,P,s,m,A,%s,public,o\n", head, bad_int[i]);
        if (add_csv("processes", text, &e) != ERR_INVALID)
            fail_msg("recovery_h '%s' was accepted", bad_int[i]);
        assert_non_null(strstr(e.where, "line 2"));
        assert_non_null(strstr(e.where, "recovery_h"));
    }
    for (i = 0; bad_real[i]; i++) {
        snprintf(text, sizeof text,
                 "id,unit,category_a_above,classification,owner\nc,u,%s,public,o\n", bad_real[i]);
        if (add_csv("vitaal_criteria", text, &e) != ERR_INVALID)
            fail_msg("category_a_above '%s' was accepted", bad_real[i]);
        if (strstr(e.message, bad_real[i]) == NULL)
            fail_msg("'%s': %s: %s", bad_real[i], e.where, e.message);
    }
    snprintf(text, sizeof text, "%sp1,P,s,m,A,-0,public,o\n", head);
    assert_int_equal(add_csv("processes", text, &e), 0);
    assert_int_equal(add_csv("vitaal_criteria",
                             "id,unit,category_a_above,classification,owner\nc,u,1.5e6,public,o\n"
                             "d,u,-2.25,public,o\n",
                             &e),
                     0);
}

static void test_utf8(void **state)
{
    struct error e;
    char text[512];
    (void)state;
    snprintf(text, sizeof text, "%sp1,Caf\xe9,s,m,A,1,public,o\n", head); /* Latin-1 */
    assert_int_equal(add_csv("processes", text, &e), ERR_INVALID);
    assert_non_null(strstr(e.where, "line 2"));
    assert_non_null(strstr(e.where, "name"));
    assert_non_null(strstr(e.message, "UTF-8"));
    assert_non_null(strstr(e.message, "byte 4"));
    /* overlong and surrogate forms are not UTF-8 either; real UTF-8 is */
    snprintf(text, sizeof text, "%sp1,\xc0\xaf,s,m,A,1,public,o\n", head);
    assert_int_equal(add_csv("processes", text, &e), ERR_INVALID);
    snprintf(text, sizeof text, "%sp1,\xed\xa0\x80,s,m,A,1,public,o\n", head);
    assert_int_equal(add_csv("processes", text, &e), ERR_INVALID);
    snprintf(text, sizeof text, "%sp1,Caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80,s,m,A,1,public,o\n",
             head);
    assert_int_equal(add_csv("processes", text, &e), 0);
    /* the header too */
    assert_int_equal(add_csv("processes", "id,n\xe4me\np1,x\n", &e), ERR_INVALID);
    assert_non_null(strstr(e.message, "UTF-8"));
}

static void test_setting_values(void **state)
{
    const struct kind *k = model_kind_find("settings");
    struct error e = {0};
    json_t *r = json_pack("{ss ss ss ss}", "id", "cycle_years", "value", "x", "classification",
                          "public", "owner", "nctv");
    (void)state;
    assert_int_equal(validate_record(k, r, "$", &e), ERR_INVALID);
    assert_string_equal(e.where, "$.value");
    assert_string_equal(e.id, "setting_value");
    json_object_set_new(r, "value", json_string("0x10"));
    assert_int_equal(validate_record(k, r, "$", &e), ERR_INVALID);
    json_object_set_new(r, "value", json_string("21"));
    assert_int_equal(validate_record(k, r, "$", &e), ERR_INVALID);
    json_object_set_new(r, "value", json_string("4"));
    assert_int_equal(validate_record(k, r, "$", &e), 0);
    json_object_set_new(r, "id", json_string("cer_nis2_deadline"));
    assert_int_equal(validate_record(k, r, "$", &e), ERR_INVALID);
    json_object_set_new(r, "value", json_string("2026-02-30"));
    assert_int_equal(validate_record(k, r, "$", &e), ERR_INVALID);
    json_object_set_new(r, "value", json_string("2026-03-31"));
    assert_int_equal(validate_record(k, r, "$", &e), 0);
    json_object_set_new(r, "id", json_string("assess_cascade_unit"));
    assert_int_equal(validate_record(k, r, "$", &e), ERR_INVALID);
    json_object_set_new(r, "value", json_string("processes"));
    assert_int_equal(validate_record(k, r, "$", &e), 0);
    /* a setting no rule reads is free text */
    json_object_set_new(r, "id", json_string("a_note_of_our_own"));
    json_object_set_new(r, "value", json_string("anything"));
    assert_int_equal(validate_record(k, r, "$", &e), 0);
    json_decref(r);
}

/* Writes text to a file named name in the test's folder; returns its path. */
static const char *write_file(const char *name, const char *text)
{
    const char *path = testutil_temp_path(name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static const struct store_change change = {"test", "import", NULL, NULL, 0};

#define ORG                                                                                        \
    "\"organisations\": [{\"id\": \"nctv\", \"name\": \"N\", \"kind\": \"coordinator\", "          \
    "\"classification\": \"public\", \"owner\": \"nctv\"}]"
#define THREAT(id, name)                                                                           \
    "{\"id\": \"" id "\", \"name\": \"" name                                                       \
    "\", \"classification\": \"public\", \"owner\": \"nctv\"}"

static void test_streamed_json(void **state)
{
    struct import_batch b = IMPORT_BATCH_INIT;
    struct import_stats stats;
    struct store *s = NULL;
    struct error e = {0};
    json_t *got = NULL;
    const char *one, *two, *dup;
    FILE *f;
    (void)state;
    assert_int_equal(store_open(":memory:", STORE_CREATE, &s, &e), 0);
    one = write_file("one.json", "{\"format\": \"vitaal\", \"version\": 2, " ORG
                                 ", \"threats\": [" THREAT("a", "First") "]}");
    two = write_file("two.json", "{\"threats\": [" THREAT("a", "Second") ", " THREAT(
                                     "b", "B") "], \"format\": \"vitaal\", \"version\": 2}");
    /* two files: held as files, not records; the later one's "a" wins */
    assert_int_equal(import_batch_add_json_file(&b, one, &e), 0);
    assert_int_equal(import_batch_add_json_file(&b, two, &e), 0);
    assert_int_equal(b.n, 0);
    assert_int_equal(import_batch_count(&b), 4);
    assert_int_equal(import_batch_apply(&b, s, 0, &change, NULL, &stats, &e), 0);
    assert_int_equal(stats.inserted, 3);
    assert_int_equal(store_record_get(s, model_kind_find("threats"), "a", &got, &e), 0);
    assert_string_equal(json_string_value(json_object_get(got, "name")), "Second");
    json_decref(got);
    import_batch_release(&b);

    /* the same id twice in one file: the second named, with the first */
    dup = write_file("dup.json", "{\"format\": \"vitaal\", \"version\": 2, \"threats\": [" THREAT(
                                     "c", "C") ", " THREAT("c", "C again") "]}");
    assert_int_equal(import_batch_add_json_file(&b, dup, &e), 0);
    assert_int_equal(import_batch_apply(&b, s, 0, &change, NULL, &stats, &e), ERR_INVALID);
    assert_non_null(strstr(e.where, "dup.json: $.threats[1].id"));
    assert_non_null(strstr(e.message, "duplicate id 'c' (also at $.threats[0])"));
    import_batch_release(&b);

    /* a file changed after it was checked is not written */
    memset(&e, 0, sizeof e);
    assert_int_equal(import_batch_add_json_file(&b, one, &e), 0);
    f = fopen(one, "ab");
    assert_non_null(f);
    fputs("\n", f);
    fclose(f);
    assert_int_equal(import_batch_apply(&b, s, 0, &change, NULL, &stats, &e), ERR_CONFLICT);
    assert_non_null(strstr(e.message, "changed while it was imported"));
    import_batch_release(&b);
    store_close(s);
}

#define PUB "\"classification\": \"public\", \"owner\": \"nctv\""
#define PROC(id)                                                                                   \
    "{\"id\": \"" id "\", \"name\": \"" id "\", \"sector\": \"s\", \"ministry\": \"nctv\", "       \
    "\"category\": \"A\", " PUB "}"

/* A dependency's fallback option must be one of its own process's: in the
 * batch and as stored. */
static void test_fallback_of_another_process(void **state)
{
    struct import_batch b = IMPORT_BATCH_INIT;
    struct import_stats stats;
    struct store *s = NULL;
    struct error e = {0};
    const char *base, *wrong, *right, *stored;
    (void)state;
    assert_int_equal(store_open(":memory:", STORE_CREATE, &s, &e), 0);
    base = write_file(
        "fb-base.json",
        "{\"format\": \"vitaal\", \"version\": 2, " ORG ", \"sectors\": [{\"id\": \"s\", "
        "\"name\": \"S\", " PUB "}], \"processes\": [" PROC("p1") ", " PROC(
            "p2") "], "
                  "\"fallback_options\": [{\"id\": \"fo1\", \"process\": \"p1\", \"kind\": "
                  "\"analogue\", "
                  "\"duration_h\": 24, " PUB "}, {\"id\": \"fo2\", \"process\": \"p2\", \"kind\": "
                  "\"analogue\", \"duration_h\": 24, " PUB "}]}");
    wrong = write_file("fb-wrong.json",
                       "{\"format\": \"vitaal\", \"version\": 2, \"dependencies\": [{\"id\": "
                       "\"d0\", \"process\": \"p1\", \"fallback\": \"fo1\", \"supplier_services\": "
                       "[], \"suppliers\": [\"p2\"], " PUB "}, {\"id\": \"d1\", \"process\": "
                       "\"p1\", \"suppliers\": [\"p2\"], \"fallback\": \"fo2\", " PUB "}]}");
    /* in one batch with the options */
    assert_int_equal(import_batch_add_json_file(&b, base, &e), 0);
    assert_int_equal(import_batch_add_json_file(&b, wrong, &e), 0);
    assert_int_equal(import_batch_apply(&b, s, 0, &change, NULL, &stats, &e), ERR_INVALID);
    assert_non_null(strstr(e.where, "fb-wrong.json: $.dependencies[1].fallback"));
    assert_non_null(strstr(e.message, "fallback option 'fo2' of dependency 'd1' belongs to "
                                      "another process"));
    assert_string_equal(e.id, "fallback_other_process");
    import_batch_release(&b);
    /* against the stored options */
    memset(&e, 0, sizeof e);
    assert_int_equal(import_batch_add_json_file(&b, base, &e), 0);
    assert_int_equal(import_batch_apply(&b, s, 0, &change, NULL, &stats, &e), 0);
    import_batch_release(&b);
    assert_int_equal(import_batch_add_json_file(&b, wrong, &e), 0);
    assert_int_equal(import_batch_apply(&b, s, 1, &change, NULL, &stats, &e), ERR_INVALID);
    assert_non_null(strstr(e.where, "$.dependencies[1].fallback"));
    import_batch_release(&b);
    /* its own process's option is accepted; so is an option moved, in the
     * same batch, to the dependency's process */
    memset(&e, 0, sizeof e);
    right = write_file("fb-right.json",
                       "{\"format\": \"vitaal\", \"version\": 2, \"dependencies\": [{\"id\": "
                       "\"d1\", \"process\": \"p2\", \"suppliers\": [\"p1\"], \"fallback\": "
                       "\"fo2\", " PUB "}]}");
    assert_int_equal(import_batch_add_json_file(&b, right, &e), 0);
    assert_int_equal(import_batch_apply(&b, s, 0, &change, NULL, &stats, &e), 0);
    import_batch_release(&b);
    stored = write_file("fb-moved.json",
                        "{\"format\": \"vitaal\", \"version\": 2, \"fallback_options\": [{\"id\": "
                        "\"fo2\", \"process\": \"p1\", \"kind\": \"analogue\", \"duration_h\": "
                        "24, " PUB "}], \"dependencies\": [{\"id\": \"d2\", \"process\": \"p1\", "
                        "\"suppliers\": [\"p2\"], \"fallback\": \"fo2\", " PUB "}]}");
    assert_int_equal(import_batch_add_json_file(&b, stored, &e), 0);
    assert_int_equal(import_batch_apply(&b, s, 1, &change, NULL, &stats, &e), 0);
    import_batch_release(&b);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_strictly_decimal),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_setting_values),
        cmocka_unit_test(test_streamed_json),
        cmocka_unit_test(test_fallback_of_another_process),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
