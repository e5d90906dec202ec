/*
 * csv.c — RFC 4180 CSV records from a buffer (see csv.h).
 */
#include "base/csv.h"

#include "base/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void csv_reader_init(struct csv_reader *r, const char *data, size_t len)
{
    memset(r, 0, sizeof *r);
    r->data = data;
    r->len = len;
    r->line = 1;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
}

void csv_reader_release(struct csv_reader *r)
{
    free(r->scratch);
    r->scratch = NULL;
    r->scratch_cap = 0;
}

/* Whether the byte at pos ends a line: LF, or a CR not followed by LF (a
 * lone CR ends a record, so it counts as a line too; found by fuzzing:
 * two records were both said to be on the same line). */
static int line_break_at(const struct csv_reader *r, size_t pos)
{
    return r->data[pos] == '\n' ||
           (r->data[pos] == '\r' && (pos + 1 >= r->len || r->data[pos + 1] != '\n'));
}

int csv_reader_next(struct csv_reader *r, struct error *e)
{
    size_t out = 0, starts[CSV_MAX_FIELDS], n = 0, i;
    char where[32];
    int quoted, c;

    /* skip blank lines */
    while (r->pos < r->len && (r->data[r->pos] == '\n' || r->data[r->pos] == '\r')) {
        if (line_break_at(r, r->pos))
            r->line++;
        r->pos++;
    }
    if (r->pos >= r->len)
        return 0;
    r->record_line = r->line;
    snprintf(where, sizeof where, "line %zu", r->line);
    /* the unquoted record is never longer than the raw one */
    if (r->scratch_cap < r->len - r->pos + 1) {
        r->scratch = xrealloc(r->scratch, r->len - r->pos + 1);
        r->scratch_cap = r->len - r->pos + 1;
    }
    for (;;) {
        if (n == CSV_MAX_FIELDS)
            return error_set(e, ERR_INVALID, where, "more than %d fields", CSV_MAX_FIELDS);
        starts[n++] = out;
        quoted = r->pos < r->len && r->data[r->pos] == '"';
        if (quoted) {
            r->pos++;
            for (;;) {
                if (r->pos >= r->len)
                    return error_set(e, ERR_INVALID, where, "a quoted field is never closed");
                c = r->data[r->pos++];
                if (c == '"') {
                    if (r->pos < r->len && r->data[r->pos] == '"') {
                        r->scratch[out++] = '"';
                        r->pos++;
                        continue;
                    }
                    break;
                }
                if (c == '\n')
                    r->line++;
                r->scratch[out++] = (char)c;
            }
            if (r->pos < r->len && r->data[r->pos] != ',' && r->data[r->pos] != '\n' &&
                r->data[r->pos] != '\r')
                return error_set(e, ERR_INVALID, where, "field %zu: text after the closing quote",
                                 n);
        } else {
            while (r->pos < r->len && r->data[r->pos] != ',' && r->data[r->pos] != '\n' &&
                   r->data[r->pos] != '\r') {
                if (r->data[r->pos] == '"')
                    return error_set(e, ERR_INVALID, where,
                                     "field %zu: a quote inside an unquoted field", n);
                r->scratch[out++] = r->data[r->pos++];
            }
        }
        r->scratch[out++] = '\0';
        if (r->pos < r->len && r->data[r->pos] == ',') {
            r->pos++;
            continue;
        }
        if (r->pos < r->len && r->data[r->pos] == '\r') {
            if (line_break_at(r, r->pos))
                r->line++;
            r->pos++;
        }
        if (r->pos < r->len && r->data[r->pos] == '\n') {
            r->pos++;
            r->line++;
        }
        break;
    }
    for (i = 0; i < n; i++)
        r->fields[i] = r->scratch + starts[i];
    r->n_fields = n;
    return 1;
}
