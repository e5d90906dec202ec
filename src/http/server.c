/*
 * server.c — libmicrohttpd glue (see server.h): turns each HTTP request
 * into a struct request for the router and the router's response back into
 * HTTP. Owns the daemon, the per-thread store connections and the shared
 * state (audit key, login limits, jobs, the OpenAPI document).
 *
 * Bodies are accumulated up to body_max; a larger Content-Length is refused
 * before the body is read, and so is a body without one (411: chunked
 * bodies are not taken, so libmicrohttpd's own pages for broken chunks
 * never answer), and headers over HTTP_HEAD_MAX (431).
 * An attachment upload of a signed-in user has its own limit, the setting
 * attachment_max_bytes (default 25 MiB), asked before its body is read; an
 * upload without a valid session keeps body_max.
 * A request with both Content-Length and Transfer-Encoding, or a NUL in a
 * header as far as libmicrohttpd shows it, is answered 400 before its body
 * is read. Every response vitaal makes carries the security headers,
 * whatever produced it; libmicrohttpd's own answers to requests it cannot
 * parse (a malformed request or header line 400, an unsupported version
 * 505, a head over its connection memory HTTP_MHD_MEMORY 431 or 414) have
 * no hook for headers (docs/security.md).
 * HEAD is answered as GET; libmicrohttpd leaves the body out.
 * The URL is unescaped by request_unescape (%00 kept as a control
 * character, not a NUL cutting it short); a path or query with a control
 * character is 400, a URL over HTTP_URL_MAX is 414, both in JSON. A
 * request line over libmicrohttpd's connection memory gets its own 414.
 * An API answer of JSON or text of API_GZIP_MIN bytes or more goes
 * gzip-compressed when the request accepts gzip (Vary: Accept-Encoding),
 * except the answers that carry a session secret (the login, /me with its
 * CSRF token, any Set-Cookie): compression beside a secret is what BREACH
 * measures. The UI's files come precompressed from http/static.c.
 */
#include "http/server.h"

#include "base/file.h"
#include "base/xmalloc.h"
#include "domain/audit_journal.h"
#include "http/api.h"
#include "http/cache.h"
#include "http/deadline.h"
#include "http/jobs.h"
#include "http/listener.h"
#include "http/loginlog.h"
#include "http/openapi.h"
#include "http/proxy.h"
#include "http/ratelimit.h"
#include "http/request.h"
#include "http/router.h"
#include "http/static.h"
#include "store/shared.h"

#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#define TLS_FILE_MAX (1024 * 1024)
#define MAX_WORKERS  256 /* worker threads that may open a connection */
/* vitaal answers headers over HTTP_HEAD_MAX itself (431, with the security
 * headers); libmicrohttpd only those that do not fit its connection's
 * memory (its 431 and 414 pages, without them): far above */
#define HTTP_HEAD_MAX      (32 * 1024)
#define HTTP_MHD_MEMORY    ((size_t)256 * 1024)
#define CONNECTION_LIMIT   1024
#define CONNECTION_TIMEOUT 60 /* seconds an idle keep-alive connection stays open */
#define DRAIN_FACTOR       16 /* a chunked body is read up to 16 x the limit, then cut off */

/* What one thread of the pool keeps: its connection and its cache. */
struct worker {
    struct store *store;
    struct http_cache *cache;
};

struct http_server {
    struct MHD_Daemon *daemon;
    struct deadline *deadline; /* the total time to send a request */
    struct http_state state;
    struct http_config config;
    struct proxy_list proxies; /* whose X-Forwarded-For is believed */
    char url[300];
    char *tls_cert, *tls_key; /* file contents */
    char *openapi;
    pthread_key_t worker_key; /* this thread's struct worker */
    pthread_mutex_t workers_lock;
    struct worker *workers[MAX_WORKERS]; /* every worker set up, released at stop */
    size_t n_workers;
    struct listener *listener; /* hears the other servers' writes (PostgreSQL) */
};

/* One request between libmicrohttpd's calls. */
struct pending {
    struct request req;
    struct strbuf body;
    int too_large;
    size_t received; /* body bytes seen, kept or not */
    size_t limit;    /* this request's body limit */
    int upload;      /* an attachment upload with its own limit */
    int query_overflow;
};

