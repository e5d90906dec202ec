/*
 * cer_nis2.c — which regimes apply to links, sectors and processes, and the
 * CER clock of critical entities with the national milestones (see
 * cer_nis2.h). Reads the store, never writes it; the clock is pure.
 */
#include "domain/cer_nis2.h"

#include "base/arena.h"
#include "base/timefmt.h"
#include "base/xmalloc.h"
#include "domain/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CER_NIS2_MAX_MONTHS    120
#define CER_NIS2_SECTOR_HOPS   8
#define CER_NIS2_MILESTONE     "cer_milestone_"
#define CER_NIS2_IDENTIFIED_BY "cer_milestone_identification"

unsigned cer_nis2_link(const json_t *link)
{
    const char *nis2 = json_string_value(json_object_get(link, "nis2_entity"));
    unsigned regimes = 0;
    if (nis2 && (strcmp(nis2, "essential") == 0 || strcmp(nis2, "important") == 0))
        regimes |= CER_NIS2_NIS2;
    if (json_is_true(json_object_get(link, "cer_critical")))
        regimes |= CER_NIS2_CER;
    return regimes;
}

unsigned cer_nis2_sector_record(const json_t *sector)
{
    const char *annex = json_string_value(json_object_get(sector, "nis2_annex"));
    unsigned regimes = 0;
    if (annex && strcmp(annex, "none") != 0)
        regimes |= CER_NIS2_NIS2;
    if (json_is_true(json_object_get(sector, "cer")))
        regimes |= CER_NIS2_CER;
    return regimes;
}

const char *cer_nis2_name(unsigned regimes)
{
    switch (regimes & (CER_NIS2_NIS2 | CER_NIS2_CER)) {
    case CER_NIS2_NIS2 | CER_NIS2_CER:
        return "NIS2+CER";
    case CER_NIS2_NIS2:
        return "NIS2";
    case CER_NIS2_CER:
        return "CER";
    default:
        return "none";
    }
}

/* --- processes -------------------------------------------------------------- */

static void add_bits(json_t *map, const char *key, unsigned bits)
{
    json_t *v = json_object_get(map, key);
    unsigned old = v ? (unsigned)json_integer_value(v) : 0;
    json_object_set_new(map, key, json_integer((json_int_t)(old | bits)));
}

static int scan_sector(void *ctx, json_t *sector)
{
    struct cer_nis2_map *m = ctx;
    const char *id = json_string_value(json_object_get(sector, "id"));
    json_t *parent = json_object_get(sector, "eu_sector");
    add_bits(m->sector_regimes, id, cer_nis2_sector_record(sector));
    if (json_is_string(parent))
        json_object_set(m->sector_parent, id, parent);
    return 0;
}

static int scan_link(void *ctx, json_t *link)
{
    struct cer_nis2_map *m = ctx;
    add_bits(m->process_links, json_string_value(json_object_get(link, "process")),
             cer_nis2_link(link));
    return 0;
}

int cer_nis2_map_load(struct store *s, struct cer_nis2_map *out, struct error *e)
{
    int rc;
    out->sector_regimes = json_object();
    out->sector_parent = json_object();
    out->process_links = json_object();
    if ((rc = store_record_each(s, model_kind(KIND_SECTOR), NULL, 0, 0, 0, scan_sector, out, e)) !=
        0)
        goto cleanup;
    rc = store_record_each(s, model_kind(KIND_PROVIDER_LINK), NULL, 0, 0, 0, scan_link, out, e);
cleanup:
    if (rc != 0)
        cer_nis2_map_release(out);
    return rc;
}

void cer_nis2_map_release(struct cer_nis2_map *m)
{
    json_decref(m->sector_regimes);
    json_decref(m->sector_parent);
    json_decref(m->process_links);
    memset(m, 0, sizeof *m);
}

unsigned cer_nis2_sector(const struct cer_nis2_map *m, const char *sector)
{
    unsigned regimes = 0;
    int hops;
    for (hops = 0; sector && hops < CER_NIS2_SECTOR_HOPS; hops++) {
        regimes |= (unsigned)json_integer_value(json_object_get(m->sector_regimes, sector));
        sector = json_string_value(json_object_get(m->sector_parent, sector));
    }
    return regimes;
}

unsigned cer_nis2_process(const struct cer_nis2_map *m, const char *process, const char *sector)
{
    unsigned regimes = cer_nis2_sector(m, sector);
    if (process)
        regimes |= (unsigned)json_integer_value(json_object_get(m->process_links, process));
    return regimes;
}

/* --- the CER clock ------------------------------------------------------------- */

