/*
 * fallback_json.c — a fallback option of the fallback-need report as JSON,
 * one shape for the CLI and the API (see report_json.h).
 */
#include "report/report_json.h"

void fallback_option_write_json(struct json_writer *w, const struct fallback_need_option *o)
{
    json_write_object_begin(w);
    json_write_key(w, "id");
    json_write_string(w, o->id);
    json_write_key(w, "kind");
    json_write_string(w, o->kind);
    json_write_key(w, "available");
    json_write_bool(w, o->available);
    json_write_key(w, "cost_eur");
    if (o->has_cost)
        json_write_int(w, o->cost_eur);
    else
        json_write_null(w);
    json_write_key(w, "dependencies");
    json_write_int(w, (int64_t)o->n_dependencies);
    json_write_key(w, "saved_down_hours");
    json_write_int(w, o->saved_down_hours);
    json_write_key(w, "eur_per_down_hour");
    if (o->judgement == FALLBACK_PROPORTIONATE || o->judgement == FALLBACK_DISPROPORTIONATE)
        json_write_real(w, o->eur_per_down_hour);
    else
        json_write_null(w);
    json_write_key(w, "judgement");
    json_write_string(w, fallback_need_judgement_name(o->judgement));
    json_write_object_end(w);
}
