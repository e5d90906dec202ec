/*
 * graph_read.c — a graph document, token by token, into the graph builder
 * (graph_read.h). Only the strings of the current input are kept (in a
 * reusable scratch pool); everything else goes straight to the builder.
 */
#include "engine/graph_read.h"

#include "base/json_reader.h"
#include "engine/graph.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The strings of one input: its node id and its suppliers. */
struct scratch {
    char *pool;
    size_t len, cap;
    size_t *offs; /* offs[0]: the node id; then one per supplier */
    size_t n_offs, offs_cap;
    const char **ptrs;
    size_t ptrs_cap;
};

static void scratch_free(struct scratch *s)
{
    free(s->pool);
    free(s->offs);
    free(s->ptrs);
}

static int scratch_add(struct scratch *s, const char *text, size_t len, size_t slot)
{
    if (s->len + len + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        char *p;
        while (cap < s->len + len + 1)
            cap *= 2;
        if ((p = realloc(s->pool, cap)) == NULL)
            return ERR_NOMEM;
        s->pool = p;
        s->cap = cap;
    }
    if (slot >= s->offs_cap) {
        size_t cap = s->offs_cap ? s->offs_cap * 2 : 16;
        size_t *o;
        while (cap <= slot)
            cap *= 2;
        if ((o = realloc(s->offs, cap * sizeof *o)) == NULL)
            return ERR_NOMEM;
        s->offs = o;
        s->offs_cap = cap;
    }
    memcpy(s->pool + s->len, text, len);
    s->pool[s->len + len] = '\0';
    s->offs[slot] = s->len;
    s->len += len + 1;
    if (slot >= s->n_offs)
        s->n_offs = slot + 1;
    return 0;
}

static int expect(struct json_reader *r, struct json_token *tok, struct error *e,
                  enum json_token_type type, const char *what)
{
    int rc = json_reader_next(r, tok, e);
    if (rc != 0)
        return rc;
    if (tok->type != type)
        return json_reader_fail(r, tok, e, ERR_INVALID, "must be %s", what);
    return 0;
}

/* Reads a number of hours >= min into *out. */
static int read_hours(struct json_reader *r, struct error *e, int64_t min, int32_t *out)
{
    struct json_token tok;
    int rc = json_reader_next(r, &tok, e);
    if (rc != 0)
        return rc;
    if (tok.type != JSON_TOKEN_NUMBER || !tok.is_integer || tok.integer < min)
        return json_reader_fail(r, &tok, e, ERR_INVALID, "must be a whole number of hours >= %lld",
                                (long long)min);
    if (tok.integer > INT32_MAX)
        return json_reader_fail(r, &tok, e, ERR_INVALID, "must be at most %ld hours",
                                (long)INT32_MAX);
    *out = (int32_t)tok.integer;
    return 0;
}

/* Marks key as seen in *seen (one bit per known key); a repeat is an error. */
static int seen_once(struct json_reader *r, const struct json_token *tok, struct error *e,
                     unsigned *seen, unsigned bit)
{
    if (*seen & bit)
        return json_reader_fail(r, tok, e, ERR_INVALID, "key '%s' appears twice", tok->text);
    *seen |= bit;
    return 0;
}

static int builder_failed(int rc, const struct json_token *start, struct error *e)
{
    char msg[ERROR_MESSAGE_MAX];
    if (e) {
        snprintf(msg, sizeof msg, "%s", e->message);
        snprintf(e->message, sizeof e->message, "%.900s (line %lu)", msg, start->line);
    }
    return rc;
}

/* One element of "nodes"; start is its '{', already read. */
static int read_node(struct json_reader *r, struct graph_builder *b, struct scratch *s,
                     const struct json_token *start, struct error *e)
{
    struct json_token tok;
    int32_t recovery_h = 0;
    unsigned seen = 0;
    int rc;
    s->len = 0;
    for (;;) {
        if ((rc = json_reader_next(r, &tok, e)) != 0)
            return rc;
        if (tok.type == JSON_TOKEN_OBJECT_END)
            break;
        if (strcmp(tok.text, "id") == 0) {
            if ((rc = seen_once(r, &tok, e, &seen, 1)) != 0 ||
                (rc = expect(r, &tok, e, JSON_TOKEN_STRING, "a string")) != 0)
                return rc;
            if ((rc = scratch_add(s, tok.text, tok.len, 0)) != 0)
                return error_set(e, rc, NULL, "out of memory");
            if (strlen(tok.text) != tok.len)
                return json_reader_fail(r, &tok, e, ERR_INVALID, "must not contain \\u0000");
        } else if (strcmp(tok.text, "recovery_h") == 0) {
            if ((rc = seen_once(r, &tok, e, &seen, 2)) != 0 ||
                (rc = read_hours(r, e, 0, &recovery_h)) != 0)
                return rc;
        } else {
            return json_reader_fail(r, &tok, e, ERR_INVALID,
                                    "unknown key '%s' (a node has \"id\" and \"recovery_h\")",
                                    tok.text);
        }
    }
    if (!(seen & 1))
        return json_reader_fail(r, start, e, ERR_INVALID, "a node needs an \"id\"");
    if ((rc = graph_builder_add_node(b, s->pool + s->offs[0], recovery_h, e)) != 0)
        return builder_failed(rc, start, e);
    return 0;
}

