/*
 * cascade_json.c — the engine's two documents over the process graph, one
 * shape for the CLI and the API (see report_json.h): a cascade (`vitaal
 * cascade --json`, POST /api/v1/cascade) and the criticality ranking
 * (`vitaal criticality --json`, the POST /api/v1/criticality job). Writes
 * only the nodes the filter lets it name and counts the others.
 */
#include "report/report_json.h"

#include "domain/process_graph.h"

/* 1 when the filter lets the document name the graph node id. */
static int node_shown(const json_t *services, const char *id, const struct report_filter *f)
{
    return report_shows(f, process_graph_node_kind(services, id), id);
}

/* Opens a node's object: its id and, from the database, its type. */
static void begin_node(struct json_writer *w, const json_t *services, const char *id)
{
    json_write_object_begin(w);
    json_write_key(w, "id");
    json_write_string(w, id);
    if (services == NULL) /* a graph file: its nodes have no type */
        return;
    json_write_key(w, "type");
    json_write_string(w, process_graph_node_type(services, id));
}

static void write_intervals(struct json_writer *w, const struct cascade_node *n)
{
    uint32_t j;
    json_write_array_begin(w);
    for (j = 0; j < n->n_intervals; j++) {
        json_write_array_begin(w);
        json_write_int(w, n->intervals[2 * j]);
        json_write_int(w, n->intervals[2 * j + 1]);
        json_write_array_end(w);
    }
    json_write_array_end(w);
}

void cascade_write_json(struct json_writer *w, const struct cascade_doc *d,
                        const struct report_filter *f)
{
    const struct cascade_result *r = d->r;
    uint32_t k, shown = 0;
    size_t i;
    for (k = 0; k < r->n_affected; k++) {
        shown += (uint32_t)node_shown(d->services, graph_node_id(d->g, r->nodes[k].node), f);
    }
    json_write_object_begin(w);
    json_write_key(w, "horizon_h");
    json_write_int(w, r->horizon_h);
    json_write_key(w, "outage_h");
    json_write_int(w, r->outage_h);
    json_write_key(w, "failed");
    json_write_array_begin(w);
    for (i = 0; i < d->n_failed; i++) {
        if (node_shown(d->services, d->failed[i], f))
            json_write_string(w, d->failed[i]);
    }
    json_write_array_end(w);
    json_write_key(w, "affected");
    json_write_int(w, shown);
    /* how many affected processes and services the reader may not see,
     * never which (issue 14 part 5) */
    json_write_key(w, "not_visible");
    json_write_int(w, r->n_affected - shown);
    json_write_key(w, "nodes");
    json_write_array_begin(w);
    for (k = 0; k < r->n_affected; k++) {
        const struct cascade_node *n = &r->nodes[k];
        const char *id = graph_node_id(d->g, n->node);
        if (!node_shown(d->services, id, f))
            continue;
        begin_node(w, d->services, id);
        json_write_key(w, "first_down_h");
        json_write_int(w, n->first_down_h);
        json_write_key(w, "down_h");
        json_write_int(w, n->down_h);
        json_write_key(w, "intervals");
        write_intervals(w, n);
        json_write_object_end(w);
    }
    json_write_array_end(w);
    json_write_object_end(w);
}

void criticality_write_json(struct json_writer *w, const struct criticality_doc *d,
                            const struct report_filter *f)
{
    size_t i, shown = 0, counted = 0, services = 0;
    for (i = 0; i < d->n; i++) {
        const char *id = graph_node_id(d->g, d->entries[i].node);
        enum kind_id kind = process_graph_node_kind(d->services, id);
        if (report_counts(f, kind, id)) {
            counted++;
            services += d->services != NULL && json_object_get(d->services, id) != NULL;
        }
    }
    json_write_object_begin(w);
    json_write_key(w, "horizon_h");
    json_write_int(w, d->horizon_h);
    json_write_key(w, "outage_h");
    json_write_int(w, d->outage_h);
    if (d->services != NULL) {
        json_write_key(w, "processes");
        json_write_int(w, (int64_t)(counted - services));
        json_write_key(w, "services");
        json_write_int(w, (int64_t)services);
    }
    /* how many ranked processes and services the reader may not see, never
     * which (issue 14 part 5) */
    json_write_key(w, "not_visible");
    json_write_int(w, (int64_t)(d->n - counted));
    json_write_key(w, "ranking");
    json_write_array_begin(w);
    for (i = 0; i < d->n && (d->top == 0 || shown < d->top); i++) {
        const char *id = graph_node_id(d->g, d->entries[i].node);
        if (!node_shown(d->services, id, f))
            continue;
        begin_node(w, d->services, id);
        json_write_key(w, "affected");
        json_write_int(w, d->entries[i].affected);
        json_write_key(w, "down_node_hours");
        json_write_int(w, d->entries[i].down_node_hours);
        json_write_object_end(w);
        shown++;
    }
    json_write_array_end(w);
    json_write_object_end(w);
}
