/*
 * import.h — bringing records into the database: a batch collects records
 * from JSON documents and catalogue CSV files, is validated whole, and is
 * written in one transaction or not at all.
 *
 * Validation covers the shape of every record (validate.h), duplicate ids
 * within one file, and every reference, which must name a record in the
 * batch or already in the database. A record whose id exists is updated;
 * when two files of a batch hold the same id, the later file's record wins,
 * as if the files had been imported one after the other.
 */
#ifndef VITAAL_DOMAIN_IMPORT_H
#define VITAAL_DOMAIN_IMPORT_H

#include "base/error.h"
#include "base/progress.h"
#include "store/model.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#define IMPORT_DOCUMENT_FORMAT "vitaal"
/* Version 2 added the fields of schema 2 (risk scoring, what-if effects,
 * frameworks, settings); version 1 documents are read as they are. */
#define IMPORT_DOCUMENT_VERSION 2
/* A JSON document is read as a stream (import_stream.h), so its size costs
 * time, not memory; the cap stops a mistaken or hostile file early. CSV
 * files are read whole and have a cap of their own (512 MiB). */
#define IMPORT_MAX_JSON_BYTES (2ull * 1024u * 1024u * 1024u)

struct import_item {
    const struct kind *kind;
    json_t *record;     /* owned */
    const char *source; /* file name, owned by the batch */
    char where[48];     /* "$.processes[3]" or "line 7" */
    int superseded;     /* a later file of the batch has a record with the same id */
    char at[24];        /* legacy: when this version took effect (UTC time) */
    char draft_at[24];  /* legacy final analysis: when its draft began; legacy done
                           measure: when it was begun; or "" */
};

/* A JSON file of the batch, kept open and read again on every pass instead
 * of held in memory; refused when it changes between passes. */
struct import_json_file {
    FILE *file;
    const char *source; /* owned by the batch */
    size_t before;      /* its records come before items[before] */
    size_t n_records;
    struct stat seen; /* when it was first read */
};

struct import_batch {
    struct import_item *items; /* records held in memory (CSV, built, legacy) */
    size_t n, cap;
    char **sources;
    size_t n_sources;
    char legacy_from[11]; /* "" or the date records without a date of their own count from */
    struct import_json_file *files;
    size_t n_files;
    size_t n_streamed;       /* records in files, read when needed */
    uint64_t max_json_bytes; /* 0: IMPORT_MAX_JSON_BYTES */
    /* NULL, or where the batch reports its progress: "reading JSON" (bytes,
     * when a file is added) and each pass of import_batch_apply (records) */
    const struct progress_sink *progress;
};

struct import_stats {
    size_t inserted;
    size_t updated;
    size_t unchanged; /* already exactly so: no new version */
};

#define IMPORT_BATCH_INIT                                                                          \
    {                                                                                              \
        NULL, 0, 0, NULL, 0, "", NULL, 0, 0, 0, NULL                                               \
    }

/* Adds every record of a vitaal JSON document (see docs/data-model.md).
 * Malformed JSON, duplicate keys, unknown collections, a wrong format or a
 * newer version are refused with the file, line or JSON path named, and a
 * file over b->max_json_bytes with ERR_TOO_LARGE. A regular file is checked
 * now and kept open: its records are read one at a time on each pass of
 * import_batch_apply, so memory does not grow with it (other files, such as
 * a pipe, are read into memory). */
int import_batch_add_json_file(struct import_batch *b, const char *path, struct error *e);
/* Adds the rows of a CSV file as records of kind k (header row = field names). */
int import_batch_add_csv_file(struct import_batch *b, const char *path, const struct kind *k,
                              struct error *e);
/* Adds one record built in memory (the batch takes over the reference;
 * cannot fail: it is checked when the batch is applied). source names
 * where it came from in error messages ("vitaal quickscan"), where is a
 * JSON-path-like place ("$.analyses[0]"). */
void import_batch_add_record(struct import_batch *b, const struct kind *k, json_t *record,
                             const char *source, const char *where);
/* The number of records in the batch, in memory and in files. */
size_t import_batch_count(const struct import_batch *b);
/* Marks the batch as records that were in force before vitaal (a migration
 * from an earlier register, and the demo): each record's history then starts
 * at the date it carries itself instead of now (an analysis at `started`,
 * and if it is final a second version at `finalised`; an assessment or
 * review at `date`; an event at `occurred`; an incident at `detected_at`; a
 * risk with its analysis; a measure with its earliest analysis, and if it
 * is done a second version at its `due` date, when that has passed: the
 * only date of completion it carries), and a record without a date of its
 * own at from_date. Only records vitaal does
 * not have yet can be brought in so; the versions carry the note "in force
 * before vitaal". Dating needs the whole batch at once: a legacy batch's
 * JSON files are read into memory. */
int import_batch_set_legacy(struct import_batch *b, const char *from_date, struct error *e);
/* Dates every item of a legacy batch (import_legacy.c; called by apply
 * after validation). */
int import_legacy_date(struct import_batch *b, struct store *s, struct error *e);
#define IMPORT_LEGACY_NOTE "in force before vitaal"

/* Called for each record inside the write transaction, right after it is
 * written, with what the write did (w->changed 0: the record was already so
 * and no version was made). A non-zero return rolls everything back: the
 * place to append a write's audit entry naming the version it made, in the
 * write's transaction. */
struct import_hook {
    int (*after_write)(void *ctx, struct store *s, const struct import_item *item,
                       const struct store_write *w, struct error *e);
    void *ctx;
};

/* Validates the whole batch, then (unless dry_run) writes it in one
 * transaction as change (who, through which door, and when it takes
 * effect), calling hook (may be NULL) after each record. Nothing is
 * written when anything is wrong. */
int import_batch_apply(struct import_batch *b, struct store *s, int dry_run,
                       const struct store_change *change, const struct import_hook *hook,
                       struct import_stats *stats, struct error *e);
void import_batch_release(struct import_batch *b);

#endif
