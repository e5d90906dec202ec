/*
 * process_report.c — gathers the per-process report (process_report.h).
 *
 * Every record that reaches the report passes show() first: the reader's
 * visible callback decides, and the classification of what it lets through
 * raises the marking. Figures are taken from the modules that own their
 * rules; the only arithmetic here is counting the shown processes down per
 * hour from the cascade's intervals.
 */
#include "domain/process_report.h"

#include "base/arena.h"
#include "base/xmalloc.h"
#include "domain/assess.h"
#include "domain/process_graph.h"
#include "domain/settings.h"
#include "domain/sharing.h"
#include "engine/cascade.h"
#include "engine/graph.h"

#include <stdlib.h>
#include <string.h>

/* The cascade of the report is the one the cascade criterion of the
 * vitaalbeoordeling uses: the same settings, the same defaults (assess.c). */
#define REPORT_DEFAULT_OUTAGE_H  24
#define REPORT_DEFAULT_HORIZON_H 168

struct gather {
    struct store *s;
    const struct process_report_options *o;
    struct process_report *r;
    struct error *e;
};

/* v, released with the report's arena. */
static json_t *owned(struct process_report *r, json_t *v)
{
    if (v)
        arena_defer(&r->arena, arena_free_json, v); /* unbounded: cannot fail */
    return v;
}

const char *process_report_higher(const char *a, const char *b)
{
    int ia = a ? model_value_index(model_classifications, a) : -1;
    int ib = b ? model_value_index(model_classifications, b) : -1;
    return ia >= ib && a ? a : b ? b : "public";
}

/* Puts record to the reader: *shown = 1 and the marking raised, or 0. */
static int show(struct gather *g, const struct kind *k, const json_t *record, int *shown)
{
    const char *c = json_string_value(json_object_get(record, "classification")), *tlp;
    int rc;
    *shown = 0;
    if (g->o->visible && (rc = g->o->visible(g->o->ctx, k, record, g->e)) != 0) {
        if (rc != ERR_NOTFOUND)
            return rc;
        memset(g->e, 0, sizeof *g->e);
        return 0;
    }
    *shown = 1;
    if (process_report_higher(g->r->classification, c) == c) /* strictly higher: copy it */
        snprintf(g->r->classification, sizeof g->r->classification, "%s", c);
    tlp = json_string_value(json_object_get(record, "tlp"));
    if (tlp == NULL)
        tlp = sharing_default_tlp(c);
    if (model_value_index(model_tlps, tlp) > model_value_index(model_tlps, g->r->tlp))
        snprintf(g->r->tlp, sizeof g->r->tlp, "%s", tlp);
    return 0;
}

/* The record id of kind, when it exists and is shown (a new reference in
 * *out), else *out = NULL. */
static int show_id(struct gather *g, enum kind_id kind, const char *id, json_t **out)
{
    const struct kind *k = model_kind(kind);
    json_t *record = NULL;
    int rc, shown = 0;
    *out = NULL;
    rc = store_record_get(g->s, k, id, &record, g->e);
    if (rc == ERR_NOTFOUND) {
        memset(g->e, 0, sizeof *g->e);
        return 0;
    }
    if (rc == 0 && (rc = show(g, k, record, &shown)) == 0 && shown) {
        *out = record;
        return 0;
    }
    json_decref(record);
    return rc;
}

/* A name of a catalogue-like record (sector, organisation, threat), its id
 * when hidden; on the report's arena. */
static int name_or_id(struct gather *g, enum kind_id kind, const char *id, const char *field,
                      char **out)
{
    json_t *record = NULL;
    const char *name;
    int rc = show_id(g, kind, id, &record);
    if (rc != 0)
        return rc;
    name = json_string_value(json_object_get(record, field));
    *out = arena_strdup(&g->r->arena, name ? name : id);
    json_decref(record);
    return 0;
}

/* Resolves process id into r->names (its name, or null when hidden). */
static int resolve_process(struct gather *g, const char *id)
{
    json_t *record = NULL, *name;
    int rc;
    if (json_object_get(g->r->names, id))
        return 0;
    if ((rc = show_id(g, KIND_PROCESS, id, &record)) != 0)
        return rc;
    name = record ? json_incref(json_object_get(record, "name")) : json_null();
    json_decref(record);
    json_object_set_new(g->r->names, id, name ? name : json_null());
    return 0;
}

