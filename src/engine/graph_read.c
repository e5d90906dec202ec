/*
 * graph_read.c — a graph document, token by token, into the graph builder
 * (graph_read.h).
 *
 * Reading is a two-stage pipeline, because both stages cost about the same
 * on a large graph: one thread tokenizes and checks the document and packs
 * nodes and inputs into batches (their strings copied into the batch), and
 * the calling thread hands the batches to the builder, whose id lookups are
 * cache misses. Batches go round a small ring, so memory stays bounded
 * whatever the file size, and records reach the builder in file order, so
 * the builder's "$.nodes[K]" / "$.inputs[K]" paths are the file's. The
 * first problem in file order is the one reported. If no thread can be
 * started the same code runs in one thread.
 */
#include "engine/graph_read.h"

#include "base/json_reader.h"
#include "base/xmalloc.h"
#include "engine/graph.h"
#include "engine/graph_internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_RECORDS 8192
#define RING          4

enum record_kind { RECORD_NODE, RECORD_INPUT };

struct record {
    enum record_kind kind;
    int32_t hours[4]; /* node: recovery_h; input: buffer_h, activation_h, duration_h, has */
    uint32_t first;   /* its strings: offs[first .. first + count) */
    uint32_t count;   /* node: 1 (the id); input: the node id, then the suppliers */
    unsigned long line;
};

struct batch {
    char *pool;
    size_t len, cap;
    size_t *offs;
    uint32_t n_offs, offs_cap;
    struct record rec[BATCH_RECORDS];
    uint32_t n_rec;
    const char **ptrs; /* the consumer's view of one input's strings */
    size_t ptrs_cap;
};

/* The ring between the two stages. */
struct pipe {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct batch *slot[RING + 1];
    size_t head, count; /* full batches waiting, oldest at head */
    int done;           /* the producer has handed over its last batch */
    int stop;           /* the consumer wants no more */
    int rc;             /* the producer's result */
    struct error error; /* and its error */
    int consumer_rc;    /* single-threaded: the builder's result */
    struct error *consumer_error;

    struct batch *batches[RING + 1]; /* all of them, to free */
    struct batch *free_list[RING + 1];
    size_t n_free;
    int threaded;
    struct json_reader *reader;
    struct graph_builder *builder;
};

static void batch_string(struct batch *b, const char *text, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1u << 16;
        while (cap < b->len + len + 1)
            cap *= 2;
        b->pool = xrealloc(b->pool, cap);
        b->cap = cap;
    }
    if (b->n_offs == b->offs_cap) {
        uint32_t cap = b->offs_cap ? b->offs_cap * 2 : 4 * BATCH_RECORDS;
        b->offs = xrealloc(b->offs, (size_t)cap * sizeof *b->offs);
        b->offs_cap = cap;
    }
    memcpy(b->pool + b->len, text, len);
    b->pool[b->len + len] = '\0';
    b->offs[b->n_offs++] = b->len;
    b->len += len + 1;
}

/* --- the consuming stage: batches into the builder ------------------------- */

static int builder_failed(int rc, unsigned long line, struct error *e)
{
    char msg[ERROR_MESSAGE_MAX];
    if (e) {
        snprintf(msg, sizeof msg, "%s", e->message);
        snprintf(e->message, sizeof e->message, "%.900s (line %lu)", msg, line);
    }
    return rc;
}

/* Prefetch distances, in records: the table slots of the ids some records
 * ahead, then their strings once the slots are in. */
#define AHEAD_SLOT   16
#define AHEAD_STRING 8

static void prefetch(const struct graph_builder *g, const struct batch *b, uint32_t k, int stage)
{
    const struct record *r = &b->rec[k];
    uint32_t i;
    for (i = 0; i < r->count; i++)
        graph_builder_prefetch(g, b->pool + b->offs[r->first + i], stage);
}

