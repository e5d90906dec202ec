/*
 * compliance.c — compliance per entity: the counting, the texts in a
 * language, campaign progress and questionnaires, and the rules for
 * writing assessments and campaigns (see compliance.h). Reads through the
 * store and asks domain/access for every record it counts; writes nothing.
 */
#include "domain/compliance.h"

#include "base/arena.h"
#include "base/timefmt.h"
#include "base/xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const compliance_result_names[] = {
    "compliant", "partially_compliant", "non_compliant", "not_applicable", "not_assessed", NULL};

int compliance_result_index(const char *result)
{
    return result ? model_value_index(compliance_result_names, result) : -1;
}

/* --- counting --------------------------------------------------------------- */

void compliance_counts_add_entity(struct compliance_counts *c, size_t total,
                                  const size_t by_result[COMPLIANCE_RESULT_COUNT])
{
    size_t i, given = 0;
    c->entities++;
    c->total += total;
    for (i = 0; i < COMPLIANCE_NOT_ASSESSED; i++) {
        c->by_result[i] += by_result[i];
        given += by_result[i];
    }
    c->by_result[COMPLIANCE_NOT_ASSESSED] += given < total ? total - given : 0;
}

size_t compliance_assessed(const struct compliance_counts *c)
{
    return c->total - c->by_result[COMPLIANCE_NOT_ASSESSED];
}

double compliance_percent_assessed(const struct compliance_counts *c)
{
    return c->total ? 100.0 * (double)compliance_assessed(c) / (double)c->total : -1;
}

double compliance_percent_compliant(const struct compliance_counts *c)
{
    size_t applicable = c->total - c->by_result[COMPLIANCE_NOT_APPLICABLE];
    return applicable ? 100.0 * (double)c->by_result[COMPLIANCE_COMPLIANT] / (double)applicable
                      : -1;
}

/* --- languages -------------------------------------------------------------- */

const char *compliance_text(const json_t *record, const char *field, const char *lang,
                            const char *library_language)
{
    char key[48];
    const char *text;
    if (lang && (library_language == NULL || strcmp(lang, library_language) != 0)) {
        snprintf(key, sizeof key, "%s_translations", field);
        text = json_string_value(json_object_get(json_object_get(record, key), lang));
        if (text)
            return text;
    }
    return json_string_value(json_object_get(record, field));
}

void compliance_localise(json_t *record, const char *lang, const char *library_language)
{
    static const char *const fields[] = {"name", "description", "annotation", NULL};
    char key[48];
    const char *text;
    size_t i;
    for (i = 0; fields[i]; i++) {
        text = compliance_text(record, fields[i], lang, library_language);
        if (text)
            json_object_set_new(record, fields[i], json_string(text));
        snprintf(key, sizeof key, "%s_translations", fields[i]);
        json_object_del(record, key);
    }
}

const char *compliance_language(const char *want)
{
    char tag[3];
    int i;
    if (want == NULL)
        return NULL;
    while (*want == ' ')
        want++;
    if (!((want[0] >= 'a' && want[0] <= 'z') || (want[0] >= 'A' && want[0] <= 'Z')) ||
        !((want[1] >= 'a' && want[1] <= 'z') || (want[1] >= 'A' && want[1] <= 'Z')) ||
        (want[2] != '\0' && want[2] != '-' && want[2] != ',' && want[2] != ';' && want[2] != '_'))
        return NULL;
    tag[0] = (char)(want[0] | 0x20);
    tag[1] = (char)(want[1] | 0x20);
    tag[2] = '\0';
    i = model_value_index(model_languages, tag);
    return i >= 0 ? model_languages[i] : NULL;
}

/* --- reading ---------------------------------------------------------------- */

static int collect_all(void *ctx, json_t *record)
{
    json_array_append(ctx, record);
    return 0;
}

/* Appends every record of kind (with one optional filter) to list. */
static int load_into(struct store *s, enum kind_id kind, const char *field, const char *value,
                     json_t *list, struct error *e)
{
    const struct kind *k = model_kind(kind);
    struct store_filter f = {field ? model_field_find(k, field) : NULL, value};
    return store_record_each(s, k, field ? &f : NULL, field ? 1 : 0, 0, 0, collect_all, list, e);
}

