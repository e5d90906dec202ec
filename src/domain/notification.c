/*
 * notification.c — NIS2 and CER status of providers, and the incident
 * notification deadlines that follow from it (see notification.h). Reads
 * the database, never writes it; the deadline rule itself is a pure function.
 */
#include "domain/notification.h"

#include "base/arena.h"
#include "base/timefmt.h"
#include "domain/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTIFICATION_MAX_HOURS  100000
#define NOTIFICATION_MAX_MONTHS 120

const char *notification_state_name(enum notification_state s)
{
    switch (s) {
    case NOTIFICATION_MET:
        return "met";
    case NOTIFICATION_LATE:
        return "late";
    case NOTIFICATION_OVERDUE:
        return "overdue";
    default:
        return "open";
    }
}

int64_t notification_seconds_left(const struct notification_deadline *d)
{
    return d->state == NOTIFICATION_MET || d->state == NOTIFICATION_OPEN ? d->margin : -d->margin;
}

int notification_deadline_missed(const struct notification_deadline *d)
{
    return d->state == NOTIFICATION_OVERDUE || d->state == NOTIFICATION_LATE;
}

int notification_incident_missed(const struct notification_incident *i)
{
    size_t k;
    for (k = 0; k < i->n_deadlines; k++) {
        if (notification_deadline_missed(&i->deadlines[k]))
            return 1;
    }
    return 0;
}

const char *notification_reason_text(enum notification_reason r)
{
    switch (r) {
    case NOTIFICATION_NO_PROVIDER:
        return "no provider named";
    case NOTIFICATION_NO_LINK:
        return "the provider has no link for this process";
    case NOTIFICATION_NO_REGIME:
        return "neither NIS2 nor CER entity for this process";
    case NOTIFICATION_NOT_SIGNIFICANT:
        return "not significant: nothing to notify";
    default:
        return "";
    }
}

/* --- rules ------------------------------------------------------------------ */

void notification_rules_default(struct notification_rules *r)
{
    r->nis2_early_warning_h = 24;
    r->nis2_notification_h = 72;
    r->nis2_final_report_months = 1;
    r->cer_notification_h = 24;
    r->cer_report_months = 1;
}

int notification_rules_load(struct store *s, struct notification_rules *r, struct error *e)
{
    struct {
        const char *key;
        int64_t *value;
        int64_t max;
    } const keys[] = {
        {"nis2_early_warning_h", &r->nis2_early_warning_h, NOTIFICATION_MAX_HOURS},
        {"nis2_notification_h", &r->nis2_notification_h, NOTIFICATION_MAX_HOURS},
        {"nis2_final_report_months", &r->nis2_final_report_months, NOTIFICATION_MAX_MONTHS},
        {"cer_notification_h", &r->cer_notification_h, NOTIFICATION_MAX_HOURS},
        {"cer_report_months", &r->cer_report_months, NOTIFICATION_MAX_MONTHS},
    };
    size_t i;
    int rc;
    notification_rules_default(r);
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if ((rc = settings_get_int(s, keys[i].key, *keys[i].value, keys[i].value, e)) != 0)
            return rc;
        if (*keys[i].value < 0 || *keys[i].value > keys[i].max)
            return error_set(e, ERR_INVALID, keys[i].key,
                             "setting '%s' must be between 0 and %lld, not %lld", keys[i].key,
                             (long long)keys[i].max, (long long)*keys[i].value);
    }
    return 0;
}

/* --- one incident -------------------------------------------------------------- */

/* A month on the Netherlands' calendar: the same wall-clock time on the same
 * day of the month, so a report due "a month after" 00:30 on 1 March in
 * Amsterdam (28 February 23:30 UTC) is due at 00:30 on 1 April there, not on
 * 28 March as counting in UTC would say. */
static int64_t add_months(int64_t seconds, int64_t months)
{
    return timefmt_amsterdam_add_months(seconds, (int)months);
}

