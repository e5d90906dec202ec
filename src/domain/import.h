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
#include "store/model.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>

#define IMPORT_DOCUMENT_FORMAT "vitaal"
/* Version 2 added the fields of schema 2 (risk scoring, what-if effects,
 * frameworks, settings); version 1 documents are read as they are. */
#define IMPORT_DOCUMENT_VERSION 2

struct import_item {
    const struct kind *kind;
    json_t *record;     /* owned */
    const char *source; /* file name, owned by the batch */
    char where[48];     /* "$.processes[3]" or "line 7" */
    int superseded;     /* a later file of the batch has a record with the same id */
};

struct import_batch {
    struct import_item *items;
    size_t n, cap;
    char **sources;
    size_t n_sources;
};

struct import_stats {
    size_t inserted;
    size_t updated;
};

#define IMPORT_BATCH_INIT                                                                          \
    {                                                                                              \
        NULL, 0, 0, NULL, 0                                                                        \
    }

/* Adds every record of a vitaal JSON document (see docs/data-model.md).
 * Malformed JSON, duplicate keys, unknown collections, a wrong format or a
 * newer version are refused with the file, line or JSON path named. */
int import_batch_add_json_file(struct import_batch *b, const char *path, struct error *e);
/* Adds the rows of a CSV file as records of kind k (header row = field names). */
int import_batch_add_csv_file(struct import_batch *b, const char *path, const struct kind *k,
                              struct error *e);
/* Adds one record built in memory (the batch takes over the reference).
 * source names where it came from in error messages ("vitaal quickscan"),
 * where is a JSON-path-like place ("$.analyses[0]"). */
int import_batch_add_record(struct import_batch *b, const struct kind *k, json_t *record,
                            const char *source, const char *where, struct error *e);
/* Validates the whole batch, then (unless dry_run) writes it in one
 * transaction. Nothing is written when anything is wrong. */
int import_batch_apply(struct import_batch *b, struct store *s, int dry_run,
                       struct import_stats *stats, struct error *e);

/* Called for each record inside the write transaction, before it is
 * written, with the stored version (NULL for a new record). A non-zero
 * return rolls everything back: the place to authorise a write and to
 * append its audit entry, so both share the write's transaction. */
struct import_hook {
    int (*before_write)(void *ctx, struct store *s, const struct import_item *item,
                        const json_t *old, struct error *e);
    void *ctx;
};

/* import_batch_apply with a hook (NULL: none). */
int import_batch_apply_hooked(struct import_batch *b, struct store *s, int dry_run,
                              const struct import_hook *hook, struct import_stats *stats,
                              struct error *e);
void import_batch_release(struct import_batch *b);

#endif
