/*
 * whatif.c — the editable process graph and measures as what-if (see
 * whatif.h). Reads the store, never writes it; the cascades and rankings are
 * the engine's, run on graphs built from the edited copy.
 */
#include "domain/whatif.h"

#include "base/arena.h"
#include "base/xmalloc.h"
#include "domain/process_graph.h"
#include "domain/risk_score.h"
#include "domain/settings.h"
#include "engine/cascade.h"
#include "engine/criticality.h"
#include "engine/graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WHATIF_DEFAULT_OUTAGE_H  24
#define WHATIF_DEFAULT_HORIZON_H 168

/* --- the editable graph ---------------------------------------------------- */

static void input_release(struct whatif_input *in)
{
    size_t i;
    for (i = 0; i < in->n_suppliers; i++)
        free(in->suppliers[i]);
    free(in->suppliers);
    free(in->dependency);
    free(in->node);
    free(in->fallback);
}

void whatif_graph_release(struct whatif_graph *wg)
{
    size_t i;
    if (wg == NULL)
        return;
    for (i = 0; i < wg->n_nodes; i++)
        free(wg->nodes[i]);
    for (i = 0; i < wg->n_inputs; i++)
        input_release(&wg->inputs[i]);
    free(wg->nodes);
    free(wg->recovery_h);
    free(wg->inputs);
    memset(wg, 0, sizeof *wg);
}

struct load {
    struct whatif_graph *wg;
    struct error *e;
    size_t cursor; /* the dependency records come in the same id order as the inputs */
};

static int load_node(void *ctx, const struct process_node *n)
{
    struct load *l = ctx;
    struct whatif_graph *wg = l->wg;
    if (wg->n_nodes == wg->cap_nodes) {
        size_t cap = wg->cap_nodes ? 2 * wg->cap_nodes : 64;
        char **nodes = xrealloc(wg->nodes, cap * sizeof *nodes);
        int32_t *rec;
        wg->nodes = nodes;
        rec = xrealloc(wg->recovery_h, cap * sizeof *rec);
        wg->recovery_h = rec;
        wg->cap_nodes = cap;
    }
    wg->nodes[wg->n_nodes] = xstrdup(n->id);
    wg->recovery_h[wg->n_nodes++] = n->recovery_h;
    return 0;
}

static int load_input(void *ctx, const struct process_input *p)
{
    struct load *l = ctx;
    struct whatif_graph *wg = l->wg;
    struct whatif_input *in;
    size_t i;
    if (wg->n_inputs == wg->cap_inputs) {
        size_t cap = wg->cap_inputs ? 2 * wg->cap_inputs : 64;
        struct whatif_input *inputs = xrealloc(wg->inputs, cap * sizeof *inputs);
        wg->inputs = inputs;
        wg->cap_inputs = cap;
    }
    in = &wg->inputs[wg->n_inputs++];
    memset(in, 0, sizeof *in);
    in->dependency = xstrdup(p->dependency);
    in->node = xstrdup(p->node);
    in->suppliers = xcalloc(p->n_suppliers ? p->n_suppliers : 1, sizeof *in->suppliers);
    for (i = 0; i < p->n_suppliers; i++) {
        in->suppliers[i] = xstrdup(p->suppliers[i]);
        in->n_suppliers++;
    }
    in->buffer_h = p->buffer_h;
    in->has_fallback = p->has_fallback;
    in->activation_h = p->activation_h;
    in->duration_h = p->duration_h;
    return 0;
}

/* Notes the fallback option each dependency names (process_graph_walk gives
 * only the window of an available one). */
static int load_fallback_id(void *ctx, json_t *record)
{
    struct load *l = ctx;
    struct whatif_input *in = NULL;
    const char *id = json_string_value(json_object_get(record, "id"));
    const char *fallback = json_string_value(json_object_get(record, "fallback"));
    int rc = 0;
    if (l->cursor < l->wg->n_inputs && strcmp(l->wg->inputs[l->cursor].dependency, id) == 0)
        in = &l->wg->inputs[l->cursor++];
    else
        in = whatif_graph_find_input(l->wg, id);
    if (in && fallback)
        in->fallback = xstrdup(fallback);
    return rc;
}

