/*
 * framework_coverage.c — frameworks in the database (see framework.h): the
 * default owner, finding a framework by id, urn or ref_id, and the
 * requirement tree with the measures that cover each requirement, counted
 * over all measures or over a scope (one process, what a reader may see).
 * Reads only; framework.c reads the YAML files.
 */
#include "domain/framework.h"

#include "base/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- owner and names ---------------------------------------------------------- */

struct collect {
    json_t *list;
};

static int collect_one(void *ctx, json_t *record)
{
    struct collect *c = ctx;
    json_array_append(c->list, record);
    return 0;
}

static int collect(struct store *s, enum kind_id kind, const char *field, const char *value,
                   json_t **out, struct error *e)
{
    const struct kind *k = model_kind(kind);
    struct store_filter filter;
    struct collect c;
    int rc;
    c.list = json_array();
    *out = c.list;
    if (field) {
        filter.field = model_field_find(k, field);
        filter.value = value;
    }
    rc = store_record_each(s, k, field ? &filter : NULL, field ? 1 : 0, 0, 0, collect_one, &c, e);
    return rc;
}

int framework_owner_default(struct store *s, char *buf, size_t size, struct error *e)
{
    json_t *list = NULL;
    int rc = collect(s, KIND_ORGANISATION, "kind", "coordinator", &list, e);
    if (rc == 0 && json_array_size(list) == 0)
        rc = error_set(e, ERR_INVALID, NULL,
                       "no organisation of kind coordinator in the database to own the "
                       "framework; name the owner with --owner ORG");
    else if (rc == 0 && json_array_size(list) > 1)
        rc = error_set(e, ERR_INVALID, NULL,
                       "%zu organisations of kind coordinator; name the owner with --owner ORG",
                       json_array_size(list));
    else if (rc == 0)
        snprintf(buf, size, "%s",
                 json_string_value(json_object_get(json_array_get(list, 0), "id")));
    json_decref(list);
    return rc;
}

int framework_resolve(struct store *s, const char *name, char *buf, size_t size, struct error *e)
{
    const struct kind *k = model_kind(KIND_FRAMEWORK);
    json_t *list = NULL, *fw;
    const char *found = NULL;
    size_t i, matches = 0;
    int exists = 0, rc;

    if ((rc = store_record_exists(s, k, name, &exists, e)) != 0)
        return rc;
    if (exists) {
        snprintf(buf, size, "%s", name);
        return 0;
    }
    if ((rc = collect(s, KIND_FRAMEWORK, NULL, NULL, &list, e)) != 0)
        goto cleanup;
    json_array_foreach(list, i, fw)
    {
        const char *urn = json_string_value(json_object_get(fw, "urn"));
        const char *ref = json_string_value(json_object_get(fw, "ref_id"));
        if (urn && strcmp(urn, name) == 0) {
            found = json_string_value(json_object_get(fw, "id"));
            matches = 1;
            break;
        }
        if (ref && strcasecmp(ref, name) == 0) {
            found = json_string_value(json_object_get(fw, "id"));
            matches++;
        }
    }
    if (matches == 0)
        rc = error_set(e, ERR_NOTFOUND, name, "no framework with this id, urn or ref_id");
    else if (matches > 1)
        rc = error_set(e, ERR_INVALID, name, "%zu frameworks have this ref_id; name one by its id",
                       matches);
    else
        snprintf(buf, size, "%s", found);
cleanup:
    json_decref(list);
    return rc;
}

/* --- coverage ----------------------------------------------------------------- */

struct sort_key {
    json_int_t position;
    const char *id;
    size_t at; /* index in the list of requirements */
};

