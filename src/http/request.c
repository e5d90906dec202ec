/*
 * request.c — the per-request context: query parameters, the JSON body,
 * writing JSON responses and errors, and audit entries in the request's
 * name (see request.h). Never touches the network; server.c does.
 */
#include "http/request.h"

#include "base/timefmt.h"

#include "domain/access.h"
#include "report/report_json.h"
#include "report/report_schema.h"
#include "store/shared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void request_init(struct request *req, struct http_state *state, struct store *store)
{
    memset(req, 0, sizeof *req);
    req->state = state;
    req->store = store;
    req->method = HTTP_OTHER;
    req->method_name = "";
    req->path = "";
    req->response.status = 200;
    req->now = timefmt_now();
    req->today = timefmt_today();
}

static void free_user(void *p)
{
    store_user_free(p);
}

static void free_access(void *p)
{
    access_free(p);
}

void request_release(struct request *req)
{
    if (req->store)
        store_rollback(req->store); /* a handler that failed half-way leaves nothing behind */
    if (req->auth.user && !req->auth.borrowed)
        arena_defer(&req->arena, free_user, req->auth.user);
    if (req->auth.access && !req->auth.borrowed)
        arena_defer(&req->arena, free_access, req->auth.access);
    req->auth.user = NULL;
    req->auth.access = NULL;
    arena_release(&req->arena);
    strbuf_release(&req->response.body);
}

enum http_method request_method_from_name(const char *name)
{
    if (strcmp(name, "GET") == 0 || strcmp(name, "HEAD") == 0) /* HEAD: GET without the body */
        return HTTP_GET;
    if (strcmp(name, "POST") == 0)
        return HTTP_POST;
    if (strcmp(name, "PUT") == 0)
        return HTTP_PUT;
    if (strcmp(name, "DELETE") == 0)
        return HTTP_DELETE;
    return HTTP_OTHER;
}