int whatif_graph_load(struct store *s, struct whatif_graph *out, struct error *e)
{
    struct load l = {out, e, 0};
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = process_graph_walk(s, load_node, load_input, &l, e)) == 0)
        rc = store_record_each(s, model_kind(KIND_DEPENDENCY), NULL, 0, 0, 0, load_fallback_id, &l,
                               e);
    if (rc != 0)
        whatif_graph_release(out);
    return rc;
}

struct whatif_input *whatif_graph_find_input(const struct whatif_graph *wg, const char *dependency)
{
    size_t i;
    for (i = 0; i < wg->n_inputs; i++) {
        if (strcmp(wg->inputs[i].dependency, dependency) == 0)
            return &wg->inputs[i];
    }
    return NULL;
}

int whatif_graph_build(const struct whatif_graph *wg, struct graph **out, struct error *e)
{
    struct graph_builder *b = NULL;
    size_t i;
    int rc = 0;
    *out = NULL;
    b = graph_builder_new();
    for (i = 0; i < wg->n_nodes && rc == 0; i++)
        rc = graph_builder_add_node(b, wg->nodes[i], wg->recovery_h[i], e);
    for (i = 0; i < wg->n_inputs && rc == 0; i++) {
        const struct whatif_input *in = &wg->inputs[i];
        rc = graph_builder_add_input(b, in->node, (const char *const *)in->suppliers,
                                     in->n_suppliers, in->buffer_h, in->has_fallback,
                                     in->activation_h, in->duration_h, e);
        if (rc != 0)
            error_prefix_where(e, in->dependency);
    }
    if (rc == 0)
        rc = graph_builder_finish(b, out, e);
    graph_builder_free(b);
    return rc;
}

int64_t whatif_unbridged_hours(int32_t buffer_h, int has_fallback, int32_t activation_h,
                               int32_t duration_h, int32_t max_loss_h)
{
    int64_t bridged = buffer_h < max_loss_h ? buffer_h : max_loss_h;
    if (has_fallback) {
        /* the window (activation_h, activation_h + duration_h], beyond the buffer */
        int64_t lo = activation_h > buffer_h ? activation_h : buffer_h;
        int64_t hi = (int64_t)activation_h + duration_h;
        if (hi > max_loss_h)
            hi = max_loss_h;
        if (hi > lo)
            bridged += hi - lo;
    }
    return (int64_t)max_loss_h - bridged;
}

/* --- measures -------------------------------------------------------------- */

static const char *text_of(json_t *record, const char *field)
{
    return json_string_value(json_object_get(record, field));
}

/* What each effect needs besides itself. */
static const struct {
    const char *effect;
    const char *fields[3];
} effect_needs[] = {
    {"add_supplier", {"effect_dependency", "effect_supplier", NULL}},
    {"add_buffer", {"effect_dependency", "effect_hours", NULL}},
    {"add_fallback", {"effect_dependency", "effect_activation_h", "effect_duration_h"}},
    {"likelihood", {"effect_risk", "effect_class", NULL}},
    {"impact", {"effect_risk", "effect_criterion", "effect_class"}},
};

static int measure_check(json_t *m, struct error *e)
{
    const char *id = text_of(m, "id"), *effect = text_of(m, "effect");
    char at[ERROR_WHERE_MAX];
    size_t i, j;
    if (effect == NULL || strcmp(effect, "none") == 0)
        return error_set(e, ERR_INVALID, NULL, "measure %s has no what-if effect", id);
    for (i = 0; i < sizeof effect_needs / sizeof effect_needs[0]; i++) {
        if (strcmp(effect_needs[i].effect, effect) != 0)
            continue;
        for (j = 0; j < 3 && effect_needs[i].fields[j]; j++) {
            json_t *v = json_object_get(m, effect_needs[i].fields[j]);
            if (v == NULL || json_is_null(v)) {
                snprintf(at, sizeof at, "%s.%s", id, effect_needs[i].fields[j]);
                return error_set(e, ERR_INVALID, at, "measure %s: effect %s needs %s", id, effect,
                                 effect_needs[i].fields[j]);
            }
        }
        return 0;
    }
    return error_set(e, ERR_INVALID, NULL, "measure %s: unknown effect '%s'", id, effect);
}

static void suppliers_text(const struct whatif_input *in, char *buf, size_t size)
{
    size_t i, len = 0;
    buf[0] = '\0';
    for (i = 0; i < in->n_suppliers && len < size; i++) {
        int n = snprintf(buf + len, size - len, "%s%s", i ? ", " : "", in->suppliers[i]);
        if (n < 0)
            break;
        len += (size_t)n;
    }
}