static int read_fallback(struct json_reader *r, struct error *e, int *has, int32_t *activation_h,
                         int32_t *duration_h)
{
    struct json_token tok, start;
    unsigned seen = 0;
    int rc;
    if ((rc = json_reader_next(r, &start, e)) != 0)
        return rc;
    if (start.type == JSON_TOKEN_NULL)
        return 0;
    if (start.type != JSON_TOKEN_OBJECT_BEGIN)
        return json_reader_fail(r, &start, e, ERR_INVALID,
                                "must be an object {\"activation_h\": ..., \"duration_h\": ...}");
    for (;;) {
        if ((rc = json_reader_next(r, &tok, e)) != 0)
            return rc;
        if (tok.type == JSON_TOKEN_OBJECT_END)
            break;
        if (strcmp(tok.text, "activation_h") == 0) {
            if ((rc = seen_once(r, &tok, e, &seen, 1)) != 0 ||
                (rc = read_hours(r, e, 0, activation_h)) != 0)
                return rc;
        } else if (strcmp(tok.text, "duration_h") == 0) {
            if ((rc = seen_once(r, &tok, e, &seen, 2)) != 0 ||
                (rc = read_hours(r, e, 1, duration_h)) != 0)
                return rc;
        } else {
            return json_reader_fail(r, &tok, e, ERR_INVALID,
                                    "unknown key '%s' (a fallback has \"activation_h\" and "
                                    "\"duration_h\")",
                                    tok.text);
        }
    }
    if (seen != 3)
        return json_reader_fail(r, &start, e, ERR_INVALID,
                                "a fallback needs both \"activation_h\" and \"duration_h\"");
    *has = 1;
    return 0;
}

static int read_suppliers(struct json_reader *r, struct scratch *s, struct error *e)
{
    struct json_token tok;
    int rc;
    if ((rc = expect(r, &tok, e, JSON_TOKEN_ARRAY_BEGIN, "an array of node ids")) != 0)
        return rc;
    s->n_offs = 1;
    for (;;) {
        if ((rc = json_reader_next(r, &tok, e)) != 0)
            return rc;
        if (tok.type == JSON_TOKEN_ARRAY_END)
            break;
        if (tok.type != JSON_TOKEN_STRING || strlen(tok.text) != tok.len)
            return json_reader_fail(r, &tok, e, ERR_INVALID, "must be a node id (a string)");
        if ((rc = scratch_add(s, tok.text, tok.len, s->n_offs)) != 0)
            return error_set(e, rc, NULL, "out of memory");
    }
    return 0;
}

