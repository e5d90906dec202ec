/*
 * risk_json.c — the risk picture as JSON (see report_json.h), for `vitaal
 * risks --json` and GET /api/v1/risk-picture: scope, class table, risk
 * diagram (inherent and residual), resilience, risks, processes, sectors.
 * Renders domain/risk_score.h; counts with its functions.
 */
#include "report/report_json.h"

#include <string.h>

static const char *class_name(const struct risk_picture *p, int k)
{
    return k >= 0 && (size_t)k < p->tables.n_classes ? p->tables.classes[k] : "none";
}

static void kv_string(struct json_writer *w, const char *key, const char *value)
{
    json_write_key(w, key);
    json_write_string(w, value);
}

static void kv_int(struct json_writer *w, const char *key, int64_t value)
{
    json_write_key(w, key);
    json_write_int(w, value);
}

static void json_grid(struct json_writer *w, const struct risk_picture *p, const char *sector,
                      const char *process, int residual)
{
    struct risk_grid g;
    size_t l, k, i;
    risk_picture_grid(p, sector, process, residual, &g);
    json_write_object_begin(w);
    kv_int(w, "risks", (int64_t)g.n_risks);
    json_write_key(w, "cells");
    json_write_array_begin(w);
    for (l = p->tables.n_classes; l-- > 0;) {
        for (k = 0; k < p->tables.n_classes; k++) {
            if (g.cells[l][k] == 0)
                continue;
            json_write_object_begin(w);
            kv_string(w, "likelihood", p->tables.classes[l]);
            kv_string(w, "impact", p->tables.classes[k]);
            kv_int(w, "count", (int64_t)g.cells[l][k]);
            json_write_key(w, "risks");
            json_write_array_begin(w);
            for (i = 0; i < p->n_risks; i++) {
                const struct risk_entry *r = &p->risks[i];
                int rl = residual ? r->residual_likelihood : r->likelihood;
                int rk = residual ? r->residual_impact_class : r->impact_class;
                if (rl == (int)l && rk == (int)k && risk_picture_selects(p, i, sector, process))
                    json_write_string(w, r->id);
            }
            json_write_array_end(w);
            json_write_object_end(w);
        }
    }
    json_write_array_end(w);
    json_write_key(w, "without_impact");
    json_write_array_begin(w);
    for (i = 0; i < p->n_risks; i++) {
        int rk = residual ? p->risks[i].residual_impact_class : p->risks[i].impact_class;
        if (rk < 0 && risk_picture_selects(p, i, sector, process))
            json_write_string(w, p->risks[i].id);
    }
    json_write_array_end(w);
    json_write_object_end(w);
}

static void json_resilience(struct json_writer *w, const struct risk_picture *p, const char *sector,
                            const char *process)
{
    struct risk_resilience res;
    size_t d;
    risk_picture_resilience(p, sector, process, &res);
    json_write_object_begin(w);
    for (d = 0; d < p->tables.n_dimensions; d++) {
        json_write_key(w, p->tables.dimensions[d]);
        json_write_object_begin(w);
        kv_int(w, "risks", (int64_t)res.n[d]);
        json_write_key(w, "mean");
        if (res.n[d])
            json_write_real(w, res.mean[d]);
        else
            json_write_null(w);
        json_write_key(w, "min");
        if (res.n[d])
            json_write_int(w, res.min[d]);
        else
            json_write_null(w);
        json_write_object_end(w);
    }
    json_write_object_end(w);
}

static void json_impacts(struct json_writer *w, const struct risk_picture *p, const int *impacts,
                         int grouped)
{
    const struct risk_tables *t = &p->tables;
    size_t i, j;
    if (!grouped) {
        json_write_object_begin(w);
        for (i = 0; i < t->n_criteria; i++) {
            if (impacts[i] < 0)
                continue;
            kv_string(w, t->criteria[i].id, class_name(p, impacts[i]));
        }
        json_write_object_end(w);
        return;
    }
    /* by national security interest, each interest once, in criterion order */
    json_write_array_begin(w);
    for (i = 0; i < t->n_criteria; i++) {
        int seen = 0, any = 0;
        for (j = 0; j < i; j++)
            seen |=
                impacts[j] >= 0 && strcmp(t->criteria[j].interest, t->criteria[i].interest) == 0;
        for (j = i; j < t->n_criteria; j++)
            any |= impacts[j] >= 0 && strcmp(t->criteria[j].interest, t->criteria[i].interest) == 0;
        if (seen || !any)
            continue;
        json_write_object_begin(w);
        kv_string(w, "interest", t->criteria[i].interest);
        json_write_key(w, "criteria");
        json_write_array_begin(w);
        for (j = i; j < t->n_criteria; j++) {
            if (impacts[j] < 0 || strcmp(t->criteria[j].interest, t->criteria[i].interest) != 0)
                continue;
            json_write_object_begin(w);
            kv_string(w, "criterion", t->criteria[j].id);
            kv_string(w, "name", t->criteria[j].name);
            kv_string(w, "class", class_name(p, impacts[j]));
            json_write_key(w, "weight");
            json_write_real(w, t->criteria[j].weight);
            json_write_key(w, "score");
            json_write_real(w, t->rows[impacts[j]].score);
            json_write_object_end(w);
        }
        json_write_array_end(w);
        json_write_object_end(w);
    }
    json_write_array_end(w);
}

