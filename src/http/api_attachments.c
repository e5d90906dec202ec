/*
 * api_attachments.c — evidence over HTTP (issue 12, part 5):
 *   POST   /api/v1/{parent}/{id}/attachments?name=FILE  the file as the raw body
 *   GET    /api/v1/{parent}/{id}/attachments            the list (metadata)
 *   GET    /api/v1/attachments/{id}                     the download
 *   DELETE /api/v1/attachments/{id}
 * where {parent} is a kind that takes attachments (domain/attachment.h).
 * The rules are the domain's; here the request is read, the write or the
 * download done and audited in one transaction, and the answer written. A
 * download is always `attachment` (never inline) with the stored type and
 * nosniff (server.c's security headers), its name quoted safely and as
 * RFC 6266 filename*. An upload's body may be larger than the server's
 * body limit: server.c asks api_attachment_body_limit first.
 */
#include "http/api.h"

#include "base/timefmt.h"
#include "domain/access.h"
#include "domain/attachment.h"

#include <stdio.h>
#include <string.h>

#define DETAIL_MAX 400

static void write_item(struct json_writer *w, const struct store_attachment *a)
{
    json_write_object_begin(w);
    json_write_key(w, "id");
    json_write_int(w, a->id);
    json_write_key(w, "name");
    json_write_string(w, a->name);
    json_write_key(w, "type");
    json_write_string(w, a->media_type);
    json_write_key(w, "size");
    json_write_int(w, a->size);
    json_write_key(w, "sha256");
    json_write_string(w, a->sha256);
    json_write_key(w, "kind");
    json_write_string(w, a->kind);
    json_write_key(w, "record");
    json_write_string(w, a->record);
    json_write_key(w, "uploaded_by");
    json_write_string(w, a->uploaded_by);
    json_write_key(w, "uploaded_at");
    json_write_string(w, a->uploaded_at);
    json_write_key(w, "classification");
    json_write_string(w, a->classification);
    json_write_object_end(w);
}

static void detail_of(char *buf, size_t size, const struct store_attachment *a)
{
    snprintf(buf, size, "attachment %lld: %s (%s, %lld bytes, sha256 %s)", (long long)a->id,
             a->name, a->media_type, (long long)a->size, a->sha256);
}

/* Only the parameters named may be in the query. */
static int query_only(struct request *req, const char *allowed)
{
    size_t i;
    for (i = 0; i < req->n_query; i++) {
        if (allowed == NULL || strcmp(req->query[i].key, allowed) != 0)
            return error_set(&req->error, ERR_INVALID, req->query[i].key, "unknown parameter%s%s",
                             allowed ? " (only " : "", allowed ? "name)" : "");
    }
    return 0;
}

int api_attachments_upload(struct request *req)
{
    struct attachment_new n = {0};
    struct store_attachment stored;
    struct json_writer w;
    char detail[DETAIL_MAX];
    int rc;

    if ((rc = query_only(req, "name")) != 0)
        return rc;
    n.kind = req->kind;
    n.record = req->id;
    n.name = request_query(req, "name");
    n.content = req->body;
    n.size = req->body ? req->body_len : 0;
    n.user = req->auth.user->id;
    n.access = req->auth.access;
    if (n.name == NULL)
        return error_set_msg(&req->error, ERR_INVALID, "name", "attachment_name",
                             "a file name of 1 to 200 bytes, without / or \\ and without "
                             "control characters",
                             NULL);
    if ((rc = store_begin(req->store, &req->error)) != 0 ||
        (rc = attachment_add(req->store, &n, &stored, &req->error)) != 0)
        return rc;
    detail_of(detail, sizeof detail, &stored);
    if ((rc = request_audit(req, "attach", req->kind, req->id, detail)) != 0 ||
        (rc = request_commit(req)) != 0)
        return rc;
    req->response.location =
        arena_printf(&req->arena, "/api/v1/attachments/%lld", (long long)stored.id);
    request_json_begin(req, 201, &w);
    write_item(&w, &stored);
    return request_json_end(req, &w);
}

struct list_ctx {
    struct json_writer *w;
    size_t n;
};

static int list_item(void *ctx, const struct store_attachment *a)
{
    struct list_ctx *l = ctx;
    write_item(l->w, a);
    l->n++;
    return 0;
}