/* Reads an optional time field; *known is 0 when it is absent or null. */
static int time_field(const json_t *incident, const char *field, int64_t *out, int *known,
                      struct error *e)
{
    const json_t *v = json_object_get(incident, field);
    *known = 0;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_string(v) || timefmt_parse_datetime(json_string_value(v), out) != 0)
        return error_set(e, ERR_INVALID, field, "incident '%s': %s is not a time",
                         json_string_value(json_object_get(incident, "id")), field);
    *known = 1;
    return 0;
}

static int add_deadline(struct notification_incident *out, const char *regime, const char *step,
                        int64_t due, const char *sent_field, int64_t now, struct error *e)
{
    struct notification_deadline *d = &out->deadlines[out->n_deadlines];
    int rc;
    memset(d, 0, sizeof *d);
    d->regime = regime;
    d->step = step;
    d->due = due;
    d->sent_field = sent_field;
    if ((rc = time_field(out->record, sent_field, &d->sent, &d->sent_known, e)) != 0)
        return rc;
    if (d->sent_known) {
        d->state = d->sent <= due ? NOTIFICATION_MET : NOTIFICATION_LATE;
        d->margin = d->sent <= due ? due - d->sent : d->sent - due;
    } else {
        d->state = due < now ? NOTIFICATION_OVERDUE : NOTIFICATION_OPEN;
        d->margin = due < now ? now - due : due - now;
    }
    out->n_deadlines++;
    return 0;
}

/* The due time of a report that follows a step by `months`: after the step's
 * sent time when it was sent, else after its due time. */
static int64_t follow_up_due(const struct notification_deadline *step, int64_t months)
{
    return add_months(step->sent_known ? step->sent : step->due, months);
}

/* notification_incident_evaluate with the reference to the record held by
 * the arena a (out's own arena stays zeroed). */
static int evaluate(struct arena *a, json_t *incident, unsigned regimes,
                    enum notification_reason reason, const struct notification_rules *rules,
                    int64_t now, struct notification_incident *out, struct error *e)
{
    int known = 0, rc;
    int64_t t;

    memset(out, 0, sizeof *out);
    out->record = json_incref(incident);
    arena_defer(a, arena_free_json, incident); /* unbounded: cannot fail */
    out->regimes = regimes;
    out->reason = regimes ? NOTIFICATION_APPLIES : reason;
    if ((rc = time_field(incident, "detected_at", &out->detected, &known, e)) != 0)
        return rc;
    if (!known)
        return error_set(e, ERR_INVALID, "detected_at", "incident '%s' has no detected_at",
                         json_string_value(json_object_get(incident, "id")));
    if (regimes == 0)
        return 0;
    if (!json_is_true(json_object_get(incident, "significant"))) {
        out->reason = NOTIFICATION_NOT_SIGNIFICANT;
        return 0;
    }
    t = out->detected;
    if (regimes & NOTIFICATION_NIS2) {
        size_t notification = out->n_deadlines + 1;
        if ((rc = add_deadline(out, "NIS2", "early_warning", t + rules->nis2_early_warning_h * 3600,
                               "early_warning_at", now, e)) != 0 ||
            (rc = add_deadline(out, "NIS2", "notification", t + rules->nis2_notification_h * 3600,
                               "notification_at", now, e)) != 0 ||
            (rc = add_deadline(
                 out, "NIS2", "final_report",
                 follow_up_due(&out->deadlines[notification], rules->nis2_final_report_months),
                 "final_report_at", now, e)) != 0)
            return rc;
    }
    if (regimes & NOTIFICATION_CER) {
        size_t initial = out->n_deadlines;
        if ((rc = add_deadline(out, "CER", "initial_notification",
                               t + rules->cer_notification_h * 3600, "early_warning_at", now, e)) !=
                0 ||
            (rc = add_deadline(out, "CER", "detailed_report",
                               follow_up_due(&out->deadlines[initial], rules->cer_report_months),
                               "final_report_at", now, e)) != 0)
            return rc;
    }
    return 0;
}