static const char *const security_headers[][2] = {
    {"Content-Security-Policy",
     "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
};

/* The UI's policy with the page's own script-src and style-src (the
 * hashes of its inline script and style, http/page.c). */
static const char *page_policy(struct request *req, const char *page_csp)
{
    const char *policy = arena_printf(&req->arena, "%s; %s", security_headers[0][1], page_csp);
    return policy ? policy : security_headers[0][1];
}

/* This thread's connection and cache, set up on first use. */
static struct worker *thread_worker(struct http_server *srv, struct error *e)
{
    struct worker *w = pthread_getspecific(srv->worker_key);
    if (w)
        return w;
    pthread_mutex_lock(&srv->workers_lock);
    if (srv->n_workers == MAX_WORKERS) {
        pthread_mutex_unlock(&srv->workers_lock);
        error_set(e, ERR_INTERNAL, NULL, "too many worker threads");
        return NULL;
    }
    w = xcalloc(1, sizeof *w);
    if ((!srv->config.no_cache && http_cache_new(&w->cache) != 0) ||
        store_open(srv->config.db_path, 0, &w->store, e) != 0) {
        http_cache_free(w->cache);
        free(w);
        pthread_mutex_unlock(&srv->workers_lock);
        if (e->code == 0)
            error_set(e, ERR_INTERNAL, NULL, "libsodium failed to start");
        return NULL;
    }
    srv->workers[srv->n_workers++] = w;
    pthread_setspecific(srv->worker_key, w);
    pthread_mutex_unlock(&srv->workers_lock);
    return w;
}

static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    struct pending *p = cls;
    int rc;
    (void)kind;
    if ((rc = request_add_query(&p->req, key, value)) != 0) {
        p->query_overflow = rc;
        return MHD_NO;
    }
    return MHD_YES;
}

/* libmicrohttpd's unescaping of the path and the query, with %00 kept as
 * a control character the checks refuse instead of a NUL cutting it short. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return request_unescape(s);
}

static const char *header(struct MHD_Connection *c, enum MHD_ValueKind kind, const char *name)
{
    return MHD_lookup_connection_value(c, kind, name);
}

#define API_GZIP_MIN 256 /* smaller answers are not worth compressing */

/* Whether req's answer may go gzip-compressed (see the file comment). */
static int api_compressible(const struct request *req)
{
    const struct response *r = &req->response;
    const char *type = r->content_type ? r->content_type : "application/json";
    if ((strncmp(req->path, "/api/", 5) != 0 && !r->compress) || r->body.len < API_GZIP_MIN ||
        r->set_cookie || r->content_encoding || strcmp(req->path, "/api/v1/me") == 0 ||
        strcmp(req->path, "/api/v1/session") == 0)
        return 0;
    if (strncmp(type, "application/json", 16) != 0 && strncmp(type, "text/", 5) != 0)
        return 0;
    return static_accepts(req->accept_encoding, "gzip");
}

/* Replaces the body by its gzip form at level (1..9); 0, or -1 (body
 * untouched). */
static int gzip_body(struct strbuf *body, int level)
{
    z_stream z;
    struct strbuf out = {0};
    unsigned char chunk[16384];
    int rc;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    z.next_in = (unsigned char *)body->data;
    z.avail_in = (uInt)body->len;
    do {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        rc = deflate(&z, Z_FINISH);
        if (rc == Z_STREAM_ERROR)
            break;
        strbuf_append(&out, (const char *)chunk, sizeof chunk - z.avail_out);
    } while (rc != Z_STREAM_END);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        strbuf_release(&out);
        return -1;
    }
    strbuf_release(body);
    *body = out;
    return 0;
}

static enum MHD_Result send_response(struct http_server *srv, struct MHD_Connection *c,
                                     struct request *req)
{
    struct response *r = &req->response;
    struct MHD_Response *resp;
    enum MHD_Result ok;
    size_t len = r->body.len, i;
    char retry[24];