int api_attachments_list(struct request *req)
{
    struct json_writer w;
    struct list_ctx l = {&w, 0};
    json_t *parent = NULL;
    int rc;

    if ((rc = query_only(req, NULL)) != 0)
        return rc;
    /* in a transaction: the list answered is the one the audit records */
    if ((rc = store_begin_read(req->store, &req->error)) != 0 ||
        (rc = attachment_parent_get(req->store, req->auth.access, req->kind, req->id, &parent,
                                    &req->error)) != 0)
        return rc;
    request_keep(req, parent);
    if (access_read_is_audited(parent) &&
        (rc = request_audit(req, "read", req->kind, req->id, "attachments")) != 0)
        return rc;
    request_json_begin(req, 200, &w);
    json_write_object_begin(&w);
    json_write_key(&w, "items");
    json_write_array_begin(&w);
    rc = store_attachment_each(req->store, req->kind->name, req->id, list_item, &l, &req->error);
    json_write_array_end(&w);
    json_write_key(&w, "total");
    json_write_int(&w, (int64_t)l.n);
    json_write_object_end(&w);
    if (rc != 0) {
        json_writer_finish(&w);
        return rc;
    }
    if ((rc = store_commit(req->store, &req->error)) != 0) {
        json_writer_finish(&w);
        return rc;
    }
    return request_json_end(req, &w);
}

/* Appends c to b percent-encoded unless it is an RFC 5987 attr-char. */
static void put_attr_char(struct strbuf *b, unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
        strchr("!#$&+-.^_`|~", c) != NULL) {
        strbuf_putc(b, (char)c);
        return;
    }
    strbuf_printf(b, "%%%02X", c);
}

/* attachment; filename="ASCII"; filename*=UTF-8''PERCENT-ENCODED: the
 * quoted name keeps printable ASCII but for '"', '\\' and '%' (each
 * character outside becomes '_'); the encoded one is the whole name. */
static int set_disposition(struct request *req, const char *name)
{
    struct strbuf b = STRBUF_INIT;
    const unsigned char *p;
    strbuf_puts(&b, "attachment; filename=\"");
    for (p = (const unsigned char *)name; *p; p++) {
        if ((*p & 0xc0) == 0x80)
            continue; /* a continuation byte: its character is one '_' */
        strbuf_putc(&b, *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != '%' ? (char)*p
                                                                                        : '_');
    }
    strbuf_puts(&b, "\"; filename*=UTF-8''");
    for (p = (const unsigned char *)name; *p; p++)
        put_attr_char(&b, *p);
    req->response.content_disposition = arena_strdup(&req->arena, strbuf_str(&b));
    strbuf_release(&b);
    return req->response.content_disposition
               ? 0
               : error_set(&req->error, ERR_TOO_LARGE, NULL, "over the request's memory limit");
}

int api_attachment_download(struct request *req)
{
    struct store_attachment *a = NULL;
    char detail[DETAIL_MAX];
    int64_t id;
    int rc;

    if ((rc = query_only(req, NULL)) != 0 ||
        (rc = attachment_id_parse(req->id, &id, &req->error)) != 0)
        return rc;
    if ((rc = store_begin_read(req->store, &req->error)) != 0 ||
        (rc = attachment_get(req->store, req->auth.access, id, 1, &a, &req->error)) != 0)
        goto cleanup;
    detail_of(detail, sizeof detail, a);
    if ((rc = request_audit(req, "download", model_kind_find(a->kind), a->record, detail)) != 0 ||
        (rc = store_commit(req->store, &req->error)) != 0 ||
        (rc = set_disposition(req, a->name)) != 0)
        goto cleanup;
    strbuf_reset(&req->response.body);
    strbuf_append(&req->response.body, (const char *)a->content, (size_t)a->size);
    req->response.status = 200;
    req->response.content_type = arena_strdup(&req->arena, a->media_type);
cleanup:
    store_attachment_free(a);
    return rc;
}

int api_attachment_delete(struct request *req)
{
    struct store_attachment gone;
    char detail[DETAIL_MAX];
    int64_t id;
    int rc;

    if ((rc = query_only(req, NULL)) != 0 ||
        (rc = attachment_id_parse(req->id, &id, &req->error)) != 0)
        return rc;
    if ((rc = store_begin(req->store, &req->error)) != 0 ||
        (rc = attachment_remove(req->store, req->auth.access, id, &gone, &req->error)) != 0)
        return rc;
    detail_of(detail, sizeof detail, &gone);
    if ((rc = request_audit(req, "detach", model_kind_find(gone.kind), gone.record, detail)) != 0 ||
        (rc = request_commit(req)) != 0)
        return rc;
    req->response.status = 204;
    strbuf_reset(&req->response.body);
    return 0;
}

int api_attachment_is_upload(const char *method, const char *path)
{
    const char *tail = "/attachments";
    size_t n = strlen(path), t = strlen(tail);
    return strcmp(method, "POST") == 0 && strncmp(path, "/api/v1/", 8) == 0 && n > t &&
           strcmp(path + n - t, tail) == 0;
}

int api_attachment_body_limit(struct request *req, size_t *limit)
{
    int64_t max = 0;
    int rc;
    if ((rc = api_authenticate(req)) != 0 ||
        (rc = attachment_max_bytes(req->store, &max, &req->error)) != 0)
        return rc;
    *limit = (size_t)max;
    return 0;
}
