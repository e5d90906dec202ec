/*
 * framework.c — requirement frameworks in CISO Assistant's YAML format, read
 * through libyaml's event API into import batches (see framework.h). Writes
 * nothing itself; the batch does. Coverage by measures is in
 * framework_coverage.c.
 */
#include "domain/framework.h"

#include "base/xmalloc.h"
#include "domain/validate.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

/* --- ids ----------------------------------------------------------------- */

static uint32_t hash_text(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static int id_char(unsigned char c, int first)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    return !first && (c == '.' || c == '_' || c == ':' || c == '-');
}

void framework_id_from_urn(const char *urn, char *buf)
{
    size_t n = 0;
    int dash = 0;
    const char *p;
    if (validate_id(urn) == 0) {
        snprintf(buf, FRAMEWORK_ID_SIZE, "%s", urn);
        return;
    }
    for (p = urn; *p && n < FRAMEWORK_ID_SIZE - 10; p++) {
        if (id_char((unsigned char)*p, n == 0)) {
            buf[n++] = *p;
            dash = 0;
        } else if (n > 0 && !dash) {
            buf[n++] = '-';
            dash = 1;
        }
    }
    if (n == 0)
        buf[n++] = 'x';
    snprintf(buf + n, FRAMEWORK_ID_SIZE - n, "-%08x", (unsigned)hash_text(urn));
}

/* --- the batch ------------------------------------------------------------ */

/* --- reading the YAML ------------------------------------------------------- */

enum slot {
    SLOT_URN,
    SLOT_PARENT_URN,
    SLOT_REF_ID,
    SLOT_NAME,
    SLOT_DESCRIPTION,
    SLOT_ASSESSABLE,
    SLOT_ANNOTATION
};
#define SLOT_COUNT 7
#define SEEN_NODES (1u << SLOT_COUNT) /* framework: requirement_nodes seen */

static const char *const slot_names[SLOT_COUNT] = {"urn",         "parent_urn", "ref_id",    "name",
                                                   "description", "assessable", "annotation"};

/* The texts a library translates (CISO Assistant's `translations: {LANG:
 * {name, description, annotation}}` on the framework and on each node). */
static int is_translated_slot(const char *key)
{
    return strcmp(key, "name") == 0 || strcmp(key, "description") == 0 ||
           strcmp(key, "annotation") == 0;
}

/* The framework itself or one requirement node: the fields kept, as text. */
struct item {
    char *text[SLOT_COUNT];
    json_t *translations; /* language -> {slot name -> text}; NULL until one is read */
    size_t line;
    unsigned seen; /* keys met so far, to refuse one given twice */
};

enum role {
    ROLE_OTHER,
    ROLE_ROOT,
    ROLE_OBJECTS,
    ROLE_FRAMEWORK,
    ROLE_NODES,
    ROLE_NODE,
    ROLE_TRANSLATIONS, /* an item's translations: language -> texts */
    ROLE_TRANSLATION   /* one language's texts */
};

struct frame {
    enum role role;
    int is_map;
    int want_value; /* a mapping whose key has been read */
    char key[32];   /* the current key; longer keys matter to no one and are cut */
    size_t index;   /* a sequence: index of the current item */
};

struct reader {
    const char *file;
    struct frame stack[FRAMEWORK_MAX_DEPTH];
    size_t depth;
    size_t documents;
    unsigned root_seen; /* objects seen */
    char *locale;       /* the library's language (top-level `locale`), NULL: English */
    size_t locale_line;
    unsigned objects_seen; /* framework seen */
    size_t objects_line;
    struct item framework;
    int have_framework;
    struct item *nodes;
    size_t n_nodes, cap_nodes;
    struct error *e;
};

static void item_release(struct item *it)
{
    size_t i;
    for (i = 0; i < SLOT_COUNT; i++)
        free(it->text[i]);
    json_decref(it->translations);
}

/* "objects.framework.requirement_nodes[3].urn": the place of the node being read. */
static void reader_path(const struct reader *r, char *buf, size_t size)
{
    size_t i, n = 0;
    buf[0] = '\0';
    for (i = 0; i < r->depth && n < size; i++) {
        const struct frame *f = &r->stack[i];
        if (f->is_map && f->want_value)
            n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "." : "", f->key);
        else if (!f->is_map)
            n += (size_t)snprintf(buf + n, size - n, "[%zu]", f->index);
    }
    if (buf[0] == '\0')
        snprintf(buf, size, "(top)");
}