/* The input's buffer and fallback window as values (whatif_change.state_*). */
static void input_state(const struct whatif_input *in, struct whatif_state *s)
{
    s->buffer_h = in->buffer_h;
    s->has_fallback = in->has_fallback;
    s->from_h = in->has_fallback ? in->activation_h + 1 : 0;
    s->through_h = in->has_fallback ? in->activation_h + in->duration_h : 0;
}

static void fallback_text(const struct whatif_input *in, char *buf, size_t size)
{
    if (!in->has_fallback)
        snprintf(buf, size, "no fallback");
    else
        snprintf(buf, size, "fallback from loss hour %ld through %ld", (long)in->activation_h + 1,
                 (long)in->activation_h + in->duration_h);
}

static int apply_graph_effect(struct whatif_graph *after, json_t *m, int32_t horizon_h,
                              struct whatif_change *c, struct error *e)
{
    const char *dependency = text_of(m, "effect_dependency");
    struct whatif_input *in = whatif_graph_find_input(after, dependency);
    if (in == NULL)
        return error_set(e, ERR_NOTFOUND, c->measure, "unknown dependency '%s'", dependency);
    snprintf(c->target, sizeof c->target, "%s", dependency);
    input_state(in, &c->state_before);
    if (strcmp(c->effect, "add_supplier") == 0) {
        const char *supplier = text_of(m, "effect_supplier");
        char **grown;
        size_t i;
        suppliers_text(in, c->before, sizeof c->before);
        for (i = 0; i < in->n_suppliers; i++) {
            if (strcmp(in->suppliers[i], supplier) == 0)
                break;
        }
        if (i == in->n_suppliers) {
            grown = xrealloc(in->suppliers, (in->n_suppliers + 1) * sizeof *grown);
            in->suppliers = grown;
            in->suppliers[in->n_suppliers] = xstrdup(supplier);
            in->n_suppliers++;
            c->changed = 1;
        }
        suppliers_text(in, c->after, sizeof c->after);
        input_state(in, &c->state_after);
        return 0;
    }
    if (strcmp(c->effect, "add_buffer") == 0) {
        int64_t hours = json_integer_value(json_object_get(m, "effect_hours"));
        int64_t buffer = (int64_t)in->buffer_h + hours;
        snprintf(c->before, sizeof c->before, "buffer %ld h", (long)in->buffer_h);
        in->buffer_h = buffer > INT32_MAX ? INT32_MAX : (int32_t)buffer;
        c->changed = hours > 0;
        snprintf(c->after, sizeof c->after, "buffer %ld h", (long)in->buffer_h);
        input_state(in, &c->state_after);
        return 0;
    }
    /* add_fallback: replaces the current fallback only when that bridges less
     * of a loss as long as the horizon */
    {
        int32_t act = (int32_t)json_integer_value(json_object_get(m, "effect_activation_h"));
        int32_t dur = (int32_t)json_integer_value(json_object_get(m, "effect_duration_h"));
        int64_t now = whatif_unbridged_hours(in->buffer_h, in->has_fallback, in->activation_h,
                                             in->duration_h, horizon_h);
        int64_t then = whatif_unbridged_hours(in->buffer_h, 1, act, dur, horizon_h);
        fallback_text(in, c->before, sizeof c->before);
        if (then < now) {
            in->has_fallback = 1;
            in->activation_h = act;
            in->duration_h = dur;
            c->changed = 1;
        }
        fallback_text(in, c->after, sizeof c->after);
        input_state(in, &c->state_after);
        return 0;
    }
}

/* --- what the result holds, released with its arena -------------------------- */

static void free_graph(void *g)
{
    graph_free(g);
}

static void free_cascade(void *c)
{
    cascade_result_free(c);
}

static void free_ranking(void *k)
{
    criticality_ranking_free(k);
}

/* Hands p (NULL: nothing) to r's arena, which calls fn(p) on release. */
static void own(struct whatif_result *r, void (*fn)(void *), void *p)
{
    if (p)
        arena_defer(&r->arena, fn, p); /* unbounded: cannot fail */
}