const char *process_report_name(const struct process_report *r, const char *id)
{
    return json_string_value(json_object_get(r->names, id));
}

/* --- records of a kind that name the process --------------------------------- */

struct collect {
    struct gather *g;
    const struct kind *k;
    json_t *into;
};

static int collect_one(void *ctx, json_t *record)
{
    struct collect *c = ctx;
    int rc, shown = 0;
    if ((rc = show(c->g, c->k, record, &shown)) == 0 && shown) {
        json_array_append(c->into, record);
        return 0;
    }
    return rc;
}

/* The shown records of kind whose field is (or, for a list, holds) value,
 * appended to into in id order. */
static int collect(struct gather *g, enum kind_id kind, const char *field, const char *value,
                   json_t *into)
{
    struct collect c = {g, model_kind(kind), into};
    struct store_filter f = {model_field_find(c.k, field), value};
    return store_record_each(g->s, c.k, &f, 1, 0, 0, collect_one, &c, g->e);
}

static int newest_first(const void *a, const void *b)
{
    return assess_compare(*(json_t *const *)b, *(json_t *const *)a);
}

static int latest_visible(void *ctx, const json_t *record, struct error *e)
{
    struct gather *g = ctx;
    int rc, shown = 0;
    (void)e;
    if ((rc = show(g, model_kind(KIND_ASSESSMENT), record, &shown)) != 0)
        return rc;
    return shown ? 0 : ERR_NOTFOUND;
}

/* The vitaalbeoordeling: the latest final one, every one shown, and the
 * units of the criteria that decided them. */
static int gather_assessments(struct gather *g)
{
    struct process_report *r = g->r;
    const char *pid = g->o->process;
    json_t **sorted = NULL, *item;
    size_t i, n;
    int rc;
    rc = assess_latest(g->s, pid, latest_visible, g, &r->latest, g->e);
    owned(r, r->latest);
    if (rc != 0 || (rc = collect(g, KIND_ASSESSMENT, "process", pid, r->assessments)) != 0)
        return rc;
    n = json_array_size(r->assessments);
    if (n > 1) {
        sorted = xmalloc(n * sizeof *sorted);
        json_array_foreach(r->assessments, i, item) sorted[i] = json_incref(item);
        qsort(sorted, n, sizeof *sorted, newest_first);
        json_array_clear(r->assessments);
        for (i = 0; i < n; i++)
            json_array_append_new(r->assessments, sorted[i]);
        free(sorted);
    }
    json_array_foreach(r->assessments, i, item)
    {
        json_t *ids = json_object_get(item, "decided_by"), *id;
        size_t j;
        json_array_foreach(ids, j, id)
        {
            json_t *c = NULL;
            const char *cid = json_string_value(id);
            if (!cid || json_object_get(r->criteria, cid))
                continue;
            if ((rc = show_id(g, KIND_VITAAL_CRITERION, cid, &c)) != 0)
                return rc;
            json_object_set_new(r->criteria, cid,
                                c ? json_incref(json_object_get(c, "unit")) : json_null());
            json_decref(c);
        }
    }
    return 0;
}

/* Its inputs, its fallback options, and the dependencies on it. */
static int gather_dependencies(struct gather *g)
{
    struct process_report *r = g->r;
    json_t *dep, *sup;
    size_t i, j;
    int rc;
    if ((rc = collect(g, KIND_DEPENDENCY, "process", g->o->process, r->inputs)) != 0 ||
        (rc = collect(g, KIND_DEPENDENCY, "suppliers", g->o->process, r->dependents)) != 0 ||
        (rc = collect(g, KIND_FALLBACK_OPTION, "process", g->o->process, r->fallbacks)) != 0)
        return rc;
    json_array_foreach(r->inputs, i, dep)
    {
        json_array_foreach(json_object_get(dep, "suppliers"), j, sup)
        {
            if ((rc = resolve_process(g, json_string_value(sup))) != 0)
                return rc;
        }
    }
    json_array_foreach(r->dependents, i, dep)
    {
        if ((rc = resolve_process(g, json_string_value(json_object_get(dep, "process")))) != 0)
            return rc;
    }
    return 0;
}

