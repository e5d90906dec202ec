/*
 * error_test.c — tests src/base/error.c: the one mapping of error codes to
 * HTTP status, exit status and name, including 405 (ERR_METHOD) and 429
 * (ERR_RATE_LIMITED), error_set filling the record, and error_set_msg
 * keeping a message's id and named values beside the English text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

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
        {ERR_MEDIA_TYPE, 415, 2, "unsupported_media_type"},
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

static void test_set_msg(void **state)
{
    struct error e = {0};
    char big[600];
    (void)state;
    assert_int_equal(error_set_msg(&e, ERR_INVALID, "$.likelihood", "out_of_range",
                                   "{value} is out of range: must be {min} .. {max}", "value", "7",
                                   "min", "1", "max", "5", NULL),
                     ERR_INVALID);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.where, "$.likelihood");
    assert_string_equal(e.message, "7 is out of range: must be 1 .. 5");
    assert_string_equal(e.id, "out_of_range");
    assert_int_equal(e.n_params, 3);
    assert_string_equal(e.params[0].name, "value");
    assert_string_equal(e.params[2].value, "5");

    /* a brace that names no parameter is text; values are not re-expanded */
    error_set_msg(&e, ERR_INVALID, NULL, "x", "{a} {nope} {", "a", "{a}", NULL);
    assert_string_equal(e.message, "{a} {nope} {");
    assert_int_equal(e.n_params, 1);

    /* more pairs than fit are dropped, not written past the end */
    error_set_msg(&e, ERR_INVALID, NULL, "x", "{e}", "a", "1", "b", "2", "c", "3", "d", "4", "e",
                  "5", NULL);
    assert_int_equal(e.n_params, ERROR_PARAMS_MAX);
    assert_string_equal(e.message, "{e}");

    /* a long value is cut to fit and the message stays terminated */
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    error_set_msg(&e, ERR_INVALID, NULL, "x", "{v}{v}{v}!", "v", big, NULL);
    assert_int_equal(strlen(e.params[0].value), ERROR_PARAM_VALUE - 1);
    assert_int_equal(strlen(e.message), 3 * (ERROR_PARAM_VALUE - 1) + 1);
    error_set_msg(&e, ERR_INVALID, NULL, "x", "{v}{v}{v}{v}{v}{v}{v}{v}!", "v", big, NULL);
    assert_int_equal(strlen(e.message), ERROR_MESSAGE_MAX - 1);

    /* a plain error_set forgets the id, so no stale translation is offered */
    error_set(&e, ERR_INVALID, NULL, "plain");
    assert_string_equal(e.id, "");
    assert_int_equal(e.n_params, 0);
    error_set_msg(&e, ERR_INVALID, NULL, "x", "t", NULL);
    error_clear(&e);
    assert_string_equal(e.id, "");
    assert_int_equal(error_set_msg(NULL, ERR_CONFLICT, NULL, "x", "t", NULL), ERR_CONFLICT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mapping),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_set_msg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
