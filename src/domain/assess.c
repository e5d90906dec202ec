/*
 * assess.c — the vitaalbeoordeling (see assess.h): reads the assessment, the
 * vitaal criteria, the settings of the cascade criterion and the process
 * graph, runs the engine for the cascade criterion, counts the other
 * sectors it takes down, decides, and writes a new dated assessment
 * through validation in the transaction it read in. Never updates an
 * assessment that exists. Thresholds and settings come from the database.
 */
#include "domain/assess.h"

#include "base/arena.h"
#include "base/timefmt.h"
#include "base/xmalloc.h"
#include "domain/process_graph.h"
#include "domain/settings.h"
#include "domain/validate.h"
#include "engine/cascade.h"
#include "engine/graph.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fallbacks for a database without the settings (the catalogue has them). */
#define ASSESS_DEFAULT_OUTAGE_H   24
#define ASSESS_DEFAULT_HORIZON_H  168
#define ASSESS_DEFAULT_MIN_DOWN_H 1
#define ASSESS_DEFAULT_UNIT       "sectors"

const char *assess_category_name(enum assess_category c)
{
    return c == ASSESS_A ? "A" : c == ASSESS_B ? "B" : "none";
}

const char *assess_comparator_name(enum assess_comparator c)
{
    return c == ASSESS_AT_LEAST ? "at_least" : "more_than";
}

const char *assess_unit_name(enum assess_unit u)
{
    return u == ASSESS_UNIT_PROCESSES ? "processes" : "sectors";
}

int assess_meets(const struct assess_criterion *c, enum assess_category cat)
{
    double threshold;
    if (!c->has_value || cat == ASSESS_NONE || !(cat == ASSESS_A ? c->has_a : c->has_b))
        return 0;
    threshold = cat == ASSESS_A ? c->a_above : c->b_above;
    return c->comparator == ASSESS_AT_LEAST ? c->value >= threshold : c->value > threshold;
}

const char *assess_meets_name(const struct assess_criterion *c)
{
    return assess_meets(c, ASSESS_A) ? "A" : assess_meets(c, ASSESS_B) ? "B" : NULL;
}

enum assess_category assess_decide(const struct assess_criterion *criteria, size_t n,
                                   size_t *decided, size_t *n_decided)
{
    enum assess_category cat;
    size_t i;
    for (cat = ASSESS_A; cat > ASSESS_NONE; cat--) {
        *n_decided = 0;
        for (i = 0; i < n; i++) {
            if (assess_meets(&criteria[i], cat))
                decided[(*n_decided)++] = i;
        }
        if (*n_decided > 0)
            return cat;
    }
    return ASSESS_NONE;
}

uint32_t assess_count_cascade(const struct assess_down *down, size_t n, const char *process,
                              const char *sector, enum assess_unit unit, int32_t min_down_h,
                              unsigned char *counts)
{
    uint32_t total = 0;
    size_t i, j;
    for (i = 0; i < n; i++) {
        const struct assess_down *d = &down[i];
        counts[i] = d->vital && d->down_h >= min_down_h && strcmp(d->process, process) != 0 &&
                    (unit == ASSESS_UNIT_PROCESSES || strcmp(d->sector, sector) != 0);
        if (!counts[i])
            continue;
        if (unit == ASSESS_UNIT_SECTORS) {
            /* a sector counts once, however many of its processes fail */
            for (j = 0; j < i && !(counts[j] && strcmp(down[j].sector, d->sector) == 0); j++)
                ;
            if (j < i)
                continue;
        }
        total++;
    }
    return total;
}

