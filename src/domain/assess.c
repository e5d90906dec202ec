/*
 * assess.c — the vitaalbeoordeling (see assess.h): reads the assessment, the
 * vitaal criteria and the process graph, runs the engine for the cascade
 * criterion, decides, explains, and writes the assessment back through
 * validation in the transaction it read in. Thresholds come from the
 * database only.
 */
#include "domain/assess.h"

#include "base/strbuf.h"
#include "domain/process_graph.h"
#include "domain/settings.h"
#include "domain/validate.h"
#include "engine/cascade.h"
#include "engine/graph.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ASSESS_DEFAULT_OUTAGE_H  24
#define ASSESS_DEFAULT_HORIZON_H 168

const char *assess_category_name(enum assess_category c)
{
    return c == ASSESS_A ? "A" : c == ASSESS_B ? "B" : "none";
}

enum assess_category assess_decide(const struct assess_criterion *criteria, size_t n,
                                   size_t *decided, size_t *n_decided)
{
    size_t i;
    *n_decided = 0;
    /* "exceeds" is strictly greater: an estimate exactly on a threshold does not count */
    for (i = 0; i < n; i++) {
        if (criteria[i].has_value && criteria[i].has_a && criteria[i].value > criteria[i].a_above)
            decided[(*n_decided)++] = i;
    }
    if (*n_decided > 0)
        return ASSESS_A;
    for (i = 0; i < n; i++) {
        if (criteria[i].has_value && criteria[i].has_b && criteria[i].value > criteria[i].b_above)
            decided[(*n_decided)++] = i;
    }
    return *n_decided > 0 ? ASSESS_B : ASSESS_NONE;
}