static void json_risk(struct json_writer *w, const struct risk_picture *p,
                      const struct risk_entry *r)
{
    size_t d;
    json_write_object_begin(w);
    kv_string(w, "id", r->id);
    kv_string(w, "process", r->process);
    kv_string(w, "analysis", r->analysis);
    kv_string(w, "threat", r->threat);
    kv_string(w, "scenario", r->scenario);
    kv_string(w, "likelihood", class_name(p, r->likelihood));
    json_write_key(w, "aggregate");
    json_write_real(w, r->aggregate);
    kv_string(w, "impact", r->impact_class >= 0 ? class_name(p, r->impact_class) : NULL);
    json_write_key(w, "impacts");
    json_impacts(w, p, r->impacts, 1);
    json_write_key(w, "resilience");
    json_write_object_begin(w);
    for (d = 0; d < p->tables.n_dimensions; d++) {
        if (r->resilience[d] <= 0)
            continue;
        kv_int(w, p->tables.dimensions[d], (int64_t)r->resilience[d]);
    }
    json_write_object_end(w);
    if (p->residual) {
        json_write_key(w, "residual");
        json_write_object_begin(w);
        kv_string(w, "likelihood", class_name(p, r->residual_likelihood));
        json_write_key(w, "aggregate");
        json_write_real(w, r->residual_aggregate);
        kv_string(w, "impact",
                  r->residual_impact_class >= 0 ? class_name(p, r->residual_impact_class) : NULL);
        json_write_key(w, "impacts");
        json_impacts(w, p, r->residual_impacts, 0);
        json_write_strings(w, "measures", r->measures, r->n_measures);
        json_write_object_end(w);
    }
    json_write_object_end(w);
}

static void json_process(struct json_writer *w, const struct risk_picture *p,
                         const struct risk_process *proc)
{
    size_t i;
    json_write_object_begin(w);
    kv_string(w, "id", proc->id);
    kv_string(w, "name", proc->name);
    kv_string(w, "sector", proc->sector);
    json_write_key(w, "analysis");
    if (proc->analysis) {
        json_write_object_begin(w);
        kv_string(w, "id", proc->analysis);
        kv_string(w, "kind", proc->analysis_kind);
        kv_string(w, "status", proc->analysis_status);
        kv_string(w, "date", proc->analysis_date);
        json_write_object_end(w);
    } else {
        json_write_null(w);
    }
    json_write_strings(w, "quickscans", proc->quickscans, proc->n_quickscans);
    json_write_key(w, "risks");
    json_write_array_begin(w);
    for (i = 0; i < proc->n_risks; i++)
        json_write_string(w, p->risks[proc->first_risk + i].id);
    json_write_array_end(w);
    json_write_key(w, "findings");
    json_write_array_begin(w);
    for (i = 0; i < proc->n_findings; i++) {
        json_write_object_begin(w);
        kv_string(w, "topic", p->tables.topics[proc->findings[i].topic]);
        kv_string(w, "analysis", proc->findings[i].analysis);
        kv_string(w, "text", proc->findings[i].text);
        json_write_object_end(w);
    }
    json_write_array_end(w);
    json_write_key(w, "resilience");
    json_resilience(w, p, NULL, proc->id);
    json_write_object_end(w);
}

static void json_sector(struct json_writer *w, const struct risk_picture *p,
                        const struct risk_sector *sec)
{
    size_t t, i;
    json_write_object_begin(w);
    kv_string(w, "id", sec->id);
    kv_string(w, "name", sec->name);
    kv_int(w, "processes", (int64_t)sec->n_processes);
    kv_int(w, "analysed", (int64_t)sec->n_analysed);
    json_write_key(w, "diagram");
    json_grid(w, p, sec->id, NULL, 0);
    if (p->residual) {
        json_write_key(w, "residual_diagram");
        json_grid(w, p, sec->id, NULL, 1);
    }
    json_write_key(w, "resilience");
    json_resilience(w, p, sec->id, NULL);
    json_write_key(w, "findings"); /* topic -> the processes with a finding on it */
    json_write_object_begin(w);
    for (t = 0; t < p->tables.n_topics; t++) {
        json_write_key(w, p->tables.topics[t]);
        json_write_array_begin(w);
        for (i = 0; i < p->n_processes; i++) {
            if (strcmp(p->processes[i].sector, sec->id) == 0 &&
                risk_process_has_finding(&p->processes[i], (int)t))
                json_write_string(w, p->processes[i].id);
        }
        json_write_array_end(w);
    }
    json_write_object_end(w);
    json_write_object_end(w);
}

