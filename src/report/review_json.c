/*
 * review_json.c — review status (toetsing) as JSON, one shape for `vitaal
 * reviews --json` and GET /api/v1/review-status (see report_json.h).
 * Writes only the measures, reviews and risks the filter lets it name.
 */
#include "report/report_json.h"

static void write_last_review(struct json_writer *w, const struct toetsing_measure *m,
                              const struct report_filter *f)
{
    json_write_key(w, "last_review");
    if (!m->last_review_id[0] || !report_shows(f, KIND_REVIEW, m->last_review_id)) {
        json_write_null(w);
        return;
    }
    json_write_object_begin(w);
    json_write_key(w, "id");
    json_write_string(w, m->last_review_id);
    json_write_key(w, "date");
    json_write_string(w, m->last_review);
    json_write_key(w, "result");
    json_write_string(w, m->result);
    json_write_object_end(w);
}

static void write_measure(struct json_writer *w, const struct toetsing_measure *m,
                          const struct report_filter *f)
{
    json_write_object_begin(w);
    json_write_key(w, "id");
    json_write_string(w, m->id);
    json_write_key(w, "name");
    json_write_string(w, m->name);
    json_write_key(w, "status");
    json_write_string(w, m->status);
    json_write_key(w, "due");
    json_write_string(w, m->due[0] ? m->due : NULL);
    json_write_key(w, "active");
    json_write_bool(w, m->active);
    json_write_key(w, "review_interval_months");
    json_write_int(w, m->interval_months);
    json_write_key(w, "reviews");
    json_write_int(w, (int64_t)m->n_reviews);
    write_last_review(w, m, f);
    json_write_key(w, "next_due");
    json_write_string(w, m->next_due[0] ? m->next_due : NULL);
    json_write_key(w, "state");
    json_write_string(w, toetsing_state_name(m->state));
    json_write_key(w, "needs_review");
    json_write_bool(w, m->needs_review);
    json_write_key(w, "effect");
    json_write_string(w, m->effect[0] ? m->effect : "none");
    if (toetsing_has_risk_effect(m)) {
        json_write_key(w, "effect_risk");
        json_write_string(w, m->effect_risk && report_shows(f, KIND_RISK, m->effect_risk)
                                 ? m->effect_risk
                                 : NULL);
        json_write_key(w, "effect_criterion");
        json_write_string(w, m->effect_criterion);
        json_write_key(w, "effect_class");
        json_write_string(w, m->effect_class[0] ? m->effect_class : NULL);
    }
    json_write_key(w, "counts_for_residual");
    json_write_bool(w, m->applies);
    json_write_object_end(w);
}

void review_status_write_json(struct json_writer *w, const struct toetsing_report *r, int due_only,
                              const struct report_filter *f)
{
    size_t i, not_active = 0;
    json_write_object_begin(w);
    json_write_key(w, "today");
    json_write_string(w, r->today);
    json_write_key(w, "due_soon_days");
    json_write_int(w, r->due_soon_days);
    json_write_key(w, "measures");
    json_write_array_begin(w);
    for (i = 0; i < r->n; i++) {
        const struct toetsing_measure *m = &r->measures[i];
        if (!m->active) /* counted, not named, with --due too */
            not_active += (size_t)report_counts(f, KIND_MEASURE, m->id);
        if ((due_only && !(m->active && m->needs_review)) || !report_shows(f, KIND_MEASURE, m->id))
            continue;
        write_measure(w, m, f);
    }
    json_write_array_end(w);
    json_write_key(w, "not_active");
    json_write_int(w, (int64_t)not_active);
    json_write_object_end(w);
}
