/*
 * ratelimit_test.c — tests src/http/ratelimit.c: free failures, then a
 * delay that doubles from 1 s after the last failure up to the cap; keys
 * are independent; a success clears; failures are forgotten after a quiet
 * while; a full table forgets the idlest key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/ratelimit.h"

#include <stdio.h>

static void test_growing_delay(void **state)
{
    struct ratelimit *r = NULL;
    int64_t t = 1000000; /* seconds; the limiter counts milliseconds */
    int i;
    (void)state;
    r = ratelimit_new(3, 300, 900, 16);
    for (i = 0; i < 3; i++) {
        assert_int_equal(ratelimit_wait(r, "k", t * 1000), 0);
        ratelimit_fail(r, "k", t * 1000);
    }
    /* the free failures are spent: 1, 2, 4 ... s after the last failure */
    assert_int_equal(ratelimit_wait(r, "k", t * 1000), 1000);
    assert_int_equal(ratelimit_wait(r, "k", (t + 1) * 1000), 0);
    ratelimit_fail(r, "k", (t + 1) * 1000);
    assert_int_equal(ratelimit_wait(r, "k", (t + 1) * 1000), 2000);
    ratelimit_fail(r, "k", (t + 3) * 1000);
    assert_int_equal(ratelimit_wait(r, "k", (t + 3) * 1000), 4000);
    assert_int_equal(ratelimit_wait(r, "other", (t + 3) * 1000), 0); /* keys are independent */
    for (i = 0; i < 20; i++)
        ratelimit_fail(r, "k", (t + 10) * 1000);
    assert_int_equal(ratelimit_wait(r, "k", (t + 10) * 1000), 300000); /* the cap */
    /* quiet for the forget time: a fresh start */
    assert_int_equal(ratelimit_wait(r, "k", (t + 10 + 900) * 1000), 0);
    ratelimit_fail(r, "k", (t + 10 + 900) * 1000);
    assert_int_equal(ratelimit_wait(r, "k", (t + 10 + 900) * 1000), 0);
    for (i = 0; i < 5; i++)
        ratelimit_fail(r, "k", (t + 2000) * 1000);
    assert_true(ratelimit_wait(r, "k", (t + 2000) * 1000) > 0);
    ratelimit_clear(r, "k");
    assert_int_equal(ratelimit_wait(r, "k", (t + 2000) * 1000), 0);
    ratelimit_free(r);
}

static void test_capacity(void **state)
{
    struct ratelimit *r = NULL;
    char key[32];
    int i;
    (void)state;
    r = ratelimit_new(0, 100, 100, 4);
    ratelimit_fail(r, "old", 0);
    for (i = 0; i < 4; i++) {
        snprintf(key, sizeof key, "k%d", i);
        ratelimit_fail(r, key, (10 + i) * 1000);
    }
    /* the table holds 4 keys: the idlest one ("old") was forgotten */
    assert_int_equal(ratelimit_wait(r, "old", 20 * 1000), 0);
    assert_true(ratelimit_wait(r, "k3", 13 * 1000) > 0);
    ratelimit_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_growing_delay),
        cmocka_unit_test(test_capacity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
