/*
 * schema.c — the writers' schemas (see report_schema.h): the files
 * src/report/X_json.schema.json embedded with the assembler's .incbin (as
 * http/openapi_fixed.c embeds openapi.json; the Makefile names the files as
 * this object's prerequisites), loaded once, and the check of a written
 * document against one of them.
 */
#include "report/report_schema.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* one file's bytes between two labels, the path the checkout's (make runs
 * from it) */
#define EMBED(sym, file)                                                                           \
    __asm__(".section .rodata\n"                                                                   \
            ".global " #sym "\n"                                                                   \
            ".hidden " #sym "\n"                                                                   \
            ".global " #sym "_end\n"                                                               \
            ".hidden " #sym "_end\n" #sym ":\n"                                                    \
            ".incbin \"src/report/" file "\"\n" #sym "_end:\n"                                     \
            ".byte 0\n"                                                                            \
            ".previous\n");                                                                        \
    extern const char sym[];                                                                       \
    extern const char sym##_end[]

EMBED(vitaal_schema_assess, "assess_json.schema.json");
EMBED(vitaal_schema_cascade, "cascade_json.schema.json");
EMBED(vitaal_schema_compliance, "compliance_json.schema.json");
EMBED(vitaal_schema_fallback, "fallback_json.schema.json");
EMBED(vitaal_schema_framework, "framework_json.schema.json");
EMBED(vitaal_schema_incident, "incident_json.schema.json");
EMBED(vitaal_schema_quickscan, "quickscan_json.schema.json");
EMBED(vitaal_schema_review, "review_json.schema.json");
EMBED(vitaal_schema_risk, "risk_json.schema.json");
EMBED(vitaal_schema_status, "status_json.schema.json");
EMBED(vitaal_schema_whatif, "whatif_json.schema.json");

static const struct schema_file {
    const char *name;
    const char *start, *end;
} schema_files[] = {
    {"assess_json.schema.json", vitaal_schema_assess, vitaal_schema_assess_end},
    {"cascade_json.schema.json", vitaal_schema_cascade, vitaal_schema_cascade_end},
    {"compliance_json.schema.json", vitaal_schema_compliance, vitaal_schema_compliance_end},
    {"fallback_json.schema.json", vitaal_schema_fallback, vitaal_schema_fallback_end},
    {"framework_json.schema.json", vitaal_schema_framework, vitaal_schema_framework_end},
    {"incident_json.schema.json", vitaal_schema_incident, vitaal_schema_incident_end},
    {"quickscan_json.schema.json", vitaal_schema_quickscan, vitaal_schema_quickscan_end},
    {"review_json.schema.json", vitaal_schema_review, vitaal_schema_review_end},
    {"risk_json.schema.json", vitaal_schema_risk, vitaal_schema_risk_end},
    {"status_json.schema.json", vitaal_schema_status, vitaal_schema_status_end},
    {"whatif_json.schema.json", vitaal_schema_whatif, vitaal_schema_whatif_end},
};

#define REF_PREFIX "#/components/schemas/"

/* every $ref under v names a schema of all */
static int refs_resolve(const json_t *all, const json_t *v, const char *file, struct error *e)
{
    const char *key;
    json_t *child;
    size_t i;
    if (json_is_array(v)) {
        json_array_foreach(v, i, child)
        {
            if (refs_resolve(all, child, file, e) != 0)
                return ERR_INTERNAL;
        }
        return 0;
    }
    json_object_foreach((json_t *)v, key, child)
    {
        const char *ref = json_string_value(child);
        if (strcmp(key, "$ref") == 0 &&
            (ref == NULL || strncmp(ref, REF_PREFIX, strlen(REF_PREFIX)) != 0 ||
             json_object_get(all, ref + strlen(REF_PREFIX)) == NULL))
            return error_set(e, ERR_INTERNAL, NULL, "%s: $ref %s names no writer's schema", file,
                             ref ? ref : "(not a string)");
        if (refs_resolve(all, child, file, e) != 0)
            return ERR_INTERNAL;
    }
    return 0;
}

