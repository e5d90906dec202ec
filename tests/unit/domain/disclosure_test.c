/*
 * disclosure_test.c — tests src/domain/disclosure.c on tables checked by
 * hand: primary suppression by count and by units, secondary suppression
 * needed in a row and in a column (the rectangle), zero cells shown and not
 * chosen, a small total, two rectangles joined by a cell that the totals
 * would give away (the bridge rule), one column with and without a total,
 * a cell forced by a linked table, and k of 1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/disclosure.h"

#include <string.h>

#define S DISCLOSURE_SHOWN
#define P DISCLOSURE_PRIMARY
#define X DISCLOSURE_SECONDARY

/* Fills a table from counts[(nrows+1)*(ncols+1)] (margins included, row by
 * row), every cell concerning as many units as it counts. */
static void fill(struct disclosure_table *t, const int64_t *counts)
{
    size_t r, c;
    for (r = 0; r <= t->nrows; r++) {
        for (c = 0; c <= t->ncols; c++) {
            int64_t v = counts[r * (t->ncols + 1) + c];
            disclosure_set(t, r, c, v, (uint32_t)v);
        }
    }
}

static void expect(const struct disclosure_table *t, const unsigned char *states)
{
    size_t r, c;
    for (r = 0; r <= t->nrows; r++) {
        for (c = 0; c <= t->ncols; c++) {
            if (disclosure_cell_state(t, r, c) != states[r * (t->ncols + 1) + c])
                fail_msg("cell (%zu,%zu): state %d, expected %d", r, c,
                         disclosure_cell_state(t, r, c), states[r * (t->ncols + 1) + c]);
        }
    }
}

static void test_nothing_small(void **state)
{
    struct disclosure_table t;
    struct arena a = ARENA_INIT_UNBOUNDED;
    static const int64_t counts[] = {3, 4, 7, 5, 6, 11, 8, 10, 18};
    static const unsigned char want[] = {S, S, S, S, S, S, S, S, S};
    size_t n = 99;
    (void)state;
    assert_int_equal(
        disclosure_table_init(&t, &a, 2, 2, DISCLOSURE_ROW_TOTALS | DISCLOSURE_COL_TOTALS), 0);
    fill(&t, counts);
    disclosure_apply(&t, 3, &n);
    expect(&t, want);
    assert_int_equal(n, 0);
    arena_release(&a);
}

/* One cell of 1: its row needs a partner (the smallest, 5) and its column
 * (6); then column 1 holds one suppressed cell and takes 4 — the rectangle
 * (0,0) (0,1) (1,0) (1,1), which no total can undo. */
static void test_rectangle(void **state)
{
    struct disclosure_table t;
    struct arena a = ARENA_INIT_UNBOUNDED;
    static const int64_t counts[] = {1,      5,  8, 14, /**/ 6,  4,  9,  19,
                                     /**/ 7, 10, 3, 20, /**/ 14, 19, 20, 53};
    static const unsigned char want[] = {P,      X, S, S, /**/ X, X, S, S,
                                         /**/ S, S, S, S, /**/ S, S, S, S};
    size_t n = 0;
    (void)state;
    assert_int_equal(
        disclosure_table_init(&t, &a, 3, 3, DISCLOSURE_ROW_TOTALS | DISCLOSURE_COL_TOTALS), 0);
    fill(&t, counts);
    disclosure_apply(&t, 3, &n);
    expect(&t, want);
    assert_int_equal(n, 4);
    assert_int_equal(disclosure_shown(&t, 0, 0), 0);
    assert_int_equal(disclosure_shown(&t, 2, 2), 1);
    arena_release(&a);
}

/* Zero cells are shown and not taken as partners while a non-zero cell can
 * serve: row 0 takes 7, not its 0; column 0 takes 4, column 2 then 6. */
