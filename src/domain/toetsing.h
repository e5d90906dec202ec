/*
 * toetsing.h — the fourth step of the cycle: effectiveness reviews of
 * measures. Per measure its latest review as of a day, the result that review
 * gave, when the next review is due (review_interval_months after it) and
 * whether the measure needs one now; and whether the measure's likelihood or
 * impact effect counts towards residual risk (status done and latest review
 * effective), and residual risk from those measures. The rules are
 * explained in docs/method.md, "Risk scoring and toetsing".
 *
 * Reads only. The report owns all its memory; toetsing_report_release frees it.
 */
#ifndef VITAAL_DOMAIN_TOETSING_H
#define VITAAL_DOMAIN_TOETSING_H

#include "base/error.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/* Days before the next review date from which a review counts as due, when
 * the setting review_due_soon_days is absent. */
#define TOETSING_DUE_SOON_DAYS 30

enum toetsing_state {
    TOETSING_REVIEWED,  /* the next review is more than the due-soon window away */
    TOETSING_DUE,       /* the next review is due within the window (or today) */
    TOETSING_OVERDUE,   /* the next review date has passed */
    TOETSING_NEVER,     /* no review yet */
    TOETSING_NOT_ACTIVE /* proposed, planned or cancelled: no review expected */
};

struct toetsing_measure {
    char *id;
    char *name;
    char status[16];
    int active; /* in_progress or done: its effect is to be reviewed */
    int64_t interval_months;
    char due[11];             /* the measure's due date, "" if none */
    size_t n_reviews;         /* reviews dated on or before today */
    char last_review_id[129]; /* the latest of those, "" if none */
    char last_review[11];
    char result[24];
    char next_due[11]; /* "" when never reviewed and without a due date: now */
    enum toetsing_state state;
    int needs_review; /* listed by `vitaal reviews --due` */
    /* the effect on risks (model fields effect, effect_risk, ...) */
    char effect[16];
    char *effect_risk;      /* NULL if none */
    char *effect_criterion; /* NULL if none */
    char effect_class[4];   /* "" if none */
    char **risks;           /* the risks the measure lists */
    size_t n_risks;
    int applies; /* done, latest review effective, a complete likelihood/impact effect */
};

struct toetsing_report {
    struct toetsing_measure *measures; /* every measure, in id order */
    size_t n;
    char today[11];
    int64_t due_soon_days;
};

/* Computes every measure's review state as of `today` (days since epoch).
 * Reviews dated after today are not counted. *out is released with
 * toetsing_report_release, also after a failure. */
int toetsing_compute(struct store *s, int64_t today, struct toetsing_report *out, struct error *e);
void toetsing_report_release(struct toetsing_report *r);

/* "reviewed", "due", "overdue", "never", "not_active". */
const char *toetsing_state_name(enum toetsing_state s);

/* The day `months` calendar months after `day`; a day that does not exist
 * in the target month becomes its last day (31 August + 6 months = 28 or
 * 29 February). */
int64_t toetsing_add_months(int64_t day, int64_t months);

/* 1 when the measure's effect is meant for this risk: its effect_risk when
 * it names one, else every risk it lists. */
int toetsing_measure_targets(const struct toetsing_measure *m, const char *risk);

struct risk_picture;

/* Residual risk: for every risk of the picture (domain/risk_score.h), applies
 * the effect of each measure of the report that counts (applies) and is meant
 * for the risk — likelihood: the likelihood becomes effect_class, impact: the
 * class of effect_criterion becomes effect_class, in both cases only if that
 * is lower — lists those measures on the risk and scores the result. Sets
 * p->residual and p->today. */
int toetsing_apply_residual(const struct toetsing_report *r, struct risk_picture *p,
                            struct error *e);

#endif
