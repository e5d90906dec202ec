/*
 * status.c — the four-year clock per process (see status.h).
 */
#include "domain/status.h"

#include "base/timefmt.h"
#include "base/arena.h"
#include "domain/settings.h"
#include "domain/toetsing.h"
#include "domain/visible.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

const char *status_state_name(enum status_state s)
{
    switch (s) {
    case STATUS_NEVER:
        return "never";
    case STATUS_OVERDUE:
        return "overdue";
    case STATUS_DUE_SOON:
        return "due_soon";
    default:
        return "current";
    }
}

struct scan {
    json_t *last_final;          /* process -> [finalised date, analysis id] */
    struct cer_nis2_map regimes; /* the one CER/NIS2 rule (domain/cer_nis2.h) */
    json_t *open_quickscans;     /* process -> count */
    json_t *open_measures;       /* process -> count */
    json_t *overdue_measures;    /* process -> count */
    json_t *adjustment_due;      /* process -> count */
    json_t *follow_up;           /* measure id -> [overdue, adjustment_due] (toetsing.h) */
    struct visible *v;           /* counts only what its user may read (NULL: all) */
};

/* *counted = 1 when the record (of kind) counts: no reader, or one who may
 * read it (issue 14 part 5: counts count only what the user may read). */
static int counts(struct scan *sc, enum kind_id kind, const json_t *r, int *counted)
{
    *counted = 1;
    return sc->v ? visible_record(sc->v, model_kind(kind), r, 0, counted) : 0;
}

static void bump(json_t *counts, const char *key)
{
    json_t *v = json_object_get(counts, key);
    json_object_set_new(counts, key, json_integer(v ? json_integer_value(v) + 1 : 1));
}

static int scan_analysis(void *ctx, json_t *a)
{
    struct scan *sc = ctx;
    const char *process = json_string_value(json_object_get(a, "process"));
    const char *status = json_string_value(json_object_get(a, "status"));
    const char *kind = json_string_value(json_object_get(a, "kind"));
    const char *finalised = json_string_value(json_object_get(a, "finalised"));
    int counted, rc = counts(sc, KIND_ANALYSIS, a, &counted);
    if (rc != 0)
        return rc;
    /* Only a regular analysis restarts the cycle: a quickscan looks at one
     * shock, not at the whole process. */
    if (strcmp(status, "final") == 0 && finalised && strcmp(kind, "regular") == 0) {
        json_t *prev = json_object_get(sc->last_final, process);
        if (prev == NULL || strcmp(json_string_value(json_array_get(prev, 0)), finalised) < 0)
            json_object_set_new(
                sc->last_final, process,
                json_pack("[ss]", finalised, json_string_value(json_object_get(a, "id"))));
    } else if (strcmp(kind, "quickscan") == 0 && strcmp(status, "final") != 0 && counted) {
        bump(sc->open_quickscans, process);
    }
    return 0;
}

static int scan_measure(void *ctx, json_t *m)
{
    struct scan *sc = ctx;
    const char *status = json_string_value(json_object_get(m, "status"));
    size_t i;
    json_t *p;
    json_t *derived = json_object_get(sc->follow_up, json_string_value(json_object_get(m, "id")));
    int counted, rc = counts(sc, KIND_MEASURE, m, &counted);
    if (rc != 0 || !counted)
        return rc;
    json_array_foreach(json_object_get(m, "processes"), i, p)
    {
        if (strcmp(status, "done") != 0 && strcmp(status, "cancelled") != 0)
            bump(sc->open_measures, json_string_value(p));
        if (json_is_true(json_array_get(derived, 0)))
            bump(sc->overdue_measures, json_string_value(p));
        if (json_is_true(json_array_get(derived, 1)))
            bump(sc->adjustment_due, json_string_value(p));
    }
    return 0;
}

struct collect {
    struct status_report *r;
    struct scan *sc;
    int64_t today;
    int64_t cycle_years;
    int64_t due_soon_days;
    int64_t deadline; /* days; cer_nis2_deadline */
    int64_t since;    /* days; cer_nis2_since */
    size_t cap;
};

