/*
 * timefmt_test.c — tests src/base/timefmt.c: strict dates, times with
 * offsets converted to UTC, leap years, adding years; the Amsterdam calendar
 * day (the hour before midnight UTC in winter and summer, the exact summer-time
 * switches, year ends, leap days), wall-clock times and months across the
 * switches, and the VITAAL_NOW clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/error.h"
#include "base/timefmt.h"

#include <stdlib.h>
#include <time.h>

static int64_t at(const char *time)
{
    int64_t t = 0;
    assert_int_equal(timefmt_parse_datetime(time, &t), 0);
    return t;
}

/* The Amsterdam day of a UTC time, as "YYYY-MM-DD" (one static buffer). */
static const char *amsterdam_day(const char *utc)
{
    static char buf[16];
    timefmt_format_date(timefmt_amsterdam_day(at(utc)), buf);
    return buf;
}

static const char *utc_text(int64_t seconds)
{
    static char buf[32];
    timefmt_format_datetime(seconds, buf);
    return buf;
}

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

static void test_amsterdam_hour_before_midnight(void **state)
{
    (void)state;
    /* winter (CET, UTC+1): from 23:00 UTC it is the next day */
    assert_string_equal(amsterdam_day("2026-01-05T22:59:59Z"), "2026-01-05");
    assert_string_equal(amsterdam_day("2026-01-05T23:00:00Z"), "2026-01-06");
    assert_string_equal(amsterdam_day("2026-01-05T23:30:00Z"), "2026-01-06");
    assert_string_equal(amsterdam_day("2026-01-05T23:59:59Z"), "2026-01-06");
    assert_string_equal(amsterdam_day("2026-01-06T00:00:00Z"), "2026-01-06");
    /* summer (CEST, UTC+2): from 22:00 UTC */
    assert_string_equal(amsterdam_day("2026-07-05T21:59:59Z"), "2026-07-05");
    assert_string_equal(amsterdam_day("2026-07-05T22:00:00Z"), "2026-07-06");
    assert_string_equal(amsterdam_day("2026-07-05T23:30:00Z"), "2026-07-06");
    assert_string_equal(amsterdam_day("2026-07-06T21:59:59Z"), "2026-07-06");
    assert_int_equal(timefmt_amsterdam_offset(at("2026-01-05T12:00:00Z")), 3600);
    assert_int_equal(timefmt_amsterdam_offset(at("2026-07-05T12:00:00Z")), 7200);
}

static void test_amsterdam_switches(void **state)
{
    (void)state;
    /* 2026: summer time from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC */
    assert_int_equal(timefmt_amsterdam_offset(at("2026-03-29T00:59:59Z")), 3600);
    assert_int_equal(timefmt_amsterdam_offset(at("2026-03-29T01:00:00Z")), 7200);
    assert_int_equal(timefmt_amsterdam_offset(at("2026-10-25T00:59:59Z")), 7200);
    assert_int_equal(timefmt_amsterdam_offset(at("2026-10-25T01:00:00Z")), 3600);
    /* the Saturday before a switch still ends at 23:00 UTC (winter) or 22:00 (summer) */
    assert_string_equal(amsterdam_day("2026-03-28T22:59:59Z"), "2026-03-28");
    assert_string_equal(amsterdam_day("2026-03-28T23:00:00Z"), "2026-03-29");
    assert_string_equal(amsterdam_day("2026-10-24T21:59:59Z"), "2026-10-24");
    assert_string_equal(amsterdam_day("2026-10-24T22:00:00Z"), "2026-10-25");
    /* the switch days themselves are 23 and 25 hours long */
    assert_string_equal(amsterdam_day("2026-03-29T21:59:59Z"), "2026-03-29");
    assert_string_equal(amsterdam_day("2026-03-29T22:00:00Z"), "2026-03-30");
    assert_string_equal(amsterdam_day("2026-10-25T22:59:59Z"), "2026-10-25");
    assert_string_equal(amsterdam_day("2026-10-25T23:00:00Z"), "2026-10-26");
    /* years whose last Sunday is the 31st, and the first and last of October */
    assert_int_equal(timefmt_amsterdam_offset(at("2024-03-31T00:59:59Z")), 3600);
    assert_int_equal(timefmt_amsterdam_offset(at("2024-03-31T01:00:00Z")), 7200);
    assert_int_equal(timefmt_amsterdam_offset(at("2024-03-24T12:00:00Z")), 3600);
    assert_int_equal(timefmt_amsterdam_offset(at("2027-10-31T00:59:59Z")), 7200);
    assert_int_equal(timefmt_amsterdam_offset(at("2027-10-31T01:00:00Z")), 3600);
    assert_int_equal(timefmt_amsterdam_offset(at("2027-10-24T12:00:00Z")), 7200);
    assert_int_equal(timefmt_amsterdam_offset(at("2025-03-30T01:00:00Z")), 7200);
    assert_int_equal(timefmt_amsterdam_offset(at("2025-10-26T01:00:00Z")), 3600);
    assert_int_equal(timefmt_amsterdam_offset(at("2028-03-26T01:00:00Z")), 7200);
    assert_int_equal(timefmt_amsterdam_offset(at("2028-03-25T23:59:59Z")), 3600);
}

