/*
 * quickscan_json.c — the document of `vitaal quickscan EVENT --json` and of
 * POST /api/v1/events/{id}/quickscan: per process the event names, the
 * quickscan analysis and whether this call opened it (report_json.h).
 */
#include "report/report_json.h"

void quickscan_write_json(struct json_writer *w, const char *event, const char *started,
                          int dry_run, const struct quickscan_result *r)
{
    size_t i;
    json_write_object_begin(w);
    json_write_key(w, "event");
    json_write_string(w, event);
    json_write_key(w, "started");
    json_write_string(w, started);
    json_write_key(w, "dry_run");
    json_write_bool(w, dry_run);
    json_write_key(w, "items");
    json_write_array_begin(w);
    for (i = 0; i < r->n; i++) {
        json_write_object_begin(w);
        json_write_key(w, "process");
        json_write_string(w, r->items[i].process);
        json_write_key(w, "analysis");
        json_write_string(w, r->items[i].analysis);
        json_write_key(w, "created");
        json_write_bool(w, r->items[i].created);
        json_write_object_end(w);
    }
    json_write_array_end(w);
    json_write_object_end(w);
}
