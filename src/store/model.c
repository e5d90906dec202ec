/*
 * model.c — the table of record kinds and their fields (see model.h).
 *
 * Field order here is the order of keys in exported JSON and of columns in
 * lists. Every kind ends with `classification`, `owner`, `tlp`, `shared_with`
 * and `shared_with_people`: each record carries a classification, the
 * organisation that owns it, its TLP marking and whom it is shared with
 * (domain/access.h says what sharing grants).
 */
#include "store/model.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

const char *const model_classifications[] = {"public", "internal", "confidential", "secret", NULL};
const char *const model_tlps[] = {"clear", "green", "amber", "amber+strict", "red", NULL};

static const char *const organisation_kinds[] = {"ministry", "provider", "coordinator", "other",
                                                 NULL};
static const char *const nis2_annexes[] = {"I", "II", "none", NULL};
static const char *const categories[] = {"A", "B", "none", NULL};
static const char *const nis2_entities[] = {"essential", "important", "none", NULL};
static const char *const classes[] = {"A", "B", "C", "D", "E", NULL};
static const char *const analysis_kinds[] = {"regular", "quickscan", NULL};
static const char *const analysis_statuses[] = {"draft", "review", "final", NULL};

static const char *const topics[] = {"policy_law",         "risk_management", "business_continuity",
                                     "sector_cooperation", "incidents",       NULL};
static const char *const dimensions[] = {"physical", "digital",           "economic",
                                         "chain",    "crisis_management", NULL};
static const char *const fallback_kinds[] = {"analogue", "digital", "alternative_supplier", NULL};
static const char *const needed_values[] = {"yes", "no", "unknown", NULL};
static const char *const measure_kinds[] = {"redundancy", "stockpile", "alternative_method",
                                            "regulation", "other",     NULL};
static const char *const measure_scopes[] = {"sectoral", "cross_sectoral", NULL};
static const char *const measure_statuses[] = {"proposed", "planned",   "in_progress",
                                               "done",     "cancelled", NULL};
static const char *const review_methods[] = {"exercise", "test", "audit", "incident", NULL};
static const char *const measure_effects[] = {
    "none", "add_supplier", "add_buffer", "add_fallback", "likelihood", "impact", NULL};
static const char *const comparators[] = {"more_than", "at_least", NULL};
static const char *const contribution_statuses[] = {"draft", "submitted", "processed", NULL};
static const char *const request_statuses[] = {"open", "closed", NULL};
static const char *const proposal_decisions[] = {"open", "adopted", "declined", NULL};
static const char *const review_results[] = {"effective", "partly_effective", "ineffective",
                                             "inconclusive", NULL};
static const char *const requirement_results[] = {
    "compliant", "partially_compliant", "non_compliant", "not_applicable", "not_assessed", NULL};
static const char *const campaign_statuses[] = {"open", "closed", NULL};
static const char *const service_kinds[] = {"cloud",   "software", "satellite", "fuel",
                                            "telecom", "other",    NULL};

const char *const model_languages[] = {"bg", "cs", "da", "de", "el", "en", "es", "et", "fi",
                                       "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt", "nl",
                                       "pl", "pt", "ro", "sk", "sl", "sv", NULL};

#define HOURS_MAX 1000000.0

#define F_ID                                                                                       \
    {                                                                                              \
        .name = "id", .type = FIELD_ID, .flags = FIELD_REQUIRED, .help = "unique id"               \
    }
#define F_COMMON                                                                                   \
    {.name = "classification",                                                                     \
     .type = FIELD_ENUM,                                                                           \
     .flags = FIELD_REQUIRED,                                                                      \
     .values = model_classifications,                                                              \
     .help = "public, internal, confidential or secret"},                                          \
        {.name = "owner",                                                                          \
         .type = FIELD_REF,                                                                        \
         .flags = FIELD_REQUIRED,                                                                  \
         .ref_kind = "organisations",                                                              \
         .help = "the organisation that owns the record"},                                         \
        {.name = "tlp",                                                                            \
         .type = FIELD_ENUM,                                                                       \
         .values = model_tlps,                                                                     \
         .help = "Traffic Light Protocol 2.0 marking: clear, green, amber, amber+strict or red "   \
                 "(default from the classification: public clear, internal green, confidential "   \
                 "amber, secret red)"},                                                            \
        {.name = "shared_with",                                                                    \
         .type = FIELD_REF_LIST,                                                                   \
         .ref_kind = "organisations",                                                              \
         .help = "organisations it is shared with, besides its classification (not under red)"},   \
    {                                                                                              \
        .name = "shared_with_people", .type = FIELD_REF_LIST,                                      \
        .help = "user ids it is shared with (only under red: the named people only)"               \
    }
