/*
 * risk_score.c — risk scoring by the national risk method, the risk diagram,
 * resilience and findings per process, sector and nation (see risk_score.h
 * and docs/method.md). Reads the store only; never writes.
 */
#include "domain/risk_score.h"

#include "base/arena.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the tables ------------------------------------------------------------ */

static const char *const *model_values(enum kind_id kind, const char *field, size_t *n)
{
    const struct field *f = model_field_find(model_kind(kind), field);
    const char *const *values = f ? f->values : NULL;
    for (*n = 0; values && values[*n]; (*n)++)
        ;
    return values;
}

int risk_tables_class(const struct risk_tables *t, const char *id)
{
    return id ? model_value_index(t->classes, id) : -1;
}

int risk_tables_criterion(const struct risk_tables *t, const char *id)
{
    size_t i;
    for (i = 0; id && i < t->n_criteria; i++) {
        if (strcmp(t->criteria[i].id, id) == 0)
            return (int)i;
    }
    return -1;
}

struct table_load {
    struct risk_tables *t;
    struct arena *a;
    struct error *e;
    const struct kind *kind;
    size_t cap;
};

static char *text_dup(struct arena *a, json_t *v)
{
    return json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
}

static int load_class_row(void *ctx, json_t *rec)
{
    struct table_load *l = ctx;
    const char *id = json_string_value(json_object_get(rec, "id"));
    int k = risk_tables_class(l->t, id), rc = 0;
    struct risk_class *row;
    if (k < 0) {
        char letters[64] = "";
        size_t i;
        for (i = 0; i < l->t->n_classes; i++) {
            size_t len = strlen(letters);
            snprintf(letters + len, sizeof letters - len, "%s%s", i ? ", " : "", l->t->classes[i]);
        }
        rc =
            error_set(l->e, ERR_INVALID, l->kind->name, "class '%s' is not one of %s", id, letters);
        goto cleanup;
    }
    row = &l->t->rows[k];
    if (l->kind->id == KIND_IMPACT_CLASS) {
        row->present = 1;
        row->label = text_dup(l->a, json_object_get(rec, "label"));
        row->score = json_number_value(json_object_get(rec, "score"));
        row->aggregate_min = json_number_value(json_object_get(rec, "aggregate_min"));
    } else {
        row->likelihood_label = text_dup(l->a, json_object_get(rec, "label"));
    }
cleanup:
    return rc;
}

static int load_criterion(void *ctx, json_t *rec)
{
    struct table_load *l = ctx;
    struct risk_tables *t = l->t;
    struct risk_criterion *c;
    json_t *w = json_object_get(rec, "weight");
    if (t->n_criteria == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        t->criteria = arena_realloc(l->a, t->criteria, l->cap * sizeof *t->criteria,
                                    cap * sizeof *t->criteria);
        l->cap = cap;
    }
    c = &t->criteria[t->n_criteria++];
    c->id = text_dup(l->a, json_object_get(rec, "id"));
    c->interest = text_dup(l->a, json_object_get(rec, "interest"));
    c->name = text_dup(l->a, json_object_get(rec, "name"));
    c->weight = json_is_number(w) ? json_number_value(w) : 1;
    if (c->id == NULL || c->interest == NULL || c->name == NULL)
        return error_set(l->e, ERR_INVALID, c->id,
                         "a criterion needs an id, an interest and a name");
    return 0;
}

/* The thresholds must rise with the class, or "the highest class reached"
 * would skip a class; a more severe class must not score less. */
static int check_class_order(const struct risk_tables *t, struct error *e)
{
    size_t i;
    int prev = -1;
    for (i = 0; i < t->n_classes; i++) {
        const struct risk_class *r = &t->rows[i];
        if (!r->present)
            continue;
        if (prev >= 0 && r->aggregate_min < t->rows[prev].aggregate_min)
            return error_set(e, ERR_INVALID, "impact_classes",
                             "aggregate_min of class %s (%g) is below that of class %s (%g): "
                             "the thresholds must rise with the class",
                             t->classes[i], r->aggregate_min, t->classes[prev],
                             t->rows[prev].aggregate_min);
        if (prev >= 0 && r->score < t->rows[prev].score)
            return error_set(e, ERR_INVALID, "impact_classes",
                             "score of class %s (%g) is below that of class %s (%g): "
                             "a more severe class must not score less",
                             t->classes[i], r->score, t->classes[prev], t->rows[prev].score);
        prev = (int)i;
    }
    if (prev < 0)
        return error_set(e, ERR_INVALID, "impact_classes",
                         "the database has no impact classes: import them "
                         "(vitaal import data/catalogue/impact_classes.csv)");
    return 0;
}

