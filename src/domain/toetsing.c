/*
 * toetsing.c — effectiveness reviews of measures: latest review, next review
 * due, review state, whether a measure's effect counts towards residual risk,
 * and residual risk itself (see toetsing.h). Reads the store only; never writes.
 */
#include "domain/toetsing.h"

#include "base/timefmt.h"
#include "base/arena.h"
#include "base/xmalloc.h"
#include "domain/export.h"
#include "domain/risk_score.h"
#include "domain/settings.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int toetsing_has_risk_effect(const struct toetsing_measure *m)
{
    return strcmp(m->effect, "likelihood") == 0 || strcmp(m->effect, "impact") == 0;
}

const char *toetsing_state_name(enum toetsing_state s)
{
    switch (s) {
    case TOETSING_REVIEWED:
        return "reviewed";
    case TOETSING_DUE:
        return "due";
    case TOETSING_OVERDUE:
        return "overdue";
    case TOETSING_NEVER:
        return "never";
    default:
        return "not_active";
    }
}

int64_t toetsing_add_months(int64_t day, int64_t months)
{
    char buf[16];
    int year, month, mday;
    int64_t total, out;
    timefmt_format_date(day, buf);
    if (sscanf(buf, "%d-%d-%d", &year, &month, &mday) != 3)
        return day;
    total = (int64_t)year * 12 + (month - 1) + months;
    year = (int)(total / 12);
    month = (int)(total % 12) + 1;
    /* the calendar knows month lengths: step back from the day until it exists */
    for (; mday >= 28; mday--) {
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, mday);
        if (timefmt_parse_date(buf, &out) == 0)
            return out;
    }
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, mday);
    return timefmt_parse_date(buf, &out) == 0 ? out : day;
}

int toetsing_measure_targets(const struct toetsing_measure *m, const char *risk)
{
    size_t i;
    if (m->effect_risk)
        return strcmp(m->effect_risk, risk) == 0;
    for (i = 0; i < m->n_risks; i++) {
        if (strcmp(m->risks[i], risk) == 0)
            return 1;
    }
    return 0;
}

int toetsing_result_needs_adjustment(const char *result)
{
    return result &&
           (strcmp(result, "partly_effective") == 0 || strcmp(result, "ineffective") == 0);
}

int toetsing_measure_overdue(const char *status, const char *due, int64_t today)
{
    int64_t day;
    if (due == NULL || due[0] == '\0' || timefmt_parse_date(due, &day) != 0)
        return 0;
    if (status && (strcmp(status, "done") == 0 || strcmp(status, "cancelled") == 0))
        return 0;
    return day < today;
}

int toetsing_adjustment_due(const char *status, const char *latest_result)
{
    /* a cancelled measure is not going to be adjusted */
    return toetsing_result_needs_adjustment(latest_result) &&
           !(status && strcmp(status, "cancelled") == 0);
}

/* The latest review per measure as of today:
 * measure -> [date, id, result, count, follow_up or null]. */
struct review_scan {
    json_t *latest;
    const char *today;
};

static int scan_review(void *ctx, json_t *r)
{
    struct review_scan *sc = ctx;
    const char *measure = json_string_value(json_object_get(r, "measure"));
    const char *date = json_string_value(json_object_get(r, "date"));
    const char *id = json_string_value(json_object_get(r, "id"));
    const char *result = json_string_value(json_object_get(r, "result"));
    const char *status = json_string_value(json_object_get(r, "status"));
    json_t *prev;
    int replace;

    /* not yet held as of today, or not yet approved (four eyes) */
    if (strcmp(date, sc->today) > 0 || status == NULL || strcmp(status, "final") != 0)
        return 0;
    prev = json_object_get(sc->latest, measure);
    if (prev == NULL) {
        replace = 1;
    } else {
        int cmp = strcmp(date, json_string_value(json_array_get(prev, 0)));
        /* Reviews come in id order. On one date the measure is effective only
         * if every review of that date says so: the first other result wins. */
        replace =
            cmp > 0 ||
            (cmp == 0 && strcmp(json_string_value(json_array_get(prev, 2)), "effective") == 0 &&
             strcmp(result, "effective") != 0);
    }
    if (replace) {
        json_int_t count = prev ? json_integer_value(json_array_get(prev, 3)) : 0;
        json_object_set_new(sc->latest, measure,
                            json_pack("[sssIs?]", date, id, result, count + 1,
                                      json_string_value(json_object_get(r, "follow_up"))));
    } else {
        json_array_set_new(prev, 3, json_integer(json_integer_value(json_array_get(prev, 3)) + 1));
    }
    return 0;
}

