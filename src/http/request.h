/*
 * request.h — one API request as the handlers see it, and the server-wide
 * state they may reach through it.
 *
 * server.c fills a struct request from libmicrohttpd (method, decoded path,
 * query, the headers that matter, the body) and hands it to the router; the
 * router authenticates it and calls one handler; the handler fills
 * req->response, or returns a negative ERR_* code with req->error set, which
 * request_render_error turns into the JSON error body with the status of
 * error_http_status(). Nothing here knows libmicrohttpd, so handlers can be
 * driven by unit tests.
 *
 * Memory: everything request-scoped comes from req->arena and dies with the
 * request (h2o's pool); the response body is a strbuf whose bytes server.c
 * hands to libmicrohttpd.
 */
#ifndef VITAAL_HTTP_REQUEST_H
#define VITAAL_HTTP_REQUEST_H

#include "base/arena.h"
#include "base/error.h"
#include "base/json_writer.h"
#include "base/strbuf.h"
#include "domain/audit.h"
#include "domain/visible.h"
#include "store/model.h"
#include "store/store.h"
#include "store/users.h"

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_BODY_MAX_DEFAULT   (1024u * 1024) /* request bodies: 1 MiB unless --max-body */
#define HTTP_SESSION_TTL        (8 * 3600)     /* seconds a session lives unless --session-ttl */
#define HTTP_LIST_LIMIT_DEFAULT 100
#define HTTP_LIST_LIMIT_MAX     1000
#define HTTP_QUERY_MAX          32 /* query parameters per request */
#define HTTP_URL_MAX                                                                               \
    8192 /* bytes of a path, and of a query's keys and values, once                                \
          * unescaped: beyond it 414 */
#define HTTP_COOKIE_NAME "vitaal_session"
/* A write waits this long for another writer's lock (an import), then is
 * answered 503 with Retry-After: request threads are not held longer */
#define HTTP_BUSY_WAIT_MS       2000
#define HTTP_BUSY_RETRY_AFTER_S 5

struct ratelimit;
struct loginlog;
struct jobs;
struct access;
struct http_cache;

/* What every request may reach; set up once by server.c, read-only after
 * start except through the locks of its members. */
struct http_state {
    const char *db_path;
    struct audit_log audit;
    int64_t session_ttl;               /* seconds */
    size_t body_max;                   /* bytes */
    int tls;                           /* cookies get Secure, responses HSTS */
    struct ratelimit *logins;          /* failed logins per (user name, address) */
    struct ratelimit *login_addresses; /* failed logins per address, whatever the name */
    struct loginlog *login_failures;   /* failed logins to audit per address and minute */
    struct loginlog *refusals;         /* refused reads and writes per user, kind, minute */
    pthread_mutex_t login_lock;        /* one Argon2id verification at a time (64 MiB each) */
    struct jobs *jobs;
    const char *openapi; /* the OpenAPI document, built at start */
    size_t openapi_len;
    _Atomic uint64_t generation; /* +1 on every commit that changes records or sessions */
};

enum http_method { HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_DELETE, HTTP_OTHER };

struct query_param {
    const char *key;
    const char *value;
};

/* Who is asking: filled by the router before any handler that needs a login. */
struct request_auth {
    struct store_user *user; /* owned by the request (deferred free) */
    struct access *access;   /* owned by the request (deferred free) */
    char token[65];          /* the session token the request carried */
    char csrf[65];           /* the session's CSRF token */
    int via_cookie;          /* authenticated by cookie (CSRF applies), not Bearer */
    int borrowed;            /* user and access belong to the thread's cache, not the request */
    int enrol_only;          /* the session may only enrol in MFA (domain/mfa.h) */
};

struct response {
    int status;
    struct strbuf body;
    const char *content_type;        /* default application/json */
    const char *location;            /* Location header, or NULL */
    const char *content_disposition; /* Content-Disposition header (downloads), or NULL */
    /* A document of its own rather than an API answer (the yearly report):
     * its Content-Security-Policy instead of the UI's, and framing by the
     * UI itself allowed (X-Frame-Options SAMEORIGIN), or NULL. */
    const char *document_csp;
    /* The UI's page (http/page.c): the script-src and style-src that allow
     * its inline script and style, added to the UI's policy, or NULL. */
    const char *page_csp;
    int compress;           /* gzip when accepted though not under /api */
    const char *set_cookie; /* Set-Cookie header, or NULL */
    const char *allow;      /* Allow header (405), or NULL */
    int64_t retry_after;    /* Retry-After seconds (429, 503), 0 for none */
    /* the UI's files (http/static.c): the body's Content-Encoding (gzip,
     * br), its ETag, its Cache-Control and Vary, or NULL */
    const char *content_encoding;
    const char *etag;
    const char *cache_control;
    const char *vary;
};

struct request {
    struct arena arena;
    struct http_state *state;
    struct store *store;      /* this worker thread's connection */
    struct http_cache *cache; /* this worker thread's cache, or NULL */

    enum http_method method;
    const char *method_name;
    const char *path; /* decoded, without the query */
    struct query_param query[HTTP_QUERY_MAX];
    size_t n_query;
    size_t query_bytes; /* of the keys and values so far */
    const char *body;   /* NUL-terminated copy, or NULL when there is none */
    size_t body_len;
    const char *authorization;   /* header values, NULL when absent */
    const char *cookie_session;  /* the vitaal_session cookie */
    const char *cookie_lang;     /* the vitaal_lang cookie (the UI's language) */
    const char *csrf_header;     /* X-CSRF-Token */
    const char *accept_language; /* Accept-Language (framework texts in a language) */
    const char *accept_encoding; /* Accept-Encoding (the UI's files precompressed) */
    const char *if_none_match;   /* If-None-Match (the UI's files: 304) */
    const char *content_type;    /* Content-Type of the body */
    const char *address;         /* client address as text */