static int by_first_down(const void *a, const void *b)
{
    const struct process_report_down *x = a, *y = b;
    if (x->first_down_h != y->first_down_h)
        return x->first_down_h < y->first_down_h ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* One affected node of the cascade: counted per hour and listed when shown. */
static int cascade_node(struct gather *g, const struct graph *gr, const struct cascade_node *n,
                        json_t *sectors_hit)
{
    struct process_report *r = g->r;
    const char *id = graph_node_id(gr, n->node);
    const char *own = json_string_value(json_object_get(r->process, "sector"));
    json_t *record = NULL;
    const char *sector;
    uint32_t j;
    int rc, own_sector, self = strcmp(id, g->o->process) == 0;
    if ((rc = show_id(g, KIND_PROCESS, id, &record)) != 0 || record == NULL)
        return rc;
    sector = json_string_value(json_object_get(record, "sector"));
    own_sector = sector && own && strcmp(sector, own) == 0;
    for (j = 0; j < n->n_intervals; j++) {
        int32_t h;
        for (h = n->intervals[2 * j]; h < n->intervals[2 * j + 1] && h < r->horizon_h; h++)
            (own_sector ? r->down_own : r->down_other)[h]++;
    }
    if (!self) {
        struct process_report_down *d = &r->down[r->n_down];
        const char *name = json_string_value(json_object_get(record, "name"));
        d->own_sector = own_sector;
        d->first_down_h = n->first_down_h;
        d->down_h = n->down_h;
        r->n_down++;
        d->id = arena_strdup(&r->arena, id);
        d->name = arena_strdup(&r->arena, name ? name : id);
        if (sector)
            rc = name_or_id(g, KIND_SECTOR, sector, "name", &d->sector);
        if (rc == 0 && !own_sector && sector)
            json_object_set_new(sectors_hit, sector, json_true());
    }
    json_decref(record);
    return rc;
}

/* The cascade of the process failing alone, with the settings of the
 * vitaalbeoordeling's cascade criterion. */
static int gather_cascade(struct gather *g)
{
    struct process_report *r = g->r;
    struct graph *gr = NULL;
    struct cascade_result *res = NULL;
    json_t *sectors_hit = json_object();
    uint32_t node, k;
    int rc;
    if ((rc = settings_get_hours(g->s, "assess_outage_h", REPORT_DEFAULT_OUTAGE_H, 0,
                                 CASCADE_MAX_HORIZON_H, &r->outage_h, g->e)) != 0 ||
        (rc = settings_get_hours(g->s, "assess_horizon_h", REPORT_DEFAULT_HORIZON_H, 1,
                                 CASCADE_MAX_HORIZON_H, &r->horizon_h, g->e)) != 0 ||
        (rc = process_graph_build(g->s, &gr, g->e)) != 0)
        goto cleanup;
    r->down_own = arena_calloc(&r->arena, (size_t)r->horizon_h, sizeof *r->down_own);
    r->down_other = arena_calloc(&r->arena, (size_t)r->horizon_h, sizeof *r->down_other);
    if (graph_node_find(gr, g->o->process, &node) != 0)
        goto cleanup; /* not in the graph: nothing goes down */
    {
        struct cascade_event ev = {&node, 1, r->outage_h, r->horizon_h, NULL};
        if ((rc = cascade_run(gr, &ev, &res, g->e)) != 0)
            goto cleanup;
    }
    r->down = arena_calloc(&r->arena, res->n_affected, sizeof *r->down);
    for (k = 0; k < res->n_affected && rc == 0; k++)
        rc = cascade_node(g, gr, &res->nodes[k], sectors_hit);
    if (rc == 0)
        qsort(r->down, r->n_down, sizeof *r->down, by_first_down);
    r->n_sectors_hit = json_object_size(sectors_hit);
cleanup:
    cascade_result_free(res);
    graph_free(gr);
    json_decref(sectors_hit);
    return rc;
}

/* The risk picture of its analyses with residual risk, only what is shown. */
static int gather_risks(struct gather *g)
{
    struct process_report *r = g->r;
    struct risk_query q = {g->o->process, NULL};
    const struct risk_process *proc;
    json_t *shown_analyses = json_object(), *record = NULL;
    size_t i;
    int rc;
    if ((rc = risk_picture_compute(g->s, &q, &r->picture, g->e)) != 0 ||
        (rc = toetsing_apply_residual(&r->toetsing, &r->picture, g->e)) != 0)
        goto cleanup;
    r->shown = r->picture;
    memset(&r->shown.arena, 0, sizeof r->shown.arena); /* the picture's stays the picture's */
    r->shown.processes = arena_calloc(&r->arena, 1, sizeof *r->shown.processes);
    r->shown.risks = arena_calloc(&r->arena, r->picture.n_risks, sizeof *r->shown.risks);
    r->shown.n_risks = 0;
    r->shown.n_processes = r->picture.n_processes > 0;
    if (r->picture.n_processes == 0)
        goto cleanup;
    proc = &r->picture.processes[0];
    r->shown.processes[0] = *proc;
    for (i = 0; i <= proc->n_quickscans; i++) {
        const char *aid = i == 0 ? proc->analysis : proc->quickscans[i - 1];
        if (aid == NULL)
            continue;
        if ((rc = show_id(g, KIND_ANALYSIS, aid, &record)) != 0)
            goto cleanup;
        if (record) {
            json_array_append_new(r->analyses, record);
            record = NULL;
            json_object_set_new(shown_analyses, aid, json_true());
        }
    }
    for (i = proc->first_risk; i < proc->first_risk + proc->n_risks; i++) {
        const struct risk_entry *risk = &r->picture.risks[i];
        if (!json_object_get(shown_analyses, risk->analysis))
            continue;
        if ((rc = show_id(g, KIND_RISK, risk->id, &record)) != 0)
            goto cleanup;
        if (record == NULL)
            continue;
        json_decref(record);
        r->shown.risks[r->shown.n_risks++] = *risk;
        if (!json_object_get(r->threats, risk->threat)) {
            char *name = NULL;
            if ((rc = name_or_id(g, KIND_THREAT, risk->threat, "name", &name)) != 0)
                goto cleanup;
            json_object_set_new(r->threats, risk->threat, json_string(name));
        }
    }
    r->shown.processes[0].first_risk = 0;
    r->shown.processes[0].n_risks = r->shown.n_risks;
cleanup:
    json_decref(shown_analyses);
    return rc;
}

static int gather_fallback(struct gather *g)
{
    struct process_report *r = g->r;
    struct fallback_need_options fo = {g->o->process, -1};
    const struct fallback_need_process *p;
    json_t *dep;
    size_t i, j;
    int rc;
    if ((rc = fallback_need_compute(g->s, &fo, &r->fallback, g->e)) != 0)
        return rc;
    if (r->fallback.n == 0)
        return 0;
    p = &r->fallback.processes[0];
    r->fallback_input_shown = arena_calloc(&r->arena, p->n_inputs, 1);
    for (i = 0; i < p->n_inputs; i++) {
        json_array_foreach(r->inputs, j, dep)
        {
            if (strcmp(json_string_value(json_object_get(dep, "id")), p->inputs[i].dependency) == 0)
                r->fallback_input_shown[i] = 1;
        }
    }
    return 0;
}

static int by_date(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int c = strcmp(json_string_value(json_object_get(x, "date")),
                   json_string_value(json_object_get(y, "date")));
    return c ? c
             : strcmp(json_string_value(json_object_get(x, "id")),
                      json_string_value(json_object_get(y, "id")));
}

static void sort_by_date(json_t *array)
{
    size_t n = json_array_size(array), i;
    json_t **v, *item;
    if (n < 2)
        return;
    v = xmalloc(n * sizeof *v);
    json_array_foreach(array, i, item) v[i] = json_incref(item);
    qsort(v, n, sizeof *v, by_date);
    json_array_clear(array);
    for (i = 0; i < n; i++)
        json_array_append_new(array, v[i]);
    free(v);
}

static int gather_measures(struct gather *g)
{
    struct process_report *r = g->r;
    json_t *measures = json_array(), *m;
    size_t i, j;
    int rc;
    if ((rc = collect(g, KIND_MEASURE, "processes", g->o->process, measures)) != 0)
        goto cleanup;
    r->measures = arena_calloc(&r->arena, json_array_size(measures), sizeof *r->measures);
    json_array_foreach(measures, i, m)
    {
        const char *id = json_string_value(json_object_get(m, "id"));
        struct process_report_measure *pm = &r->measures[r->n_measures];
        for (j = 0; j < r->toetsing.n && !pm->state; j++) {
            if (strcmp(r->toetsing.measures[j].id, id) == 0)
                pm->state = &r->toetsing.measures[j];
        }
        if (pm->state == NULL) /* toetsing counts every measure; a new one since is skipped */
            continue;
        pm->record = owned(r, json_incref(m));
        r->n_measures++;
        pm->reviews = owned(r, json_array());
        if ((rc = collect(g, KIND_REVIEW, "measure", id, pm->reviews)) != 0)
            goto cleanup;
        sort_by_date(pm->reviews);
    }
cleanup:
    json_decref(measures);
    return rc;
}

/* --- the history of approvals ------------------------------------------------ */

struct versions {
    struct gather *g;
    const struct kind *k;
    json_t *list; /* [[version, at, actor, data], ...] newest first */
};

static int keep_version(void *ctx, const struct store_version *v)
{
    struct versions *vs = ctx;
    json_t *item;
    int rc, shown = 0;
    if (v->data == NULL || (vs->g->o->until && v->at && strcmp(v->at, vs->g->o->until) > 0))
        return 0;
    if ((rc = show(vs->g, vs->k, v->data, &shown)) != 0 || !shown)
        return rc;
    item = json_pack("[Isso]", (json_int_t)v->version, v->at ? v->at : "", v->actor ? v->actor : "",
                     json_deep_copy(v->data));
    if (item == NULL)
        return error_set(vs->g->e, ERR_INTERNAL, NULL, "a version that cannot be listed");
    json_array_append_new(vs->list, item);
    return 0;
}

static const char *text_of(const json_t *data, const char *key)
{
    const char *t = json_string_value(json_object_get(data, key));
    return t && *t ? t : NULL;
}

static void add_step(struct gather *g, const struct kind *k, const char *id, int64_t version,
                     enum process_report_step step, const char *at, const char *who,
                     const char *comment)
{
    struct process_report *r = g->r;
    struct process_report_approval *a;
    if (r->n_approvals >= 4 && (r->n_approvals & (r->n_approvals - 1)) == 0)
        r->approvals = arena_realloc(&r->arena, r->approvals, r->n_approvals * sizeof *a,
                                     2 * r->n_approvals * sizeof *a);
    else if (r->n_approvals == 0)
        r->approvals = arena_calloc(&r->arena, 4, sizeof *a);
    a = &r->approvals[r->n_approvals++];
    a->kind = k;
    a->version = version;
    a->step = step;
    a->id = arena_strdup(&r->arena, id);
    a->at = arena_strdup(&r->arena, at);
    a->who = arena_strdup(&r->arena, who);
    a->comment = arena_strdup(&r->arena, comment);
}

/* The steps of one record's four-eyes history, from its versions. */
static int record_steps(struct gather *g, const struct kind *k, const char *id)
{
    struct versions vs = {g, k, json_array()};
    const char *prev = NULL;
    size_t i;
    int rc;
    if ((rc = store_history_each(g->o->history ? g->o->history : g->s, k, id, keep_version, &vs,
                                 g->e)) != 0)
        goto cleanup;
    for (i = json_array_size(vs.list); i-- > 0;) {
        json_t *item = json_array_get(vs.list, i), *data = json_array_get(item, 3);
        int64_t version = json_integer_value(json_array_get(item, 0));
        const char *at = json_string_value(json_array_get(item, 1));
        const char *actor = json_string_value(json_array_get(item, 2));
        const char *st = text_of(data, "status") ? text_of(data, "status") : "draft";
        const char *by = text_of(data, "approved_by") ? text_of(data, "approved_by") : actor;
        const char *when = text_of(data, "approved_at") ? text_of(data, "approved_at") : at;
        if (prev && strcmp(prev, st) == 0) {
            continue;
        } else if (strcmp(st, "final") == 0) {
            /* an approval names its approver; final without one is a
             * decision taken before four eyes (or entered as such) */
            add_step(g, k, id, version,
                     prev && text_of(data, "approved_by") ? PROCESS_REPORT_APPROVED
                                                          : PROCESS_REPORT_RECORDED,
                     when, by, text_of(data, "approval_comment"));
        } else if (strcmp(st, "review") == 0) {
            add_step(g, k, id, version, PROCESS_REPORT_SUBMITTED, at, actor, NULL);
        } else if (prev) {
            add_step(g, k, id, version, PROCESS_REPORT_REJECTED, at, actor,
                     text_of(data, "rejection"));
        }
        prev = st;
    }
cleanup:
    json_decref(vs.list);
    return rc;
}

static int by_time(const void *a, const void *b)
{
    const struct process_report_approval *x = a, *y = b;
    int c = strcmp(x->at, y->at);
    if (c == 0)
        c = strcmp(x->kind->name, y->kind->name);
    if (c == 0)
        c = strcmp(x->id, y->id);
    return c ? c : (x->version > y->version) - (x->version < y->version);
}

static int gather_approvals(struct gather *g)
{
    struct process_report *r = g->r;
    const struct kind *ka = model_kind(KIND_ANALYSIS), *ks = model_kind(KIND_ASSESSMENT);
    const struct kind *kr = model_kind(KIND_REVIEW);
    json_t *analyses = json_array(), *item;
    size_t i, j;
    int rc;
    rc = collect(g, KIND_ANALYSIS, "process", g->o->process, analyses);
    json_array_foreach(analyses, i, item)
    {
        if (rc == 0)
            rc = record_steps(g, ka, json_string_value(json_object_get(item, "id")));
    }
    json_array_foreach(r->assessments, i, item)
    {
        if (rc == 0)
            rc = record_steps(g, ks, json_string_value(json_object_get(item, "id")));
    }
    for (i = 0; i < r->n_measures && rc == 0; i++) {
        json_array_foreach(r->measures[i].reviews, j, item)
        {
            if (rc == 0)
                rc = record_steps(g, kr, json_string_value(json_object_get(item, "id")));
        }
    }
    json_decref(analyses);
    if (rc == 0 && r->n_approvals > 1)
        qsort(r->approvals, r->n_approvals, sizeof *r->approvals, by_time);
    return rc;
}

/* --- the whole ----------------------------------------------------------------- */

int process_report_gather(struct store *s, const struct process_report_options *o,
                          struct process_report *out, struct error *e)
{
    struct gather g = {s, o, out, e};
    const char *sector, *ministry;
    int rc;
    memset(out, 0, sizeof *out);
    arena_init_unbounded(&out->arena);
    snprintf(out->classification, sizeof out->classification, "public");
    snprintf(out->tlp, sizeof out->tlp, "clear");
    out->names = owned(out, json_object());
    out->assessments = owned(out, json_array());
    out->criteria = owned(out, json_object());
    out->inputs = owned(out, json_array());
    out->dependents = owned(out, json_array());
    out->fallbacks = owned(out, json_array());
    out->analyses = owned(out, json_array());
    out->threats = owned(out, json_object());
    if (o->process == NULL || *o->process == '\0')
        return error_set(e, ERR_INVALID, "process", "which process?");
    rc = show_id(&g, KIND_PROCESS, o->process, &out->process);
    owned(out, out->process);
    if (rc != 0)
        return rc;
    if (out->process == NULL)
        return error_set(e, ERR_NOTFOUND, "process", "no process '%s'", o->process);
    json_object_set(out->names, o->process, json_object_get(out->process, "name"));
    sector = json_string_value(json_object_get(out->process, "sector"));
    ministry = json_string_value(json_object_get(out->process, "ministry"));
    if ((rc = name_or_id(&g, KIND_SECTOR, sector, "name", &out->sector_name)) != 0 ||
        (rc = name_or_id(&g, KIND_ORGANISATION, ministry, "name", &out->ministry_name)) != 0 ||
        (rc = gather_assessments(&g)) != 0 || (rc = gather_dependencies(&g)) != 0 ||
        (rc = gather_cascade(&g)) != 0 ||
        (rc = toetsing_compute(s, o->today, &out->toetsing, e)) != 0 ||
        (rc = gather_risks(&g)) != 0 || (rc = gather_fallback(&g)) != 0 ||
        (rc = gather_measures(&g)) != 0 || (rc = gather_approvals(&g)) != 0)
        return rc;
    return 0;
}

void process_report_release(struct process_report *r)
{
    if (r == NULL)
        return;
    arena_release(&r->arena);
    risk_picture_release(&r->picture);
    fallback_need_report_release(&r->fallback);
    toetsing_report_release(&r->toetsing);
    memset(r, 0, sizeof *r);
}
