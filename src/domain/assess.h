/*
 * assess.h — the vitaalbeoordeling (issue 4, item 1): decides a process's
 * category A, B or none from the impact estimates of an assessment and the
 * cascade criterion, which the engine computes over the stored graph, and
 * records the outcome in that assessment.
 *
 * The rule (docs/method.md): category A when any estimate exceeds (strictly
 * greater than) its criterion's category_a_above, else B when any exceeds its
 * category_b_above, else none; a criterion without a threshold for a category
 * does not count for it, an estimate that is absent does not count at all.
 * The thresholds are the vitaal_criteria records, never constants here.
 */
#ifndef VITAAL_DOMAIN_ASSESS_H
#define VITAAL_DOMAIN_ASSESS_H

#include "base/error.h"
#include "domain/import.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/* The vitaal criterion whose estimate the engine computes: the number of
 * other vital processes a failure takes down. */
#define ASSESS_CASCADE_CRITERION "cascade"
#define ASSESS_ID_MAX            129

enum assess_category { ASSESS_NONE = 0, ASSESS_B = 1, ASSESS_A = 2 };

/* One vitaal criterion with the assessment's estimate for it. */
struct assess_criterion {
    char id[ASSESS_ID_MAX];
    char unit[128];
    int has_value; /* the assessment has an estimate */
    double value;
    int has_a; /* a category A threshold is set */
    double a_above;
    int has_b;
    double b_above;
};

/* The decision on its own (pure): the category, and in decided (room for n)
 * the indexes of the criteria whose estimate exceeds the threshold of that
 * category, in criteria order; *n_decided is 0 for category none. */
enum assess_category assess_decide(const struct assess_criterion *criteria, size_t n,
                                   size_t *decided, size_t *n_decided);

/* "A", "B" or "none", as stored. */
const char *assess_category_name(enum assess_category c);

struct assess_options {
    const char *process;    /* required */
    const char *assessment; /* NULL: the process's latest (by date, then id) */
    int32_t outage_h;       /* < 0: setting assess_outage_h */
    int dry_run;            /* decide and explain, write nothing */
    /* Who writes the assessment (required unless dry_run). */
    const struct store_change *change;
    /* Called inside the write transaction right after the assessment is
     * written (authorisation, audit); NULL: none. */
    const struct import_hook *hook;
};

struct assess_result {
    char process[ASSESS_ID_MAX];
    char process_name[256];
    char process_category[8]; /* the process record's current category */
    char assessment[ASSESS_ID_MAX];
    char assessment_date[16];
    char previous_category[8]; /* the assessment's category before this run */
    int32_t outage_h, horizon_h;
    uint32_t cascade;                  /* other vital processes down at least one hour */
    char **cascade_ids;                /* which, by first hour down then id; owned */
    int has_cascade_criterion;         /* vitaal_criteria holds ASSESS_CASCADE_CRITERION */
    struct assess_criterion *criteria; /* every vitaal criterion, in id order; owned */
    size_t n_criteria;
    size_t *decided_by; /* indexes into criteria */
    size_t n_decided_by;
    enum assess_category category;
    char *rationale; /* the one-paragraph explanation; owned */
    int written;     /* recorded in the assessment */
};

/* Runs the vitaalbeoordeling for o->process. Unknown process or assessment,
 * or a process without assessments: ERR_NOTFOUND; an assessment of another
 * process: ERR_INVALID; no vitaal_criteria: ERR_NOTFOUND. Unless dry_run, the
 * assessment's category, decided_by, impacts.cascade, cascade_outage_h and
 * rationale are validated and written in one transaction (read and write in
 * the same one). *out is released with assess_result_release. */
int assess_run(struct store *s, const struct assess_options *o, struct assess_result *out,
               struct error *e);
void assess_result_release(struct assess_result *r);

/* Formats an estimate for people: up to 6 digits as they are ("2000",
 * "5.5"), larger as "6.0e10". buf needs 32 bytes. */
const char *assess_format_number(double v, char buf[32]);

#endif
