/*
 * openapi.h — the OpenAPI 3.1 document of the API, served at
 * /api/v1/openapi.json. The record endpoints and their schemas are generated
 * from store/model.h, so a new field or kind is described the moment it
 * exists; the components of the report writers' documents come from the
 * schemas the writers declare (report/report_schema.h); the other endpoints
 * are described by hand in openapi.json (openapi_fixed.c). A test
 * checks that every route of router.c appears in it and lints it with an
 * external validator.
 */
#ifndef VITAAL_HTTP_OPENAPI_H
#define VITAAL_HTTP_OPENAPI_H

#include "base/error.h"
#include "base/strbuf.h"

/* Appends the document (compact JSON) to out. Returns 0 or ERR_INTERNAL. */
int openapi_document(struct strbuf *out, struct error *e);

#endif
