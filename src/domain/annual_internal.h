/*
 * annual_internal.h — what annual.c (the years, the trends, the tables'
 * plumbing) and annual_detail.c (the detailed tables of the report's own
 * year) share. Private to those two files.
 */
#ifndef VITAAL_DOMAIN_ANNUAL_INTERNAL_H
#define VITAAL_DOMAIN_ANNUAL_INTERNAL_H

#include "domain/annual.h"

/* The records of one point-in-time view the tables are counted from. */
struct annual_view {
    struct store *s;
    int64_t day;          /* the view's day: its clock */
    int year;             /* the year whose activity is counted */
    json_t *processes;    /* id -> process record */
    json_t *sector_names; /* sector id -> name */
    json_t *org_names;    /* organisation id -> name */
};

int annual_view_load(struct store *s, int64_t day, int year, struct annual_view *v,
                     struct error *e);
/* Moves v on to the later day `day` (for year `year`), the records as
 * they stood then: the trends walk the years on one view. */
int annual_view_advance(struct store *s, struct annual_view *v, int64_t day, int year,
                        struct error *e);
void annual_view_release(struct annual_view *v);

/* Every record of kind into *out (a new array, id order). */
int annual_load_all(struct store *s, enum kind_id kind, json_t **out, struct error *e);
/* The year of a date or time string ("YYYY-..."), 0 when absent. */
int annual_year_of(const char *date);

/* The process's sector name and ministry name ("" when unknown). */
const char *annual_sector_of(const struct annual_view *v, const char *process);
const char *annual_ministry_of(const struct annual_view *v, const char *process);

/* Sets up t with the given rows (copied) and static column keys; its rows,
 * cells and unit sets live on a (the report's arena). */
int annual_table_init(struct arena *a, struct annual_table *t, size_t nrows,
                      const char *const *rows, int rows_are_keys, size_t ncols,
                      const char *const *cols, unsigned margins);
/* Rows: the distinct sector names of all processes of v, sorted. */
int annual_table_init_sectors(struct arena *a, struct annual_table *t, const struct annual_view *v,
                              size_t ncols, const char *const *cols, unsigned margins);
int annual_table_init_ministries(struct arena *a, struct annual_table *t,
                                 const struct annual_view *v, size_t ncols, const char *const *cols,
                                 unsigned margins);
/* The row whose label is name, or (size_t)-1. */
size_t annual_table_row(const struct annual_table *t, const char *name);
/* Counts one thing in (row, col) and in the margins, concerning unit
 * (a process or provider id; NULL: no unit). */
void annual_table_add(struct annual_table *t, size_t row, size_t col, const char *unit);
/* Turns the unit sets into counts (emptying the sets) and applies
 * disclosure control. */
void annual_table_finish(struct annual_table *t, int64_t k);

struct process_status;
/* The cycle column of a process: 0 analysed within the cycle, 1 overdue,
 * 2 never analysed (no final regular analysis, whatever deadline applies). */
size_t annual_cycle_column(const struct process_status *p);

/* The detailed tables of the report's year from its view (annual_detail.c). */
int annual_detail_compute(const struct annual_view *v, const struct annual_view *before,
                          struct annual_report *r, struct error *e);

#endif