static int consume(struct graph_builder *g, struct batch *b, struct error *e)
{
    uint32_t k, i;
    int rc;
    for (k = 0; k < b->n_rec; k++) {
        const struct record *r = &b->rec[k];
        if (k + AHEAD_SLOT < b->n_rec)
            prefetch(g, b, k + AHEAD_SLOT, 0);
        if (k + AHEAD_STRING < b->n_rec)
            prefetch(g, b, k + AHEAD_STRING, 1);
        if (r->kind == RECORD_NODE) {
            rc = graph_builder_add_node(g, b->pool + b->offs[r->first], r->hours[0], e);
        } else {
            if (r->count > b->ptrs_cap) {
                b->ptrs = xrealloc(b->ptrs, r->count * sizeof *b->ptrs);
                b->ptrs_cap = r->count;
            }
            for (i = 0; i < r->count; i++)
                b->ptrs[i] = b->pool + b->offs[r->first + i];
            rc = graph_builder_add_input(g, b->ptrs[0], b->ptrs + 1, r->count - 1, r->hours[0],
                                         r->hours[3], r->hours[1], r->hours[2], e);
        }
        if (rc != 0)
            return builder_failed(rc, r->line, e);
    }
    return 0;
}

/* --- the producing stage: the document into batches ------------------------ */

struct producer {
    struct pipe *pipe;
    struct json_reader *r;
    struct batch *cur;
    struct error *e;
};

static void batch_reset(struct batch *b)
{
    b->len = 0;
    b->n_offs = 0;
    b->n_rec = 0;
}

/* Hands the current batch over and takes an empty one; 1 if the consumer
 * wants no more. Single-threaded, the batch is consumed right here. */
