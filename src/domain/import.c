/*
 * import.c — validated, all-or-nothing import of JSON documents and catalogue
 * CSV files (see import.h).
 */
#include "domain/import.h"

#include "base/xmalloc.h"
#include "domain/import_stream.h"
#include "domain/sharing.h"

#include "base/timefmt.h"
#include "domain/validate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *batch_add_source(struct import_batch *b, const char *path)
{
    b->sources = xrealloc(b->sources, (b->n_sources + 1) * sizeof *b->sources);
    b->sources[b->n_sources] = xstrdup(path);
    return b->sources[b->n_sources++];
}

static void batch_add(struct import_batch *b, const struct kind *k, json_t *record,
                      const char *source, const char *where)
{
    struct import_item *item;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        struct import_item *items = xrealloc(b->items, cap * sizeof *items);
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
}

void import_batch_release(struct import_batch *b)
{
    size_t i;
    for (i = 0; i < b->n; i++)
        json_decref(b->items[i].record);
    for (i = 0; i < b->n_files; i++)
        fclose(b->files[i].file);
    free(b->files);
    for (i = 0; i < b->n_sources; i++)
        free(b->sources[i]);
    free(b->items);
    free(b->sources);
    memset(b, 0, sizeof *b);
}

void import_batch_add_record(struct import_batch *b, const struct kind *k, json_t *record,
                             const char *source, const char *where)
{
    const char *kept = NULL;
    size_t i;
    for (i = 0; i < b->n_sources; i++) {
        if (strcmp(b->sources[i], source) == 0)
            kept = b->sources[i];
    }
    if (kept == NULL)
        kept = batch_add_source(b, source);
    batch_add(b, k, record, kept, where);
}

static uint64_t json_cap(const struct import_batch *b)
{
    return b->max_json_bytes ? b->max_json_bytes : IMPORT_MAX_JSON_BYTES;
}

/* import_stream_fn keeping each record in memory (a pipe, a legacy batch). */
struct keep {
    struct import_batch *b;
    const char *source;
};

static int keep_record(void *ctx, const struct kind *k, json_t *record, size_t index,
                       struct error *e)
{
    struct keep *keep = ctx;
    char where[64];
    snprintf(where, sizeof where, "$.%s[%zu]", k->name, index);
    (void)e;
    batch_add(keep->b, k, json_incref(record), keep->source, where);
    return 0;
}

size_t import_batch_count(const struct import_batch *b)
{
    return b->n + b->n_streamed;
}

int import_batch_add_json_file(struct import_batch *b, const char *path, struct error *e)
{
    struct import_json_file *files, *jf;
    struct stat st;
    const char *source;
    size_t n = 0;
    FILE *f;
    int rc;

    if ((f = fopen(path, "rb")) == NULL)
        return error_set(e, ERR_IO, path, "cannot open: %s", strerror(errno));
    if (fstat(fileno(f), &st) != 0) {
        rc = error_set(e, ERR_IO, path, "cannot read: %s", strerror(errno));
        goto fail;
    }
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > json_cap(b)) {
        rc = error_set(e, ERR_TOO_LARGE, path,
                       "larger than %llu bytes, the limit of a JSON import (see --max-size)",
                       (unsigned long long)json_cap(b));
        goto fail;
    }
    source = batch_add_source(b, path);
    if (!S_ISREG(st.st_mode)) { /* cannot be read twice: held in memory */
        struct keep keep = {b, source};
        rc =
            import_stream_read(f, source, json_cap(b), keep_record, &keep, NULL, b->progress, 0, e);
        fclose(f);
        return rc;
    }
    if ((rc = import_stream_read(f, source, json_cap(b), NULL, NULL, &n, b->progress,
                                 (uint64_t)st.st_size, e)) != 0)
        goto fail;
    files = xrealloc(b->files, (b->n_files + 1) * sizeof *files);
    b->files = files;
    jf = &b->files[b->n_files++];
    jf->file = f;
    jf->source = source;
    jf->before = b->n;
    jf->n_records = n;
    jf->seen = st;
    b->n_streamed += n;
    return 0;
fail:
    fclose(f);
    return rc;
}