/* Every record of kind (with one optional filter) into a new array. */
static int load(struct store *s, enum kind_id kind, const char *field, const char *value,
                json_t **out, struct error *e)
{
    *out = json_array();
    return load_into(s, kind, field, value, *out, e);
}

/* 1 when the reader may read record, 0 when not, or a negative error. */
static int readable(struct access *a, struct store *s, enum kind_id kind, const json_t *record,
                    struct error *e)
{
    int rc;
    if (a == NULL)
        return 1;
    rc = access_can_read(a, s, model_kind(kind), record, e);
    return rc == 0 ? 1 : rc == ERR_NOTFOUND ? 0 : rc;
}

/* The assessable requirements of a framework: id -> true. */
static int assessable_set(struct store *s, const char *framework, json_t **out, struct error *e)
{
    json_t *list = NULL, *r;
    size_t i;
    int rc = load(s, KIND_REQUIREMENT, "framework", framework, &list, e);
    *out = json_object();
    json_array_foreach(list, i, r)
    {
        if (json_is_true(json_object_get(r, "assessable")))
            json_object_set_new(*out, json_string_value(json_object_get(r, "id")), json_true());
    }
    json_decref(list);
    return rc;
}

/* The results the reader may read of the framework's requirements:
 * provider -> {requirement -> result}. */
static int visible_results(struct store *s, struct access *a, const json_t *requirements,
                           json_t **out, struct error *e)
{
    json_t *list = NULL, *r, *per;
    const char *provider, *requirement;
    size_t i;
    int rc = load(s, KIND_REQUIREMENT_ASSESSMENT, NULL, NULL, &list, e), ok;
    *out = json_object();
    json_array_foreach(list, i, r)
    {
        if (rc != 0)
            break;
        requirement = json_string_value(json_object_get(r, "requirement"));
        provider = json_string_value(json_object_get(r, "provider"));
        if (!requirement || !provider || !json_object_get(requirements, requirement))
            continue;
        if ((ok = readable(a, s, KIND_REQUIREMENT_ASSESSMENT, r, e)) < 0) {
            rc = ok;
            break;
        }
        if (!ok)
            continue;
        if ((per = json_object_get(*out, provider)) == NULL)
            json_object_set_new(*out, provider, per = json_object());
        json_object_set(per, requirement, json_object_get(r, "result"));
    }
    json_decref(list);
    return rc;
}

/* An entity's counts from its results (requirement -> result). */
static void entity_counts(const json_t *results, size_t by_result[])
{
    const char *requirement;
    json_t *v;
    int i;
    memset(by_result, 0, COMPLIANCE_RESULT_COUNT * sizeof by_result[0]);
    json_object_foreach((json_t *)results, requirement, v)
    {
        if ((i = compliance_result_index(json_string_value(v))) >= 0)
            by_result[i]++;
    }
}

/* The entities counted (see compliance_compute): provider -> true. */
static int counted_entities(struct store *s, struct access *a, const char *framework,
                            const json_t *results, json_t **out, struct error *e)
{
    json_t *campaigns = NULL, *c, *to;
    const char *provider;
    size_t i, j;
    int rc, ok;
    *out = json_object();
    json_object_foreach((json_t *)results, provider, c)
    {
        json_object_set_new(*out, provider, json_true());
    }
    rc = load(s, KIND_CAMPAIGN, "framework", framework, &campaigns, e);
    json_array_foreach(campaigns, i, c)
    {
        if (rc != 0)
            break;
        if ((ok = readable(a, s, KIND_CAMPAIGN, c, e)) < 0)
            rc = ok;
        if (ok <= 0)
            continue;
        json_array_foreach(json_object_get(c, "to"), j, to)
        {
            json_object_set(*out, json_string_value(to), json_true());
        }
    }
    json_decref(campaigns);
    /* a provider sees only itself; the others only their providers */
    json_object_foreach_safe(*out, c, provider, to)
    {
        if (rc != 0)
            break;
        ok = a ? access_may_see_entity(a, s, provider, e) : 0;
        if (ok == ERR_NOTFOUND)
            json_object_del(*out, provider);
        else if (ok != 0)
            rc = ok;
    }
    return rc;
}

