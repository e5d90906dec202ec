/*
 * assess.h — the vitaalbeoordeling (issue 4, item 1; issue 10, items 6 and
 * 7): decides a process's category A, B or none from the impact estimates
 * of an assessment and the cascade criterion, which the engine computes
 * over the stored graph, and records the outcome as a NEW dated assessment.
 * An assessment once written is never rewritten here: the one the estimates
 * came from stays as it was, with its analyst's rationale.
 *
 * The rule (docs/method.md): category A when any estimate meets its
 * criterion's A threshold, else B when any meets its B threshold, else none.
 * "Meets" is the criterion's comparator: more than (strictly greater) or at
 * least. A criterion without a threshold for a category does not count for
 * it, an estimate that is absent does not count at all. The cascade
 * criterion counts the other sectors (setting assess_cascade_unit) in which
 * at least one vital process is down at least assess_cascade_min_down_h
 * hours within the horizon when the process fails alone. Thresholds,
 * comparators and settings are records, never constants here.
 */
#ifndef VITAAL_DOMAIN_ASSESS_H
#define VITAAL_DOMAIN_ASSESS_H

#include "base/arena.h"
#include "base/error.h"
#include "domain/import.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/* The vitaal criterion whose estimate the engine computes. */
#define ASSESS_CASCADE_CRITERION "cascade"
#define ASSESS_ID_MAX            129

enum assess_category { ASSESS_NONE = 0, ASSESS_B = 1, ASSESS_A = 2 };
enum assess_comparator { ASSESS_MORE_THAN = 0, ASSESS_AT_LEAST = 1 };
/* What the cascade criterion counts: other sectors, or other processes. */
enum assess_unit { ASSESS_UNIT_SECTORS = 0, ASSESS_UNIT_PROCESSES = 1 };

/* One vitaal criterion with the assessment's estimate for it. */
struct assess_criterion {
    char id[ASSESS_ID_MAX];
    char unit[128];
    int has_value; /* the assessment has an estimate */
    double value;
    int has_a; /* a category A threshold is set */
    double a_above;
    int a_verified; /* the A threshold is verified against a primary source */
    int has_b;
    double b_above;
    int b_verified;
    enum assess_comparator comparator;
};

/* Whether c's estimate meets its threshold of category cat (A or B): 0 when
 * there is no estimate or no such threshold. */
int assess_meets(const struct assess_criterion *c, enum assess_category cat);

/* The highest category whose threshold c's estimate meets: "A", "B" or NULL. */
const char *assess_meets_name(const struct assess_criterion *c);

/* The decision on its own (pure): the category, and in decided (room for n)
 * the indexes of the criteria whose estimate meets the threshold of that
 * category, in criteria order; *n_decided is 0 for category none. */
enum assess_category assess_decide(const struct assess_criterion *criteria, size_t n,
                                   size_t *decided, size_t *n_decided);

/* "A", "B" or "none", as stored. */
const char *assess_category_name(enum assess_category c);
/* "more_than" / "at_least"; "sectors" / "processes": as stored. */
const char *assess_comparator_name(enum assess_comparator c);
const char *assess_unit_name(enum assess_unit u);

/* One process in the cascade of a failure, as assess_count_cascade sees it. */
struct assess_down {
    const char *process;
    const char *sector;
    int vital;      /* category A or B */
    int32_t down_h; /* hours down within the horizon */
};

/* The cascade count (pure): the vital processes of down[0..n) other than
 * process that are down at least min_down_h hours — and, for unit sectors,
 * lie outside the failing process's own sector — count; the result is their
 * number (processes) or the number of distinct sectors they lie in
 * (sectors). counts[i] (room for n) says whether down[i] counts. */
uint32_t assess_count_cascade(const struct assess_down *down, size_t n, const char *process,
                              const char *sector, enum assess_unit unit, int32_t min_down_h,
                              unsigned char *counts);

/* Which assessment is a process's latest: the later date, on the same date
 * the later id in natural order ("-10" after "-9"). Returns < 0, 0 or > 0
 * like strcmp for a and b. */
int assess_compare(const json_t *a, const json_t *b);

/* Asked for every assessment assess_latest considers: 0 when it may be
 * used, ERR_NOTFOUND when it is to be passed over (hidden from the user),
 * another negative code to stop with that error. Must not keep record. */
