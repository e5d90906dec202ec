/*
 * table.h — human-readable tables for the terminal: rows of cells, columns
 * as wide as their widest cell (counted in characters, not bytes, so Dutch
 * names with accents line up), long cells cut with an ellipsis.
 */
#ifndef VITAAL_CLI_TABLE_H
#define VITAAL_CLI_TABLE_H

#include <stddef.h>
#include <stdio.h>

#define TABLE_MAX_COLUMNS 32

struct table {
    size_t n_columns;
    size_t max_width; /* cells are cut to this many characters (0: no limit) */
    char **cells;     /* row-major, n_rows * n_columns, owned */
    size_t n_rows, cap_rows;
    unsigned right_align; /* bit i: column i is numeric */
};

void table_init(struct table *t, size_t n_columns, size_t max_width);
/* Adds a row; cells may be NULL (printed empty). The first row is the header. */
void table_add_row(struct table *t, const char *const *cells);
void table_print(const struct table *t, FILE *out);
void table_release(struct table *t);

#endif
