/*
 * json_writer_test.c — tests src/base/json_writer.c: nesting and commas,
 * escaping, the shortest round-tripping form of reals, and misuse caught.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/error.h"
#include "base/json_writer.h"
#include "base/strbuf.h"

#include <math.h>
#include <stdlib.h>

static void test_compact_document(void **state)
{
    struct strbuf b = STRBUF_INIT;
    struct json_writer w;
    (void)state;
    json_writer_init_buf(&w, &b, 0);
    json_write_object_begin(&w);
    json_write_key(&w, "a");
    json_write_array_begin(&w);
    json_write_int(&w, -3);
    json_write_real(&w, 0.1);
    json_write_bool(&w, 1);
    json_write_null(&w);
    json_write_string(&w, "q\"\\\n\x01");
    json_write_array_end(&w);
    json_write_key(&w, "empty");
    json_write_object_begin(&w);
    json_write_object_end(&w);
    json_write_object_end(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(strbuf_str(&b),
                        "{\"a\":[-3,0.1,true,null,\"q\\\"\\\\\\n\\u0001\"],\"empty\":{}}");
    strbuf_release(&b);
}

static void test_indented(void **state)
{
    struct strbuf b = STRBUF_INIT;
    struct json_writer w;
    (void)state;
    json_writer_init_buf(&w, &b, 2);
    json_write_object_begin(&w);
    json_write_key(&w, "x");
    json_write_array_begin(&w);
    json_write_int(&w, 1);
    json_write_array_end(&w);
    json_write_object_end(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(strbuf_str(&b), "{\n  \"x\": [\n    1\n  ]\n}\n");
    strbuf_release(&b);
}

static void test_reals_round_trip(void **state)
{
    const double values[] = {0.1, 1.0 / 3.0, 5e10, 6.5, 1e-300, 123456789.123456789, -0.0};
    char buf[32];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof values / sizeof values[0]; i++)
        assert_true(strtod(json_format_real(values[i], buf), NULL) == values[i]);
    assert_string_equal(json_format_real(0.1, buf), "0.1");
    assert_string_equal(json_format_real(5e10, buf), "5e+10");
    assert_string_equal(json_format_real(6.5, buf), "6.5");
}

static void test_misuse_is_reported(void **state)
{
    struct strbuf b = STRBUF_INIT;
    struct json_writer w;
    (void)state;
    json_writer_init_buf(&w, &b, 0);
    json_write_object_begin(&w);
    json_write_int(&w, 1); /* a value without a key */
    json_write_object_end(&w);
    assert_int_equal(json_writer_finish(&w), ERR_INVALID);
    strbuf_reset(&b);
    json_writer_init_buf(&w, &b, 0);
    json_write_array_begin(&w); /* never closed */
    assert_int_equal(json_writer_finish(&w), ERR_INVALID);
    strbuf_reset(&b);
    json_writer_init_buf(&w, &b, 0);
    json_write_real(&w, NAN);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(strbuf_str(&b), "null");
    strbuf_release(&b);
}

/* Whole numbers are written by hand: every one as printf would. */
static void test_integers(void **state)
{
    static const int64_t v[] = {
        0, 7, -7, 10, 99, -100, 168, 2147483647, -2147483648LL, INT64_MAX, INT64_MIN};
    struct strbuf b = STRBUF_INIT, want = STRBUF_INIT;
    struct json_writer w;
    size_t i;
    (void)state;
    json_writer_init_buf(&w, &b, 0);
    json_write_array_begin(&w);
    strbuf_puts(&want, "[");
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        json_write_int(&w, v[i]);
        strbuf_printf(&want, "%s%lld", i ? "," : "", (long long)v[i]);
    }
    json_write_array_end(&w);
    strbuf_puts(&want, "]");
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(strbuf_str(&b), strbuf_str(&want));
    strbuf_release(&b);
    strbuf_release(&want);
}

/* json_write_strings: n strings as an array under a key; none is [] */
static void test_strings(void **state)
{
    struct strbuf b = STRBUF_INIT;
    struct json_writer w;
    char one[] = "a", two[] = "b\"c";
    char *both[] = {one, two};
    (void)state;
    json_writer_init_buf(&w, &b, 0);
    json_write_object_begin(&w);
    json_write_strings(&w, "ids", both, 2);
    json_write_strings(&w, "none", NULL, 0);
    json_write_object_end(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(strbuf_str(&b), "{\"ids\":[\"a\",\"b\\\"c\"],\"none\":[]}");
    strbuf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strings),          cmocka_unit_test(test_integers),
        cmocka_unit_test(test_compact_document), cmocka_unit_test(test_indented),
        cmocka_unit_test(test_reals_round_trip), cmocka_unit_test(test_misuse_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