static void test_zero_cells(void **state)
{
    struct disclosure_table t;
    struct arena a = ARENA_INIT_UNBOUNDED;
    static const int64_t counts[] = {2, 0, 7, 9, /**/ 4, 0, 6, 10, /**/ 6, 0, 13, 19};
    static const unsigned char want[] = {P, S, X, S, /**/ X, S, X, S, /**/ S, S, S, S};
    (void)state;
    assert_int_equal(
        disclosure_table_init(&t, &a, 2, 3, DISCLOSURE_ROW_TOTALS | DISCLOSURE_COL_TOTALS), 0);
    fill(&t, counts);
    disclosure_apply(&t, 3, NULL);
    expect(&t, want);
    arena_release(&a);
}

/* A count of 5 that concerns 2 processes is primary, a count of 2 that
 * concerns 4 processes too (fewer than k things); 0 never. */
static void test_units(void **state)
{
    struct disclosure_table t;
    struct arena a = ARENA_INIT_UNBOUNDED;
    (void)state;
    assert_int_equal(disclosure_figure_shown(5, 2, 3), 0);
    assert_int_equal(disclosure_figure_shown(2, 4, 3), 0);
    assert_int_equal(disclosure_figure_shown(3, 3, 3), 1);
    assert_int_equal(disclosure_figure_shown(0, 0, 3), 1);
    assert_int_equal(disclosure_figure_shown(1, 1, 1), 1);
    assert_int_equal(disclosure_table_init(&t, &a, 2, 1, 0), 0);
    disclosure_set(&t, 0, 0, 5, 2);
    disclosure_set(&t, 1, 0, 9, 9);
    disclosure_apply(&t, 3, NULL);
    assert_int_equal(disclosure_cell_state(&t, 0, 0), P);
    assert_int_equal(disclosure_cell_state(&t, 1, 0), S); /* no total: nothing to subtract from */
    arena_release(&a);
}

/* A row whose total is small: the row (total too) is primary; each column
 * then needs a partner in row 1, and the whole of row 1 goes. Only the
 * column totals are shown, and they cannot be split. */
static void test_small_total(void **state)
{
    struct disclosure_table t;
    struct arena a = ARENA_INIT_UNBOUNDED;
    static const int64_t counts[] = {1, 1, 2, /**/ 5, 6, 11, /**/ 6, 7, 13};
    static const unsigned char want[] = {P, P, P, /**/ X, X, X, /**/ S, S, S};
    (void)state;
    assert_int_equal(
        disclosure_table_init(&t, &a, 2, 2, DISCLOSURE_ROW_TOTALS | DISCLOSURE_COL_TOTALS), 0);
    fill(&t, counts);
    disclosure_apply(&t, 3, NULL);
    expect(&t, want);
    arena_release(&a);
}

/* Two suppressed rectangles joined by (1,2): every line holds two or more
 * suppressed cells, yet (1,2) = row 0 + row 1 - column 0 - column 1 of the
 * shown figures. The bridge rule joins the two sides with the smallest
 * shown cell between them, (2,1) = 4. */
static void test_bridge(void **state)
{
    struct disclosure_table t;
    struct arena a = ARENA_INIT_UNBOUNDED;
    int64_t counts[25];
    unsigned char want[25];
    size_t r, c;
    static const size_t small[][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {1, 2},
                                      {2, 2}, {2, 3}, {3, 2}, {3, 3}};
    (void)state;
    assert_int_equal(
        disclosure_table_init(&t, &a, 4, 4, DISCLOSURE_ROW_TOTALS | DISCLOSURE_COL_TOTALS), 0);
    for (r = 0; r < 4; r++)
        for (c = 0; c < 4; c++)
            counts[r * 5 + c] = 10;
    for (r = 0; r < 9; r++)
        counts[small[r][0] * 5 + small[r][1]] = 2;
    counts[2 * 5 + 1] = 4;
    for (r = 0; r < 4; r++) {
        counts[r * 5 + 4] = 0;
        for (c = 0; c < 4; c++)
            counts[r * 5 + 4] += counts[r * 5 + c];
    }
    for (c = 0; c <= 4; c++) {
        counts[4 * 5 + c] = 0;
        for (r = 0; r < 4; r++)
            counts[4 * 5 + c] += counts[r * 5 + c];
    }
    fill(&t, counts);
    disclosure_apply(&t, 3, NULL);
    memset(want, S, sizeof want);
    for (r = 0; r < 9; r++)
        want[small[r][0] * 5 + small[r][1]] = P;
    want[2 * 5 + 1] = X;
    expect(&t, want);
    arena_release(&a);
}