/* Four eyes (domain/approval.h): the fields an approvable kind carries. */
#define F_APPROVAL                                                                                 \
    TEXT("approved_by", 0, "who approved it (four eyes; set by approval)"),                        \
        DATETIME("approved_at", 0, "when it was approved (set by approval)"),                      \
        TEXT("approval_comment", 0, "the approver's comment (set by approval)"),                   \
        TEXT("rejection", 0, "why it was last sent back to draft (set by rejection)")

#define TEXT(n, fl, h)                                                                             \
    {                                                                                              \
        .name = n, .type = FIELD_TEXT, .flags = fl, .help = h                                      \
    }
#define REF(n, k, fl, h)                                                                           \
    {                                                                                              \
        .name = n, .type = FIELD_REF, .flags = fl, .ref_kind = k, .help = h                        \
    }
#define ENUM(n, v, fl, d, h)                                                                       \
    {                                                                                              \
        .name = n, .type = FIELD_ENUM, .flags = fl, .values = v, .default_value = d, .help = h     \
    }
#define INT(n, lo, hi, fl, d, h)                                                                   \
    {                                                                                              \
        .name = n, .type = FIELD_INT, .flags = fl, .min = lo, .max = hi, .default_value = d,       \
        .help = h                                                                                  \
    }
#define REAL(n, lo, hi, fl, h)                                                                     \
    {                                                                                              \
        .name = n, .type = FIELD_REAL, .flags = fl, .min = lo, .max = hi, .help = h                \
    }
#define BOOL(n, d, h)                                                                              \
    {                                                                                              \
        .name = n, .type = FIELD_BOOL, .default_value = d, .help = h                               \
    }
#define DATE(n, fl, h)                                                                             \
    {                                                                                              \
        .name = n, .type = FIELD_DATE, .flags = fl, .help = h                                      \
    }
#define DATETIME(n, fl, h)                                                                         \
    {                                                                                              \
        .name = n, .type = FIELD_DATETIME, .flags = fl, .help = h                                  \
    }
#define REFLIST(n, k, fl, h)                                                                       \
    {                                                                                              \
        .name = n, .type = FIELD_REF_LIST, .flags = fl, .ref_kind = k, .help = h                   \
    }

/* A framework text in the languages its library translates it into
 * (CISO Assistant's `translations`), language -> text. */
#define TRANSLATIONS(n, h)                                                                         \
    {                                                                                              \
        .name = n, .type = FIELD_MAP, .values = model_languages, .value_type = FIELD_TEXT,         \
        .help = h                                                                                  \
    }

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct field organisation_fields[] = {
    F_ID,
    TEXT("name", FIELD_REQUIRED, "name"),
    ENUM("kind", organisation_kinds, FIELD_REQUIRED, NULL,
         "ministry, provider, coordinator or other"),
    REF("parent", "organisations", 0, "the organisation it is part of"),
    TEXT("description", 0, "description"),
    F_COMMON,
};

static const struct field sector_fields[] = {
    F_ID,
    TEXT("name", FIELD_REQUIRED, "name"),
    ENUM("nis2_annex", nis2_annexes, 0, "none", "NIS2 annex: I (high criticality), II or none"),
    BOOL("cer", "false", "covered by the CER directive"),
    REF("eu_sector", "sectors", 0, "the EU (NIS2/CER) sector a national sector falls under"),
    F_COMMON,
};

static const struct field vitaal_criterion_fields[] = {
    F_ID,
    TEXT("unit", FIELD_REQUIRED, "unit of the impact estimate"),
    REAL("category_a_above", 0, 1e18, 0, "threshold of category A (see comparator)"),
    REAL("category_b_above", 0, 1e18, 0, "threshold of category B (see comparator)"),
    TEXT("verified", 0, "how far the thresholds are verified against the source"),
    ENUM("comparator", comparators, 0, "more_than",
         "an estimate meets a threshold when it is more_than or at_least it"),
    BOOL("category_a_verified", "false", "the A threshold is verified against a primary source"),
    BOOL("category_b_verified", "false", "the B threshold is verified against a primary source"),
    F_COMMON,
};

static const struct field setting_fields[] = {
    F_ID,
    TEXT("value", FIELD_REQUIRED, "the setting's value"),
    TEXT("description", 0, "what it sets"),
    F_COMMON,
};

