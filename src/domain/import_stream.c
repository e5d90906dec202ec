/*
 * import_stream.c — a vitaal JSON document read one record at a time (see
 * import_stream.h). Memory is the reader's buffer and one record, whatever
 * the size of the document.
 */
#include "domain/import_stream.h"

#include "base/json_reader.h"
#include "domain/import.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* A record's strings may be long texts; a document's nesting is shallow. */
#define IMPORT_STREAM_MAX_STRING (4u * 1024u * 1024u)
#define IMPORT_STREAM_MAX_DEPTH  32

struct counted_file {
    FILE *f;
    uint64_t read, max;
    const struct progress_sink *progress;
    uint64_t total;
};

/* Reads through the FILE*, failing once more than max bytes came. */
static ssize_t counted_read(void *context, char *buf, size_t cap)
{
    struct counted_file *c = context;
    size_t n = fread(buf, 1, cap, c->f);
    if (n == 0 && ferror(c->f))
        return -1;
    c->read += n;
    if (c->read > c->max) {
        errno = EFBIG;
        return -1;
    }
    progress_report(c->progress, "reading JSON", "B", c->read, c->total);
    return (ssize_t)n;
}

/* The reader's error as this module reports it: a grammar error as
 * "line L, column C: malformed JSON at $.path: ..." (like jansson's
 * before), after the file's name; over the cap, the cap. */
static int stream_fail(struct json_reader *r, const struct counted_file *c, const char *source,
                       int rc, struct error *e)
{
    char where[ERROR_WHERE_MAX];
    unsigned long line, column;
    if (c->read > c->max)
        return error_set(e, ERR_TOO_LARGE, source,
                         "larger than %llu bytes, the limit of a JSON import (see --max-size)",
                         (unsigned long long)c->max);
    if (rc == ERR_INVALID || rc == ERR_TOO_LARGE) {
        char message[ERROR_MESSAGE_MAX], *position;
        json_reader_position(r, &line, &column);
        snprintf(message, sizeof message, "%s", e->message);
        if ((position = strstr(message, " (line ")) != NULL)
            *position = '\0'; /* said in where */
        snprintf(where, sizeof where, "line %lu, column %lu", line, column);
        rc = error_set(e, rc, where, "malformed JSON at %s: %s", json_reader_path(r), message);
    }
    error_prefix_where(e, source);
    return rc;
}

/* What an error of the document is: the reader's (grammar, limits: said
 * as "malformed JSON" at a line and column), or one of this module's about
 * a well-formed document (at its JSON path), or fn's (complete as it is). */
enum { PLACED_READER = 0, PLACED_PATH, PLACED_FN };

/* Builds the value that tok begins. Duplicate keys, NUL characters and
 * whole numbers beyond 64 bits are refused (as jansson's loader did), with
 * *placed = PLACED_PATH. */
static int build_value(struct json_reader *r, const struct json_token *tok, json_t **out,
                       int *placed, struct error *e)
{
    struct json_token t;
    json_t *v = NULL;
    int rc = 0;
    *out = NULL;
    switch (tok->type) {
    case JSON_TOKEN_OBJECT_BEGIN:
        v = json_object();
        while ((rc = json_reader_next(r, &t, e)) == 0 && t.type == JSON_TOKEN_KEY) {
            char key[256];
            json_t *member;
            if (t.len != strlen(t.text) || t.len >= sizeof key) {
                *placed = PLACED_PATH;
                rc = json_reader_fail(r, &t, e, ERR_INVALID,
                                      t.len >= sizeof key ? "a key longer than %zu bytes"
                                                          : "a key holding \\u0000%.0zu",
                                      sizeof key - 1);
                break;
            }
            memcpy(key, t.text, t.len + 1);
            if (json_object_get(v, key)) {
                *placed = PLACED_PATH;
                rc = json_reader_fail(r, &t, e, ERR_INVALID, "duplicate object key '%s'", key);
                break;
            }
            if ((rc = json_reader_next(r, &t, e)) != 0 ||
                (rc = build_value(r, &t, &member, placed, e)))
                break;
            if (json_object_set_new(v, key, member) != 0) {
                rc = error_set(e, ERR_INVALID, NULL, "a key that is not valid UTF-8");
                break;
            }
        }
        break;
    case JSON_TOKEN_ARRAY_BEGIN:
        v = json_array();
        while ((rc = json_reader_next(r, &t, e)) == 0 && t.type != JSON_TOKEN_ARRAY_END) {
            json_t *item;
            if ((rc = build_value(r, &t, &item, placed, e)) != 0)
                break;
            json_array_append_new(v, item);
        }
        break;
    case JSON_TOKEN_STRING:
        if (tok->len != strlen(tok->text)) {
            *placed = PLACED_PATH;
            return json_reader_fail(r, tok, e, ERR_INVALID, "a string holding \\u0000");
        }
        v = json_stringn(tok->text, tok->len);
        break;
    case JSON_TOKEN_NUMBER:
        if (tok->is_integer) {
            v = json_integer((json_int_t)tok->integer);
        } else if (strpbrk(tok->text, ".eE") == NULL) {
            *placed = PLACED_PATH;
            return json_reader_fail(r, tok, e, ERR_INVALID, "%s: too big a whole number",
                                    tok->text);
        } else if (!isfinite(tok->real)) {
            *placed = PLACED_PATH;
            return json_reader_fail(r, tok, e, ERR_INVALID, "%s: too large a number", tok->text);
        } else {
            v = json_real(tok->real);
        }
        break;
    case JSON_TOKEN_TRUE:
        v = json_true();
        break;
    case JSON_TOKEN_FALSE:
        v = json_false();
        break;
    case JSON_TOKEN_NULL:
        v = json_null();
        break;
    default:
        *placed = PLACED_PATH;
        return json_reader_fail(r, tok, e, ERR_INVALID, "a value was expected");
    }
    if (rc != 0 || v == NULL) {
        json_decref(v);
        return rc ? rc : error_set(e, ERR_INVALID, NULL, "a string that is not valid UTF-8");
    }
    *out = v;
    return 0;
}