const char *request_query(const struct request *req, const char *key)
{
    size_t i;
    for (i = 0; i < req->n_query; i++) {
        if (strcmp(req->query[i].key, key) == 0)
            return req->query[i].value;
    }
    return NULL;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t request_unescape(char *s)
{
    char *in = s, *out = s;
    while (*in) {
        int hi, lo;
        if (in[0] == '%' && (hi = hex_digit(in[1])) >= 0 && (lo = hex_digit(in[2])) >= 0) {
            char c = (char)(hi * 16 + lo);
            *out++ = c == '\0' ? '\x7f' : c;
            in += 3;
        } else {
            *out++ = *in++;
        }
    }
    *out = '\0';
    return (size_t)(out - s);
}

/* Whether text holds a C0 control character or DEL. */
static int has_control(const char *text)
{
    for (; *text; text++) {
        if ((unsigned char)*text < 0x20 || *text == 0x7f)
            return 1;
    }
    return 0;
}

int request_check_path(struct request *req)
{
    if (strlen(req->path) > HTTP_URL_MAX)
        return error_set(&req->error, ERR_TOO_LARGE, "path", "the URL is longer than %d bytes",
                         HTTP_URL_MAX);
    if (has_control(req->path))
        return error_set(&req->error, ERR_INVALID, "path",
                         "the URL holds a control character (%%00-%%1F or %%7F)");
    return 0;
}

int request_add_query(struct request *req, const char *key, const char *value)
{
    if (req->n_query == HTTP_QUERY_MAX)
        return error_set(&req->error, ERR_INVALID, "query", "at most %d query parameters",
                         HTTP_QUERY_MAX);
    req->query_bytes += strlen(key) + (value ? strlen(value) : 0);
    if (req->query_bytes > HTTP_URL_MAX)
        return error_set(&req->error, ERR_TOO_LARGE, "query", "the URL is longer than %d bytes",
                         HTTP_URL_MAX);
    if (has_control(key))
        return error_set(&req->error, ERR_INVALID, "query",
                         "a query parameter's name holds a control character (%%00-%%1F or %%7F)");
    if (value && has_control(value))
        return error_set(&req->error, ERR_INVALID, key,
                         "holds a control character (%%00-%%1F or %%7F)");
    req->query[req->n_query].key = arena_strdup(&req->arena, key);
    req->query[req->n_query].value = arena_strdup(&req->arena, value ? value : "");
    if (req->query[req->n_query].key == NULL || req->query[req->n_query].value == NULL)
        return error_set(&req->error, ERR_TOO_LARGE, NULL, "over the request's memory limit");
    req->n_query++;
    return 0;
}

int request_query_int(struct request *req, const char *key, int64_t def, int64_t min, int64_t max,
                      int64_t *out)
{
    const char *v = request_query(req, key);
    char *end = NULL;
    long long n;
    if (v == NULL) {
        *out = def;
        return 0;
    }
    n = strtoll(v, &end, 10);
    if (v[0] == '\0' || *end != '\0' || n < min || n > max)
        return error_set(&req->error, ERR_INVALID, key, "must be a whole number %lld .. %lld",
                         (long long)min, (long long)max);
    *out = n;
    return 0;
}

json_t *request_keep(struct request *req, json_t *v)
{
    if (v)
        arena_defer(&req->arena, arena_free_json, v);
    return v;
}

int request_is_json_type(const char *content_type)
{
    size_t n = strlen("application/json");
    if (content_type == NULL)
        return 0;
    while (*content_type == ' ' || *content_type == '\t')
        content_type++;
    return strncasecmp(content_type, "application/json", n) == 0 &&
           (content_type[n] == '\0' || content_type[n] == ';' || content_type[n] == ' ' ||
            content_type[n] == '\t');
}

int request_body_json(struct request *req, json_t **out)
{
    json_error_t jerr;
    json_t *v;
    *out = NULL;
    if (req->body == NULL || req->body_len == 0)
        return error_set(&req->error, ERR_INVALID, NULL, "the request needs a JSON body");
    /* a form of another site can post text/plain or a form encoding, but
     * not application/json without the browser asking first (CORS) */
    if (!request_is_json_type(req->content_type))
        return error_set(&req->error, ERR_MEDIA_TYPE, "Content-Type",
                         "a JSON body needs the header Content-Type: application/json");
    v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (v == NULL)
        return error_set(&req->error, ERR_INVALID, NULL, "malformed JSON at line %d, column %d: %s",
                         jerr.line, jerr.column, jerr.text);
    *out = request_keep(req, v);
    return 0;
}

void request_json_begin(struct request *req, int status, struct json_writer *w)
{
    strbuf_reset(&req->response.body);
    req->response.status = status;
    req->response.content_type = NULL;
    json_writer_init_buf(w, &req->response.body, 0);
}

int request_json_end(struct request *req, struct json_writer *w)
{
    int rc = json_writer_finish(w);
    if (rc != 0) {
        rc = error_set(&req->error, rc, NULL, "writing the response failed");
        request_render_error(req, rc);
    }
    return rc;
}

int request_json_end_checked(struct request *req, struct json_writer *w, const char *schema)
{
    int rc = request_json_end(req, w);
#ifndef NDEBUG
    if (rc == 0 && (rc = report_schema_check(schema, req->response.body.data,
                                             req->response.body.len, &req->error)) != 0)
        request_render_error(req, rc);
#endif
    (void)schema;
    return rc;
}

int request_json_value(struct request *req, int status, const json_t *v)
{
    char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (text == NULL)
        return error_set(&req->error, ERR_INTERNAL, NULL, "writing the response failed");
    strbuf_reset(&req->response.body);
    req->response.status = status;
    req->response.content_type = NULL;
    strbuf_puts(&req->response.body, text);
    free(text);
    return 0;
}

void request_json_append_raw(struct request *req, const char *key, const char *raw)
{
    struct strbuf *b = &req->response.body;
    struct json_writer w;
    struct strbuf k = STRBUF_INIT;
    if (b->len == 0 || b->data[b->len - 1] != '}')
        return;
    json_writer_init_buf(&w, &k, 0);
    json_write_string(&w, key);
    json_writer_finish(&w);
    b->len--; /* drop the closing brace */
    b->data[b->len] = '\0';
    if (b->len > 1)
        strbuf_putc(b, ',');
    strbuf_append(b, strbuf_str(&k), k.len);
    strbuf_putc(b, ':');
    strbuf_puts(b, raw);
    strbuf_putc(b, '}');
    strbuf_release(&k);
}

/* "$.name" -> "name": the field as a client names it. */
static const char *field_of(const char *where)
{
    if (where[0] == '$' && where[1] == '.')
        return where + 2;
    if (where[0] == '$' && where[1] == '\0')
        return "";
    return where;
}

/* The error body {"error","field","message"}, and "message_id" with
 * "params" when the message has an id (e != NULL and e->id set), so that the
 * browser UI can say it in the user's language. */
static void write_error(struct request *req, int status, const char *name, const char *field,
                        const char *message, const struct error *e)
{
    int i;
    struct json_writer w;
    req->response.location = NULL;
    request_json_begin(req, status, &w);
    json_write_object_begin(&w);
    json_write_key(&w, "error");
    json_write_string(&w, name);
    json_write_key(&w, "field");
    if (field && field[0])
        json_write_string(&w, field);
    else
        json_write_null(&w);
    json_write_key(&w, "message");
    json_write_string(&w, message);
    if (e && e->id[0]) {
        json_write_key(&w, "message_id");
        json_write_string(&w, e->id);
        json_write_key(&w, "params");
        json_write_object_begin(&w);
        for (i = 0; i < e->n_params; i++) {
            json_write_key(&w, e->params[i].name);
            json_write_string(&w, e->params[i].value);
        }
        json_write_object_end(&w);
    }
    json_write_object_end(&w);
    json_writer_finish(&w);
}

void request_render_error(struct request *req, int code)
{
    int status;
    if (code >= 0)
        code = ERR_INTERNAL;
    status = error_http_status(code);
    if (req->store)
        store_rollback(req->store); /* nothing is written on any error */
    if (code == ERR_BUSY) {         /* not a failure: the writer's lock was not free in time */
        if (req->response.retry_after <= 0)
            req->response.retry_after = HTTP_BUSY_RETRY_AFTER_S;
        write_error(req, status, error_code_name(code), NULL, req->error.message, &req->error);
        return;
    }
    if (status >= 500) {
        fprintf(stderr, "vitaal serve: %s %s: %s%s%s\n", req->method_name, req->path,
                req->error.where, req->error.where[0] ? ": " : "", req->error.message);
        write_error(req, status, error_code_name(code), NULL,
                    "the server failed; the details are in its log", NULL);
        return;
    }
    write_error(req, status, error_code_name(code), field_of(req->error.where),
                req->error.message[0] ? req->error.message : error_code_name(code), &req->error);
}

void request_render_status(struct request *req, int status, const char *error, const char *message)
{
    if (req->store)
        store_rollback(req->store);
    write_error(req, status, error, NULL, message, NULL);
}

int request_commit(struct request *req)
{
    /* the other servers on the database drop their caches at the commit
     * (PostgreSQL's NOTIFY is transactional; nothing on SQLite) */
    int rc = store_notice_send(req->store, &req->error);
    if (rc != 0) {
        store_rollback(req->store);
        return rc;
    }
    rc = store_commit(req->store, &req->error);
    if (rc == 0 && req->state)
        atomic_fetch_add(&req->state->generation, 1);
    return rc;
}

const struct store_change *request_change(struct request *req)
{
    req->change.actor = req->auth.user ? req->auth.user->id : "anonymous";
    req->change.via = "api";
    req->change.at = NULL;
    req->change.note = NULL;
    req->change.restore = 0;
    return &req->change;
}

int request_audit(struct request *req, const char *action, const struct kind *k, const char *record,
                  const char *detail)
{
    struct audit_event ev;
    int rc;
    ev.actor = req->auth.user ? req->auth.user->id : "anonymous";
    ev.address = req->address;
    ev.action = action;
    ev.kind = k ? k->name : NULL;
    ev.record = record;
    ev.detail = detail;
    if (req->live == NULL)
        return audit_append(&req->state->audit, req->store, &ev, &req->error);
    /* answering from a past state: the read is of the record's history, and
     * is logged in the live database, in a transaction of its own */
    if ((rc = store_begin_read(req->live, &req->error)) != 0)
        return rc;
    if ((rc = audit_append(&req->state->audit, req->live, &ev, &req->error)) != 0 ||
        (rc = store_commit(req->live, &req->error)) != 0)
        store_rollback(req->live);
    return rc;
}

int request_read(struct request *req, struct visible *v, const char *detail,
                 int (*build)(void *ctx, struct visible *v, struct error *e),
                 void (*release)(void *ctx), void *ctx)
{
    visible_init(v, req->store, req->auth.access);
    return visible_run(v, req->live ? req->live : req->store, &req->state->audit,
                       req->auth.user->id, req->address, detail, build, release, ctx, &req->error);
}

int request_document(struct request *req, const char *detail, const struct report_doc *d)
{
    struct visible v;
    int rc;
    visible_init(&v, req->store, req->auth.access);
    req->response.status = 200;
    req->response.content_type = NULL;
    rc = report_doc_run(d, &v, req->live ? req->live : req->store, &req->state->audit,
                        req->auth.user->id, req->address, detail, &req->response.body, &req->error);
    if (d->release != NULL)
        d->release(d->ctx);
    visible_release(&v);
    if (rc != 0)
        strbuf_reset(&req->response.body);
    return rc;
}