int risk_tables_load(struct store *s, struct arena *a, struct risk_tables *out, struct error *e)
{
    struct table_load l = {out, a, e, model_kind(KIND_IMPACT_CLASS), 0};
    int rc;

    memset(out, 0, sizeof *out);
    out->classes = model_values(KIND_RISK, "likelihood", &out->n_classes);
    out->dimensions = model_values(KIND_RISK, "resilience", &out->n_dimensions);
    out->topics = model_values(KIND_ANALYSIS, "findings", &out->n_topics);
    if (out->n_classes == 0 || out->n_classes > RISK_CLASSES_MAX ||
        out->n_dimensions > RISK_DIMENSIONS_MAX || out->n_topics > RISK_TOPICS_MAX)
        return error_set(e, ERR_INTERNAL, NULL, "the data model's classes do not fit the diagram");
    if ((rc = store_record_each(s, model_kind(KIND_IMPACT_CLASS), NULL, 0, 0, 0, load_class_row, &l,
                                e)) != 0)
        return rc;
    l.kind = model_kind(KIND_LIKELIHOOD_CLASS);
    if ((rc = store_record_each(s, model_kind(KIND_LIKELIHOOD_CLASS), NULL, 0, 0, 0, load_class_row,
                                &l, e)) != 0)
        return rc;
    l.kind = model_kind(KIND_IMPACT_CRITERION);
    if ((rc = store_record_each(s, model_kind(KIND_IMPACT_CRITERION), NULL, 0, 0, 0, load_criterion,
                                &l, e)) != 0)
        return rc;
    return check_class_order(out, e);
}

/* --- scoring --------------------------------------------------------------- */

/* Sums of real weights and scores carry rounding error (0.1 x 3 + 0.2 x 3 is
 * not exactly 0.9); a sum this close to a threshold counts as reaching it. */
static int reaches(double sum, double threshold)
{
    return sum >= threshold - 1e-9 * fmax(1.0, fabs(threshold));
}

int risk_score_aggregate(const struct risk_tables *t, const int *impacts, double *sum, int *klass,
                         struct error *e)
{
    double total = 0;
    int scored = 0, best = -1, lowest = -1;
    size_t i;
    for (i = 0; i < t->n_criteria; i++) {
        int k = impacts[i];
        if (k < 0)
            continue;
        if (k >= (int)t->n_classes || !t->rows[k].present)
            return error_set(e, ERR_INVALID, "impact_classes",
                             "class %s, scored for criterion %s, has no row in impact_classes",
                             k < (int)t->n_classes ? t->classes[k] : "?", t->criteria[i].id);
        total += t->criteria[i].weight * t->rows[k].score;
        scored = 1;
    }
    *sum = total;
    *klass = -1;
    if (!scored)
        return 0;
    for (i = 0; i < t->n_classes; i++) {
        if (!t->rows[i].present)
            continue;
        if (lowest < 0)
            lowest = (int)i;
        if (reaches(total, t->rows[i].aggregate_min))
            best = (int)i;
    }
    *klass = best >= 0 ? best : lowest;
    return 0;
}

/* --- building the picture -------------------------------------------------- */

struct build {
    struct risk_picture *p;
    struct store *s;
    struct error *e;
    const struct risk_query *q;
    json_t *sectors;  /* id -> sector record */
    json_t *index;    /* process id -> index in p->processes */
    json_t *analyses; /* process id -> [analysis records] */
    size_t cap_processes, cap_risks;
};

static char *dup(struct build *b, const char *s)
{
    return arena_strdup(&b->p->arena, s);
}

