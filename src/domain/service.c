/*
 * service.c — the common causes among the services (see service.h): each
 * service fails alone through the cascade model on the stored graph, and
 * the processes it takes down are counted per sector.
 */
#include "domain/service.h"

#include "base/arena.h"
#include "domain/process_graph.h"
#include "domain/settings.h"
#include "engine/cascade.h"
#include "engine/graph.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_OUTAGE_H   24
#define DEFAULT_HORIZON_H  168
#define DEFAULT_MIN_DOWN_H 1

struct gather {
    json_t *sectors;  /* process id -> sector id */
    json_t *services; /* [service records] in id order */
};

static int gather_process(void *ctx, json_t *record)
{
    struct gather *g = ctx;
    json_object_set(g->sectors, json_string_value(json_object_get(record, "id")),
                    json_object_get(record, "sector"));
    return 0;
}

static int gather_service(void *ctx, json_t *record)
{
    struct gather *g = ctx;
    json_array_append(g->services, record);
    return 0;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int compare_causes(const void *pa, const void *pb)
{
    const struct service_common_cause *a = pa, *b = pb;
    if (a->sectors_down != b->sectors_down)
        return a->sectors_down > b->sectors_down ? -1 : 1;
    if (a->processes_down != b->processes_down)
        return a->processes_down > b->processes_down ? -1 : 1;
    return strcmp(a->service, b->service);
}

/* The processes a cascade took down (at least min_down_h hours) and their
 * distinct sectors, into c. */
static void fill_cause(struct arena *a, const struct graph *g, const struct cascade_result *r,
                       json_t *sectors, int32_t min_down_h, struct service_common_cause *c)
{
    json_t *seen = json_object();
    uint32_t k;
    c->processes = arena_calloc(a, r->n_affected, sizeof *c->processes);
    c->sectors = arena_calloc(a, r->n_affected, sizeof *c->sectors);
    for (k = 0; k < r->n_affected; k++) {
        const char *id = graph_node_id(g, r->nodes[k].node);
        const char *sector = json_string_value(json_object_get(sectors, id));
        if (sector == NULL || r->nodes[k].down_h < min_down_h)
            continue; /* a service (the failing one or another), or too short */
        c->processes[c->n_processes] = arena_strdup(a, id);
        c->n_processes++;
        c->down_node_hours += r->nodes[k].down_h;
        if (json_object_get(seen, sector))
            continue;
        json_object_set_new(seen, sector, json_true());
        c->sectors[c->n_sectors] = arena_strdup(a, sector);
        c->n_sectors++;
    }
    c->processes_down = c->n_processes;
    c->sectors_down = c->n_sectors;
    qsort(c->processes, c->n_processes, sizeof *c->processes, compare_strings);
    qsort(c->sectors, c->n_sectors, sizeof *c->sectors, compare_strings);
    json_decref(seen);
}

int service_common_causes_compute(struct store *s, struct service_common_causes *out,
                                  struct error *e)
{
    struct gather g = {json_object(), json_array()};
    struct graph *graph = NULL;
    struct cascade_workspace *w = NULL;
    struct cascade_result *r = NULL;
    json_t *record;
    size_t i;
    int rc;

    memset(out, 0, sizeof *out);
    arena_init_unbounded(&out->arena);
    if ((rc = settings_get_hours(s, "assess_outage_h", DEFAULT_OUTAGE_H, 0, INT32_MAX,
                                 &out->outage_h, e)) != 0 ||
        (rc = settings_get_hours(s, "assess_horizon_h", DEFAULT_HORIZON_H, 1, CASCADE_MAX_HORIZON_H,
                                 &out->horizon_h, e)) != 0 ||
        (rc = settings_get_hours(s, "assess_cascade_min_down_h", DEFAULT_MIN_DOWN_H, 1,
                                 CASCADE_MAX_HORIZON_H, &out->min_down_h, e)) != 0)
        goto cleanup;
    if ((rc = store_record_each(s, model_kind(KIND_PROCESS), NULL, 0, 0, 0, gather_process, &g,
                                e)) != 0 ||
        (rc = store_record_each(s, model_kind(KIND_SERVICE), NULL, 0, 0, 0, gather_service, &g,
                                e)) != 0)
        goto cleanup;
    out->n_services = json_array_size(g.services);
    if (out->n_services == 0)
        goto cleanup;
    if ((rc = process_graph_build(s, &graph, e)) != 0)
        goto cleanup;
    w = cascade_workspace_new(graph);
    out->causes = arena_calloc(&out->arena, out->n_services, sizeof *out->causes);
    json_array_foreach(g.services, i, record)
    {
        struct service_common_cause *c = &out->causes[out->n];
        uint32_t node;
        struct cascade_event ev;
        if (graph_node_find(graph, json_string_value(json_object_get(record, "id")), &node) != 0)
            continue;
        ev = (struct cascade_event){&node, 1, out->outage_h, out->horizon_h, NULL};
        if ((rc = cascade_workspace_run(w, &ev, &r, e)) != 0)
            goto cleanup;
        fill_cause(&out->arena, graph, r, g.sectors, out->min_down_h, c);
        cascade_result_free(r);
        r = NULL;
        c->service = arena_strdup(&out->arena, json_string_value(json_object_get(record, "id")));
        c->name = arena_strdup(&out->arena, json_string_value(json_object_get(record, "name")));
        c->kind = arena_strdup(&out->arena, json_string_value(json_object_get(record, "kind")));
        if (c->n_sectors >= SERVICE_COMMON_CAUSE_MIN_SECTORS)
            out->n++;
        else
            memset(c, 0, sizeof *c); /* the slot is reused; its memory goes with the arena */
    }
    qsort(out->causes, out->n, sizeof *out->causes, compare_causes);
cleanup:
    cascade_result_free(r);
    cascade_workspace_free(w);
    graph_free(graph);
    json_decref(g.sectors);
    json_decref(g.services);
    return rc;
}

void service_common_causes_release(struct service_common_causes *c)
{
    if (c == NULL)
        return;
    arena_release(&c->arena);
    memset(c, 0, sizeof *c);
}
