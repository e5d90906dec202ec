/*
 * progress_test.c — tests src/base/progress.c: the line the meter draws
 * (percentage, amounts, rate, time left), that it draws nothing on a stream
 * that is not a terminal nor for a phase shorter than half a second, and
 * that it erases its line when freed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void test_format(void **state)
{
    char buf[200];
    (void)state;
    progress_format(buf, sizeof buf, "loading the graph", "B", 50u << 20, 100u << 20, 2.0);
    assert_string_equal(buf, "loading the graph:  50% (50.0 MB of 100.0 MB, 25.0 MB/s, 2 s left)");
    progress_format(buf, sizeof buf, "cascade", "hours", 168, 168, 1.0);
    assert_string_equal(buf, "cascade: 100% (168 hours of 168 hours, 168 hours/s)");
    progress_format(buf, sizeof buf, "criticality", "events", 250000, 1000000, 5.0);
    assert_string_equal(buf,
                        "criticality:  25% (250k events of 1.0M events, 50k events/s, 15 s left)");
    /* nothing done yet: no rate to tell the time left from */
    progress_format(buf, sizeof buf, "cascade", "hours", 0, 10, 0.0);
    assert_string_equal(buf, "cascade:   0% (0 hours of 10 hours, 0 hours/s)");
}

static char *contents(FILE *f)
{
    long n = ftell(f);
    char *s = calloc((size_t)n + 1, 1);
    assert_non_null(s);
    rewind(f);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    return s;
}

static void test_not_a_terminal(void **state)
{
    FILE *f = tmpfile();
    struct progress_sink sink;
    char *s;
    (void)state;
    assert_non_null(f);
    /* a file is no terminal: no meter, a sink that calls nothing */
    assert_null(progress_meter_new(f, 0));
    sink = progress_meter_sink(NULL);
    assert_null(sink.report);
    progress_report(&sink, "cascade", "hours", 1, 2);
    progress_report(NULL, "cascade", "hours", 1, 2);
    s = contents(f);
    assert_string_equal(s, "");
    free(s);
    fclose(f);
}

static void test_meter_draws_after_half_a_second(void **state)
{
    FILE *f = tmpfile();
    struct progress_meter *m;
    struct progress_sink sink;
    struct timespec pause = {0, 600 * 1000 * 1000};
    char *s;
    (void)state;
    m = progress_meter_new(f, 1);
    assert_non_null(m);
    sink = progress_meter_sink(m);
    progress_report(&sink, "cascade", "hours", 1, 168);
    fflush(f);
    assert_int_equal(ftell(f), 0); /* too soon: a short phase shows nothing */
    nanosleep(&pause, NULL);
    progress_report(&sink, "cascade", "hours", 84, 168);
    progress_report(&sink, "cascade", "hours", 85, 168); /* within 0.1 s: not redrawn */
    progress_meter_free(m);
    s = contents(f);
    assert_true(strncmp(s, "\r\033[Kcascade:  50% (84 hours of 168 hours, ", 42) == 0);
    assert_null(strstr(s, "85 hours"));
    /* freed: the line is erased */
    assert_string_equal(s + strlen(s) - 4, "\r\033[K");
    free(s);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_not_a_terminal),
        cmocka_unit_test(test_meter_draws_after_half_a_second),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