static const struct field impact_criterion_fields[] = {
    F_ID,
    TEXT("interest", FIELD_REQUIRED, "national security interest"),
    TEXT("name", FIELD_REQUIRED, "impact criterion"),
    {.name = "weight",
     .type = FIELD_REAL,
     .min = 0,
     .max = 1e6,
     .default_value = "1",
     .help = "weight in the aggregated impact"},
    F_COMMON,
};

static const struct field impact_class_fields[] = {
    F_ID,
    TEXT("label", FIELD_REQUIRED, "label"),
    REAL("score", 0, 1e12, FIELD_REQUIRED, "score of this class on one criterion"),
    REAL("aggregate_min", 0, 1e12, FIELD_REQUIRED,
         "lowest aggregated impact score that maps back to this class"),
    F_COMMON,
};

static const struct field framework_fields[] = {
    F_ID,
    TEXT("urn", FIELD_REQUIRED, "the framework's URN"),
    TEXT("ref_id", 0, "short reference"),
    TEXT("name", FIELD_REQUIRED, "name"),
    TEXT("description", 0, "description"),
    ENUM("language", model_languages, 0, "en",
         "the language of name and description (the library's locale)"),
    TRANSLATIONS("name_translations", "the name in other languages"),
    TRANSLATIONS("description_translations", "the description in other languages"),
    F_COMMON,
};

static const struct field requirement_fields[] = {
    F_ID,
    REF("framework", "frameworks", FIELD_REQUIRED, "the framework it belongs to"),
    REF("parent", "requirements", 0, "the requirement node it is part of"),
    TEXT("ref_id", 0, "reference, e.g. the article"),
    TEXT("name", 0, "name"),
    TEXT("description", 0, "what it requires"),
    BOOL("assessable", "false", "a requirement a measure can meet (not only a heading)"),
    INT("position", 0, 1e9, 0, "0", "order within the framework"),
    TEXT("annotation", 0, "guidance on the requirement"),
    TRANSLATIONS("name_translations", "the name in other languages"),
    TRANSLATIONS("description_translations", "the description in other languages"),
    TRANSLATIONS("annotation_translations", "the annotation in other languages"),
    F_COMMON,
};

static const struct field likelihood_class_fields[] = {
    F_ID,
    TEXT("label", FIELD_REQUIRED, "label"),
    REAL("p_min_5y", 0, 1, FIELD_REQUIRED, "lowest chance of occurring within five years"),
    REAL("p_max_5y", 0, 1, FIELD_REQUIRED, "highest chance of occurring within five years"),
    F_COMMON,
};

static const struct field threat_fields[] = {
    F_ID,
    TEXT("name", FIELD_REQUIRED, "name"),
    REF("theme", "threats", 0, "the broader threat theme it belongs to"),
    TEXT("description", 0, "description"),
    F_COMMON,
};

static const struct field process_fields[] = {
    F_ID,
    TEXT("name", FIELD_REQUIRED, "name"),
    REF("sector", "sectors", FIELD_REQUIRED, "sector"),
    REF("ministry", "organisations", FIELD_REQUIRED, "responsible ministry"),
    ENUM("category", categories, FIELD_REQUIRED, NULL, "vital category A, B or none"),
    INT("recovery_h", 0, HOURS_MAX, 0, "0", "hours to restart once every input is back"),
    INT("mtpd_h", 0, HOURS_MAX, 0, NULL,
        "maximum tolerable period of disruption (ISO 22301), overriding its category's default"),
    TEXT("mtpd_reason", 0, "why this process tolerates another downtime than its category's"),
    TEXT("description", 0, "description"),
    F_COMMON,
};

/* Issue 20 part 4, shared suppliers as nodes: a service is a supplier that
 * is not a vital process itself (a cloud platform, a software vendor, a
 * satellite positioning service, a fuel supplier). Dependencies name it in
 * `supplier_services`; in the cascade it is a node without inputs of its
 * own (domain/process_graph.h). Its id is unique among processes and
 * services together (the graph has one namespace; migration 14). */
static const struct field service_fields[] = {
    F_ID,
    TEXT("name", FIELD_REQUIRED, "name"),
    ENUM("kind", service_kinds, FIELD_REQUIRED, NULL,
         "cloud, software, satellite, fuel, telecom or other"),
    REF("provider", "organisations", 0, "the organisation that delivers it"),
    TEXT("description", 0, "description"),
    INT("recovery_h", 0, HOURS_MAX, 0, "0", "hours to restart once its outage is over"),
    F_COMMON,
};

