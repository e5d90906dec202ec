/*
 * page.c — the UI's page ("/", index.html) with its first screen inside
 * (issue 13 part 9: the dashboard's first load under 1 s on a slow mobile
 * connection, where every request costs half a second before its first
 * byte).
 *
 * The build (scripts/web-first.mjs) puts into index.html the first
 * screen's modules and styles; what it cannot know is left to this file:
 *
 *   - the answers the dashboard draws from, for the user of the session
 *     cookie: each read is a GET through the router exactly as the browser
 *     would make it (the same authentication, need-to-know and audit of
 *     classified reads, the same refusals), so the page holds nothing the
 *     user could not have asked for. The session's CSRF token (in GET
 *     /me) is left out: the page is sent compressed, and a secret in a
 *     compressed answer beside text others may write is what BREACH reads;
 *     the UI asks /me for it separately. Each answer goes in as JSON with
 *     its status, as the API wrote it. Without a valid session the page
 *     holds no reads (the login screen follows);
 *   - the first screen's labels in the user's language (the vitaal_lang
 *     cookie the UI sets, else Dutch): index.labels.LANG.json beside the
 *     page, written by the build.
 *
 * Both go where the page says <!-- first-reads --> as JSON data blocks
 * (never run; "<" written as \u003c so no text can end the block). The
 * page's Content-Security-Policy allows its inline script and style by
 * their hashes (index.html.csp, from the build). A page with reads is the
 * user's own: Cache-Control no-store.
 */
#include "http/page.h"

#include "base/strbuf.h"
#include "base/xmalloc.h"
#include "http/static.h"

#include <jansson.h>
#include <string.h>

#define PAGE_MARKER "<!-- first-reads -->"

/* What the dashboard draws from (web/js/start.js asks the same when the
 * page holds none; the browser test checks that a first load asks none). */
static const char *const dashboard_reads[] = {
    "/status",
    "/measures?limit=1000&offset=0",
    "/incident-deadlines",
    "/review-status",
    "/notifications",
    "/risk-picture?residual=true&summary=true",
};

/* Fills sub's query from "k=v&k2=v2" (no escapes: the paths above). */
static int add_query_text(struct request *sub, const char *text)
{
    char *copy = arena_strdup(&sub->arena, text), *save = NULL, *pair;
    int rc;
    if (copy == NULL)
        return ERR_TOO_LARGE;
    for (pair = strtok_r(copy, "&", &save); pair; pair = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(pair, '=');
        if (eq)
            *eq = '\0';
        if ((rc = request_add_query(sub, pair, eq ? eq + 1 : "")) != 0)
            return rc;
    }
    return 0;
}

/* GET /api/v1<path> as req's user; its status and body (NUL-terminated,
 * the caller's to free). */
static int read_as_user(struct request *req, page_dispatch dispatch, const char *path, int *status,
                        char **body)
{
    struct request sub;
    const char *q = strchr(path, '?');
    int rc;

    request_init(&sub, req->state, req->store);
    sub.cache = req->cache;
    sub.method = HTTP_GET;
    sub.method_name = "GET";
    sub.path =
        arena_printf(&sub.arena, "/api/v1%.*s", (int)(q ? (size_t)(q - path) : strlen(path)), path);
    sub.cookie_session = req->cookie_session;
    sub.accept_language = req->accept_language;
    sub.address = req->address;
    sub.now = req->now;
    sub.today = req->today;
    if (sub.path == NULL || (q && (rc = add_query_text(&sub, q + 1)) != 0)) {
        request_release(&sub);
        return ERR_TOO_LARGE;
    }
    dispatch(&sub);
    *status = sub.response.status;
    *body = strbuf_detach(&sub.response.body);
    if (*body == NULL)
        *body = xstrdup("");
    request_release(&sub);
    return 0;
}

/* GET /me's answer without its CSRF token, or NULL when it is no JSON
 * object (then the page holds no reads). Sets *enrol_only. */
static char *me_without_token(const char *body, int *enrol_only)
{
    json_t *me = json_loads(body, 0, NULL);
    char *text = NULL;
    if (json_is_object(me)) {
        json_object_del(me, "csrf");
        *enrol_only = json_is_true(json_object_get(me, "enrol_only"));
        text = json_dumps(me, JSON_COMPACT);
    }
    json_decref(me);
    return text;
}

/* Appends "PATH":{"status":S,"body":BODY} (after a comma unless first) when
 * body is JSON (every answer of the API is; anything else is left out). */
static void append_read(struct strbuf *out, const char *path, int status, const char *body)
{
    json_t *check = json_loads(body, JSON_DECODE_ANY, NULL);
    if (check == NULL)
        return;
    json_decref(check);
    strbuf_printf(out, "%s\"%s\":{\"status\":%d,\"body\":%s}", out->len > 1 ? "," : "", path,
                  status, body);
}

