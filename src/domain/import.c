/*
 * import.c — validated, all-or-nothing import of JSON documents and catalogue
 * CSV files (see import.h).
 */
#include "domain/import.h"
#include "domain/sharing.h"

#include "base/csv.h"
#include "base/timefmt.h"
#include "domain/validate.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT_MAX_FILE_BYTES (512u * 1024u * 1024u)

static const char *batch_add_source(struct import_batch *b, const char *path)
{
    char **sources = realloc(b->sources, (b->n_sources + 1) * sizeof *sources);
    if (sources == NULL)
        return NULL;
    b->sources = sources;
    b->sources[b->n_sources] = strdup(path);
    return b->sources[b->n_sources++];
}

static int batch_add(struct import_batch *b, const struct kind *k, json_t *record,
                     const char *source, const char *where)
{
    struct import_item *item;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        struct import_item *items = realloc(b->items, cap * sizeof *items);
        if (items == NULL)
            return ERR_NOMEM;
        b->items = items;
        b->cap = cap;
    }
    item = &b->items[b->n++];
    item->kind = k;
    item->record = record;
    item->source = source;
    snprintf(item->where, sizeof item->where, "%s", where);
    item->superseded = 0;
    item->at[0] = item->draft_at[0] = '\0';
    return 0;
}

void import_batch_release(struct import_batch *b)
{
    size_t i;
    for (i = 0; i < b->n; i++)
        json_decref(b->items[i].record);
    for (i = 0; i < b->n_sources; i++)
        free(b->sources[i]);
    free(b->items);
    free(b->sources);
    memset(b, 0, sizeof *b);
}

int import_batch_add_record(struct import_batch *b, const struct kind *k, json_t *record,
                            const char *source, const char *where, struct error *e)
{
    const char *kept = NULL;
    size_t i;
    for (i = 0; i < b->n_sources; i++) {
        if (strcmp(b->sources[i], source) == 0)
            kept = b->sources[i];
    }
    if (kept == NULL && (kept = batch_add_source(b, source)) == NULL) {
        json_decref(record);
        return error_set(e, ERR_NOMEM, source, "out of memory");
    }
    if (batch_add(b, k, record, kept, where) != 0) {
        json_decref(record);
        return error_set(e, ERR_NOMEM, source, "out of memory");
    }
    return 0;
}

int import_batch_add_json_file(struct import_batch *b, const char *path, struct error *e)
{
    json_error_t jerr;
    json_t *doc = NULL, *v;
    const char *key, *source;
    char where[64];
    int rc = 0;

    doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL) {
        if (jerr.line < 0 || strstr(jerr.text, "unable to open"))
            return error_set(e, ERR_IO, path, "%s", jerr.text);
        snprintf(where, sizeof where, "line %d, column %d", jerr.line, jerr.column);
        rc = error_set(e, ERR_INVALID, where, "malformed JSON: %s", jerr.text);
        error_prefix_where(e, path);
        return rc;
    }
    if (!json_is_object(doc)) {
        rc = error_set(e, ERR_INVALID, path, "$: a vitaal document is a JSON object");
        goto cleanup;
    }
    v = json_object_get(doc, "format");
    if (!json_is_string(v) || strcmp(json_string_value(v), IMPORT_DOCUMENT_FORMAT) != 0) {
        rc = error_set(e, ERR_INVALID, path, "$.format: must be \"%s\" (is this a vitaal export?)",
                       IMPORT_DOCUMENT_FORMAT);
        goto cleanup;
    }
    v = json_object_get(doc, "version");
    if (!json_is_integer(v) || json_integer_value(v) < 1) {
        rc = error_set(e, ERR_INVALID, path, "$.version: must be a whole number >= 1");
        goto cleanup;
    }
    if (json_integer_value(v) > IMPORT_DOCUMENT_VERSION) {
        rc = error_set(e, ERR_VERSION, path,
                       "$.version: document version %lld is newer than this vitaal reads (%d)",
                       (long long)json_integer_value(v), IMPORT_DOCUMENT_VERSION);
        goto cleanup;
    }
    if ((source = batch_add_source(b, path)) == NULL) {
        rc = error_set(e, ERR_NOMEM, path, "out of memory");
        goto cleanup;
    }
    json_object_foreach(doc, key, v)
    {
        const struct kind *k;
        size_t i;
        json_t *record;
        if (strcmp(key, "format") == 0 || strcmp(key, "version") == 0)
            continue;
        k = model_kind_find(key);
        if (k == NULL || strcmp(k->name, key) != 0) {
            rc = error_set(e, ERR_INVALID, path, "$.%s: unknown collection", key);
            goto cleanup;
        }
        if (!json_is_array(v)) {
            rc = error_set(e, ERR_INVALID, path, "$.%s: must be a list of records", key);
            goto cleanup;
        }
        json_array_foreach(v, i, record)
        {
            snprintf(where, sizeof where, "$.%s[%zu]", key, i);
            if (batch_add(b, k, json_incref(record), source, where) != 0) {
                json_decref(record);
                rc = error_set(e, ERR_NOMEM, path, "out of memory");
                goto cleanup;
            }
        }
    }