static const struct field provider_link_fields[] = {
    F_ID,
    REF("provider", "organisations", FIELD_REQUIRED, "the providing organisation"),
    REF("process", "processes", FIELD_REQUIRED, "the vital process it provides"),
    ENUM("nis2_entity", nis2_entities, 0, "none", "NIS2 essential or important entity"),
    BOOL("cer_critical", "false", "critical entity under CER"),
    DATE("cer_identified", 0, "CER: the day the entity was identified as critical entity"),
    DATE("cer_notified", 0,
         "CER: the day the entity was notified of its identification (starts its clock)"),
    TEXT("description", 0, "what it provides"),
    F_COMMON,
};

static const struct field assessment_fields[] = {
    F_ID,
    REF("process", "processes", FIELD_REQUIRED, "the assessed process"),
    DATE("date", FIELD_REQUIRED, "date of the assessment"),
    TEXT("assessor", FIELD_REQUIRED, "who assessed"),
    {.name = "impacts",
     .type = FIELD_MAP,
     .ref_kind = "vitaal_criteria",
     .value_type = FIELD_REAL,
     .min = 0,
     .max = 1e18,
     .help = "impact estimate per vitaal criterion"},
    ENUM("category", categories, FIELD_REQUIRED, NULL, "resulting category"),
    TEXT("rationale", 0, "the assessor's own rationale (the engine's is engine_explanation)"),
    INT("cascade_outage_h", 0, HOURS_MAX, 0, NULL,
        "outage length the cascade criterion was computed for"),
    REFLIST("decided_by", "vitaal_criteria", 0,
            "the criteria whose thresholds decided the category"),
    TEXT("engine_explanation", 0, "the engine's explanation of the category (vitaal assess)"),
    REF("based_on", "assessments", 0, "the assessment whose estimates this one reused"),
    ENUM("status", analysis_statuses, 0, "draft",
         "draft, review or final (final only by another person's approval)"),
    F_APPROVAL,
    F_COMMON,
};

static const struct field event_fields[] = {
    F_ID,
    TEXT("name", FIELD_REQUIRED, "name"),
    DATE("occurred", FIELD_REQUIRED, "date"),
    TEXT("description", 0, "description"),
    REFLIST("processes", "processes", 0, "processes it calls a quickscan for"),
    F_COMMON,
};

static const struct field analysis_fields[] = {
    F_ID,
    REF("process", "processes", FIELD_REQUIRED, "the analysed process"),
    INT("cycle_year", 2000, 2100, FIELD_REQUIRED, NULL, "year of the cycle"),
    ENUM("kind", analysis_kinds, FIELD_REQUIRED, NULL, "regular or quickscan"),
    REF("event", "events", 0, "the event that triggered a quickscan"),
    ENUM("status", analysis_statuses, 0, "draft", "draft, review or final"),
    DATE("started", FIELD_REQUIRED, "start date"),
    DATE("finalised", 0, "date it became final"),
    TEXT("summary", 0, "summary"),
    {.name = "findings",
     .type = FIELD_MAP,
     .values = topics,
     .value_type = FIELD_TEXT,
     .help = "findings per topic"},
    F_APPROVAL,
    F_COMMON,
};

static const struct field risk_fields[] = {
    F_ID,
    REF("analysis", "analyses", FIELD_REQUIRED, "the analysis it belongs to"),
    REF("threat", "threats", FIELD_REQUIRED, "threat"),
    TEXT("scenario", FIELD_REQUIRED, "scenario"),
    ENUM("likelihood", classes, FIELD_REQUIRED, NULL, "likelihood class A-E"),
    {.name = "impacts",
     .type = FIELD_MAP,
     .ref_kind = "impact_criteria",
     .value_type = FIELD_ENUM,
     .value_values = classes,
     .help = "impact class A-E per impact criterion"},
    {.name = "resilience",
     .type = FIELD_MAP,
     .values = dimensions,
     .value_type = FIELD_INT,
     .min = 1,
     .max = 5,
     .help = "resilience 1 (weak) .. 5 (strong) per dimension"},
    /* Issue 20 part 1: the process's own failure in this scenario (fallback need) */
    INT("outage_h", 0, HOURS_MAX, 0, NULL, "hours the process itself is down in this scenario"),
    BOOL("own_systems", "false", "the scenario is a loss of the process's own digital systems"),
    REF("fallback", "fallback_options", 0,
        "the fallback option of the process that bridges this scenario"),
    F_COMMON,
};

/* Issue 10 part 5: a provider's input to the ministry's analysis is a
 * contribution, never the analysis itself; its proposed risks are decided
 * one by one by the ministry (domain/contribution.h). */