/* Reads file jf again from its start, refusing it if it changed since. */
static int file_rewind(struct import_json_file *jf, struct error *e)
{
    struct stat st;
    if (fstat(fileno(jf->file), &st) != 0 || fseek(jf->file, 0, SEEK_SET) != 0)
        return error_set(e, ERR_IO, jf->source, "cannot read: %s", strerror(errno));
    clearerr(jf->file);
    if (st.st_size != jf->seen.st_size || st.st_mtim.tv_sec != jf->seen.st_mtim.tv_sec ||
        st.st_mtim.tv_nsec != jf->seen.st_mtim.tv_nsec)
        return error_set(e, ERR_CONFLICT, jf->source, "the file changed while it was imported");
    return 0;
}

/* Calls fn for every record of the batch in order (files in the place they
 * were added), with its sequence number. */
typedef int (*batch_fn)(void *ctx, struct import_item *it, size_t seq, int in_memory,
                        struct error *e);

struct each_file {
    batch_fn fn;
    void *ctx;
    const char *source;
    size_t *seq;
    const struct import_batch *b;
    const char *phase;
};

/* Progress of a pass: every 256 records (the meter draws at most ten times
 * a second; this keeps the clock out of the loop). */
static void pass_progress(const struct import_batch *b, const char *phase, size_t seq)
{
    if (b->progress && (seq % 256 == 0 || seq == import_batch_count(b)))
        progress_report(b->progress, phase, "records", seq, import_batch_count(b));
}

static int each_file_record(void *ctx, const struct kind *k, json_t *record, size_t index,
                            struct error *e)
{
    struct each_file *ef = ctx;
    struct import_item it = {k, record, ef->source, "", 0, "", ""};
    snprintf(it.where, sizeof it.where, "$.%s[%zu]", k->name, index);
    pass_progress(ef->b, ef->phase, *ef->seq);
    return ef->fn(ef->ctx, &it, (*ef->seq)++, 0, e);
}

/* phase: what the pass does, for the progress the batch reports. */
static int batch_each(struct import_batch *b, const char *phase, batch_fn fn, void *ctx,
                      struct error *e)
{
    size_t i, f = 0, seq = 0;
    int rc;
    for (i = 0; i <= b->n; i++) {
        for (; f < b->n_files && b->files[f].before == i; f++) {
            struct each_file ef = {fn, ctx, b->files[f].source, &seq, b, phase};
            if ((rc = file_rewind(&b->files[f], e)) != 0 ||
                (rc = import_stream_read(b->files[f].file, b->files[f].source, json_cap(b),
                                         each_file_record, &ef, NULL, NULL, 0, e)) != 0)
                return rc;
        }
        if (i < b->n) {
            pass_progress(b, phase, seq);
            if ((rc = fn(ctx, &b->items[i], seq++, 1, e)) != 0)
                return rc;
        }
    }
    pass_progress(b, phase, seq);
    return 0;
}

/* Brings the records of the batch's files into memory, in their places. */
static int batch_hold_files(struct import_batch *b, struct error *e)
{
    struct import_item *items = b->items;
    size_t n = b->n, i, f = 0;
    int rc = 0;
    b->items = NULL;
    b->n = b->cap = 0;
    for (i = 0; i <= n; i++) {
        for (; rc == 0 && f < b->n_files && b->files[f].before == i; f++) {
            struct import_json_file *jf = &b->files[f];
            struct keep keep = {b, jf->source};
            if ((rc = file_rewind(jf, e)) == 0)
                rc = import_stream_read(jf->file, jf->source, json_cap(b), keep_record, &keep, NULL,
                                        b->progress, (uint64_t)jf->seen.st_size, e);
        }
        if (i < n) {
            if (rc == 0)
                batch_add(b, items[i].kind, items[i].record, items[i].source, items[i].where);
            else
                json_decref(items[i].record);
        }
    }
    free(items);
    for (f = 0; f < b->n_files; f++)
        fclose(b->files[f].file);
    free(b->files);
    b->files = NULL;
    b->n_files = b->n_streamed = 0;
    return rc;
}

