/*
 * status.h — where each vital process stands in the cycle: its category, its
 * last final resilience analysis, when the next one is due (four years after
 * the last final one), open quickscans and open measures.
 */
#ifndef VITAAL_DOMAIN_STATUS_H
#define VITAAL_DOMAIN_STATUS_H

#include "base/error.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define STATUS_CYCLE_YEARS   4
#define STATUS_DUE_SOON_DAYS 365

enum status_state {
    STATUS_NEVER,    /* no final analysis yet */
    STATUS_OVERDUE,  /* the next analysis was due before today */
    STATUS_DUE_SOON, /* due within twelve months */
    STATUS_CURRENT
};

struct process_status {
    char *id;
    char *name;
    char category[8];
    char last_final[11]; /* date the last final analysis became final, "" if none */
    char last_final_id[129];
    char next_due[11]; /* "" when never analysed (due now) */
    enum status_state state;
    size_t open_quickscans;
    size_t open_measures;
};

struct status_report {
    struct process_status *processes; /* in process id order */
    size_t n;
    char today[11];
};

/* Computes the status of every process as of `today` (days since epoch). */
int status_compute(struct store *s, int64_t today, struct status_report *out, struct error *e);
void status_report_release(struct status_report *r);
const char *status_state_name(enum status_state s); /* "never", "overdue", "due_soon", "current" */

#endif