/* Issue 12 part 2, a request for information (uitvraag): the responsible
 * ministry or the coordinator asks providers of a process questions; each
 * provider's answer is a contribution with `request` set
 * (domain/request.h). */
static const struct field request_fields[] = {
    F_ID,
    TEXT("title", FIELD_REQUIRED, "title"),
    REF("process", "processes", FIELD_REQUIRED, "the vital process it is about"),
    REFLIST("to", "organisations", FIELD_NONEMPTY,
            "the providers asked (each a provider of the process)"),
    REF("analysis", "analyses", 0, "the ministry's analysis the answers feed"),
    REF("framework", "frameworks", 0, "a framework whose requirements are asked as questions"),
    DATE("due", FIELD_REQUIRED, "the day the answers are due"),
    TEXT("questions", 0, "the questions, one a line"),
    ENUM("status", request_statuses, 0, "open", "open (answers taken) or closed (by the sender)"),
    TEXT("sent_by", 0, "who sent it (set when it is sent)"),
    DATETIME("sent_at", 0, "when it was sent (set when it is sent)"),
    F_COMMON,
};

static const struct field contribution_fields[] = {
    F_ID,
    REF("analysis", "analyses", FIELD_REQUIRED, "the ministry's analysis it contributes to"),
    REF("provider", "organisations", FIELD_REQUIRED, "the contributing provider"),
    REF("request", "requests", 0,
        "the request for information it answers (one answer per provider per request)"),
    ENUM("status", contribution_statuses, 0, "draft",
         "draft, submitted (to the ministry) or processed (every proposed risk decided)"),
    TEXT("summary", 0, "summary"),
    {.name = "findings",
     .type = FIELD_MAP,
     .values = topics,
     .value_type = FIELD_TEXT,
     .help = "the provider's text per topic of the analysis"},
    TEXT("submitted_by", 0, "who submitted it (set on submission)"),
    DATETIME("submitted_at", 0, "when it was submitted (set on submission)"),
    F_COMMON,
};

static const struct field proposed_risk_fields[] = {
    F_ID,
    REF("contribution", "contributions", FIELD_REQUIRED, "the contribution that proposes it"),
    REF("threat", "threats", FIELD_REQUIRED, "threat"),
    TEXT("scenario", FIELD_REQUIRED, "scenario"),
    ENUM("likelihood", classes, FIELD_REQUIRED, NULL, "likelihood class A-E"),
    {.name = "impacts",
     .type = FIELD_MAP,
     .ref_kind = "impact_criteria",
     .value_type = FIELD_ENUM,
     .value_values = classes,
     .help = "impact class A-E per impact criterion"},
    {.name = "resilience",
     .type = FIELD_MAP,
     .values = dimensions,
     .value_type = FIELD_INT,
     .min = 1,
     .max = 5,
     .help = "resilience 1 (weak) .. 5 (strong) per dimension"},
    ENUM("decision", proposal_decisions, 0, "open",
         "open, adopted or declined (set by the ministry's decision)"),
    TEXT("reason", 0, "why it was declined, or the comment on adopting it (set by the decision)"),
    TEXT("decided_by", 0, "who decided (set by the decision)"),
    DATETIME("decided_at", 0, "when it was decided (set by the decision)"),
    REF("risk", "risks", 0, "the risk it became in the ministry's analysis (set on adoption)"),
    F_COMMON,
};

static const struct field fallback_option_fields[] = {
    F_ID,
    REF("process", "processes", FIELD_REQUIRED, "the process it keeps going"),
    ENUM("kind", fallback_kinds, FIELD_REQUIRED, NULL, "analogue, digital or alternative_supplier"),
    ENUM("needed", needed_values, 0, "unknown", "yes, no or unknown"),
    TEXT("need_rationale", 0, "why it is or is not needed"),
    BOOL("available", "false", "in place and usable"),
    INT("activation_h", 0, HOURS_MAX, 0, "0", "hours before it takes over"),
    INT("duration_h", 1, HOURS_MAX, FIELD_REQUIRED, NULL, "hours it can bridge"),
    INT("cost_eur", 0, 1e15, 0, NULL, "cost"),
    {.name = "proportionate",
     .type = FIELD_BOOL,
     .help = "judged proportionate (null: not judged)"},
    REF("alternative_measure", "measures", 0,
        "not proportionate: the mitigating measure chosen instead"),
    TEXT("description", 0, "description"),
    F_COMMON,
};

