/*
 * page_test.c — tests src/http/page.c on a temporary built web folder
 * ($VITAAL_WEB): the page with the build's CSP and first labels in the
 * language of the vitaal_lang cookie; with a session cookie the reads as
 * the dispatch answers them (here a stand-in for the router, which
 * tests/integration/server/page_checks.py exercises for real): /me
 * without its CSRF token, every "<" written \u003c, a user who may only
 * enrol given nothing else, no reads when /me is not 200 or for HEAD; an
 * unbuilt page (no marker) as it is; 405 for POST; other paths left alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/page.h"
#include "http/request.h"
#include "support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct http_state state;
static char web[512];
static int me_status = 200;  /* what the stand-in router answers GET /me */
static int enrol_only = 0;   /* ... and whether that user may only enrol */
static int dispatched = 0;   /* requests the stand-in router answered */
static char seen_cookie[64]; /* the session the last one was asked with */

static void make_file(const char *rel, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", web, rel);
    assert_int_equal(testutil_write_file(path, text), 0);
}

/* The router's stand-in: /me answers a user with a token, every other read
 * a body naming its path and query, and one text that tries to end the
 * page's block. */
static void dispatch(struct request *req)
{
    dispatched++;
    snprintf(seen_cookie, sizeof seen_cookie, "%s", req->cookie_session ? req->cookie_session : "");
    strbuf_reset(&req->response.body);
    if (strcmp(req->path, "/api/v1/me") == 0) {
        req->response.status = me_status;
        strbuf_printf(&req->response.body,
                      "{\"username\":\"ann\",\"csrf\":\"SECRET-TOKEN\",\"enrol_only\":%s}",
                      enrol_only ? "true" : "false");
        return;
    }
    req->response.status = 200;
    strbuf_printf(&req->response.body, "{\"path\":\"%s\",\"limit\":\"%s\",\"name\":\"</script>\"}",
                  req->path, request_query(req, "limit") ? request_query(req, "limit") : "");
}

static int setup(void **ctx)
{
    (void)ctx;
    snprintf(web, sizeof web, "%s", testutil_temp_path("page"));
    if (mkdir(web, 0755) != 0)
        return -1;
    make_file("index.html", "<html><head><!-- first-reads --></head><body></body></html>");
    make_file("index.html.csp", "script-src 'self' 'sha256-AAA'; style-src 'self' 'sha256-BBB'\n");
    make_file("index.labels.nl.json", "{\"a.b\":\"Nederlands <b>\"}");
    make_file("index.labels.en.json", "{\"a.b\":\"English\"}");
    setenv("VITAAL_WEB", web, 1);
    memset(&state, 0, sizeof state);
    return 0;
}

/* Serves METHOD / with the cookies; returns the status (0: left alone). */
static int serve(struct request *req, const char *method, const char *path, const char *session,
                 const char *lang)
{
    request_init(req, &state, NULL);
    req->method_name = method;
    req->method = request_method_from_name(method);
    req->path = path;
    req->cookie_session = session;
    req->cookie_lang = lang;
    dispatched = 0;
    if (!page_serve(req, dispatch))
        return 0;
    return req->response.status;
}

static const char *body(const struct request *req)
{
    return strbuf_str(&req->response.body);
}

static void test_without_session(void **ctx)
{
    struct request req;
    (void)ctx;
    assert_int_equal(serve(&req, "GET", "/", NULL, NULL), 200);
    assert_int_equal(dispatched, 0);
    assert_string_equal(req.response.content_type, "text/html; charset=utf-8");
    assert_string_equal(req.response.page_csp,
                        "script-src 'self' 'sha256-AAA'; style-src 'self' 'sha256-BBB'");
    assert_string_equal(req.response.cache_control, "no-cache");
    assert_string_equal(req.response.vary, "Cookie, Accept-Encoding");
    assert_true(req.response.compress);
    /* Dutch labels by default, "<" escaped; the marker gone; no reads */
    assert_string_equal(body(&req), "<html><head><script type=\"application/json\" "
                                    "id=\"first-labels\" data-lang=\"nl\">{\"a.b\":\"Nederlands "
                                    "\\u003cb>\"}</script></head><body></body></html>");
    request_release(&req);
    assert_int_equal(serve(&req, "GET", "/index.html", NULL, "en"), 200);
    assert_non_null(strstr(body(&req), "data-lang=\"en\">{\"a.b\":\"English\"}"));
    request_release(&req);
    /* an unknown language is Dutch, never a file name from the cookie */
    assert_int_equal(serve(&req, "GET", "/", NULL, "../../etc/passwd"), 200);
    assert_non_null(strstr(body(&req), "data-lang=\"nl\""));
    request_release(&req);
}