/* process -> [providers] over the provider links the reader may read (and a
 * provider's own links: it knows what it provides). */
static int process_providers(struct store *s, struct access *a, json_t **out, struct error *e)
{
    json_t *links = NULL, *l, *list;
    const char *process, *provider;
    size_t i;
    int rc = load(s, KIND_PROVIDER_LINK, NULL, NULL, &links, e), ok;
    *out = json_object();
    json_array_foreach(links, i, l)
    {
        if (rc != 0)
            break;
        process = json_string_value(json_object_get(l, "process"));
        provider = json_string_value(json_object_get(l, "provider"));
        if (a && access_role(a) == ROLE_PROVIDER && strcmp(provider, access_org(a)) == 0)
            ok = 1;
        else if ((ok = readable(a, s, KIND_PROVIDER_LINK, l, e)) < 0)
            rc = ok;
        if (ok <= 0)
            continue;
        if ((list = json_object_get(*out, process)) == NULL)
            json_object_set_new(*out, process, list = json_object());
        json_object_set_new(list, provider, json_true());
    }
    json_decref(links);
    return rc;
}

/* sector -> {providers} over the processes the reader may read. */
static int sector_providers(struct store *s, struct access *a, const json_t *by_process,
                            json_t **out, struct error *e)
{
    json_t *processes = NULL, *p, *set;
    const char *sector;
    size_t i;
    int rc = load(s, KIND_PROCESS, NULL, NULL, &processes, e), ok;
    *out = json_object();
    json_array_foreach(processes, i, p)
    {
        if (rc != 0)
            break;
        set = json_object_get(by_process, json_string_value(json_object_get(p, "id")));
        sector = json_string_value(json_object_get(p, "sector"));
        if (set == NULL || sector == NULL)
            continue;
        if ((ok = readable(a, s, KIND_PROCESS, p, e)) < 0)
            rc = ok;
        else if (ok && json_object_get(*out, sector) == NULL)
            json_object_set_new(*out, sector, json_deep_copy(set));
        else if (ok)
            json_object_update(json_object_get(*out, sector), set);
    }
    json_decref(processes);
    return rc;
}

/* A new row for record (borrowed from the list on t's arena); t->rows has
 * room for one per record. */
static void row_add(struct compliance_table *t, json_t *record)
{
    memset(&t->rows[t->n], 0, sizeof t->rows[0]);
    t->rows[t->n++].record = record;
}

/* Adds the counts of every entity in `providers` (a set) that is counted. */
static void row_sum(struct compliance_row *row, const json_t *providers, const json_t *entities,
                    const json_t *results, size_t total)
{
    size_t by_result[COMPLIANCE_RESULT_COUNT];
    const char *provider;
    json_t *v;
    json_object_foreach((json_t *)providers, provider, v)
    {
        if (!json_object_get(entities, provider))
            continue;
        entity_counts(json_object_get(results, provider), by_result);
        compliance_counts_add_entity(&row->counts, total, by_result);
    }
}

int compliance_compute(struct store *s, const struct compliance_query *q,
                       struct compliance_table *out, struct error *e)
{
    json_t *requirements = NULL, *results = NULL, *entities = NULL, *by_process = NULL;
    json_t *by_sector = NULL;
    json_t *records, *r, *providers, *one;
    enum kind_id kind = q->group == COMPLIANCE_BY_ENTITY   ? KIND_ORGANISATION
                        : q->group == COMPLIANCE_BY_SECTOR ? KIND_SECTOR
                                                           : KIND_PROCESS;
    const char *id;
    size_t i, total;
    int rc, ok;

    memset(out, 0, sizeof *out);
    arena_init_unbounded(&out->arena);
    if ((rc = store_record_get(s, model_kind(KIND_FRAMEWORK), q->framework, &out->framework, e)) !=
        0)
        return rc;
    arena_defer(&out->arena, arena_free_json, out->framework); /* unbounded: cannot fail */
    if ((rc = readable(q->access, s, KIND_FRAMEWORK, out->framework, e)) <= 0)
        return rc < 0 ? rc : error_set(e, ERR_NOTFOUND, q->framework, "no framework with this id");
    if ((rc = assessable_set(s, q->framework, &requirements, e)) != 0 ||
        (rc = visible_results(s, q->access, requirements, &results, e)) != 0 ||
        (rc = counted_entities(s, q->access, q->framework, results, &entities, e)) != 0 ||
        (rc = process_providers(s, q->access, &by_process, e)) != 0 ||
        (q->group == COMPLIANCE_BY_SECTOR &&
         (rc = sector_providers(s, q->access, by_process, &by_sector, e)) != 0))
        goto cleanup;
    total = json_object_size(requirements);

