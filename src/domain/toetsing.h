/*
 * toetsing.h — the fourth step of the cycle: effectiveness reviews of
 * measures. Per measure its latest review as of a day, the result that review
 * gave, when the next review is due (review_interval_months after it) and
 * whether the measure needs one now; the follow-up a measure stands at
 * (derived, never stored): overdue (past its due date, neither done nor
 * cancelled) and adjustment due (its latest review found it partly effective
 * or ineffective, and no later review has been held); and whether the measure's likelihood or
 * impact effect counts towards residual risk (status done and latest review
 * effective), and residual risk from those measures. The rules are
 * explained in docs/method.md, "Risk scoring and toetsing".
 *
 * Reads only. The report owns an arena (base/arena.h, unbounded) with all its
 * memory; toetsing_report_release frees it at once (a zeroed or released
 * report too).
 */
#ifndef VITAAL_DOMAIN_TOETSING_H
#define VITAAL_DOMAIN_TOETSING_H

#include "base/arena.h"
#include "base/error.h"
#include "base/json_writer.h"
#include "store/store.h"

#include <jansson.h>
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
    /* the follow-up (derived) */
    int overdue;                    /* toetsing_measure_overdue */
    int adjustment_due;             /* the latest review asks for an adjustment */
    char follow_up[11];             /* that review's follow_up date, "" if none */
    char adjustment_review_id[129]; /* that review, "" if no adjustment is due */
};

struct toetsing_report {
    struct arena arena;                /* holds the measures and their texts */
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

/* 1 for the results that ask for an adjustment of the measure:
 * partly_effective and ineffective. Such a review must name its adjustment
 * and a follow_up date (validate.c refuses it otherwise). */
int toetsing_result_needs_adjustment(const char *result);

/* 1 when a measure with this status and due date ("" or NULL: none) is
 * overdue on `today`: due before today and neither done nor cancelled. A
 * measure due today is not yet overdue. */
int toetsing_measure_overdue(const char *status, const char *due, int64_t today);

/* 1 when a measure with this status whose latest review (as of today) gave
 * `latest_result` (NULL: never reviewed) stands at "adjustment due": the
 * result asks for an adjustment and the measure is not cancelled. Any later
 * review clears it, whatever its result says anew. */
int toetsing_adjustment_due(const char *status, const char *latest_result);

/* The derived follow-up of one measure, as toetsing_compute would give it. */
struct toetsing_follow_up {
    int overdue;
    int adjustment_due;
    char follow_up[11];  /* "" if none */
    char review_id[129]; /* the review that asks for the adjustment, "" if none */
};

/* The follow-up of one stored measure record as of `today`, from its reviews
 * dated on or before today. */
int toetsing_follow_up_get(struct store *s, const json_t *measure, int64_t today,
                           struct toetsing_follow_up *out, struct error *e);

/* toetsing_follow_up_get of n measures at once (out[i] of measures[i]):
 * their reviews read in batches of 64 measures, not one read per measure
 * (a page of a list). */
int toetsing_follow_up_get_many(struct store *s, const json_t *const *measures, size_t n,
                                int64_t today, struct toetsing_follow_up *out, struct error *e);

/* Writes the derived, read-only keys of a measure answer into an open object:
 * "overdue", "adjustment_due" and "follow_up" (a date or null). */
void toetsing_follow_up_write(struct json_writer *w, const struct toetsing_follow_up *f);

/* Writes a measure record as an object: its fields in model order
 * (export_write_fields), then its follow-up as of today. */
int toetsing_write_measure(struct json_writer *w, struct store *s, const json_t *measure,
                           int64_t today, struct error *e);
/* The same with its follow-up in hand (toetsing_follow_up_get_many). */
void toetsing_write_measure_with(struct json_writer *w, const json_t *measure,
                                 const struct toetsing_follow_up *f);

/* The follow-up in words for a table cell: "overdue", "adjustment due
 * (follow-up YYYY-MM-DD)", both joined by "; ", or "" (buf >= 64 bytes). */
void toetsing_follow_up_text(const struct toetsing_follow_up *f, char *buf, size_t size);

/* Removes those derived keys from a measure a client sends back (they are
 * read-only: what the server computes, never what it stores). */
void toetsing_follow_up_strip(json_t *measure);

/* "reviewed", "due", "overdue", "never", "not_active". */
const char *toetsing_state_name(enum toetsing_state s);
/* 1 when the measure's effect is on a risk (likelihood or impact): it
 * names effect_risk, effect_criterion and effect_class. */
int toetsing_has_risk_effect(const struct toetsing_measure *m);

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