int report_schemas(json_t **out, struct error *e)
{
    json_t *all = json_object(), *one, *schema;
    json_error_t jerr;
    const char *name;
    size_t i;
    *out = NULL;
    for (i = 0; i < sizeof schema_files / sizeof schema_files[0]; i++) {
        const struct schema_file *f = &schema_files[i];
        one = json_loadb(f->start, (size_t)(f->end - f->start), JSON_REJECT_DUPLICATES, &jerr);
        if (!json_is_object(one)) {
            json_decref(one);
            json_decref(all);
            return error_set(e, ERR_INTERNAL, NULL, "%s: line %d: %s", f->name, jerr.line,
                             one ? "not an object" : jerr.text);
        }
        json_object_foreach(one, name, schema)
        {
            if (json_object_get(all, name) != NULL) {
                error_set(e, ERR_INTERNAL, NULL, "%s: the schema %s is declared twice", f->name,
                          name);
                json_decref(one);
                json_decref(all);
                return ERR_INTERNAL;
            }
            json_object_set(all, name, schema);
        }
        json_decref(one);
    }
    if (refs_resolve(all, all, "src/report/*.schema.json", e) != 0) {
        json_decref(all);
        return ERR_INTERNAL;
    }
    *out = all;
    return 0;
}

/* --- the check ----------------------------------------------------------- */

struct check {
    const json_t *defs; /* the writers' schemas */
    char path[512];     /* JSON pointer of the value checked */
    int quiet;          /* inside oneOf/anyOf: no reason kept, only the verdict */
    char at[512];       /* where it departs from the schema, */
    char why[256];      /* and how */
};

static int fail(struct check *c, const char *fmt, const char *arg)
{
    if (c->quiet)
        return ERR_INTERNAL;
    snprintf(c->at, sizeof c->at, "%s", c->path[0] ? c->path : "(the document)");
    snprintf(c->why, sizeof c->why, fmt, arg);
    return ERR_INTERNAL;
}

/* appends "/seg" to the path; returns the length to cut back to */
static size_t path_push(struct check *c, const char *seg)
{
    size_t n = strlen(c->path);
    snprintf(c->path + n, sizeof c->path - n, "/%s", seg);
    return n;
}

static const char *type_of(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "object";
    case JSON_ARRAY:
        return "array";
    case JSON_STRING:
        return "string";
    case JSON_INTEGER:
        return "integer";
    case JSON_REAL:
        return "number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "boolean";
    default:
        return "null";
    }
}

static int type_admits(const json_t *type, const json_t *v)
{
    const char *t = type_of(v), *want;
    json_t *one;
    size_t i;
    if (json_is_string(type)) {
        want = json_string_value(type);
        return strcmp(want, t) == 0 || (strcmp(want, "number") == 0 && json_is_integer(v));
    }
    json_array_foreach(type, i, one)
    {
        if (type_admits(one, v))
            return 1;
    }
    return 0;
}

static int check_value(struct check *c, const json_t *schema, const json_t *v);

/* how many of the schemas of list v satisfies (quietly) */
static size_t matches(struct check *c, const json_t *list, const json_t *v)
{
    int quiet = c->quiet;
    size_t i, n = 0;
    json_t *s;
    c->quiet = 1;
    json_array_foreach(list, i, s)
    {
        n += check_value(c, s, v) == 0;
    }
    c->quiet = quiet;
    return n;
}

/* none of list's schemas admits v: the reason of the first whose type does */
static int explain_none(struct check *c, const json_t *list, const json_t *v, const char *what)
{
    json_t *s;
    size_t i;
    json_array_foreach(list, i, s)
    {
        const json_t *type = json_object_get(s, "type");
        if (type != NULL && type_admits(type, v))
            return check_value(c, s, v);
    }
    return fail(c, "matches none of the schemas of %s", what);
}

