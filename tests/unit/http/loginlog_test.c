/*
 * loginlog_test.c — tests src/http/loginlog.c: the first failure of an
 * address in a minute is audited alone, the rest of that minute counted
 * into one summary with the names tried, handed out once the minute ended
 * (or at a stop); addresses and minutes are apart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/loginlog.h"

#include <stdio.h>
#include <string.h>

static void test_per_address_and_minute(void **state)
{
    struct loginlog *l = NULL;
    struct loginlog_summary s[4];
    int64_t t = 1800000000 - 1800000000 % 60; /* a minute's start */
    int i;
    (void)state;
    l = loginlog_new();
    assert_int_equal(loginlog_fail(l, "10.0.0.1", "alice", 0, t), 1); /* audited alone */
    for (i = 0; i < 50; i++)
        assert_int_equal(loginlog_fail(l, "10.0.0.1", i % 2 ? "bob" : "alice", i >= 40, t + 30), 0);
    assert_int_equal(loginlog_fail(l, "10.0.0.2", "alice", 0, t + 30), 1); /* another address */
    /* nothing while the minute lasts */
    assert_int_equal(loginlog_take(l, t + 59, 0, s, 4), 0);
    assert_int_equal(loginlog_fail(l, "10.0.0.1", "carol", 0, t + 60), 1); /* the next minute */
    assert_int_equal(loginlog_take(l, t + 60, 0, s, 4), 1);
    assert_string_equal(s[0].key, "10.0.0.1");
    assert_int_equal(s[0].minute, t);
    assert_int_equal(s[0].more, 50);
    assert_int_equal(s[0].limited, 10);
    assert_string_equal(s[0].names, "alice,bob");
    /* 10.0.0.2 had nothing after its first: dropped without a summary */
    assert_int_equal(loginlog_take(l, t + 60, 0, s, 4), 0);
    assert_int_equal(loginlog_fail(l, "10.0.0.1", "dave", 1, t + 61), 0);
    assert_int_equal(loginlog_take(l, t + 61, 1, s, 4), 1); /* a stop takes the running minute */
    assert_string_equal(s[0].names, "dave");
    loginlog_free(l);
}

static void test_names_are_cut(void **state)
{
    struct loginlog *l = NULL;
    struct loginlog_summary s[1];
    char name[64];
    int i;
    (void)state;
    l = loginlog_new();
    for (i = 0; i < 100; i++) {
        snprintf(name, sizeof name, "guess-%03d", i);
        loginlog_fail(l, "10.0.0.9", name, 0, 600);
    }
    assert_int_equal(loginlog_take(l, 660, 0, s, 1), 1);
    assert_int_equal(s[0].more, 99);
    assert_true(strlen(s[0].names) <= LOGINLOG_NAMES_MAX + 3);
    assert_non_null(strstr(s[0].names, "..."));
    loginlog_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_per_address_and_minute),
        cmocka_unit_test(test_names_are_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