int notification_incident_evaluate(json_t *incident, unsigned regimes,
                                   enum notification_reason reason,
                                   const struct notification_rules *rules, int64_t now,
                                   struct notification_incident *out, struct error *e)
{
    struct arena a = ARENA_INIT_UNBOUNDED;
    int rc = evaluate(&a, incident, regimes, reason, rules, now, out, e);
    out->arena = a;
    return rc;
}

void notification_incident_release(struct notification_incident *i)
{
    if (i == NULL)
        return;
    arena_release(&i->arena);
    memset(i, 0, sizeof *i);
}

/* --- the report ------------------------------------------------------------------ */

struct collect {
    json_t *list;
};

static int collect_one(void *ctx, json_t *record)
{
    json_array_append(((struct collect *)ctx)->list, record);
    return 0;
}

/* Every record of a kind, in *out: a list held by the arena a. */
static int collect(struct store *s, struct arena *a, enum kind_id kind, json_t **out,
                   struct error *e)
{
    struct collect c = {json_array()};
    *out = c.list;
    arena_defer(a, arena_free_json, c.list); /* unbounded: cannot fail */
    return store_record_each(s, model_kind(kind), NULL, 0, 0, 0, collect_one, &c, e);
}

/* provider "\n" process -> the union of the regimes of its links */
static json_t *link_regimes(const json_t *links)
{
    json_t *map = json_object(), *link, *prev;
    char key[300];
    size_t i;
    json_array_foreach(links, i, link)
    {
        snprintf(key, sizeof key, "%s\n%s", json_string_value(json_object_get(link, "provider")),
                 json_string_value(json_object_get(link, "process")));
        prev = json_object_get(map, key);
        json_object_set_new(map, key,
                            json_integer((json_int_t)(cer_nis2_link(link) |
                                                      (prev ? json_integer_value(prev) : 0))));
    }
    return map;
}

static int by_detected(const void *a, const void *b)
{
    const struct notification_incident *x = a, *y = b;
    if (x->detected != y->detected)
        return x->detected < y->detected ? -1 : 1;
    return strcmp(json_string_value(json_object_get(x->record, "id")),
                  json_string_value(json_object_get(y->record, "id")));
}

int notification_report_compute(struct store *s, int64_t now, struct notification_report *out,
                                struct error *e)
{
    struct arena scratch = ARENA_INIT_UNBOUNDED; /* the lists read to compute it */
    json_t *links, *incidents, *regimes, *incident;
    size_t i;
    int rc;

    memset(out, 0, sizeof *out);
    arena_init_unbounded(&out->arena);
    out->now = now;
    if ((rc = notification_rules_load(s, &out->rules, e)) != 0 ||
        (rc = collect(s, &scratch, KIND_PROVIDER_LINK, &links, e)) != 0 ||
        (rc = collect(s, &scratch, KIND_INCIDENT, &incidents, e)) != 0)
        goto cleanup;
    regimes = link_regimes(links);
    arena_defer(&scratch, arena_free_json, regimes); /* unbounded: cannot fail */
    out->incidents =
        arena_calloc(&out->arena, json_array_size(incidents) + 1, sizeof *out->incidents);
    json_array_foreach(incidents, i, incident)
    {
        const char *provider = json_string_value(json_object_get(incident, "provider"));
        enum notification_reason reason = NOTIFICATION_NO_PROVIDER;
        unsigned applies = 0;
        char key[300];
        if (provider) {
            json_t *v;
            snprintf(key, sizeof key, "%s\n%s", provider,
                     json_string_value(json_object_get(incident, "process")));
            v = json_object_get(regimes, key);
            reason = v ? NOTIFICATION_NO_REGIME : NOTIFICATION_NO_LINK;
            applies = v ? (unsigned)json_integer_value(v) : 0;
        }
        if ((rc = evaluate(&out->arena, incident, applies, reason, &out->rules, now,
                           &out->incidents[out->n++], e)) != 0)
            goto cleanup;
    }
    qsort(out->incidents, out->n, sizeof *out->incidents, by_detected);
cleanup:
    arena_release(&scratch);
    return rc;
}

