/*
 * annual.c — the yearly report's figures (see annual.h): the years and
 * their point-in-time views, the trend tables, and the plumbing every table
 * shares (rows, counting with units, disclosure control). The detailed
 * tables of the report's own year are in annual_detail.c.
 */
#include "domain/annual_internal.h"

#include "base/arena.h"
#include "base/timefmt.h"
#include "base/xmalloc.h"
#include "domain/asof.h"
#include "domain/settings.h"
#include "domain/status.h"

#include <stdlib.h>
#include <string.h>

static const char *const table_names[ANNUAL_TABLE_COUNT] = {
    "cycle_sector",      "cycle_ministry",     "category",       "cer_nis2",      "assessments",
    "measure_kind",      "measure_scope",      "measure_follow", "reviews",       "fallback",
    "fallback_in_place", "fallback_decisions", "incidents",      "notifications", "risk_inherent",
    "risk_residual",     "trend_cycle",        "trend_activity",
};

const char *annual_table_name(enum annual_table_id id)
{
    return id < ANNUAL_TABLE_COUNT ? table_names[id] : "";
}

/* --- loading ------------------------------------------------------------- */

static int append_record(void *ctx, json_t *record)
{
    json_array_append(ctx, record);
    return 0;
}

int annual_load_all(struct store *s, enum kind_id kind, json_t **out, struct error *e)
{
    int rc;
    *out = json_array();
    rc = store_record_each(s, model_kind(kind), NULL, 0, 0, 0, append_record, *out, e);
    if (rc != 0) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

int annual_year_of(const char *date)
{
    if (!date || strlen(date) < 4)
        return 0;
    return atoi(date) > 0 ? (int)strtol(date, NULL, 10) : 0;
}

static int load_names(struct store *s, enum kind_id kind, json_t *names, struct error *e)
{
    json_t *all = NULL, *r;
    size_t i;
    int rc = annual_load_all(s, kind, &all, e);
    if (rc != 0)
        return rc;
    json_array_foreach(all, i, r)
    {
        json_object_set(names, json_string_value(json_object_get(r, "id")),
                        json_object_get(r, "name"));
    }
    json_decref(all);
    return 0;
}

/* The view's processes and names, read anew from v->s. */
static int view_read(struct annual_view *v, struct error *e)
{
    json_t *all = NULL, *p;
    size_t i;
    int rc;
    json_object_clear(v->processes);
    json_object_clear(v->sector_names);
    json_object_clear(v->org_names);
    if ((rc = annual_load_all(v->s, KIND_PROCESS, &all, e)) != 0 ||
        (rc = load_names(v->s, KIND_SECTOR, v->sector_names, e)) != 0 ||
        (rc = load_names(v->s, KIND_ORGANISATION, v->org_names, e)) != 0)
        goto cleanup;
    json_array_foreach(all, i, p)
    {
        json_object_set(v->processes, json_string_value(json_object_get(p, "id")), p);
    }
cleanup:
    json_decref(all);
    return rc;
}

int annual_view_load(struct store *s, int64_t day, int year, struct annual_view *v, struct error *e)
{
    int rc;
    memset(v, 0, sizeof *v);
    v->day = day;
    v->year = year;
    v->processes = json_object();
    v->sector_names = json_object();
    v->org_names = json_object();
    if ((rc = asof_open(s, day, &v->s, e)) != 0)
        return rc;
    return view_read(v, e);
}

int annual_view_advance(struct store *s, struct annual_view *v, int64_t day, int year,
                        struct error *e)
{
    int rc;
    if ((rc = asof_advance(s, v->s, day, e)) != 0)
        return rc;
    v->day = day;
    v->year = year;
    return view_read(v, e);
}

void annual_view_release(struct annual_view *v)
{
    store_close(v->s);
    json_decref(v->processes);
    json_decref(v->sector_names);
    json_decref(v->org_names);
    memset(v, 0, sizeof *v);
}

static const char *name_of(json_t *names, const json_t *process, const char *field)
{
    const char *id = json_string_value(json_object_get(process, field));
    const char *name = id ? json_string_value(json_object_get(names, id)) : NULL;
    return name ? name : (id ? id : "");
}

const char *annual_sector_of(const struct annual_view *v, const char *process)
{
    const json_t *p = process ? json_object_get(v->processes, process) : NULL;
    return p ? name_of(v->sector_names, p, "sector") : "";
}

const char *annual_ministry_of(const struct annual_view *v, const char *process)
{
    const json_t *p = process ? json_object_get(v->processes, process) : NULL;
    return p ? name_of(v->org_names, p, "ministry") : "";
}

/* --- tables -------------------------------------------------------------- */

int annual_table_init(struct arena *a, struct annual_table *t, size_t nrows,
                      const char *const *rows, int rows_are_keys, size_t ncols,
                      const char *const *cols, unsigned margins)
{
    size_t i, n;
    int rc;
    memset(t, 0, sizeof *t);
    if (nrows == 0) {
        /* a table with no rows still has its total row: one empty row keeps
         * the shape (the report says "none") */
        static const char *const none[] = {""};
        return annual_table_init(a, t, 1, none, 1, ncols, cols, margins);
    }
    t->nrows = nrows;
    t->ncols = ncols;
    t->cols = cols;
    t->rows_are_keys = rows_are_keys;
    t->rows = arena_calloc(a, nrows, sizeof *t->rows);
    for (i = 0; i < nrows; i++)
        t->rows[i] = arena_strdup(a, rows[i]);
    if ((rc = disclosure_table_init(&t->cells, a, nrows, ncols, margins)) != 0)
        return rc;
    n = (nrows + 1) * (ncols + 1);
    t->sets = json_array();
    arena_defer(a, arena_free_json, t->sets); /* unbounded: cannot fail */
    for (i = 0; i < n; i++)
        json_array_append_new(t->sets, json_object());
    return 0;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Rows named by the distinct values of_fn gives for every process. */
static int init_by(struct arena *a, struct annual_table *t, const struct annual_view *v,
                   const char *(*of_fn)(const struct annual_view *, const char *), size_t ncols,
                   const char *const *cols, unsigned margins)
{
    json_t *seen = json_object(), *p;
    const char *id, *key, **rows = NULL;
    size_t n = 0;
    int rc;
    void *tmp;
    json_object_foreach(v->processes, id, p)
    {
        json_object_set_new(seen, of_fn(v, id), json_true());
    }
    rows = xcalloc(json_object_size(seen) + 1, sizeof *rows);
    json_object_foreach_safe(seen, tmp, key, p)
    {
        rows[n++] = key;
    }
    qsort(rows, n, sizeof *rows, compare_strings);
    rc = annual_table_init(a, t, n, rows, 0, ncols, cols, margins);
    free(rows);
    json_decref(seen);
    return rc;
}

int annual_table_init_sectors(struct arena *a, struct annual_table *t, const struct annual_view *v,
                              size_t ncols, const char *const *cols, unsigned margins)
{
    return init_by(a, t, v, annual_sector_of, ncols, cols, margins);
}

int annual_table_init_ministries(struct arena *a, struct annual_table *t,
                                 const struct annual_view *v, size_t ncols, const char *const *cols,
                                 unsigned margins)
{
    return init_by(a, t, v, annual_ministry_of, ncols, cols, margins);
}

size_t annual_table_row(const struct annual_table *t, const char *name)
{
    size_t i;
    for (i = 0; name && i < t->nrows; i++) {
        if (strcmp(t->rows[i], name) == 0)
            return i;
    }
    return (size_t)-1;
}

static void add_one(struct annual_table *t, size_t row, size_t col, const char *unit)
{
    size_t i = disclosure_index(&t->cells, row, col);
    t->cells.count[i]++;
    if (unit)
        json_object_set_new(json_array_get(t->sets, i), unit, json_true());
}

void annual_table_add(struct annual_table *t, size_t row, size_t col, const char *unit)
{
    if (row >= t->nrows || col >= t->ncols)
        return; /* not a row of the table (cannot happen with rows from the same view) */
    add_one(t, row, col, unit);
    add_one(t, row, t->ncols, unit);
    add_one(t, t->nrows, col, unit);
    add_one(t, t->nrows, t->ncols, unit);
}

void annual_table_finish(struct annual_table *t, int64_t k)
{
    size_t i, n = (t->nrows + 1) * (t->ncols + 1);
    for (i = 0; i < n; i++)
        t->cells.units[i] = (uint32_t)json_object_size(json_array_get(t->sets, i));
    json_array_clear(t->sets); /* the empty array goes with the arena */
    t->sets = NULL;
    disclosure_apply(&t->cells, k, NULL);
}

/* --- the years ----------------------------------------------------------- */

/* The first year with a dated record of the cycle in the view. */
static int first_year_of(struct store *s, int year, int *out, struct error *e)
{
    static const struct {
        enum kind_id kind;
        const char *field;
    } dated[] = {{KIND_ANALYSIS, "started"},
                 {KIND_ASSESSMENT, "date"},
                 {KIND_REVIEW, "date"},
                 {KIND_INCIDENT, "detected_at"},
                 {KIND_EVENT, "occurred"}};
    size_t i, j;
    int rc = 0, first = year;
    for (i = 0; i < sizeof dated / sizeof dated[0] && rc == 0; i++) {
        json_t *all = NULL, *r;
        if ((rc = annual_load_all(s, dated[i].kind, &all, e)) != 0)
            break;
        json_array_foreach(all, j, r)
        {
            int y = annual_year_of(json_string_value(json_object_get(r, dated[i].field)));
            if (y >= 2000 && y < first)
                first = y;
        }
        json_decref(all);
    }
    *out = first;
    return rc;
}

static const char *const trend_cycle_cols[] = {"current", "overdue", "never"};
static const char *const trend_activity_cols[] = {"assessments", "analyses_final",
                                                  "measures_completed", "reviews", "incidents"};

/* Whether measure m counts as done in view before (NULL: not). */
static int was_done(const json_t *done_before, const json_t *m)
{
    return done_before &&
           json_object_get(done_before, json_string_value(json_object_get(m, "id"))) != NULL;
}

/* A measure's unit: its first process (the measure concerns those). */
static const char *measure_unit(const json_t *m)
{
    return json_string_value(json_array_get(json_object_get(m, "processes"), 0));
}

/* One trend row: the cycle and the year's activity from view v; done
 * gathers the measures done at v's day (for the next year's "completed"). */
static int trend_row(const struct annual_view *v, size_t row, const json_t *done_before,
                     json_t *done, struct annual_report *r, struct error *e)
{
    struct status_report st = {0};
    json_t *all = NULL, *x, *measures = NULL, *by_id = json_object();
    struct annual_table *cyc = &r->tables[ANNUAL_TREND_CYCLE];
    struct annual_table *act = &r->tables[ANNUAL_TREND_ACTIVITY];
    size_t i;
    int rc;
    if ((rc = status_compute(v->s, v->day, &st, e)) != 0)
        goto cleanup;
    for (i = 0; i < st.n; i++) {
        size_t col = annual_cycle_column(&st.processes[i]);
        annual_table_add(cyc, row, col, st.processes[i].id);
    }
#define EACH(kind)                                                                                 \
    json_decref(all);                                                                              \
    all = NULL;                                                                                    \
    if ((rc = annual_load_all(v->s, kind, &all, e)) != 0)                                          \
        goto cleanup;                                                                              \
    json_array_foreach(all, i, x)
    EACH(KIND_ASSESSMENT)
    {
        if (annual_year_of(json_string_value(json_object_get(x, "date"))) == v->year)
            annual_table_add(act, row, 0, json_string_value(json_object_get(x, "process")));
    }
    EACH(KIND_ANALYSIS)
    {
        if (strcmp(json_string_value(json_object_get(x, "status")), "final") == 0 &&
            annual_year_of(json_string_value(json_object_get(x, "finalised"))) == v->year)
            annual_table_add(act, row, 1, json_string_value(json_object_get(x, "process")));
    }
    if ((rc = annual_load_all(v->s, KIND_MEASURE, &measures, e)) != 0)
        goto cleanup;
    json_array_foreach(measures, i, x)
    {
        json_object_set(by_id, json_string_value(json_object_get(x, "id")), x);
        if (strcmp(json_string_value(json_object_get(x, "status")), "done") != 0)
            continue;
        json_object_set_new(done, json_string_value(json_object_get(x, "id")), json_true());
        if (!was_done(done_before, x))
            annual_table_add(act, row, 2, measure_unit(x));
    }
    EACH(KIND_REVIEW)
    {
        if (annual_year_of(json_string_value(json_object_get(x, "date"))) == v->year)
            annual_table_add(act, row, 3,
                             measure_unit(json_object_get(
                                 by_id, json_string_value(json_object_get(x, "measure")))));
    }
    EACH(KIND_INCIDENT)
    {
        if (annual_year_of(json_string_value(json_object_get(x, "detected_at"))) == v->year) {
            const char *unit = json_string_value(json_object_get(x, "provider"));
            annual_table_add(act, row, 4,
                             unit ? unit : json_string_value(json_object_get(x, "process")));
        }
    }
#undef EACH
cleanup:
    status_report_release(&st);
    json_decref(all);
    json_decref(measures);
    json_decref(by_id);
    return rc;
}

static int64_t year_end(int year)
{
    char buf[11];
    int64_t day = 0;
    snprintf(buf, sizeof buf, "%04d-12-31", year);
    timefmt_parse_date(buf, &day);
    return day;
}

static int check_options(const struct annual_options *o, int64_t *as_of, struct error *e)
{
    int64_t first, last = year_end(o->year);
    char date[11];
    if (o->year < 2000 || o->year > 2100)
        return error_set(e, ERR_INVALID, "year", "the year must be 2000 .. 2100, not %d", o->year);
    first = year_end(o->year - 1) + 1;
    if (first > o->today)
        return error_set(e, ERR_INVALID, "year", "%d has not begun: there is nothing to report",
                         o->year);
    if (o->as_of < 0) {
        *as_of = last < o->today ? last : o->today;
        return 0;
    }
    timefmt_format_date(o->as_of, date);
    if (o->as_of < first || o->as_of > last)
        return error_set(e, ERR_INVALID, "as_of", "%s is not a day of %d", date, o->year);
    if (o->as_of > o->today)
        return error_set(e, ERR_INVALID, "as_of",
                         "%s is in the future; the record knows only the past and today", date);
    *as_of = o->as_of;
    return 0;
}

/* Linked tables: the national row of the cycle (current, overdue, never,
 * all processes) is the total row of the tables per sector and per
 * ministry and the report year's row of the trend. A figure withheld in
 * one is withheld in all (else "never" withheld in one table would be the
 * total minus the figures another shows); each table is protected around
 * it again, until the three agree. */
static void link_national_row(struct annual_report *r)
{
    struct disclosure_table *t[3] = {&r->tables[ANNUAL_CYCLE_SECTOR].cells,
                                     &r->tables[ANNUAL_CYCLE_MINISTRY].cells,
                                     &r->tables[ANNUAL_TREND_CYCLE].cells};
    size_t row[3] = {t[0]->nrows, t[1]->nrows, r->nyears - 1}, i, c;
    int changed;
    do {
        changed = 0;
        for (c = 0; c <= 3; c++) {
            int withheld = 0;
            for (i = 0; i < 3; i++)
                withheld |= !disclosure_shown(t[i], row[i], c);
            for (i = 0; withheld && i < 3; i++) {
                if (disclosure_shown(t[i], row[i], c)) {
                    disclosure_force(t[i], row[i], c);
                    changed = 1;
                }
            }
        }
        for (i = 0; changed && i < 3; i++)
            disclosure_apply(t[i], r->k, NULL);
    } while (changed);
}

int annual_compute(struct store *s, const struct annual_options *o, struct annual_report *out,
                   struct error *e)
{
    struct annual_view v = {0}, before = {0};
    json_t *done_before = NULL, *done = NULL;
    char **labels;
    int64_t as_of = 0;
    size_t i;
    int rc, y;
    memset(out, 0, sizeof *out);
    arena_init_unbounded(&out->arena);
    out->year = o->year;
    if ((rc = check_options(o, &as_of, e)) != 0)
        return rc;
    timefmt_format_date(as_of, out->as_of);
    if ((rc = settings_get_int(s, DISCLOSURE_SETTING, DISCLOSURE_DEFAULT_K, &out->k, e)) != 0)
        return rc;
    if (out->k < 1 || out->k > 1000)
        return error_set(e, ERR_INVALID, DISCLOSURE_SETTING,
                         "setting %s must be a whole number 1 .. 1000", DISCLOSURE_SETTING);
    if ((rc = settings_get_int(s, "cycle_years", 4, &out->cycle_years, e)) != 0 ||
        (rc = settings_get_text(s, "cer_nis2_deadline", "2026-03-31", out->cer_nis2_deadline,
                                sizeof out->cer_nis2_deadline, e)) != 0 ||
        (rc = settings_get_text(s, "cer_nis2_since", "2024-10-18", out->cer_nis2_since,
                                sizeof out->cer_nis2_since, e)) != 0)
        return rc;

    /* the report's year: its view; the one a year before comes at the end
     * of the walk through the earlier years below */
    if ((rc = annual_view_load(s, as_of, o->year, &v, e)) != 0)
        goto cleanup;
    out->processes = (int64_t)json_object_size(v.processes);
    if (out->processes == 0) {
        rc = error_set(e, ERR_INVALID, "year",
                       "on %s the records held no vital processes: there is nothing to report",
                       out->as_of);
        goto cleanup;
    }

    /* the trends: every year from the first with a dated record */
    if ((rc = first_year_of(v.s, o->year, &out->first_year, e)) != 0)
        goto cleanup;
    out->nyears = (size_t)(o->year - out->first_year + 1);
    out->years = arena_calloc(&out->arena, out->nyears, sizeof *out->years);
    labels = arena_calloc(&out->arena, out->nyears, sizeof *labels);
    for (i = 0; i < out->nyears; i++) {
        out->years[i] = out->first_year + (int)i;
        labels[i] = arena_printf(&out->arena, "%d", out->years[i]);
    }
    if ((rc = annual_table_init(&out->arena, &out->tables[ANNUAL_TREND_CYCLE], out->nyears,
                                (const char *const *)labels, 1, 3, trend_cycle_cols,
                                DISCLOSURE_ROW_TOTALS)) != 0 ||
        (rc = annual_table_init(&out->arena, &out->tables[ANNUAL_TREND_ACTIVITY], out->nyears,
                                (const char *const *)labels, 1, 5, trend_activity_cols, 0)) != 0)
        goto cleanup;
    done_before = json_object();
    if ((rc = annual_view_load(s, year_end(out->first_year - 1), out->first_year - 1, &before,
                               e)) != 0)
        goto cleanup;
    /* the measures done at the end of the year before the first */
    {
        json_t *ms = NULL, *m;
        size_t j;
        if ((rc = annual_load_all(before.s, KIND_MEASURE, &ms, e)) != 0)
            goto cleanup;
        json_array_foreach(ms, j, m)
        {
            if (strcmp(json_string_value(json_object_get(m, "status")), "done") == 0)
                json_object_set_new(done_before, json_string_value(json_object_get(m, "id")),
                                    json_true());
        }
        json_decref(ms);
    }
    /* the earlier years on one view moved on year by year: it ends as the
     * year before the report's */
    for (y = out->first_year, i = 0; y <= o->year; y++, i++) {
        done = json_object();
        rc = y == o->year ? trend_row(&v, i, done_before, done, out, e)
                          : annual_view_advance(s, &before, year_end(y), y, e);
        if (rc == 0 && y != o->year)
            rc = trend_row(&before, i, done_before, done, out, e);
        if (rc != 0)
            goto cleanup;
        json_decref(done_before);
        done_before = done;
        done = NULL;
        progress_report(o->progress, "annual report", "steps", i + 1, out->nyears + 2);
    }
    /* the report's own year in detail, against the year before */
    if ((rc = annual_detail_compute(&v, &before, out, e)) != 0)
        goto cleanup;
    progress_report(o->progress, "annual report", "steps", out->nyears + 1, out->nyears + 2);
    annual_table_finish(&out->tables[ANNUAL_TREND_CYCLE], out->k);
    annual_table_finish(&out->tables[ANNUAL_TREND_ACTIVITY], out->k);
    link_national_row(out);
cleanup:
    json_decref(done_before);
    json_decref(done);
    annual_view_release(&v);
    annual_view_release(&before);
    return rc;
}

void annual_report_release(struct annual_report *r)
{
    arena_release(&r->arena);
    memset(r, 0, sizeof *r);
}

size_t annual_cycle_column(const struct process_status *p)
{
    if (p->last_final[0] == '\0')
        return 2;
    return p->state == STATUS_OVERDUE ? 1 : 0;
}