struct measure_collect {
    struct toetsing_report *r;
    json_t *latest;
    int64_t today;
    size_t cap;
};

static char *dup_or_null(struct arena *a, json_t *v)
{
    return json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
}

static void copy_text(char *dst, size_t size, json_t *v)
{
    snprintf(dst, size, "%s", json_is_string(v) ? json_string_value(v) : "");
}

/* Next review date and state of an active measure (see docs/method.md). */
static void judge(struct toetsing_measure *m, int64_t today, int64_t window)
{
    int64_t anchor, next;
    if (!m->active) {
        m->state = TOETSING_NOT_ACTIVE;
        return;
    }
    if (m->last_review[0]) {
        timefmt_parse_date(m->last_review, &anchor);
    } else if (m->due[0]) {
        timefmt_parse_date(m->due, &anchor); /* the first review: a period after the due date */
    } else {
        m->state = TOETSING_NEVER;
        m->needs_review = 1; /* nothing to count from: due now */
        return;
    }
    next = toetsing_add_months(anchor, m->interval_months);
    timefmt_format_date(next, m->next_due);
    m->needs_review = next - window <= today;
    if (!m->last_review[0])
        m->state = TOETSING_NEVER;
    else if (next < today)
        m->state = TOETSING_OVERDUE;
    else if (m->needs_review)
        m->state = TOETSING_DUE;
    else
        m->state = TOETSING_REVIEWED;
}

static int collect_measure(void *ctx, json_t *rec)
{
    struct measure_collect *c = ctx;
    struct arena *a = &c->r->arena;
    struct toetsing_measure *m;
    const char *id = json_string_value(json_object_get(rec, "id"));
    json_t *latest = json_object_get(c->latest, id), *risks = json_object_get(rec, "risks"), *v;
    size_t i;

    if (c->r->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        c->r->measures = arena_realloc(a, c->r->measures, c->cap * sizeof *c->r->measures,
                                       cap * sizeof *c->r->measures);
        c->cap = cap;
    }
    m = &c->r->measures[c->r->n++];
    m->id = arena_strdup(a, id);
    m->name = dup_or_null(a, json_object_get(rec, "name"));
    copy_text(m->status, sizeof m->status, json_object_get(rec, "status"));
    m->active = strcmp(m->status, "in_progress") == 0 || strcmp(m->status, "done") == 0;
    v = json_object_get(rec, "review_interval_months");
    m->interval_months = json_is_integer(v) ? json_integer_value(v) : 12;
    copy_text(m->due, sizeof m->due, json_object_get(rec, "due"));
    if (latest) {
        copy_text(m->last_review, sizeof m->last_review, json_array_get(latest, 0));
        copy_text(m->last_review_id, sizeof m->last_review_id, json_array_get(latest, 1));
        copy_text(m->result, sizeof m->result, json_array_get(latest, 2));
        m->n_reviews = (size_t)json_integer_value(json_array_get(latest, 3));
    }
    copy_text(m->effect, sizeof m->effect, json_object_get(rec, "effect"));
    m->effect_risk = dup_or_null(a, json_object_get(rec, "effect_risk"));
    m->effect_criterion = dup_or_null(a, json_object_get(rec, "effect_criterion"));
    copy_text(m->effect_class, sizeof m->effect_class, json_object_get(rec, "effect_class"));
    m->risks = arena_calloc(a, json_array_size(risks), sizeof *m->risks);
    json_array_foreach(risks, i, v)
    {
        if (json_is_string(v))
            m->risks[m->n_risks++] = arena_strdup(a, json_string_value(v));
    }
    judge(m, c->today, c->r->due_soon_days);
    m->overdue = toetsing_measure_overdue(m->status, m->due, c->today);
    m->adjustment_due = toetsing_adjustment_due(m->status, m->last_review[0] ? m->result : NULL);
    if (m->adjustment_due) {
        copy_text(m->follow_up, sizeof m->follow_up, json_array_get(latest, 4));
        snprintf(m->adjustment_review_id, sizeof m->adjustment_review_id, "%s", m->last_review_id);
    }
    m->applies = strcmp(m->status, "done") == 0 && strcmp(m->result, "effective") == 0 &&
                 m->effect_class[0] &&
                 (strcmp(m->effect, "likelihood") == 0 ||
                  (strcmp(m->effect, "impact") == 0 && m->effect_criterion));
    return 0;
}