    /* the rows borrow their records from this list, held by the table's arena */
    records = json_array();
    arena_defer(&out->arena, arena_free_json, records);
    if (q->only) {
        rc = store_record_get(s, model_kind(kind), q->only, &one, e);
        if (rc == 0) {
            json_array_append_new(records, one);
            if (q->group == COMPLIANCE_BY_ENTITY) {
                const char *org_kind = json_string_value(json_object_get(one, "kind"));
                ok = (org_kind && strcmp(org_kind, "provider") == 0)
                         ? (q->access ? access_may_see_entity(q->access, s, q->only, e) : 0)
                         : ERR_NOTFOUND;
                ok = ok == 0 ? 1 : ok == ERR_NOTFOUND ? 0 : ok;
            } else {
                ok = readable(q->access, s, kind, one, e);
            }
            if (ok < 0)
                rc = ok;
            else if (ok == 0)
                rc = ERR_NOTFOUND;
        }
        if (rc == ERR_NOTFOUND)
            rc = error_set(e, ERR_NOTFOUND, q->only, "no %s with this id",
                           model_kind(kind)->singular);
        if (rc != 0)
            goto cleanup;
    } else if (q->group == COMPLIANCE_BY_ENTITY) {
        rc = load_into(s, KIND_ORGANISATION, "kind", "provider", records, e);
    } else {
        rc = load_into(s, kind, NULL, NULL, records, e);
    }
    if (rc != 0)
        goto cleanup;
    out->rows = arena_calloc(&out->arena, json_array_size(records) + 1, sizeof *out->rows);

    json_array_foreach(records, i, r)
    {
        id = json_string_value(json_object_get(r, "id"));
        if (q->group == COMPLIANCE_BY_ENTITY) {
            if (!json_object_get(entities, id) && !q->only)
                continue;
            row_add(out, r);
            providers = json_object();
            json_object_set_new(providers, id, json_true());
            row_sum(&out->rows[out->n - 1], providers, entities, results, total);
            json_decref(providers);
            continue;
        }
        if (!q->only && (ok = readable(q->access, s, kind, r, e)) <= 0) {
            if ((rc = ok) < 0)
                goto cleanup;
            continue;
        }
        /* a sector's or process's entities: the providers of its processes */
        providers = json_object();
        if (q->group == COMPLIANCE_BY_PROCESS) {
            json_object_update(providers, json_object_get(by_process, id));
        } else {
            json_object_update(providers, json_object_get(by_sector, id));
        }
        row_add(out, r);
        row_sum(&out->rows[out->n - 1], providers, entities, results, total);
        json_decref(providers);
        if (out->rows[out->n - 1].counts.entities == 0 && !q->only)
            out->n--; /* nothing to count here */
    }
cleanup:
    json_decref(requirements);
    json_decref(results);
    json_decref(entities);
    json_decref(by_process);
    json_decref(by_sector);
    return rc;
}

void compliance_table_release(struct compliance_table *t)
{
    if (t == NULL)
        return;
    arena_release(&t->arena);
    memset(t, 0, sizeof *t);
}

/* --- campaigns -------------------------------------------------------------- */

/* The results of provider's assessments the reader may read, of the
 * framework's requirements: requirement -> the assessment record. */
static int provider_assessments(struct store *s, struct access *a, const char *provider,
                                const json_t *requirements, json_t **out, struct error *e)
{
    json_t *list = NULL, *r;
    const char *requirement;
    size_t i;
    int rc = load(s, KIND_REQUIREMENT_ASSESSMENT, "provider", provider, &list, e), ok;
    *out = json_object();
    json_array_foreach(list, i, r)
    {
        if (rc != 0)
            break;
        requirement = json_string_value(json_object_get(r, "requirement"));
        if (!requirement || !json_object_get(requirements, requirement))
            continue;
        if ((ok = readable(a, s, KIND_REQUIREMENT_ASSESSMENT, r, e)) < 0)
            rc = ok;
        else if (ok)
            json_object_set(*out, requirement, r);
    }
    json_decref(list);
    return rc;
}

