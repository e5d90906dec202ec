/*
 * annual_detail.c — the detailed tables of the yearly report's own year
 * (see annual.h): counted from the view at the report's as-of day, every
 * rule asked of the module that owns it (status, toetsing, fallback need,
 * risk score, notification), then disclosure control per table.
 */
#include "domain/annual_internal.h"

#include "base/timefmt.h"
#include "base/xmalloc.h"
#include "domain/assess.h"
#include "domain/fallback_need.h"
#include "domain/notification.h"
#include "domain/risk_score.h"
#include "domain/status.h"
#include "domain/toetsing.h"

#include <stdlib.h>
#include <string.h>

static const char *const cycle_cols[] = {"current", "overdue", "never"};
static const char *const category_rows[] = {"A", "B", "none"};
static const char *const processes_col[] = {"processes"};
static const char *const cer_cols[] = {"analysed_since", "not_yet"};
static const char *const assessment_cols[] = {"made", "changed"};
static const char *const follow_rows[] = {"completed", "overdue", "adjustment_due"};
static const char *const measures_col[] = {"measures"};
static const char *const verdict_cols[] = {"needed", "advisable", "not_needed"};
static const char *const in_place_cols[] = {"in_place", "not_in_place"};
static const char *const decision_rows[] = {"decision_needed", "decision_proportionate"};
static const char *const agree_cols[] = {"agrees", "disagrees"};
static const char *const quarter_cols[] = {"q1", "q2", "q3", "q4"};
static const char *const regime_rows[] = {"NIS2", "CER"};
static const char *const deadline_cols[] = {"met", "late", "lapsed", "open"};

static size_t count_values(const char *const *values)
{
    size_t n = 0;
    while (values && values[n])
        n++;
    return n;
}

static const char *const *model_values(enum kind_id kind, const char *field)
{
    return model_field_find(model_kind(kind), field)->values;
}

