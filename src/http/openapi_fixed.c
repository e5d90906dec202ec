/*
 * openapi_fixed.c — the hand-described part of the OpenAPI document:
 * src/http/openapi.json, embedded in the binary at build time (.incbin),
 * its lists filled from the code that owns them. In the file:
 *   "x-vitaal-enum": "roles" | "classifications" | "kinds" on a schema
 *       becomes "enum": users_roles, model_classifications or the kinds of
 *       store/model.h (with null when the schema's type admits null);
 *   "x-vitaal-paths-per-kind": {"comment_parent_kinds": {PATH: ITEM}, ...}
 *       is one path item per kind of that list (domain/comment.h,
 *       domain/attachment.h): {kind} in PATH and in each operationId becomes
 *       the kind's name, {singular} its singular;
 * the page size limits and the cookie's name come from http/request.h.
 */
#include "http/openapi_internal.h"

#include "domain/attachment.h"
#include "domain/comment.h"
#include "domain/users.h"
#include "http/request.h"
#include "store/model.h"

#include <stdio.h>
#include <string.h>

/* the file's bytes, between two labels (the path is the checkout's, as make
 * runs from it; the Makefile names the file as the object's prerequisite) */
__asm__(".section .rodata\n"
        ".global vitaal_openapi_json\n"
        ".hidden vitaal_openapi_json\n"
        ".global vitaal_openapi_json_end\n"
        ".hidden vitaal_openapi_json_end\n"
        "vitaal_openapi_json:\n"
        ".incbin \"src/http/openapi.json\"\n"
        "vitaal_openapi_json_end:\n"
        ".byte 0\n"
        ".previous\n");
extern const char vitaal_openapi_json[];
extern const char vitaal_openapi_json_end[];

static json_t *string_list(const char *const *values)
{
    json_t *a = json_array();
    size_t i;
    for (i = 0; values[i]; i++)
        json_array_append_new(a, json_string(values[i]));
    return a;
}

static json_t *owned_enum(const char *name)
{
    json_t *a;
    size_t i;
    if (strcmp(name, "roles") == 0)
        return string_list(users_roles);
    if (strcmp(name, "classifications") == 0)
        return string_list(model_classifications);
    if (strcmp(name, "kinds") != 0)
        return NULL;
    a = json_array();
    for (i = 0; i < model_kind_count; i++)
        json_array_append_new(a, json_string(model_kinds[i]->name));
    return a;
}

static int admits_null(json_t *schema)
{
    json_t *type = json_object_get(schema, "type"), *t;
    size_t i;
    json_array_foreach(type, i, t)
    {
        if (strcmp(json_string_value(t) ? json_string_value(t) : "", "null") == 0)
            return 1;
    }
    return 0;
}

/* Replaces every x-vitaal-enum under v by its owner's list. */
static int fill_enums(json_t *v, struct error *e)
{
    const char *key;
    json_t *child, *marker, *values;
    size_t i;
    if (json_is_array(v)) {
        json_array_foreach(v, i, child)
        {
            if (fill_enums(child, e) != 0)
                return ERR_INTERNAL;
        }
        return 0;
    }
    if (!json_is_object(v))
        return 0;
    if ((marker = json_object_get(v, "x-vitaal-enum")) != NULL) {
        values = owned_enum(json_string_value(marker) ? json_string_value(marker) : "");
        if (values == NULL)
            return error_set(e, ERR_INTERNAL, NULL, "openapi.json: no list named %s",
                             json_string_value(marker));
        if (admits_null(v))
            json_array_append_new(values, json_null());
        json_object_set_new(v, "enum", values);
        json_object_del(v, "x-vitaal-enum");
    }
    json_object_foreach(v, key, child)
    {
        if (fill_enums(child, e) != 0)
            return ERR_INTERNAL;
    }
    return 0;
}

/* text with every {kind} and {singular} replaced by k's */
static void for_kind(char *out, size_t size, const char *text, const struct kind *k)
{
    size_t n = 0;
    while (*text && n + 1 < size) {
        const char *with = NULL;
        size_t skip = 0;
        if (strncmp(text, "{kind}", 6) == 0)
            with = k->name, skip = 6;
        else if (strncmp(text, "{singular}", 10) == 0)
            with = k->singular, skip = 10;
        if (with) {
            n += (size_t)snprintf(out + n, size - n, "%s", with);
            if (n >= size)
                n = size - 1;
            text += skip;
        } else {
            out[n++] = *text++;
        }
    }
    out[n] = '\0';
}

static const char *const *kind_list(const char *name)
{
    if (strcmp(name, "comment_parent_kinds") == 0)
        return comment_parent_kinds;
    if (strcmp(name, "attachment_parent_kinds") == 0)
        return attachment_parent_kinds;
    return NULL;
}

/* Expands x-vitaal-paths-per-kind into paths and removes it. */
static int expand_per_kind(json_t *doc, json_t *paths, struct error *e)
{
    json_t *per_kind = json_object_get(doc, "x-vitaal-paths-per-kind"), *templates, *item, *op;
    const char *list_name, *path, *method;
    char text[256];
    size_t i;
    json_object_foreach(per_kind, list_name, templates)
    {
        const char *const *kinds = kind_list(list_name);
        if (kinds == NULL)
            return error_set(e, ERR_INTERNAL, NULL, "openapi.json: no kind list named %s",
                             list_name);
        for (i = 0; kinds[i]; i++) {
            const struct kind *k = model_kind_find(kinds[i]);
            if (k == NULL)
                return error_set(e, ERR_INTERNAL, NULL, "openapi.json: no kind %s", kinds[i]);
            json_object_foreach(templates, path, item)
            {
                json_t *copy = json_deep_copy(item);
                json_object_foreach(copy, method, op)
                {
                    const char *id = json_string_value(json_object_get(op, "operationId"));
                    for_kind(text, sizeof text, id ? id : "", k);
                    json_object_set_new(op, "operationId", json_string(text));
                }
                for_kind(text, sizeof text, path, k);
                json_object_set_new(paths, text, copy);
            }
        }
    }
    json_object_del(doc, "x-vitaal-paths-per-kind");
    return 0;
}

int openapi_fixed_document(json_t **out, struct error *e)
{
    json_error_t jerr;
    json_t *doc, *limit;
    *out = NULL;
    doc = json_loadb(vitaal_openapi_json, (size_t)(vitaal_openapi_json_end - vitaal_openapi_json),
                     JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL)
        return error_set(e, ERR_INTERNAL, NULL, "openapi.json: line %d: %s", jerr.line, jerr.text);
    if (fill_enums(doc, e) != 0 || expand_per_kind(doc, json_object_get(doc, "paths"), e) != 0) {
        json_decref(doc);
        return ERR_INTERNAL;
    }
    limit = json_object_get(
        json_object_get(json_object_get(json_object_get(doc, "components"), "parameters"), "limit"),
        "schema");
    json_object_set_new(limit, "maximum", json_integer(HTTP_LIST_LIMIT_MAX));
    json_object_set_new(limit, "default", json_integer(HTTP_LIST_LIMIT_DEFAULT));
    json_object_set_new(
        json_object_get(json_object_get(json_object_get(doc, "components"), "securitySchemes"),
                        "cookie"),
        "name", json_string(HTTP_COOKIE_NAME));
    *out = doc;
    return 0;
}