static int add_process(void *ctx, json_t *rec)
{
    struct build *b = ctx;
    struct risk_picture *p = b->p;
    const char *id = json_string_value(json_object_get(rec, "id"));
    const char *sector = json_string_value(json_object_get(rec, "sector"));
    struct risk_process *proc;

    if (b->q->sector && strcmp(sector, b->q->sector) != 0) {
        const char *parent =
            json_string_value(json_object_get(json_object_get(b->sectors, sector), "eu_sector"));
        if (parent == NULL || strcmp(parent, b->q->sector) != 0)
            return 0;
    }
    if (p->n_processes == b->cap_processes) {
        size_t cap = b->cap_processes ? b->cap_processes * 2 : 32;
        p->processes =
            arena_realloc(&p->arena, p->processes, b->cap_processes * sizeof *p->processes,
                          cap * sizeof *p->processes);
        b->cap_processes = cap;
    }
    proc = &p->processes[p->n_processes];
    proc->id = dup(b, id);
    proc->name = dup(b, json_string_value(json_object_get(rec, "name")));
    proc->sector = dup(b, sector);
    json_object_set_new(b->index, id, json_integer((json_int_t)p->n_processes));
    p->n_processes++;
    return 0;
}

static int add_sector(void *ctx, json_t *rec)
{
    struct build *b = ctx;
    json_object_set(b->sectors, json_string_value(json_object_get(rec, "id")), rec);
    return 0;
}

static int add_analysis(void *ctx, json_t *rec)
{
    struct build *b = ctx;
    const char *process = json_string_value(json_object_get(rec, "process"));
    json_t *list;
    if (json_object_get(b->index, process) == NULL)
        return 0;
    if ((list = json_object_get(b->analyses, process)) == NULL) {
        list = json_array();
        json_object_set_new(b->analyses, process, list);
    }
    json_array_append(list, rec);
    return 0;
}

static const char *field_text(json_t *rec, const char *name)
{
    const char *v = json_string_value(json_object_get(rec, name));
    return v ? v : "";
}

static int is_final(json_t *a)
{
    return strcmp(field_text(a, "status"), "final") == 0;
}

/* The date an analysis stands for: when it became final, else its start. */
static const char *analysis_date(json_t *a)
{
    return is_final(a) && json_object_get(a, "finalised") != json_null()
               ? field_text(a, "finalised")
               : field_text(a, "started");
}

/* > 0 when a is later than b: by date, then start, then id. */
static int analysis_later(json_t *a, json_t *b)
{
    int c = strcmp(analysis_date(a), analysis_date(b));
    if (c == 0)
        c = strcmp(field_text(a, "started"), field_text(b, "started"));
    if (c == 0)
        c = strcmp(field_text(a, "id"), field_text(b, "id"));
    return c;
}

/* The base analysis of a process: among its regular analyses (all of its
 * analyses when it has only quickscans), the latest final one, else the
 * latest of any status. */
static json_t *choose_base(json_t *list)
{
    json_t *a, *best = NULL;
    size_t i;
    int regular = 0, final = 0;
    json_array_foreach(list, i, a)
    {
        regular |= strcmp(field_text(a, "kind"), "regular") == 0;
    }
    json_array_foreach(list, i, a)
    {
        if (regular && strcmp(field_text(a, "kind"), "regular") != 0)
            continue;
        final |= is_final(a);
    }
    json_array_foreach(list, i, a)
    {
        if ((regular && strcmp(field_text(a, "kind"), "regular") != 0) || (final && !is_final(a)))
            continue;
        if (best == NULL || analysis_later(a, best) > 0)
            best = a;
    }
    return best;
}

static void add_finding(struct build *b, struct risk_process *proc, const char *analysis, int topic,
                        const char *text)
{
    struct risk_finding *f;
    proc->findings =
        arena_realloc(&b->p->arena, proc->findings, proc->n_findings * sizeof *proc->findings,
                      (proc->n_findings + 1) * sizeof *proc->findings);
    f = &proc->findings[proc->n_findings++];
    f->analysis = dup(b, analysis);
    f->topic = topic;
    f->text = dup(b, text);
}

struct risk_load {
    struct build *b;
    const char *process;
};

