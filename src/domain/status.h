/*
 * status.h — where each vital process stands in the cycle: its category, its
 * last final resilience analysis, when the next one is due, open quickscans
 * and open measures.
 *
 * The clock (settings, with these defaults): the next analysis is due
 * cycle_years (4) after the last final regular one (a quickscan looks at
 * one shock and does not restart the cycle). A process in a CER or NIS2
 * sector needs a final analysis finalised on or after cer_nis2_since
 * (2024-10-18, when both directives applied) by cer_nis2_deadline
 * (2026-03-31); until it has one, that deadline is its due date. A process
 * with no final analysis and no such deadline is due now ("never"). Due
 * within due_soon_days (365) is "due_soon". Whether a process is under CER
 * or NIS2 is domain/cer_nis2.h's rule (its sector, or its providers being
 * entities for it). Per process also the measures that are overdue or
 * stand at "adjustment due" (toetsing.h), and for the whole report what is
 * due under CER: the national milestones and each critical entity's clock.
 *
 * A report owns an arena (base/arena.h, unbounded) with its processes;
 * status_report_release frees it and the CER part, also after a failed
 * compute, and on a zeroed or released report.
 */
#ifndef VITAAL_DOMAIN_STATUS_H
#define VITAAL_DOMAIN_STATUS_H

#include "base/arena.h"
#include "base/error.h"
#include "domain/cer_nis2.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

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
    char next_due[11]; /* "" when never analysed and no deadline applies (due now) */
    enum status_state state;
    int cer_nis2;           /* it falls under CER or NIS2 (regimes != 0) */
    unsigned regimes;       /* CER_NIS2_NIS2 | CER_NIS2_CER (domain/cer_nis2.h) */
    const char *due_reason; /* "cycle", "cer_nis2_deadline" or "never analysed" (static) */
    size_t open_quickscans;
    size_t open_measures;
    size_t overdue_measures;        /* past their due date, not done or cancelled */
    size_t adjustment_due_measures; /* their latest review asks for an adjustment */
};

struct status_report {
    struct arena arena;               /* holds the processes and their texts */
    struct process_status *processes; /* in process id order */
    size_t n;
    char today[11];
    char cer_nis2_deadline[11];
    struct cer_nis2_due cer; /* CER milestones and critical entities' clocks */
};

/* Computes the status of every process as of `today` (days since epoch). */
int status_compute(struct store *s, int64_t today, struct status_report *out, struct error *e);
/* The same for the reader of v (domain/visible.h): the open quickscans and
 * the open, overdue and adjustment-due measures counted are those the
 * reader may read (issue 14 part 5). Which processes and links the answer
 * names is the writer's filter (report_filter_visible). NULL v: all. */
struct visible;
int status_compute_for(struct store *s, int64_t today, struct visible *v, struct status_report *out,
                       struct error *e);
void status_report_release(struct status_report *r);
const char *status_state_name(enum status_state s); /* "never", "overdue", "due_soon", "current" */

#endif