static void counts_of(const json_t *assessments, size_t total, struct compliance_counts *c)
{
    size_t by_result[COMPLIANCE_RESULT_COUNT] = {0};
    const char *requirement;
    json_t *r;
    int i;
    json_object_foreach((json_t *)assessments, requirement, r)
    {
        if ((i = compliance_result_index(json_string_value(json_object_get(r, "result")))) >= 0)
            by_result[i]++;
    }
    memset(c, 0, sizeof *c);
    compliance_counts_add_entity(c, total, by_result);
}

static json_t *progress_json(const struct compliance_counts *c)
{
    json_t *o = json_object();
    size_t i;
    json_object_set_new(o, "total", json_integer((json_int_t)c->total));
    json_object_set_new(o, "assessed", json_integer((json_int_t)compliance_assessed(c)));
    json_object_set_new(o, "open", json_integer((json_int_t)c->by_result[COMPLIANCE_NOT_ASSESSED]));
    json_object_set_new(o, "percent_assessed",
                        c->total ? json_integer((json_int_t)(compliance_percent_assessed(c) + 0.5))
                                 : json_null());
    for (i = 0; i < COMPLIANCE_RESULT_COUNT; i++)
        json_object_set_new(o, compliance_result_names[i],
                            json_integer((json_int_t)c->by_result[i]));
    return o;
}

int compliance_campaign_progress(struct store *s, const json_t *campaign, struct access *access,
                                 json_t **out, struct error *e)
{
    const char *framework = json_string_value(json_object_get(campaign, "framework"));
    json_t *requirements = NULL, *assessments = NULL, *to, *org = NULL, *row;
    struct compliance_counts c;
    const char *provider;
    size_t i;
    int rc, ok;

    *out = json_array();
    if ((rc = assessable_set(s, framework, &requirements, e)) != 0)
        goto cleanup;
    json_array_foreach(json_object_get(campaign, "to"), i, to)
    {
        provider = json_string_value(to);
        ok = access ? access_may_see_entity(access, s, provider, e) : 0;
        if (ok == ERR_NOTFOUND)
            continue;
        if ((rc = ok) != 0 ||
            (rc = provider_assessments(s, access, provider, requirements, &assessments, e)) != 0 ||
            (rc = store_record_get(s, model_kind(KIND_ORGANISATION), provider, &org, e)) != 0)
            goto cleanup;
        counts_of(assessments, json_object_size(requirements), &c);
        row = progress_json(&c);
        json_object_set_new(row, "provider", json_string(provider));
        json_object_set(row, "name", json_object_get(org, "name"));
        json_array_append_new(*out, row);
        json_decref(assessments);
        json_decref(org);
        assessments = org = NULL;
    }
cleanup:
    json_decref(requirements);
    json_decref(assessments);
    json_decref(org);
    return rc;
}

static int is_addressed(const json_t *campaign, const char *provider)
{
    json_t *v;
    size_t i;
    json_array_foreach(json_object_get(campaign, "to"), i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), provider) == 0)
            return 1;
    }
    return 0;
}

/* The depth of each requirement (0 for a top node), by walking its parents. */
static size_t depth_of(const json_t *by_id, const json_t *r)
{
    size_t depth = 0;
    const char *parent = json_string_value(json_object_get(r, "parent"));
    while (parent && depth < 64) {
        r = json_object_get(by_id, parent);
        parent = r ? json_string_value(json_object_get(r, "parent")) : NULL;
        depth++;
    }
    return depth;
}

static int by_position(const void *pa, const void *pb)
{
    const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
    json_int_t x = json_integer_value(json_object_get(a, "position")),
               y = json_integer_value(json_object_get(b, "position"));
    return x < y ? -1 : x > y ? 1 : 0;
}