static const char *str(const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

/* --- the cycle ----------------------------------------------------------- */

static int cycle_tables(const struct annual_view *v, struct annual_report *r, struct error *e)
{
    struct status_report st = {0};
    struct annual_table *sec = &r->tables[ANNUAL_CYCLE_SECTOR];
    struct annual_table *min = &r->tables[ANNUAL_CYCLE_MINISTRY];
    struct annual_table *cat = &r->tables[ANNUAL_CATEGORY];
    struct annual_table *cer = &r->tables[ANNUAL_CER_NIS2];
    unsigned both = DISCLOSURE_ROW_TOTALS | DISCLOSURE_COL_TOTALS;
    size_t i;
    int rc;
    if ((rc = annual_table_init_sectors(&r->arena, sec, v, 3, cycle_cols, both)) != 0 ||
        (rc = annual_table_init_ministries(&r->arena, min, v, 3, cycle_cols, both)) != 0 ||
        (rc = annual_table_init(&r->arena, cat, 3, category_rows, 1, 1, processes_col,
                                DISCLOSURE_COL_TOTALS)) != 0 ||
        (rc = annual_table_init_sectors(&r->arena, cer, v, 2, cer_cols, both)) != 0 ||
        (rc = status_compute(v->s, v->day, &st, e)) != 0)
        goto cleanup;
    for (i = 0; i < st.n; i++) {
        const struct process_status *p = &st.processes[i];
        size_t col = annual_cycle_column(p);
        annual_table_add(sec, annual_table_row(sec, annual_sector_of(v, p->id)), col, p->id);
        annual_table_add(min, annual_table_row(min, annual_ministry_of(v, p->id)), col, p->id);
        annual_table_add(cat, annual_table_row(cat, p->category), 0, p->id);
        if (p->cer_nis2)
            annual_table_add(
                cer, annual_table_row(cer, annual_sector_of(v, p->id)),
                p->last_final[0] && strcmp(p->last_final, r->cer_nis2_since) >= 0 ? 0 : 1, p->id);
    }
cleanup:
    status_report_release(&st);
    return rc;
}

/* Vitaalbeoordelingen dated in the year, and those whose category differs
 * from the process's assessment before (assess_compare's order). */
static int compare_assessments(const void *a, const void *b)
{
    const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
    int c = strcmp(str(x, "process"), str(y, "process"));
    return c ? c : assess_compare(x, y);
}

static int assessment_table(const struct annual_view *v, struct annual_report *r, struct error *e)
{
    struct annual_table *t = &r->tables[ANNUAL_ASSESSMENTS];
    json_t *all = NULL, **sorted = NULL;
    size_t i, n;
    int rc;
    if ((rc = annual_table_init_sectors(&r->arena, t, v, 2, assessment_cols,
                                        DISCLOSURE_COL_TOTALS)) != 0 ||
        (rc = annual_load_all(v->s, KIND_ASSESSMENT, &all, e)) != 0)
        goto cleanup;
    n = json_array_size(all);
    sorted = xcalloc(n + 1, sizeof *sorted);
    for (i = 0; i < n; i++)
        sorted[i] = json_array_get(all, i);
    qsort(sorted, n, sizeof *sorted, compare_assessments);
    for (i = 0; i < n; i++) {
        const char *process = str(sorted[i], "process");
        size_t row = annual_table_row(t, annual_sector_of(v, process));
        if (annual_year_of(str(sorted[i], "date")) != v->year)
            continue;
        annual_table_add(t, row, 0, process);
        if (i > 0 && strcmp(str(sorted[i - 1], "process"), process) == 0 &&
            strcmp(str(sorted[i - 1], "category"), str(sorted[i], "category")) != 0)
            annual_table_add(t, row, 1, process);
    }
cleanup:
    free(sorted);
    json_decref(all);
    return rc;
}

/* --- the action programme and toetsing ----------------------------------- */

static const char *first_process(const json_t *m)
{
    return json_string_value(json_array_get(json_object_get(m, "processes"), 0));
}

static int measure_tables(const struct annual_view *v, const struct annual_view *before,
                          struct annual_report *r, struct error *e)
{
    const char *const *kinds = model_values(KIND_MEASURE, "kind");
    const char *const *scopes = model_values(KIND_MEASURE, "scope");
    const char *const *statuses = model_values(KIND_MEASURE, "status");
    const char *const *methods = model_values(KIND_REVIEW, "method");
    const char *const *results = model_values(KIND_REVIEW, "result");
    unsigned both = DISCLOSURE_ROW_TOTALS | DISCLOSURE_COL_TOTALS;
    struct annual_table *kt = &r->tables[ANNUAL_MEASURE_KIND];
    struct annual_table *st = &r->tables[ANNUAL_MEASURE_SCOPE];
    struct annual_table *ft = &r->tables[ANNUAL_MEASURE_FOLLOW];
    struct annual_table *rt = &r->tables[ANNUAL_REVIEWS];
    struct toetsing_report tr = {0};
    json_t *earlier = NULL, *done_before = json_object(), *by_id = json_object(), *x,
           *reviews = NULL;
    size_t i;
    int rc;
    if ((rc = annual_table_init(&r->arena, kt, count_values(kinds), kinds, 1,
                                count_values(statuses), statuses, both)) != 0 ||
        (rc = annual_table_init(&r->arena, st, count_values(scopes), scopes, 1,
                                count_values(statuses), statuses, both)) != 0 ||
        (rc = annual_table_init(&r->arena, ft, 3, follow_rows, 1, 1, measures_col, 0)) != 0 ||
        (rc = annual_table_init(&r->arena, rt, count_values(methods), methods, 1,
                                count_values(results), results, both)) != 0 ||
        (rc = annual_load_all(before->s, KIND_MEASURE, &earlier, e)) != 0 ||
        (rc = toetsing_compute(v->s, v->day, &tr, e)) != 0 ||
        (rc = annual_load_all(v->s, KIND_REVIEW, &reviews, e)) != 0)
        goto cleanup;
    json_array_foreach(earlier, i, x)
    {
        if (strcmp(str(x, "status"), "done") == 0)
            json_object_set_new(done_before, str(x, "id"), json_true());
    }
    for (i = 0; i < tr.n; i++) {
        const struct toetsing_measure *m = &tr.measures[i];
        json_t *rec = NULL;
        const char *unit;
        if ((rc = store_record_get(v->s, model_kind(KIND_MEASURE), m->id, &rec, e)) != 0)
            goto cleanup;
        json_object_set(by_id, m->id, rec);
        unit = first_process(rec);
        annual_table_add(kt, (size_t)model_value_index(kinds, str(rec, "kind")),
                         (size_t)model_value_index(statuses, m->status), unit);
        annual_table_add(st, (size_t)model_value_index(scopes, str(rec, "scope")),
                         (size_t)model_value_index(statuses, m->status), unit);
        if (strcmp(m->status, "done") == 0 && !json_object_get(done_before, m->id))
            annual_table_add(ft, 0, 0, unit);
        if (m->overdue)
            annual_table_add(ft, 1, 0, unit);
        if (m->adjustment_due)
            annual_table_add(ft, 2, 0, unit);
        json_decref(rec);
    }
    json_array_foreach(reviews, i, x)
    {
        int method = model_value_index(methods, str(x, "method"));
        int result = model_value_index(results, str(x, "result"));
        if (annual_year_of(str(x, "date")) != v->year || method < 0 || result < 0)
            continue;
        annual_table_add(rt, (size_t)method, (size_t)result,
                         first_process(json_object_get(by_id, str(x, "measure"))));
    }
cleanup:
    toetsing_report_release(&tr);
    json_decref(earlier);
    json_decref(done_before);
    json_decref(by_id);
    json_decref(reviews);
    return rc;
}

/* --- fallback options ---------------------------------------------------- */

static int fallback_tables(const struct annual_view *v, struct annual_report *r, struct error *e)
{
    struct fallback_need_options o = {NULL, -1};
    struct fallback_need_report fr = {0};
    struct annual_table *t = &r->tables[ANNUAL_FALLBACK];
    struct annual_table *p = &r->tables[ANNUAL_FALLBACK_IN_PLACE];
    struct annual_table *d = &r->tables[ANNUAL_FALLBACK_DECISIONS];
    unsigned both = DISCLOSURE_ROW_TOTALS | DISCLOSURE_COL_TOTALS;
    json_t *options = NULL, *in_place = json_object(), *x;
    size_t i, j;
    int rc;
    if ((rc = annual_table_init_sectors(&r->arena, t, v, 3, verdict_cols, both)) != 0 ||
        (rc = annual_table_init(&r->arena, p, 3, verdict_cols, 1, 2, in_place_cols, both)) != 0 ||
        (rc = annual_table_init(&r->arena, d, 2, decision_rows, 1, 2, agree_cols, both)) != 0 ||
        (rc = annual_load_all(v->s, KIND_FALLBACK_OPTION, &options, e)) != 0 ||
        (rc = fallback_need_compute(v->s, &o, &fr, e)) != 0)
        goto cleanup;
    json_array_foreach(options, i, x)
    {
        if (json_is_true(json_object_get(x, "available")))
            json_object_set_new(in_place, str(x, "process"), json_true());
    }
    for (i = 0; i < fr.n; i++) {
        const struct fallback_need_process *fp = &fr.processes[i];
        size_t col = fp->verdict == FALLBACK_NEEDED ? 0 : fp->verdict == FALLBACK_ADVISABLE ? 1 : 2;
        annual_table_add(t, annual_table_row(t, annual_sector_of(v, fp->id)), col, fp->id);
        annual_table_add(p, col, json_object_get(in_place, fp->id) ? 0 : 1, fp->id);
        /* the analysts' decisions (needed yes or no; proportionate or not)
         * against the engine's: "unknown" and not judged are no decision */
        for (j = 0; j < fp->n_options; j++) {
            const struct fallback_need_option *fo = &fp->options[j];
            if (strcmp(fo->stored_needed, "yes") == 0 || strcmp(fo->stored_needed, "no") == 0)
                annual_table_add(d, 0, fo->needed_disagrees ? 1 : 0, fp->id);
            if (fo->stored_proportionate >= 0)
                annual_table_add(d, 1, fo->proportionate_disagrees ? 1 : 0, fp->id);
        }
    }
cleanup:
    fallback_need_report_release(&fr);
    json_decref(options);
    json_decref(in_place);
    return rc;
}

/* --- incidents and notifications ---------------------------------------- */

static int incident_tables(const struct annual_view *v, struct annual_report *r, struct error *e)
{
    struct notification_report nr = {0};
    struct annual_table *t = &r->tables[ANNUAL_INCIDENTS];
    struct annual_table *n = &r->tables[ANNUAL_NOTIFICATIONS];
    unsigned both = DISCLOSURE_ROW_TOTALS | DISCLOSURE_COL_TOTALS;
    int64_t now = timefmt_amsterdam_from_wall(v->day * 86400 + 86399);
    size_t i, j;
    int rc;
    if ((rc = annual_table_init_sectors(&r->arena, t, v, 4, quarter_cols, both)) != 0 ||
        (rc = annual_table_init(&r->arena, n, 2, regime_rows, 1, 4, deadline_cols, both)) != 0 ||
        (rc = notification_report_compute(v->s, now, &nr, e)) != 0)
        goto cleanup;
    for (i = 0; i < nr.n; i++) {
        const struct notification_incident *inc = &nr.incidents[i];
        char date[11];
        const char *process = str(inc->record, "process");
        const char *unit = json_string_value(json_object_get(inc->record, "provider"));
        timefmt_format_date(timefmt_amsterdam_day(inc->detected), date);
        if (annual_year_of(date) != v->year)
            continue;
        unit = unit ? unit : process;
        annual_table_add(t, annual_table_row(t, annual_sector_of(v, process)),
                         (size_t)(atoi(date + 5) - 1) / 3, unit);
        for (j = 0; j < inc->n_deadlines; j++) {
            const struct notification_deadline *d = &inc->deadlines[j];
            size_t col = d->state == NOTIFICATION_MET       ? 0
                         : d->state == NOTIFICATION_LATE    ? 1
                         : d->state == NOTIFICATION_OVERDUE ? 2
                                                            : 3;
            annual_table_add(n, strcmp(d->regime, "CER") == 0 ? 1 : 0, col, unit);
        }
    }
cleanup:
    notification_report_release(&nr);
    return rc;
}

/* --- the national risk picture ------------------------------------------ */

static int resilience(const struct annual_view *v, const struct risk_picture *p,
                      struct annual_report *r)
{
    struct annual_resilience *res = &r->resilience;
    struct annual_table *rows = &r->tables[ANNUAL_CYCLE_SECTOR]; /* its rows: every sector */
    json_t *units = json_array();
    double *sum = NULL;
    size_t *n = NULL, i, d, cells;
    int rc = 0;
    res->nsectors = rows->nrows;
    res->ndims = p->tables.n_dimensions;
    res->dimensions = p->tables.dimensions;
    cells = res->nsectors * res->ndims;
    res->sectors = arena_calloc(&r->arena, res->nsectors, sizeof *res->sectors);
    res->mean = arena_calloc(&r->arena, cells, sizeof *res->mean);
    res->shown = arena_calloc(&r->arena, cells, sizeof *res->shown);
    sum = xcalloc(cells + 1, sizeof *sum);
    n = xcalloc(cells + 1, sizeof *n);
    for (i = 0; i < res->nsectors; i++) {
        res->sectors[i] = rows->rows[i]; /* on the same arena */
    }
    for (i = 0; i < cells; i++)
        json_array_append_new(units, json_object());
    for (i = 0; i < p->n_risks; i++) {
        const struct risk_entry *risk = &p->risks[i];
        size_t row = annual_table_row(rows, annual_sector_of(v, risk->process));
        if (row >= res->nsectors)
            continue;
        for (d = 0; d < res->ndims; d++) {
            if (risk->resilience[d] <= 0)
                continue;
            sum[row * res->ndims + d] += risk->resilience[d];
            n[row * res->ndims + d]++;
            json_object_set_new(json_array_get(units, row * res->ndims + d), risk->process,
                                json_true());
        }
    }
    for (i = 0; i < cells; i++) {
        res->mean[i] = n[i] ? sum[i] / (double)n[i] : 0;
        res->shown[i] = n[i] > 0 && (int64_t)n[i] >= r->k &&
                        (int64_t)json_object_size(json_array_get(units, i)) >= r->k;
    }
    json_decref(units);
    free(sum);
    free(n);
    return rc;
}

static int risk_tables(const struct annual_view *v, struct annual_report *r, struct error *e)
{
    struct risk_query q = {NULL, NULL};
    struct risk_picture p = {0};
    struct toetsing_report tr = {0};
    struct annual_table *in = &r->tables[ANNUAL_RISK_INHERENT];
    struct annual_table *res = &r->tables[ANNUAL_RISK_RESIDUAL];
    unsigned both = DISCLOSURE_ROW_TOTALS | DISCLOSURE_COL_TOTALS;
    const char *rows[RISK_CLASSES_MAX];
    size_t i, nc;
    int rc;
    if ((rc = risk_picture_compute(v->s, &q, &p, e)) != 0 ||
        (rc = toetsing_compute(v->s, v->day, &tr, e)) != 0 ||
        (rc = toetsing_apply_residual(&tr, &p, e)) != 0)
        goto cleanup;
    nc = p.tables.n_classes;
    for (i = 0; i < nc; i++)
        rows[i] = p.tables.classes[nc - 1 - i]; /* the highest likelihood on top */
    if ((rc = annual_table_init(&r->arena, in, nc, rows, 1, nc, p.tables.classes, both)) != 0 ||
        (rc = annual_table_init(&r->arena, res, nc, rows, 1, nc, p.tables.classes, both)) != 0)
        goto cleanup;
    for (i = 0; i < p.n_risks; i++) {
        const struct risk_entry *k = &p.risks[i];
        if (k->impact_class >= 0 && k->likelihood >= 0)
            annual_table_add(in, nc - 1 - (size_t)k->likelihood, (size_t)k->impact_class,
                             k->process);
        if (k->residual_impact_class >= 0 && k->residual_likelihood >= 0)
            annual_table_add(res, nc - 1 - (size_t)k->residual_likelihood,
                             (size_t)k->residual_impact_class, k->process);
    }
    rc = resilience(v, &p, r);
cleanup:
    risk_picture_release(&p);
    toetsing_report_release(&tr);
    return rc;
}

int annual_detail_compute(const struct annual_view *v, const struct annual_view *before,
                          struct annual_report *r, struct error *e)
{
    int rc;
    size_t i;
    if ((rc = cycle_tables(v, r, e)) != 0 || (rc = assessment_table(v, r, e)) != 0 ||
        (rc = measure_tables(v, before, r, e)) != 0 || (rc = fallback_tables(v, r, e)) != 0 ||
        (rc = incident_tables(v, r, e)) != 0 || (rc = risk_tables(v, r, e)) != 0)
        return rc;
    for (i = 0; i < ANNUAL_TREND_CYCLE; i++)
        annual_table_finish(&r->tables[i], r->k);
    return 0;
}