cleanup:
    json_decref(doc);
    return rc;
}

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
    data = malloc((size_t)size + 1);
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
    const char *source;
    int rc;

    if ((rc = read_file(path, &data, &i, e)) != 0)
        return rc;
    csv_reader_init(&r, data, i);
    if ((source = batch_add_source(b, path)) == NULL) {
        rc = error_set(e, ERR_NOMEM, path, "out of memory");
        goto cleanup;
    }
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
        if (batch_add(b, k, record, source, where) != 0) {
            json_decref(record);
            rc = error_set(e, ERR_NOMEM, NULL, "out of memory");
            goto fail;
        }
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

/* The ids of each kind in the batch: one JSON object per kind used as a set,
 * mapping id -> the item index where it first appears. */
struct id_sets {
    json_t *by_kind[64];
};

static size_t kind_index(const struct kind *k)
{
    size_t i;
    for (i = 0; i < model_kind_count; i++) {
        if (model_kinds[i] == k)
            return i;
    }
    return 0;
}

static int reference_exists(struct store *s, struct id_sets *sets, const char *kind_name,
                            const char *id, int *exists, struct error *e)
{
    const struct kind *target = model_kind_find(kind_name);
    if (json_object_get(sets->by_kind[kind_index(target)], id)) {
        *exists = 1;
        return 0;
    }
    return store_record_exists(s, target, id, exists, e);
}

static int check_references(struct store *s, struct id_sets *sets, const struct import_item *it,
                            struct error *e)
{
    const struct kind *k = it->kind;
    char at[ERROR_WHERE_MAX], at2[ERROR_WHERE_MAX];
    size_t i;
    int rc, exists;

    for (i = 0; i < k->n_fields; i++) {
        const struct field *f = &k->fields[i];
        json_t *v = json_object_get(it->record, f->name);
        if (v == NULL || json_is_null(v) || f->ref_kind == NULL)
            continue;
        validate_field_where(it->where, f->name, at, sizeof at);
        if (f->type == FIELD_REF) {
            if ((rc = reference_exists(s, sets, f->ref_kind, json_string_value(v), &exists, e)))
                return rc;
            if (!exists)
                return error_set(e, ERR_INVALID, at, "unknown %s '%s'",
                                 model_kind_find(f->ref_kind)->singular, json_string_value(v));
        } else if (f->type == FIELD_REF_LIST) {
            size_t j;
            json_t *item;
            json_array_foreach(v, j, item)
            {
                if ((rc = reference_exists(s, sets, f->ref_kind, json_string_value(item), &exists,
                                           e)))
                    return rc;
                if (!exists) {
                    snprintf(at2, sizeof at2, "%s[%zu]", at, j);
                    return error_set(e, ERR_INVALID, at2, "unknown %s '%s'",
                                     model_kind_find(f->ref_kind)->singular,
                                     json_string_value(item));
                }
            }
        } else if (f->type == FIELD_MAP) {
            const char *key;
            json_t *item;
            json_object_foreach(v, key, item)
            {
                if ((rc = reference_exists(s, sets, f->ref_kind, key, &exists, e)))
                    return rc;
                if (!exists) {
                    snprintf(at2, sizeof at2, "%s.%s", at, key);
                    return error_set(e, ERR_INVALID, at2, "unknown %s '%s'",
                                     model_kind_find(f->ref_kind)->singular, key);
                }
            }
        }
    }
    return sharing_check_people(s, it->record, it->where, e);
}

/* Writes one item: as it is, or for a legacy item at its own dates (a final
 * analysis first as the draft it was). */