int compliance_questionnaire(struct store *s, const json_t *campaign, const char *provider,
                             const char *lang, struct access *access, json_t **out, struct error *e)
{
    const char *framework_id = json_string_value(json_object_get(campaign, "framework"));
    json_t *framework = NULL, *list = NULL, *requirements = NULL, *assessments = NULL;
    json_t *by_id = json_object(), *items = json_array(), *fw, *r, *item, **sorted = NULL;
    const char *library;
    struct compliance_counts c;
    size_t i, n;
    int rc = 0;

    *out = NULL;
    if (provider == NULL || !is_addressed(campaign, provider) ||
        (access && access_may_see_entity(access, s, provider, e) != 0)) {
        rc = error_set(e, ERR_NOTFOUND, provider ? provider : "provider",
                       "the campaign is not sent to this provider");
        goto cleanup;
    }
    if ((rc = store_record_get(s, model_kind(KIND_FRAMEWORK), framework_id, &framework, e)) != 0 ||
        (rc = load(s, KIND_REQUIREMENT, "framework", framework_id, &list, e)) != 0 ||
        (rc = assessable_set(s, framework_id, &requirements, e)) != 0 ||
        (rc = provider_assessments(s, access, provider, requirements, &assessments, e)) != 0)
        goto cleanup;
    library = json_string_value(json_object_get(framework, "language"));
    n = json_array_size(list);
    sorted = xcalloc(n + 1, sizeof *sorted);
    json_array_foreach(list, i, r)
    {
        sorted[i] = r;
        json_object_set(by_id, json_string_value(json_object_get(r, "id")), r);
    }
    qsort(sorted, n, sizeof *sorted, by_position);
    for (i = 0; i < n; i++) {
        const char *id = json_string_value(json_object_get(sorted[i], "id"));
        json_t *a = json_object_get(assessments, id);
        item = json_pack("{sO sO sO sI sO}", "id", json_object_get(sorted[i], "id"), "parent",
                         json_object_get(sorted[i], "parent") ? json_object_get(sorted[i], "parent")
                                                              : json_null(),
                         "ref_id",
                         json_object_get(sorted[i], "ref_id") ? json_object_get(sorted[i], "ref_id")
                                                              : json_null(),
                         "depth", (json_int_t)depth_of(by_id, sorted[i]), "assessable",
                         json_object_get(sorted[i], "assessable"));
        json_object_set_new(item, "name",
                            json_string(compliance_text(sorted[i], "name", lang, library) ?: ""));
        json_object_set_new(
            item, "description",
            json_string(compliance_text(sorted[i], "description", lang, library) ?: ""));
        json_object_set_new(
            item, "annotation",
            json_string(compliance_text(sorted[i], "annotation", lang, library) ?: ""));
        json_object_set(item, "assessment", a ? a : json_null());
        json_array_append_new(items, item);
    }
    counts_of(assessments, json_object_size(requirements), &c);
    fw = json_pack("{sO sO}", "id", json_object_get(framework, "id"), "language",
                   json_object_get(framework, "language"));
    json_object_set(fw, "ref_id", json_object_get(framework, "ref_id"));
    json_object_set_new(fw, "name",
                        json_string(compliance_text(framework, "name", lang, library) ?: ""));
    json_object_set_new(
        fw, "description",
        json_string(compliance_text(framework, "description", lang, library) ?: ""));
    *out = json_pack("{sO ss ss so sO so}", "campaign", json_object_get(campaign, "id"), "provider",
                     provider, "language", lang ? lang : (library ? library : "en"), "framework",
                     fw, "requirements", items, "progress", progress_json(&c));
cleanup:
    free(sorted);
    json_decref(framework);
    json_decref(list);
    json_decref(requirements);
    json_decref(assessments);
    json_decref(by_id);
    json_decref(items);
    return rc;
}

/* --- writing ---------------------------------------------------------------- */

void compliance_prepare_write(const struct kind *k, const json_t *old, json_t *record,
                              const char *user)
{
    char today[11];
    int changed;
    if (k->id != KIND_REQUIREMENT_ASSESSMENT)
        return;
    changed = old == NULL ||
              !json_equal(json_object_get(old, "result"), json_object_get(record, "result")) ||
              !json_equal(json_object_get(old, "remarks"), json_object_get(record, "remarks"));
    if (changed) {
        timefmt_format_date(timefmt_today(), today);
        json_object_set_new(record, "assessor", json_string(user));
        json_object_set_new(record, "date", json_string(today));
        return;
    }
    json_object_set(record, "assessor",
                    json_object_get(old, "assessor") ? json_object_get(old, "assessor")
                                                     : json_null());
    json_object_set(record, "date",
                    json_object_get(old, "date") ? json_object_get(old, "date") : json_null());
}