/* One element of "inputs"; start is its '{', already read. */
static int read_input(struct json_reader *r, struct graph_builder *b, struct scratch *s,
                      const struct json_token *start, struct error *e)
{
    struct json_token tok;
    int32_t buffer_h = 0, activation_h = 0, duration_h = 0;
    int has_fallback = 0, rc;
    unsigned seen = 0;
    size_t i;
    s->len = 0;
    s->n_offs = 1;
    for (;;) {
        if ((rc = json_reader_next(r, &tok, e)) != 0)
            return rc;
        if (tok.type == JSON_TOKEN_OBJECT_END)
            break;
        if (strcmp(tok.text, "node") == 0) {
            if ((rc = seen_once(r, &tok, e, &seen, 1)) != 0 ||
                (rc = expect(r, &tok, e, JSON_TOKEN_STRING, "a node id (a string)")) != 0)
                return rc;
            if (strlen(tok.text) != tok.len)
                return json_reader_fail(r, &tok, e, ERR_INVALID, "must not contain \\u0000");
            if ((rc = scratch_add(s, tok.text, tok.len, 0)) != 0)
                return error_set(e, rc, NULL, "out of memory");
        } else if (strcmp(tok.text, "suppliers") == 0) {
            if ((rc = seen_once(r, &tok, e, &seen, 2)) != 0 ||
                (rc = read_suppliers(r, s, e)) != 0)
                return rc;
        } else if (strcmp(tok.text, "buffer_h") == 0) {
            if ((rc = seen_once(r, &tok, e, &seen, 4)) != 0 ||
                (rc = read_hours(r, e, 0, &buffer_h)) != 0)
                return rc;
        } else if (strcmp(tok.text, "fallback") == 0) {
            if ((rc = seen_once(r, &tok, e, &seen, 8)) != 0 ||
                (rc = read_fallback(r, e, &has_fallback, &activation_h, &duration_h)) != 0)
                return rc;
        } else {
            return json_reader_fail(r, &tok, e, ERR_INVALID,
                                    "unknown key '%s' (an input has \"node\", \"suppliers\", "
                                    "\"buffer_h\" and \"fallback\")",
                                    tok.text);
        }
    }
    if (!(seen & 1))
        return json_reader_fail(r, start, e, ERR_INVALID, "an input needs a \"node\"");
    if (!(seen & 2))
        return json_reader_fail(r, start, e, ERR_INVALID, "an input needs \"suppliers\"");
    if (s->n_offs > s->ptrs_cap) {
        const char **p = realloc(s->ptrs, s->n_offs * sizeof *p);
        if (p == NULL)
            return error_set(e, ERR_NOMEM, NULL, "out of memory");
        s->ptrs = p;
        s->ptrs_cap = s->n_offs;
    }
    for (i = 0; i < s->n_offs; i++)
        s->ptrs[i] = s->pool + s->offs[i];
    rc = graph_builder_add_input(b, s->ptrs[0], s->ptrs + 1, s->n_offs - 1, buffer_h,
                                 has_fallback, activation_h, duration_h, e);
    return rc ? builder_failed(rc, start, e) : 0;
}

typedef int (*element_reader)(struct json_reader *, struct graph_builder *, struct scratch *,
                              const struct json_token *, struct error *);

static int read_array(struct json_reader *r, struct graph_builder *b, struct scratch *s,
                      struct error *e, element_reader read_one)
{
    struct json_token tok;
    int rc;
    if ((rc = expect(r, &tok, e, JSON_TOKEN_ARRAY_BEGIN, "an array")) != 0)
        return rc;
    for (;;) {
        if ((rc = json_reader_next(r, &tok, e)) != 0)
            return rc;
        if (tok.type == JSON_TOKEN_ARRAY_END)
            return 0;
        if (tok.type != JSON_TOKEN_OBJECT_BEGIN)
            return json_reader_fail(r, &tok, e, ERR_INVALID, "must be an object");
        if ((rc = read_one(r, b, s, &tok, e)) != 0)
            return rc;
    }
}

int graph_read_json(struct json_reader *r, struct graph **out, struct error *e)
{
    struct graph_builder *b = NULL;
    struct scratch s = {0};
    struct json_token tok;
    unsigned seen = 0;
    int rc;

    *out = NULL;
    if ((rc = graph_builder_new(&b)) != 0) {
        error_set(e, rc, NULL, "out of memory");
        goto cleanup;
    }
    if ((rc = expect(r, &tok, e, JSON_TOKEN_OBJECT_BEGIN,
                     "an object with \"nodes\" and \"inputs\"")) != 0)
        goto cleanup;
    for (;;) {
        if ((rc = json_reader_next(r, &tok, e)) != 0)
            goto cleanup;
        if (tok.type == JSON_TOKEN_OBJECT_END)
            break;
        if (strcmp(tok.text, "nodes") == 0) {
            if ((rc = seen_once(r, &tok, e, &seen, 1)) != 0 ||
                (rc = read_array(r, b, &s, e, read_node)) != 0)
                goto cleanup;
        } else if (strcmp(tok.text, "inputs") == 0) {
            if ((rc = seen_once(r, &tok, e, &seen, 2)) != 0 ||
                (rc = read_array(r, b, &s, e, read_input)) != 0)
                goto cleanup;
        } else {
            rc = json_reader_fail(r, &tok, e, ERR_INVALID,
                                  "unknown key '%s' (a graph has \"nodes\" and \"inputs\")",
                                  tok.text);
            goto cleanup;
        }
    }
    if ((rc = json_reader_next(r, &tok, e)) != 0)
        goto cleanup;
    rc = graph_builder_finish(b, out, e);
cleanup:
    graph_builder_free(b);
    scratch_free(&s);
    return rc;
}