int toetsing_compute(struct store *s, int64_t today, struct toetsing_report *out, struct error *e)
{
    struct review_scan sc = {json_object(), out->today};
    struct measure_collect c = {out, sc.latest, today, 0};
    int rc;

    memset(out, 0, sizeof *out);
    arena_init_unbounded(&out->arena);
    timefmt_format_date(today, out->today);
    if ((rc = settings_get_int(s, "review_due_soon_days", TOETSING_DUE_SOON_DAYS,
                               &out->due_soon_days, e)) != 0)
        goto cleanup;
    if (out->due_soon_days < 0) {
        rc = error_set(e, ERR_INVALID, "review_due_soon_days",
                       "setting 'review_due_soon_days' must not be negative");
        goto cleanup;
    }
    if ((rc = store_record_each(s, model_kind(KIND_REVIEW), NULL, 0, 0, 0, scan_review, &sc, e)) !=
        0)
        goto cleanup;
    rc = store_record_each(s, model_kind(KIND_MEASURE), NULL, 0, 0, 0, collect_measure, &c, e);
cleanup:
    json_decref(sc.latest);
    return rc;
}

/* The follow-up of measure from the latest reviews scan_review found. */
static void follow_up_of(const json_t *measure, const json_t *latest_by_measure, int64_t today,
                         struct toetsing_follow_up *out)
{
    const char *id = json_string_value(json_object_get(measure, "id"));
    const char *status = json_string_value(json_object_get(measure, "status"));
    json_t *latest = json_object_get(latest_by_measure, id);
    out->overdue =
        toetsing_measure_overdue(status, json_string_value(json_object_get(measure, "due")), today);
    out->adjustment_due =
        toetsing_adjustment_due(status, json_string_value(json_array_get(latest, 2)));
    if (out->adjustment_due) {
        copy_text(out->follow_up, sizeof out->follow_up, json_array_get(latest, 4));
        copy_text(out->review_id, sizeof out->review_id, json_array_get(latest, 1));
    }
}

int toetsing_follow_up_get(struct store *s, const json_t *measure, int64_t today,
                           struct toetsing_follow_up *out, struct error *e)
{
    return toetsing_follow_up_get_many(s, &measure, 1, today, out, e);
}

int toetsing_follow_up_get_many(struct store *s, const json_t *const *measures, size_t n,
                                int64_t today, struct toetsing_follow_up *out, struct error *e)
{
    char day[11];
    struct review_scan sc = {json_object(), day};
    const struct kind *reviews = model_kind(KIND_REVIEW);
    const char **ids = xcalloc(n + 1, sizeof *ids);
    size_t i;
    int rc = 0;

    memset(out, 0, n * sizeof *out);
    timefmt_format_date(today, day);
    for (i = 0; i < n; i++) {
        if ((ids[i] = json_string_value(json_object_get(measures[i], "id"))) == NULL) {
            rc = error_set(e, ERR_INVALID, NULL, "a measure without an id");
            goto cleanup;
        }
    }
    /* their reviews in id order, those of one measure in one batch (scan_review) */
    if ((rc = store_record_each_in(s, reviews, model_field_find(reviews, "measure"), ids, n,
                                   scan_review, &sc, e)) != 0)
        goto cleanup;
    for (i = 0; i < n; i++)
        follow_up_of(measures[i], sc.latest, today, &out[i]);
cleanup:
    free(ids);
    json_decref(sc.latest);
    return rc;
}

