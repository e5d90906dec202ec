/*
 * iim_table.c — interdependency tables on the database and the
 * perturbation a cascade gives (see iim_table.h).
 */
#include "domain/iim_table.h"

#include "base/xmalloc.h"
#include "domain/validate.h"
#include "engine/iim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int iim_table_document(const json_t *record, json_t **out, struct error *e)
{
    const char *data = json_string_value(json_object_get(record, "data"));
    const char *key;
    json_error_t jerr;
    json_t *doc, *value;
    *out = NULL;
    if (data == NULL)
        return error_set(e, ERR_INVALID, "data", "the table is missing");
    doc = json_loads(data, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL)
        return error_set(e, ERR_INVALID, "data", "not JSON: line %d, column %d: %s", jerr.line,
                         jerr.column, jerr.text);
    if (!json_is_object(doc)) {
        json_decref(doc);
        return error_set(e, ERR_INVALID, "data",
                         "$: must be an object {\"sectors\", \"io_table\" or \"a_star\"}");
    }
    json_object_foreach(doc, key, value)
    {
        if (strcmp(key, "sectors") != 0 && strcmp(key, "io_table") != 0 &&
            strcmp(key, "a_star") != 0) {
            /* the message first: key lives in doc */
            int rc = error_set(e, ERR_INVALID, "data",
                               "$: unknown key '%s' (a stored table holds sectors and io_table "
                               "or a_star; a run gives c_star)",
                               key);
            json_decref(doc);
            return rc;
        }
    }
    *out = doc;
    return 0;
}

/* Index of name among sectors, or -1. */
static long sector_index(const json_t *sectors, const char *name)
{
    size_t i;
    json_t *s;
    json_array_foreach(sectors, i, s)
    {
        if (name && json_is_string(s) && strcmp(json_string_value(s), name) == 0)
            return (long)i;
    }
    return -1;
}

int iim_table_check(const json_t *record, const char *where, struct error *e)
{
    struct iim_input in;
    char at[ERROR_WHERE_MAX];
    json_t *doc = NULL, *c = NULL, *value;
    const char *key;
    double *q = NULL;
    size_t i;
    int rc;
    memset(&in, 0, sizeof in);
    if ((rc = iim_table_document(record, &doc, e)) != 0)
        goto fail;
    /* a zero perturbation: the table alone must be solvable */
    c = json_array();
    for (i = 0; i < json_array_size(json_object_get(doc, "sectors")); i++)
        json_array_append_new(c, json_integer(0));
    json_object_set_new(doc, "c_star", c);
    if ((rc = iim_input_read(doc, &in, e)) != 0) {
        error_prefix_where(e, "data");
        goto fail;
    }
    q = xcalloc(in.n, sizeof *q);
    if ((rc = iim_static(in.n, in.a_star, in.c_star, q, e)) != 0) {
        snprintf(e->where, sizeof e->where, "data");
        goto fail;
    }
    json_object_foreach(json_object_get(record, "sector_map"), key, value)
    {
        if (sector_index(in.sectors, json_string_value(value)) < 0) {
            char place[ERROR_WHERE_MAX];
            snprintf(place, sizeof place, "sector_map.%s", key);
            rc = error_set(e, ERR_INVALID, validate_field_where(where, place, at, sizeof at),
                           "'%s' is not one of the table's sectors", json_string_value(value));
            goto cleanup;
        }
    }
    goto cleanup;
fail:
    snprintf(at, sizeof at, "%s", e->where);
    validate_field_where(where, at, e->where, sizeof e->where);
cleanup:
    free(q);
    iim_input_release(&in);
    json_decref(doc);
    return rc;
}

int iim_cascade_perturbation(const json_t *sectors, const json_t *sector_map,
                             const struct iim_process_down *procs, size_t n_procs,
                             int32_t horizon_h, double *c_star, double *hourly, size_t *counts,
                             struct error *e)
{
    size_t n = json_array_size(sectors), p, i;
    size_t *count = xcalloc(n ? n : 1, sizeof *count);
    double *down = xcalloc(n ? n : 1, sizeof *down);
    const char *key;
    json_t *value;
    int rc = 0;
    if (horizon_h < 1) {
        rc = error_set(e, ERR_INVALID, "horizon_h", "the horizon must be at least one hour");
        goto cleanup;
    }
    json_object_foreach((json_t *)sector_map, key, value)
    {
        if (sector_index(sectors, json_string_value(value)) < 0) {
            rc = error_set(e, ERR_INVALID, "sector_map", "'%s' is not one of the table's sectors",
                           json_string_value(value) ? json_string_value(value) : "");
            goto cleanup;
        }
    }
    if (hourly)
        memset(hourly, 0, (size_t)horizon_h * n * sizeof *hourly);
    for (p = 0; p < n_procs; p++) {
        const json_t *to = procs[p].sector ? json_object_get(sector_map, procs[p].sector) : NULL;
        long s = to ? sector_index(sectors, json_string_value(to)) : -1;
        uint32_t k;
        if (s < 0)
            continue;
        count[s]++;
        for (k = 0; k < procs[p].n_intervals; k++) {
            int32_t from = procs[p].intervals[2 * k], end = procs[p].intervals[2 * k + 1], t;
            if (from < 0)
                from = 0;
            if (end > horizon_h)
                end = horizon_h;
            if (end <= from)
                continue;
            down[s] += end - from;
            for (t = from; hourly && t < end; t++)
                hourly[(size_t)t * n + (size_t)s] += 1.0;
        }
    }
    for (i = 0; i < n; i++) {
        int32_t t;
        c_star[i] = count[i] ? down[i] / ((double)count[i] * horizon_h) : 0.0;
        for (t = 0; hourly && count[i] && t < horizon_h; t++)
            hourly[(size_t)t * n + i] /= (double)count[i];
        if (counts)
            counts[i] = count[i];
    }
cleanup:
    free(count);
    free(down);
    return rc;
}