static int hand_over(struct producer *p, int last)
{
    struct pipe *q = p->pipe;
    int stop;
    if (!q->threaded) {
        int rc = consume(q->builder, p->cur, q->consumer_error);
        batch_reset(p->cur);
        if (rc != 0) {
            q->stop = 1;
            q->consumer_rc = rc;
        }
        return q->stop;
    }
    pthread_mutex_lock(&q->lock);
    q->slot[(q->head + q->count) % (RING + 1)] = p->cur;
    q->count++;
    p->cur = NULL;
    if (last)
        q->done = 1;
    pthread_cond_broadcast(&q->changed);
    while (!last && !q->stop && q->n_free == 0)
        pthread_cond_wait(&q->changed, &q->lock);
    stop = q->stop;
    if (!last && !stop) {
        p->cur = q->free_list[--q->n_free];
        batch_reset(p->cur);
    }
    pthread_mutex_unlock(&q->lock);
    return stop;
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

/* A string holding a node id, copied into the batch. */
static int read_id(struct producer *p, const char *what)
{
    struct json_token tok;
    int rc = json_reader_next(p->r, &tok, p->e);
    if (rc != 0)
        return rc;
    if (tok.type != JSON_TOKEN_STRING || strlen(tok.text) != tok.len)
        return json_reader_fail(p->r, &tok, p->e, ERR_INVALID, "must be %s", what);
    batch_string(p->cur, tok.text, tok.len);
    return 0;
}

/* One element of "nodes"; start is its '{', already read. */
static int read_node(struct producer *p, const struct json_token *start)
{
    struct json_reader *r = p->r;
    struct json_token tok;
    struct record *rec = &p->cur->rec[p->cur->n_rec];
    unsigned seen = 0;
    int rc;
    memset(rec, 0, sizeof *rec);
    rec->kind = RECORD_NODE;
    rec->line = start->line;
    rec->count = 1;
    for (;;) {
        if ((rc = json_reader_next(r, &tok, p->e)) != 0)
            return rc;
        if (tok.type == JSON_TOKEN_OBJECT_END)
            break;
        if (strcmp(tok.text, "id") == 0) {
            if ((rc = seen_once(r, &tok, p->e, &seen, 1)) != 0)
                return rc;
            rec->first = p->cur->n_offs;
            if ((rc = read_id(p, "a node id (a string)")) != 0)
                return rc;
        } else if (strcmp(tok.text, "recovery_h") == 0) {
            if ((rc = seen_once(r, &tok, p->e, &seen, 2)) != 0 ||
                (rc = read_hours(r, p->e, 0, &rec->hours[0])) != 0)
                return rc;
        } else {
            return json_reader_fail(r, &tok, p->e, ERR_INVALID,
                                    "unknown key '%s' (a node has \"id\" and \"recovery_h\")",
                                    tok.text);
        }
    }
    if (!(seen & 1))
        return json_reader_fail(r, start, p->e, ERR_INVALID, "a node needs an \"id\"");
    p->cur->n_rec++;
    return 0;
}

static int read_fallback(struct producer *p, struct record *rec)
{
    struct json_reader *r = p->r;
    struct json_token tok, start;
    unsigned seen = 0;
    int rc;
    if ((rc = json_reader_next(r, &start, p->e)) != 0)
        return rc;
    if (start.type == JSON_TOKEN_NULL)
        return 0;
    if (start.type != JSON_TOKEN_OBJECT_BEGIN)
        return json_reader_fail(r, &start, p->e, ERR_INVALID,
                                "must be an object {\"activation_h\": ..., \"duration_h\": ...}");
    for (;;) {
        if ((rc = json_reader_next(r, &tok, p->e)) != 0)
            return rc;
        if (tok.type == JSON_TOKEN_OBJECT_END)
            break;
        if (strcmp(tok.text, "activation_h") == 0) {
            if ((rc = seen_once(r, &tok, p->e, &seen, 1)) != 0 ||
                (rc = read_hours(r, p->e, 0, &rec->hours[1])) != 0)
                return rc;
        } else if (strcmp(tok.text, "duration_h") == 0) {
            if ((rc = seen_once(r, &tok, p->e, &seen, 2)) != 0 ||
                (rc = read_hours(r, p->e, 1, &rec->hours[2])) != 0)
                return rc;
        } else {
            return json_reader_fail(r, &tok, p->e, ERR_INVALID,
                                    "unknown key '%s' (a fallback has \"activation_h\" and "
                                    "\"duration_h\")",
                                    tok.text);
        }
    }
    if (seen != 3)
        return json_reader_fail(r, &start, p->e, ERR_INVALID,
                                "a fallback needs both \"activation_h\" and \"duration_h\"");
    rec->hours[3] = 1;
    return 0;
}

/* One element of "inputs"; start is its '{', already read. The input's
 * strings must be contiguous in the batch, node id first, but the keys come
 * in any order: suppliers read before the node id are moved after it. */
static int read_input(struct producer *p, const struct json_token *start)
{
    struct json_reader *r = p->r;
    struct json_token tok;
    struct batch *b = p->cur;
    struct record *rec = &b->rec[b->n_rec];
    uint32_t node_at = 0, sup_from = 0, sup_count = 0, i;
    unsigned seen = 0;
    int rc;
    memset(rec, 0, sizeof *rec);
    rec->kind = RECORD_INPUT;
    rec->line = start->line;
    rec->first = b->n_offs;
    for (;;) {
        if ((rc = json_reader_next(r, &tok, p->e)) != 0)
            return rc;
        if (tok.type == JSON_TOKEN_OBJECT_END)
            break;
        if (strcmp(tok.text, "node") == 0) {
            if ((rc = seen_once(r, &tok, p->e, &seen, 1)) != 0)
                return rc;
            node_at = b->n_offs;
            if ((rc = read_id(p, "a node id (a string)")) != 0)
                return rc;
        } else if (strcmp(tok.text, "suppliers") == 0) {
            if ((rc = seen_once(r, &tok, p->e, &seen, 2)) != 0 ||
                (rc = expect(r, &tok, p->e, JSON_TOKEN_ARRAY_BEGIN, "an array of node ids")) != 0)
                return rc;
            sup_from = b->n_offs;
            for (;;) {
                if ((rc = json_reader_next(r, &tok, p->e)) != 0)
                    return rc;
                if (tok.type == JSON_TOKEN_ARRAY_END)
                    break;
                if (tok.type != JSON_TOKEN_STRING || strlen(tok.text) != tok.len)
                    return json_reader_fail(r, &tok, p->e, ERR_INVALID,
                                            "must be a node id (a string)");
                batch_string(b, tok.text, tok.len);
                sup_count++;
            }
        } else if (strcmp(tok.text, "buffer_h") == 0) {
            if ((rc = seen_once(r, &tok, p->e, &seen, 4)) != 0 ||
                (rc = read_hours(r, p->e, 0, &rec->hours[0])) != 0)
                return rc;
        } else if (strcmp(tok.text, "fallback") == 0) {
            if ((rc = seen_once(r, &tok, p->e, &seen, 8)) != 0 || (rc = read_fallback(p, rec)) != 0)
                return rc;
        } else {
            return json_reader_fail(r, &tok, p->e, ERR_INVALID,
                                    "unknown key '%s' (an input has \"node\", \"suppliers\", "
                                    "\"buffer_h\" and \"fallback\")",
                                    tok.text);
        }
    }
    if (!(seen & 1))
        return json_reader_fail(r, start, p->e, ERR_INVALID, "an input needs a \"node\"");
    if (!(seen & 2))
        return json_reader_fail(r, start, p->e, ERR_INVALID, "an input needs \"suppliers\"");
    if (node_at > sup_from) {
        /* the node id came last: rotate it in front of the suppliers */
        size_t off = b->offs[node_at];
        for (i = node_at; i > sup_from; i--)
            b->offs[i] = b->offs[i - 1];
        b->offs[sup_from] = off;
    }
    rec->count = 1 + sup_count;
    b->n_rec++;
    return 0;
}

typedef int (*element_reader)(struct producer *, const struct json_token *);

static int read_array(struct producer *p, element_reader read_one)
{
    struct json_token tok;
    int rc;
    if ((rc = expect(p->r, &tok, p->e, JSON_TOKEN_ARRAY_BEGIN, "an array")) != 0)
        return rc;
    for (;;) {
        if ((rc = json_reader_next(p->r, &tok, p->e)) != 0)
            return rc;
        if (tok.type == JSON_TOKEN_ARRAY_END)
            return 0;
        if (tok.type != JSON_TOKEN_OBJECT_BEGIN)
            return json_reader_fail(p->r, &tok, p->e, ERR_INVALID, "must be an object");
        if ((rc = read_one(p, &tok)) != 0)
            return rc;
        if (p->cur->n_rec == BATCH_RECORDS && hand_over(p, 0))
            return ERR_INVALID; /* the consumer failed: its error is the one reported */
    }
}

static int produce(struct producer *p)
{
    struct json_token tok;
    unsigned seen = 0;
    int rc;
    if ((rc = expect(p->r, &tok, p->e, JSON_TOKEN_OBJECT_BEGIN,
                     "an object with \"nodes\" and \"inputs\"")) != 0)
        return rc;
    for (;;) {
        if ((rc = json_reader_next(p->r, &tok, p->e)) != 0)
            return rc;
        if (tok.type == JSON_TOKEN_OBJECT_END)
            break;
        if (strcmp(tok.text, "nodes") == 0) {
            if ((rc = seen_once(p->r, &tok, p->e, &seen, 1)) != 0 ||
                (rc = read_array(p, read_node)) != 0)
                return rc;
        } else if (strcmp(tok.text, "inputs") == 0) {
            if ((rc = seen_once(p->r, &tok, p->e, &seen, 2)) != 0 ||
                (rc = read_array(p, read_input)) != 0)
                return rc;
        } else {
            return json_reader_fail(p->r, &tok, p->e, ERR_INVALID,
                                    "unknown key '%s' (a graph has \"nodes\" and \"inputs\")",
                                    tok.text);
        }
    }
    return json_reader_next(p->r, &tok, p->e); /* only the end may follow */
}

static void *producer_main(void *arg)
{
    struct pipe *q = arg;
    struct producer p = {q, q->reader, NULL, &q->error};
    int rc;
    pthread_mutex_lock(&q->lock);
    p.cur = q->free_list[--q->n_free];
    pthread_mutex_unlock(&q->lock);
    batch_reset(p.cur);
    rc = produce(&p);
    q->rc = rc; /* read by the consumer only after done, under the lock */
    if (p.cur)
        hand_over(&p, 1);
    else {
        pthread_mutex_lock(&q->lock);
        q->done = 1;
        pthread_cond_broadcast(&q->changed);
        pthread_mutex_unlock(&q->lock);
    }
    return NULL;
}

/* Takes the batches as they come; returns the first error in file order. */
static int consume_all(struct pipe *q, struct error *e)
{
    int rc = 0;
    pthread_mutex_lock(&q->lock);
    for (;;) {
        struct batch *b;
        while (q->count == 0 && !q->done)
            pthread_cond_wait(&q->changed, &q->lock);
        if (q->count == 0)
            break;
        b = q->slot[q->head];
        q->head = (q->head + 1) % (RING + 1);
        q->count--;
        pthread_mutex_unlock(&q->lock);
        if (rc == 0 && (rc = consume(q->builder, b, e)) != 0) {
            pthread_mutex_lock(&q->lock);
            q->stop = 1;
            pthread_mutex_unlock(&q->lock);
        }
        pthread_mutex_lock(&q->lock);
        q->free_list[q->n_free++] = b;
        pthread_cond_broadcast(&q->changed);
    }
    pthread_mutex_unlock(&q->lock);
    if (rc == 0 && q->rc != 0) {
        rc = q->rc;
        if (e)
            *e = q->error;
    }
    return rc;
}

static void pipe_free(struct pipe *q)
{
    size_t i;
    for (i = 0; i <= RING; i++) {
        if (q->batches[i] == NULL)
            continue;
        free(q->batches[i]->pool);
        free(q->batches[i]->offs);
        free(q->batches[i]->ptrs);
        free(q->batches[i]);
    }
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->changed);
}

