/*
 * static_test.c — tests src/http/static.c on a temporary built web folder
 * ($VITAAL_WEB) with its vendor/ folder and a node_modules beside it: assets
 * and vendor files come with their Content-Type, API paths and the page
 * ("/": http/page.c) are left alone, a file is read whole as text, no path reaches a file outside
 * the root (dot segments, hidden names, encoded slashes the server decoded, symbolic links,
 * node_modules, unknown extensions, folders, the .gz/.br copies by name); the precompressed copy is
 * chosen by Accept-Encoding, the ETag follows the bytes sent, If-None-Match gives 304, and only a
 * versioned vendor path is immutable.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/request.h"
#include "http/static.h"
#include "support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct http_state state;
static char base[512];

static void make_dir(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", base, rel);
    assert_int_equal(mkdir(path, 0755), 0);
}

static void make_file(const char *rel, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", base, rel);
    assert_int_equal(testutil_write_file(path, text), 0);
}

static int setup(void **ctx)
{
    char web[600], target[1024], link[1024];
    (void)ctx;
    snprintf(base, sizeof base, "%s", testutil_temp_path("ui"));
    if (mkdir(base, 0755) != 0)
        return -1;
    make_dir("web");
    make_dir("web/js");
    make_dir("web/.hidden");
    make_dir("web/vendor");
    make_dir("web/vendor/cytoscape@3.1.0");
    make_dir("node_modules");
    make_dir("node_modules/cytoscape");
    make_dir("node_modules/cytoscape/dist");
    make_dir("node_modules/left-pad");
    make_dir("node_modules/left-pad/dist");
    make_file("web/vendor/cytoscape@3.1.0/cytoscape.esm.min.mjs", "export default 1;");
    make_file("web/vendor/cytoscape@3.1.0/cytoscape.esm.min.mjs.br", "BROTLI");
    make_file("web/vendor/cytoscape@3.1.0/cytoscape.esm.min.mjs.gz", "GZIP");
    make_file("web/js/app.js.gz", "GZIPPED APP");
    make_file("web/js/lonely.js.br", "no plain file beside me");
    make_file("web/index.html", "<!doctype html><title>vitaal</title>");
    make_file("web/js/app.js", "export const x = 1;");
    make_file("web/js/notes.exe", "MZ");
    make_file("web/.hidden/x.js", "hidden");
    make_file("secret.json", "{\"secret\":true}");
    make_file("node_modules/cytoscape/dist/cytoscape.esm.min.mjs", "export default 1;");
    make_file("node_modules/cytoscape/package.json", "{}");
    make_file("node_modules/left-pad/dist/index.js", "evil");
    snprintf(target, sizeof target, "%s/secret.json", base);
    snprintf(link, sizeof link, "%s/web/js/out.json", base);
    if (symlink(target, link) != 0)
        return -1;
    snprintf(web, sizeof web, "%s/web", base);
    setenv("VITAAL_WEB", web, 1);
    memset(&state, 0, sizeof state);
    return 0;
}

/* Serves METHOD PATH: returns 0 when static_serve left it alone, else the status. */
static int serve(const char *method, const char *path, struct request *req)
{
    request_init(req, &state, NULL);
    req->method_name = method;
    req->method = request_method_from_name(method);
    req->path = path;
    if (!static_serve(req))
        return 0;
    return req->response.status;
}

static void expect(const char *method, const char *path, int status, const char *type,
                   const char *body)
{
    struct request req;
    int got = serve(method, path, &req);
    if (got != status)
        fail_msg("%s %s: status %d, wanted %d", method, path, got, status);
    if (type)
        assert_string_equal(req.response.content_type, type);
    if (body)
        assert_string_equal(strbuf_str(&req.response.body), body);
    if (status == 404) /* the JSON error, never the file */
        assert_non_null(strstr(strbuf_str(&req.response.body), "\"not_found\""));
    request_release(&req);
}

static void test_serves_ui_files(void **ctx)
{
    (void)ctx;
    expect("GET", "/assets/js/app.js", 200, "text/javascript; charset=utf-8",
           "export const x = 1;");
    expect("HEAD", "/assets/js/app.js", 200, NULL, NULL);
    expect("GET", "/vendor/cytoscape@3.1.0/cytoscape.esm.min.mjs", 200,
           "text/javascript; charset=utf-8", "export default 1;");
}

/* GET path with the two request headers; returns the status. */
static int serve_with(const char *path, const char *accept, const char *if_none_match,
                      struct request *req)
{
    request_init(req, &state, NULL);
    req->method_name = "GET";
    req->method = HTTP_GET;
    req->path = path;
    req->accept_encoding = accept;
    req->if_none_match = if_none_match;
    assert_true(static_serve(req));
    return req->response.status;
}

