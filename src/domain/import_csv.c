/*
 * import_csv.c — catalogue CSV files into an import batch (see import.h):
 * one kind of record a file, the header row naming the fields, every cell
 * checked where it enters (UTF-8, strictly decimal numbers, finite reals).
 * The file is read whole, so it has a size cap of its own.
 */
#include "domain/import.h"

#include "base/csv.h"
#include "base/xmalloc.h"
#include "domain/validate.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT_MAX_FILE_BYTES (512u * 1024u * 1024u)

static int read_file(const char *path, char **out, size_t *len, struct error *e)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long size;
    *out = NULL;
    if (f == NULL)
        return error_set(e, ERR_IO, path, "cannot open: %s", strerror(errno));
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return error_set(e, ERR_IO, path, "cannot read: %s", strerror(errno));
    }
    if ((unsigned long)size > IMPORT_MAX_FILE_BYTES) {
        fclose(f);
        return error_set(e, ERR_TOO_LARGE, path, "larger than %u bytes", IMPORT_MAX_FILE_BYTES);
    }
    data = xmalloc((size_t)size + 1);
    if (data == NULL || fread(data, 1, (size_t)size, f) != (size_t)size) {
        free(data);
        fclose(f);
        return error_set(e, ERR_IO, path, "cannot read");
    }
    fclose(f);
    data[size] = '\0';
    *out = data;
    *len = (size_t)size;
    return 0;
}

/* Whether s is valid UTF-8 (no overlong forms, no surrogates, nothing above
 * U+10FFFF); *bad gets the offset of the first byte that is not. */
static int utf8_valid(const char *s, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s, *start = p;
    while (*p) {
        unsigned c = *p;
        size_t n, i;
        unsigned cp;
        if (c < 0x80) {
            p++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            n = 1, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef)
            n = 2, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4)
            n = 3, cp = c & 0x07;
        else
            goto invalid;
        for (i = 1; i <= n; i++) {
            if ((p[i] & 0xc0) != 0x80)
                goto invalid;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            goto invalid;
        p += n + 1;
    }
    return 1;
invalid:
    *bad = (size_t)(p - start);
    return 0;
}

/* Whether cell is a plain decimal number: an optional minus, digits, and
 * for a real an optional fraction and exponent (no hexadecimal, no plus,
 * no spaces, no nan or inf). */