/* One column with a total below it: the small cell takes the smallest other
 * cell as its partner; without the total nothing is needed. */
static void test_one_column(void **state)
{
    struct disclosure_table t;
    struct arena a = ARENA_INIT_UNBOUNDED;
    static const int64_t counts[] = {1, 0, 8, 0, 5, 0, 14, 0};
    static const unsigned char with_total[] = {P, S, S, S, X, S, S, S};
    (void)state;
    assert_int_equal(disclosure_table_init(&t, &a, 3, 1, DISCLOSURE_COL_TOTALS), 0);
    fill(&t, counts);
    disclosure_apply(&t, 3, NULL);
    expect(&t, with_total);
    assert_int_equal(disclosure_shown(&t, 0, 1), 0); /* the absent total column */
    arena_release(&a);

    assert_int_equal(disclosure_table_init(&t, &a, 3, 1, 0), 0);
    fill(&t, counts);
    disclosure_apply(&t, 3, NULL);
    assert_int_equal(disclosure_cell_state(&t, 0, 0), P);
    assert_int_equal(disclosure_cell_state(&t, 2, 0), S);
    assert_int_equal(disclosure_shown(&t, 3, 0), 0); /* the absent total row */
    arena_release(&a);
}

/* A figure another table withholds (linked tables) is forced: it stays
 * withheld and is protected like a primary one — the rectangle again. */
static void test_forced(void **state)
{
    struct disclosure_table t;
    struct arena a = ARENA_INIT_UNBOUNDED;
    static const int64_t counts[] = {3, 4, 7, 5, 6, 11, 8, 10, 18};
    static const unsigned char want[] = {X, X, S, X, X, S, S, S, S};
    (void)state;
    assert_int_equal(
        disclosure_table_init(&t, &a, 2, 2, DISCLOSURE_ROW_TOTALS | DISCLOSURE_COL_TOTALS), 0);
    fill(&t, counts);
    disclosure_apply(&t, 3, NULL); /* nothing small */
    disclosure_force(&t, 0, 0);
    disclosure_apply(&t, 3, NULL);
    expect(&t, want);
    disclosure_apply(&t, 3, NULL); /* again: the same */
    expect(&t, want);
    arena_release(&a);
}

static void test_k_one(void **state)
{
    struct disclosure_table t;
    struct arena a = ARENA_INIT_UNBOUNDED;
    static const int64_t counts[] = {1, 5, 8, 14, 6, 4, 9, 19, 7, 9, 17, 33};
    size_t n = 9;
    (void)state;
    assert_int_equal(
        disclosure_table_init(&t, &a, 2, 3, DISCLOSURE_ROW_TOTALS | DISCLOSURE_COL_TOTALS), 0);
    fill(&t, counts);
    disclosure_apply(&t, 1, &n);
    assert_int_equal(n, 0);
    arena_release(&a);
    assert_int_equal(disclosure_table_init(&t, &a, 0, 3, 0), ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nothing_small), cmocka_unit_test(test_rectangle),
        cmocka_unit_test(test_zero_cells),    cmocka_unit_test(test_units),
        cmocka_unit_test(test_small_total),   cmocka_unit_test(test_bridge),
        cmocka_unit_test(test_one_column),    cmocka_unit_test(test_forced),
        cmocka_unit_test(test_k_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