static void test_encodings(void **ctx)
{
    struct request req;
    const char *vendor = "/vendor/cytoscape@3.1.0/cytoscape.esm.min.mjs";
    (void)ctx;
    assert_int_equal(serve_with(vendor, "gzip, deflate, br", NULL, &req), 200);
    assert_string_equal(req.response.content_encoding, "br");
    assert_string_equal(strbuf_str(&req.response.body), "BROTLI");
    assert_string_equal(req.response.vary, "Accept-Encoding");
    assert_string_equal(req.response.content_type, "text/javascript; charset=utf-8");
    request_release(&req);
    assert_int_equal(serve_with(vendor, "gzip, br;q=0", NULL, &req), 200);
    assert_string_equal(req.response.content_encoding, "gzip");
    assert_string_equal(strbuf_str(&req.response.body), "GZIP");
    request_release(&req);
    assert_int_equal(serve_with(vendor, "identity", NULL, &req), 200);
    assert_null(req.response.content_encoding);
    assert_string_equal(strbuf_str(&req.response.body), "export default 1;");
    request_release(&req);
    assert_int_equal(serve_with(vendor, NULL, NULL, &req), 200);
    assert_null(req.response.content_encoding);
    request_release(&req);
    /* app.js has a .gz but no .br: br asked first, gzip given */
    assert_int_equal(serve_with("/assets/js/app.js", "br, gzip", NULL, &req), 200);
    assert_string_equal(req.response.content_encoding, "gzip");
    assert_string_equal(strbuf_str(&req.response.body), "GZIPPED APP");
    request_release(&req);
    /* a copy without its plain file, and the copies by name, are not served */
    assert_int_equal(serve_with("/assets/js/lonely.js", "br", NULL, &req), 404);
    request_release(&req);
    assert_int_equal(serve_with("/assets/js/app.js.gz", NULL, NULL, &req), 404);
    request_release(&req);

    assert_true(static_accepts("gzip;q=0.5, br;q=1.0", "br"));
    assert_true(static_accepts("GZIP", "gzip"));
    assert_true(static_accepts("*", "br"));
    assert_false(static_accepts("*, br;q=0", "br"));
    assert_false(static_accepts("gzip;q=0.000", "gzip"));
    assert_false(static_accepts("xgzip, gzipx", "gzip"));
    assert_false(static_accepts(NULL, "gzip"));
    assert_false(static_accepts("", "gzip"));
}

static void test_caching(void **ctx)
{
    struct request req;
    char etag[64], br_etag[64], list[160];
    const char *vendor = "/vendor/cytoscape@3.1.0/cytoscape.esm.min.mjs";
    (void)ctx;
    assert_int_equal(serve_with(vendor, NULL, NULL, &req), 200);
    assert_non_null(strstr(req.response.cache_control, "immutable"));
    assert_int_equal(strlen(req.response.etag), 34); /* "32 hex digits" */
    assert_int_equal(req.response.etag[0], '"');
    snprintf(etag, sizeof etag, "%s", req.response.etag);
    request_release(&req);
    /* the same bytes: the same tag; other bytes (the brotli copy): another */
    assert_int_equal(serve_with(vendor, NULL, NULL, &req), 200);
    assert_string_equal(req.response.etag, etag);
    request_release(&req);
    assert_int_equal(serve_with(vendor, "br", NULL, &req), 200);
    assert_string_not_equal(req.response.etag, etag);
    snprintf(br_etag, sizeof br_etag, "%s", req.response.etag);
    request_release(&req);
    /* If-None-Match: 304 without a body for a held tag (also in a list, or weak) */
    assert_int_equal(serve_with(vendor, NULL, etag, &req), 304);
    assert_int_equal(req.response.body.len, 0);
    assert_string_equal(req.response.etag, etag);
    request_release(&req);
    snprintf(list, sizeof list, "\"x\", W/%s", br_etag);
    assert_int_equal(serve_with(vendor, "br", list, &req), 304);
    request_release(&req);
    /* the identity tag does not stand for the brotli bytes */
    assert_int_equal(serve_with(vendor, "br", etag, &req), 200);
    request_release(&req);
    assert_int_equal(serve_with(vendor, NULL, "\"other\"", &req), 200);
    request_release(&req);
    /* the UI's own files: asked again each time (no-cache), never immutable */
    assert_int_equal(serve_with("/assets/js/app.js", NULL, NULL, &req), 200);
    assert_string_equal(req.response.cache_control, "no-cache");
    assert_non_null(req.response.etag);
    request_release(&req);
}