static int put_item(struct store *s, const struct import_item *it,
                    const struct store_change *change, struct store_write *w, struct error *e)
{
    struct store_change dated = *change;
    int rc;
    if (it->at[0] == '\0')
        return store_record_put(s, it->kind, it->record, change, w, e);
    dated.note = IMPORT_LEGACY_NOTE;
    if (it->draft_at[0]) {
        /* the version before: an analysis in draft, a measure in progress */
        json_t *draft = json_deep_copy(it->record);
        int measure = strcmp(it->kind->name, "measures") == 0;
        json_object_set_new(draft, "status", json_string(measure ? "in_progress" : "draft"));
        json_object_del(draft, "finalised");
        dated.at = it->draft_at;
        rc = store_record_put(s, it->kind, draft, &dated, w, e);
        json_decref(draft);
        if (rc != 0)
            return rc;
    }
    dated.at = it->at;
    if ((rc = store_record_put(s, it->kind, it->record, &dated, w, e)) == 0 && it->draft_at[0])
        w->inserted = 1; /* new to vitaal, in two versions */
    return rc;
}

int import_batch_set_legacy(struct import_batch *b, const char *from_date, struct error *e)
{
    int64_t day;
    if (timefmt_parse_date(from_date, &day) != 0)
        return error_set(e, ERR_INVALID, NULL, "needs a date YYYY-MM-DD, not '%s'", from_date);
    snprintf(b->legacy_from, sizeof b->legacy_from, "%s", from_date);
    return 0;
}

int import_batch_apply(struct import_batch *b, struct store *s, int dry_run,
                       const struct store_change *change, const struct import_hook *hook,
                       struct import_stats *stats, struct error *e)
{
    struct id_sets sets;
    size_t i;
    int rc = 0;

    memset(&sets, 0, sizeof sets);
    memset(stats, 0, sizeof *stats);
    for (i = 0; i < model_kind_count; i++)
        sets.by_kind[i] = json_object();

    /* 1. every record's own shape, and duplicate ids */
    for (i = 0; i < b->n; i++) {
        struct import_item *it = &b->items[i];
        const char *id;
        json_t *seen, *set = sets.by_kind[kind_index(it->kind)];
        char at[ERROR_WHERE_MAX];
        if ((rc = validate_record(it->kind, it->record, it->where, e)) != 0) {
            error_prefix_where(e, it->source);
            goto cleanup;
        }
        id = json_string_value(json_object_get(it->record, "id"));
        if ((seen = json_object_get(set, id)) != NULL) {
            struct import_item *first = &b->items[json_integer_value(seen)];
            if (first->source == it->source) {
                rc = error_set(e, ERR_INVALID, validate_field_where(it->where, "id", at, sizeof at),
                               "duplicate id '%s' (also at %s)", id, first->where);
                error_prefix_where(e, it->source);
                goto cleanup;
            }
            first->superseded = 1;
        }
        json_object_set_new(set, id, json_integer((json_int_t)i));
    }
    /* 2. every reference names a record in the batch or in the database */
    for (i = 0; i < b->n; i++) {
        if ((rc = check_references(s, &sets, &b->items[i], e)) != 0) {
            error_prefix_where(e, b->items[i].source);
            goto cleanup;
        }
    }
    if (b->legacy_from[0] && (rc = import_legacy_date(b, s, e)) != 0)
        goto cleanup;
    if (dry_run) {
        for (i = 0; i < b->n; i++) {
            int exists = 0;
            if (b->items[i].superseded)
                continue;
            if ((rc = store_record_exists(
                     s, b->items[i].kind,
                     json_string_value(json_object_get(b->items[i].record, "id")), &exists, e)) !=
                0)
                goto cleanup;
            if (exists)
                stats->updated++;
            else
                stats->inserted++;
        }
        goto cleanup;
    }
    /* 3. one transaction: all or nothing */
    if ((rc = store_begin(s, e)) != 0)
        goto cleanup;
    for (i = 0; i < b->n; i++) {
        struct store_write w;
        if (b->items[i].superseded)
            continue;
        if ((rc = put_item(s, &b->items[i], change, &w, e)) != 0 ||
            (hook && (rc = hook->after_write(hook->ctx, s, &b->items[i], &w, e)) != 0)) {
            char at[ERROR_WHERE_MAX];
            snprintf(at, sizeof at, "%s: %s", b->items[i].source, b->items[i].where);
            error_prefix_where(e, at);
            store_rollback(s);
            goto cleanup;
        }
        if (w.inserted)
            stats->inserted++;
        else if (w.changed)
            stats->updated++;
        else
            stats->unchanged++;
    }
    rc = store_commit(s, e);
cleanup:
    for (i = 0; i < model_kind_count; i++)
        json_decref(sets.by_kind[i]);
    return rc;
}