int cer_nis2_rules_load(struct store *s, struct cer_nis2_rules *r, struct error *e)
{
    const struct {
        const char *key;
        int64_t fallback;
        int64_t *out;
    } rules[] = {{"cer_notify_months", 1, &r->notify_months},
                 {"cer_risk_assessment_months", 9, &r->risk_assessment_months},
                 {"cer_chapter3_months", 10, &r->chapter3_months}};
    size_t i;
    int rc;
    for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if ((rc = settings_get_int(s, rules[i].key, rules[i].fallback, rules[i].out, e)) != 0)
            return rc;
        if (*rules[i].out < 0 || *rules[i].out > CER_NIS2_MAX_MONTHS)
            return error_set(e, ERR_INVALID, rules[i].key,
                             "setting '%s' must be a whole number of months within 0..%d",
                             rules[i].key, CER_NIS2_MAX_MONTHS);
    }
    return 0;
}

const char *cer_nis2_step_name(enum cer_nis2_step s)
{
    switch (s) {
    case CER_NIS2_NOT_IDENTIFIED:
        return "not_identified";
    case CER_NIS2_TO_NOTIFY:
        return "to_notify";
    case CER_NIS2_RISK_ASSESSMENT:
        return "risk_assessment_due";
    case CER_NIS2_CHAPTER3_COMING:
        return "chapter3_coming";
    default:
        return "chapter3_applies";
    }
}

static void plus_months(const char *date, int64_t months, char *out)
{
    int64_t day;
    out[0] = '\0';
    if (date && timefmt_parse_date(date, &day) == 0)
        timefmt_format_date(timefmt_add_months(day, (int)months), out);
}

/* 1 when date ("" none) lies before today. */
static int before(const char *date, int64_t today)
{
    int64_t day;
    return date[0] && timefmt_parse_date(date, &day) == 0 && day < today;
}

void cer_nis2_clock_compute(const char *identified, const char *notified,
                            const struct cer_nis2_rules *rules, const char *identification_by,
                            int64_t today, struct cer_nis2_clock *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->identified, sizeof out->identified, "%s", identified ? identified : "");
    snprintf(out->notified, sizeof out->notified, "%s", notified ? notified : "");
    plus_months(out->identified[0] ? out->identified : NULL, rules->notify_months,
                out->notification_due);
    plus_months(out->notified[0] ? out->notified : NULL, rules->risk_assessment_months,
                out->risk_assessment_due);
    plus_months(out->notified[0] ? out->notified : NULL, rules->chapter3_months,
                out->chapter3_applies);
    if (!out->identified[0]) {
        out->step = CER_NIS2_NOT_IDENTIFIED;
        snprintf(out->next_due, sizeof out->next_due, "%s",
                 identification_by ? identification_by : "");
        out->overdue = before(out->next_due, today);
    } else if (!out->notified[0]) {
        out->step = CER_NIS2_TO_NOTIFY;
        snprintf(out->next_due, sizeof out->next_due, "%s", out->notification_due);
        out->overdue = before(out->next_due, today);
    } else if (!before(out->risk_assessment_due, today)) {
        /* due today still counts as due: the day itself is not yet past */
        out->step = CER_NIS2_RISK_ASSESSMENT;
        snprintf(out->next_due, sizeof out->next_due, "%s", out->risk_assessment_due);
    } else if (!before(out->chapter3_applies, today + 1)) {
        /* Chapter III applies from its day on */
        out->step = CER_NIS2_CHAPTER3_COMING;
        snprintf(out->next_due, sizeof out->next_due, "%s", out->chapter3_applies);
    } else {
        out->step = CER_NIS2_CHAPTER3_APPLIES;
    }
}

/* --- what is due ---------------------------------------------------------------- */

struct due_scan {
    struct cer_nis2_due *d;
    json_t *entities; /* provider -> {"identified", "notified", "processes": [...]} */
    int64_t today;
    size_t cap;
    int failed;
};

static int scan_milestone(void *ctx, json_t *setting)
{
    struct due_scan *sc = ctx;
    const char *id = json_string_value(json_object_get(setting, "id"));
    const char *value = json_string_value(json_object_get(setting, "value"));
    const char *description = json_string_value(json_object_get(setting, "description"));
    struct cer_nis2_milestone *m;
    int64_t day;
    int rc = 0;

    if (strncmp(id, CER_NIS2_MILESTONE, strlen(CER_NIS2_MILESTONE)) != 0)
        goto done;
    if (value == NULL || timefmt_parse_date(value, &day) != 0) {
        rc = ERR_INVALID;
        sc->failed = 1;
        goto done;
    }
    if (sc->d->n_milestones == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 4;
        sc->d->milestones =
            arena_realloc(&sc->d->arena, sc->d->milestones, sc->cap * sizeof *sc->d->milestones,
                          cap * sizeof *sc->d->milestones);
        sc->cap = cap;
    }
    m = &sc->d->milestones[sc->d->n_milestones++];
    m->id = arena_strdup(&sc->d->arena, id);
    m->description = arena_strdup(&sc->d->arena, description ? description : "");
    timefmt_format_date(day, m->due);
    m->past = day < sc->today;
done:
    return rc;
}

/* Keeps the earlier of the stored and the new date under key. */
static void keep_earliest(json_t *entity, const char *key, const json_t *date)
{
    const char *old = json_string_value(json_object_get(entity, key));
    if (json_is_string(date) && (old == NULL || strcmp(json_string_value(date), old) < 0))
        json_object_set(entity, key, (json_t *)date);
}

