/*
 * fields.h — reading a record's fields (JSON objects in the shape of the
 * exported document) the way the cycle's rules compare them: one copy of
 * the small helpers the rule modules all need, instead of one each.
 */
#ifndef VITAAL_DOMAIN_FIELDS_H
#define VITAAL_DOMAIN_FIELDS_H

#include <jansson.h>

/* The text of field name of r (NULL when r is NULL or the field is absent
 * or not a string). */
const char *fields_text(const json_t *r, const char *name);

/* Whether field name of r is the text value. */
int fields_is(const json_t *r, const char *name, const char *value);

/* Whether text is NULL or only white space. */
int fields_blank(const char *text);

/* Whether field name has the same value in a and b (absent and null alike;
 * a or b may be NULL). */
int fields_same(const json_t *a, const json_t *b, const char *name);

/* Whether the JSON array list holds the string id. */
int fields_listed(const json_t *list, const char *id);

#endif
