/*
 * incident_json.c — incident notification deadlines as JSON, one shape for
 * `vitaal incidents --json` and GET /api/v1/incident-deadlines (see
 * report_json.h). Writes only the incidents the filter lets it name, and
 * of each the process and provider only when it may name them.
 */
#include "report/report_json.h"

#include "base/timefmt.h"

static void write_time(struct json_writer *w, const char *key, int known, int64_t t)
{
    char buf[24];
    json_write_key(w, key);
    if (!known) {
        json_write_null(w);
        return;
    }
    timefmt_format_datetime(t, buf);
    json_write_string(w, buf);
}

/* The reference field of record, or null when the filter may not name it. */
static void write_reference(struct json_writer *w, const json_t *record, const char *field,
                            enum kind_id kind, const struct report_filter *f)
{
    const char *id = json_string_value(json_object_get(record, field));
    json_write_key(w, field);
    json_write_string(w, id && report_shows(f, kind, id) ? id : NULL);
}

static void write_rules(struct json_writer *w, const struct notification_rules *r)
{
    json_write_key(w, "rules");
    json_write_object_begin(w);
    json_write_key(w, "nis2_early_warning_h");
    json_write_int(w, r->nis2_early_warning_h);
    json_write_key(w, "nis2_notification_h");
    json_write_int(w, r->nis2_notification_h);
    json_write_key(w, "nis2_final_report_months");
    json_write_int(w, r->nis2_final_report_months);
    json_write_key(w, "cer_notification_h");
    json_write_int(w, r->cer_notification_h);
    json_write_key(w, "cer_report_months");
    json_write_int(w, r->cer_report_months);
    json_write_object_end(w);
}

static void write_deadline(struct json_writer *w, const struct notification_deadline *d)
{
    json_write_object_begin(w);
    json_write_key(w, "regime");
    json_write_string(w, d->regime);
    json_write_key(w, "step");
    json_write_string(w, d->step);
    write_time(w, "due", 1, d->due);
    json_write_key(w, "sent_field");
    json_write_string(w, d->sent_field);
    write_time(w, "sent", d->sent_known, d->sent);
    json_write_key(w, "state");
    json_write_string(w, notification_state_name(d->state));
    json_write_key(w, "seconds_left");
    json_write_int(w, notification_seconds_left(d));
    json_write_object_end(w);
}

static void write_incident(struct json_writer *w, const struct notification_incident *inc,
                           int overdue_only, const struct report_filter *f)
{
    const json_t *rec = inc->record;
    size_t j;
    json_write_object_begin(w);
    json_write_key(w, "id");
    json_write_string(w, json_string_value(json_object_get(rec, "id")));
    json_write_key(w, "title");
    json_write_string(w, json_string_value(json_object_get(rec, "title")));
    write_reference(w, rec, "process", KIND_PROCESS, f);
    write_reference(w, rec, "provider", KIND_ORGANISATION, f);
    write_time(w, "detected_at", 1, inc->detected);
    json_write_key(w, "significant");
    json_write_bool(w, json_is_true(json_object_get(rec, "significant")));
    json_write_key(w, "regimes");
    json_write_string(w, cer_nis2_name(inc->regimes));
    json_write_key(w, "note");
    json_write_string(
        w, inc->reason == NOTIFICATION_APPLIES ? NULL : notification_reason_text(inc->reason));
    json_write_key(w, "deadlines");
    json_write_array_begin(w);
    for (j = 0; j < inc->n_deadlines; j++) {
        if (!overdue_only || notification_deadline_missed(&inc->deadlines[j]))
            write_deadline(w, &inc->deadlines[j]);
    }
    json_write_array_end(w);
    json_write_object_end(w);
}

void incident_deadlines_write_json(struct json_writer *w, const struct notification_report *r,
                                   int overdue_only, const struct report_filter *f)
{
    size_t i;
    json_write_object_begin(w);
    write_time(w, "now", 1, r->now);
    write_rules(w, &r->rules);
    json_write_key(w, "incidents");
    json_write_array_begin(w);
    for (i = 0; i < r->n; i++) {
        const struct notification_incident *inc = &r->incidents[i];
        if ((overdue_only && !notification_incident_missed(inc)) ||
            !report_shows(f, KIND_INCIDENT, json_string_value(json_object_get(inc->record, "id"))))
            continue;
        write_incident(w, inc, overdue_only, f);
    }
    json_write_array_end(w);
    json_write_object_end(w);
}