static const struct field dependency_fields[] = {
    F_ID,
    REF("process", "processes", FIELD_REQUIRED, "the process that needs the input"),
    REFLIST("suppliers", "processes", 0,
            "processes that can each supply it (with supplier_services: at least one)"),
    REFLIST("supplier_services", "services", 0,
            "services (not vital processes) that can each supply it, alternatives to suppliers"),
    INT("buffer_h", 0, HOURS_MAX, 0, "0", "hours the process bridges a loss by itself"),
    REF("fallback", "fallback_options", 0, "the fallback option that bridges a loss"),
    TEXT("description", 0, "description"),
    F_COMMON,
};

static const struct field measure_fields[] = {
    F_ID,
    TEXT("name", FIELD_REQUIRED, "name"),
    ENUM("kind", measure_kinds, FIELD_REQUIRED, NULL,
         "redundancy, stockpile, alternative_method, regulation or other"),
    ENUM("scope", measure_scopes, FIELD_REQUIRED, NULL, "sectoral or cross_sectoral"),
    REFLIST("processes", "processes", 0, "processes it protects"),
    REFLIST("risks", "risks", 0, "risks it addresses"),
    DATE("due", 0, "due date"),
    ENUM("status", measure_statuses, 0, "proposed",
         "proposed, planned, in_progress, done or cancelled"),
    TEXT("expected_effect", 0, "expected effect"),
    INT("cost_eur", 0, 1e15, 0, NULL, "cost"),
    ENUM("effect", measure_effects, 0, "none",
         "what-if effect: add_supplier, add_buffer, add_fallback, likelihood, impact or none"),
    REF("effect_dependency", "dependencies", 0, "the dependency a graph effect changes"),
    REF("effect_supplier", "processes", 0, "add_supplier: the extra supplier"),
    INT("effect_hours", 0, HOURS_MAX, 0, NULL, "add_buffer: extra buffer hours"),
    INT("effect_activation_h", 0, HOURS_MAX, 0, NULL, "add_fallback: hours before it takes over"),
    INT("effect_duration_h", 1, HOURS_MAX, 0, NULL, "add_fallback: hours it bridges"),
    REF("effect_risk", "risks", 0, "likelihood/impact: the risk it changes"),
    REF("effect_criterion", "impact_criteria", 0, "impact: the criterion whose class changes"),
    ENUM("effect_class", classes, 0, NULL, "likelihood/impact: the class after the measure"),
    INT("review_interval_months", 1, 1200, 0, "12", "a review is due this often"),
    REFLIST("requirements", "requirements", 0, "CER/NIS2 requirements it helps meet"),
    F_COMMON,
};

static const struct field review_fields[] = {
    F_ID,
    REF("measure", "measures", FIELD_REQUIRED, "the reviewed measure"),
    DATE("date", FIELD_REQUIRED, "date"),
    ENUM("method", review_methods, FIELD_REQUIRED, NULL, "exercise, test, audit or incident"),
    ENUM("result", review_results, FIELD_REQUIRED, NULL,
         "effective, partly_effective, ineffective or inconclusive"),
    TEXT("findings", 0, "what was found"),
    TEXT("adjustment", 0, "how the measure is adjusted"),
    DATE("follow_up", 0, "when the adjustment is followed up (needed when not effective)"),
    ENUM("status", analysis_statuses, 0, "draft",
         "draft, review or final (final only by another person's approval)"),
    F_APPROVAL,
    F_COMMON,
};

static const struct field incident_fields[] = {
    F_ID,
    REF("process", "processes", FIELD_REQUIRED, "the disrupted process"),
    REF("provider", "organisations", 0, "the provider that reports it"),
    TEXT("title", FIELD_REQUIRED, "title"),
    DATETIME("detected_at", FIELD_REQUIRED, "when it was detected"),
    BOOL("significant", "false", "significant incident (notifiable)"),
    DATETIME("early_warning_at", 0, "when the early warning was sent"),
    DATETIME("notification_at", 0, "when the notification was sent"),
    DATETIME("final_report_at", 0, "when the final report was sent"),
    TEXT("description", 0, "description"),
    F_COMMON,
};

/* Issue 12 part 6, compliance per entity: a provider's own assessment of
 * one requirement (domain/compliance.h), and a campaign that sends a
 * framework to chosen providers as a questionnaire. */
static const struct field requirement_assessment_fields[] = {
    F_ID,
    REF("provider", "organisations", FIELD_REQUIRED, "the assessed provider (entity)"),
    REF("requirement", "requirements", FIELD_REQUIRED, "the assessed requirement"),
    ENUM("result", requirement_results, 0, "not_assessed",
         "compliant, partially_compliant, non_compliant, not_applicable or not_assessed"),
    TEXT("remarks", 0, "the assessor's remarks"),
    TEXT("assessor", 0, "who assessed (set on writing)"),
    DATE("date", 0, "the day it was assessed (set on writing)"),
    F_COMMON,
};

