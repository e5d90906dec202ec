/*
 * report_json.h — the JSON documents of the analyses that both `vitaal ...
 * --json` and the API answer with: the vitaalbeoordeling (assess_json.c),
 * measures as what-if (whatif_json.c), the risk picture (risk_json.c),
 * framework coverage (framework_json.c), the status of the cycle
 * (status_json.c), the quickscans an event opens (quickscan_json.c), the
 * cascade and the criticality ranking (cascade_json.c), review status
 * (review_json.c) and incident notification deadlines (incident_json.c).
 * One shape for the CLI and the server, written once, through
 * base/json_writer: `vitaal X --json` equals the coordinator's API answer
 * (tests/integration/documents_test.sh). What each writer writes is
 * declared beside it in X_json.schema.json (report_schema.h): a field
 * added here goes there too, or the API's answer and the tests fail.
 *
 * Need-to-know: a document may be written with a filter that says which
 * records it may name; with a NULL filter (the CLI, which runs as the
 * operator: "show all") it names everything.
 * What each writer leaves out is said at its function. The risk picture
 * takes no filter: the server hands it a picture that holds only what the
 * user may read, so its counts are counted over that alone.
 */
#ifndef VITAAL_REPORT_REPORT_JSON_H
#define VITAAL_REPORT_REPORT_JSON_H

#include "base/json_writer.h"
#include "base/strbuf.h"
#include "domain/assess.h"
#include "domain/fallback_need.h"
#include "domain/compliance.h"
#include "domain/notification.h"
#include "domain/toetsing.h"
#include "engine/cascade.h"
#include "engine/criticality.h"
#include "engine/graph.h"
#include "domain/framework.h"
#include "domain/quickscan.h"
#include "domain/risk_score.h"
#include "domain/status.h"
#include "domain/visible.h"
#include "domain/whatif.h"

#include <stddef.h>

/* shown(ctx, kind, id) is 1 when the document may name record id of kind
 * (store/model.h: KIND_PROCESS, KIND_RISK, ...). */
struct report_filter {
    int (*shown)(void *ctx, enum kind_id kind, const char *id);
    void *ctx;
    /* readable(ctx, kind, id): 1 when the user may read the record, asked
     * for what a document only counts and does not name (no audit entry);
     * NULL: shown answers. */
    int (*readable)(void *ctx, enum kind_id kind, const char *id);
};

/* 1 when f (NULL: no filter) lets the document name the record. */
int report_shows(const struct report_filter *f, enum kind_id kind, const char *id);
/* 1 when f (NULL: no filter) lets the document count the record. */
int report_counts(const struct report_filter *f, enum kind_id kind, const char *id);

/* The filter of the audited-read mechanism (domain/visible.h): shows what
 * v's user may read and notes the classified records shown for the audit;
 * a failure is kept in v->rc. */
struct report_filter report_filter_visible(struct visible *v);

/* A document the API answers with under need-to-know (document.c): the
 * audited read of domain/visible.h over a writer of this header. compute
 * (may be NULL) makes the result over what v lets the user read; write
 * writes it with the filter f into the answer; release (may be NULL) drops
 * the result; schema names the writer's schema (report_schema.h) the
 * document is checked against as it is written (unless built with NDEBUG;
 * a document that departs from it is ERR_INTERNAL). */
struct report_doc {
    int (*compute)(void *ctx, struct visible *v, struct error *e);
    void (*write)(void *ctx, struct json_writer *w, const struct report_filter *f);
    void (*release)(void *ctx);
    void *ctx;
    const char *schema;
};

/* Computes and writes d into out (emptied first) with the filter of v;
 * when it named classified records, computes and writes it again inside a
 * transaction on `to` that appends their "read" entries for actor
 * (visible_run), so that out holds the answer that was logged. d's result
 * is left for the caller to release. */
int report_doc_run(const struct report_doc *d, struct visible *v, struct store *to,
                   struct audit_log *log, const char *actor, const char *address,
                   const char *detail, struct strbuf *out, struct error *e);

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

/* The fallback-need report (`vitaal fallback-need --json`, GET
 * /api/v1/fallback-need): the settings used, and per process its need,
 * gap, coverage, tolerable downtime, reach, explanation, inputs, scenarios
 * of its own failure and fallback options. With a filter: hidden processes,
 * inputs (dependencies) and options are left out, a scenario of a hidden
 * risk too (the default scenario, risk null, is always there); a hidden
 * fallback option or alternative measure that a row names is written as
 * null, as is the explanation of a process with a hidden input or option
 * (it names them). Verdicts stay as computed over every record. */
void fallback_need_write_json(struct json_writer *w, const struct fallback_need_report *r,
                              const struct report_filter *f);

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

/* The cascade of `vitaal cascade --json` and POST /api/v1/cascade. */
struct cascade_doc {
    const struct graph *g;
    const struct cascade_result *r;
    const char *const *failed; /* the ids asked to fail */
    size_t n_failed;
    const json_t *services; /* the set of service ids; NULL: a graph file, no "type" */
};

/* horizon_h, outage_h, failed, affected, not_visible, nodes [{id, type,
 * first_down_h, down_h, intervals}]. With a filter: failed ids and nodes of
 * hidden processes and services are left out, affected counts the nodes
 * shown and not_visible the affected ones left out (0 without a filter). */
void cascade_write_json(struct json_writer *w, const struct cascade_doc *d,
                        const struct report_filter *f);

/* The criticality ranking of `vitaal criticality --json` and the result of
 * the POST /api/v1/criticality job. */
struct criticality_doc {
    const struct graph *g;
    const struct criticality_entry *entries; /* ranked */
    size_t n;
    int32_t outage_h, horizon_h;
    size_t top;             /* entries shown at most; 0: all */
    const json_t *services; /* as in cascade_doc */
};

/* horizon_h, outage_h, processes and services (the nodes the filter lets it
 * count; only from the database), not_visible (the nodes it may not), and
 * ranking [{id, type, affected, down_node_hours}]: the first `top` entries
 * the filter shows, in the ranking's order. Only those are noted for the
 * audit (report_shows); the counts ask report_counts. */
void criticality_write_json(struct json_writer *w, const struct criticality_doc *d,
                            const struct report_filter *f);

/* Review status (toetsing, `vitaal reviews --json`, GET
 * /api/v1/review-status): today, due_soon_days, measures [{id, name,
 * status, due, active, review_interval_months, reviews, last_review {id,
 * date, result} | null, next_due, state, needs_review, effect,
 * effect_risk, effect_criterion, effect_class (the last three for a
 * likelihood or impact effect), counts_for_residual}] and not_active (the
 * measures proposed, planned or cancelled). due_only: only the active
 * measures that need a review (`--due`). With a filter: hidden measures are
 * left out (and not counted), a hidden latest review is null and a hidden
 * effect_risk null. */
void review_status_write_json(struct json_writer *w, const struct toetsing_report *r, int due_only,
                              const struct report_filter *f);

/* Incident notification deadlines (`vitaal incidents --json`, GET
 * /api/v1/incident-deadlines): now, rules (the settings used), incidents
 * [{id, title, process, provider, detected_at, significant, regimes, note,
 * deadlines [{regime, step, due, sent_field, sent, state,
 * seconds_left}]}]. overdue_only: only the deadlines overdue or met late,
 * and the incidents that have one (`--overdue`). With a filter: hidden
 * incidents are left out, a hidden process or provider is null. */
void incident_deadlines_write_json(struct json_writer *w, const struct notification_report *r,
                                   int overdue_only, const struct report_filter *f);

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
