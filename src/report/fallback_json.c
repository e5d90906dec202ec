/*
 * fallback_json.c — the fallback-need report as JSON, one shape for `vitaal
 * fallback-need --json` and GET /api/v1/fallback-need (see report_json.h).
 */
#include "report/report_json.h"

#include <string.h>

void fallback_option_write_json(struct json_writer *w, const struct fallback_need_option *o,
                                int alternative_shown)
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
    json_write_key(w, "scenarios"); /* scenarios of the process's own failure it bridges */
    json_write_int(w, (int64_t)o->n_scenarios);
    json_write_key(w, "saved_down_hours");
    json_write_int(w, o->saved_down_hours);
    json_write_key(w, "eur_per_down_hour");
    if (o->judgement == FALLBACK_PROPORTIONATE || o->judgement == FALLBACK_DISPROPORTIONATE)
        json_write_real(w, o->eur_per_down_hour);
    else
        json_write_null(w);
    json_write_key(w, "judgement");
    json_write_string(w, fallback_need_judgement_name(o->judgement));
    /* the analyst's decision beside the engine's, and where they contradict */
    json_write_key(w, "stored_needed");
    json_write_string(w, o->stored_needed[0] ? o->stored_needed : "unknown");
    json_write_key(w, "stored_proportionate");
    if (o->stored_proportionate < 0)
        json_write_null(w);
    else
        json_write_bool(w, o->stored_proportionate);
    json_write_key(w, "disagrees");
    json_write_array_begin(w);
    if (o->needed_disagrees)
        json_write_string(w, "needed");
    if (o->proportionate_disagrees)
        json_write_string(w, "proportionate");
    json_write_array_end(w);
    json_write_key(w, "alternative_measure"); /* not proportionate: the measure chosen instead */
    json_write_string(w, o->alternative_measure[0] && alternative_shown ? o->alternative_measure
                                                                        : NULL);
    json_write_object_end(w);
}

/* Whether the option an input or scenario names may be named: it is one
 * of the process's options and the filter shows it. */
static int option_named(const struct fallback_need_process *p, const char *id,
                        const struct report_filter *f)
{
    size_t k;
    if (f == NULL)
        return 1;
    for (k = 0; k < p->n_options; k++) {
        if (strcmp(p->options[k].id, id) == 0)
            return report_shows(f, KIND_FALLBACK_OPTION, id);
    }
    return 0;
}

/* The explanation names inputs and options (never a risk): shown only when
 * all of them are. */
static int explanation_shown(const struct fallback_need_process *p, const struct report_filter *f)
{
    size_t j;
    int shown = 1;
    for (j = 0; j < p->n_inputs; j++)
        shown &= report_shows(f, KIND_DEPENDENCY, p->inputs[j].dependency);
    for (j = 0; j < p->n_options; j++)
        shown &= report_shows(f, KIND_FALLBACK_OPTION, p->options[j].id);
    return shown;
}

/* A scenario of a risk the reader may not read is left out (it still
 * counts in the verdict, as a hidden input does); the default one, of no
 * risk, is shown with its process. */
static int scenario_shown(const struct fallback_need_scenario *sc, const struct report_filter *f)
{
    return sc->risk[0] == '\0' || report_shows(f, KIND_RISK, sc->risk);
}

static void write_input(struct json_writer *w, const struct fallback_need_input *in,
                        int fallback_named)
{
    json_write_object_begin(w);
    json_write_key(w, "dependency");
    json_write_string(w, in->dependency);
    json_write_key(w, "fallback");
    json_write_string(w, in->fallback[0] && fallback_named ? in->fallback : NULL);
    json_write_key(w, "fallback_available");
    json_write_bool(w, in->fallback_available);
    json_write_key(w, "first_down_h");
    if (in->first_down_h >= 0)
        json_write_int(w, in->first_down_h);
    else
        json_write_null(w);
    json_write_key(w, "down_h");
    json_write_int(w, in->down_h);
    json_write_key(w, "down_h_with_fallbacks");
    json_write_int(w, in->down_h_with);
    json_write_key(w, "gap");
    json_write_bool(w, in->gap);
    json_write_key(w, "covered");
    json_write_bool(w, in->covered);
    json_write_object_end(w);
}

