/*
 * export.c — deterministic, streaming JSON export (see export.h).
 */
#include "domain/export.h"

#include "domain/import.h"
#include "domain/process_graph.h"

#include <string.h>

static void write_value(struct json_writer *w, enum field_type t, const json_t *v)
{
    if (v == NULL || json_is_null(v)) {
        json_write_null(w);
        return;
    }
    switch (t) {
    case FIELD_INT:
        json_write_int(w, (int64_t)json_integer_value(v));
        break;
    case FIELD_REAL:
        json_write_real(w, json_number_value(v));
        break;
    case FIELD_BOOL:
        json_write_bool(w, json_is_true(v));
        break;
    default:
        json_write_string_len(w, json_string_value(v), json_string_length(v));
        break;
    }
}

void export_write_record(struct json_writer *w, const struct kind *k, const json_t *record)
{
    json_write_object_begin(w);
    export_write_fields(w, k, record);
    json_write_object_end(w);
}

void export_write_fields(struct json_writer *w, const struct kind *k, const json_t *record)
{
    size_t i;
    for (i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        const json_t *v = json_object_get(record, f->name);
        json_write_key(w, f->name);
        if (f->type == FIELD_REF_LIST) {
            size_t j;
            json_t *item;
            json_write_array_begin(w);
            json_array_foreach(v, j, item)
            {
                write_value(w, FIELD_TEXT, item);
            }
            json_write_array_end(w);
        } else if (f->type == FIELD_MAP) {
            const char *key;
            json_t *item;
            json_write_object_begin(w);
            json_object_foreach((json_t *)v, key, item)
            {
                json_write_key(w, key);
                write_value(w, f->value_type, item);
            }
            json_write_object_end(w);
        } else {
            write_value(w, f->type, v);
        }
    }
}

struct export_ctx {
    struct json_writer *w;
    const struct kind *kind;
};

static int write_one(void *ctx, json_t *record)
{
    struct export_ctx *c = ctx;
    export_write_record(c->w, c->kind, record);
    return c->w->failed;
}

int export_document(struct store *s, FILE *out, struct error *e)
{
    struct json_writer w;
    struct export_ctx ctx = {&w, NULL};
    size_t i;
    int rc;

    json_writer_init_file(&w, out, 2);
    json_write_object_begin(&w);
    json_write_key(&w, "format");
    json_write_string(&w, IMPORT_DOCUMENT_FORMAT);
    json_write_key(&w, "version");
    json_write_int(&w, IMPORT_DOCUMENT_VERSION);
    for (i = 0; i < model_kind_count; i++) {
        ctx.kind = model_kinds[i];
        json_write_key(&w, ctx.kind->name);
        json_write_array_begin(&w);
        if ((rc = store_record_each(s, ctx.kind, NULL, 0, 0, 0, write_one, &ctx, e)) != 0) {
            if (rc == w.failed)
                error_set(e, rc, NULL, "writing the export failed");
            return rc;
        }
        json_write_array_end(&w);
    }
    json_write_object_end(&w);
    if ((rc = json_writer_finish(&w)) != 0)
        return error_set(e, rc, NULL, "writing the export failed");
    return 0;
}

static int write_node(void *ctx, const struct process_node *n)
{
    struct json_writer *w = ctx;
    json_write_object_begin(w);
    json_write_key(w, "id");
    json_write_string(w, n->id);
    json_write_key(w, "recovery_h");
    json_write_int(w, n->recovery_h);
    json_write_object_end(w);
    return w->failed;
}

static int write_input(void *ctx, const struct process_input *in)
{
    struct json_writer *w = ctx;
    size_t i;
    json_write_object_begin(w);
    json_write_key(w, "node");
    json_write_string(w, in->node);
    json_write_key(w, "suppliers");
    json_write_array_begin(w);
    for (i = 0; i < in->n_suppliers; i++)
        json_write_string(w, in->suppliers[i]);
    json_write_array_end(w);
    json_write_key(w, "buffer_h");
    json_write_int(w, in->buffer_h);
    if (in->has_fallback) {
        json_write_key(w, "fallback");
        json_write_object_begin(w);
        json_write_key(w, "activation_h");
        json_write_int(w, in->activation_h);
        json_write_key(w, "duration_h");
        json_write_int(w, in->duration_h);
        json_write_object_end(w);
    }
    json_write_object_end(w);
    return w->failed;
}

struct graph_writer {
    struct json_writer w;
    int in_inputs;
};

static int graph_node(void *ctx, const struct process_node *n)
{
    struct graph_writer *g = ctx;
    return write_node(&g->w, n);
}

static int graph_input(void *ctx, const struct process_input *in)
{
    struct graph_writer *g = ctx;
    if (!g->in_inputs) { /* the first input ends the list of nodes */
        json_write_array_end(&g->w);
        json_write_key(&g->w, "inputs");
        json_write_array_begin(&g->w);
        g->in_inputs = 1;
    }
    return write_input(&g->w, in);
}

int export_graph(struct store *s, FILE *out, struct error *e)
{
    struct graph_writer g = {{0}, 0};
    int rc;

    json_writer_init_file(&g.w, out, 2);
    json_write_object_begin(&g.w);
    json_write_key(&g.w, "nodes");
    json_write_array_begin(&g.w);
    if ((rc = process_graph_walk(s, graph_node, graph_input, &g, e)) != 0)
        return rc;
    if (!g.in_inputs) {
        json_write_array_end(&g.w);
        json_write_key(&g.w, "inputs");
        json_write_array_begin(&g.w);
    }
    json_write_array_end(&g.w);
    json_write_object_end(&g.w);
    if ((rc = json_writer_finish(&g.w)) != 0)
        return error_set(e, rc, NULL, "writing the graph failed");
    return 0;
}