static int decimal_syntax(const char *cell, int real)
{
    const char *p = cell;
    if (*p == '-')
        p++;
    if (!isdigit((unsigned char)*p))
        return 0;
    while (isdigit((unsigned char)*p))
        p++;
    if (real && *p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (real && (*p == 'e' || *p == 'E')) {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0';
}

/* Turns a CSV cell into the JSON value of a field; empty cells are absent.
 * Numbers are strictly decimal and finite. */
static json_t *cell_value(const struct field *f, const char *cell, const char *where,
                          struct error *e)
{
    if (f->type == FIELD_INT) {
        long long v;
        errno = 0;
        v = decimal_syntax(cell, 0) ? strtoll(cell, NULL, 10) : 0;
        if (!decimal_syntax(cell, 0) || errno) {
            error_set(e, ERR_INVALID, where, "'%s' is not a whole number (decimal digits)", cell);
            return NULL;
        }
        return json_integer(v);
    }
    if (f->type == FIELD_REAL) {
        double v;
        errno = 0;
        v = decimal_syntax(cell, 1) ? strtod(cell, NULL) : 0;
        if (!decimal_syntax(cell, 1) || errno == ERANGE || !isfinite(v)) {
            error_set(e, ERR_INVALID, where,
                      "'%s' is not a finite decimal number (like 12, 0.5 or 1.5e6)", cell);
            return NULL;
        }
        return json_real(v);
    }
    if (f->type == FIELD_BOOL) {
        if (strcmp(cell, "true") == 0 || strcmp(cell, "yes") == 0 || strcmp(cell, "1") == 0)
            return json_true();
        if (strcmp(cell, "false") == 0 || strcmp(cell, "no") == 0 || strcmp(cell, "0") == 0)
            return json_false();
        error_set(e, ERR_INVALID, where, "'%s' is not true or false", cell);
        return NULL;
    }
    return json_string(cell);
}

/* ERR_INVALID at where when text is not UTF-8 (a file saved as Latin-1 by
 * a spreadsheet, say). */
static int check_utf8(const char *text, const char *where, struct error *e)
{
    size_t bad = 0;
    if (utf8_valid(text, &bad))
        return 0;
    return error_set(e, ERR_INVALID, where,
                     "not UTF-8 text (byte %zu of the cell, 0x%02x): save the file as UTF-8",
                     bad + 1, (unsigned char)text[bad]);
}

int import_batch_add_csv_file(struct import_batch *b, const char *path, const struct kind *k,
                              struct error *e)
{
    struct csv_reader r;
    char *data = NULL, where[48], at[ERROR_WHERE_MAX];
    const struct field *columns[CSV_MAX_FIELDS];
    size_t n_columns = 0, i = 0;
    int rc;

    if ((rc = read_file(path, &data, &i, e)) != 0)
        return rc;
    csv_reader_init(&r, data, i);
    rc = csv_reader_next(&r, e);
    if (rc <= 0) {
        if (rc == 0)
            rc = error_set(e, ERR_INVALID, NULL, "empty file: the first line names the fields");
        goto fail;
    }
    for (i = 0; i < r.n_fields; i++) {
        const struct field *f;
        size_t j;
        snprintf(where, sizeof where, "line %zu", r.record_line);
        if ((rc = check_utf8(r.fields[i], where, e)) != 0)
            goto fail;
        f = model_field_find(k, r.fields[i]);
        if (f == NULL) {
            rc = error_set(e, ERR_INVALID, validate_field_where(where, r.fields[i], at, sizeof at),
                           "unknown field for a %s", k->singular);
            goto fail;
        }
        if (f->type == FIELD_REF_LIST || f->type == FIELD_MAP) {
            rc = error_set(e, ERR_INVALID, validate_field_where(where, r.fields[i], at, sizeof at),
                           "lists and maps cannot be imported from CSV; use a JSON document");
            goto fail;
        }
        for (j = 0; j < n_columns; j++) {
            if (columns[j] == f) {
                rc = error_set(e, ERR_INVALID,
                               validate_field_where(where, r.fields[i], at, sizeof at),
                               "column named twice");
                goto fail;
            }
        }
        columns[n_columns++] = f;
    }
    while ((rc = csv_reader_next(&r, e)) == 1) {
        json_t *record = json_object();
        snprintf(where, sizeof where, "line %zu", r.record_line);
        if (r.n_fields != n_columns) {
            json_decref(record);
            rc = error_set(e, ERR_INVALID, where, "%zu fields, but the header names %zu",
                           r.n_fields, n_columns);
            goto fail;
        }
        for (i = 0; i < n_columns; i++) {
            json_t *v;
            if (r.fields[i][0] == '\0')
                continue;
            validate_field_where(where, columns[i]->name, at, sizeof at);
            if ((rc = check_utf8(r.fields[i], at, e)) != 0) {
                json_decref(record);
                goto fail;
            }
            v = cell_value(columns[i], r.fields[i], at, e);
            if (v == NULL) {
                json_decref(record);
                rc = ERR_INVALID;
                goto fail;
            }
            json_object_set_new(record, columns[i]->name, v);
        }
        import_batch_add_record(b, k, record, path, where); /* the batch takes the record */
    }
    if (rc < 0)
        goto fail;
    rc = 0;
    goto cleanup;
fail:
    error_prefix_where(e, path);
cleanup:
    csv_reader_release(&r);
    free(data);
    return rc;
}