static int apply_risk_effect(struct store *s, struct whatif_result *r, json_t *m,
                             struct whatif_change *c, struct error *e)
{
    const char *risk_id = text_of(m, "effect_risk"), *cls = text_of(m, "effect_class");
    struct whatif_risk *risk = NULL;
    json_t *record = NULL;
    size_t i;
    int rc;

    snprintf(c->target, sizeof c->target, "%s", risk_id);
    for (i = 0; i < r->n_risks; i++) {
        if (strcmp(r->risks[i].id, risk_id) == 0)
            risk = &r->risks[i];
    }
    if (risk == NULL) {
        if ((rc = store_record_get(s, model_kind(KIND_RISK), risk_id, &record, e)) != 0)
            return rc;
        r->risks = arena_realloc(&r->arena, r->risks, r->n_risks * sizeof *r->risks,
                                 (r->n_risks + 1) * sizeof *r->risks);
        risk = &r->risks[r->n_risks++];
        snprintf(risk->id, sizeof risk->id, "%s", risk_id);
        snprintf(risk->likelihood_before, sizeof risk->likelihood_before, "%s",
                 text_of(record, "likelihood"));
        snprintf(risk->likelihood_after, sizeof risk->likelihood_after, "%s",
                 risk->likelihood_before);
        risk->impacts_before = json_deep_copy(json_object_get(record, "impacts"));
        risk->impacts_after = json_deep_copy(json_object_get(record, "impacts"));
        own(r, arena_free_json, risk->impacts_before);
        own(r, arena_free_json, risk->impacts_after);
        json_decref(record);
        if (risk->impacts_before == NULL || risk->impacts_after == NULL)
            return error_set(e, ERR_INVALID, risk_id, "the risk has no impacts");
    }
    if (strcmp(c->effect, "likelihood") == 0) {
        snprintf(c->before, sizeof c->before, "likelihood %s", risk->likelihood_after);
        snprintf(c->state_before.cls, sizeof c->state_before.cls, "%s", risk->likelihood_after);
        snprintf(c->state_after.cls, sizeof c->state_after.cls, "%s", cls);
        c->changed = strcmp(risk->likelihood_after, cls) != 0;
        snprintf(risk->likelihood_after, sizeof risk->likelihood_after, "%s", cls);
        snprintf(c->after, sizeof c->after, "likelihood %s", cls);
        return 0;
    }
    {
        const char *criterion = text_of(m, "effect_criterion");
        const char *was = json_string_value(json_object_get(risk->impacts_after, criterion));
        snprintf(c->criterion, sizeof c->criterion, "%s", criterion);
        snprintf(c->before, sizeof c->before, "impact %s %s", criterion, was ? was : "-");
        snprintf(c->state_before.cls, sizeof c->state_before.cls, "%s", was ? was : "");
        snprintf(c->state_after.cls, sizeof c->state_after.cls, "%s", cls);
        c->changed = was == NULL || strcmp(was, cls) != 0;
        json_object_set_new(risk->impacts_after, criterion, json_string(cls));
        snprintf(c->after, sizeof c->after, "impact %s %s", criterion, cls);
        return 0;
    }
}

/* The aggregated impact of a risk's impacts map: *sum and the class letter. */
static int score_impacts(const struct risk_tables *t, json_t *impacts, double *sum, char cls[4],
                         struct error *e)
{
    int *classes = xcalloc(t->n_criteria ? t->n_criteria : 1, sizeof *classes), klass = -1, rc;
    const char *criterion;
    json_t *v;
    size_t i;
    for (i = 0; i < t->n_criteria; i++)
        classes[i] = -1;
    json_object_foreach(impacts, criterion, v)
    {
        int k = risk_tables_criterion(t, criterion);
        if (k >= 0)
            classes[k] = risk_tables_class(t, json_string_value(v));
    }
    rc = risk_score_aggregate(t, classes, sum, &klass, e);
    snprintf(cls, 4, "%s", klass >= 0 ? t->classes[klass] : "");
    free(classes);
    return rc;
}

/* Scores every changed risk before and after; tables that are missing or
 * wrong leave the classes alone and say why in r->score_note. */