/* {"/me": {"status": 200, "body": {...}}, ...}: the reads for req's user,
 * into out ("{}" when the session is no valid one). The bodies go in as
 * the API wrote them (JSON), not as strings: fewer bytes. */
static void write_reads(struct request *req, page_dispatch dispatch, struct strbuf *out)
{
    char *body = NULL, *me = NULL;
    int status = 0, enrol_only = 0;
    size_t i;

    strbuf_putc(out, '{');
    if (read_as_user(req, dispatch, "/me", &status, &body) != 0 || status != 200 ||
        (me = me_without_token(body, &enrol_only)) == NULL)
        goto cleanup;
    append_read(out, "/me", status, me);
    /* a user who may only enrol in two-step verification sees nothing else */
    for (i = 0; !enrol_only && i < sizeof dashboard_reads / sizeof dashboard_reads[0]; i++) {
        free(body);
        body = NULL;
        if (read_as_user(req, dispatch, dashboard_reads[i], &status, &body) != 0)
            break;
        append_read(out, dashboard_reads[i], status, body);
    }
cleanup:
    strbuf_putc(out, '}');
    free(body);
    free(me);
}

/* text with every "<" written as \u003c (inside JSON strings, the only
 * place JSON text has one), appended to out. */
static void append_data_block(struct strbuf *out, const char *id, const char *lang,
                              const char *json)
{
    const char *p;
    strbuf_printf(out, "<script type=\"application/json\" id=\"%s\"", id);
    if (lang)
        strbuf_printf(out, " data-lang=\"%s\"", lang);
    strbuf_puts(out, ">");
    for (p = json; *p; p++) {
        if (*p == '<')
            strbuf_puts(out, "\\u003c");
        else
            strbuf_append(out, p, 1);
    }
    strbuf_puts(out, "</script>");
}

/* "nl" or "en" from the vitaal_lang cookie; Dutch when absent or other. */
static const char *page_lang(const struct request *req)
{
    if (req->cookie_lang && strcmp(req->cookie_lang, "en") == 0)
        return "en";
    return "nl";
}

int page_serve(struct request *req, page_dispatch dispatch)
{
    char *page = NULL, *csp = NULL, *labels = NULL, *marker;
    size_t page_len = 0, csp_len = 0, labels_len = 0;
    const char *lang = page_lang(req);
    struct strbuf reads = {0}, out = {0};
    char rel[64];
    int rc, with_reads = 0;

    if (strcmp(req->path, "/") != 0 && strcmp(req->path, "/index.html") != 0)
        return 0;
    if (req->method != HTTP_GET && strcmp(req->method_name, "HEAD") != 0) {
        req->response.allow = "GET, HEAD";
        request_render_status(req, 405, "method_not_allowed", "the UI's files answer GET only");
        return 1;
    }
    if ((rc = static_read(req, "index.html", &page, &page_len)) != 0) {
        if (rc == ERR_NOTFOUND)
            error_set(&req->error, ERR_NOTFOUND, NULL, "no such file");
        request_render_error(req, rc);
        goto cleanup;
    }
    /* the build's additions; an unbuilt page (plain modules) has none */
    if (static_read(req, "index.html.csp", &csp, &csp_len) == 0) {
        char *nl = strchr(csp, '\n');
        if (nl)
            *nl = '\0';
        req->response.page_csp = arena_strdup(&req->arena, csp);
    }
    snprintf(rel, sizeof rel, "index.labels.%s.json", lang);
    if (static_read(req, rel, &labels, &labels_len) != 0) {
        free(labels);
        labels = NULL;
    }
    marker = strstr(page, PAGE_MARKER);
    if (marker && req->cookie_session && strcmp(req->method_name, "GET") == 0) {
        write_reads(req, dispatch, &reads);
        with_reads = strcmp(strbuf_str(&reads), "{}") != 0;
    }
    if (marker) {
        strbuf_append(&out, page, (size_t)(marker - page));
        if (with_reads)
            append_data_block(&out, "first-reads", NULL, strbuf_str(&reads));
        if (labels)
            append_data_block(&out, "first-labels", lang, labels);
        strbuf_puts(&out, marker + strlen(PAGE_MARKER));
    } else {
        strbuf_append(&out, page, page_len);
    }
    strbuf_release(&req->response.body);
    req->response.body = out;
    out = (struct strbuf){0};
    req->response.status = 200;
    req->response.content_type = "text/html; charset=utf-8";
    /* the user's own answers in it: kept nowhere; else asked again each
     * time (a new build, another language) */
    req->response.cache_control = with_reads ? "no-store" : "no-cache";
    req->response.vary = "Cookie, Accept-Encoding";
    req->response.compress = 1;
cleanup:
    free(page);
    free(csp);
    free(labels);
    strbuf_release(&reads);
    strbuf_release(&out);
    return 1;
}
