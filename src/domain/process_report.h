/*
 * process_report.h — everything the per-process report (issue 11, item 4)
 * shows of one vital process, gathered under need-to-know: the process and
 * its latest final vitaalbeoordeling with its reasons and the earlier ones,
 * its inputs and the processes that depend on it, the cascade of its own
 * failure hour by hour, the risks of its analyses scored by the national
 * method (with residual risk), its fallback need, the measures protecting
 * it with their reviews and follow-up, and the history of approvals of its
 * analyses, assessments and reviews.
 *
 * Nothing is decided here: each figure comes from the module that owns its
 * rule (assess_latest, risk_picture_compute with toetsing_apply_residual,
 * fallback_need_compute, toetsing_compute, process_graph_build with
 * cascade_run, store_history_each). This module only selects what belongs
 * to the process and what the reader may read: every record shown is first
 * put to the caller's visible callback, and the highest classification
 * among those shown becomes the report's marking.
 *
 * Reads only. The report owns an arena (base/arena.h, unbounded) with its
 * memory and its json values (released through arena_defer); the risk
 * picture, fallback need and toetsing report in it own theirs.
 * process_report_release frees it all, also after a failed gather, and on
 * a zeroed or released report.
 */
#ifndef VITAAL_DOMAIN_PROCESS_REPORT_H
#define VITAAL_DOMAIN_PROCESS_REPORT_H

#include "base/arena.h"
#include "base/error.h"
#include "domain/fallback_need.h"
#include "domain/risk_score.h"
#include "domain/toetsing.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Asked for every record before the report shows it (the record as
 * stored, or a past version of it for the approval history): 0 when it may
 * be shown, ERR_NOTFOUND when it is to be left out, another negative code
 * to stop with that error. NULL: everything is shown (the CLI). The API
 * notes the classified ones for the audit here. */
typedef int (*process_report_visible_fn)(void *ctx, const struct kind *k, const json_t *record,
                                         struct error *e);

struct process_report_options {
    const char *process;               /* required */
    int64_t today;                     /* the day reviews and follow-up are counted to */
    process_report_visible_fn visible; /* NULL: all */
    void *ctx;
    /* As of a past day, s is a snapshot (domain/asof.h), which keeps no
     * history: the approvals are then read from history (the live
     * database), leaving out versions made after until (UTC time). NULL:
     * s and no limit. */
    struct store *history;
    const char *until;
};

/* A process down in the cascade of the process's failure (itself excluded). */
struct process_report_down {
    char *id;
    char *name;
    char *sector; /* the sector's name */
    int own_sector;
    int32_t first_down_h;
    int32_t down_h;
};

/* A measure protecting the process, with its review state. */
struct process_report_measure {
    json_t *record;
    const struct toetsing_measure *state; /* into the report's toetsing; never NULL */
    json_t *reviews;                      /* its visible reviews, by date then id */
};

enum process_report_step {
    PROCESS_REPORT_SUBMITTED, /* sent for review */
    PROCESS_REPORT_APPROVED,  /* made final by another person's approval (approved_by) */
    PROCESS_REPORT_REJECTED,  /* sent back to draft, with a reason */
    PROCESS_REPORT_RECORDED   /* final without an approver: entered as final, or final
                                 before four eyes */
};

/* One step in the four-eyes history of an analysis, assessment or review. */
struct process_report_approval {
    const struct kind *kind;
    char *id;
    int64_t version;
    enum process_report_step step;
    char *at;      /* UTC time, of the approval when known, else of the version */
    char *who;     /* the approver, or who made the version */
    char *comment; /* the approval comment or the rejection; NULL when none */
};

struct process_report {
    struct arena arena;      /* the memory below and the json values */
    json_t *process;         /* the record */
    char *sector_name;       /* the sector's name (its id when hidden) */
    char *ministry_name;     /* the ministry's name (its id when hidden) */
    char classification[16]; /* the highest classification among the records shown */
    char tlp[16];            /* the most restrictive TLP marking among them (domain/sharing.h) */

    json_t *names; /* process id -> name, for every process the reader may see */

    /* the vitaalbeoordeling */
    json_t *latest;      /* the latest final assessment shown (assess_latest), or NULL */
    json_t *assessments; /* every assessment shown, newest first (assess_compare) */
    json_t *criteria;    /* vitaal criterion id -> unit, for the reasons */

    /* dependencies */
    json_t *inputs;     /* its dependencies shown, in id order */
    json_t *dependents; /* dependencies shown that name it as a supplier, in id order */
    json_t *fallbacks;  /* its fallback options shown, in id order */

    /* the cascade of its own failure (outage_h hours, horizon_h hours) */
    int32_t outage_h, horizon_h;
    uint32_t *down_own;   /* per hour: processes down in its own sector, itself included */
    uint32_t *down_other; /* per hour: processes down in other sectors */
    struct process_report_down *down; /* by first hour down, then id */
    size_t n_down;
    size_t n_sectors_hit; /* other sectors with a process down */

    /* risks: the picture of its current analysis with residual risk, and
     * the analyses shown (base first, then the quickscans) */
    struct risk_picture picture; /* full, owns the memory */
    struct risk_picture shown;   /* borrows from picture: only the risks shown (its
                                    arrays on the report's arena, its own arena empty) */
    json_t *analyses;            /* the analysis records shown, base first */
    json_t *threats;             /* threat id -> name */

    /* fallback need (inputs shown only) */
    struct fallback_need_report fallback;
    unsigned char *fallback_input_shown; /* per input of fallback.processes[0] */

    /* measures and their reviews */
    struct toetsing_report toetsing;
    struct process_report_measure *measures; /* in id order */
    size_t n_measures;

    /* the history of approvals, oldest first */
    struct process_report_approval *approvals;
    size_t n_approvals;
};

/* Gathers the report of o->process. An unknown process, or one the reader
 * may not see, is ERR_NOTFOUND naming it. *out is released with
 * process_report_release, also after a failure. */
int process_report_gather(struct store *s, const struct process_report_options *o,
                          struct process_report *out, struct error *e);
void process_report_release(struct process_report *r);

/* The name of process id as the reader may see it, else NULL. */
const char *process_report_name(const struct process_report *r, const char *id);

/* "public", "internal", "confidential", "secret": the higher of a and b. */
const char *process_report_higher(const char *a, const char *b);

#endif