void toetsing_follow_up_write(struct json_writer *w, const struct toetsing_follow_up *f)
{
    json_write_key(w, "overdue");
    json_write_bool(w, f->overdue);
    json_write_key(w, "adjustment_due");
    json_write_bool(w, f->adjustment_due);
    json_write_key(w, "follow_up");
    json_write_string(w, f->follow_up[0] ? f->follow_up : NULL);
}

int toetsing_write_measure(struct json_writer *w, struct store *s, const json_t *measure,
                           int64_t today, struct error *e)
{
    struct toetsing_follow_up f;
    int rc = toetsing_follow_up_get(s, measure, today, &f, e);
    if (rc != 0)
        return rc;
    toetsing_write_measure_with(w, measure, &f);
    return 0;
}

void toetsing_write_measure_with(struct json_writer *w, const json_t *measure,
                                 const struct toetsing_follow_up *f)
{
    json_write_object_begin(w);
    export_write_fields(w, model_kind(KIND_MEASURE), measure);
    toetsing_follow_up_write(w, f);
    json_write_object_end(w);
}

void toetsing_follow_up_text(const struct toetsing_follow_up *f, char *buf, size_t size)
{
    size_t len;
    snprintf(buf, size, "%s", f->overdue ? "overdue" : "");
    len = strlen(buf);
    if (f->adjustment_due && f->follow_up[0])
        snprintf(buf + len, size - len, "%sadjustment due (follow-up %s)", len ? "; " : "",
                 f->follow_up);
    else if (f->adjustment_due)
        snprintf(buf + len, size - len, "%sadjustment due", len ? "; " : "");
}

void toetsing_follow_up_strip(json_t *measure)
{
    json_object_del(measure, "overdue");
    json_object_del(measure, "adjustment_due");
    json_object_del(measure, "follow_up");
}

void toetsing_report_release(struct toetsing_report *r)
{
    arena_release(&r->arena);
    memset(r, 0, sizeof *r);
}

/* Lowers a residual class to the effect's class; never raises it. */
static void lower(int *klass, int to)
{
    if (to >= 0 && *klass >= 0 && to < *klass)
        *klass = to;
}

int toetsing_apply_residual(const struct toetsing_report *rep, struct risk_picture *p,
                            struct error *e)
{
    size_t i, j;
    int rc;
    for (i = 0; i < p->n_risks; i++) {
        struct risk_entry *r = &p->risks[i];
        for (j = 0; j < rep->n; j++) {
            const struct toetsing_measure *m = &rep->measures[j];
            int k = risk_tables_class(&p->tables, m->effect_class);
            if (!m->applies || !toetsing_measure_targets(m, r->id))
                continue;
            if (strcmp(m->effect, "likelihood") == 0) {
                lower(&r->residual_likelihood, k);
            } else {
                int c = risk_tables_criterion(&p->tables, m->effect_criterion);
                if (c >= 0) /* a criterion the risk does not score stays unscored */
                    lower(&r->residual_impacts[c], k);
            }
            r->measures = arena_realloc(&p->arena, r->measures, r->n_measures * sizeof *r->measures,
                                        (r->n_measures + 1) * sizeof *r->measures);
            r->measures[r->n_measures++] = arena_strdup(&p->arena, m->id);
        }
        if ((rc = risk_score_aggregate(&p->tables, r->residual_impacts, &r->residual_aggregate,
                                       &r->residual_impact_class, e)) != 0) {
            error_prefix_where(e, r->id);
            return rc;
        }
    }
    p->residual = 1;
    snprintf(p->today, sizeof p->today, "%s", rep->today);
    return 0;
}
