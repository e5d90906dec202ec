/*
 * record_id.c — readable ids for new records (record_id.h). The prefixes
 * follow the ids of the demo and the imports ("an-", "ms-", "fb-", ...) so a
 * made id reads like a chosen one. The random suffix is four letters and
 * digits from libsodium's generator (no counter: a counter would tell how
 * many records share a base).
 */
#include "domain/record_id.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define SUFFIX_LEN 4
#define MAKE_TRIES 8
#define PART_MAX   40

struct id_rule {
    const char *kind;
    const char *prefix;
    const char *parts[3]; /* fields whose values make the slug, in order */
};

static const struct id_rule rules[] = {
    {"analyses", "an", {"process", "cycle_year", NULL}},
    {"assessments", "as", {"process", "date", NULL}},
    {"risks", "r", {"scenario", NULL, NULL}},
    {"measures", "ms", {"name", NULL, NULL}},
    {"fallback_options", "fb", {"process", "kind", NULL}},
    {"dependencies", "dep", {"process", "description", NULL}},
    {"events", "ev", {"date", "name", NULL}},
    {"incidents", "inc", {"title", NULL, NULL}},
    {"reviews", "rv", {"measure", "date", NULL}},
    {"provider_links", "pl", {"provider", "process", NULL}},
    {"contributions", "co", {"analysis", NULL, NULL}},
    {"proposed_risks", "pr", {"scenario", NULL, NULL}},
    {"requirement_assessments", "ra", {"provider", "requirement", NULL}},
    {"campaigns", "camp", {"title", NULL, NULL}},
};

/* The ASCII letter a Latin-1 letter (UTF-8 C3 80..BF) is written without
 * its accent, or 0 for none. */
static char unaccent(unsigned char second)
{
    static const char map[] =
        "aaaaaaaceeeeiiiidnooooo\0ouuuuy\0saaaaaaaceeeeiiiidnooooo\0ouuuuy\0y";
    if (second < 0x80 || second > 0xbf)
        return 0;
    return map[second - 0x80];
}

/* Appends a slug of text (lower-case letters and digits, '-' between words)
 * to out at *len, at most PART_MAX bytes of it and never past max. */
static void slug_append(char *out, size_t *len, size_t max, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t start = *len, added = 0;
    int dash = *len > 0;
    while (*p && added < PART_MAX && *len < max) {
        char c = 0;
        if (*p < 0x80) {
            c = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
                c = 0;
            p++;
        } else {
            if (*p == 0xc3 && p[1])
                c = unaccent(p[1]);
            p++;
            while ((*p & 0xc0) == 0x80) /* the rest of the character */
                p++;
        }
        if (c == 0) {
            dash = *len > 0;
            continue;
        }
        if (dash && *len > 0 && out[*len - 1] != '-') {
            if (*len + 1 >= max)
                break;
            out[(*len)++] = '-';
            added++;
        }
        dash = 0;
        out[(*len)++] = c;
        added++;
    }
    while (*len > start && out[*len - 1] == '-')
        (*len)--;
    out[*len] = '\0';
}

void record_id_base(const struct kind *k, const json_t *record, char *out)
{
    const struct id_rule *rule = NULL;
    const char *prefix = k->singular;
    char number[32];
    size_t i, len = 0;
    for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if (strcmp(rules[i].kind, k->name) == 0)
            rule = &rules[i];
    }
    if (rule)
        prefix = rule->prefix;
    out[0] = '\0';
    slug_append(out, &len, RECORD_ID_BASE_MAX, prefix);
    for (i = 0; i < 3; i++) {
        const char *name = rule ? rule->parts[i] : (i == 0 ? k->label : NULL);
        json_t *v = name ? json_object_get(record, name) : NULL;
        if (json_is_string(v)) {
            slug_append(out, &len, RECORD_ID_BASE_MAX, json_string_value(v));
        } else if (json_is_integer(v)) {
            snprintf(number, sizeof number, "%lld", (long long)json_integer_value(v));
            slug_append(out, &len, RECORD_ID_BASE_MAX, number);
        }
    }
}

int record_id_make(struct store *s, const struct kind *k, json_t *record, int always_suffix,
                   struct error *e)
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789"; /* no l, o, 0, 1 */
    char base[RECORD_ID_BASE_MAX + 1], id[RECORD_ID_BASE_MAX + SUFFIX_LEN + 2];
    unsigned char raw[SUFFIX_LEN];
    int tries, exists = 0, rc;
    size_t i, n;

    record_id_base(k, record, base);
    for (tries = 0; tries < MAKE_TRIES; tries++) {
        if (tries == 0 && !always_suffix) {
            snprintf(id, sizeof id, "%s", base);
        } else {
            randombytes_buf(raw, sizeof raw);
            n = (size_t)snprintf(id, sizeof id, "%s-", base);
            for (i = 0; i < SUFFIX_LEN; i++)
                id[n + i] = alphabet[raw[i] % (sizeof alphabet - 1)];
            id[n + SUFFIX_LEN] = '\0';
        }
        if ((rc = store_record_exists(s, k, id, &exists, e)) != 0)
            return rc;
        if (!exists) {
            json_object_set_new(record, "id", json_string(id));
            return 0;
        }
    }
    return error_set(e, ERR_CONFLICT, "id", "no free id could be made; try again");
}