static int collect_process(void *ctx, json_t *p)
{
    struct collect *c = ctx;
    struct process_status *ps;
    const char *id = json_string_value(json_object_get(p, "id"));
    json_t *last, *count;

    if (c->r->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        c->r->processes =
            arena_realloc(&c->r->arena, c->r->processes, c->cap * sizeof *c->r->processes,
                          cap * sizeof *c->r->processes);
        c->cap = cap;
    }
    ps = &c->r->processes[c->r->n++];
    ps->id = arena_strdup(&c->r->arena, id);
    ps->name = arena_strdup(&c->r->arena, json_string_value(json_object_get(p, "name")));
    snprintf(ps->category, sizeof ps->category, "%s",
             json_string_value(json_object_get(p, "category")));
    ps->regimes =
        cer_nis2_process(&c->sc->regimes, id, json_string_value(json_object_get(p, "sector")));
    ps->cer_nis2 = ps->regimes != 0;
    last = json_object_get(c->sc->last_final, id);
    if (last != NULL) {
        int64_t finalised = 0, due;
        snprintf(ps->last_final, sizeof ps->last_final, "%s",
                 json_string_value(json_array_get(last, 0)));
        snprintf(ps->last_final_id, sizeof ps->last_final_id, "%s",
                 json_string_value(json_array_get(last, 1)));
        timefmt_parse_date(ps->last_final, &finalised);
        due = timefmt_add_years(finalised, (int)c->cycle_years);
        ps->due_reason = "cycle";
        if (ps->cer_nis2 && finalised < c->since && c->deadline < due) {
            due = c->deadline; /* analysed, but not yet under the directives */
            ps->due_reason = "cer_nis2_deadline";
        }
        timefmt_format_date(due, ps->next_due);
        ps->state = due < c->today                       ? STATUS_OVERDUE
                    : due - c->today <= c->due_soon_days ? STATUS_DUE_SOON
                                                         : STATUS_CURRENT;
    } else if (ps->cer_nis2) {
        timefmt_format_date(c->deadline, ps->next_due);
        ps->due_reason = "cer_nis2_deadline";
        ps->state = c->deadline < c->today                       ? STATUS_OVERDUE
                    : c->deadline - c->today <= c->due_soon_days ? STATUS_DUE_SOON
                                                                 : STATUS_CURRENT;
    } else {
        ps->state = STATUS_NEVER;
        ps->due_reason = "never analysed";
    }
    if ((count = json_object_get(c->sc->open_quickscans, id)))
        ps->open_quickscans = (size_t)json_integer_value(count);
    if ((count = json_object_get(c->sc->open_measures, id)))
        ps->open_measures = (size_t)json_integer_value(count);
    if ((count = json_object_get(c->sc->overdue_measures, id)))
        ps->overdue_measures = (size_t)json_integer_value(count);
    if ((count = json_object_get(c->sc->adjustment_due, id)))
        ps->adjustment_due_measures = (size_t)json_integer_value(count);
    return 0;
}

int status_compute(struct store *s, int64_t today, struct status_report *out, struct error *e)
{
    return status_compute_for(s, today, NULL, out, e);
}

int status_compute_for(struct store *s, int64_t today, struct visible *v, struct status_report *out,
                       struct error *e)
{
    struct scan sc = {json_object(), {0},           json_object(), json_object(),
                      json_object(), json_object(), json_object(), v};
    struct collect c = {out, &sc, today, 4, 365, 0, 0, 0};
    struct toetsing_report follow_up = {0};
    char date[32];
    size_t i;
    int rc;

    memset(out, 0, sizeof *out);
    arena_init_unbounded(&out->arena);
    timefmt_format_date(today, out->today);
    if ((rc = settings_get_int(s, "cycle_years", 4, &c.cycle_years, e)) != 0 ||
        (rc = settings_get_int(s, "due_soon_days", 365, &c.due_soon_days, e)) != 0 ||
        (rc = settings_get_text(s, "cer_nis2_deadline", "2026-03-31", out->cer_nis2_deadline,
                                sizeof out->cer_nis2_deadline, e)) != 0 ||
        (rc = settings_get_text(s, "cer_nis2_since", "2024-10-18", date, sizeof date, e)) != 0)
        goto cleanup;
    if (timefmt_parse_date(out->cer_nis2_deadline, &c.deadline) != 0 ||
        timefmt_parse_date(date, &c.since) != 0) {
        rc = error_set(e, ERR_INVALID, "settings",
                       "cer_nis2_deadline and cer_nis2_since must be dates YYYY-MM-DD");
        goto cleanup;
    }
    if (c.cycle_years < 1 || c.cycle_years > 100 || c.due_soon_days < 0) {
        rc = error_set(e, ERR_INVALID, "settings",
                       "cycle_years must be 1..100 and due_soon_days at least 0");
        goto cleanup;
    }
    /* the answer names every process and every provider link (the CER
     * entities): each is asked about, so all are read at once */
    if (v && ((rc = visible_read_ahead(v, KIND_PROCESS, e)) != 0 ||
              (rc = visible_read_ahead(v, KIND_PROVIDER_LINK, e)) != 0))
        goto cleanup;
    if ((rc = cer_nis2_map_load(s, &sc.regimes, e)) != 0 ||
        (rc = cer_nis2_due_compute(s, today, &out->cer, e)) != 0 ||
        (rc = toetsing_compute(s, today, &follow_up, e)) != 0)
        goto cleanup;
    for (i = 0; i < follow_up.n; i++)
        json_object_set_new(
            sc.follow_up, follow_up.measures[i].id,
            json_pack("[bb]", follow_up.measures[i].overdue, follow_up.measures[i].adjustment_due));
    if ((rc = store_record_each(s, model_kind(KIND_ANALYSIS), NULL, 0, 0, 0, scan_analysis, &sc,
                                e)) != 0 ||
        (rc = store_record_each(s, model_kind(KIND_MEASURE), NULL, 0, 0, 0, scan_measure, &sc,
                                e)) != 0) {
        if (v && v->error.code != 0)
            *e = v->error; /* the reader's failure, met in a callback */
        goto cleanup;
    }
    rc = store_record_each(s, model_kind(KIND_PROCESS), NULL, 0, 0, 0, collect_process, &c, e);
cleanup:
    json_decref(sc.last_final);
    json_decref(sc.open_quickscans);
    json_decref(sc.open_measures);
    json_decref(sc.overdue_measures);
    json_decref(sc.adjustment_due);
    json_decref(sc.follow_up);
    cer_nis2_map_release(&sc.regimes);
    toetsing_report_release(&follow_up);
    if (rc != 0)
        status_report_release(out);
    return rc;
}

void status_report_release(struct status_report *r)
{
    arena_release(&r->arena);
    cer_nis2_due_release(&r->cer);
    memset(r, 0, sizeof *r);
}
