/*
 * risk_score.h — risk scoring by the national risk method and the risk
 * diagram (see docs/method.md, "Risk scoring and toetsing").
 *
 * Per risk: its likelihood class, its impact class per criterion (grouped by
 * national security interest), the aggregated impact = the sum over the
 * scored criteria of weight(criterion) x score(class), mapped back to the
 * highest class whose aggregate_min the sum reaches. The diagram counts risks
 * per likelihood x aggregated impact class, per process (the risks of its
 * current analysis), per sector and nationally; beside it resilience per
 * dimension and findings per topic. Residual risk (the same after the effects
 * of measures judged effective) is filled in by toetsing_apply_residual
 * (domain/toetsing.h); until then it equals the inherent risk.
 *
 * The class letters (A..E), resilience dimensions and topics come from the
 * data model (store/model.c); scores, thresholds and weights from the
 * database. Reads only. A picture owns an arena (base/arena.h, unbounded)
 * that holds all its memory, its tables' included: risk_picture_release
 * frees it at once, also after a failed compute, and on a zeroed or
 * released picture.
 */
#ifndef VITAAL_DOMAIN_RISK_SCORE_H
#define VITAAL_DOMAIN_RISK_SCORE_H

#include "base/arena.h"
#include "base/error.h"
#include "domain/service.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define RISK_CLASSES_MAX    8 /* room for the model's class letters */
#define RISK_DIMENSIONS_MAX 8 /* room for the model's resilience dimensions */
#define RISK_TOPICS_MAX     8 /* room for the model's finding topics */

struct risk_class {
    int present;            /* impact_classes has a row for it */
    char *label;            /* impact label; NULL without a row */
    double score;           /* score of this class on one criterion */
    double aggregate_min;   /* lowest aggregated impact that maps to this class */
    char *likelihood_label; /* from likelihood_classes; NULL without a row */
};

struct risk_criterion {
    char *id;
    char *interest; /* national security interest */
    char *name;
    double weight;
};

struct risk_tables {
    const char *const *classes; /* "A".."E", lowest first (the model's values) */
    size_t n_classes;
    struct risk_class rows[RISK_CLASSES_MAX];
    struct risk_criterion *criteria; /* in id order */
    size_t n_criteria;
    const char *const *dimensions; /* resilience dimensions (the model's values) */
    size_t n_dimensions;
    const char *const *topics; /* finding topics (the model's values) */
    size_t n_topics;
};

/* Reads impact_classes, likelihood_classes and impact_criteria; the labels
 * and criteria are allocated from a (an unbounded arena: released with it,
 * also after a failure). ERR_INVALID with a message naming the row when
 * impact_classes is empty, a row's id is not a class letter of the model, or
 * aggregate_min falls as the class rises; the same for a likelihood_classes
 * row with a wrong id. */
int risk_tables_load(struct store *s, struct arena *a, struct risk_tables *out, struct error *e);
int risk_tables_class(const struct risk_tables *t, const char *id);     /* index or -1 */
int risk_tables_criterion(const struct risk_tables *t, const char *id); /* index or -1 */

/* The aggregated impact of impacts[0..n_criteria) (class index per
 * criterion, -1 where not scored): *sum = sum of weight x score; *klass =
 * the highest class whose aggregate_min the sum reaches (the lowest class
 * with a row when it reaches none), or -1 when no criterion is scored.
 * ERR_INVALID when a scored class has no row in impact_classes. */
int risk_score_aggregate(const struct risk_tables *t, const int *impacts, double *sum, int *klass,
                         struct error *e);

struct risk_entry {
    char *id;
    char *analysis;
    char *process;
    char *threat;
    char *scenario;
    int likelihood;   /* class index */
    int *impacts;     /* per criterion (tables order): class index, -1 = not scored */
    double aggregate; /* weighted sum */
    int impact_class; /* aggregated class index; -1: no impact scored, not in the diagram */
    int resilience[RISK_DIMENSIONS_MAX]; /* 1..5, 0 = not scored */
    /* Residual risk: equal to the inherent values unless a measure applies
     * (domain/toetsing.h, which allocates measures from the picture's arena). */
    int residual_likelihood;
    int *residual_impacts;
    double residual_aggregate;
    int residual_impact_class;
    char **measures; /* the measures judged effective whose effect was applied */
    size_t n_measures;
};

