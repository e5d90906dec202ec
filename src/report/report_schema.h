/*
 * report_schema.h — the schemas of the documents of report_json.h, declared
 * beside their writers: src/report/X_json.schema.json holds the JSON Schema
 * (as OpenAPI 3.1 components, {name: schema}) of what X_json.c writes,
 * embedded in the binary at build time (schema.c). The OpenAPI document
 * takes its components for these answers from here and nowhere else
 * (http/openapi.c), and a written document can be checked against them: the
 * API's documents are, as they are written (report_doc_run, unless built
 * with NDEBUG), so an answer with a field its writer's schema does not
 * declare fails as a bug instead of reaching a client.
 *
 * The check knows the keywords the schemas use and no others (type,
 * properties, required, additionalProperties, items, $ref to a component
 * of these files, oneOf, anyOf, allOf, enum, const, minimum, maximum,
 * minItems, maxItems; description, format and discriminator are notes): a
 * schema with another keyword fails the check rather than pass unchecked.
 */
#ifndef VITAAL_REPORT_REPORT_SCHEMA_H
#define VITAAL_REPORT_REPORT_SCHEMA_H

#include "base/error.h"

#include <jansson.h>
#include <stddef.h>

/* The schemas of every writer as a new JSON object {name: schema}. Returns
 * 0, or ERR_INTERNAL when a file is broken or two declare one name. */
int report_schemas(json_t **out, struct error *e);

/* Checks value against the writers' schema `name`. Returns 0, or
 * ERR_INTERNAL with the first place the value departs from it (a JSON
 * pointer and why, e.g. "/nodes/0: field \"x\" is not declared") in e. */
int report_schema_check_value(const char *name, const json_t *value, struct error *e);

/* The same for a written document of len bytes. */
int report_schema_check(const char *name, const char *text, size_t len, struct error *e);

#endif