/* The ids of each kind in the batch: one JSON object per kind used as a set,
 * mapping id -> the sequence number (batch_each) of its last record. */
struct id_sets {
    json_t *by_kind[64];
    json_t *option_process; /* fallback option id -> its process, as the batch has it */
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

/* A dependency's fallback option is one of its own process's: the option
 * as the batch has it, else as stored. */
static int check_fallback_process(struct store *s, struct id_sets *sets,
                                  const struct import_item *it, struct error *e)
{
    const char *fallback = json_string_value(json_object_get(it->record, "fallback"));
    json_t *option = NULL;
    int rc;
    if (it->kind->id != KIND_DEPENDENCY || fallback == NULL)
        return 0;
    if (json_object_get(sets->option_process, fallback))
        return validate_fallback_process(
            it->kind, it->record,
            json_string_value(json_object_get(sets->option_process, fallback)), it->where, e);
    if ((rc = store_record_get(s, model_kind(KIND_FALLBACK_OPTION), fallback, &option, e)) != 0)
        return rc;
    rc = validate_fallback_process(
        it->kind, it->record, json_string_value(json_object_get(option, "process")), it->where, e);
    json_decref(option);
    return rc;
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
    if ((rc = check_fallback_process(s, sets, it, e)) != 0)
        return rc;
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
        int measure = it->kind->id == KIND_MEASURE;
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
    return batch_hold_files(b, e);
}

/* Where each record of the batch is, by sequence number: to name the
 * earlier of two records with one id. */
struct seen {
    size_t source; /* index in b->sources */
    size_t index;  /* in memory: in b->items; in a file: in its collection */
    int in_memory;
};

struct apply {
    struct import_batch *b;
    struct store *s;
    struct id_sets sets; /* id -> the sequence number of its last record */
    struct seen *seen;
    const struct store_change *change;
    const struct import_hook *hook;
    struct import_stats *stats;
};

static const char *item_id(const struct import_item *it)
{
    return json_string_value(json_object_get(it->record, "id"));
}

/* Whether a later record of the batch has the same id. */
static int superseded(struct apply *a, const struct import_item *it, size_t seq)
{
    json_t *last = json_object_get(a->sets.by_kind[kind_index(it->kind)], item_id(it));
    return (size_t)json_integer_value(last) != seq;
}

static size_t source_index(const struct import_batch *b, const char *source)
{
    size_t i;
    for (i = 0; i < b->n_sources; i++) {
        if (b->sources[i] == source)
            return i;
    }
    return 0;
}

/* 1. every record's own shape, and duplicate ids */
static int pass_shape(void *ctx, struct import_item *it, size_t seq, int in_memory, struct error *e)
{
    struct apply *a = ctx;
    json_t *last, *set = a->sets.by_kind[kind_index(it->kind)];
    char at[ERROR_WHERE_MAX], where[64];
    const char *id;
    int rc;
    if ((rc = validate_record(it->kind, it->record, it->where, e)) != 0) {
        error_prefix_where(e, it->source);
        return rc;
    }
    a->seen[seq].source = source_index(a->b, it->source);
    a->seen[seq].in_memory = in_memory;
    a->seen[seq].index = in_memory ? (size_t)(it - a->b->items) : 0;
    if (!in_memory)
        sscanf(strrchr(it->where, '['), "[%zu]", &a->seen[seq].index);
    id = item_id(it);
    if ((last = json_object_get(set, id)) != NULL) {
        const struct seen *first = &a->seen[json_integer_value(last)];
        if (a->b->sources[first->source] == it->source) {
            if (first->in_memory)
                snprintf(where, sizeof where, "%s", a->b->items[first->index].where);
            else
                snprintf(where, sizeof where, "$.%s[%zu]", it->kind->name, first->index);
            rc = error_set(e, ERR_INVALID, validate_field_where(it->where, "id", at, sizeof at),
                           "duplicate id '%s' (also at %s)", id, where);
            error_prefix_where(e, it->source);
            return rc;
        }
        if (first->in_memory)
            a->b->items[first->index].superseded = 1; /* legacy dating reads it */
    }
    json_object_set_new(set, id, json_integer((json_int_t)seq));
    if (it->kind->id == KIND_FALLBACK_OPTION)
        json_object_set_new(a->sets.option_process, id,
                            json_string(json_string_value(json_object_get(it->record, "process"))));
    return 0;
}

/* A record read again from its file is as it was before validation, which
 * also normalises (times to UTC, say): validated again, as the first pass
 * found it valid. */
static int revalidate(struct import_item *it, int in_memory, struct error *e)
{
    int rc;
    if (in_memory)
        return 0;
    if ((rc = validate_record(it->kind, it->record, it->where, e)) != 0)
        error_prefix_where(e, it->source);
    return rc;
}

/* 2. every reference names a record in the batch or in the database */
static int pass_references(void *ctx, struct import_item *it, size_t seq, int in_memory,
                           struct error *e)
{
    struct apply *a = ctx;
    int rc;
    (void)seq;
    if ((rc = revalidate(it, in_memory, e)) != 0)
        return rc;
    if ((rc = check_references(a->s, &a->sets, it, e)) != 0)
        error_prefix_where(e, it->source);
    return rc;
}

/* what a dry run would do */
static int pass_count(void *ctx, struct import_item *it, size_t seq, int in_memory, struct error *e)
{
    struct apply *a = ctx;
    int rc, exists = 0;
    if (superseded(a, it, seq))
        return 0;
    if ((rc = revalidate(it, in_memory, e)) != 0)
        return rc;
    if ((rc = store_record_exists(a->s, it->kind, item_id(it), &exists, e)) != 0)
        return rc;
    if (exists)
        a->stats->updated++;
    else
        a->stats->inserted++;
    return 0;
}

/* 3. the write, inside the one transaction */
static int pass_write(void *ctx, struct import_item *it, size_t seq, int in_memory, struct error *e)
{
    struct apply *a = ctx;
    struct store_write w;
    int rc;
    if (superseded(a, it, seq))
        return 0;
    if ((rc = revalidate(it, in_memory, e)) != 0)
        return rc;
    if ((rc = put_item(a->s, it, a->change, &w, e)) != 0 ||
        (a->hook && (rc = a->hook->after_write(a->hook->ctx, a->s, it, &w, e)) != 0)) {
        char at[ERROR_WHERE_MAX];
        snprintf(at, sizeof at, "%s: %s", it->source, it->where);
        error_prefix_where(e, at);
        return rc;
    }
    if (w.inserted)
        a->stats->inserted++;
    else if (w.changed)
        a->stats->updated++;
    else
        a->stats->unchanged++;
    return 0;
}

int import_batch_apply(struct import_batch *b, struct store *s, int dry_run,
                       const struct store_change *change, const struct import_hook *hook,
                       struct import_stats *stats, struct error *e)
{
    struct apply a;
    size_t i;
    int rc = 0;