static void score_risks(struct store *s, struct whatif_result *r)
{
    struct risk_tables t;
    struct arena a = ARENA_INIT_UNBOUNDED;
    struct error e = {0};
    size_t i;
    if (r->n_risks == 0)
        return;
    if (risk_tables_load(s, &a, &t, &e) == 0) {
        for (i = 0; i < r->n_risks && e.code == 0; i++) {
            struct whatif_risk *k = &r->risks[i];
            if (score_impacts(&t, k->impacts_before, &k->aggregate_before, k->impact_class_before,
                              &e) == 0 &&
                score_impacts(&t, k->impacts_after, &k->aggregate_after, k->impact_class_after,
                              &e) == 0)
                k->has_score = 1;
        }
    }
    if (e.code != 0) {
        for (i = 0; i < r->n_risks; i++)
            r->risks[i].has_score = 0;
        snprintf(r->score_note, sizeof r->score_note, "%s%s%s", e.where, e.where[0] ? ": " : "",
                 e.message);
    }
    arena_release(&a);
}

/* --- the run --------------------------------------------------------------- */

/* The processes that supply the most other processes (all tied at the top).
 * Services (r->services) are not chosen: the default is a failure of vital
 * processes, as it was before services were nodes; --fail names a service. */
static int default_failure(const struct graph *g, struct whatif_result *r, struct error *e)
{
    uint32_t n = graph_node_count(g), v, k, best = 0;
    uint32_t *count = xcalloc(n ? n : 1, sizeof *count), *stamp = xcalloc(n ? n : 1, sizeof *stamp);
    int rc = 0;
    for (v = 0; v < n; v++) {
        uint32_t m;
        const uint32_t *deps = graph_node_dependents(g, v, &m);
        if (json_object_get(r->services, graph_node_id(g, v)))
            continue;
        for (k = 0; k < m; k++) {
            struct graph_input in;
            graph_input_get(g, deps[k], &in);
            if (in.node != v && stamp[in.node] != v + 1) {
                stamp[in.node] = v + 1;
                count[v]++;
            }
        }
        if (count[v] > best)
            best = count[v];
    }
    if (best == 0) {
        rc = error_set(e, ERR_INVALID, "--fail",
                       "no process supplies another: name the failed processes with --fail");
        goto cleanup;
    }
    r->failed = arena_calloc(&r->arena, n, sizeof *r->failed);
    for (v = 0; v < n; v++) {
        if (count[v] == best)
            r->failed[r->n_failed++] = arena_strdup(&r->arena, graph_node_id(g, v));
    }
    r->failed_default = 1;
    r->failed_supplies = best;
cleanup:
    free(count);
    free(stamp);
    return rc;
}

static int run_both(const struct whatif_options *o, struct whatif_result *r,
                    const struct graph *after, struct error *e)
{
    uint32_t *idx = xcalloc(r->n_failed ? r->n_failed : 1, sizeof *idx);
    uint32_t n = graph_node_count(r->graph);
    unsigned char *counted = o->counts ? xcalloc(n ? n : 1, 1) : NULL;
    struct criticality_options co = {r->outage_h, r->horizon_h, o->threads, NULL,
                                     0,           o->progress,  counted};
    struct cascade_event ev;
    size_t i;
    int rc = 0;
    for (i = 0; counted && i < n; i++) {
        const char *id = graph_node_id(r->graph, (uint32_t)i);
        int c = o->counts(o->counts_ctx, process_graph_node_kind(r->services, id), id);
        if (c < 0) {
            rc = error_set(e, ERR_STORE, NULL, "cannot tell what the ranking may count");
            goto cleanup;
        }
        counted[i] = (unsigned char)c;
    }
    for (i = 0; i < r->n_failed; i++) {
        if (graph_node_find(r->graph, r->failed[i], &idx[i]) != 0) {
            rc = error_set(e, ERR_NOTFOUND, "--fail", "unknown process '%s'", r->failed[i]);
            goto cleanup;
        }
    }
    ev.failed = idx;
    ev.n_failed = r->n_failed;
    ev.outage_h = r->outage_h;
    ev.horizon_h = r->horizon_h;
    ev.progress = o->progress;
    /* the same nodes in the same order, so the indexes hold in both graphs */
    if ((rc = cascade_run(r->graph, &ev, &r->cascade_before, e)) == 0)
        own(r, free_cascade, r->cascade_before);
    if (rc == 0 && (rc = cascade_run(after, &ev, &r->cascade_after, e)) == 0)
        own(r, free_cascade, r->cascade_after);
    if (rc == 0 && (rc = criticality_rank(r->graph, &co, &r->ranking_before, e)) == 0)
        own(r, free_ranking, r->ranking_before);
    if (rc == 0 && (rc = criticality_rank(after, &co, &r->ranking_after, e)) == 0)
        own(r, free_ranking, r->ranking_after);
cleanup:
    free(idx);
    free(counted);
    return rc;
}