void notification_report_release(struct notification_report *r)
{
    if (r == NULL)
        return;
    arena_release(&r->arena);
    memset(r, 0, sizeof *r);
}

/* --- entities ------------------------------------------------------------------------ */

static int nis2_rank(const char *v)
{
    if (v && strcmp(v, "essential") == 0)
        return 2;
    return v && strcmp(v, "important") == 0 ? 1 : 0;
}

static int by_process(const void *a, const void *b)
{
    const struct notification_link *x = a, *y = b;
    int c = strcmp(json_string_value(json_object_get(x->link, "process")),
                   json_string_value(json_object_get(y->link, "process")));
    return c ? c
             : strcmp(json_string_value(json_object_get(x->link, "id")),
                      json_string_value(json_object_get(y->link, "id")));
}

int notification_entities_compute(struct store *s, struct notification_entities *out,
                                  struct error *e)
{
    static const char *const nis2_names[] = {"none", "important", "essential"};
    struct arena scratch = ARENA_INIT_UNBOUNDED; /* what is read only to compute them */
    json_t *orgs, *links, *processes, *names = json_object(), *by_provider = json_object(), *v;
    size_t i, j;
    int rc;

    memset(out, 0, sizeof *out);
    arena_init_unbounded(&out->arena);
    arena_defer(&scratch, arena_free_json, names); /* unbounded: cannot fail */
    arena_defer(&scratch, arena_free_json, by_provider);
    /* the entities borrow the organisations and links from lists on their arena */
    if ((rc = collect(s, &out->arena, KIND_ORGANISATION, &orgs, e)) != 0 ||
        (rc = collect(s, &out->arena, KIND_PROVIDER_LINK, &links, e)) != 0 ||
        (rc = collect(s, &scratch, KIND_PROCESS, &processes, e)) != 0)
        goto cleanup;
    json_array_foreach(processes, i, v)
    {
        json_object_set(names, json_string_value(json_object_get(v, "id")),
                        json_object_get(v, "name"));
    }
    json_array_foreach(links, i, v)
    {
        const char *provider = json_string_value(json_object_get(v, "provider"));
        json_t *list = json_object_get(by_provider, provider);
        if (list == NULL)
            json_object_set_new(by_provider, provider, list = json_array());
        json_array_append(list, v);
    }
    out->entities = arena_calloc(&out->arena, json_array_size(orgs) + 1, sizeof *out->entities);
    json_array_foreach(orgs, i, v)
    {
        const char *kind = json_string_value(json_object_get(v, "kind"));
        json_t *list = json_object_get(by_provider, json_string_value(json_object_get(v, "id")));
        struct notification_entity *ent;
        json_t *link;
        int rank = 0;
        if (list == NULL && strcmp(kind, "provider") != 0)
            continue;
        ent = &out->entities[out->n++];
        ent->provider = v;
        ent->links = arena_calloc(&out->arena, json_array_size(list) + 1, sizeof *ent->links);
        json_array_foreach(list, j, link)
        {
            struct notification_link *l = &ent->links[ent->n_links++];
            const char *name = json_string_value(
                json_object_get(names, json_string_value(json_object_get(link, "process"))));
            l->link = link;
            l->process_name = arena_strdup(&out->arena, name ? name : "");
            l->regimes = cer_nis2_link(link);
            ent->regimes |= l->regimes;
            ent->cer_critical |= json_is_true(json_object_get(link, "cer_critical"));
            if (nis2_rank(json_string_value(json_object_get(link, "nis2_entity"))) > rank)
                rank = nis2_rank(json_string_value(json_object_get(link, "nis2_entity")));
        }
        ent->nis2_entity = nis2_names[rank];
        qsort(ent->links, ent->n_links, sizeof *ent->links, by_process);
    }
cleanup:
    arena_release(&scratch);
    return rc;
}

void notification_entities_release(struct notification_entities *r)
{
    if (r == NULL)
        return;
    arena_release(&r->arena);
    memset(r, 0, sizeof *r);
}
