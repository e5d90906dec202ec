/*
 * process_graph.c — the database's process graph (see process_graph.h).
 */
#include "domain/process_graph.h"

#include "base/xmalloc.h"
#include "engine/graph.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct walk {
    struct store *s;
    struct error *e;
    int (*node_fn)(void *, const struct process_node *);
    int (*input_fn)(void *, const struct process_input *);
    void *ctx;
    int service; /* walking services now */
};

static int walk_node(void *ctx, json_t *record)
{
    struct walk *w = ctx;
    struct process_node node;
    int rc;
    node.id = json_string_value(json_object_get(record, "id"));
    node.recovery_h = (int32_t)json_integer_value(json_object_get(record, "recovery_h"));
    node.service = w->service;
    rc = w->node_fn(w->ctx, &node);
    return rc;
}

static int walk_input(void *ctx, json_t *record)
{
    struct walk *w = ctx;
    struct process_input in = {0};
    json_t *suppliers = json_object_get(record, "suppliers"), *option = NULL, *item;
    json_t *services = json_object_get(record, "supplier_services");
    const char *fallback = json_string_value(json_object_get(record, "fallback"));
    size_t i, n_processes = json_array_size(suppliers);
    int rc = 0;

    in.dependency = json_string_value(json_object_get(record, "id"));
    in.node = json_string_value(json_object_get(record, "process"));
    in.buffer_h = (int32_t)json_integer_value(json_object_get(record, "buffer_h"));
    /* the processes first, then the services: alternatives all */
    in.n_suppliers = n_processes + json_array_size(services);
    in.suppliers = xcalloc(in.n_suppliers ? in.n_suppliers : 1, sizeof *in.suppliers);
    json_array_foreach(suppliers, i, item)
    {
        in.suppliers[i] = json_string_value(item);
    }
    json_array_foreach(services, i, item)
    {
        in.suppliers[n_processes + i] = json_string_value(item);
    }
    if (fallback) {
        if ((rc = store_record_get(w->s, model_kind(KIND_FALLBACK_OPTION), fallback, &option,
                                   w->e)) != 0)
            goto cleanup;
        /* Only a fallback that exists in practice bridges a loss. */
        if (json_is_true(json_object_get(option, "available"))) {
            in.has_fallback = 1;
            in.activation_h = (int32_t)json_integer_value(json_object_get(option, "activation_h"));
            in.duration_h = (int32_t)json_integer_value(json_object_get(option, "duration_h"));
        }
    }
    rc = w->input_fn(w->ctx, &in);
cleanup:
    free(in.suppliers);
    json_decref(option);
    return rc;
}

int process_graph_walk(struct store *s, int (*node_fn)(void *, const struct process_node *),
                       int (*input_fn)(void *, const struct process_input *), void *ctx,
                       struct error *e)
{
    struct walk w = {s, e, node_fn, input_fn, ctx, 0};
    int rc;
    if ((rc = store_record_each(s, model_kind(KIND_PROCESS), NULL, 0, 0, 0, walk_node, &w, e)) != 0)
        return rc;
    w.service = 1;
    if ((rc = store_record_each(s, model_kind(KIND_SERVICE), NULL, 0, 0, 0, walk_node, &w, e)) != 0)
        return rc;
    return store_record_each(s, model_kind(KIND_DEPENDENCY), NULL, 0, 0, 0, walk_input, &w, e);
}

static int collect_service(void *ctx, json_t *record)
{
    json_object_set_new(ctx, json_string_value(json_object_get(record, "id")), json_true());
    return 0;
}

int process_graph_service_ids(struct store *s, json_t **out, struct error *e)
{
    json_t *set = json_object();
    int rc;
    *out = NULL;
    if ((rc = store_record_each(s, model_kind(KIND_SERVICE), NULL, 0, 0, 0, collect_service, set,
                                e)) != 0) {
        json_decref(set);
        return rc;
    }
    *out = set;
    return 0;
}

const char *process_graph_node_type(const json_t *services, const char *id)
{
    return id && json_object_get(services, id) ? "service" : "process";
}

enum kind_id process_graph_node_kind(const json_t *services, const char *id)
{
    return id && json_object_get(services, id) ? KIND_SERVICE : KIND_PROCESS;
}

struct build {
    struct graph_builder *b;
    struct error *e;
};

static int build_node(void *ctx, const struct process_node *n)
{
    struct build *b = ctx;
    return graph_builder_add_node(b->b, n->id, n->recovery_h, b->e);
}

static int build_input(void *ctx, const struct process_input *in)
{
    struct build *b = ctx;
    int rc = graph_builder_add_input(b->b, in->node, in->suppliers, in->n_suppliers, in->buffer_h,
                                     in->has_fallback, in->activation_h, in->duration_h, b->e);
    if (rc != 0)
        error_prefix_where(b->e, in->dependency);
    return rc;
}

int process_graph_build(struct store *s, struct graph **out, struct error *e)
{
    struct build b = {NULL, e};
    int rc;
    *out = NULL;
    b.b = graph_builder_new();
    if ((rc = process_graph_walk(s, build_node, build_input, &b, e)) == 0)
        rc = graph_builder_finish(b.b, out, e);
    graph_builder_free(b.b);
    return rc;
}

int process_graph_load(const char *db_path, struct graph **out, json_t **services, struct error *e)
{
    struct store *s = NULL;
    int rc;
    *out = NULL;
    if (services)
        *services = NULL;
    if ((rc = store_open(db_path, STORE_READONLY, &s, e)) != 0)
        return rc;
    rc = process_graph_build(s, out, e);
    if (rc == 0 && services && (rc = process_graph_service_ids(s, services, e)) != 0) {
        graph_free(*out);
        *out = NULL;
    }
    store_close(s);
    return rc;
}
