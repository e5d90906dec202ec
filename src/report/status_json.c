/*
 * status_json.c — the status of the cycle as JSON, one shape for `vitaal
 * status --json` and GET /api/v1/status (see report_json.h). Writes only
 * what the filter lets it name.
 */
#include "report/report_json.h"

#include <jansson.h>

static void write_date(struct json_writer *w, const char *key, const char *date)
{
    json_write_key(w, key);
    json_write_string(w, date[0] ? date : NULL);
}

static void write_process(struct json_writer *w, const struct process_status *p,
                          const struct report_filter *f)
{
    json_write_object_begin(w);
    json_write_key(w, "id");
    json_write_string(w, p->id);
    json_write_key(w, "name");
    json_write_string(w, p->name);
    json_write_key(w, "category");
    json_write_string(w, p->category);
    /* the analysis the cycle counts from, named only when the reader may read it */
    write_date(w, "last_final_analysis",
               report_shows(f, KIND_ANALYSIS, p->last_final_id) ? p->last_final_id : "");
    write_date(w, "last_final", p->last_final);
    write_date(w, "next_due", p->next_due);
    json_write_key(w, "due_reason");
    json_write_string(w, p->due_reason);
    json_write_key(w, "state");
    json_write_string(w, status_state_name(p->state));
    json_write_key(w, "cer_nis2");
    json_write_bool(w, p->cer_nis2);
    json_write_key(w, "regimes");
    json_write_string(w, cer_nis2_name(p->regimes));
    json_write_key(w, "open_quickscans");
    json_write_int(w, (int64_t)p->open_quickscans);
    json_write_key(w, "open_measures");
    json_write_int(w, (int64_t)p->open_measures);
    json_write_key(w, "overdue_measures");
    json_write_int(w, (int64_t)p->overdue_measures);
    json_write_key(w, "adjustment_due_measures");
    json_write_int(w, (int64_t)p->adjustment_due_measures);
    json_write_object_end(w);
}

static int entity_shown(const struct cer_nis2_entity *ent, const struct report_filter *f)
{
    size_t i;
    json_t *id;
    json_array_foreach(ent->links, i, id)
    {
        if (report_shows(f, KIND_PROVIDER_LINK, json_string_value(id)))
            return 1;
    }
    return 0;
}

static void write_entity(struct json_writer *w, const struct cer_nis2_entity *ent,
                         const struct report_filter *f)
{
    const struct cer_nis2_clock *c = &ent->clock;
    size_t i;
    json_t *p;
    json_write_object_begin(w);
    json_write_key(w, "provider");
    json_write_string(w, ent->provider);
    json_write_key(w, "name");
    json_write_string(w, ent->name);
    json_write_key(w, "processes");
    json_write_array_begin(w);
    json_array_foreach(ent->processes, i, p)
    {
        if (report_shows(f, KIND_PROCESS, json_string_value(p)))
            json_write_string(w, json_string_value(p));
    }
    json_write_array_end(w);
    write_date(w, "identified", c->identified);
    write_date(w, "notified", c->notified);
    write_date(w, "notification_due", c->notification_due);
    write_date(w, "risk_assessment_due", c->risk_assessment_due);
    write_date(w, "chapter3_applies", c->chapter3_applies);
    json_write_key(w, "step");
    json_write_string(w, cer_nis2_step_name(c->step));
    write_date(w, "next_due", c->next_due);
    json_write_key(w, "overdue");
    json_write_bool(w, c->overdue);
    json_write_object_end(w);
}

static void write_cer(struct json_writer *w, const struct cer_nis2_due *d,
                      const struct report_filter *f)
{
    size_t i, not_identified = 0;
    json_write_object_begin(w);
    json_write_key(w, "rules");
    json_write_object_begin(w);
    json_write_key(w, "notify_months");
    json_write_int(w, d->rules.notify_months);
    json_write_key(w, "risk_assessment_months");
    json_write_int(w, d->rules.risk_assessment_months);
    json_write_key(w, "chapter3_months");
    json_write_int(w, d->rules.chapter3_months);
    json_write_object_end(w);
    json_write_key(w, "milestones");
    json_write_array_begin(w);
    for (i = 0; i < d->n_milestones; i++) {
        json_write_object_begin(w);
        json_write_key(w, "id");
        json_write_string(w, d->milestones[i].id);
        json_write_key(w, "description");
        json_write_string(w, d->milestones[i].description);
        json_write_key(w, "due");
        json_write_string(w, d->milestones[i].due);
        json_write_key(w, "state");
        json_write_string(w, d->milestones[i].past ? "past" : "coming");
        json_write_object_end(w);
    }
    json_write_array_end(w);
    json_write_key(w, "entities");
    json_write_array_begin(w);
    for (i = 0; i < d->n_entities; i++) {
        if (!entity_shown(&d->entities[i], f))
            continue;
        not_identified += d->entities[i].clock.step == CER_NIS2_NOT_IDENTIFIED;
        write_entity(w, &d->entities[i], f);
    }
    json_write_array_end(w);
    json_write_key(w, "not_identified");
    json_write_int(w, (int64_t)not_identified);
    json_write_object_end(w);
}

void status_write_json(struct json_writer *w, const struct status_report *r,
                       const struct report_filter *f)
{
    size_t i;
    json_write_object_begin(w);
    json_write_key(w, "today");
    json_write_string(w, r->today);
    json_write_key(w, "cer_nis2_deadline");
    json_write_string(w, r->cer_nis2_deadline);
    json_write_key(w, "processes");
    json_write_array_begin(w);
    for (i = 0; i < r->n; i++) {
        if (report_shows(f, KIND_PROCESS, r->processes[i].id))
            write_process(w, &r->processes[i], f);
    }
    json_write_array_end(w);
    json_write_key(w, "cer");
    write_cer(w, &r->cer, f);
    json_write_object_end(w);
}