static const struct field campaign_fields[] = {
    F_ID,
    TEXT("title", FIELD_REQUIRED, "title"),
    REF("framework", "frameworks", FIELD_REQUIRED, "the framework sent as a questionnaire"),
    REFLIST("to", "organisations", FIELD_REQUIRED | FIELD_NONEMPTY, "the providers it is sent to"),
    DATE("due", 0, "when the answers are due"),
    ENUM("status", campaign_statuses, 0, "open", "open or closed"),
    F_COMMON,
};

#define KIND(var, id, n, s, f, label, cat)                                                         \
    static const struct kind var = {id, n, s, f, N(f), label, cat}

/* Issue 16 part 4, the IIM on the database: an interdependency table (an
 * input-output table aggregated to a few sectors, or its A* matrix) with
 * its source and year, and the map from the vitaal sectors to its sectors
 * through which a cascade's down-hours become the IIM's perturbation
 * (domain/iim_table.h). The table itself (data) is the document `vitaal iim`
 * reads, without c_star or dynamic: {"sectors", "io_table"} or {"sectors",
 * "a_star"}, checked on every write. */
static const struct field iim_table_fields[] = {
    F_ID,
    TEXT("name", FIELD_REQUIRED, "name"),
    TEXT("source", FIELD_REQUIRED,
         "where the numbers come from: the publication, or what illustrative numbers rest on"),
    INT("year", 1950, 2100, FIELD_REQUIRED, NULL, "the year the table describes"),
    TEXT("unit", 0, "the unit of transactions and output (\"mln euro, basic prices\")"),
    BOOL("illustrative", "false",
         "the numbers are illustrative, not a publication's (source says what they rest on)"),
    TEXT("data", FIELD_REQUIRED,
         "the table as JSON: {\"sectors\", \"io_table\": {\"transactions\", \"output\"}} or "
         "{\"sectors\", \"a_star\"}"),
    {.name = "sector_map",
     .type = FIELD_MAP,
     .ref_kind = "sectors",
     .value_type = FIELD_TEXT,
     .help = "the table's sector (a name in data.sectors) of each vitaal sector whose "
             "processes a cascade maps onto it"},
    F_COMMON,
};

KIND(kind_organisations, KIND_ORGANISATION, "organisations", "organisation", organisation_fields,
     "name", 1);
KIND(kind_sectors, KIND_SECTOR, "sectors", "sector", sector_fields, "name", 1);
KIND(kind_vitaal_criteria, KIND_VITAAL_CRITERION, "vitaal_criteria", "vitaal_criterion",
     vitaal_criterion_fields, "unit", 1);
KIND(kind_settings, KIND_SETTING, "settings", "setting", setting_fields, "value", 1);
KIND(kind_impact_classes, KIND_IMPACT_CLASS, "impact_classes", "impact_class", impact_class_fields,
     "label", 1);
KIND(kind_frameworks, KIND_FRAMEWORK, "frameworks", "framework", framework_fields, "name", 0);
KIND(kind_requirements, KIND_REQUIREMENT, "requirements", "requirement", requirement_fields, "name",
     0);
KIND(kind_impact_criteria, KIND_IMPACT_CRITERION, "impact_criteria", "impact_criterion",
     impact_criterion_fields, "name", 1);
KIND(kind_likelihood_classes, KIND_LIKELIHOOD_CLASS, "likelihood_classes", "likelihood_class",
     likelihood_class_fields, "label", 1);
KIND(kind_threats, KIND_THREAT, "threats", "threat", threat_fields, "name", 1);
KIND(kind_processes, KIND_PROCESS, "processes", "process", process_fields, "name", 1);
KIND(kind_services, KIND_SERVICE, "services", "service", service_fields, "name", 0);
KIND(kind_provider_links, KIND_PROVIDER_LINK, "provider_links", "provider_link",
     provider_link_fields, NULL, 0);
KIND(kind_assessments, KIND_ASSESSMENT, "assessments", "assessment", assessment_fields, NULL, 0);
KIND(kind_events, KIND_EVENT, "events", "event", event_fields, "name", 0);
KIND(kind_analyses, KIND_ANALYSIS, "analyses", "analysis", analysis_fields, NULL, 0);
KIND(kind_risks, KIND_RISK, "risks", "risk", risk_fields, "scenario", 0);
KIND(kind_requests, KIND_REQUEST, "requests", "request", request_fields, "title", 0);
KIND(kind_contributions, KIND_CONTRIBUTION, "contributions", "contribution", contribution_fields,
     "summary", 0);