static int reader_fail(struct reader *r, int code, const yaml_mark_t *mark, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int reader_fail(struct reader *r, int code, const yaml_mark_t *mark, const char *fmt, ...)
{
    char where[ERROR_WHERE_MAX], path[256], message[ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    reader_path(r, path, sizeof path);
    snprintf(where, sizeof where, "%s: line %zu, column %zu", r->file, (size_t)mark->line + 1,
             (size_t)mark->column + 1);
    return error_set(r->e, code, where, "%s: %s", path, message);
}

static int slot_of(const char *key)
{
    int i;
    for (i = 0; i < SLOT_COUNT; i++) {
        if (strcmp(key, slot_names[i]) == 0)
            return i;
    }
    return -1;
}

/* The item whose fields the current mapping holds, or NULL. */
static struct item *current_item(struct reader *r)
{
    enum role role = r->depth ? r->stack[r->depth - 1].role : ROLE_OTHER;
    if (role == ROLE_FRAMEWORK)
        return &r->framework;
    if (role == ROLE_NODE)
        return &r->nodes[r->n_nodes - 1];
    return NULL;
}

/* The item whose translations the current mapping (a ROLE_TRANSLATION) holds. */
static struct item *translated_item(struct reader *r)
{
    enum role role = r->depth >= 3 ? r->stack[r->depth - 3].role : ROLE_OTHER;
    if (role == ROLE_FRAMEWORK)
        return &r->framework;
    if (role == ROLE_NODE)
        return &r->nodes[r->n_nodes - 1];
    return NULL;
}

/* Whether the value of the current key is one this reader keeps. */
static int value_is_kept(struct reader *r)
{
    const struct frame *f;
    if (r->depth == 0)
        return 1;
    f = &r->stack[r->depth - 1];
    if (!f->is_map)
        return f->role == ROLE_NODES;
    if (!f->want_value)
        return 0;
    switch (f->role) {
    case ROLE_ROOT:
        return strcmp(f->key, "objects") == 0 || strcmp(f->key, "locale") == 0;
    case ROLE_OBJECTS:
        return strcmp(f->key, "framework") == 0;
    case ROLE_FRAMEWORK:
        return strcmp(f->key, "requirement_nodes") == 0 || strcmp(f->key, "translations") == 0 ||
               slot_of(f->key) >= 0;
    case ROLE_NODE:
        return strcmp(f->key, "translations") == 0 || slot_of(f->key) >= 0;
    case ROLE_TRANSLATIONS:
        return 1; /* a language: its texts */
    case ROLE_TRANSLATION:
        return is_translated_slot(f->key);
    default:
        return 0;
    }
}

/* The current node (a key or a value) is complete. */
static void reader_advance(struct reader *r)
{
    struct frame *f;
    if (r->depth == 0)
        return;
    f = &r->stack[r->depth - 1];
    if (f->is_map)
        f->want_value = !f->want_value;
    else
        f->index++;
}

static int reader_key(struct reader *r, const yaml_event_t *ev)
{
    struct frame *f = &r->stack[r->depth - 1];
    const char *key = (const char *)ev->data.scalar.value;
    unsigned bit = 0, *seen = NULL;
    int slot;

    if (ev->data.scalar.length >= sizeof f->key)
        snprintf(f->key, sizeof f->key, "%.*s...", (int)sizeof f->key - 4, key);
    else
        snprintf(f->key, sizeof f->key, "%s", key);
    f->want_value = 1;
    if (f->role == ROLE_ROOT && strcmp(f->key, "objects") == 0) {
        seen = &r->root_seen;
        bit = 1;
    } else if (f->role == ROLE_OBJECTS && strcmp(f->key, "framework") == 0) {
        seen = &r->objects_seen;
        bit = 1;
    } else if (f->role == ROLE_FRAMEWORK || f->role == ROLE_NODE) {
        seen = &current_item(r)->seen;
        slot = slot_of(f->key);
        if (slot >= 0)
            bit = 1u << slot;
        else if (f->role == ROLE_FRAMEWORK && strcmp(f->key, "requirement_nodes") == 0)
            bit = SEEN_NODES;
    }
    if (bit && (*seen & bit))
        return reader_fail(r, ERR_INVALID, &ev->start_mark, "key given twice");
    if (seen)
        *seen |= bit;
    return 0;
}

static int is_null(const yaml_event_t *ev)
{
    const char *v = (const char *)ev->data.scalar.value;
    if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
           strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

/* One translated text: translations[LANG][KEY] of the item two levels up.
 * Languages vitaal does not know are skipped (the text stays untranslated
 * there); an empty text is no translation. */
static int reader_translation(struct reader *r, const yaml_event_t *ev)
{
    struct item *it = translated_item(r);
    const char *language = r->stack[r->depth - 2].key, *key = r->stack[r->depth - 1].key;
    json_t *texts, *text;

    if (it == NULL || is_null(ev) || model_value_index(model_languages, language) < 0)
        return 0;
    if (ev->data.scalar.length > FRAMEWORK_MAX_TEXT)
        return reader_fail(r, ERR_TOO_LARGE, &ev->start_mark, "longer than %u bytes",
                           FRAMEWORK_MAX_TEXT);
    if (strlen((const char *)ev->data.scalar.value) != ev->data.scalar.length)
        return reader_fail(r, ERR_INVALID, &ev->start_mark, "holds a NUL character");
    if ((text = json_string((const char *)ev->data.scalar.value)) == NULL)
        return reader_fail(r, ERR_INVALID, &ev->start_mark, "not valid UTF-8");
    if (it->translations == NULL)
        it->translations = json_object();
    if ((texts = json_object_get(it->translations, language)) == NULL)
        json_object_set_new(it->translations, language, texts = json_object());
    if (json_object_get(texts, key)) {
        json_decref(text);
        return reader_fail(r, ERR_INVALID, &ev->start_mark, "key given twice");
    }
    if (json_object_set_new(texts, key, text) != 0)
        return reader_fail(r, ERR_INVALID, &ev->start_mark, "key not valid UTF-8");
    return 0;
}

static int reader_scalar(struct reader *r, const yaml_event_t *ev)
{
    struct frame *f;
    struct item *it;
    int slot, rc;

    if (r->depth == 0)
        return 0; /* a document that is one scalar: objects.framework is missing */
    f = &r->stack[r->depth - 1];
    if (f->is_map && !f->want_value)
        return reader_key(r, ev);
    if (value_is_kept(r) && f->is_map && f->role == ROLE_ROOT) { /* locale */
        if (r->locale != NULL)
            return reader_fail(r, ERR_INVALID, &ev->start_mark, "key given twice");
        r->locale = xstrdup((const char *)ev->data.scalar.value);
        r->locale_line = (size_t)ev->start_mark.line + 1;
    } else if (value_is_kept(r) && f->is_map && f->role == ROLE_TRANSLATION) {
        if ((rc = reader_translation(r, ev)) != 0)
            return rc;
    } else if (value_is_kept(r)) {
        it = current_item(r);
        slot = f->is_map ? slot_of(f->key) : -1;
        if (it == NULL || slot < 0)
            return reader_fail(r, ERR_INVALID, &ev->start_mark, "must be a %s, not a text",
                               f->is_map && strcmp(f->key, "requirement_nodes") == 0 ? "list"
                                                                                     : "mapping");
        if (!is_null(ev)) {
            if (ev->data.scalar.length > FRAMEWORK_MAX_TEXT)
                return reader_fail(r, ERR_TOO_LARGE, &ev->start_mark, "longer than %u bytes",
                                   FRAMEWORK_MAX_TEXT);
            if (strlen((const char *)ev->data.scalar.value) != ev->data.scalar.length)
                return reader_fail(r, ERR_INVALID, &ev->start_mark, "holds a NUL character");
            it->text[slot] = xstrdup((const char *)ev->data.scalar.value);
            if (slot == SLOT_ASSESSABLE && strcasecmp(it->text[slot], "true") != 0 &&
                strcasecmp(it->text[slot], "false") != 0)
                return reader_fail(r, ERR_INVALID, &ev->start_mark, "must be true or false");
        }
    }
    reader_advance(r);
    return 0;
}

static int reader_start(struct reader *r, const yaml_event_t *ev, int is_map)
{
    struct frame *parent = r->depth ? &r->stack[r->depth - 1] : NULL, *f;
    enum role role = ROLE_OTHER, want = ROLE_OTHER;

    if (r->depth == FRAMEWORK_MAX_DEPTH)
        return reader_fail(r, ERR_TOO_LARGE, &ev->start_mark, "nested deeper than %d levels",
                           FRAMEWORK_MAX_DEPTH);
    if (parent == NULL) {
        role = want = ROLE_ROOT;
    } else if (parent->is_map && !parent->want_value) {
        parent->key[0] = '\0'; /* a mapping or list as a key: nothing we read */
    } else if (value_is_kept(r)) {
        if (parent->role == ROLE_ROOT && strcmp(parent->key, "objects") == 0)
            want = ROLE_OBJECTS;
        else if (parent->role == ROLE_ROOT)
            return reader_fail(r, ERR_INVALID, &ev->start_mark, "must be a text, not a %s",
                               is_map ? "mapping" : "list");
        else if (parent->role == ROLE_OBJECTS)
            want = ROLE_FRAMEWORK;
        else if (parent->role == ROLE_NODES)
            want = ROLE_NODE;
        else if (parent->role == ROLE_TRANSLATIONS)
            want = ROLE_TRANSLATION;
        else if (strcmp(parent->key, "translations") == 0 &&
                 (parent->role == ROLE_FRAMEWORK || parent->role == ROLE_NODE))
            want = ROLE_TRANSLATIONS;
        else if (strcmp(parent->key, "requirement_nodes") == 0)
            want = ROLE_NODES;
        else
            return reader_fail(r, ERR_INVALID, &ev->start_mark, "must be a text, not a %s",
                               is_map ? "mapping" : "list");
        if ((want == ROLE_NODES) == is_map)
            return reader_fail(r, ERR_INVALID, &ev->start_mark, "must be a %s",
                               want == ROLE_NODES ? "list" : "mapping");
        role = want;
    }
    if (role == ROLE_ROOT && !is_map)
        role = ROLE_OTHER; /* objects.framework will be missing */
    if (role == ROLE_OBJECTS)
        r->objects_line = (size_t)ev->start_mark.line + 1;
    if (role == ROLE_FRAMEWORK) {
        r->have_framework = 1;
        r->framework.line = (size_t)ev->start_mark.line + 1;
    }
    if (role == ROLE_NODE) {
        if (r->n_nodes == FRAMEWORK_MAX_NODES)
            return reader_fail(r, ERR_TOO_LARGE, &ev->start_mark, "more than %d requirement nodes",
                               FRAMEWORK_MAX_NODES);
        if (r->n_nodes == r->cap_nodes) {
            size_t cap = r->cap_nodes ? r->cap_nodes * 2 : 64;
            struct item *nodes = xrealloc(r->nodes, cap * sizeof *nodes);
            r->nodes = nodes;
            r->cap_nodes = cap;
        }
        memset(&r->nodes[r->n_nodes], 0, sizeof r->nodes[0]);
        r->nodes[r->n_nodes++].line = (size_t)ev->start_mark.line + 1;
    }
    f = &r->stack[r->depth++];
    memset(f, 0, sizeof *f);
    f->role = role;
    f->is_map = is_map;
    return 0;
}

/* Streams the events of text; keeps what struct reader holds. */
static int reader_run(struct reader *r, const char *text, size_t len)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    int rc = 0, done = 0;

    if (!yaml_parser_initialize(&parser))
        return error_set(r->e, ERR_NOMEM, r->file, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    while (!done && rc == 0) {
        if (!yaml_parser_parse(&parser, &ev)) {
            char where[ERROR_WHERE_MAX];
            snprintf(where, sizeof where, "%s: line %zu, column %zu", r->file,
                     (size_t)parser.problem_mark.line + 1, (size_t)parser.problem_mark.column + 1);
            if (parser.context)
                rc = error_set(r->e, ERR_INVALID, where,
                               "not valid YAML: %s (%s started at line %zu, column %zu)",
                               parser.problem ? parser.problem : "parse error", parser.context,
                               (size_t)parser.context_mark.line + 1,
                               (size_t)parser.context_mark.column + 1);
            else
                rc = error_set(r->e, ERR_INVALID, where, "not valid YAML: %s",
                               parser.problem ? parser.problem : "parse error");
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++r->documents > 1)
                rc = reader_fail(r, ERR_INVALID, &ev.start_mark,
                                 "a second YAML document; a framework file holds one");
            break;
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT:
            rc = reader_start(r, &ev, ev.type == YAML_MAPPING_START_EVENT);
            break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            r->depth--;
            reader_advance(r);
            break;
        case YAML_SCALAR_EVENT:
            rc = reader_scalar(r, &ev);
            break;
        case YAML_ALIAS_EVENT:
            if (r->depth && r->stack[r->depth - 1].is_map && !r->stack[r->depth - 1].want_value)
                r->stack[r->depth - 1].key[0] = '\0';
            else if (value_is_kept(r))
                rc = reader_fail(r, ERR_INVALID, &ev.start_mark,
                                 "an alias (*%s) is not accepted here; write the value out",
                                 (const char *)ev.data.alias.anchor);
            reader_advance(r);
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return rc;
}

/* --- from what was read to records -------------------------------------------- */

static int fail_at(struct reader *r, int code, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail_at(struct reader *r, int code, size_t line, const char *fmt, ...)
{
    char where[ERROR_WHERE_MAX];
    va_list ap;
    int rc;
    if (line)
        snprintf(where, sizeof where, "%s: line %zu", r->file, line);
    else
        snprintf(where, sizeof where, "%s", r->file);
    va_start(ap, fmt);
    rc = error_setv(r->e, code, where, fmt, ap);
    va_end(ap);
    return rc;
}

static void set_text(json_t *record, const char *key, const char *value)
{
    if (value)
        json_object_set_new(record, key, json_string(value));
}

/* Sets record's `<slot>_translations` maps from the item's translations:
 * every language but the library's own (whose text is the field itself). */
static void set_translations(json_t *record, const struct kind *k, const struct item *it,
                             const char *language)
{
    static const char *const slots[] = {"name", "description", "annotation", NULL};
    char field[32];
    const char *lang;
    json_t *texts, *text, *map;
    size_t i;
    for (i = 0; slots[i]; i++) {
        snprintf(field, sizeof field, "%s_translations", slots[i]);
        if (model_field_find(k, field) == NULL)
            continue; /* a framework has no annotation */
        map = json_object();
        json_object_foreach(it->translations, lang, texts)
        {
            if (strcmp(lang, language) != 0 && (text = json_object_get(texts, slots[i])) != NULL)
                json_object_set(map, lang, text);
        }
        if (json_object_size(map) > 0)
            json_object_set_new(record, field, map);
        else
            json_decref(map);
    }
}

/* Checks the nodes (urns, parents, cycles) and fills ids[] and parents[]. */
static int check_nodes(struct reader *r, json_t *by_urn, char (*ids)[FRAMEWORK_ID_SIZE],
                       size_t *parents)
{
    json_t *id_set = json_object(), *seen;
    unsigned char *state = NULL;
    size_t i, j;
    int rc = 0;

    for (i = 0; i < r->n_nodes && rc == 0; i++) {
        const char *urn = r->nodes[i].text[SLOT_URN];
        if (urn == NULL) {
            rc = fail_at(r, ERR_INVALID, r->nodes[i].line,
                         "objects.framework.requirement_nodes[%zu]: has no urn", i);
        } else if ((seen = json_object_get(by_urn, urn)) != NULL) {
            rc = fail_at(r, ERR_INVALID, r->nodes[i].line,
                         "objects.framework.requirement_nodes[%zu].urn: '%s' is also the urn of "
                         "the node at line %zu",
                         i, urn, r->nodes[json_integer_value(seen)].line);
        } else if (json_object_set_new(by_urn, urn, json_integer((json_int_t)i)) != 0) {
            rc = fail_at(r, ERR_INVALID, r->nodes[i].line,
                         "objects.framework.requirement_nodes[%zu].urn: not valid UTF-8", i);
        } else {
            framework_id_from_urn(urn, ids[i]);
            if ((seen = json_object_get(id_set, ids[i])) != NULL)
                rc = fail_at(r, ERR_INVALID, r->nodes[i].line,
                             "objects.framework.requirement_nodes[%zu].urn: gives the same id "
                             "'%s' as the node at line %zu",
                             i, ids[i], r->nodes[json_integer_value(seen)].line);
            json_object_set_new(id_set, ids[i], json_integer((json_int_t)i));
        }
    }
    for (i = 0; i < r->n_nodes && rc == 0; i++) {
        const char *parent = r->nodes[i].text[SLOT_PARENT_URN];
        parents[i] = SIZE_MAX;
        if (parent == NULL)
            continue;
        if ((seen = json_object_get(by_urn, parent)) == NULL)
            rc = fail_at(r, ERR_INVALID, r->nodes[i].line,
                         "objects.framework.requirement_nodes[%zu].parent_urn: no node has the "
                         "urn '%s'",
                         i, parent);
        else
            parents[i] = (size_t)json_integer_value(seen);
    }
    /* Circles of parents, in linear time: each node is walked up once. A
     * walk marks its nodes as on the way (1) until it reaches a top node or
     * one known to lead to the top (2), then marks the way 2; reaching a
     * node still on the way means a circle. Nodes are walked in order, so
     * the node named is the first whose parents go round. */
    if (rc == 0 && r->n_nodes)
        state = xcalloc(r->n_nodes, 1);
    for (i = 0; i < r->n_nodes && rc == 0; i++) {
        for (j = i; j != SIZE_MAX && state[j] == 0; j = parents[j])
            state[j] = 1;
        if (j != SIZE_MAX && state[j] == 1) {
            rc = fail_at(r, ERR_INVALID, r->nodes[i].line,
                         "objects.framework.requirement_nodes[%zu].parent_urn: the parents of "
                         "'%s' go round in a circle",
                         i, r->nodes[i].text[SLOT_URN]);
            break;
        }
        for (j = i; j != SIZE_MAX && state[j] == 1; j = parents[j])
            state[j] = 2;
    }
    free(state);
    json_decref(id_set);
    return rc;
}

/* Turns what was read into records and adds them to b (all or none). */
static int reader_emit(struct reader *r, struct import_batch *b, const char *owner)
{
    const struct kind *kf = model_kind(KIND_FRAMEWORK), *kr = model_kind(KIND_REQUIREMENT);
    char(*ids)[FRAMEWORK_ID_SIZE] = NULL;
    char framework_id[FRAMEWORK_ID_SIZE], where[48];
    const char *language = r->locale ? r->locale : "en";
    size_t *parents = NULL, i, first = b->n;
    json_t *by_urn = json_object(), *record = NULL;
    int rc = 0;

    if (!r->have_framework) {
        rc = r->root_seen ? fail_at(r, ERR_INVALID, r->objects_line,
                                    "objects.framework: missing (is this a framework library?)")
                          : fail_at(r, ERR_INVALID, 0,
                                    "objects.framework: missing (is this a framework library?)");
        goto cleanup;
    }
    for (i = 0; i < SLOT_COUNT; i++) {
        if ((i == SLOT_URN || i == SLOT_NAME) && r->framework.text[i] == NULL) {
            rc = fail_at(r, ERR_INVALID, r->framework.line, "objects.framework.%s: missing",
                         slot_names[i]);
            goto cleanup;
        }
    }
    if (r->locale && model_value_index(model_languages, r->locale) < 0) {
        rc = fail_at(r, ERR_INVALID, r->locale_line,
                     "locale: '%s' is not a language vitaal knows (an ISO 639-1 code of an EU "
                     "language, such as en or nl)",
                     r->locale);
        goto cleanup;
    }
    if (!(r->framework.seen & SEEN_NODES)) {
        rc = fail_at(r, ERR_INVALID, r->framework.line,
                     "objects.framework.requirement_nodes: missing");
        goto cleanup;
    }
    ids = xcalloc(r->n_nodes + 1, sizeof *ids);
    parents = xcalloc(r->n_nodes + 1, sizeof *parents);
    if ((rc = check_nodes(r, by_urn, ids, parents)) != 0)
        goto cleanup;
    framework_id_from_urn(r->framework.text[SLOT_URN], framework_id);
    record = json_pack("{ss ss ss ss}", "id", framework_id, "urn", r->framework.text[SLOT_URN],
                       "name", r->framework.text[SLOT_NAME], "classification", "public");
    if (record == NULL) {
        rc = fail_at(r, ERR_INVALID, r->framework.line, "objects.framework: not valid UTF-8");
        goto cleanup;
    }
    set_text(record, "ref_id", r->framework.text[SLOT_REF_ID]);
    set_text(record, "description", r->framework.text[SLOT_DESCRIPTION]);
    set_text(record, "language", language);
    set_translations(record, kf, &r->framework, language);
    json_object_set_new(record, "owner", json_string(owner ? owner : ""));
    import_batch_add_record(b, kf, record, r->file, "$.objects.framework");
    record = NULL; /* the batch owns it */
    for (i = 0; i < r->n_nodes; i++) {
        const struct item *it = &r->nodes[i];
        const char *assessable = it->text[SLOT_ASSESSABLE];
        record =
            json_pack("{ss ss sb sI ss ss}", "id", ids[i], "framework", framework_id, "assessable",
                      assessable && strcasecmp(assessable, "true") == 0, "position",
                      (json_int_t)(i + 1), "classification", "public", "owner", owner ? owner : "");
        if (record == NULL) {
            rc = error_set(r->e, ERR_INVALID, r->file,
                           "objects.framework.requirement_nodes[%zu]: not valid UTF-8", i);
            goto fail;
        }
        if (parents[i] != SIZE_MAX)
            json_object_set_new(record, "parent", json_string(ids[parents[i]]));
        set_text(record, "ref_id", it->text[SLOT_REF_ID]);
        set_text(record, "name", it->text[SLOT_NAME]);
        set_text(record, "description", it->text[SLOT_DESCRIPTION]);
        set_text(record, "annotation", it->text[SLOT_ANNOTATION]);
        set_translations(record, kr, it, language);
        snprintf(where, sizeof where, "$.objects.framework.requirement_nodes[%zu]", i);
        import_batch_add_record(b, kr, record, r->file, where);
        record = NULL;
    }
    goto cleanup;
fail:
    json_decref(record);
    while (b->n > first) /* take back what this file added */
        json_decref(b->items[--b->n].record);
cleanup:
    json_decref(by_urn);
    free(ids);
    free(parents);
    return rc;
}

int framework_batch_add_yaml(struct import_batch *b, const char *name, const char *text, size_t len,
                             const char *owner, struct error *e)
{
    struct reader r;
    size_t i;
    int rc;

    memset(&r, 0, sizeof r);
    r.file = name;
    r.e = e;
    if (len > FRAMEWORK_MAX_FILE_BYTES)
        return error_set(e, ERR_TOO_LARGE, name, "larger than %u bytes", FRAMEWORK_MAX_FILE_BYTES);
    if ((rc = reader_run(&r, text, len)) == 0)
        rc = reader_emit(&r, b, owner);
    item_release(&r.framework);
    for (i = 0; i < r.n_nodes; i++)
        item_release(&r.nodes[i]);
    free(r.nodes);
    free(r.locale);
    return rc;
}

int framework_batch_add_yaml_file(struct import_batch *b, const char *path, const char *owner,
                                  struct error *e)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long size;
    int rc;

    if (f == NULL)
        return error_set(e, ERR_IO, path, "cannot open: %s", strerror(errno));
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        rc = error_set(e, ERR_IO, path, "cannot read: %s", strerror(errno));
        goto cleanup;
    }
    if ((unsigned long)size > FRAMEWORK_MAX_FILE_BYTES) {
        rc = error_set(e, ERR_TOO_LARGE, path, "larger than %u bytes", FRAMEWORK_MAX_FILE_BYTES);
        goto cleanup;
    }
    data = xmalloc((size_t)size + 1);
    if (fread(data, 1, (size_t)size, f) != (size_t)size) {
        rc = error_set(e, ERR_IO, path, "cannot read");
        goto cleanup;
    }
    data[size] = '\0';
    rc = framework_batch_add_yaml(b, path, data, (size_t)size, owner, e);
cleanup:
    free(data);
    fclose(f);
    return rc;
}
