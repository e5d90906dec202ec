/*
 * fields.c — a record's fields as the rules read them (see fields.h).
 */
#include "domain/fields.h"

#include <string.h>

const char *fields_text(const json_t *r, const char *name)
{
    return r ? json_string_value(json_object_get(r, name)) : NULL;
}

int fields_is(const json_t *r, const char *name, const char *value)
{
    const char *v = fields_text(r, name);
    return v && strcmp(v, value) == 0;
}

int fields_blank(const char *text)
{
    return text == NULL || text[strspn(text, " \t\r\n")] == '\0';
}

int fields_same(const json_t *a, const json_t *b, const char *name)
{
    json_t *x = a ? json_object_get(a, name) : NULL, *y = b ? json_object_get(b, name) : NULL;
    if (x == NULL || json_is_null(x))
        return y == NULL || json_is_null(y);
    return y != NULL && json_equal(x, y);
}

int fields_listed(const json_t *list, const char *id)
{
    json_t *v;
    size_t i;
    if (id == NULL)
        return 0;
    json_array_foreach(list, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), id) == 0)
            return 1;
    }
    return 0;
}