struct risk_finding {
    char *analysis;
    int topic; /* index into tables.topics */
    char *text;
};

struct risk_process {
    char *id;
    char *name;
    char *sector;
    char *analysis; /* the base analysis; NULL when the process has none */
    char analysis_kind[16];
    char analysis_status[16];
    char analysis_date[11]; /* finalised when final, else started */
    char **quickscans;      /* later final quickscans whose risks are added */
    size_t n_quickscans;
    struct risk_finding *findings; /* base analysis first, then the quickscans */
    size_t n_findings;
    size_t first_risk, n_risks; /* its risks in picture.risks */
};

struct risk_sector {
    char *id;
    char *name;
    size_t n_processes;
    size_t n_analysed; /* processes with an analysis */
};

struct risk_query {
    const char *process; /* one process, or */
    const char *sector;  /* the processes of a sector (and of sectors under it), or nationally */
};

struct risk_picture {
    struct arena arena; /* holds everything below (and the measures toetsing adds) */
    struct risk_tables tables;
    char scope[16]; /* "national", "sector" or "process" */
    char *scope_id; /* NULL nationally */
    char *scope_name;
    int residual;                   /* residual values filled in by toetsing_apply_residual */
    char today[11];                 /* the day the reviews were counted to, "" before */
    struct risk_process *processes; /* in id order */
    size_t n_processes;
    struct risk_entry *risks; /* by process; per process by analysis (base first), then id */
    size_t n_risks;
    struct risk_sector *sectors; /* the sectors of those processes, in id order */
    size_t n_sectors;
    /* the common causes among the services (domain/service.h), borrowed;
     * NULL: not asked. Set by the caller (vitaal risks, the API), not by
     * risk_picture_compute, and not released with the picture. */
    const struct service_common_causes *common;
};

/* The picture for the query. An unknown process or sector is ERR_NOTFOUND. */
int risk_picture_compute(struct store *s, const struct risk_query *q, struct risk_picture *out,
                         struct error *e);
void risk_picture_release(struct risk_picture *p);

/* The risk diagram: cells[likelihood][impact class] counts risks. */
struct risk_grid {
    size_t cells[RISK_CLASSES_MAX][RISK_CLASSES_MAX];
    size_t n_risks;    /* in the diagram */
    size_t n_unscored; /* without impact scored: not in the diagram */
};

/* Resilience per dimension over risks that score it. */
struct risk_resilience {
    size_t n[RISK_DIMENSIONS_MAX];
    double mean[RISK_DIMENSIONS_MAX];
    int min[RISK_DIMENSIONS_MAX]; /* 0 when n is 0 */
};

/* Whether risk i of the picture belongs to process (NULL: any) in sector
 * (NULL: any). */
int risk_picture_selects(const struct risk_picture *p, size_t i, const char *sector,
                         const char *process);
void risk_picture_grid(const struct risk_picture *p, const char *sector, const char *process,
                       int residual, struct risk_grid *out);
void risk_picture_resilience(const struct risk_picture *p, const char *sector, const char *process,
                             struct risk_resilience *out);
/* Whether the picture lists common cause c: nationally every one; for a
 * sector or a process those that take down one of its processes. */
int risk_picture_shows_cause(const struct risk_picture *p, const struct service_common_cause *c);
/* counts[t]: processes of the sector (NULL: all) with a finding on topic t. */
void risk_picture_findings(const struct risk_picture *p, const char *sector,
                           size_t counts[RISK_TOPICS_MAX]);
/* 1 when process pi has a finding on topic t. */
int risk_process_has_finding(const struct risk_process *proc, int topic);

#endif
