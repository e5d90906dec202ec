/*
 * request_test.c — tests src/http/request.c: query parameters and their
 * limits, whole-number parameters, the JSON body (malformed, duplicate
 * keys), adding a raw key to an answer, the JSON error body, and the URL's
 * unescaping and checks (control characters, length).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/request.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct http_state state;

static void test_query(void **ctx)
{
    struct request req;
    int64_t v = 0;
    int i;
    (void)ctx;
    request_init(&req, &state, NULL);
    assert_int_equal(request_add_query(&req, "limit", "20"), 0);
    assert_int_equal(request_add_query(&req, "offset", "x"), 0);
    assert_string_equal(request_query(&req, "limit"), "20");
    assert_null(request_query(&req, "nope"));
    assert_int_equal(request_query_int(&req, "limit", 100, 1, 1000, &v), 0);
    assert_int_equal(v, 20);
    assert_int_equal(request_query_int(&req, "absent", 7, 1, 1000, &v), 0);
    assert_int_equal(v, 7);
    assert_int_equal(request_query_int(&req, "offset", 0, 0, 10, &v), ERR_INVALID);
    assert_string_equal(req.error.where, "offset");
    assert_int_equal(request_query_int(&req, "limit", 0, 1, 10, &v), ERR_INVALID);
    for (i = 2; i < HTTP_QUERY_MAX; i++)
        assert_int_equal(request_add_query(&req, "k", "v"), 0);
    assert_int_equal(request_add_query(&req, "one", "too many"), ERR_INVALID);
    request_release(&req);
}

/* %00 cut an id short ("a%00b" read as "a"): it now stays a control
 * character, and control characters and over-long URLs are refused. */
static void test_url(void **ctx)
{
    struct request req;
    char s[64], *long_path;
    (void)ctx;
    snprintf(s, sizeof s, "/api/v1/p%%41%%2fx%%00y%%zz%%4");
    assert_int_equal(request_unescape(s), 19);
    assert_memory_equal(s, "/api/v1/pA/x\x7fy%zz%4", 20);
    request_init(&req, &state, NULL);
    req.path = s;
    assert_int_equal(request_check_path(&req), ERR_INVALID);
    assert_string_equal(req.error.where, "path");
    assert_non_null(strstr(req.error.message, "control character"));
    snprintf(s, sizeof s, "/api/v1/processes/po%%0awer");
    request_unescape(s);
    assert_int_equal(request_check_path(&req), ERR_INVALID);
    snprintf(s, sizeof s, "/api/v1/processes/p%%C3%%B6wer");
    request_unescape(s);
    assert_int_equal(request_check_path(&req), 0); /* UTF-8 is not a control character */
    long_path = malloc(HTTP_URL_MAX + 2);
    assert_non_null(long_path);
    memset(long_path, 'a', HTTP_URL_MAX + 1);
    long_path[0] = '/';
    long_path[HTTP_URL_MAX + 1] = '\0';
    req.path = long_path;
    assert_int_equal(request_check_path(&req), ERR_TOO_LARGE);
    long_path[HTTP_URL_MAX] = '\0';
    assert_int_equal(request_check_path(&req), 0);
    /* the query: control characters in keys and values, and its length */
    assert_int_equal(request_add_query(&req, "owner", "nctv\x7f"), ERR_INVALID);
    assert_string_equal(req.error.where, "owner");
    assert_int_equal(request_add_query(&req, "ow\x1bner", "nctv"), ERR_INVALID);
    assert_int_equal(request_add_query(&req, "owner", "nctv"), 0);
    long_path[HTTP_URL_MAX - 10] = '\0';
    assert_int_equal(request_add_query(&req, "q", long_path), ERR_TOO_LARGE);
    free(long_path);
    request_release(&req);
}

static void test_body(void **ctx)
{
    struct request req;
    json_t *v = NULL;
    (void)ctx;
    request_init(&req, &state, NULL);
    assert_int_equal(request_body_json(&req, &v), ERR_INVALID); /* no body */
    req.body = "{\"a\": [1, 2]}";
    req.body_len = strlen(req.body);
    /* JSON only with its media type: a form of another site cannot send it */
    assert_int_equal(request_body_json(&req, &v), ERR_MEDIA_TYPE);
    req.content_type = "text/plain";
    assert_int_equal(request_body_json(&req, &v), ERR_MEDIA_TYPE);
    req.content_type = "application/x-www-form-urlencoded";
    assert_int_equal(request_body_json(&req, &v), ERR_MEDIA_TYPE);
    req.content_type = "application/jsonp";
    assert_int_equal(request_body_json(&req, &v), ERR_MEDIA_TYPE);
    req.content_type = "Application/JSON; charset=utf-8";
    req.body = "{\"a\": 1,";
    req.body_len = strlen(req.body);
    assert_int_equal(request_body_json(&req, &v), ERR_INVALID);
    assert_non_null(strstr(req.error.message, "malformed JSON"));
    req.body = "{\"a\": 1, \"a\": 2}";
    req.body_len = strlen(req.body);
    assert_int_equal(request_body_json(&req, &v), ERR_INVALID);
    req.body = "{\"a\": [1, 2]}";
    req.body_len = strlen(req.body);
    assert_int_equal(request_body_json(&req, &v), 0);
    assert_int_equal(json_array_size(json_object_get(v, "a")), 2);
    request_release(&req); /* releases v too */
}

static void test_append_raw(void **ctx)
{
    struct request req;
    struct json_writer w;
    (void)ctx;
    request_init(&req, &state, NULL);
    request_json_begin(&req, 200, &w);
    json_write_object_begin(&w);
    json_write_key(&w, "id");
    json_write_string(&w, "x");
    json_write_object_end(&w);
    assert_int_equal(request_json_end(&req, &w), 0);
    request_json_append_raw(&req, "version", "3");
    assert_string_equal(strbuf_str(&req.response.body), "{\"id\":\"x\",\"version\":3}");
    request_release(&req);
}

static void test_error_body(void **ctx)
{
    struct request req;
    json_t *body;
    (void)ctx;
    request_init(&req, &state, NULL);
    error_set(&req.error, ERR_INVALID, "$.recovery_h", "must be a whole number");
    request_render_error(&req, ERR_INVALID);
    assert_int_equal(req.response.status, 400);
    body = json_loads(strbuf_str(&req.response.body), 0, NULL);
    assert_string_equal(json_string_value(json_object_get(body, "error")), "invalid");
    assert_string_equal(json_string_value(json_object_get(body, "field")), "recovery_h");
    assert_string_equal(json_string_value(json_object_get(body, "message")),
                        "must be a whole number");
    json_decref(body);

    /* errors of ours do not show their details */
    error_set(&req.error, ERR_STORE, NULL, "disk I/O error in table secrets");
    request_render_error(&req, ERR_STORE);
    assert_int_equal(req.response.status, 500);
    assert_null(strstr(strbuf_str(&req.response.body), "secrets"));
    request_release(&req);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query),      cmocka_unit_test(test_url),
        cmocka_unit_test(test_body),       cmocka_unit_test(test_append_raw),
        cmocka_unit_test(test_error_body),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