static void test_amsterdam_year_and_leap(void **state)
{
    (void)state;
    assert_string_equal(amsterdam_day("2025-12-31T22:59:59Z"), "2025-12-31");
    assert_string_equal(amsterdam_day("2025-12-31T23:00:00Z"), "2026-01-01");
    assert_string_equal(amsterdam_day("1969-12-31T23:30:00Z"), "1970-01-01");
    assert_int_equal(timefmt_amsterdam_day(at("1969-12-31T22:30:00Z")), -1);
    assert_string_equal(amsterdam_day("2024-02-28T23:30:00Z"), "2024-02-29");
    assert_string_equal(amsterdam_day("2024-02-29T23:30:00Z"), "2024-03-01");
    assert_string_equal(amsterdam_day("2023-02-28T23:30:00Z"), "2023-03-01");
    assert_string_equal(amsterdam_day("2000-02-28T23:30:00Z"), "2000-02-29");
    assert_string_equal(amsterdam_day("2100-02-28T23:30:00Z"), "2100-03-01");
}

static void test_amsterdam_wall_and_months(void **state)
{
    (void)state;
    /* an ordinary winter and summer wall time */
    assert_string_equal(utc_text(timefmt_amsterdam_from_wall(at("2026-01-05T10:00:00Z"))),
                        "2026-01-05T09:00:00Z");
    assert_string_equal(utc_text(timefmt_amsterdam_from_wall(at("2026-07-05T10:00:00Z"))),
                        "2026-07-05T08:00:00Z");
    /* 02:30 on 29 March 2026 never shows: read with winter time */
    assert_string_equal(utc_text(timefmt_amsterdam_from_wall(at("2026-03-29T02:30:00Z"))),
                        "2026-03-29T01:30:00Z");
    assert_string_equal(utc_text(timefmt_amsterdam_from_wall(at("2026-03-29T03:00:00Z"))),
                        "2026-03-29T01:00:00Z");
    assert_string_equal(utc_text(timefmt_amsterdam_from_wall(at("2026-03-29T01:59:59Z"))),
                        "2026-03-29T00:59:59Z");
    /* 02:30 on 25 October 2026 shows twice: the earlier, still summer time */
    assert_string_equal(utc_text(timefmt_amsterdam_from_wall(at("2026-10-25T02:30:00Z"))),
                        "2026-10-25T00:30:00Z");
    assert_string_equal(utc_text(timefmt_amsterdam_from_wall(at("2026-10-25T03:00:00Z"))),
                        "2026-10-25T02:00:00Z");
    /* months keep the Dutch wall-clock time across the switches */
    assert_string_equal(utc_text(timefmt_amsterdam_add_months(at("2026-03-01T12:00:00Z"), 1)),
                        "2026-04-01T11:00:00Z");
    assert_string_equal(utc_text(timefmt_amsterdam_add_months(at("2026-02-28T23:30:00Z"), 1)),
                        "2026-03-31T22:30:00Z");
    assert_string_equal(utc_text(timefmt_amsterdam_add_months(at("2026-10-10T08:00:00Z"), 1)),
                        "2026-11-10T09:00:00Z");
    /* 31 January (Amsterdam) plus a month: the last day of February, leap or not */
    assert_string_equal(utc_text(timefmt_amsterdam_add_months(at("2028-01-31T12:00:00Z"), 1)),
                        "2028-02-29T12:00:00Z");
    /* 30 January 23:30 UTC is 31 January in Amsterdam: a month on is 28
     * February 00:30 there, 27 February in UTC (UTC counting says the 28th) */
    assert_string_equal(utc_text(timefmt_amsterdam_add_months(at("2026-01-30T23:30:00Z"), 1)),
                        "2026-02-27T23:30:00Z");
    /* across the year */
    assert_string_equal(utc_text(timefmt_amsterdam_add_months(at("2026-12-31T23:30:00Z"), 1)),
                        "2027-01-31T23:30:00Z");
}

static void test_clock(void **state)
{
    int64_t t;
    char buf[16];
    (void)state;
    unsetenv("VITAAL_NOW");
    assert_int_equal(timefmt_clock_fixed(&t), 0);
    t = timefmt_now() - (int64_t)time(NULL);
    assert_true(t >= -2 && t <= 2);
    setenv("VITAAL_NOW", "2026-01-05T23:30:00Z", 1);
    assert_int_equal(timefmt_clock_fixed(&t), 1);
    assert_int_equal(t, at("2026-01-05T23:30:00Z"));
    assert_int_equal(timefmt_now(), at("2026-01-05T23:30:00Z"));
    timefmt_format_date(timefmt_today(), buf);
    assert_string_equal(buf, "2026-01-06");
    setenv("VITAAL_NOW", "2026-07-05T22:30:00Z", 1);
    timefmt_format_date(timefmt_today(), buf);
    assert_string_equal(buf, "2026-07-06");
    setenv("VITAAL_NOW", "2026-07-05", 1);
    assert_int_equal(timefmt_clock_fixed(&t), ERR_INVALID);
    setenv("VITAAL_NOW", "", 1);
    assert_int_equal(timefmt_clock_fixed(&t), 0);
    unsetenv("VITAAL_NOW");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_add_years),
        cmocka_unit_test(test_datetimes),
        cmocka_unit_test(test_amsterdam_hour_before_midnight),
        cmocka_unit_test(test_amsterdam_switches),
        cmocka_unit_test(test_amsterdam_year_and_leap),
        cmocka_unit_test(test_amsterdam_wall_and_months),
        cmocka_unit_test(test_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
