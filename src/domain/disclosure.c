/*
 * disclosure.c — primary and secondary cell suppression (see disclosure.h
 * and docs/method.md, "Disclosure control").
 *
 * The secondary rule is graph-based: lines (rows and columns that carry a
 * total) are nodes, suppressed cells are edges between their row's and
 * their column's node; a line without a total is the one free node G. A
 * suppressed cell can be recomputed from the shown cells exactly when its
 * edge is a bridge (it lies on no cycle): adding d to the cells of a cycle
 * with alternating signs keeps every total, so a cell on a cycle has more
 * than one value consistent with the table, and a bridge has one.
 */
#include "domain/disclosure.h"

#include "base/xmalloc.h"

#include <stdlib.h>
#include <string.h>

int disclosure_table_init(struct disclosure_table *t, struct arena *a, size_t nrows, size_t ncols,
                          unsigned margins)
{
    size_t n;
    memset(t, 0, sizeof *t);
    if (nrows == 0 || ncols == 0)
        return ERR_INVALID;
    n = (nrows + 1) * (ncols + 1);
    t->nrows = nrows;
    t->ncols = ncols;
    t->margins = margins;
    t->count = arena_calloc(a, n, sizeof *t->count);
    t->units = arena_calloc(a, n, sizeof *t->units);
    t->state = arena_calloc(a, n, 1);
    return 0;
}

size_t disclosure_index(const struct disclosure_table *t, size_t row, size_t col)
{
    return row * (t->ncols + 1) + col;
}

void disclosure_set(struct disclosure_table *t, size_t row, size_t col, int64_t count,
                    uint32_t units)
{
    size_t i = disclosure_index(t, row, col);
    t->count[i] = count;
    t->units[i] = units;
}

int64_t disclosure_count(const struct disclosure_table *t, size_t row, size_t col)
{
    return t->count[disclosure_index(t, row, col)];
}

enum disclosure_state disclosure_cell_state(const struct disclosure_table *t, size_t row,
                                            size_t col)
{
    return (enum disclosure_state)t->state[disclosure_index(t, row, col)];
}

/* Whether the cell exists: inner, or a margin the table has. */
static int cell_exists(const struct disclosure_table *t, size_t row, size_t col)
{
    return (row < t->nrows || (t->margins & DISCLOSURE_COL_TOTALS)) &&
           (col < t->ncols || (t->margins & DISCLOSURE_ROW_TOTALS));
}

int disclosure_shown(const struct disclosure_table *t, size_t row, size_t col)
{
    return cell_exists(t, row, col) && disclosure_cell_state(t, row, col) == DISCLOSURE_SHOWN;
}

int disclosure_figure_shown(int64_t count, uint32_t units, int64_t k)
{
    if (count == 0 || k <= 1)
        return 1;
    return count >= k && (int64_t)units >= k;
}

/* A row is a relation (its cells sum to a shown total) when the table has
 * row totals; the total row is one when it has column totals as well. */
static int row_is_line(const struct disclosure_table *t, size_t row)
{
    return (t->margins & DISCLOSURE_ROW_TOTALS) &&
           (row < t->nrows || (t->margins & DISCLOSURE_COL_TOTALS));
}

static int col_is_line(const struct disclosure_table *t, size_t col)
{
    return (t->margins & DISCLOSURE_COL_TOTALS) &&
           (col < t->ncols || (t->margins & DISCLOSURE_ROW_TOTALS));
}

/* Graph nodes: rows 0..nrows, columns nrows+1 .. nrows+1+ncols, G last. */
static size_t node_ground(const struct disclosure_table *t)
{
    return t->nrows + t->ncols + 2;
}

static size_t node_of_row(const struct disclosure_table *t, size_t row)
{
    return row_is_line(t, row) ? row : node_ground(t);
}

static size_t node_of_col(const struct disclosure_table *t, size_t col)
{
    return col_is_line(t, col) ? t->nrows + 1 + col : node_ground(t);
}

/* Which of two candidate cells is the better complement: a non-zero cell
 * before a zero one, then the smaller count, then an inner cell before a
 * total, then the first in reading order. */
static int better(const struct disclosure_table *t, size_t a, size_t b)
{
    size_t w = t->ncols + 1;
    int za = t->count[a] == 0, zb = t->count[b] == 0;
    int ma = a / w == t->nrows || a % w == t->ncols, mb = b / w == t->nrows || b % w == t->ncols;
    if (za != zb)
        return za < zb;
    if (t->count[a] != t->count[b])
        return t->count[a] < t->count[b];
    if (ma != mb)
        return ma < mb;
    return a < b;
}

#define NONE ((size_t)-1)

/* One line of n cells from cell `first`, `stride` apart: with exactly one
 * suppressed cell, its best shown cell is suppressed too. Returns 1 when
 * it suppressed something. */
static int repair_line(struct disclosure_table *t, size_t first, size_t stride, size_t n)
{
    size_t k, withheld = 0, best = NONE;
    for (k = 0; k < n; k++) {
        size_t i = first + k * stride;
        if (t->state[i] != DISCLOSURE_SHOWN)
            withheld++;
        else if (best == NONE || better(t, i, best))
            best = i;
    }
    if (withheld != 1 || best == NONE)
        return 0;
    t->state[best] = DISCLOSURE_SECONDARY;
    return 1;
}