static int scan_critical(void *ctx, json_t *link)
{
    struct due_scan *sc = ctx;
    const char *provider = json_string_value(json_object_get(link, "provider"));
    json_t *entity;
    if (cer_nis2_link(link) & CER_NIS2_CER) {
        if ((entity = json_object_get(sc->entities, provider)) == NULL) {
            entity = json_pack("{s[]s[]}", "processes", "links");
            json_object_set_new(sc->entities, provider, entity);
        }
        if (entity) {
            json_array_append(json_object_get(entity, "processes"),
                              json_object_get(link, "process"));
            json_array_append(json_object_get(entity, "links"), json_object_get(link, "id"));
            keep_earliest(entity, "identified", json_object_get(link, "cer_identified"));
            keep_earliest(entity, "notified", json_object_get(link, "cer_notified"));
        }
    }
    return 0;
}

static int keep_name(void *ctx, json_t *org)
{
    json_t *v = json_object_get(org, "name");
    if (json_is_string(v))
        json_object_set(ctx, json_string_value(json_object_get(org, "id")), v);
    return 0;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int by_due(const void *a, const void *b)
{
    const struct cer_nis2_milestone *x = a, *y = b;
    int c = strcmp(x->due, y->due);
    return c ? c : strcmp(x->id, y->id);
}

int cer_nis2_due_compute(struct store *s, int64_t today, struct cer_nis2_due *out, struct error *e)
{
    struct due_scan sc = {out, json_object(), today, 0, 0};
    json_t *names = json_object(); /* organisation id -> name, read at once */
    const char *identification_by = "";
    const char *provider;
    json_t *entity;
    size_t i;
    int rc;

    memset(out, 0, sizeof *out);
    arena_init_unbounded(&out->arena);
    sc.d = out;
    if ((rc = cer_nis2_rules_load(s, &out->rules, e)) != 0)
        goto cleanup;
    rc = store_record_each(s, model_kind(KIND_SETTING), NULL, 0, 0, 0, scan_milestone, &sc, e);
    if (rc == ERR_INVALID && sc.failed) {
        rc = error_set(e, ERR_INVALID, "settings",
                       "every setting cer_milestone_... must be a date YYYY-MM-DD");
        goto cleanup;
    }
    if (rc != 0)
        goto cleanup;
    if (out->n_milestones > 1) /* qsort takes no NULL base, even for none */
        qsort(out->milestones, out->n_milestones, sizeof *out->milestones, by_due);
    for (i = 0; i < out->n_milestones; i++) {
        if (strcmp(out->milestones[i].id, CER_NIS2_IDENTIFIED_BY) == 0)
            identification_by = out->milestones[i].due;
    }
    if ((rc = store_record_each(s, model_kind(KIND_PROVIDER_LINK), NULL, 0, 0, 0, scan_critical,
                                &sc, e)) != 0 ||
        (json_object_size(sc.entities) > 0 &&
         (rc = store_record_each(s, model_kind(KIND_ORGANISATION), NULL, 0, 0, 0, keep_name, names,
                                 e)) != 0))
        goto cleanup;
    out->entities = arena_calloc(&out->arena, json_object_size(sc.entities), sizeof *out->entities);
    /* jansson keeps insertion order; links come in id order, so sort by provider */
    {
        const char **keys = xcalloc(json_object_size(sc.entities) + 1, sizeof *keys);
        size_t n = 0;
        json_object_foreach(sc.entities, provider, entity)
        {
            keys[n++] = provider;
        }
        qsort(keys, n, sizeof *keys, by_text);
        for (i = 0; i < n && rc == 0; i++) {
            struct cer_nis2_entity *ent = &out->entities[out->n_entities++];
            const char *name = json_string_value(json_object_get(names, keys[i]));
            entity = json_object_get(sc.entities, keys[i]);
            ent->provider = arena_strdup(&out->arena, keys[i]);
            ent->name = arena_strdup(&out->arena, name ? name : keys[i]);
            ent->processes = json_incref(json_object_get(entity, "processes"));
            ent->links = json_incref(json_object_get(entity, "links"));
            arena_defer(&out->arena, arena_free_json, ent->processes); /* unbounded: cannot fail */
            arena_defer(&out->arena, arena_free_json, ent->links);
            cer_nis2_clock_compute(json_string_value(json_object_get(entity, "identified")),
                                   json_string_value(json_object_get(entity, "notified")),
                                   &out->rules, identification_by, today, &ent->clock);
            if (ent->clock.step == CER_NIS2_NOT_IDENTIFIED)
                out->not_identified++;
        }
        free(keys);
    }
cleanup:
    json_decref(sc.entities);
    json_decref(names);
    if (rc != 0)
        cer_nis2_due_release(out);
    return rc;
}

void cer_nis2_due_release(struct cer_nis2_due *d)
{
    arena_release(&d->arena);
    memset(d, 0, sizeof *d);
}
