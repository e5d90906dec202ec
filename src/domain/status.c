/*
 * status.c — the four-year clock per process (see status.h).
 */
#include "domain/status.h"

#include "base/timefmt.h"

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
    json_t *last_final;      /* process -> [finalised date, analysis id] */
    json_t *open_quickscans; /* process -> count */
    json_t *open_measures;   /* process -> count */
};

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
    if (strcmp(status, "final") == 0 && finalised) {
        json_t *prev = json_object_get(sc->last_final, process);
        if (prev == NULL || strcmp(json_string_value(json_array_get(prev, 0)), finalised) < 0)
            json_object_set_new(
                sc->last_final, process,
                json_pack("[ss]", finalised, json_string_value(json_object_get(a, "id"))));
    } else if (strcmp(kind, "quickscan") == 0) {
        bump(sc->open_quickscans, process);
    }
    json_decref(a);
    return 0;
}

static int scan_measure(void *ctx, json_t *m)
{
    struct scan *sc = ctx;
    const char *status = json_string_value(json_object_get(m, "status"));
    size_t i;
    json_t *p;
    if (strcmp(status, "done") != 0 && strcmp(status, "cancelled") != 0) {
        json_array_foreach(json_object_get(m, "processes"), i, p)
        {
            bump(sc->open_measures, json_string_value(p));
        }
    }
    json_decref(m);
    return 0;
}

struct collect {
    struct status_report *r;
    struct scan *sc;
    int64_t today;
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
        struct process_status *grown = realloc(c->r->processes, cap * sizeof *grown);
        if (grown == NULL) {
            json_decref(p);
            return ERR_NOMEM;
        }
        c->r->processes = grown;
        c->cap = cap;
    }
    ps = &c->r->processes[c->r->n++];
    memset(ps, 0, sizeof *ps);
    ps->id = strdup(id);
    ps->name = strdup(json_string_value(json_object_get(p, "name")));
    snprintf(ps->category, sizeof ps->category, "%s",
             json_string_value(json_object_get(p, "category")));
    last = json_object_get(c->sc->last_final, id);
    if (last == NULL) {
        ps->state = STATUS_NEVER;
    } else {
        int64_t finalised = 0, due;
        snprintf(ps->last_final, sizeof ps->last_final, "%s",
                 json_string_value(json_array_get(last, 0)));
        snprintf(ps->last_final_id, sizeof ps->last_final_id, "%s",
                 json_string_value(json_array_get(last, 1)));
        timefmt_parse_date(ps->last_final, &finalised);
        due = timefmt_add_years(finalised, STATUS_CYCLE_YEARS);
        timefmt_format_date(due, ps->next_due);
        if (due < c->today)
            ps->state = STATUS_OVERDUE;
        else if (due - c->today <= STATUS_DUE_SOON_DAYS)
            ps->state = STATUS_DUE_SOON;
        else
            ps->state = STATUS_CURRENT;
    }
    if ((count = json_object_get(c->sc->open_quickscans, id)))
        ps->open_quickscans = (size_t)json_integer_value(count);
    if ((count = json_object_get(c->sc->open_measures, id)))
        ps->open_measures = (size_t)json_integer_value(count);
    json_decref(p);
    return 0;
}

int status_compute(struct store *s, int64_t today, struct status_report *out, struct error *e)
{
    struct scan sc = {json_object(), json_object(), json_object()};
    struct collect c = {out, &sc, today, 0};
    int rc;

    memset(out, 0, sizeof *out);
    timefmt_format_date(today, out->today);
    if ((rc = store_record_each(s, model_kind_find("analyses"), NULL, 0, 0, 0, scan_analysis, &sc,
                                e)) != 0)
        goto cleanup;
    if ((rc = store_record_each(s, model_kind_find("measures"), NULL, 0, 0, 0, scan_measure, &sc,
                                e)) != 0)
        goto cleanup;
    rc = store_record_each(s, model_kind_find("processes"), NULL, 0, 0, 0, collect_process, &c, e);
    if (rc == ERR_NOMEM)
        error_set(e, rc, NULL, "out of memory");
cleanup:
    json_decref(sc.last_final);
    json_decref(sc.open_quickscans);
    json_decref(sc.open_measures);
    if (rc != 0)
        status_report_release(out);
    return rc;
}

void status_report_release(struct status_report *r)
{
    size_t i;
    for (i = 0; i < r->n; i++) {
        free(r->processes[i].id);
        free(r->processes[i].name);
    }
    free(r->processes);
    r->processes = NULL;
    r->n = 0;
}
