/*
 * ratelimit_test.c — tests src/http/ratelimit.c: the fifth failure within
 * the window locks a key until the oldest failure leaves it; keys are
 * independent; a success clears; a full table forgets the idlest key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/ratelimit.h"

#include <stdio.h>

static void test_window(void **state)
{
    struct ratelimit *r = NULL;
    int64_t t0 = 1000000;
    int i;
    (void)state;
    assert_int_equal(ratelimit_new(5, 900, 16, &r), 0);
    for (i = 0; i < 4; i++) {
        ratelimit_fail(r, "user:a", t0 + i * 10);
        assert_int_equal(ratelimit_wait(r, "user:a", t0 + i * 10), 0);
    }
    ratelimit_fail(r, "user:a", t0 + 40);
    /* locked until the first failure (t0) leaves the 900 s window */
    assert_int_equal(ratelimit_wait(r, "user:a", t0 + 41), 900 - 41);
    assert_int_equal(ratelimit_wait(r, "user:b", t0 + 41), 0);
    assert_int_equal(ratelimit_wait(r, "user:a", t0 + 900), 0);
    /* one more failure after that locks again until the second leaves */
    ratelimit_fail(r, "user:a", t0 + 901);
    assert_int_equal(ratelimit_wait(r, "user:a", t0 + 901), t0 + 10 + 900 - (t0 + 901));
    ratelimit_clear(r, "user:a");
    assert_int_equal(ratelimit_wait(r, "user:a", t0 + 901), 0);
    ratelimit_free(r);
}

static void test_capacity(void **state)
{
    struct ratelimit *r = NULL;
    char key[32];
    int i;
    (void)state;
    assert_int_equal(ratelimit_new(1, 100, 4, &r), 0);
    ratelimit_fail(r, "old", 0);
    for (i = 0; i < 4; i++) {
        snprintf(key, sizeof key, "k%d", i);
        ratelimit_fail(r, key, 10 + i);
    }
    /* the table holds 4 keys: the idlest one ("old") was forgotten */
    assert_int_equal(ratelimit_wait(r, "old", 20), 0);
    assert_true(ratelimit_wait(r, "k3", 20) > 0);
    ratelimit_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_capacity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
