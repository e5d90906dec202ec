/*
 * table.c — terminal tables (see table.h).
 */
#include "cli/table.h"

#include "base/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void table_init(struct table *t, size_t n_columns, size_t max_width)
{
    memset(t, 0, sizeof *t);
    t->n_columns = n_columns > TABLE_MAX_COLUMNS ? TABLE_MAX_COLUMNS : n_columns;
    t->max_width = max_width;
}

/* Characters in a UTF-8 string (continuation bytes do not count). */
static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Length of a C1 control character (U+0080 .. U+009F, which some terminals
 * take as ESC sequences) at s in UTF-8, or 0. */
static int c1_control(const unsigned char *s)
{
    return s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F ? 2 : 0;
}

/* A copy of s cut to max characters, with "…" when cut. Newlines and tabs
 * become spaces; every other control character (C0, DEL, C1) is shown as
 * \xHH (\u0080 .. \u009f for C1), so text from the database (a login name,
 * a record's title) can never send the terminal an escape sequence. */
static char *cell_copy(const char *s, size_t max)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t chars = 0, i, o = 0, len = strlen(s);
    char *escaped = xmalloc(6 * len + 1), *out;
    for (i = 0; u[i]; i++) {
        if (u[i] == '\n' || u[i] == '\r' || u[i] == '\t') {
            escaped[o++] = ' ';
        } else if (u[i] < 0x20 || u[i] == 0x7F) {
            o += (size_t)snprintf(escaped + o, 5, "\\x%02x", u[i]);
        } else if (c1_control(u + i)) {
            o += (size_t)snprintf(escaped + o, 7, "\\u%04x", u[i + 1]);
            i++;
        } else {
            escaped[o++] = s[i];
        }
    }
    escaped[o] = '\0';
    out = xmalloc(o + 4);
    for (i = o = 0; escaped[i]; i++) {
        if (((unsigned char)escaped[i] & 0xC0) != 0x80) {
            if (max && chars == max - 1 && utf8_length(escaped + i) > 1) {
                memcpy(out + o, "\xE2\x80\xA6", 3);
                o += 3;
                break;
            }
            chars++;
        }
        out[o++] = escaped[i];
    }
    out[o] = '\0';
    free(escaped);
    return out;
}

void table_add_row(struct table *t, const char *const *cells)
{
    size_t i;
    if (t->n_rows == t->cap_rows) {
        size_t cap = t->cap_rows ? t->cap_rows * 2 : 32;
        char **grown = xrealloc(t->cells, cap * t->n_columns * sizeof *grown);
        t->cells = grown;
        t->cap_rows = cap;
    }
    for (i = 0; i < t->n_columns; i++)
        t->cells[t->n_rows * t->n_columns + i] = cell_copy(cells[i] ? cells[i] : "", t->max_width);
    t->n_rows++;
}

void table_print(const struct table *t, FILE *out)
{
    size_t widths[TABLE_MAX_COLUMNS] = {0}, r, c;
    for (r = 0; r < t->n_rows; r++) {
        for (c = 0; c < t->n_columns; c++) {
            size_t w = utf8_length(t->cells[r * t->n_columns + c]);
            if (w > widths[c])
                widths[c] = w;
        }
    }
    for (r = 0; r < t->n_rows; r++) {
        for (c = 0; c < t->n_columns; c++) {
            const char *cell = t->cells[r * t->n_columns + c];
            size_t pad = widths[c] - utf8_length(cell), k;
            int right = r > 0 && (t->right_align >> c & 1);
            int last = c + 1 == t->n_columns;
            if (right)
                for (k = 0; k < pad; k++)
                    fputc(' ', out);
            fputs(cell, out);
            if (!right && !last)
                for (k = 0; k < pad; k++)
                    fputc(' ', out);
            if (!last)
                fputs("  ", out);
        }
        fputc('\n', out);
    }
}

void table_release(struct table *t)
{
    size_t i;
    for (i = 0; i < t->n_rows * t->n_columns; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
}
