/*
 * quickscan.c — opening quickscans after an event (see quickscan.h).
 */
#include "domain/quickscan.h"

#include "base/arena.h"
#include "base/timefmt.h"
#include "domain/import.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct existing {
    const char *event;
    json_t *processes; /* process -> analysis id of a quickscan for this event */
};

static int note_existing(void *ctx, json_t *a)
{
    struct existing *x = ctx;
    const char *event = json_string_value(json_object_get(a, "event"));
    if (event && strcmp(event, x->event) == 0)
        json_object_set(x->processes, json_string_value(json_object_get(a, "process")),
                        json_object_get(a, "id"));
    return 0;
}

int quickscan_open(struct store *s, const char *event, int64_t today, int dry_run,
                   const struct store_change *change, const struct import_hook *hook,
                   struct quickscan_result *out, struct error *e)
{
    const struct kind *analyses = model_kind(KIND_ANALYSIS);
    struct store_filter by_kind = {model_field_find(analyses, "kind"), "quickscan"};
    struct existing x = {event, json_object()};
    struct import_batch batch = IMPORT_BATCH_INIT;
    struct import_stats stats;
    json_t *ev = NULL, *process;
    char date[11], where[48];
    size_t i, n;
    int rc;

    memset(out, 0, sizeof *out);
    arena_init_unbounded(&out->arena);
    if ((rc = store_record_get(s, model_kind(KIND_EVENT), event, &ev, e)) != 0)
        goto cleanup;
    n = json_array_size(json_object_get(ev, "processes"));
    if (n == 0) {
        rc = error_set(e, ERR_INVALID, event, "the event names no process to scan");
        goto cleanup;
    }
    if ((rc = store_record_each(s, analyses, &by_kind, 1, 0, 0, note_existing, &x, e)) != 0)
        goto cleanup;
    out->items = arena_calloc(&out->arena, n, sizeof *out->items);
    timefmt_format_date(today, date);
    json_array_foreach(json_object_get(ev, "processes"), i, process)
    {
        struct quickscan_opened *o = &out->items[out->n++];
        const char *pid = json_string_value(process);
        json_t *have = json_object_get(x.processes, pid), *p = NULL, *analysis;
        snprintf(o->process, sizeof o->process, "%s", pid);
        if (have) {
            snprintf(o->analysis, sizeof o->analysis, "%s", json_string_value(have));
            continue;
        }
        if ((rc = store_record_get(s, model_kind(KIND_PROCESS), pid, &p, e)) != 0)
            goto cleanup;
        snprintf(o->analysis, sizeof o->analysis, "qs-%.60s-%.60s", event, pid);
        o->created = 1;
        analysis =
            json_pack("{ss ss sI ss ss ss ss ss ss}", "id", o->analysis, "process", pid,
                      "cycle_year", (json_int_t)atoi(date), "kind", "quickscan", "event", event,
                      "status", "draft", "started", date, "classification", "confidential", "owner",
                      json_string_value(json_object_get(p, "ministry")));
        json_decref(p);
        snprintf(where, sizeof where, "$.analyses[%zu]", i);
        import_batch_add_record(&batch, analyses, analysis, "vitaal quickscan", where);
    }
    rc = import_batch_apply(&batch, s, dry_run, change, hook, &stats, e);
cleanup:
    import_batch_release(&batch);
    json_decref(x.processes);
    json_decref(ev);
    if (rc != 0)
        quickscan_result_release(out);
    return rc;
}

void quickscan_result_release(struct quickscan_result *r)
{
    arena_release(&r->arena);
    memset(r, 0, sizeof *r);
}