static int check_object(struct check *c, const json_t *schema, const json_t *v)
{
    const json_t *props = json_object_get(schema, "properties");
    const json_t *extra = json_object_get(schema, "additionalProperties");
    const json_t *req = json_object_get(schema, "required"), *sub, *r;
    const char *key;
    size_t i, cut;
    json_array_foreach(req, i, r)
    {
        if (json_object_get(v, json_string_value(r)) == NULL)
            return fail(c, "the required field \"%s\" is missing", json_string_value(r));
    }
    json_object_foreach((json_t *)v, key, sub)
    {
        const json_t *s = json_object_get(props, key);
        int rc;
        if (s == NULL && json_is_false(extra))
            return fail(c, "the field \"%s\" is not declared", key);
        if (s == NULL)
            s = json_is_object(extra) ? extra : NULL;
        if (s == NULL)
            continue;
        cut = path_push(c, key);
        rc = check_value(c, s, sub);
        c->path[cut] = '\0';
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int check_array(struct check *c, const json_t *schema, const json_t *v)
{
    const json_t *items = json_object_get(schema, "items"), *min, *max, *sub;
    char at[24];
    size_t i, cut;
    if ((min = json_object_get(schema, "minItems")) != NULL &&
        json_array_size(v) < (size_t)json_integer_value(min))
        return fail(c, "%s", "has fewer items than minItems");
    if ((max = json_object_get(schema, "maxItems")) != NULL &&
        json_array_size(v) > (size_t)json_integer_value(max))
        return fail(c, "%s", "has more items than maxItems");
    if (items == NULL)
        return 0;
    json_array_foreach(v, i, sub)
    {
        int rc;
        snprintf(at, sizeof at, "%zu", i);
        cut = path_push(c, at);
        rc = check_value(c, items, sub);
        c->path[cut] = '\0';
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int check_value(struct check *c, const json_t *schema, const json_t *v)
{
    static const char *const notes[] = {
        "description", "format", "discriminator", "properties", "additionalProperties",
        "required",    "items",  "minItems",      "maxItems",   NULL};
    const json_t *kw, *one;
    const char *key;
    size_t i, n;
    int rc;
    json_object_foreach((json_t *)schema, key, kw)
    {
        for (i = 0; notes[i] && strcmp(notes[i], key) != 0; i++)
            ;
        if (notes[i] != NULL)
            continue;
        if (strcmp(key, "type") == 0) {
            if (!type_admits(kw, v))
                return fail(c, "is %s, not of the declared type", type_of(v));
        } else if (strcmp(key, "$ref") == 0) {
            const char *ref = json_string_value(kw);
            one = ref && strncmp(ref, REF_PREFIX, strlen(REF_PREFIX)) == 0
                      ? json_object_get(c->defs, ref + strlen(REF_PREFIX))
                      : NULL;
            if (one == NULL)
                return fail(c, "$ref %s names no writer's schema", ref ? ref : "");
            if ((rc = check_value(c, one, v)) != 0)
                return rc;
        } else if (strcmp(key, "oneOf") == 0) {
            if ((n = matches(c, kw, v)) == 0)
                return explain_none(c, kw, v, "oneOf");
            if (n > 1)
                return fail(c, "%s", "matches more than one schema of oneOf");
        } else if (strcmp(key, "anyOf") == 0) {
            if (matches(c, kw, v) == 0)
                return explain_none(c, kw, v, "anyOf");
        } else if (strcmp(key, "allOf") == 0) {
            json_array_foreach(kw, i, one)
            {
                if ((rc = check_value(c, one, v)) != 0)
                    return rc;
            }
        } else if (strcmp(key, "enum") == 0) {
            for (i = 0; i < json_array_size(kw) && !json_equal(json_array_get(kw, i), v); i++)
                ;
            if (i == json_array_size(kw))
                return fail(c, "%s", "is not one of the values of its enum");
        } else if (strcmp(key, "const") == 0) {
            if (!json_equal(kw, v))
                return fail(c, "%s", "is not the declared const");
        } else if (strcmp(key, "minimum") == 0) {
            if (json_is_number(v) && json_number_value(v) < json_number_value(kw))
                return fail(c, "%s", "is below its minimum");
        } else if (strcmp(key, "maximum") == 0) {
            if (json_is_number(v) && json_number_value(v) > json_number_value(kw))
                return fail(c, "%s", "is above its maximum");
        } else {
            return fail(c, "the schema keyword %s is not known to the check", key);
        }
    }
    if (json_is_object(v))
        return check_object(c, schema, v);
    if (json_is_array(v))
        return check_array(c, schema, v);
    return 0;
}

static json_t *loaded;
static char load_error[256];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void)
{
    struct error e = {0};
    if (report_schemas(&loaded, &e) != 0)
        snprintf(load_error, sizeof load_error, "%s", e.message);
}

int report_schema_check_value(const char *name, const json_t *value, struct error *e)
{
    struct check c = {0};
    const json_t *schema;
    if (value == NULL) /* the document could not be made */
        return error_set(e, ERR_INTERNAL, NULL, "%s: no document to check", name);
    pthread_once(&load_once, load);
    if (loaded == NULL)
        return error_set(e, ERR_INTERNAL, NULL, "%s", load_error);
    if ((schema = json_object_get(loaded, name)) == NULL)
        return error_set(e, ERR_INTERNAL, NULL, "no writer declares the schema %s", name);
    c.defs = loaded;
    if (check_value(&c, schema, value) != 0)
        return error_set(e, ERR_INTERNAL, c.at, "the document does not match its schema %s: %s: %s",
                         name, c.at, c.why);
    return 0;
}

int report_schema_check(const char *name, const char *text, size_t len, struct error *e)
{
    json_error_t jerr;
    json_t *v = json_loadb(text, len, JSON_DECODE_ANY, &jerr);
    int rc;
    if (v == NULL)
        return error_set(e, ERR_INTERNAL, NULL, "the document is not JSON: %s", jerr.text);
    rc = report_schema_check_value(name, v, e);
    json_decref(v);
    return rc;
}
