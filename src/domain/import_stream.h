/*
 * import_stream.h — a vitaal JSON document read as a stream, one record at a
 * time (base/json_reader), so that importing a document of any size holds
 * one record in memory, not the document.
 *
 * The import batch (import.h) keeps each JSON file open and reads it again
 * on every pass of its validation and of its write; this module only reads
 * and checks the document's shape (format, version, collections, grammar,
 * duplicate keys, numbers that fit) and builds each record. It must never
 * keep a record after handing it on.
 */
#ifndef VITAAL_DOMAIN_IMPORT_STREAM_H
#define VITAAL_DOMAIN_IMPORT_STREAM_H

#include "base/error.h"
#include "base/progress.h"
#include "store/model.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Called for each record, in the document's order: k its kind, record a
 * reference owned by the caller of fn (take one with json_incref to keep
 * it), index its place in its collection ($.<k->name>[index]). Non-zero
 * stops the reading and is returned. */
typedef int (*import_stream_fn)(void *ctx, const struct kind *k, json_t *record, size_t index,
                                struct error *e);

/* Reads the document in f from where f stands (the caller rewinds) to its
 * end, calling fn (may be NULL: check only) for each record. Refuses, with
 * source and the line or JSON path named: malformed JSON, duplicate keys, a
 * string holding \u0000, a whole number beyond 64 bits, anything but an
 * object of "format", "version" and collections of records, a wrong format,
 * a newer version, and more than max_bytes bytes (ERR_TOO_LARGE). *n gets
 * the number of records (may be NULL). progress (may be NULL) hears
 * "reading JSON" with the bytes read of total. */
int import_stream_read(FILE *f, const char *source, uint64_t max_bytes, import_stream_fn fn,
                       void *ctx, size_t *n, const struct progress_sink *progress, uint64_t total,
                       struct error *e);

#endif