typedef int (*assess_visible_fn)(void *ctx, const json_t *record, struct error *e);

/* The latest final (approved) assessment of process (assess_compare)
 * among those visible accepts (NULL: all), into *out (the caller's reference; NULL when the
 * process has none). The one place that decides which assessment is the
 * latest, for the CLI and the API alike. */
int assess_latest(struct store *s, const char *process, assess_visible_fn visible, void *ctx,
                  json_t **out, struct error *e);

struct assess_options {
    const char *process;    /* required */
    const char *assessment; /* the estimates' assessment; NULL: the process's latest */
    int32_t outage_h;       /* < 0: setting assess_outage_h */
    int dry_run;            /* decide and explain, write nothing */
    /* New estimates instead of an assessment's (an object of criterion id
     * to number; the cascade is computed): then assessment is ignored and
     * the new assessment is owned by the process's ministry. */
    const json_t *impacts;
    /* The new assessment (unless dry_run). */
    const char *id;             /* NULL: as-PROCESS-DATE, -2, -3, ... on the same day */
    const char *date;           /* NULL: today */
    const char *assessor;       /* required unless dry_run */
    const char *rationale;      /* the analyst's own; NULL: none */
    const char *classification; /* NULL: the assessment's, else internal */
    /* Who writes the new assessment (required unless dry_run). */
    const struct store_change *change;
    /* Called inside the write transaction right after the new assessment
     * is written (authorisation, audit; it is always new); NULL: none. */
    const struct import_hook *hook;
};

struct assess_result {
    struct arena arena; /* holds the lists and texts below */
    char process[ASSESS_ID_MAX];
    char process_name[256];
    char process_sector[ASSESS_ID_MAX];
    char process_category[8];       /* the process record's current category */
    char assessment[ASSESS_ID_MAX]; /* whose estimates; "" for new estimates */
    char assessment_date[16];
    char previous_category[8]; /* that assessment's category; "" for new estimates */
    int32_t outage_h, horizon_h, min_down_h;
    enum assess_unit unit;
    uint32_t cascade;   /* the count the cascade criterion uses, in unit */
    char **cascade_ids; /* the other vital processes that count, by first hour down
                           then id */
    size_t n_cascade_ids;
    char **cascade_sectors;            /* unit sectors: the sectors counted, in that order */
    int has_cascade_criterion;         /* vitaal_criteria holds ASSESS_CASCADE_CRITERION */
    struct assess_criterion *criteria; /* every vitaal criterion, in id order */
    size_t n_criteria;
    size_t *decided_by; /* indexes into criteria */
    size_t n_decided_by;
    enum assess_category category;
    char *explanation;            /* the engine's paragraph (engine_explanation) */
    int written;                  /* a new assessment was written: */
    char recorded[ASSESS_ID_MAX]; /* its id */
    char recorded_date[16];
};

/* Runs the vitaalbeoordeling for o->process. Unknown process or assessment,
 * or a process without assessments (and no o->impacts): ERR_NOTFOUND; an
 * assessment of another process: ERR_INVALID; no vitaal_criteria:
 * ERR_NOTFOUND; a bad setting: ERR_INVALID naming it. Unless dry_run, a
 * new assessment (category, decided_by, impacts with the computed cascade,
 * cascade_outage_h, engine_explanation, based_on, the analyst's rationale)
 * is validated and written in one transaction with the reads, in status
 * review: it counts once another person approves it (approval.h); an id that
 * is taken is ERR_CONFLICT. *out owns an arena (base/arena.h, unbounded)
 * with all its memory: assess_result_release frees it at once, also after a
 * failure, and on a zeroed or released result. */
int assess_run(struct store *s, const struct assess_options *o, struct assess_result *out,
               struct error *e);
void assess_result_release(struct assess_result *r);

/* The engine's explanation of r (assess_explain.c): one paragraph ending
 * with the thresholds not yet verified against a primary source. Owned by
 * the caller. */
char *assess_explain(const struct assess_result *r);

/* Formats an estimate for people: up to 6 digits as they are ("2000",
 * "5.5"), larger as "6.0e10". buf needs 32 bytes. */
const char *assess_format_number(double v, char buf[32]);

#endif