    memset(&a, 0, sizeof a);
    memset(stats, 0, sizeof *stats);
    a.b = b;
    a.s = s;
    a.change = change;
    a.hook = hook;
    a.stats = stats;
    for (i = 0; i < model_kind_count; i++)
        a.sets.by_kind[i] = json_object();
    a.sets.option_process = json_object();
    a.seen = xcalloc(import_batch_count(b) + 1, sizeof *a.seen);
    if ((rc = batch_each(b, "checking records", pass_shape, &a, e)) != 0 ||
        (rc = batch_each(b, "checking references", pass_references, &a, e)) != 0)
        goto cleanup;
    if (b->legacy_from[0] && (rc = import_legacy_date(b, s, e)) != 0)
        goto cleanup;
    if (dry_run) {
        rc = batch_each(b, "counting changes", pass_count, &a, e);
        goto cleanup;
    }
    /* all or nothing */
    if ((rc = store_begin(s, e)) != 0)
        goto cleanup;
    if ((rc = batch_each(b, "writing records", pass_write, &a, e)) != 0) {
        store_rollback(s);
        goto cleanup;
    }
    rc = store_commit(s, e);
cleanup:
    for (i = 0; i < model_kind_count; i++)
        json_decref(a.sets.by_kind[i]);
    json_decref(a.sets.option_process);
    free(a.seen);
    return rc;
}