    if (r->body.len <= UINT32_MAX && api_compressible(req)) {
        if (r->vary == NULL)
            r->vary = "Accept-Encoding";
        /* an API answer is made for one request: fast; the UI's page is
         * made once per visit and is the first screen's every byte on a
         * slow connection (http/page.c): smallest */
        if (gzip_body(&r->body, r->compress ? 9 : 6) == 0) {
            r->content_encoding = "gzip";
            len = r->body.len;
        }
    }
    if (r->status == 204 || len == 0) {
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    } else {
        char *data = strbuf_detach(&r->body);
        if (data == NULL)
            return MHD_NO;
        resp = MHD_create_response_from_buffer_with_free_callback(len, data, free);
        if (resp == NULL)
            free(data);
    }
    if (resp == NULL)
        return MHD_NO;
    for (i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++) {
        const char *value = security_headers[i][1];
        if (r->document_csp && strcmp(security_headers[i][0], "Content-Security-Policy") == 0)
            value = r->document_csp;
        else if (r->page_csp && strcmp(security_headers[i][0], "Content-Security-Policy") == 0)
            value = page_policy(req, r->page_csp);
        else if (r->document_csp && strcmp(security_headers[i][0], "X-Frame-Options") == 0)
            value = "SAMEORIGIN";
        MHD_add_response_header(resp, security_headers[i][0], value);
    }
    if (strncmp(req->path, "/api", 4) == 0)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    else if (r->cache_control)
        MHD_add_response_header(resp, "Cache-Control", r->cache_control);
    if (r->content_encoding)
        MHD_add_response_header(resp, "Content-Encoding", r->content_encoding);
    if (r->etag)
        MHD_add_response_header(resp, "ETag", r->etag);
    if (r->vary)
        MHD_add_response_header(resp, "Vary", r->vary);
    if (srv->state.tls)
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
    if (len > 0)
        MHD_add_response_header(resp, "Content-Type",
                                r->content_type ? r->content_type
                                                : "application/json; charset=utf-8");
    if (r->location)
        MHD_add_response_header(resp, "Location", r->location);
    if (r->content_disposition)
        MHD_add_response_header(resp, "Content-Disposition", r->content_disposition);
    if (r->set_cookie)
        MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
    if (r->allow)
        MHD_add_response_header(resp, "Allow", r->allow);
    if (r->retry_after > 0) {
        snprintf(retry, sizeof retry, "%lld", (long long)r->retry_after);
        MHD_add_response_header(resp, "Retry-After", retry);
    }
    ok = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* An error answer; ERR_TOO_LARGE about the URL is 414, not 413. */
static enum MHD_Result refuse_url(struct http_server *srv, struct MHD_Connection *c,
                                  struct request *req, int rc)
{
    request_render_error(req, rc);
    if (rc == ERR_TOO_LARGE)
        req->response.status = 414;
    return send_response(srv, c, req);
}

static enum MHD_Result refuse_too_large(struct http_server *srv, struct MHD_Connection *c,
                                        struct pending *p)
{
    char max[24];
    snprintf(max, sizeof max, "%zu", p->limit);
    if (p->upload)
        error_set_msg(&p->req.error, ERR_TOO_LARGE, "content", "attachment_too_large",
                      "the file is over the limit of {max} bytes (setting attachment_max_bytes)",
                      "max", max, NULL);
    else
        error_set(&p->req.error, ERR_TOO_LARGE, NULL,
                  "the request body is over the limit of %zu bytes", p->limit);
    request_render_error(&p->req, ERR_TOO_LARGE);
    return send_response(srv, c, &p->req);
}

/* The body limit of the request p: body_max, or for an attachment upload
 * of a signed-in user the setting attachment_max_bytes. */
static void set_body_limit(struct http_server *srv, struct MHD_Connection *c, struct pending *p)
{
    struct request probe;
    struct worker *w;
    struct error e = {0};
    size_t limit = 0;
    p->limit = srv->state.body_max;
    if (!api_attachment_is_upload(p->req.method_name, p->req.path) ||
        (w = thread_worker(srv, &e)) == NULL)
        return;
    request_init(&probe, &srv->state, w->store);
    probe.cache = w->cache;
    probe.authorization = header(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    probe.cookie_session = header(c, MHD_COOKIE_KIND, HTTP_COOKIE_NAME);
    if (api_attachment_body_limit(&probe, &limit) == 0) {
        p->limit = limit;
        p->upload = 1;
    }
    request_release(&probe);
}

/* Whether a header's name or value holds a NUL byte (libmicrohttpd gives
 * the lengths it read; a C string ends at the first NUL). */
static enum MHD_Result find_nul(void *cls, enum MHD_ValueKind kind, const char *key,
                                size_t key_size, const char *value, size_t value_size)
{
    int *found = cls;
    (void)kind;
    if (strlen(key) != key_size || (value && strlen(value) != value_size)) {
        *found = 1;
        return MHD_NO;
    }
    return MHD_YES;
}

/* Adds the size of one header line to the size_t ctx. */
static enum MHD_Result add_head_size(void *ctx, enum MHD_ValueKind kind, const char *key,
                                     size_t key_size, const char *value, size_t value_size)
{
    size_t *size = ctx;
    (void)kind;
    (void)key;
    (void)value;
    *size += key_size + value_size + 4; /* ": " and CRLF */
    return MHD_YES;
}

/* Refuses, before any body is read, what a proxy in front could read
 * differently from us (request smuggling): a Content-Length together with
 * a Transfer-Encoding, and NUL bytes in a header; a body without a
 * Content-Length (chunked: libmicrohttpd's own pages answer a broken chunk,
 * without the security headers); headers over HTTP_HEAD_MAX (431 here, in
 * JSON, before libmicrohttpd's buffer, HTTP_MHD_MEMORY, is full). 0 when
 * the request may go on. */
static int refuse_ambiguous(struct MHD_Connection *c, struct pending *p)
{
    size_t head = 0;
    int nul = 0;
    const char *length = header(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *encoding = header(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    if (length && encoding) {
        error_set(&p->req.error, ERR_INVALID, "Transfer-Encoding",
                  "a request with both Content-Length and Transfer-Encoding is refused");
        request_render_error(&p->req, ERR_INVALID);
        return 1;
    }
    if (encoding) {
        error_set(&p->req.error, ERR_INVALID, "Transfer-Encoding",
                  "send the body with a Content-Length, not a Transfer-Encoding");
        request_render_error(&p->req, ERR_INVALID);
        p->req.response.status = 411;
        return 1;
    }
    MHD_get_connection_values_n(c, MHD_HEADER_KIND, add_head_size, &head);
    if (head > HTTP_HEAD_MAX) {
        error_set(&p->req.error, ERR_TOO_LARGE, "header", "the request's headers are over %d bytes",
                  HTTP_HEAD_MAX);
        request_render_error(&p->req, ERR_TOO_LARGE);
        p->req.response.status = 431;
        return 1;
    }
    MHD_get_connection_values_n(c, MHD_HEADER_KIND, find_nul, &nul);
    if (nul) {
        error_set(&p->req.error, ERR_INVALID, "header", "a header holds a NUL byte");
        request_render_error(&p->req, ERR_INVALID);
        return 1;
    }
    return 0;
}

/* The deadline entry of connection c (NULL when it is not tracked). */
static struct deadline_conn *connection_deadline(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

/* Opens and closes the deadline entry of each connection: libmicrohttpd
 * calls this before it closes the socket (see deadline.h). */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct http_server *srv = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = info ? deadline_open(srv->deadline, info->connect_fd) : NULL;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        deadline_close(srv->deadline, *socket_context);
        *socket_context = NULL;
    }
}

/* set by on_request when it refuses a request read after its connection
 * was cut, for on_mhd_log (same thread) */
static _Thread_local int refused_cut;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct http_server *srv = cls;
    struct pending *p = *con_cls;
    struct request *req;
    struct worker *w;
    struct error e = {0};
    int rc;
    (void)version;

    if (p == NULL) {
        const char *length = header(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        p = xcalloc(1, sizeof *p);
        *con_cls = p;
        req = &p->req;
        request_init(req, &srv->state, NULL);
        req->method_name = arena_strdup(&req->arena, method);
        req->method = request_method_from_name(method);
        req->path = arena_strdup(&req->arena, url);
        if (refuse_ambiguous(c, p))
            return send_response(srv, c, req); /* and the connection is closed */
        if ((rc = request_check_path(req)) != 0)
            return refuse_url(srv, c, req, rc);
        set_body_limit(srv, c, p);
        if (length && strtoull(length, NULL, 10) > p->limit)
            return refuse_too_large(srv, c, p);
        /* answer on the next call, even without a body: a response queued
         * now makes libmicrohttpd close the connection (no keep-alive) */
        return MHD_YES;
    }
    req = &p->req;
    /* the request is complete: its answer is not cut. A request read only
     * after its connection was cut (it waited in the socket while every
     * thread was busy) is not handled: its answer could not be sent, and a
     * write would be done while the client, told nothing, sends it again */
    if (*upload_data_size == 0 && deadline_busy(srv->deadline, connection_deadline(c)) != 0) {
        refused_cut = 1; /* on_mhd_log says why instead of libmicrohttpd */
        return MHD_NO;
    }
    if (*upload_data_size > 0) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        p->received += n;
        if (p->received > p->limit) {
            /* libmicrohttpd cannot answer in the middle of a body: read it to
             * the end keeping nothing, and answer 413 then; a sender that goes
             * on far past the limit loses the connection instead */
            p->too_large = 1;
            return p->received / DRAIN_FACTOR > p->limit ? MHD_NO : MHD_YES;
        }
        strbuf_append(&p->body, upload_data, n);
        return MHD_YES;
    }
    if (p->too_large)
        return refuse_too_large(srv, c, p);
    if (p->body.len > 0) {
        req->body = strbuf_str(&p->body);
        req->body_len = p->body.len;
    }
    req->authorization = header(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    req->cookie_session = header(c, MHD_COOKIE_KIND, HTTP_COOKIE_NAME);
    req->cookie_lang = header(c, MHD_COOKIE_KIND, "vitaal_lang");
    req->csrf_header = header(c, MHD_HEADER_KIND, "X-CSRF-Token");
    req->accept_language = header(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
    req->accept_encoding = header(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
    req->if_none_match = header(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    req->content_type = header(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    req->address = proxy_request_address(&srv->proxies, c, &req->arena);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_query, p);
    if (p->query_overflow)
        return refuse_url(srv, c, req, p->query_overflow);
    if ((w = thread_worker(srv, &e)) == NULL) {
        req->error = e;
        request_render_error(req, e.code ? e.code : ERR_STORE);
        return send_response(srv, c, req);
    }
    req->store = w->store;
    req->cache = w->cache;
    router_dispatch(req);
    return send_response(srv, c, req);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_server *srv = cls;
    struct pending *p = *con_cls;
    (void)toe;
    /* the response is sent: the next request's deadline starts now */
    deadline_receiving(srv->deadline, connection_deadline(c));
    if (p == NULL)
        return;
    request_release(&p->req);
    strbuf_release(&p->body);
    free(p);
    *con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    char line[1024];
    (void)cls;
    vsnprintf(line, sizeof line, fmt, ap);
    /* libmicrohttpd calls a refusal of on_request an internal error, also
     * the one of a request read after its deadline (this thread, just now) */
    if (refused_cut && strncmp(line, "Application reported internal error", 35) == 0) {
        refused_cut = 0;
        fputs("vitaal serve: a request read only after its connection's deadline had cut it "
              "(every thread was busy): not handled, the connection closed\n",
              stderr);
        return;
    }
    fprintf(stderr, "vitaal serve: %s", line);
}

/* Resolves HOST:PORT (numeric port; [v6]:port) into addr. */
static int parse_listen(const char *listen, struct sockaddr_storage *addr, socklen_t *len, int *v6,
                        struct error *e)
{
    char host[256], port[16];
    const char *colon = strrchr(listen, ':');
    struct addrinfo hints, *res = NULL;
    size_t hl;
    int rc;
    if (colon == NULL || colon[1] == '\0' || strlen(colon + 1) >= sizeof port)
        return error_set(e, ERR_INVALID, "--listen", "'%s' is not HOST:PORT", listen);
    hl = (size_t)(colon - listen);
    if (hl >= 2 && listen[0] == '[' && listen[hl - 1] == ']') {
        listen++;
        hl -= 2;
    }
    if (hl == 0 || hl >= sizeof host)
        return error_set(e, ERR_INVALID, "--listen", "'%s' is not HOST:PORT", listen);
    memcpy(host, listen, hl);
    host[hl] = '\0';
    snprintf(port, sizeof port, "%s", colon + 1);
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
    if ((rc = getaddrinfo(host, port, &hints, &res)) != 0)
        return error_set(e, ERR_INVALID, "--listen", "'%s': %s", host, gai_strerror(rc));
    memcpy(addr, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    *v6 = res->ai_family == AF_INET6;
    freeaddrinfo(res);
    return 0;
}

/* Folds the read journal (domain/audit_journal.h) into the audit table
 * on start (only when the lock is free: an import may be running) and
 * on stop (waiting as a writer does). A failure is said, not fatal: the
 * journal stays for the next writer. */
static void settle_journal(struct audit_log *log, const char *db_path, struct store *s, int wait)
{
    struct store *own = NULL;
    struct error e = {0};
    int64_t pending = 0;
    int rc = 0;
    if (s == NULL && (rc = store_open(db_path, 0, &own, &e)) == 0)
        s = own;
    if (rc == 0)
        rc = audit_journal_settle(log, s, wait, &pending, &e);
    if (rc != 0)
        fprintf(stderr, "vitaal serve: the read journal is not folded yet: %s\n", e.message);
    else if (pending > 0)
        fprintf(stderr, "vitaal serve: %lld read entries wait in the read journal %s\n",
                (long long)pending, log->journal);
    store_close(own);
}

/* The kinds of job the workers run (jobs.h). */
static const struct job_type *const job_types[] = {&api_criticality_job, &api_whatif_job, NULL};

int http_server_start(const struct http_config *c, struct http_server **out, struct error *e)
{
    struct http_server *srv = NULL;
    struct sockaddr_storage addr;
    socklen_t addr_len = 0;
    struct store *probe = NULL;
    struct strbuf doc = STRBUF_INIT;
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
    unsigned threads = c->threads;
    const union MHD_DaemonInfo *info;
    char host[NI_MAXHOST];
    struct proxy_list proxies;
    int v6 = 0, rc;

    *out = NULL;
    if ((c->tls_cert == NULL) != (c->tls_key == NULL))
        return error_set(e, ERR_INVALID, "--tls-cert", "give both --tls-cert and --tls-key");
    if ((rc = parse_listen(c->listen ? c->listen : HTTP_DEFAULT_LISTEN, &addr, &addr_len, &v6,
                           e)) != 0)
        return rc;
    if ((rc = proxy_list_parse(c->trusted_proxies, &proxies, e)) != 0)
        return rc;
    store_set_wait(HTTP_BUSY_WAIT_MS, NULL);
    /* open once here: a wrong or newer file fails now, and an old one is migrated
     * before any worker opens it */
    if ((rc = store_open(c->db_path, 0, &probe, e)) != 0)
        return rc;
    store_close(probe);

    srv = xcalloc(1, sizeof *srv);
    srv->config = *c;
    srv->proxies = proxies;
    pthread_mutex_init(&srv->workers_lock, NULL);
    pthread_mutex_init(&srv->state.login_lock, NULL);
    pthread_key_create(&srv->worker_key, NULL);
    srv->state.db_path = c->db_path;
    srv->state.session_ttl = c->session_ttl > 0 ? c->session_ttl : HTTP_SESSION_TTL;
    srv->state.body_max = c->body_max > 0 ? c->body_max : HTTP_BODY_MAX_DEFAULT;
    srv->state.tls = c->tls_cert != NULL;
    if (threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 1;
    }
    if ((rc = audit_open(c->db_path, 1, &srv->state.audit, e)) != 0)
        goto fail;
    settle_journal(&srv->state.audit, c->db_path, NULL, 0);
    srv->state.logins = ratelimit_new(RATELIMIT_FREE_PAIR, RATELIMIT_MAX_DELAY_S,
                                      RATELIMIT_FORGET_S, RATELIMIT_CAPACITY);
    srv->state.login_addresses = ratelimit_new(RATELIMIT_FREE_ADDRESS, RATELIMIT_MAX_DELAY_S,
                                               RATELIMIT_FORGET_S, RATELIMIT_CAPACITY);
    srv->state.login_failures = loginlog_new();
    srv->state.refusals = loginlog_new();
    if (deadline_new(c->request_deadline > 0 ? c->request_deadline : DEADLINE_DEFAULT_S,
                     &srv->deadline) != 0) {
        rc = error_set(e, ERR_INTERNAL, NULL, "cannot start the request deadline");
        goto fail;
    }
    /* the engine's threads per job: the workers share the cores */
    if ((rc = jobs_new(c->db_path, threads > JOBS_WORKERS ? threads / JOBS_WORKERS : 1,
                       c->job_budget, job_types, &srv->state.jobs, e)) != 0)
        goto fail;
    if ((rc = listener_start(c->db_path, &srv->state.generation, &srv->listener, e)) != 0)
        goto fail;
    if ((rc = openapi_document(&doc, e)) != 0)
        goto fail;
    srv->state.openapi_len = doc.len;
    srv->state.openapi = srv->openapi = strbuf_detach(&doc);

    if (srv->state.tls) {
        if (!MHD_is_feature_supported(MHD_FEATURE_TLS)) {
            rc =
                error_set(e, ERR_INVALID, "--tls-cert", "this libmicrohttpd was built without TLS");
            goto fail;
        }
        size_t len;
        if ((rc = file_read_all(c->tls_cert, TLS_FILE_MAX, &srv->tls_cert, &len, e)) != 0 ||
            (rc = file_read_all(c->tls_key, TLS_FILE_MAX, &srv->tls_key, &len, e)) != 0)
            goto fail;
        flags |= MHD_USE_TLS;
    }
    if (v6)
        flags |= MHD_USE_IPv6;
    {
        struct MHD_OptionItem opts[16];
        size_t n = 0;
        /* the logger first, so every message of the daemon goes through it */
        opts[n++] = (struct MHD_OptionItem){MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)on_mhd_log, NULL};
        opts[n++] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, &addr};
        opts[n++] = (struct MHD_OptionItem){MHD_OPTION_UNESCAPE_CALLBACK, (intptr_t)unescape, NULL};
        opts[n++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE, threads, NULL};
        opts[n++] =
            (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, srv};
        opts[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT, CONNECTION_LIMIT, NULL};
        opts[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                                            (intptr_t)HTTP_MHD_MEMORY, NULL};
        opts[n++] =
            (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT, CONNECTION_TIMEOUT, NULL};
        opts[n++] = (struct MHD_OptionItem){
            MHD_OPTION_PER_IP_CONNECTION_LIMIT,
            c->per_address_limit > 0 ? c->per_address_limit : HTTP_PER_ADDRESS_DEFAULT, NULL};
        opts[n++] =
            (struct MHD_OptionItem){MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, srv};
        if (srv->state.tls) {
            opts[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, srv->tls_cert};
            opts[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, srv->tls_key};
        }
        opts[n++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
        srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_ARRAY,
                                       opts, MHD_OPTION_END);
    }
    if (srv->daemon == NULL) {
        rc = error_set(e, ERR_IO, c->listen ? c->listen : HTTP_DEFAULT_LISTEN,
                       "cannot listen here (in use, or not an address of this machine)");
        goto fail;
    }
    info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    if (getnameinfo((struct sockaddr *)&addr, addr_len, host, sizeof host, NULL, 0,
                    NI_NUMERICHOST) != 0)
        snprintf(host, sizeof host, "?");
    snprintf(srv->url, sizeof srv->url, "%s://%s%s%s:%u", srv->state.tls ? "https" : "http",
             v6 ? "[" : "", host, v6 ? "]" : "", info ? (unsigned)info->port : 0u);
    *out = srv;
    return 0;
fail:
    strbuf_release(&doc);
    http_server_stop(srv);
    return rc;
}

const char *http_server_url(const struct http_server *s)
{
    return s->url;
}

void http_server_stop(struct http_server *s)
{
    size_t i;
    if (s == NULL)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon); /* joins the pool: no request runs after this */
    if (s->n_workers > 0) { /* the failed logins of the last minutes, counted but not yet audited */
        struct error e = {0};
        if (api_session_audit_failures(&s->state, s->workers[0]->store, 1, &e) != 0)
            fprintf(stderr, "vitaal serve: failed logins not audited: %s\n", e.message);
        if (api_refusals_audit(&s->state, s->workers[0]->store, 1, &e) != 0)
            fprintf(stderr, "vitaal serve: refused reads and writes not audited: %s\n", e.message);
    }
    settle_journal(&s->state.audit, s->state.db_path, s->n_workers ? s->workers[0]->store : NULL,
                   1);
    jobs_free(s->state.jobs);
    listener_stop(s->listener);
    deadline_free(s->deadline); /* after the daemon: no connection is left */
    for (i = 0; i < s->n_workers; i++) {
        store_close(s->workers[i]->store);
        http_cache_free(s->workers[i]->cache);
        free(s->workers[i]);
    }
    ratelimit_free(s->state.logins);
    ratelimit_free(s->state.login_addresses);
    loginlog_free(s->state.login_failures);
    loginlog_free(s->state.refusals);
    pthread_key_delete(s->worker_key);
    pthread_mutex_destroy(&s->workers_lock);
    pthread_mutex_destroy(&s->state.login_lock);
    free(s->openapi);
    free(s->tls_cert);
    free(s->tls_key);
    free(s);
}