KIND(kind_proposed_risks, KIND_PROPOSED_RISK, "proposed_risks", "proposed_risk",
     proposed_risk_fields, "scenario", 0);
KIND(kind_fallback_options, KIND_FALLBACK_OPTION, "fallback_options", "fallback_option",
     fallback_option_fields, "description", 0);
KIND(kind_dependencies, KIND_DEPENDENCY, "dependencies", "dependency", dependency_fields,
     "description", 0);
KIND(kind_measures, KIND_MEASURE, "measures", "measure", measure_fields, "name", 0);
KIND(kind_reviews, KIND_REVIEW, "reviews", "review", review_fields, NULL, 0);
KIND(kind_incidents, KIND_INCIDENT, "incidents", "incident", incident_fields, "title", 0);
KIND(kind_requirement_assessments, KIND_REQUIREMENT_ASSESSMENT, "requirement_assessments",
     "requirement_assessment", requirement_assessment_fields, NULL, 0);
KIND(kind_campaigns, KIND_CAMPAIGN, "campaigns", "campaign", campaign_fields, "title", 0);
KIND(kind_iim_tables, KIND_IIM_TABLE, "iim_tables", "iim_table", iim_table_fields, "name", 0);

const struct kind *const model_kinds[] = {
    [KIND_ORGANISATION] = &kind_organisations,
    [KIND_SETTING] = &kind_settings,
    [KIND_SECTOR] = &kind_sectors,
    [KIND_VITAAL_CRITERION] = &kind_vitaal_criteria,
    [KIND_IMPACT_CRITERION] = &kind_impact_criteria,
    [KIND_IMPACT_CLASS] = &kind_impact_classes,
    [KIND_LIKELIHOOD_CLASS] = &kind_likelihood_classes,
    [KIND_THREAT] = &kind_threats,
    [KIND_FRAMEWORK] = &kind_frameworks,
    [KIND_REQUIREMENT] = &kind_requirements,
    [KIND_PROCESS] = &kind_processes,
    [KIND_SERVICE] = &kind_services,
    [KIND_PROVIDER_LINK] = &kind_provider_links,
    [KIND_ASSESSMENT] = &kind_assessments,
    [KIND_EVENT] = &kind_events,
    [KIND_ANALYSIS] = &kind_analyses,
    [KIND_RISK] = &kind_risks,
    [KIND_REQUEST] = &kind_requests,
    [KIND_CONTRIBUTION] = &kind_contributions,
    [KIND_PROPOSED_RISK] = &kind_proposed_risks,
    [KIND_FALLBACK_OPTION] = &kind_fallback_options,
    [KIND_DEPENDENCY] = &kind_dependencies,
    [KIND_MEASURE] = &kind_measures,
    [KIND_REVIEW] = &kind_reviews,
    [KIND_INCIDENT] = &kind_incidents,
    [KIND_REQUIREMENT_ASSESSMENT] = &kind_requirement_assessments,
    [KIND_CAMPAIGN] = &kind_campaigns,
    [KIND_IIM_TABLE] = &kind_iim_tables,
};
const size_t model_kind_count = N(model_kinds);
_Static_assert(N(model_kinds) == KIND__COUNT, "model_kinds[] has one entry per enum kind_id");

const struct kind *model_kind(enum kind_id id)
{
    assert(id < KIND__COUNT && model_kinds[id]->id == id);
    return model_kinds[id];
}

const struct kind *model_kind_find(const char *name)
{
    size_t i;
    for (i = 0; i < model_kind_count; i++) {
        if (strcmp(model_kinds[i]->name, name) == 0 || strcmp(model_kinds[i]->singular, name) == 0)
            return model_kinds[i];
    }
    return NULL;
}

const struct field *model_field_find(const struct kind *k, const char *name)
{
    size_t i;
    for (i = 0; i < k->n_fields; i++) {
        if (strcmp(k->fields[i].name, name) == 0)
            return &k->fields[i];
    }
    return NULL;
}

int model_value_index(const char *const *values, const char *value)
{
    int i;
    for (i = 0; values && values[i]; i++) {
        if (strcmp(values[i], value) == 0)
            return i;
    }
    return -1;
}

const char *model_child_table(const struct kind *k, const struct field *f, char *buf, size_t size)
{
    snprintf(buf, size, "%s_%s", k->name, f->name);
    return buf;
}