/* Whether organisation id is of kind provider. */
static int is_provider(struct store *s, const char *id, int *out, struct error *e)
{
    json_t *org = NULL;
    const char *kind;
    int rc = store_record_get(s, model_kind(KIND_ORGANISATION), id, &org, e);
    kind = json_string_value(json_object_get(org, "kind"));
    *out = rc == 0 && kind && strcmp(kind, "provider") == 0;
    json_decref(org);
    return rc == ERR_NOTFOUND ? 0 : rc;
}

struct duplicate {
    const char *id, *requirement; /* the assessment written */
    char *other;                  /* another of the same provider and requirement */
};

static int find_duplicate(void *ctx, json_t *record)
{
    struct duplicate *d = ctx;
    const char *id = json_string_value(json_object_get(record, "id"));
    if (d->other == NULL && strcmp(id, d->id) != 0) {
        const char *r = json_string_value(json_object_get(record, "requirement"));
        if (r && strcmp(r, d->requirement) == 0)
            d->other = xstrdup(id);
    }
    return 0;
}

static int check_assessment(struct store *s, const json_t *old, const json_t *record,
                            struct error *e)
{
    const struct kind *k = model_kind(KIND_REQUIREMENT_ASSESSMENT);
    const char *provider = json_string_value(json_object_get(record, "provider"));
    const char *requirement = json_string_value(json_object_get(record, "requirement"));
    json_t *req = NULL;
    struct duplicate d = {json_string_value(json_object_get(record, "id")), requirement, NULL};
    struct store_filter f = {model_field_find(k, "provider"), provider};
    int ok = 0, rc;

    if (old &&
        (!json_equal(json_object_get(old, "provider"), json_object_get(record, "provider")) ||
         !json_equal(json_object_get(old, "requirement"), json_object_get(record, "requirement"))))
        return error_set(e, ERR_INVALID, "requirement",
                         "an assessment stays with its provider and requirement; write a new one");
    if ((rc = is_provider(s, provider, &ok, e)) != 0)
        return rc;
    if (!ok)
        return error_set(e, ERR_INVALID, "provider", "'%s' is not a provider", provider);
    if ((rc = store_record_get(s, model_kind(KIND_REQUIREMENT), requirement, &req, e)) != 0)
        return rc;
    ok = json_is_true(json_object_get(req, "assessable"));
    json_decref(req);
    if (!ok)
        return error_set_msg(e, ERR_INVALID, "requirement", "compliance_not_assessable",
                             "{requirement} is a heading, not a requirement to assess",
                             "requirement", requirement, NULL);
    if ((rc = store_record_each(s, k, &f, 1, 0, 0, find_duplicate, &d, e)) != 0)
        return rc;
    if (d.other) {
        rc = error_set_msg(e, ERR_CONFLICT, "requirement", "compliance_assessed_already",
                           "this provider assessed {requirement} already (assessment {other})",
                           "requirement", requirement, "other", d.other, NULL);
        free(d.other);
        return rc;
    }
    return 0;
}

int compliance_check_write(struct store *s, const struct kind *k, const json_t *old,
                           const json_t *record, struct error *e)
{
    json_t *v;
    size_t i;
    int rc, ok;
    if (record == NULL)
        return 0;
    if (k->id == KIND_REQUIREMENT_ASSESSMENT)
        return check_assessment(s, old, record, e);
    if (k->id != KIND_CAMPAIGN)
        return 0;
    json_array_foreach(json_object_get(record, "to"), i, v)
    {
        if ((rc = is_provider(s, json_string_value(v), &ok, e)) != 0)
            return rc;
        if (!ok)
            return error_set(e, ERR_INVALID, "to", "'%s' is not a provider", json_string_value(v));
    }
    if (old && !json_equal(json_object_get(old, "framework"), json_object_get(record, "framework")))
        return error_set(e, ERR_INVALID, "framework",
                         "a campaign keeps its framework; send a new campaign");
    return 0;
}