/* The common causes (issue 20 part 4): services whose failure alone takes
 * down processes in two or more sectors. */
static void json_common_causes(struct json_writer *w, const struct risk_picture *p)
{
    const struct service_common_causes *cc = p->common;
    size_t i;
    json_write_object_begin(w);
    kv_int(w, "outage_h", cc->outage_h);
    kv_int(w, "horizon_h", cc->horizon_h);
    kv_int(w, "min_down_h", cc->min_down_h);
    kv_int(w, "min_sectors", SERVICE_COMMON_CAUSE_MIN_SECTORS);
    json_write_key(w, "services");
    json_write_array_begin(w);
    for (i = 0; i < cc->n; i++) {
        const struct service_common_cause *c = &cc->causes[i];
        if (!risk_picture_shows_cause(p, c))
            continue;
        json_write_object_begin(w);
        kv_string(w, "service", c->service);
        kv_string(w, "name", c->name);
        kv_string(w, "kind", c->kind);
        kv_int(w, "sectors_down", (int64_t)c->sectors_down);
        kv_int(w, "processes_down", (int64_t)c->processes_down);
        kv_int(w, "down_node_hours", c->down_node_hours);
        json_write_strings(w, "sectors", c->sectors, c->n_sectors);
        json_write_strings(w, "processes", c->processes, c->n_processes);
        json_write_object_end(w);
    }
    json_write_array_end(w);
    json_write_object_end(w);
}

/* The document; summary: without the lists of risks, processes and
 * sectors (what a diagram and its counts do not need). */
static void write_picture(struct json_writer *w, const struct risk_picture *p, int summary)
{
    const struct risk_tables *t = &p->tables;
    size_t i;
    json_write_object_begin(w);
    kv_string(w, "scope", p->scope);
    kv_string(w, "id", p->scope_id);
    kv_string(w, "name", p->scope_name);
    kv_string(w, "today", p->today[0] ? p->today : NULL); /* reviews counted up to */
    json_write_key(w, "classes");
    json_write_array_begin(w);
    for (i = 0; i < t->n_classes; i++) {
        json_write_object_begin(w);
        kv_string(w, "id", t->classes[i]);
        kv_string(w, "likelihood_label", t->rows[i].likelihood_label);
        kv_string(w, "impact_label", t->rows[i].label);
        json_write_key(w, "score");
        if (t->rows[i].present)
            json_write_real(w, t->rows[i].score);
        else
            json_write_null(w);
        json_write_key(w, "aggregate_min");
        if (t->rows[i].present)
            json_write_real(w, t->rows[i].aggregate_min);
        else
            json_write_null(w);
        json_write_object_end(w);
    }
    json_write_array_end(w);
    json_write_key(w, "diagram");
    json_grid(w, p, NULL, NULL, 0);
    if (p->residual) {
        json_write_key(w, "residual_diagram");
        json_grid(w, p, NULL, NULL, 1);
    }
    json_write_key(w, "resilience");
    json_resilience(w, p, NULL, NULL);
    if (!summary) {
        json_write_key(w, "risks");
        json_write_array_begin(w);
        for (i = 0; i < p->n_risks; i++)
            json_risk(w, p, &p->risks[i]);
        json_write_array_end(w);
        json_write_key(w, "processes");
        json_write_array_begin(w);
        for (i = 0; i < p->n_processes; i++)
            json_process(w, p, &p->processes[i]);
        json_write_array_end(w);
        json_write_key(w, "sectors");
        json_write_array_begin(w);
        for (i = 0; i < p->n_sectors; i++)
            json_sector(w, p, &p->sectors[i]);
        json_write_array_end(w);
    }
    if (p->common) {
        json_write_key(w, "common_causes");
        json_common_causes(w, p);
    }
    json_write_object_end(w);
}

void risk_picture_write_json(struct json_writer *w, const struct risk_picture *p)
{
    write_picture(w, p, 0);
}

void risk_picture_write_summary_json(struct json_writer *w, const struct risk_picture *p)
{
    write_picture(w, p, 1);
}
