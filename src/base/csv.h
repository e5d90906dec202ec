/*
 * csv.h — an RFC 4180 CSV reader over a buffer in memory.
 *
 * Quoted fields may hold commas, doubled quotes and line breaks; CRLF and LF
 * both end a record; a UTF-8 byte order mark at the start is skipped. Each
 * record knows the line it starts on, for error messages. The reader never
 * copies more than one record at a time and does not own the input buffer.
 */
#ifndef VITAAL_BASE_CSV_H
#define VITAAL_BASE_CSV_H

#include "base/error.h"

#include <stddef.h>

#define CSV_MAX_FIELDS 256

struct csv_reader {
    const char *data;
    size_t len;
    size_t pos;
    size_t line;        /* line the next record starts on (1-based) */
    size_t record_line; /* line the last record read started on */
    char *fields[CSV_MAX_FIELDS];
    size_t n_fields;
    char *scratch; /* the unquoted text of the current record's fields */
    size_t scratch_cap;
};

void csv_reader_init(struct csv_reader *r, const char *data, size_t len);
/* Reads the next record into r->fields / r->n_fields (valid until the next
 * call). Returns 1 when a record was read, 0 at the end, or a negative code
 * with e->where = "line N". Blank lines are skipped. */
int csv_reader_next(struct csv_reader *r, struct error *e);
void csv_reader_release(struct csv_reader *r);

#endif