    /* what the router matched */
    const struct kind *kind;
    const char *id;
    const char *tail; /* the last segment for other patterns ({id} of jobs) */

    struct request_auth auth;
    struct error error;
    struct response response;
    struct store_change change; /* who writes, for the history: request_change() */

    /* The clock the answer is computed for: today and now, or with ?as_of
     * (routes marked ROUTE_AS_OF) the end of that day, when `store` is the
     * records as they stood then (a snapshot) and `live` the database,
     * where the reads are audited. */
    int64_t today, now;
    struct store *live; /* NULL unless answering as of a day */
};

/* The change a write of this request is recorded as in the history: the
 * signed-in user, through the API. */
const struct store_change *request_change(struct request *req);

/* Sets up req for a request (zeroing it) and releases everything it holds. */
void request_init(struct request *req, struct http_state *state, struct store *store);
void request_release(struct request *req);

enum http_method request_method_from_name(const char *name);

/* The value of query parameter key, or NULL. */
const char *request_query(const struct request *req, const char *key);
/* Adds a query parameter (copied into the arena). ERR_INVALID past
 * HTTP_QUERY_MAX or when key or value holds a control character;
 * ERR_TOO_LARGE (answered 414) when the query's keys and values pass
 * HTTP_URL_MAX bytes. */
int request_add_query(struct request *req, const char *key, const char *value);

/* Unescapes %XX in s in place (the server's unescaping, for the path and
 * the query); returns the new length. %00 becomes DEL (0x7f), not NUL: a
 * NUL would cut the text short ("a%00b" read as "a"), and DEL is a
 * control character that request_check_path and request_add_query refuse
 * like every other. Malformed escapes stay as they are. */
size_t request_unescape(char *s);
/* Checks req->path: ERR_TOO_LARGE (answered 414) past HTTP_URL_MAX bytes,
 * ERR_INVALID when it holds a control character (C0 or DEL), with
 * req->error set. */
int request_check_path(struct request *req);

/* Reads query parameter key as a whole number min .. max into *out (def when
 * absent). ERR_INVALID naming the parameter otherwise. */
int request_query_int(struct request *req, const char *key, int64_t def, int64_t min, int64_t max,
                      int64_t *out);

/* Parses the body as one JSON value (duplicate keys refused) into *out, a
 * reference owned by the request. A missing or malformed body is ERR_INVALID
 * naming the line and column; a body without Content-Type application/json
 * is ERR_MEDIA_TYPE (415). */
int request_body_json(struct request *req, json_t **out);
/* Whether a Content-Type header value is application/json (any case,
 * parameters such as charset allowed). */
int request_is_json_type(const char *content_type);

/* Registers a jansson value to be released with the request; returns v. */
json_t *request_keep(struct request *req, json_t *v);

/* Starts a JSON response with status: returns a writer over the body. */
void request_json_begin(struct request *req, int status, struct json_writer *w);
/* Finishes the writer; a failed writer becomes a 500. Returns 0 or the code. */
int request_json_end(struct request *req, struct json_writer *w);
/* The same for a report writer's document: unless built with NDEBUG, the
 * body is checked against the writer's schema `schema`
 * (report/report_schema.h) too, and one that departs from it is a 500. */
int request_json_end_checked(struct request *req, struct json_writer *w, const char *schema);

/* Appends ,"key":raw before the closing brace of the JSON object in the
 * body (raw must be JSON). Used to add "version" to a record written in
 * model order and a job's stored result. */
/* Answers with status and the JSON value v (a document built in memory). */
int request_json_value(struct request *req, int status, const json_t *v);
void request_json_append_raw(struct request *req, const char *key, const char *raw);

/* Replaces the response with the JSON error of code (status from
 * error_http_status) and req->error: {"error","field","message"}. Errors of
 * ours (500) are logged to stderr and answered without their detail. */
void request_render_error(struct request *req, int code);
/* An error with a status and name of its own. Prefer request_render_error
 * with an ERR_* code: 405 and 429 have theirs (ERR_METHOD, ERR_RATE_LIMITED). */
void request_render_status(struct request *req, int status, const char *error, const char *message);

/* Commits the open transaction of a write and tells every thread's cache
 * that the data changed. */
int request_commit(struct request *req);

/* Appends an audit entry for this request's user inside the caller's
 * transaction. */
int request_audit(struct request *req, const char *action, const struct kind *k, const char *record,
                  const char *detail);

/* The audited read of domain/visible.h for this request: v over the
 * request's store and the user's access, visible_run with this user and
 * address, its entries in the live database (also when answering as of a
 * day). v is left for the caller to render with, then visible_release. */
int request_read(struct request *req, struct visible *v, const char *detail,
                 int (*build)(void *ctx, struct visible *v, struct error *e),
                 void (*release)(void *ctx), void *ctx);

/* A document of report/report_json.h as the 200 answer, through the
 * audited read (report_doc_run) with this user's filter; its result is
 * released before it returns. */
struct report_doc;
int request_document(struct request *req, const char *detail, const struct report_doc *d);

#endif
