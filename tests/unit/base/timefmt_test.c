/*
 * timefmt_test.c — tests src/base/timefmt.c: strict dates, times with
 * offsets converted to UTC, leap years, and adding years.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timefmt.h"

static void test_dates(void **state)
{
    int64_t d;
    char buf[16];
    (void)state;
    assert_int_equal(timefmt_parse_date("1970-01-01", &d), 0);
    assert_int_equal(d, 0);
    assert_int_equal(timefmt_parse_date("2024-02-29", &d), 0);
    timefmt_format_date(d, buf);
    assert_string_equal(buf, "2024-02-29");
    assert_int_not_equal(timefmt_parse_date("2023-02-29", &d), 0);
    assert_int_not_equal(timefmt_parse_date("2024-13-01", &d), 0);
    assert_int_not_equal(timefmt_parse_date("2024-1-01", &d), 0);
    assert_int_not_equal(timefmt_parse_date("2024-01-01x", &d), 0);
    assert_int_not_equal(timefmt_parse_date("", &d), 0);
}

static void test_add_years(void **state)
{
    int64_t d;
    char buf[16];
    (void)state;
    timefmt_parse_date("2024-02-29", &d);
    timefmt_format_date(timefmt_add_years(d, 4), buf);
    assert_string_equal(buf, "2028-02-29");
    timefmt_format_date(timefmt_add_years(d, 1), buf);
    assert_string_equal(buf, "2025-02-28");
    timefmt_parse_date("2022-06-30", &d);
    timefmt_format_date(timefmt_add_years(d, 4), buf);
    assert_string_equal(buf, "2026-06-30");
}

static void test_datetimes(void **state)
{
    int64_t s;
    char buf[32];
    (void)state;
    assert_int_equal(timefmt_parse_datetime("2026-01-05T10:00:00+01:00", &s), 0);
    timefmt_format_datetime(s, buf);
    assert_string_equal(buf, "2026-01-05T09:00:00Z");
    assert_int_equal(timefmt_parse_datetime("2026-01-01T00:30-01:00", &s), 0);
    timefmt_format_datetime(s, buf);
    assert_string_equal(buf, "2026-01-01T01:30:00Z");
    assert_int_equal(timefmt_parse_datetime("2026-01-01T00:30:00+02:00", &s), 0);
    timefmt_format_datetime(s, buf);
    assert_string_equal(buf, "2025-12-31T22:30:00Z");
    assert_int_not_equal(timefmt_parse_datetime("2026-01-01T24:00:00Z", &s), 0);
    assert_int_not_equal(timefmt_parse_datetime("2026-01-01T10:00:00", &s), 0);
    assert_int_not_equal(timefmt_parse_datetime("2026-01-01", &s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_add_years),
        cmocka_unit_test(test_datetimes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