/* The line rule on every row and column that has a total. Returns 1 when
 * it suppressed something. */
static int apply_line_rule(struct disclosure_table *t)
{
    size_t r, c;
    int changed = 0;
    for (r = 0; r <= t->nrows; r++) {
        if (row_is_line(t, r))
            changed |= repair_line(t, disclosure_index(t, r, 0), 1, t->ncols + 1);
    }
    for (c = 0; c <= t->ncols; c++) {
        if (col_is_line(t, c))
            changed |= repair_line(t, disclosure_index(t, 0, c), t->ncols + 1, t->nrows + 1);
    }
    return changed;
}

/* Marks in mark[] (value tag) every node reachable from start over the
 * suppressed cells other than `skip`. */
static void reach(const struct disclosure_table *t, size_t start, size_t skip, unsigned char *mark,
                  size_t *stack)
{
    size_t top = 0, r, c;
    mark[start] = 1;
    stack[top++] = start;
    while (top > 0) {
        size_t node = stack[--top];
        for (r = 0; r <= t->nrows; r++) {
            for (c = 0; c <= t->ncols; c++) {
                size_t i = disclosure_index(t, r, c), u, v, other;
                if (i == skip || !cell_exists(t, r, c) || t->state[i] == DISCLOSURE_SHOWN)
                    continue;
                u = node_of_row(t, r);
                v = node_of_col(t, c);
                if (u == node)
                    other = v;
                else if (v == node)
                    other = u;
                else
                    continue;
                if (!mark[other]) {
                    mark[other] = 1;
                    stack[top++] = other;
                }
            }
        }
    }
}

/* The bridge rule: a suppressed cell on no cycle gets the best shown cell
 * that joins its two sides suppressed too (1 when it suppressed something, 0 when every suppressed
 * cell lies on a cycle). */
static int apply_bridge_rule(struct disclosure_table *t)
{
    size_t nodes = node_ground(t) + 1, cells = (t->nrows + 1) * (t->ncols + 1), r, c;
    unsigned char *a = xcalloc(nodes, 1), *b = xcalloc(nodes, 1);
    size_t *stack = xmalloc(cells * 2 * sizeof *stack + nodes * sizeof *stack);
    int result = 0;
    for (r = 0; r <= t->nrows && result == 0; r++) {
        for (c = 0; c <= t->ncols && result == 0; c++) {
            size_t e = disclosure_index(t, r, c), u, v, best = NONE, r2, c2;
            if (!cell_exists(t, r, c) || t->state[e] == DISCLOSURE_SHOWN)
                continue;
            u = node_of_row(t, r);
            v = node_of_col(t, c);
            if (u == v)
                continue; /* in no relation at all: nothing can recompute it */
            memset(a, 0, nodes);
            reach(t, u, e, a, stack);
            if (a[v])
                continue; /* on a cycle */
            memset(b, 0, nodes);
            reach(t, v, e, b, stack);
            for (r2 = 0; r2 <= t->nrows; r2++) {
                for (c2 = 0; c2 <= t->ncols; c2++) {
                    size_t i = disclosure_index(t, r2, c2), x, y;
                    if (!cell_exists(t, r2, c2) || t->state[i] != DISCLOSURE_SHOWN)
                        continue;
                    x = node_of_row(t, r2);
                    y = node_of_col(t, c2);
                    if (((a[x] && b[y]) || (b[x] && a[y])) && (best == NONE || better(t, i, best)))
                        best = i;
                }
            }
            if (best == NONE) {
                /* Nothing joins the two sides (cannot happen once the line
                 * rule holds, but never show a cell that could be
                 * recomputed): suppress the whole table. */
                for (best = 0; best < cells; best++) {
                    if (t->state[best] == DISCLOSURE_SHOWN)
                        t->state[best] = DISCLOSURE_SECONDARY;
                }
            } else {
                t->state[best] = DISCLOSURE_SECONDARY;
            }
            result = 1;
        }
    }
    free(a);
    free(b);
    free(stack);
    return result;
}

void disclosure_force(struct disclosure_table *t, size_t row, size_t col)
{
    size_t i = disclosure_index(t, row, col);
    if (t->state[i] == DISCLOSURE_SHOWN)
        t->state[i] = DISCLOSURE_SECONDARY;
}

void disclosure_apply(struct disclosure_table *t, int64_t k, size_t *n_suppressed)
{
    size_t r, c, n = 0;
    int changed;
    for (r = 0; r <= t->nrows; r++) {
        for (c = 0; c <= t->ncols; c++) {
            size_t i = disclosure_index(t, r, c);
            if (t->state[i] != DISCLOSURE_SECONDARY || !cell_exists(t, r, c))
                t->state[i] = DISCLOSURE_SHOWN;
            if (cell_exists(t, r, c) && !disclosure_figure_shown(t->count[i], t->units[i], k))
                t->state[i] = DISCLOSURE_PRIMARY;
        }
    }
    do {
        while (apply_line_rule(t))
            ;
        changed = apply_bridge_rule(t);
    } while (changed);
    for (r = 0; r <= t->nrows; r++) {
        for (c = 0; c <= t->ncols; c++) {
            if (cell_exists(t, r, c) && disclosure_cell_state(t, r, c) != DISCLOSURE_SHOWN)
                n++;
        }
    }
    if (n_suppressed)
        *n_suppressed = n;
}