static int add_risk(void *ctx, json_t *rec)
{
    struct risk_load *rl = ctx;
    struct build *b = rl->b;
    struct risk_picture *p = b->p;
    const struct risk_tables *t = &p->tables;
    struct risk_entry *r;
    const char *key;
    json_t *v;
    size_t i;
    int rc;

    if (p->n_risks == b->cap_risks) {
        size_t cap = b->cap_risks ? b->cap_risks * 2 : 64;
        p->risks = arena_realloc(&p->arena, p->risks, b->cap_risks * sizeof *p->risks,
                                 cap * sizeof *p->risks);
        b->cap_risks = cap;
    }
    r = &p->risks[p->n_risks++];
    r->id = dup(b, field_text(rec, "id"));
    r->analysis = dup(b, field_text(rec, "analysis"));
    r->process = dup(b, rl->process);
    r->threat = dup(b, field_text(rec, "threat"));
    r->scenario = dup(b, field_text(rec, "scenario"));
    r->likelihood = risk_tables_class(t, field_text(rec, "likelihood"));
    r->impacts = arena_calloc(&p->arena, t->n_criteria, sizeof *r->impacts);
    r->residual_impacts = arena_calloc(&p->arena, t->n_criteria, sizeof *r->impacts);
    for (i = 0; i < t->n_criteria; i++)
        r->impacts[i] = -1;
    json_object_foreach(json_object_get(rec, "impacts"), key, v)
    {
        int c = risk_tables_criterion(t, key), k = risk_tables_class(t, json_string_value(v));
        if (c < 0 || k < 0)
            return error_set(b->e, ERR_INVALID, r->id,
                             "impact %s: %s is not a known criterion/class", key,
                             json_string_value(v) ? json_string_value(v) : "?");
        r->impacts[c] = k;
    }
    json_object_foreach(json_object_get(rec, "resilience"), key, v)
    {
        int d = model_value_index(t->dimensions, key);
        if (d >= 0)
            r->resilience[d] = (int)json_integer_value(v);
    }
    if (r->likelihood < 0)
        return error_set(b->e, ERR_INVALID, r->id, "likelihood '%s' is not a class",
                         field_text(rec, "likelihood"));
    if ((rc = risk_score_aggregate(t, r->impacts, &r->aggregate, &r->impact_class, b->e)) != 0) {
        error_prefix_where(b->e, r->id);
        return rc;
    }
    memcpy(r->residual_impacts, r->impacts, t->n_criteria * sizeof *r->impacts);
    r->residual_likelihood = r->likelihood;
    r->residual_aggregate = r->aggregate;
    r->residual_impact_class = r->impact_class;
    return 0;
}

static int load_analysis_risks(struct build *b, struct risk_process *proc, const char *analysis)
{
    struct store_filter f = {model_field_find(model_kind(KIND_RISK), "analysis"), analysis};
    struct risk_load rl = {b, proc->id};
    return store_record_each(b->s, model_kind(KIND_RISK), &f, 1, 0, 0, add_risk, &rl, b->e);
}

static int use_analysis(struct build *b, struct risk_process *proc, json_t *a)
{
    const struct risk_tables *t = &b->p->tables;
    json_t *findings = json_object_get(a, "findings");
    size_t i;
    for (i = 0; i < t->n_topics; i++) {
        const char *text = json_string_value(json_object_get(findings, t->topics[i]));
        if (text && text[0])
            add_finding(b, proc, field_text(a, "id"), (int)i, text);
    }
    return load_analysis_risks(b, proc, field_text(a, "id"));
}

static int compare_quickscans(const void *x, const void *y)
{
    return analysis_later(*(json_t *const *)x, *(json_t *const *)y);
}

