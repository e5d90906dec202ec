/*
 * openapi_internal.h — between openapi.c and openapi_fixed.c (not for
 * other modules): the hand-described part of the document, loaded from the
 * JSON file embedded at build time.
 */
#ifndef VITAAL_HTTP_OPENAPI_INTERNAL_H
#define VITAAL_HTTP_OPENAPI_INTERNAL_H

#include "base/error.h"

#include <jansson.h>

#define ID_PATTERN "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"

/* The document of src/http/openapi.json with its lists filled and its
 * per-kind paths expanded (see openapi_fixed.c): everything but the record
 * endpoints and schemas. Returns 0 or ERR_INTERNAL (a broken file). */
int openapi_fixed_document(json_t **out, struct error *e);

#endif