static void test_leaves_other_paths(void **ctx)
{
    struct request req;
    (void)ctx;
    assert_int_equal(serve("GET", "/api/v1/processes", &req), 0);
    request_release(&req);
    assert_int_equal(serve("GET", "/assets", &req), 0);
    request_release(&req);
    assert_int_equal(serve("GET", "/other", &req), 0);
    request_release(&req);
    /* the page is http/page.c's */
    assert_int_equal(serve("GET", "/", &req), 0);
    request_release(&req);
    assert_int_equal(serve("GET", "/index.html", &req), 0);
    request_release(&req);
}

/* static_read: a UI file whole, NUL-terminated (the page reads its parts so) */
static void test_read(void **ctx)
{
    struct request req;
    char *data = NULL;
    size_t len = 0;
    (void)ctx;
    request_init(&req, &state, NULL);
    assert_int_equal(static_read(&req, "index.html", &data, &len), 0);
    assert_int_equal(len, strlen("<!doctype html><title>vitaal</title>"));
    assert_string_equal(data, "<!doctype html><title>vitaal</title>");
    free(data);
    assert_int_equal(static_read(&req, "no-such.csp", &data, &len), ERR_NOTFOUND);
    assert_null(data);
    assert_int_equal(static_read(&req, "../secret.json", &data, &len), ERR_NOTFOUND);
    assert_int_equal(static_read(&req, "js/out.json", &data, &len), ERR_NOTFOUND); /* a link out */
    request_release(&req);
}

static void test_no_traversal(void **ctx)
{
    (void)ctx;
    expect("GET", "/assets/../secret.json", 404, NULL, NULL);
    expect("GET", "/assets/js/../../secret.json", 404, NULL, NULL);
    expect("GET", "/assets/./index.html", 404, NULL, NULL);
    expect("GET", "/assets//index.html", 404, NULL, NULL);
    expect("GET", "/assets//etc/passwd", 404, NULL, NULL);
    expect("GET", "/assets/js\\..\\..\\secret.json", 404, NULL, NULL);
    expect("GET", "/assets/.hidden/x.js", 404, NULL, NULL);
    expect("GET", "/assets/js/out.json", 404, NULL, NULL); /* a link out of the root */
    expect("GET", "/assets/js", 404, NULL, NULL);          /* a folder */
    expect("GET", "/assets/js/", 404, NULL, NULL);
    expect("GET", "/assets/js/notes.exe", 404, NULL, NULL); /* unknown type */
    expect("GET", "/assets/js/missing.js", 404, NULL, NULL);
    expect("GET", "/vendor/left-pad/index.js", 404, NULL, NULL); /* not a UI package */
    expect("GET", "/vendor/left-pad/dist/index.js", 404, NULL, NULL);
    /* node_modules is never read at run time, only the build's copy */
    expect("GET", "/vendor/cytoscape/cytoscape.esm.min.mjs", 404, NULL, NULL);
    expect("GET", "/vendor/cytoscape/../package.json", 404, NULL, NULL);
    expect("GET", "/vendor/cytoscape@3.1.0/", 404, NULL, NULL);
    expect("GET", "/vendor/cytoscape@3.1.0", 404, NULL, NULL);
    expect("GET", "/vendor/../secret.json", 404, NULL, NULL);
    expect("GET", "/vendor/../../node_modules/left-pad/dist/index.js", 404, NULL, NULL);
    expect("GET", "/assets/vendor/cytoscape@3.1.0/cytoscape.esm.min.mjs", 404, NULL, NULL);
}

static void test_methods(void **ctx)
{
    struct request req;
    (void)ctx;
    assert_int_equal(serve("POST", "/assets/js/app.js", &req), 405);
    assert_string_equal(req.response.allow, "GET, HEAD");
    request_release(&req);
    expect("DELETE", "/assets/js/app.js", 405, NULL, NULL);
}

static void test_path_rules(void **ctx)
{
    (void)ctx;
    assert_true(static_path_safe("js/app.js"));
    assert_true(static_path_safe("a/b/c@1+2_x-y.min.js"));
    assert_false(static_path_safe(""));
    assert_false(static_path_safe("/js/app.js"));
    assert_false(static_path_safe("js/"));
    assert_false(static_path_safe("js//app.js"));
    assert_false(static_path_safe(".."));
    assert_false(static_path_safe("js/.env"));
    assert_false(static_path_safe("js/a b.js"));
    assert_false(static_path_safe("js/a%2e.js"));
    assert_null(static_content_type("noext"));
    assert_null(static_content_type("dir.js/noext"));
    assert_string_equal(static_content_type("i18n/nl.json"), "application/json; charset=utf-8");
    assert_string_equal(static_content_type("a.css"), "text/css; charset=utf-8");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_serves_ui_files), cmocka_unit_test(test_leaves_other_paths),
        cmocka_unit_test(test_no_traversal),    cmocka_unit_test(test_methods),
        cmocka_unit_test(test_path_rules),      cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_caching),         cmocka_unit_test(test_read),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
