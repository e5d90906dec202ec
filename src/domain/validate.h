/*
 * validate.h — checks a record against the data model before anything is
 * written: the shape of every field (types, required fields, unknown
 * fields, enumerations, ranges, ids, dates) and the cycle's own consistency
 * rules for a single record. References to other records are checked by the
 * caller, who knows what else is being written (see import.h).
 *
 * Errors name the place: `where` is a prefix ("$.risks[3]" or "line 7") and
 * the field is appended in the style the prefix suggests.
 */
#ifndef VITAAL_DOMAIN_VALIDATE_H
#define VITAAL_DOMAIN_VALIDATE_H

#include "base/error.h"
#include "store/model.h"

#include <jansson.h>

/* Validates record (a JSON object) as a record of kind k. Normalises it in
 * place where the model allows several spellings (times with an offset are
 * converted to UTC "Z"). Returns 0 or ERR_INVALID with e naming where. */
int validate_record(const struct kind *k, json_t *record, const char *where, struct error *e);

/* A dependency's fallback option keeps the dependency's own process going:
 * option_process is the process of the option its `fallback` names (NULL:
 * unknown, or no fallback). 0, or ERR_INVALID (message id
 * fallback_other_process) at "<where>.fallback" naming the dependency.
 * Needs the other record, so its callers look it up (import, the API). */
int validate_fallback_process(const struct kind *k, const json_t *record,
                              const char *option_process, const char *where, struct error *e);

/* Writes "<where>.<field>" (JSON path) or "<where>, column <field>" (CSV) into buf. */
const char *validate_field_where(const char *where, const char *field, char *buf, size_t size);

/* 0 when id is a valid record id: 1..128 of [A-Za-z0-9._:-], starting with a
 * letter or digit. */
int validate_id(const char *id);

#endif