int whatif_run(struct store *s, const struct whatif_options *o, struct whatif_result *r,
               struct error *e)
{
    struct whatif_graph before = {0}, after = {0};
    struct graph *after_graph = NULL;
    json_t **measures = NULL;
    size_t i;
    int rc = 0;

    memset(r, 0, sizeof *r);
    arena_init_unbounded(&r->arena);
    if (o->n_measures == 0)
        return error_set(e, ERR_INVALID, "--measures", "name at least one measure");
    measures = xcalloc(o->n_measures, sizeof *measures);
    /* 1. every measure exists and has a complete what-if effect, before anything runs */
    for (i = 0; i < o->n_measures; i++) {
        rc = store_record_get(s, model_kind(KIND_MEASURE), o->measures[i], &measures[i], e);
        if (rc == ERR_NOTFOUND)
            error_set(e, ERR_NOTFOUND, "--measures", "unknown measure '%s'", o->measures[i]);
        if (rc != 0 || (rc = measure_check(measures[i], e)) != 0)
            goto cleanup;
    }
    r->outage_h = o->outage_h;
    r->horizon_h = o->horizon_h;
    if (o->outage_h < 0 && (rc = settings_get_hours(s, "whatif_outage_h", WHATIF_DEFAULT_OUTAGE_H,
                                                    0, INT32_MAX, &r->outage_h, e)) != 0)
        goto cleanup;
    if (o->horizon_h < 0 &&
        (rc = settings_get_hours(s, "whatif_horizon_h", WHATIF_DEFAULT_HORIZON_H, 1,
                                 CASCADE_MAX_HORIZON_H, &r->horizon_h, e)) != 0)
        goto cleanup;

    /* 2. the measures, in order, on a copy of the graph and the risks */
    if ((rc = whatif_graph_load(s, &before, e)) != 0 || (rc = whatif_graph_load(s, &after, e)) != 0)
        goto cleanup;
    r->changes = arena_calloc(&r->arena, o->n_measures, sizeof *r->changes);
    for (i = 0; i < o->n_measures; i++) {
        struct whatif_change *c = &r->changes[r->n_changes++];
        snprintf(c->measure, sizeof c->measure, "%s", o->measures[i]);
        snprintf(c->effect, sizeof c->effect, "%s", text_of(measures[i], "effect"));
        if (strncmp(c->effect, "add_", 4) == 0)
            rc = apply_graph_effect(&after, measures[i], r->horizon_h, c, e);
        else
            rc = apply_risk_effect(s, r, measures[i], c, e);
        if (rc != 0)
            goto cleanup;
    }

    score_risks(s, r);

    /* 3. the failure, the cascades and the rankings */
    if ((rc = process_graph_service_ids(s, &r->services, e)) != 0)
        goto cleanup;
    own(r, arena_free_json, r->services);
    if ((rc = whatif_graph_build(&before, &r->graph, e)) != 0)
        goto cleanup;
    own(r, free_graph, r->graph);
    if ((rc = whatif_graph_build(&after, &after_graph, e)) != 0)
        goto cleanup;
    if (o->n_fail == 0) {
        if ((rc = default_failure(r->graph, r, e)) != 0)
            goto cleanup;
    } else {
        r->failed = arena_calloc(&r->arena, o->n_fail, sizeof *r->failed);
        for (i = 0; i < o->n_fail; i++)
            r->failed[r->n_failed++] = arena_strdup(&r->arena, o->fail[i]);
    }
    rc = run_both(o, r, after_graph, e);
cleanup:
    for (i = 0; measures && i < o->n_measures; i++)
        json_decref(measures[i]);
    free(measures);
    whatif_graph_release(&before);
    whatif_graph_release(&after);
    graph_free(after_graph);
    if (rc != 0)
        whatif_result_release(r);
    return rc;
}

void whatif_result_release(struct whatif_result *r)
{
    if (r == NULL)
        return;
    arena_release(&r->arena);
    memset(r, 0, sizeof *r);
}