/* Reads one collection's array of records ($.<k->name>), calling fn for each. */
static int read_collection(struct json_reader *r, const struct kind *k, import_stream_fn fn,
                           void *ctx, size_t *n, int *placed, struct error *e)
{
    struct json_token t;
    size_t index = 0;
    int rc;
    if ((rc = json_reader_next(r, &t, e)) != 0)
        return rc;
    if (t.type != JSON_TOKEN_ARRAY_BEGIN) {
        *placed = PLACED_PATH;
        return json_reader_fail(r, &t, e, ERR_INVALID, "must be a list of records");
    }
    while ((rc = json_reader_next(r, &t, e)) == 0 && t.type != JSON_TOKEN_ARRAY_END) {
        json_t *record;
        if ((rc = build_value(r, &t, &record, placed, e)) != 0)
            return rc;
        rc = fn ? fn(ctx, k, record, index, e) : 0;
        json_decref(record);
        if (rc != 0) {
            *placed = PLACED_FN;
            return rc;
        }
        index++;
        (*n)++;
    }
    return rc;
}

int import_stream_read(FILE *f, const char *source, uint64_t max_bytes, import_stream_fn fn,
                       void *ctx, size_t *n, const struct progress_sink *progress, uint64_t total,
                       struct error *e)
{
    const struct json_reader_limits limits = {IMPORT_STREAM_MAX_DEPTH, IMPORT_STREAM_MAX_STRING};
    struct counted_file c = {f, 0, max_bytes, progress, total};
    struct json_reader *r = NULL;
    struct json_token t;
    size_t count = 0;
    int rc, seen_format = 0, seen_version = 0, placed = PLACED_READER;

    r = json_reader_new(counted_read, &c, &limits);
    if ((rc = json_reader_next(r, &t, e)) != 0)
        goto fail;
    if (t.type != JSON_TOKEN_OBJECT_BEGIN) {
        rc = error_set(e, ERR_INVALID, source, "$: a vitaal document is a JSON object");
        goto cleanup;
    }
    while ((rc = json_reader_next(r, &t, e)) == 0 && t.type == JSON_TOKEN_KEY) {
        char key[64];
        const struct kind *k;
        snprintf(key, sizeof key, "%s", t.text);
        if (strcmp(key, "format") == 0 || strcmp(key, "version") == 0) {
            int format = key[0] == 'f';
            if ((format ? seen_format : seen_version) || (rc = json_reader_next(r, &t, e)) != 0) {
                if (rc == 0) {
                    placed = PLACED_PATH;
                    rc = json_reader_fail(r, &t, e, ERR_INVALID, "duplicate object key");
                }
                goto fail;
            }
            if (format && (t.type != JSON_TOKEN_STRING || strcmp(t.text, IMPORT_DOCUMENT_FORMAT))) {
                rc = error_set(e, ERR_INVALID, source,
                               "$.format: must be \"%s\" (is this a vitaal export?)",
                               IMPORT_DOCUMENT_FORMAT);
                goto cleanup;
            }
            if (!format && (t.type != JSON_TOKEN_NUMBER || !t.is_integer || t.integer < 1)) {
                rc = error_set(e, ERR_INVALID, source, "$.version: must be a whole number >= 1");
                goto cleanup;
            }
            if (!format && t.integer > IMPORT_DOCUMENT_VERSION) {
                rc = error_set(e, ERR_VERSION, source,
                               "$.version: document version %lld is newer than this vitaal reads "
                               "(%d)",
                               (long long)t.integer, IMPORT_DOCUMENT_VERSION);
                goto cleanup;
            }
            *(format ? &seen_format : &seen_version) = 1;
            continue;
        }
        k = model_kind_find(key);
        if (k == NULL || strcmp(k->name, key) != 0 || t.len != strlen(key)) {
            /* not even a vitaal document, or a collection this vitaal lacks */
            rc = seen_format ? error_set(e, ERR_INVALID, source, "$.%s: unknown collection", key)
                             : error_set(e, ERR_INVALID, source,
                                         "$.format: must be \"%s\" (is this a vitaal export?)",
                                         IMPORT_DOCUMENT_FORMAT);
            goto cleanup;
        }
        if ((rc = read_collection(r, k, fn, ctx, &count, &placed, e)) != 0)
            goto fail;
    }
    if (rc == 0 && (rc = json_reader_next(r, &t, e)) == 0 && t.type != JSON_TOKEN_END) {
        placed = PLACED_PATH;
        rc = json_reader_fail(r, &t, e, ERR_INVALID, "nothing may follow the document");
    }
    if (rc != 0)
        goto fail;
    if (!seen_format) {
        rc =
            error_set(e, ERR_INVALID, source, "$.format: must be \"%s\" (is this a vitaal export?)",
                      IMPORT_DOCUMENT_FORMAT);
        goto cleanup;
    }
    if (!seen_version) {
        rc = error_set(e, ERR_INVALID, source, "$.version: must be a whole number >= 1");
        goto cleanup;
    }
    if (n)
        *n = count;
    goto cleanup;
fail:
    if (placed == PLACED_PATH)
        error_prefix_where(e, source);
    else if (placed == PLACED_READER)
        rc = stream_fail(r, &c, source, rc, e);
cleanup:
    json_reader_free(r);
    return rc;
}