static void test_with_session(void **ctx)
{
    struct request req;
    const char *b, *reads;
    (void)ctx;
    me_status = 200;
    enrol_only = 0;
    assert_int_equal(serve(&req, "GET", "/", "tok-1", NULL), 200);
    assert_int_equal(dispatched, 7); /* /me and the dashboard's six reads */
    assert_string_equal(seen_cookie, "tok-1");
    assert_string_equal(req.response.cache_control, "no-store");
    b = body(&req);
    reads = strstr(b, "<script type=\"application/json\" id=\"first-reads\">");
    assert_non_null(reads);
    assert_null(strstr(b, "SECRET-TOKEN")); /* the CSRF token is asked apart */
    assert_null(strstr(b, "</script>\""));  /* no text ends the block */
    assert_non_null(strstr(reads, "{\"/me\":{\"status\":200,\"body\":{\"username\":\"ann\","
                                  "\"enrol_only\":false}},\"/status\":{\"status\":200,\"body\":"
                                  "{\"path\":\"/api/v1/status\",\"limit\":\"\",\"name\":"
                                  "\"\\u003c/script>\"}}"));
    /* the query reaches the router as parameters */
    assert_non_null(strstr(reads, "\"/measures?limit=1000&offset=0\":{\"status\":200,\"body\":"
                                  "{\"path\":\"/api/v1/measures\",\"limit\":\"1000\""));
    assert_non_null(strstr(b, "id=\"first-labels\""));
    request_release(&req);
}

static void test_no_reads(void **ctx)
{
    struct request req;
    (void)ctx;
    /* a session the router does not know: the login follows, nothing read */
    me_status = 401;
    assert_int_equal(serve(&req, "GET", "/", "stale", NULL), 200);
    assert_int_equal(dispatched, 1);
    assert_null(strstr(body(&req), "first-reads"));
    assert_string_equal(req.response.cache_control, "no-cache");
    request_release(&req);
    /* a user who may only enrol in two-step verification: /me only */
    me_status = 200;
    enrol_only = 1;
    assert_int_equal(serve(&req, "GET", "/", "tok-2", NULL), 200);
    assert_int_equal(dispatched, 1);
    assert_non_null(strstr(body(&req), "\"enrol_only\":true"));
    assert_null(strstr(body(&req), "/status"));
    request_release(&req);
    enrol_only = 0;
    /* HEAD: the headers only, nothing read */
    assert_int_equal(serve(&req, "HEAD", "/", "tok-3", NULL), 200);
    assert_int_equal(dispatched, 0);
    request_release(&req);
}

static void test_other(void **ctx)
{
    struct request req;
    char csp[600];
    (void)ctx;
    assert_int_equal(serve(&req, "POST", "/", "tok", NULL), 405);
    assert_string_equal(req.response.allow, "GET, HEAD");
    assert_int_equal(dispatched, 0);
    request_release(&req);
    assert_int_equal(serve(&req, "GET", "/assets/js/app.js", NULL, NULL), 0);
    request_release(&req);
    assert_int_equal(serve(&req, "GET", "/api/v1/me", "tok", NULL), 0);
    request_release(&req);
    /* an unbuilt page (no marker, no CSP file) is served as it is */
    make_file("index.html", "<html>plain</html>");
    snprintf(csp, sizeof csp, "%s/index.html.csp", web);
    assert_int_equal(remove(csp), 0);
    assert_int_equal(serve(&req, "GET", "/", "tok", NULL), 200);
    assert_string_equal(body(&req), "<html>plain</html>");
    assert_null(req.response.page_csp);
    assert_int_equal(dispatched, 0);
    request_release(&req);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_without_session),
        cmocka_unit_test(test_with_session),
        cmocka_unit_test(test_no_reads),
        cmocka_unit_test(test_other),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
