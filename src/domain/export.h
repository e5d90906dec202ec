/*
 * export.h — writing the database out: the whole model as one vitaal JSON
 * document (the format import.h reads), and the process graph in the
 * engine's graph-file format. Both stream record by record, so the size of
 * the database never decides the memory used, and both are deterministic:
 * export -> import into an empty database -> export gives the same bytes.
 */
#ifndef VITAAL_DOMAIN_EXPORT_H
#define VITAAL_DOMAIN_EXPORT_H

#include "base/error.h"
#include "base/json_writer.h"
#include "store/model.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>

/* Writes the whole database as a document to out. */
int export_document(struct store *s, FILE *out, struct error *e);

/* Writes the dependency graph: every process a node (id, recovery_h), every
 * dependency an input (node, suppliers, buffer_h, and the fallback option it
 * names when that option is available). */
int export_graph(struct store *s, FILE *out, struct error *e);

/* Writes one record with its fields in model order (shared with the API). */
void export_write_record(struct json_writer *w, const struct kind *k, const json_t *record);
/* The same fields into an object the caller opened, so that a reader may
 * add what it derives (a measure's follow-up) before closing it. */
void export_write_fields(struct json_writer *w, const struct kind *k, const json_t *record);

#endif