/* The base analysis, then the final quickscans on or after its date. */
static int pick_analyses(struct build *b, struct risk_process *proc)
{
    json_t *list = json_object_get(b->analyses, proc->id), *base = choose_base(list), *a;
    json_t **later;
    size_t i, n = 0;
    int rc;

    proc->first_risk = b->p->n_risks;
    if (base == NULL)
        return 0;
    later = arena_calloc(&b->p->arena, json_array_size(list), sizeof *later);
    proc->analysis = dup(b, field_text(base, "id"));
    snprintf(proc->analysis_kind, sizeof proc->analysis_kind, "%s", field_text(base, "kind"));
    snprintf(proc->analysis_status, sizeof proc->analysis_status, "%s", field_text(base, "status"));
    snprintf(proc->analysis_date, sizeof proc->analysis_date, "%s", analysis_date(base));
    if (strcmp(proc->analysis_kind, "regular") == 0) {
        json_array_foreach(list, i, a)
        {
            if (is_final(a) && strcmp(field_text(a, "kind"), "quickscan") == 0 &&
                strcmp(analysis_date(a), proc->analysis_date) >= 0)
                later[n++] = a;
        }
        qsort(later, n, sizeof later[0], compare_quickscans);
    }
    proc->quickscans = arena_calloc(&b->p->arena, n, sizeof *proc->quickscans);
    if ((rc = use_analysis(b, proc, base)) != 0)
        return rc;
    for (i = 0; i < n; i++) {
        proc->quickscans[proc->n_quickscans++] = dup(b, field_text(later[i], "id"));
        if ((rc = use_analysis(b, proc, later[i])) != 0)
            return rc;
    }
    proc->n_risks = b->p->n_risks - proc->first_risk;
    return 0;
}

