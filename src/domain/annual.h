/*
 * annual.h — the figures of the yearly report to parliament (the
 * voortgangsbrief): for year Y, from the records as they stood at the end
 * of Y (or an earlier as-of day in Y), the cycle per sector and per
 * ministry, the action programme, toetsing, fallback options, incidents and
 * notifications, and the national risk picture; and the totals of every
 * earlier year present in the data, each from the records as they stood at
 * the end of that year (trends).
 *
 * Every figure is a table of counts whose cells know how many distinct
 * processes (or providers) they concern, with disclosure control applied
 * (domain/disclosure.h, threshold: setting report_min_cell): the report
 * prints a cell only when disclosure_shown says so. Row labels are sector
 * and ministry names (public) or fixed keys the report translates; nothing
 * here names a record that is not public.
 *
 * The rules are not recomputed: the clock is status.h's, the follow-up of
 * measures toetsing.h's, the fallback verdict fallback_need.h's, the risk
 * diagram risk_score.h's (residual via toetsing_apply_residual), the
 * regimes cer_nis2.h's and the notification deadlines notification.h's.
 * Reads only; opens point-in-time views of the store it is given.
 */
#ifndef VITAAL_DOMAIN_ANNUAL_H
#define VITAAL_DOMAIN_ANNUAL_H

#include "base/arena.h"
#include "base/error.h"
#include "base/progress.h"
#include "domain/disclosure.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* One table of counts. Columns are fixed keys (static strings); rows are
 * either keys too (rows_are_keys) or the names of sectors or ministries. */
struct annual_table {
    size_t nrows, ncols;
    char **rows;             /* on the report's arena */
    int rows_are_keys;       /* translate rows like columns */
    const char *const *cols; /* static keys */
    struct disclosure_table cells;
    json_t *sets; /* while building: one object of unit ids per cell (released with the
                     report's arena); NULL after */
};

enum annual_table_id {
    ANNUAL_CYCLE_SECTOR,   /* processes per sector: current, overdue, never */
    ANNUAL_CYCLE_MINISTRY, /* the same per ministry */
    ANNUAL_CATEGORY,       /* processes per category (rows A, B, none) */
    ANNUAL_CER_NIS2,       /* processes under CER/NIS2: analysed since the directives, not yet */
    ANNUAL_ASSESSMENTS,    /* vitaalbeoordelingen in the year per sector: made, category changed */
    ANNUAL_MEASURE_KIND,   /* measures at year end: kind x status */
    ANNUAL_MEASURE_SCOPE,  /* scope x status */
    ANNUAL_MEASURE_FOLLOW, /* rows: completed in the year, overdue, adjustment due */
    ANNUAL_REVIEWS,        /* reviews held in the year: method x result */
    ANNUAL_FALLBACK,       /* per sector: needed, advisable, not needed */
    ANNUAL_FALLBACK_IN_PLACE,  /* per verdict: a fallback option in place or not */
    ANNUAL_FALLBACK_DECISIONS, /* stored decisions on fallback options (rows: needed,
                                  proportionate) x agrees with the engine, contradicted */
    ANNUAL_INCIDENTS,          /* incidents detected in the year: sector x quarter */
    ANNUAL_NOTIFICATIONS,  /* deadlines of those incidents: regime x on time, late, overdue, open */
    ANNUAL_RISK_INHERENT,  /* risks: likelihood (highest first) x impact class */
    ANNUAL_RISK_RESIDUAL,  /* the same after measures judged effective */
    ANNUAL_TREND_CYCLE,    /* per year: current, overdue, never (total: processes) */
    ANNUAL_TREND_ACTIVITY, /* per year: assessments, analyses finalised, measures completed,
                              reviews, incidents (no totals) */
    ANNUAL_TABLE_COUNT
};

/* Resilience per dimension per sector: the mean over the risks that score
 * it, shown only when those risks concern at least k processes and number
 * at least k. */
struct annual_resilience {
    size_t nsectors, ndims;
    char **sectors;                /* names (the cycle table's rows) */
    const char *const *dimensions; /* the model's keys */
    double *mean;                  /* nsectors x ndims */
    int *shown;                    /* nsectors x ndims: 1 when the mean may be printed */
};

struct annual_report {
    struct arena arena; /* holds the tables, resilience and years below */
    int year;
    char as_of[11]; /* the day the figures stand on (end of year, or earlier) */
    int first_year; /* the first year of the trends */
    int64_t k;      /* report_min_cell */
    char cer_nis2_deadline[11];
    char cer_nis2_since[11];
    int64_t cycle_years;
    int64_t processes; /* vital processes at the as-of day (public figure) */
    struct annual_table tables[ANNUAL_TABLE_COUNT];
    struct annual_resilience resilience;
    int *years; /* the rows of the trend tables: first_year .. year */
    size_t nyears;
};

struct annual_options {
    int year;      /* 2000..2100 */
    int64_t as_of; /* a day within year, or < 0: the end of the year (today when that is
                      later, for the year that is still running) */
    int64_t today; /* today (day number): a later as-of day is refused */
    /* NULL, or where the work reports its progress: phase "annual report",
     * in steps: one per year of the trends, the year in detail, and the
     * document (reported by report/annual_doc.c) */
    const struct progress_sink *progress;
};

/* Computes the report from s (the live database: point-in-time views are
 * opened from it). A year outside 2000..2100, an as-of day outside the
 * year or after today, or a year that has not begun is ERR_INVALID naming
 * the option; a bad setting ERR_INVALID naming it. The report owns an
 * arena (base/arena.h, unbounded) with all its memory: annual_report_release
 * frees it at once, also after a failure, and on a zeroed or released
 * report. */
int annual_compute(struct store *s, const struct annual_options *o, struct annual_report *out,
                   struct error *e);
void annual_report_release(struct annual_report *r);

/* The keys the tables' columns and key rows use (static; the report
 * translates them). */
const char *annual_table_name(enum annual_table_id id); /* "cycle_sector", ... */

#endif