static void write_scenario(struct json_writer *w, const struct fallback_need_scenario *sc,
                           int fallback_named)
{
    json_write_object_begin(w);
    json_write_key(w, "risk"); /* null: the default loss of its own digital systems */
    json_write_string(w, sc->risk[0] ? sc->risk : NULL);
    json_write_key(w, "own_systems");
    json_write_bool(w, sc->own_systems);
    json_write_key(w, "outage_h");
    json_write_int(w, sc->outage_h);
    json_write_key(w, "fallback");
    json_write_string(w, sc->fallback[0] && fallback_named ? sc->fallback : NULL);
    json_write_key(w, "fallback_available");
    json_write_bool(w, sc->fallback_available);
    json_write_key(w, "down_h");
    json_write_int(w, sc->down_h);
    json_write_key(w, "down_h_with_fallbacks");
    json_write_int(w, sc->down_h_with);
    json_write_key(w, "need");
    json_write_bool(w, sc->need);
    json_write_key(w, "covered");
    json_write_bool(w, sc->covered);
    json_write_object_end(w);
}

static void write_process(struct json_writer *w, const struct fallback_need_process *p,
                          const struct report_filter *f)
{
    int explained = explanation_shown(p, f);
    size_t j;
    json_write_object_begin(w);
    json_write_key(w, "id");
    json_write_string(w, p->id);
    json_write_key(w, "category");
    json_write_string(w, p->category);
    json_write_key(w, "need");
    json_write_string(w, fallback_need_verdict_name(p->verdict));
    json_write_key(w, "gap");
    json_write_bool(w, p->gap);
    json_write_key(w, "covered");
    if (p->gap)
        json_write_bool(w, p->covered);
    else
        json_write_null(w);
    json_write_key(w, "tolerable_h");
    json_write_int(w, p->tolerable_h);
    json_write_key(w, "tolerable_source"); /* the process's own MTPD, or its category's */
    json_write_string(w, p->tolerable_own ? "process" : "category");
    json_write_key(w, "reach");
    json_write_int(w, p->reach);
    json_write_key(w, "explanation");
    json_write_string(w, explained ? p->explanation : NULL);
    json_write_key(w, "inputs");
    json_write_array_begin(w);
    for (j = 0; j < p->n_inputs; j++) {
        if (report_shows(f, KIND_DEPENDENCY, p->inputs[j].dependency))
            write_input(w, &p->inputs[j], option_named(p, p->inputs[j].fallback, f));
    }
    json_write_array_end(w);
    json_write_key(w, "scenarios");
    json_write_array_begin(w);
    for (j = 0; j < p->n_scenarios; j++) {
        if (scenario_shown(&p->scenarios[j], f))
            write_scenario(w, &p->scenarios[j], option_named(p, p->scenarios[j].fallback, f));
    }
    json_write_array_end(w);
    json_write_key(w, "options");
    json_write_array_begin(w);
    for (j = 0; j < p->n_options; j++) {
        const struct fallback_need_option *o = &p->options[j];
        if (report_shows(f, KIND_FALLBACK_OPTION, o->id))
            fallback_option_write_json(w, o, report_shows(f, KIND_MEASURE, o->alternative_measure));
    }
    json_write_array_end(w);
    json_write_object_end(w);
}

void fallback_need_write_json(struct json_writer *w, const struct fallback_need_report *r,
                              const struct report_filter *f)
{
    size_t i;
    json_write_object_begin(w);
    json_write_key(w, "outage_h");
    json_write_int(w, r->outage_h);
    json_write_key(w, "horizon_h");
    json_write_int(w, r->horizon_h);
    json_write_key(w, "reach_needed");
    json_write_int(w, r->reach_needed);
    json_write_key(w, "proportionate_eur_per_down_hour");
    json_write_int(w, r->eur_per_down_hour_max);
    json_write_key(w, "processes");
    json_write_array_begin(w);
    for (i = 0; i < r->n; i++) {
        if (report_shows(f, KIND_PROCESS, r->processes[i].id))
            write_process(w, &r->processes[i], f);
    }
    json_write_array_end(w);
    json_write_object_end(w);
}
