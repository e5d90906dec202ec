/*
 * disclosure.h — disclosure control for the published tables of counts (the
 * yearly report to parliament): which cells may be shown and which must be
 * suppressed, so that nothing about fewer than k processes or providers can
 * be read from the report, directly or by subtraction from a total.
 *
 * A table has nrows x ncols inner cells and, optionally, margins: a total
 * column at the right (each row's sum) and a total row at the bottom (each
 * column's sum; with both, the grand total in the corner). Every cell, the
 * margins too, carries its count and the number of distinct units
 * (processes or providers) it concerns; the caller counts those, because a
 * margin's units are the union of its cells' and cannot be added up here.
 *
 * The method (docs/method.md, "Disclosure control"):
 *   - primary: a cell with a count above 0 is suppressed when the count or
 *     the number of units it concerns is below k (setting report_min_cell);
 *   - zero cells are shown and are no one's secret; they are chosen as a
 *     complementary cell only when no other cell can serve;
 *   - secondary (complementary): no line (a row or column that has its
 *     total) may hold exactly one suppressed cell, and no suppressed cell may
 *     be determined by the others through the totals — in the graph whose
 *     nodes are the lines and whose edges the suppressed cells, every edge
 *     must lie on a cycle (a line without a total is a free end). A cell
 *     that breaks either rule gets the smallest shown cell that repairs it
 *     suppressed as well; this repeats until nothing changes.
 *
 * Pure: no store, no clock. The table's arrays live on the arena it is
 * given.
 */
#ifndef VITAAL_DOMAIN_DISCLOSURE_H
#define VITAAL_DOMAIN_DISCLOSURE_H

#include "base/arena.h"
#include "base/error.h"

#include <stddef.h>
#include <stdint.h>

/* The setting and its default. */
#define DISCLOSURE_SETTING   "report_min_cell"
#define DISCLOSURE_DEFAULT_K 3

#define DISCLOSURE_ROW_TOTALS 0x1u /* a total column: each row's sum */
#define DISCLOSURE_COL_TOTALS 0x2u /* a total row: each column's sum */

enum disclosure_state {
    DISCLOSURE_SHOWN = 0,
    DISCLOSURE_PRIMARY,  /* concerns fewer than k units, or counts fewer than k */
    DISCLOSURE_SECONDARY /* shown would let a suppressed cell be recomputed */
};

/* Cells are (nrows + 1) x (ncols + 1), row by row: column ncols holds the
 * row totals, row nrows the column totals, [nrows][ncols] the grand total.
 * Margins that are absent are ignored (and never shown). */
struct disclosure_table {
    size_t nrows, ncols;
    unsigned margins; /* DISCLOSURE_ROW_TOTALS | DISCLOSURE_COL_TOTALS */
    int64_t *count;
    uint32_t *units;
    unsigned char *state; /* enum disclosure_state */
};

/* An empty table (every count and unit 0) whose cells are allocated from a
 * (an unbounded arena, base/arena.h: released with it); nrows or ncols 0 is
 * ERR_INVALID. */
int disclosure_table_init(struct disclosure_table *t, struct arena *a, size_t nrows, size_t ncols,
                          unsigned margins);

/* Index of cell (row, col); row == nrows is the total row, col == ncols the
 * total column. */
size_t disclosure_index(const struct disclosure_table *t, size_t row, size_t col);
void disclosure_set(struct disclosure_table *t, size_t row, size_t col, int64_t count,
                    uint32_t units);
int64_t disclosure_count(const struct disclosure_table *t, size_t row, size_t col);
enum disclosure_state disclosure_cell_state(const struct disclosure_table *t, size_t row,
                                            size_t col);
/* 1 when the cell is shown (not suppressed, and not an absent margin). */
int disclosure_shown(const struct disclosure_table *t, size_t row, size_t col);

/* Whether one figure on its own (not in a table: a number in a sentence)
 * may be shown: 0 or at least k, concerning 0 or at least k units. */
int disclosure_figure_shown(int64_t count, uint32_t units, int64_t k);

/* Withholds a cell that another table withholds where it shows the same
 * figure (linked tables): it stays withheld through disclosure_apply, and
 * its row and column are protected around it. */
void disclosure_force(struct disclosure_table *t, size_t row, size_t col);

/* Applies primary and secondary suppression with threshold k (k <= 1:
 * nothing is primary). Sets state; counts are left as they are (the report
 * must not print a suppressed one). A cell withheld as secondary before
 * (disclosure_force, or an earlier apply) stays withheld, so applying again
 * after forcing only adds. *n_suppressed (may be NULL) gets the number of
 * suppressed cells. */
void disclosure_apply(struct disclosure_table *t, int64_t k, size_t *n_suppressed);

#endif