int graph_read_json(struct json_reader *r, struct graph **out, struct error *e)
{
    struct pipe q;
    pthread_t thread;
    size_t i;
    int rc = 0;

    *out = NULL;
    memset(&q, 0, sizeof q);
    pthread_mutex_init(&q.lock, NULL);
    pthread_cond_init(&q.changed, NULL);
    q.reader = r;
    for (i = 0; i <= RING; i++) {
        q.batches[i] = xcalloc(1, sizeof *q.batches[i]);
        q.free_list[q.n_free++] = q.batches[i];
    }
    q.builder = graph_builder_new();
    q.threaded = 1; /* before the producer starts: it reads the flag */
    if (pthread_create(&thread, NULL, producer_main, &q) != 0)
        q.threaded = 0;
    if (q.threaded) {
        rc = consume_all(&q, e);
        pthread_join(thread, NULL);
    } else {
        /* the same stages, taking turns */
        struct producer p = {&q, r, q.batches[0], &q.error};
        int produced;
        q.consumer_error = e;
        batch_reset(p.cur);
        produced = produce(&p);
        if (!q.stop)
            hand_over(&p, 1); /* what was read before a problem may hold an earlier one */
        rc = q.stop ? q.consumer_rc : produced;
        if (!q.stop && produced != 0 && e)
            *e = q.error;
    }
    if (rc == 0)
        rc = graph_builder_finish(q.builder, out, e);
    graph_builder_free(q.builder);
    pipe_free(&q);
    return rc;
}