struct sector_of {
    struct access *a;
    struct store *s;
    json_t *map; /* process id -> vitaal sector id, the processes a may read */
    int rc;
    struct error *e;
};

static int note_sector(void *ctx, json_t *record)
{
    struct sector_of *so = ctx;
    int rc = 0;
    if (so->a)
        rc = access_can_read(so->a, so->s, model_kind(KIND_PROCESS), record, so->e);
    if (rc == 0)
        json_object_set(so->map, json_string_value(json_object_get(record, "id")),
                        json_object_get(record, "sector"));
    else if (rc != ERR_NOTFOUND)
        so->rc = rc;
    return so->rc;
}

int iim_table_cascade_document(struct store *s, struct access *a, const json_t *t,
                               const struct graph *g, const struct cascade_result *r,
                               int32_t recovery_h, json_t **doc, json_t **counts, struct error *e)
{
    struct sector_of so = {a, s, json_object(), 0, e};
    struct iim_process_down *procs = NULL;
    json_t *d = NULL, *sectors, *index = json_object(), *v;
    const char *id;
    double *c_star = NULL, *hourly = NULL;
    size_t *count = NULL, n, np = 0, i;
    uint32_t k;
    int32_t h;
    int rc;
    *doc = NULL;
    if (counts)
        *counts = NULL;
    if ((rc = iim_table_document(t, &d, e)) != 0)
        goto cleanup;
    sectors = json_object_get(d, "sectors");
    n = json_array_size(sectors);
    if (n == 0) {
        rc = error_set(e, ERR_INVALID, "data", "$.sectors: the table names no sectors");
        goto cleanup;
    }
    if ((rc = store_record_each(s, model_kind(KIND_PROCESS), NULL, 0, 0, 0, note_sector, &so, e)) !=
            0 ||
        (rc = so.rc) != 0)
        goto cleanup;
    procs = xcalloc(json_object_size(so.map) + 1, sizeof *procs);
    c_star = xcalloc(n, sizeof *c_star);
    count = xcalloc(n, sizeof *count);
    hourly = recovery_h > 0 ? xcalloc((size_t)r->horizon_h * n, sizeof *hourly) : NULL;
    json_object_foreach(so.map, id, v)
    {
        procs[np] = (struct iim_process_down){json_string_value(v), 0, NULL};
        json_object_set_new(index, id, json_integer((json_int_t)np++));
    }
    /* the cascade's intervals of the processes counted (services have no
     * sector, a hidden process is not in the index) */
    for (k = 0; k < r->n_affected; k++) {
        json_t *at = json_object_get(index, graph_node_id(g, r->nodes[k].node));
        if (at == NULL)
            continue;
        procs[json_integer_value(at)].n_intervals = r->nodes[k].n_intervals;
        procs[json_integer_value(at)].intervals = r->nodes[k].intervals;
    }
    if ((rc = iim_cascade_perturbation(sectors, json_object_get(t, "sector_map"), procs, np,
                                       r->horizon_h, c_star, hourly, count, e)) != 0)
        goto cleanup;
    v = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(v, json_real(c_star[i]));
    json_object_set_new(d, "c_star", v);
    if (recovery_h > 0) {
        json_t *dyn = json_object(), *rs = json_array(), *pert = json_array();
        for (i = 0; i < n; i++)
            json_array_append_new(rs, json_integer(recovery_h));
        for (h = 0; h < r->horizon_h; h++) {
            json_t *c = json_array(), *p;
            int any = 0;
            for (i = 0; i < n; i++) {
                any |= hourly[(size_t)h * n + i] > 0;
                json_array_append_new(c, json_real(hourly[(size_t)h * n + i]));
            }
            if (!any) {
                json_decref(c);
                continue;
            }
            /* hour h drives step h + 1 (step 0 is the state before) */
            p = json_pack("{s:I,s:I,s:o}", "from", (json_int_t)h + 1, "to", (json_int_t)h + 1,
                          "c_star", c);
            json_array_append_new(pert, p);
        }
        json_object_set_new(dyn, "recovery_steps", rs);
        json_object_set_new(dyn, "steps", json_integer((json_int_t)r->horizon_h + 1));
        json_object_set_new(dyn, "perturbations", pert);
        json_object_set_new(d, "dynamic", dyn);
    }
    if (counts) {
        *counts = json_array();
        for (i = 0; i < n; i++)
            json_array_append_new(*counts, json_integer((json_int_t)count[i]));
    }
    *doc = d;
    d = NULL;
cleanup:
    free(procs);
    free(c_star);
    free(hourly);
    free(count);
    json_decref(index);
    json_decref(so.map);
    json_decref(d);
    return rc;
}
