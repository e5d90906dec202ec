/*
 * notification.h — which EU regimes apply to a provider (NIS2: essential or
 * important entity; CER: critical entity), taken from its provider links, and
 * the incident notification deadlines that follow from them.
 *
 * An incident falls under NIS2 when its provider has a provider link for the
 * incident's process with nis2_entity essential or important, and under CER
 * when such a link has cer_critical. Only significant incidents are
 * notifiable. Deadlines run from detected_at:
 *   NIS2 early warning      detected + nis2_early_warning_h (24)    sent: early_warning_at
 *   NIS2 notification       detected + nis2_notification_h (72)     sent: notification_at
 *   NIS2 final report       nis2_final_report_months (1) after the notification was sent,
 *                           or after its due time while it is not  sent: final_report_at
 *   CER initial notification detected + cer_notification_h (24)    sent: early_warning_at
 *   CER detailed report     cer_report_months (1) after the initial notification (same rule)
 *                                                                   sent: final_report_at
 * The hours and months are settings (defaults in brackets). Hours are exact
 * durations; a month is the same time on the Dutch wall clock on the same day
 * of the next month, clamped to that month's last day (timefmt's Amsterdam
 * calendar).
 * A deadline is met (sent at or before its due time), late (sent after it),
 * overdue (not sent and due before now) or open.
 */
#ifndef VITAAL_DOMAIN_NOTIFICATION_H
#define VITAAL_DOMAIN_NOTIFICATION_H

#include "base/arena.h"
#include "base/error.h"
#include "domain/cer_nis2.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Which regimes a link brings is decided in domain/cer_nis2.h, the one place. */
#define NOTIFICATION_NIS2 CER_NIS2_NIS2
#define NOTIFICATION_CER  CER_NIS2_CER

/* The deadline rules, from settings. */
struct notification_rules {
    int64_t nis2_early_warning_h;
    int64_t nis2_notification_h;
    int64_t nis2_final_report_months;
    int64_t cer_notification_h;
    int64_t cer_report_months;
};

/* The defaults of the directives: 24 h, 72 h, 1 month; 24 h, 1 month. */
void notification_rules_default(struct notification_rules *r);
/* The rules from the settings records (defaults where absent); a value that
 * is not a whole number within 0..100000 hours or 0..120 months is ERR_INVALID. */
int notification_rules_load(struct store *s, struct notification_rules *r, struct error *e);

enum notification_state {
    NOTIFICATION_OPEN,    /* not sent, due now or later */
    NOTIFICATION_MET,     /* sent at or before the due time */
    NOTIFICATION_LATE,    /* sent after the due time */
    NOTIFICATION_OVERDUE, /* not sent, due before now */
};
const char *notification_state_name(enum notification_state s); /* "open", "met", ... */

/* Why an incident has no deadlines. */
enum notification_reason {
    NOTIFICATION_APPLIES,         /* it has deadlines */
    NOTIFICATION_NO_PROVIDER,     /* the incident names no provider */
    NOTIFICATION_NO_LINK,         /* the provider has no link for the process */
    NOTIFICATION_NO_REGIME,       /* the link is neither NIS2 nor CER */
    NOTIFICATION_NOT_SIGNIFICANT, /* a regime applies, but the incident is not significant */
};
/* A sentence for people (static). */
const char *notification_reason_text(enum notification_reason r);

struct notification_deadline {
    const char *regime;     /* "NIS2" or "CER" (static) */
    const char *step;       /* "early_warning", "notification", "final_report",
                               "initial_notification", "detailed_report" (static) */
    int64_t due;            /* seconds since the epoch, UTC */
    const char *sent_field; /* the incident's field that records it sent ("early_warning_at", ...;
                               static) */
    int sent_known;         /* whether it was sent */
    int64_t sent;
    enum notification_state state;
    int64_t margin; /* seconds: open: left until due; overdue: past due; late: sent after due;
                       met: sent before due */
};

#define NOTIFICATION_MAX_DEADLINES 5

/* Seconds before the due time the step was sent, or is still open:
 * negative when it is late or overdue. */
int64_t notification_seconds_left(const struct notification_deadline *d);
/* 1 when the deadline was missed: overdue, or met late (`incidents --overdue`). */
int notification_deadline_missed(const struct notification_deadline *d);

struct notification_incident {
    struct arena arena; /* holds the reference to record (zeroed in a report's incidents: the
                           report's arena holds theirs) */
    json_t *record;     /* the incident */
    int64_t detected;
    unsigned regimes;
    enum notification_reason reason;
    struct notification_deadline deadlines[NOTIFICATION_MAX_DEADLINES];
    size_t n_deadlines;
};

/* The deadlines of one incident under the given regimes (reason says why
 * there are none when regimes is 0), judged at `now`. Pure: no I/O. A time
 * field that does not parse is ERR_INVALID. out->record takes a reference,
 * held by out's arena. */
int notification_incident_evaluate(json_t *incident, unsigned regimes,
                                   enum notification_reason reason,
                                   const struct notification_rules *rules, int64_t now,
                                   struct notification_incident *out, struct error *e);
/* Frees the incident's memory; idempotent, fine on a zeroed struct and
 * after a failed evaluate. */
void notification_incident_release(struct notification_incident *i);
/* 1 when one of the incident's deadlines was missed. */
int notification_incident_missed(const struct notification_incident *i);

struct notification_report {
    struct arena arena;                      /* holds the incidents and their records */
    struct notification_incident *incidents; /* by detected_at, then id */
    size_t n;
    int64_t now;
    struct notification_rules rules;
};

/* Every incident with its regimes and deadlines as of now. */
int notification_report_compute(struct store *s, int64_t now, struct notification_report *out,
                                struct error *e);
/* Frees the report; idempotent, fine on a zeroed struct and after a failed
 * compute. */
void notification_report_release(struct notification_report *r);

/* --- entities ----------------------------------------------------------- */

struct notification_link {
    json_t *link;       /* the provider link (held by the entities' arena) */
    char *process_name; /* on the entities' arena */
    unsigned regimes;
};

struct notification_entity {
    json_t *provider;                /* the organisation (held by the entities' arena) */
    struct notification_link *links; /* by process id */
    size_t n_links;
    const char *nis2_entity; /* the highest over its links: essential, important, none */
    int cer_critical;        /* critical entity for at least one process */
    unsigned regimes;        /* the union over its links */
};

struct notification_entities {
    struct arena arena;                   /* holds everything below */
    struct notification_entity *entities; /* by provider id */
    size_t n;
};

/* Every organisation of kind provider, and every organisation named by a
 * provider link, with its links and the regimes they bring. */
int notification_entities_compute(struct store *s, struct notification_entities *out,
                                  struct error *e);
/* Frees the entities; idempotent, fine on a zeroed struct and after a failed
 * compute. */
void notification_entities_release(struct notification_entities *r);

#endif
