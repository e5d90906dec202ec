/*
 * error_test.c — tests src/base/error.c: the one mapping of error codes to
 * HTTP status, exit status and name, including 405 (ERR_METHOD) and 429
 * (ERR_RATE_LIMITED), and error_set filling the record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/error.h"

static void test_mapping(void **state)
{
    static const struct {
        int code, http, exit_status;
        const char *name;
    } cases[] = {
        {ERR_OK, 200, 0, "ok"},
        {ERR_INVALID, 400, 2, "invalid"},
        {ERR_UNAUTHORIZED, 401, 5, "unauthorized"},
        {ERR_FORBIDDEN, 403, 5, "forbidden"},
        {ERR_NOTFOUND, 404, 3, "not_found"},
        {ERR_METHOD, 405, 2, "method_not_allowed"},
        {ERR_CONFLICT, 409, 4, "conflict"},
        {ERR_TOO_LARGE, 413, 2, "too_large"},
        {ERR_RATE_LIMITED, 429, 5, "too_many_requests"},
        {ERR_STORE, 500, 1, "store"},
        {ERR_INTERNAL, 500, 1, "internal"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(error_http_status(cases[i].code), cases[i].http);
        assert_int_equal(error_exit_status(cases[i].code), cases[i].exit_status);
        assert_string_equal(error_code_name(cases[i].code), cases[i].name);
    }
}

static void test_set(void **state)
{
    struct error e = {0};
    (void)state;
    assert_int_equal(error_set(&e, ERR_METHOD, NULL, "no %s here", "PATCH"), ERR_METHOD);
    assert_int_equal(e.code, ERR_METHOD);
    assert_string_equal(e.where, "");
    assert_string_equal(e.message, "no PATCH here");
    assert_int_equal(error_set(NULL, ERR_RATE_LIMITED, "x", "ignored"), ERR_RATE_LIMITED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mapping),
        cmocka_unit_test(test_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