/* strcmp, but runs of digits compare by their value: "x-9" < "x-10". */
static int natural_compare(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            const char *sa = a, *sb = b;
            size_t la, lb;
            int c;
            while (*sa == '0' && isdigit((unsigned char)sa[1]))
                sa++;
            while (*sb == '0' && isdigit((unsigned char)sb[1]))
                sb++;
            for (a = sa; isdigit((unsigned char)*a); a++)
                ;
            for (b = sb; isdigit((unsigned char)*b); b++)
                ;
            la = (size_t)(a - sa);
            lb = (size_t)(b - sb);
            if (la != lb)
                return la < lb ? -1 : 1;
            if ((c = strncmp(sa, sb, la)) != 0)
                return c;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

int assess_compare(const json_t *a, const json_t *b)
{
    int by_date = strcmp(json_string_value(json_object_get(a, "date")),
                         json_string_value(json_object_get(b, "date")));
    if (by_date != 0)
        return by_date;
    return natural_compare(json_string_value(json_object_get(a, "id")),
                           json_string_value(json_object_get(b, "id")));
}

struct latest {
    assess_visible_fn visible;
    void *ctx;
    json_t *record; /* the latest so far, owned */
    struct error *e;
};

static int keep_latest(void *ctx, json_t *record)
{
    struct latest *l = ctx;
    const char *status = json_string_value(json_object_get(record, "status"));
    int rc = l->visible ? l->visible(l->ctx, record, l->e) : 0;
    /* only an approved assessment is the process's vitaalbeoordeling */
    if (rc == 0 && (status == NULL || strcmp(status, "final") != 0))
        rc = ERR_NOTFOUND;
    if (rc != 0 || (l->record && assess_compare(record, l->record) < 0))
        return rc == ERR_NOTFOUND ? 0 : rc;
    json_decref(l->record);
    l->record = json_incref(record);
    return 0;
}

int assess_latest(struct store *s, const char *process, assess_visible_fn visible, void *ctx,
                  json_t **out, struct error *e)
{
    const struct kind *k = model_kind(KIND_ASSESSMENT);
    struct store_filter f = {model_field_find(k, "process"), process};
    struct latest l = {visible, ctx, NULL, e};
    int rc = store_record_each(s, k, &f, 1, 0, 0, keep_latest, &l, e);
    if (rc != 0) {
        json_decref(l.record);
        l.record = NULL;
    }
    *out = l.record;
    return rc;
}

void assess_result_release(struct assess_result *r)
{
    if (r == NULL)
        return;
    arena_release(&r->arena);
    memset(r, 0, sizeof *r);
}

/* --- reading ----------------------------------------------------------------- */

/* The assessment whose estimates are used: o->assessment, else the latest;
 * NULL for new estimates (o->impacts). */
static int find_assessment(struct store *s, const struct assess_options *o, json_t **out,
                           struct error *e)
{
    const struct kind *k = model_kind(KIND_ASSESSMENT);
    const char *of;
    int rc;
    if (o->impacts != NULL) {
        *out = NULL; /* new estimates stand on their own */
        return 0;
    }
    if (o->assessment) {
        if ((rc = store_record_get(s, k, o->assessment, out, e)) == ERR_NOTFOUND)
            return error_set(e, ERR_NOTFOUND, "--assessment", "unknown assessment '%s'",
                             o->assessment);
        if (rc != 0)
            return rc;
        of = json_string_value(json_object_get(*out, "process"));
        if (strcmp(of, o->process) != 0) {
            rc = error_set(e, ERR_INVALID, "--assessment", "assessment %s is of process %s, not %s",
                           o->assessment, of, o->process);
            json_decref(*out);
            *out = NULL;
        }
        return rc;
    }
    if ((rc = assess_latest(s, o->process, NULL, NULL, out, e)) != 0)
        return rc;
    if (*out == NULL)
        return error_set(e, ERR_NOTFOUND, o->process,
                         "process %s has no assessment: import one with its impact estimates",
                         o->process);
    return 0;
}

struct criteria_load {
    struct assess_result *r;
    size_t cap;
    struct error *e;
};

static int load_criterion(void *ctx, json_t *record)
{
    struct criteria_load *cl = ctx;
    struct assess_result *r = cl->r;
    struct assess_criterion *c;
    json_t *a = json_object_get(record, "category_a_above");
    json_t *b = json_object_get(record, "category_b_above");
    const char *comparator = json_string_value(json_object_get(record, "comparator"));
    if (r->n_criteria == cl->cap) {
        size_t cap = cl->cap ? 2 * cl->cap : 16;
        r->criteria = arena_realloc(&r->arena, r->criteria, cl->cap * sizeof *r->criteria,
                                    cap * sizeof *r->criteria);
        cl->cap = cap;
    }
    c = &r->criteria[r->n_criteria++];
    snprintf(c->id, sizeof c->id, "%s", json_string_value(json_object_get(record, "id")));
    snprintf(c->unit, sizeof c->unit, "%s", json_string_value(json_object_get(record, "unit")));
    c->has_a = json_is_number(a);
    c->a_above = json_number_value(a);
    c->a_verified = json_is_true(json_object_get(record, "category_a_verified"));
    c->has_b = json_is_number(b);
    c->b_above = json_number_value(b);
    c->b_verified = json_is_true(json_object_get(record, "category_b_verified"));
    c->comparator =
        comparator && strcmp(comparator, "at_least") == 0 ? ASSESS_AT_LEAST : ASSESS_MORE_THAN;
    return 0;
}

/* The settings of the cascade criterion into r (o->outage_h wins). */
static int load_settings(struct store *s, const struct assess_options *o, struct assess_result *r,
                         struct error *e)
{
    char unit[32];
    int rc;
    r->outage_h = o->outage_h;
    if ((o->outage_h < 0 && (rc = settings_get_hours(s, "assess_outage_h", ASSESS_DEFAULT_OUTAGE_H,
                                                     0, INT32_MAX, &r->outage_h, e)) != 0) ||
        (rc = settings_get_hours(s, "assess_horizon_h", ASSESS_DEFAULT_HORIZON_H, 1,
                                 CASCADE_MAX_HORIZON_H, &r->horizon_h, e)) != 0 ||
        (rc = settings_get_hours(s, "assess_cascade_min_down_h", ASSESS_DEFAULT_MIN_DOWN_H, 1,
                                 CASCADE_MAX_HORIZON_H, &r->min_down_h, e)) != 0 ||
        (rc = settings_get_text(s, "assess_cascade_unit", ASSESS_DEFAULT_UNIT, unit, sizeof unit,
                                e)) != 0)
        return rc;
    if (strcmp(unit, "sectors") == 0)
        r->unit = ASSESS_UNIT_SECTORS;
    else if (strcmp(unit, "processes") == 0)
        r->unit = ASSESS_UNIT_PROCESSES;
    else
        return error_set(e, ERR_INVALID, "assess_cascade_unit",
                         "setting assess_cascade_unit must be sectors or processes, not '%s'",
                         unit);
    return 0;
}

static int collect_process(void *ctx, json_t *record)
{
    json_object_set(ctx, json_string_value(json_object_get(record, "id")), record);
    return 0;
}

/* The cascade count in r->unit when r->process fails alone for r->outage_h
 * hours, and which processes and sectors it counted. */
static int compute_cascade(struct store *s, struct assess_result *r, struct error *e)
{
    struct graph *g = NULL;
    struct cascade_result *cr = NULL;
    struct assess_down *down = NULL;
    unsigned char *counts = NULL;
    json_t *processes = json_object();
    uint32_t node, k;
    size_t i, n_sectors = 0;
    int rc;
    if ((rc = store_record_each(s, model_kind(KIND_PROCESS), NULL, 0, 0, 0, collect_process,
                                processes, e)) != 0 ||
        (rc = process_graph_build(s, &g, e)) != 0)
        goto cleanup;
    if (graph_node_find(g, r->process, &node) != 0) {
        rc = error_set(e, ERR_INTERNAL, r->process, "process missing from the process graph");
        goto cleanup;
    }
    {
        struct cascade_event ev = {&node, 1, r->outage_h, r->horizon_h, NULL};
        if ((rc = cascade_run(g, &ev, &cr, e)) != 0)
            goto cleanup;
    }
    down = xcalloc(cr->n_affected + 1, sizeof *down);
    counts = xcalloc(cr->n_affected + 1, 1);
    r->cascade_ids = arena_calloc(&r->arena, cr->n_affected + 1, sizeof *r->cascade_ids);
    r->cascade_sectors = arena_calloc(&r->arena, cr->n_affected + 1, sizeof *r->cascade_sectors);
    for (k = 0; k < cr->n_affected; k++) {
        const char *id = graph_node_id(g, cr->nodes[k].node);
        json_t *p = json_object_get(processes, id);
        const char *cat = json_string_value(json_object_get(p, "category"));
        down[k].process = id;
        down[k].sector = json_string_value(json_object_get(p, "sector"));
        down[k].sector = down[k].sector ? down[k].sector : "";
        down[k].vital = cat != NULL && strcmp(cat, "none") != 0;
        down[k].down_h = cr->nodes[k].down_h;
    }
    r->cascade = assess_count_cascade(down, cr->n_affected, r->process, r->process_sector, r->unit,
                                      r->min_down_h, counts);
    for (k = 0; k < cr->n_affected; k++) {
        if (!counts[k])
            continue;
        r->cascade_ids[r->n_cascade_ids++] =
            arena_strdup(&r->arena, down[k].process ? down[k].process : "");
        for (i = 0; i < n_sectors && strcmp(r->cascade_sectors[i], down[k].sector) != 0; i++)
            ;
        if (r->unit == ASSESS_UNIT_SECTORS && i == n_sectors)
            r->cascade_sectors[n_sectors++] =
                arena_strdup(&r->arena, down[k].sector ? down[k].sector : "");
    }
cleanup:
    free(down);
    free(counts);
    cascade_result_free(cr);
    graph_free(g);
    json_decref(processes);
    return rc;
}

/* --- writing ----------------------------------------------------------------- */

/* o->id, or the first free of as-PROCESS-DATE, as-PROCESS-DATE-2, ... */
static int new_id(struct store *s, const struct assess_options *o, const char *date, char *id,
                  size_t size, struct error *e)
{
    const struct kind *k = model_kind(KIND_ASSESSMENT);
    int exists = 1, rc, n;
    if (o->id) {
        if ((rc = store_record_exists(s, k, o->id, &exists, e)) != 0)
            return rc;
        if (exists)
            return error_set(e, ERR_CONFLICT, "id",
                             "assessment %s exists: an assessment is never rewritten, give a "
                             "new id",
                             o->id);
        snprintf(id, size, "%s", o->id);
        return 0;
    }
    for (n = 1; exists; n++) {
        if (n == 1)
            snprintf(id, size, "as-%s-%s", o->process, date);
        else
            snprintf(id, size, "as-%s-%s-%d", o->process, date, n);
        if ((rc = store_record_exists(s, k, id, &exists, e)) != 0)
            return rc;
    }
    return 0;
}

/* The new assessment: the estimates with the computed cascade, the
 * decision, the engine's explanation beside the analyst's rationale. */
static int record_outcome(struct store *s, const struct assess_options *o, struct assess_result *r,
                          const json_t *base, const json_t *process, struct error *e)
{
    const struct kind *k = model_kind(KIND_ASSESSMENT);
    json_t *record = json_object(), *impacts = json_object(), *decided = json_array();
    struct store_write w;
    const json_t *from = o->impacts ? o->impacts : json_object_get(base, "impacts");
    const char *key, *cls = o->classification;
    json_t *v;
    size_t i;
    int rc;

    if (o->date)
        snprintf(r->recorded_date, sizeof r->recorded_date, "%s", o->date);
    else
        timefmt_format_date(timefmt_today(), r->recorded_date);
    if (cls == NULL)
        cls = base ? json_string_value(json_object_get(base, "classification")) : "internal";
    json_object_foreach((json_t *)from, key, v)
    {
        if (strcmp(key, ASSESS_CASCADE_CRITERION) != 0)
            json_object_set(impacts, key, v);
    }
    if (r->has_cascade_criterion)
        json_object_set_new(impacts, ASSESS_CASCADE_CRITERION, json_real((double)r->cascade));
    for (i = 0; i < r->n_decided_by; i++)
        json_array_append_new(decided, json_string(r->criteria[r->decided_by[i]].id));
    if ((rc = new_id(s, o, r->recorded_date, r->recorded, sizeof r->recorded, e)) != 0)
        goto cleanup;
    json_object_set_new(record, "id", json_string(r->recorded));
    json_object_set_new(record, "process", json_string(o->process));
    json_object_set_new(record, "date", json_string(r->recorded_date));
    json_object_set_new(record, "assessor", json_string(o->assessor ? o->assessor : ""));
    json_object_set(record, "impacts", impacts);
    json_object_set_new(record, "category", json_string(assess_category_name(r->category)));
    if (o->rationale)
        json_object_set_new(record, "rationale", json_string(o->rationale));
    json_object_set_new(record, "cascade_outage_h", json_integer(r->outage_h));
    json_object_set(record, "decided_by", decided);
    json_object_set_new(record, "engine_explanation", json_string(r->explanation));
    if (base)
        json_object_set(record, "based_on", json_object_get(base, "id"));
    /* a new vitaalbeoordeling waits for another person's approval (four eyes) */
    json_object_set_new(record, "status", json_string("review"));
    json_object_set_new(record, "classification", json_string(cls ? cls : "internal"));
    json_object_set(record, "owner",
                    json_object_get(base ? base : process, base ? "owner" : "ministry"));
    if ((rc = validate_record(k, record, r->recorded, e)) != 0)
        goto cleanup;
    if ((rc = store_record_put(s, k, record, o->change, &w, e)) != 0)
        goto cleanup;
    if (o->hook) {
        struct import_item item = {k, record, "vitaal assess", "", 0, "", ""};
        rc = o->hook->after_write(o->hook->ctx, s, &item, &w, e);
    }
cleanup:
    json_decref(record);
    json_decref(impacts);
    json_decref(decided);
    return rc;
}

/* --- the run --------------------------------------------------------------- */

static void copy_field(char *dst, size_t size, const json_t *record, const char *field)
{
    const char *v = json_string_value(json_object_get(record, field));
    snprintf(dst, size, "%s", v ? v : "");
}

int assess_run(struct store *s, const struct assess_options *o, struct assess_result *r,
               struct error *e)
{
    const struct kind *processes = model_kind(KIND_PROCESS);
    struct criteria_load cl = {r, 0, e};
    json_t *process = NULL, *assessment = NULL, *impacts;
    int in_transaction = 0, rc;
    size_t i;

    memset(r, 0, sizeof *r);
    arena_init_unbounded(&r->arena);
    if (!o->dry_run && (o->assessor == NULL || o->assessor[0] == '\0'))
        return error_set(e, ERR_INVALID, "assessor", "a new assessment needs its assessor");
    if (o->impacts != NULL && !json_is_object(o->impacts))
        return error_set(e, ERR_INVALID, "impacts", "an object of estimates per criterion");
    /* read and write in one transaction, so the outcome matches what was read */
    if (!o->dry_run) {
        if ((rc = store_begin(s, e)) != 0)
            goto cleanup;
        in_transaction = 1;
    }
    if ((rc = store_record_get(s, processes, o->process, &process, e)) == ERR_NOTFOUND)
        error_set(e, ERR_NOTFOUND, NULL, "unknown process '%s'", o->process);
    if (rc != 0 || (rc = find_assessment(s, o, &assessment, e)) != 0)
        goto cleanup;
    snprintf(r->process, sizeof r->process, "%s", o->process);
    copy_field(r->process_name, sizeof r->process_name, process, "name");
    copy_field(r->process_sector, sizeof r->process_sector, process, "sector");
    copy_field(r->process_category, sizeof r->process_category, process, "category");
    if (o->impacts == NULL) {
        copy_field(r->assessment, sizeof r->assessment, assessment, "id");
        copy_field(r->assessment_date, sizeof r->assessment_date, assessment, "date");
        copy_field(r->previous_category, sizeof r->previous_category, assessment, "category");
    }

    if ((rc = store_record_each(s, model_kind(KIND_VITAAL_CRITERION), NULL, 0, 0, 0, load_criterion,
                                &cl, e)) != 0)
        goto cleanup;
    if (r->n_criteria == 0) {
        rc = error_set(e, ERR_NOTFOUND, NULL,
                       "the database has no vitaal_criteria: load the catalogue "
                       "(vitaal init, or import vitaal_criteria.csv) before assessing");
        goto cleanup;
    }
    if ((rc = load_settings(s, o, r, e)) != 0 || (rc = compute_cascade(s, r, e)) != 0)
        goto cleanup;

    /* the estimates: the assessment's (or the new ones), the cascade computed */
    impacts = o->impacts ? (json_t *)o->impacts : json_object_get(assessment, "impacts");
    for (i = 0; i < r->n_criteria; i++) {
        struct assess_criterion *c = &r->criteria[i];
        json_t *v = json_object_get(impacts, c->id);
        if (strcmp(c->id, ASSESS_CASCADE_CRITERION) == 0) {
            r->has_cascade_criterion = 1;
            c->has_value = 1;
            c->value = (double)r->cascade;
        } else if (json_is_number(v)) {
            c->has_value = 1;
            c->value = json_number_value(v);
        }
    }
    r->decided_by = arena_calloc(&r->arena, r->n_criteria, sizeof *r->decided_by);
    r->category = assess_decide(r->criteria, r->n_criteria, r->decided_by, &r->n_decided_by);
    {
        char *text = assess_explain(r);
        r->explanation = arena_strdup(&r->arena, text);
        free(text);
    }
    if (!o->dry_run) {
        if ((rc = record_outcome(s, o, r, assessment, process, e)) != 0 ||
            (rc = store_commit(s, e)) != 0)
            goto cleanup;
        in_transaction = 0;
        r->written = 1;
    }
cleanup:
    if (in_transaction)
        store_rollback(s);
    json_decref(process);
    json_decref(assessment);
    if (rc != 0)
        assess_result_release(r);
    return rc;
}