static int by_position(const void *a, const void *b)
{
    const struct sort_key *x = a, *y = b;
    if (x->position != y->position)
        return x->position < y->position ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* Lays the requirements out depth first, siblings by position then id.
 * Requirements caught in a circle of parents (possible only through a
 * hand-written JSON import) come last, at depth 0. The nodes borrow their
 * records from reqs; their measures lists go to held. */
static void lay_out(struct framework_coverage *c, json_t *reqs, json_t *index, json_t *held)
{
    struct arena scratch = ARENA_INIT_UNBOUNDED;
    size_t n = json_array_size(reqs), i, top = 0, next = 0, next_top = 0;
    struct sort_key *keys = arena_calloc(&scratch, n + 1, sizeof *keys);
    size_t *parent = arena_calloc(&scratch, n + 1, sizeof *parent);
    size_t *first = arena_calloc(&scratch, n + 2, sizeof *first);
    size_t *children = arena_calloc(&scratch, n + 1, sizeof *children);
    size_t *fill = arena_calloc(&scratch, n + 1, sizeof *fill);
    size_t *stack = arena_calloc(&scratch, n + 1, sizeof *stack);
    size_t *depth = arena_calloc(&scratch, n + 1, sizeof *depth);
    unsigned char *placed = arena_calloc(&scratch, n + 1, 1);

    c->nodes = arena_calloc(&c->arena, n + 1, sizeof *c->nodes);
    for (i = 0; i < n; i++) {
        json_t *req = json_array_get(reqs, i), *p;
        keys[i].position = json_integer_value(json_object_get(req, "position"));
        keys[i].id = json_string_value(json_object_get(req, "id"));
        keys[i].at = i;
        p = json_object_get(req, "parent");
        p = json_is_string(p) ? json_object_get(index, json_string_value(p)) : NULL;
        parent[i] = p ? (size_t)json_integer_value(p) : SIZE_MAX;
    }
    qsort(keys, n, sizeof *keys, by_position);
    /* children of each node in sorted order, as compressed rows: first[p] .. first[p+1] */
    for (i = 0; i < n; i++) {
        if (parent[i] != SIZE_MAX)
            first[parent[i] + 1]++;
    }
    for (i = 0; i < n; i++)
        first[i + 1] += first[i];
    for (i = 0; i < n; i++) {
        size_t at = keys[i].at;
        if (parent[at] != SIZE_MAX)
            children[first[parent[at]] + fill[parent[at]]++] = at;
    }
    while (c->n < n) {
        size_t at, d, k;
        if (top == 0) { /* the next top node in order, or what hangs in a circle */
            while (next_top < n &&
                   (parent[keys[next_top].at] != SIZE_MAX || placed[keys[next_top].at]))
                next_top++;
            while (next < n && placed[keys[next].at])
                next++;
            stack[top] = keys[next_top < n ? next_top : next].at;
            depth[top++] = 0;
        }
        at = stack[--top];
        d = depth[top];
        if (placed[at])
            continue;
        placed[at] = 1;
        c->nodes[c->n].record = json_array_get(reqs, at);
        c->nodes[c->n].depth = d;
        c->nodes[c->n].measures = json_array();
        json_array_append_new(held, c->nodes[c->n++].measures);
        for (k = first[at + 1]; k-- > first[at];) {
            if (!placed[children[k]] && top < n) {
                stack[top] = children[k];
                depth[top++] = d + 1;
            }
        }
    }
    arena_release(&scratch);
}

/* Whether measure m names process. */
static int names_process(const json_t *m, const char *process)
{
    json_t *p;
    size_t i;
    json_array_foreach(json_object_get(m, "processes"), i, p)
    {
        if (json_is_string(p) && strcmp(json_string_value(p), process) == 0)
            return 1;
    }
    return 0;
}

/* Replaces *list (records of kind) by what scope lets through, in order. */
static int scope_filter(json_t **list, const struct kind *kind, const struct framework_scope *scope,
                        struct error *e)
{
    json_t *kept, *r;
    size_t i;
    int keep;
    if (scope == NULL)
        return 0;
    kept = json_array();
    json_array_foreach(*list, i, r)
    {
        keep = 1;
        if (scope->process && kind->id == KIND_MEASURE)
            keep = names_process(r, scope->process);
        if (keep && scope->keep && (keep = scope->keep(scope->ctx, kind->id, r, e)) < 0) {
            json_decref(kept);
            return keep;
        }
        if (keep)
            json_array_append(kept, r);
    }
    json_decref(*list);
    *list = kept;
    return 0;
}

int framework_coverage_compute(struct store *s, const char *id, struct framework_coverage *out,
                               struct error *e)
{
    return framework_coverage_compute_scoped(s, id, NULL, out, e);
}

int framework_coverage_compute_scoped(struct store *s, const char *id,
                                      const struct framework_scope *scope,
                                      struct framework_coverage *out, struct error *e)
{
    json_t *reqs = NULL, *measures = NULL, *index = json_object(), *held = json_array(), *m, *req;
    size_t i, j;
    int rc;

    memset(out, 0, sizeof *out);
    arena_init_unbounded(&out->arena);
    /* what the coverage borrows (the framework, the requirements, the nodes'
     * measures lists) is held by one list on its arena */
    arena_defer(&out->arena, arena_free_json, held); /* unbounded: cannot fail */
    if ((rc = store_record_get(s, model_kind(KIND_FRAMEWORK), id, &out->framework, e)) != 0)
        goto cleanup;
    json_array_append_new(held, out->framework);
    if ((rc = collect(s, KIND_REQUIREMENT, "framework", id, &reqs, e)) != 0 ||
        (rc = collect(s, KIND_MEASURE, NULL, NULL, &measures, e)) != 0 ||
        (rc = scope_filter(&reqs, model_kind(KIND_REQUIREMENT), scope, e)) != 0 ||
        (rc = scope_filter(&measures, model_kind(KIND_MEASURE), scope, e)) != 0)
        goto cleanup;
    json_array_foreach(reqs, i, req)
    {
        json_object_set_new(index, json_string_value(json_object_get(req, "id")),
                            json_integer((json_int_t)i));
    }
    json_array_append(held, reqs);
    lay_out(out, reqs, index, held);
    /* index now maps a requirement id to its place in the tree */
    for (i = 0; i < out->n; i++)
        json_object_set_new(index, json_string_value(json_object_get(out->nodes[i].record, "id")),
                            json_integer((json_int_t)i));
    json_array_foreach(measures, i, m)
    {
        const char *status = json_string_value(json_object_get(m, "status"));
        json_array_foreach(json_object_get(m, "requirements"), j, req)
        {
            json_t *at = json_object_get(index, json_string_value(req));
            struct framework_node *node;
            if (at == NULL)
                continue;
            node = &out->nodes[json_integer_value(at)];
            json_array_append(node->measures, m);
            if (status && strcmp(status, "cancelled") != 0)
                node->covered = 1;
            if (status && strcmp(status, "done") == 0)
                node->covered_done = 1;
        }
    }
    for (i = 0; i < out->n; i++) {
        if (!json_is_true(json_object_get(out->nodes[i].record, "assessable")))
            continue;
        out->assessable++;
        out->covered += out->nodes[i].covered ? 1 : 0;
        out->covered_done += out->nodes[i].covered_done ? 1 : 0;
    }
cleanup:
    json_decref(reqs);
    json_decref(measures);
    json_decref(index);
    return rc;
}

void framework_coverage_release(struct framework_coverage *c)
{
    if (c == NULL)
        return;
    arena_release(&c->arena);
    memset(c, 0, sizeof *c);
}