static int compare_text(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static void list_sectors(struct build *b)
{
    struct risk_picture *p = b->p;
    char **ids = arena_calloc(&p->arena, p->n_processes, sizeof *ids);
    size_t i, j;
    p->sectors = arena_calloc(&p->arena, p->n_processes, sizeof *p->sectors);
    for (i = 0; i < p->n_processes; i++)
        ids[i] = p->processes[i].sector;
    qsort(ids, p->n_processes, sizeof *ids, compare_text);
    for (i = 0; i < p->n_processes; i++) {
        struct risk_sector *sec;
        if (i > 0 && strcmp(ids[i], ids[i - 1]) == 0)
            continue;
        sec = &p->sectors[p->n_sectors++];
        sec->id = dup(b, ids[i]);
        sec->name =
            dup(b, json_string_value(json_object_get(json_object_get(b->sectors, ids[i]), "name")));
        for (j = 0; j < p->n_processes; j++) {
            if (strcmp(p->processes[j].sector, ids[i]) != 0)
                continue;
            sec->n_processes++;
            sec->n_analysed += p->processes[j].analysis != NULL;
        }
    }
}

static int select_scope(struct build *b)
{
    const struct risk_query *q = b->q;
    struct risk_picture *p = b->p;
    struct store_filter f = {NULL, NULL};
    json_t *rec = NULL;
    int rc;

    if (q->process) {
        rc = store_record_get(b->s, model_kind(KIND_PROCESS), q->process, &rec, b->e);
        if (rc == ERR_NOTFOUND)
            return error_set(b->e, rc, q->process, "no process with this id");
        if (rc != 0)
            return rc;
        snprintf(p->scope, sizeof p->scope, "process");
        p->scope_id = dup(b, q->process);
        p->scope_name = dup(b, field_text(rec, "name"));
        json_decref(rec);
        f.field = model_field_find(model_kind(KIND_PROCESS), "id");
        f.value = q->process;
    } else if (q->sector) {
        if ((rec = json_object_get(b->sectors, q->sector)) == NULL)
            return error_set(b->e, ERR_NOTFOUND, q->sector, "no sector with this id");
        snprintf(p->scope, sizeof p->scope, "sector");
        p->scope_id = dup(b, q->sector);
        p->scope_name = dup(b, field_text(rec, "name"));
    } else {
        snprintf(p->scope, sizeof p->scope, "national");
    }
    return store_record_each(b->s, model_kind(KIND_PROCESS), f.field ? &f : NULL, f.field ? 1 : 0,
                             0, 0, add_process, b, b->e);
}

int risk_picture_compute(struct store *s, const struct risk_query *q, struct risk_picture *out,
                         struct error *e)
{
    struct build b = {out, s, e, q, json_object(), json_object(), json_object(), 0, 0};
    size_t i;
    int rc;

    memset(out, 0, sizeof *out);
    arena_init_unbounded(&out->arena);
    if ((rc = risk_tables_load(s, &out->arena, &out->tables, e)) != 0)
        goto cleanup;
    if ((rc = store_record_each(s, model_kind(KIND_SECTOR), NULL, 0, 0, 0, add_sector, &b, e)) != 0)
        goto cleanup;
    if ((rc = select_scope(&b)) != 0)
        goto cleanup;
    if ((rc = store_record_each(s, model_kind(KIND_ANALYSIS), NULL, 0, 0, 0, add_analysis, &b,
                                e)) != 0)
        goto cleanup;
    for (i = 0; i < out->n_processes; i++) {
        if ((rc = pick_analyses(&b, &out->processes[i])) != 0)
            goto cleanup;
    }
    list_sectors(&b);
cleanup:
    json_decref(b.sectors);
    json_decref(b.index);
    json_decref(b.analyses);
    return rc;
}

void risk_picture_release(struct risk_picture *p)
{
    arena_release(&p->arena);
    memset(p, 0, sizeof *p);
}

/* --- summaries ------------------------------------------------------------- */

int risk_picture_shows_cause(const struct risk_picture *p, const struct service_common_cause *c)
{
    size_t i, j;
    if (p->scope_id == NULL)
        return 1;
    for (i = 0; i < c->n_processes; i++) {
        for (j = 0; j < p->n_processes; j++) {
            if (strcmp(c->processes[i], p->processes[j].id) == 0)
                return 1;
        }
    }
    return 0;
}

static const struct risk_process *process_of(const struct risk_picture *p, const char *id)
{
    size_t i;
    for (i = 0; i < p->n_processes; i++) {
        if (strcmp(p->processes[i].id, id) == 0)
            return &p->processes[i];
    }
    return NULL;
}

int risk_picture_selects(const struct risk_picture *p, size_t i, const char *sector,
                         const char *process)
{
    const struct risk_entry *r = &p->risks[i];
    const struct risk_process *proc;
    if (process && strcmp(r->process, process) != 0)
        return 0;
    if (sector == NULL)
        return 1;
    proc = process_of(p, r->process);
    return proc && strcmp(proc->sector, sector) == 0;
}

void risk_picture_grid(const struct risk_picture *p, const char *sector, const char *process,
                       int residual, struct risk_grid *out)
{
    size_t i;
    memset(out, 0, sizeof *out);
    for (i = 0; i < p->n_risks; i++) {
        const struct risk_entry *r = &p->risks[i];
        int l = residual ? r->residual_likelihood : r->likelihood;
        int k = residual ? r->residual_impact_class : r->impact_class;
        if (!risk_picture_selects(p, i, sector, process))
            continue;
        if (k < 0 || l < 0) {
            out->n_unscored++;
            continue;
        }
        out->cells[l][k]++;
        out->n_risks++;
    }
}

void risk_picture_resilience(const struct risk_picture *p, const char *sector, const char *process,
                             struct risk_resilience *out)
{
    double sum[RISK_DIMENSIONS_MAX] = {0};
    size_t i, d;
    memset(out, 0, sizeof *out);
    for (i = 0; i < p->n_risks; i++) {
        const struct risk_entry *r = &p->risks[i];
        if (!risk_picture_selects(p, i, sector, process))
            continue;
        for (d = 0; d < p->tables.n_dimensions; d++) {
            int v = r->resilience[d];
            if (v <= 0)
                continue;
            sum[d] += v;
            if (out->n[d] == 0 || v < out->min[d])
                out->min[d] = v;
            out->n[d]++;
        }
    }
    for (d = 0; d < p->tables.n_dimensions; d++)
        out->mean[d] = out->n[d] ? sum[d] / (double)out->n[d] : 0;
}

int risk_process_has_finding(const struct risk_process *proc, int topic)
{
    size_t i;
    for (i = 0; i < proc->n_findings; i++) {
        if (proc->findings[i].topic == topic)
            return 1;
    }
    return 0;
}

void risk_picture_findings(const struct risk_picture *p, const char *sector,
                           size_t counts[RISK_TOPICS_MAX])
{
    size_t i, t;
    memset(counts, 0, RISK_TOPICS_MAX * sizeof counts[0]);
    for (i = 0; i < p->n_processes; i++) {
        if (sector && strcmp(p->processes[i].sector, sector) != 0)
            continue;
        for (t = 0; t < p->tables.n_topics; t++)
            counts[t] += (size_t)risk_process_has_finding(&p->processes[i], (int)t);
    }
}
