/*
 * report_json.h — the JSON documents of the analyses that both `vitaal ...
 * --json` and the API answer with: the vitaalbeoordeling (assess_json.c),
 * measures as what-if (whatif_json.c), the risk picture (risk_json.c),
 * framework coverage (framework_json.c), the status of the cycle
 * (status_json.c) and the quickscans an event opens (quickscan_json.c).
 * One shape for the CLI and the server, written through base/json_writer.
 *
 * Need-to-know: a document may be written with a filter that says which
 * records it may name; with a NULL filter (the CLI) it names everything.
 * What each writer leaves out is said at its function. The risk picture
 * takes no filter: the server hands it a picture that holds only what the
 * user may read, so its counts are counted over that alone.
 */
#ifndef VITAAL_REPORT_REPORT_JSON_H
#define VITAAL_REPORT_REPORT_JSON_H

#include "base/json_writer.h"
#include "domain/assess.h"
#include "domain/fallback_need.h"
#include "domain/compliance.h"
#include "domain/framework.h"
#include "domain/quickscan.h"
#include "domain/risk_score.h"
#include "domain/status.h"
#include "domain/visible.h"
#include "domain/whatif.h"

#include <stddef.h>

/* shown(ctx, kind, id) is 1 when the document may name record id of kind
 * (a kind name of store/model.h: "processes", "risks", ...). */
struct report_filter {
    int (*shown)(void *ctx, const char *kind, const char *id);
    void *ctx;
};

/* 1 when f (NULL: no filter) lets the document name the record. */
int report_shows(const struct report_filter *f, const char *kind, const char *id);

/* The filter of the audited-read mechanism (domain/visible.h): shows what
 * v's user may read and notes the classified records shown for the audit;
 * a failure is kept in v->rc. */
struct report_filter report_filter_visible(struct visible *v);

/* The vitaalbeoordeling: process, the assessment whose estimates it used,
 * category, decided_by, the criteria table, the cascade (count in its unit,
 * the processes and sectors it counted), the thresholds not yet verified,
 * the engine's explanation, whether it differs from the process's category
 * and the new assessment it recorded. The filter applies to the processes
 * and sectors listed under cascade; cascade.count stays the computed
 * estimate the decision used. */
void assess_write_json(struct json_writer *w, const struct assess_result *r,
                       const struct report_filter *f);

/* What-if: the measures and their changes, the cascade before and after,
 * the criticality top `top`, the risks the measures change. With a filter:
 * a change whose target (dependency or risk) is hidden shows no target and
 * no before/after; failed processes, cascade nodes and ranking entries of
 * hidden processes are left out, and the cascade counts and the ranks are
 * counted over the processes shown; hidden risks are left out; the
 * top-level not_visible counts the nodes down before or after that the
 * filter left out (0 without a filter). */
void whatif_write_json(struct json_writer *w, const struct whatif_result *r, size_t top,
                       const struct report_filter *f);

/* The risk picture of risk_score.h (with residual risk when p->residual):
 * scope, classes, diagram, resilience, risks, processes, sectors. */
void risk_picture_write_json(struct json_writer *w, const struct risk_picture *p);

/* The same without risks, processes and sectors: scope, classes, the
 * diagrams, resilience and the common causes (the dashboard's summary). */
void risk_picture_write_summary_json(struct json_writer *w, const struct risk_picture *p);

/* A framework with its counts (one item of `vitaal framework list --json`):
 * id, urn, ref_id, name, requirements, assessable, covered, covered_done. */
void framework_summary_write_json(struct json_writer *w, const struct framework_coverage *c);

/* The requirement tree with the measures mapped to each requirement and
 * the coverage (`vitaal framework show --json`). Like the risk picture it
 * takes no filter: the server computes the coverage over the measures the
 * user may read (framework_coverage_compute_scoped), so no count includes
 * a hidden one. */
void framework_coverage_write_json(struct json_writer *w, const struct framework_coverage *c);

/* Which rows of a fallback-need report a document may name: one byte per
 * process, per input, per scenario and per option, in the report's order
 * (inputs, scenarios and options of all processes one after another), and
 * per option whether its alternative measure may be named. A NULL mask
 * shows all. */
struct fallback_json_masks {
    const unsigned char *process, *input, *option, *scenario, *alternative;
    const unsigned char *explanation; /* per process: 0 when it would name a hidden record */
};

/* The fallback-need report (`vitaal fallback-need --json`, GET
 * /api/v1/fallback-need): the settings used, and per process its need,
 * gap, coverage, tolerable downtime, reach, explanation, inputs, scenarios
 * of its own failure and fallback options. With masks (NULL: the CLI,
 * everything) only the marked rows are written (a scenario of a risk not
 * shown is left out; the default scenario, risk null, is always there),
 * and a fallback option or alternative measure that is not shown is
 * written as null, as is the explanation of a process that names an input
 * or option not shown. */
void fallback_need_write_json(struct json_writer *w, const struct fallback_need_report *r,
                              const struct fallback_json_masks *m);

/* One fallback option: id, kind, available, cost_eur (null when unknown),
 * dependencies, scenarios, saved_down_hours, eur_per_down_hour (null when
 * not judged on cost), judgement, the stored decision, disagrees and
 * alternative_measure (null when none, or when !alternative_shown). */
void fallback_option_write_json(struct json_writer *w, const struct fallback_need_option *o,
                                int alternative_shown);

/* The status of the cycle (`vitaal status --json`, GET /api/v1/status):
 * today, the processes with their clock, regimes and measure counts, and
 * "cer": the national milestones and every critical entity's clock. With a
 * filter: hidden processes are left out, and an entity is shown only when
 * the filter shows one of its provider links (kind "provider_links"); the
 * count of entities not identified counts the entities shown. */
void status_write_json(struct json_writer *w, const struct status_report *r,
                       const struct report_filter *f);

/* The quickscans of an event: {"event", "started", "dry_run", "items":
 * [{"process", "analysis", "created"}]} in the event's order. No filter: who
 * may read the event reads the processes it names. */
void quickscan_write_json(struct json_writer *w, const char *event, const char *started,
                          int dry_run, const struct quickscan_result *r);

/* compliance_json.c: one count (entities, total, a count per result,
 * assessed, percent_assessed, percent_compliant: whole percents or null) as
 * a new JSON object. */
json_t *compliance_counts_json(const struct compliance_counts *c);
/* The coverage table as a new JSON object {"framework": {id, ref_id, name
 * (in lang where the library has it), language}, "group", "rows": [{id,
 * name, counts...}], "total" (entities only: the sum)}. */
json_t *compliance_table_json(const struct compliance_table *t, enum compliance_group group,
                              const char *lang);

#endif
