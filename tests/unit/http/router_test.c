/*
 * router_test.c — tests src/http/router.c through router_dispatch on a real
 * (empty) database: the public routes answer without a login, every other
 * one is 401 first, an unknown path 404, a wrong method 405 with Allow, and
 * every error is the JSON {"error","field","message"}. Also: the route
 * table expands to every kind of record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/request.h"
#include "domain/attachment.h"
#include "domain/comment.h"
#include "http/router.h"
#include "store/store.h"
#include "support/testutil.h"

#include <jansson.h>
#include <string.h>

static struct store *db;
static struct http_state state;

static int setup(void **ctx)
{
    struct error e = {0};
    (void)ctx;
    memset(&state, 0, sizeof state);
    state.openapi = "{\"openapi\":\"3.1.0\"}";
    state.openapi_len = strlen(state.openapi);
    return store_open(testutil_db_path("router.db"), STORE_CREATE, &db, &e);
}

static int teardown(void **ctx)
{
    (void)ctx;
    store_close(db);
    return 0;
}

/* Dispatches METHOD PATH and returns the status; the JSON body in *body. */
static int dispatch(const char *method, const char *path, json_t **body, struct request *req)
{
    request_init(req, &state, db);
    req->method_name = method;
    req->method = request_method_from_name(method);
    req->path = path;
    router_dispatch(req);
    *body = req->response.body.len ? json_loads(strbuf_str(&req->response.body), 0, NULL) : NULL;
    return req->response.status;
}

static void expect_error(const char *method, const char *path, int status, const char *error)
{
    struct request req;
    json_t *body = NULL;
    assert_int_equal(dispatch(method, path, &body, &req), status);
    assert_non_null(body);
    assert_string_equal(json_string_value(json_object_get(body, "error")), error);
    assert_non_null(json_object_get(body, "field"));
    assert_true(json_is_string(json_object_get(body, "message")));
    json_decref(body);
    request_release(&req);
}

static void test_public_route(void **ctx)
{
    struct request req;
    json_t *body = NULL;
    (void)ctx;
    assert_int_equal(dispatch("GET", "/api/v1/openapi.json", &body, &req), 200);
    assert_string_equal(json_string_value(json_object_get(body, "openapi")), "3.1.0");
    json_decref(body);
    request_release(&req);
}

static void test_login_needed(void **ctx)
{
    (void)ctx;
    expect_error("GET", "/api/v1/processes", 401, "unauthorized");
    expect_error("GET", "/api/v1/processes/x", 401, "unauthorized");
    expect_error("POST", "/api/v1/cascade", 401, "unauthorized");
    expect_error("GET", "/api/v1/me", 401, "unauthorized");
    expect_error("GET", "/api/v1/jobs/abc", 401, "unauthorized");
}

static void test_unknown_paths(void **ctx)
{
    (void)ctx;
    expect_error("GET", "/api/v1/unicorns", 404, "not_found");
    expect_error("GET", "/api/v1/process", 404, "not_found"); /* singular is not a route */
    expect_error("GET", "/api/v1/processes/", 404, "not_found");
    expect_error("GET", "/api/v1//processes", 404, "not_found");
    expect_error("GET", "/nothing-here", 404, "not_found"); /* "/" is the UI (static.c) */
    expect_error("GET", "/api/v1/processes/a/b", 404, "not_found");
}

static void test_wrong_method(void **ctx)
{
    struct request req;
    json_t *body = NULL;
    (void)ctx;
    assert_int_equal(dispatch("PATCH", "/api/v1/processes/x", &body, &req), 405);
    assert_string_equal(req.response.allow, "GET, HEAD, PUT, DELETE");
    assert_string_equal(json_string_value(json_object_get(body, "error")), "method_not_allowed");
    json_decref(body);
    request_release(&req);
    expect_error("GET", "/api/v1/session", 405, "method_not_allowed");
}

/* HEAD is answered wherever GET is (the same status and headers; the
 * server leaves the body out), and is not a write: no CSRF token needed. */
static void test_head_is_get(void **ctx)
{
    struct request req;
    json_t *body = NULL;
    (void)ctx;
    assert_int_equal(dispatch("HEAD", "/api/v1/openapi.json", &body, &req), 200);
    assert_string_equal(json_string_value(json_object_get(body, "openapi")), "3.1.0");
    json_decref(body);
    request_release(&req);
    expect_error("HEAD", "/api/v1/processes/x", 401, "unauthorized");
    expect_error("HEAD", "/api/v1/session", 405, "method_not_allowed"); /* POST/DELETE only */
}

/* {parent}: only the kinds that take attachments; a login first. */
static void test_attachment_routes(void **ctx)
{
    (void)ctx;
    expect_error("GET", "/api/v1/measures/m1/attachments", 401, "unauthorized");
    expect_error("POST", "/api/v1/contributions/c1/attachments", 401, "unauthorized");
    expect_error("GET", "/api/v1/attachments/1", 401, "unauthorized");
    expect_error("GET", "/api/v1/risks/r1/attachments", 404, "not_found");
    expect_error("POST", "/api/v1/settings/s1/attachments", 404, "not_found");
    expect_error("PUT", "/api/v1/attachments/1", 405, "method_not_allowed");
}

static void count_route(void *ctx, const char *method, const char *path)
{
    size_t *n = ctx;
    (void)method;
    assert_null(strstr(path, "{kind}"));
    assert_null(strstr(path, "{parent}"));
    (*n)++;
}

static void test_route_table_expands_kinds(void **ctx)
{
    size_t n = 0, per_kind = 0, per_parent = 0, per_commented = 0, parents = 0, commented = 0, i;
    (void)ctx;
    for (i = 0; i < router_route_count; i++) {
        if (router_routes[i].flags & ROUTE_COMMENTS)
            per_commented++;
        else
            per_kind += strstr(router_routes[i].pattern, "{kind}") != NULL;
        per_parent += strstr(router_routes[i].pattern, "{parent}") != NULL;
    }
    for (i = 0; attachment_parent_kinds[i]; i++)
        parents++;
    for (i = 0; i < model_kind_count; i++)
        commented += comment_kind_allowed(model_kinds[i]);
    router_each(count_route, &n);
    assert_int_equal(per_kind, 7);      /* list, create, get, replace, delete, history, restore */
    assert_int_equal(per_parent, 2);    /* attachments: upload, list */
    assert_int_equal(per_commented, 3); /* the thread, comment, retract */
    assert_int_equal(commented, 5);     /* analyses, risks, measures, contributions, requests */
    assert_int_equal(n, router_route_count - per_kind - per_parent - per_commented +
                            per_kind * model_kind_count + per_parent * parents +
                            per_commented * commented);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_public_route),      cmocka_unit_test(test_login_needed),
        cmocka_unit_test(test_unknown_paths),     cmocka_unit_test(test_wrong_method),
        cmocka_unit_test(test_head_is_get),       cmocka_unit_test(test_route_table_expands_kinds),
        cmocka_unit_test(test_attachment_routes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