const char *assess_format_number(double v, char buf[32])
{
    int precision;
    char *e;
    if (fabs(v) < 1e6) {
        if (v == floor(v)) {
            snprintf(buf, 32, "%.0f", v);
            return buf;
        }
        for (precision = 1; precision < 17; precision++) {
            snprintf(buf, 32, "%.*g", precision, v);
            if (strtod(buf, NULL) == v)
                break;
        }
        return buf;
    }
    /* the shortest mantissa that reads back exactly, at least one decimal */
    for (precision = 1; precision < 17; precision++) {
        snprintf(buf, 32, "%.*e", precision, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    if ((e = strchr(buf, 'e')) != NULL) {
        /* "6.0e+10" -> "6.0e10" */
        char *src = e + 1, *dst = e + 1;
        if (*src == '+')
            src++;
        else if (*src == '-')
            *dst++ = *src++;
        while (*src == '0' && src[1] != '\0')
            src++;
        memmove(dst, src, strlen(src) + 1);
    }
    return buf;
}

void assess_result_release(struct assess_result *r)
{
    size_t i;
    if (r == NULL)
        return;
    for (i = 0; i < r->cascade; i++)
        free(r->cascade_ids[i]);
    free(r->cascade_ids);
    free(r->criteria);
    free(r->decided_by);
    free(r->rationale);
    memset(r, 0, sizeof *r);
}

/* --- reading ----------------------------------------------------------------- */

struct latest {
    json_t *record; /* the latest so far, owned */
};

static int keep_latest(void *ctx, json_t *record)
{
    struct latest *l = ctx;
    if (l->record) {
        int by_date = strcmp(json_string_value(json_object_get(record, "date")),
                             json_string_value(json_object_get(l->record, "date")));
        int by_id = strcmp(json_string_value(json_object_get(record, "id")),
                           json_string_value(json_object_get(l->record, "id")));
        if (by_date < 0 || (by_date == 0 && by_id < 0)) {
            json_decref(record);
            return 0;
        }
        json_decref(l->record);
    }
    l->record = record;
    return 0;
}

static int find_assessment(struct store *s, const struct assess_options *o, json_t **out,
                           struct error *e)
{
    const struct kind *k = model_kind_find("assessments");
    struct latest l = {NULL};
    const char *of;
    int rc;
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
    {
        struct store_filter f = {model_field_find(k, "process"), o->process};
        if ((rc = store_record_each(s, k, &f, 1, 0, 0, keep_latest, &l, e)) != 0) {
            json_decref(l.record);
            return rc;
        }
    }
    if (l.record == NULL)
        return error_set(e, ERR_NOTFOUND, o->process,
                         "process %s has no assessment: import one with its impact estimates",
                         o->process);
    *out = l.record;
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
    if (r->n_criteria == cl->cap) {
        size_t cap = cl->cap ? 2 * cl->cap : 16;
        struct assess_criterion *grown = realloc(r->criteria, cap * sizeof *grown);
        if (grown == NULL) {
            json_decref(record);
            return error_set(cl->e, ERR_NOMEM, NULL, "out of memory");
        }
        r->criteria = grown;
        cl->cap = cap;
    }
    c = &r->criteria[r->n_criteria++];
    memset(c, 0, sizeof *c);
    snprintf(c->id, sizeof c->id, "%s", json_string_value(json_object_get(record, "id")));
    snprintf(c->unit, sizeof c->unit, "%s", json_string_value(json_object_get(record, "unit")));
    c->has_a = json_is_number(a);
    c->a_above = json_number_value(a);
    c->has_b = json_is_number(b);
    c->b_above = json_number_value(b);
    json_decref(record);
    return 0;
}

static int collect_category(void *ctx, json_t *record)
{
    json_object_set(ctx, json_string_value(json_object_get(record, "id")),
                    json_object_get(record, "category"));
    json_decref(record);
    return 0;
}

/* The other vital processes (category A or B) down at least one hour when
 * r->process fails alone for r->outage_h hours. */
static int compute_cascade(struct store *s, struct assess_result *r, struct error *e)
{
    struct graph *g = NULL;
    struct cascade_result *cr = NULL;
    json_t *categories = json_object();
    uint32_t node, k;
    int rc;
    if (categories == NULL)
        return error_set(e, ERR_NOMEM, NULL, "out of memory");
    if ((rc = store_record_each(s, model_kind_find("processes"), NULL, 0, 0, 0, collect_category,
                                categories, e)) != 0 ||
        (rc = process_graph_build(s, &g, e)) != 0)
        goto cleanup;
    if (graph_node_find(g, r->process, &node) != 0) {
        rc = error_set(e, ERR_INTERNAL, r->process, "process missing from the process graph");
        goto cleanup;
    }
    {
        struct cascade_event ev = {&node, 1, r->outage_h, r->horizon_h};
        if ((rc = cascade_run(g, &ev, &cr, e)) != 0)
            goto cleanup;
    }
    if ((r->cascade_ids = calloc(cr->n_affected + 1, sizeof *r->cascade_ids)) == NULL) {
        rc = error_set(e, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
    for (k = 0; k < cr->n_affected; k++) {
        const char *id = graph_node_id(g, cr->nodes[k].node);
        const char *cat = json_string_value(json_object_get(categories, id));
        if (cr->nodes[k].node == node || cr->nodes[k].down_h < 1 || cat == NULL ||
            strcmp(cat, "none") == 0)
            continue;
        if ((r->cascade_ids[r->cascade] = strdup(id)) == NULL) {
            rc = error_set(e, ERR_NOMEM, NULL, "out of memory");
            goto cleanup;
        }
        r->cascade++;
    }
cleanup:
    cascade_result_free(cr);
    graph_free(g);
    json_decref(categories);
    return rc;
}

/* --- the explanation ------------------------------------------------------- */

static void put_name(struct strbuf *b, const char *id)
{
    for (; *id; id++)
        strbuf_putc(b, *id == '_' ? ' ' : *id);
}

static void put_estimate(struct strbuf *b, const struct assess_criterion *c)
{
    char num[32];
    size_t unit_len = strcspn(c->unit, "(");
    while (unit_len > 0 && c->unit[unit_len - 1] == ' ')
        unit_len--;
    put_name(b, c->id);
    assess_format_number(c->value, num);
    if (strcmp(c->unit, "EUR") == 0) {
        strbuf_printf(b, " EUR %s", num);
    } else {
        strbuf_printf(b, " %s", num);
        /* "people affected 7.0e6", not "... people" twice */
        if (unit_len > 0 && !memmem(c->id, strlen(c->id), c->unit, unit_len)) {
            strbuf_putc(b, ' ');
            strbuf_append(b, c->unit, unit_len);
        }
    }
}

static void put_cascade(struct strbuf *b, const struct assess_result *r,
                        const struct assess_criterion *c, int capital)
{
    char num[32];
    strbuf_printf(b, "%cts failure for %ld h takes down %lu other vital process%s",
                  capital ? 'I' : 'i', (long)r->outage_h, (unsigned long)r->cascade,
                  r->cascade == 1 ? "" : "es");
    if (c == NULL) {
        strbuf_puts(b, " (no vitaal criterion 'cascade': not counted)");
        return;
    }
    strbuf_puts(b, " (cascade threshold A: ");
    if (c->has_a)
        strbuf_printf(b, "more than %s", assess_format_number(c->a_above, num));
    else
        strbuf_puts(b, "none");
    strbuf_puts(b, c->has_b ? "; B: " : "; no B threshold");
    if (c->has_b)
        strbuf_printf(b, "more than %s", assess_format_number(c->b_above, num));
    strbuf_putc(b, ')');
}

static char *explain(const struct assess_result *r)
{
    struct strbuf b = STRBUF_INIT;
    const struct assess_criterion *cascade = NULL;
    char num[32];
    size_t i, missing = 0, said = 0;
    int cascade_decides = 0;
    const char *cat = assess_category_name(r->category);

    for (i = 0; i < r->n_criteria; i++) {
        if (strcmp(r->criteria[i].id, ASSESS_CASCADE_CRITERION) == 0)
            cascade = &r->criteria[i];
    }
    if (r->category == ASSESS_NONE)
        strbuf_printf(&b,
                      "%s is not vital (category none): no estimate exceeds a threshold of "
                      "category A or B",
                      r->process_name);
    else if (r->category == ASSESS_B)
        strbuf_printf(&b,
                      "%s is category B (no estimate exceeds an A threshold): ", r->process_name);
    else
        strbuf_printf(&b, "%s is category A: ", r->process_name);
    /* the estimates first, then the computed cascade */
    for (i = 0; i < r->n_decided_by; i++) {
        const struct assess_criterion *c = &r->criteria[r->decided_by[i]];
        if (c == cascade) {
            cascade_decides = 1;
            continue;
        }
        if (said++ > 0)
            strbuf_puts(&b, "; ");
        put_estimate(&b, c);
        strbuf_printf(&b, " exceeds the %s threshold %s", cat,
                      assess_format_number(r->category == ASSESS_A ? c->a_above : c->b_above, num));
    }
    if (cascade_decides) {
        if (said > 0)
            strbuf_puts(&b, "; ");
        put_cascade(&b, r, cascade, 0);
        strbuf_puts(&b, ". ");
    } else {
        strbuf_puts(&b, ". ");
        put_cascade(&b, r, cascade, 1);
        strbuf_puts(&b, ". ");
    }
    for (i = 0; i < r->n_criteria; i++) {
        if (!r->criteria[i].has_value && &r->criteria[i] != cascade)
            missing++;
    }
    if (missing > 0) {
        said = 0;
        strbuf_puts(&b, "No estimate for ");
        for (i = 0; i < r->n_criteria; i++) {
            if (r->criteria[i].has_value || &r->criteria[i] == cascade)
                continue;
            if (said > 0)
                strbuf_puts(&b, said + 1 == missing ? " and " : ", ");
            put_name(&b, r->criteria[i].id);
            said++;
        }
        strbuf_puts(&b, " (not counted). ");
    }
    strbuf_puts(&b, "A threshold counts when the estimate is strictly greater than it.");
    return b.failed ? (strbuf_release(&b), NULL) : strbuf_detach(&b);
}

/* --- the run --------------------------------------------------------------- */

/* Puts the outcome into the assessment record and writes it (validated). */
static int record_outcome(struct store *s, const struct assess_options *o, struct assess_result *r,
                          json_t *assessment, struct error *e)
{
    const struct kind *k = model_kind_find("assessments");
    json_t *impacts = json_object_get(assessment, "impacts");
    json_t *decided = json_array();
    struct store_write w;
    size_t i;
    int rc;
    if (decided == NULL)
        return error_set(e, ERR_NOMEM, NULL, "out of memory");
    for (i = 0; i < r->n_decided_by; i++)
        json_array_append_new(decided, json_string(r->criteria[r->decided_by[i]].id));
    json_object_set_new(assessment, "decided_by", decided);
    json_object_set_new(assessment, "category", json_string(assess_category_name(r->category)));
    json_object_set_new(assessment, "rationale", json_string(r->rationale));
    json_object_set_new(assessment, "cascade_outage_h", json_integer(r->outage_h));
    if (r->has_cascade_criterion) {
        if (!json_is_object(impacts)) {
            impacts = json_object();
            json_object_set_new(assessment, "impacts", impacts);
        }
        json_object_set_new(impacts, ASSESS_CASCADE_CRITERION, json_real((double)r->cascade));
    }
    if ((rc = validate_record(k, assessment, r->assessment, e)) != 0)
        return rc;
    if ((rc = store_record_put(s, k, assessment, o->change, &w, e)) != 0)
        return rc;
    if (o->hook) {
        struct import_item item = {k, assessment, "vitaal assess", "", 0, "", ""};
        rc = o->hook->after_write(o->hook->ctx, s, &item, &w, e);
    }
    return rc;
}

int assess_run(struct store *s, const struct assess_options *o, struct assess_result *r,
               struct error *e)
{
    const struct kind *processes = model_kind_find("processes");
    struct criteria_load cl = {r, 0, e};
    json_t *process = NULL, *assessment = NULL, *impacts;
    int in_transaction = 0, rc;
    size_t i;

    memset(r, 0, sizeof *r);
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
    snprintf(r->process_name, sizeof r->process_name, "%s",
             json_string_value(json_object_get(process, "name")));
    snprintf(r->process_category, sizeof r->process_category, "%s",
             json_string_value(json_object_get(process, "category")));
    snprintf(r->assessment, sizeof r->assessment, "%s",
             json_string_value(json_object_get(assessment, "id")));
    snprintf(r->assessment_date, sizeof r->assessment_date, "%s",
             json_string_value(json_object_get(assessment, "date")));
    snprintf(r->previous_category, sizeof r->previous_category, "%s",
             json_string_value(json_object_get(assessment, "category")));

    if ((rc = store_record_each(s, model_kind_find("vitaal_criteria"), NULL, 0, 0, 0,
                                load_criterion, &cl, e)) != 0)
        goto cleanup;
    if (r->n_criteria == 0) {
        rc = error_set(e, ERR_NOTFOUND, NULL,
                       "the database has no vitaal_criteria: load the catalogue "
                       "(vitaal init, or import vitaal_criteria.csv) before assessing");
        goto cleanup;
    }
    r->outage_h = o->outage_h;
    if (o->outage_h < 0 && (rc = settings_get_hours(s, "assess_outage_h", ASSESS_DEFAULT_OUTAGE_H,
                                                    0, INT32_MAX, &r->outage_h, e)) != 0)
        goto cleanup;
    if ((rc = settings_get_hours(s, "assess_horizon_h", ASSESS_DEFAULT_HORIZON_H, 1,
                                 CASCADE_MAX_HORIZON_H, &r->horizon_h, e)) != 0 ||
        (rc = compute_cascade(s, r, e)) != 0)
        goto cleanup;

    /* the estimates: the assessment's, with the cascade criterion computed */
    impacts = json_object_get(assessment, "impacts");
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
    if ((r->decided_by = calloc(r->n_criteria, sizeof *r->decided_by)) == NULL) {
        rc = error_set(e, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
    r->category = assess_decide(r->criteria, r->n_criteria, r->decided_by, &r->n_decided_by);
    if ((r->rationale = explain(r)) == NULL) {
        rc = error_set(e, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
    if (!o->dry_run) {
        if ((rc = record_outcome(s, o, r, assessment, e)) != 0 || (rc = store_commit(s, e)) != 0)
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
