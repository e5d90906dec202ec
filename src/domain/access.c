/*
 * access.c — the need-to-know rules (see access.h for the rules in words).
 *
 * An access object belongs to one request: it caches the user's process
 * set and the lookups it needed (a risk's analysis, a review's measure), so
 * filtering a list costs one lookup per parent, not one per record; from
 * the second parent of a kind it had to look up, it reads all of that kind
 * at once (a list walks many records with many parents: one pass, not a
 * few statements per parent).
 */
#include "domain/access.h"

#include "base/xmalloc.h"
#include "domain/sharing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct access {
    char user[129];
    enum user_role role;
    char org[129];
    int clearance;                        /* index in model_classifications */
    json_t *processes;                    /* department, provider, auditor: id -> true */
    json_t *orgs_above;                   /* the user's organisation and its parents: id -> true */
    json_t *analysis_process;             /* cache: analysis id -> process id */
    json_t *measure_processes;            /* cache: measure id -> [process ids] */
    int analysis_looked_up, analyses_all; /* parents read one by one; all read */
    int measure_looked_up, measures_all;
    json_t *contribution_analysis; /* cache: contribution id -> analysis id */
    json_t *provider_processes;    /* cache: provider id -> {process id: true} it provides */
    json_t *service_processes;     /* cache: service id -> [process ids depending on it]; NULL
                                      until a service is first asked about */
};

static int is_role(const struct access *a, enum user_role role)
{
    return a->role == role;
}

int access_kind_is_catalogue(const struct kind *k)
{
    static const char *const catalogue[] = {"organisations",
                                            "settings",
                                            "sectors",
                                            "vitaal_criteria",
                                            "impact_criteria",
                                            "impact_classes",
                                            "likelihood_classes",
                                            "threats",
                                            "frameworks",
                                            "requirements",
                                            NULL};
    return model_value_index(catalogue, k->name) >= 0;
}

struct collect {
    json_t *set;
    const char *field;
};

static int collect_field(void *ctx, json_t *record)
{
    struct collect *c = ctx;
    json_t *v = json_object_get(record, c->field);
    if (json_is_string(v))
        json_object_set_new(c->set, json_string_value(v), json_true());
    return 0;
}

/* The user's organisation and every organisation above it (parent chain;
 * a share reaches down it, domain/sharing.h). A cycle or a chain longer
 * than 32 ends the walk. */
static int collect_orgs_above(struct access *a, struct store *s, struct error *e)
{
    const struct kind *k = model_kind(KIND_ORGANISATION);
    char id[129];
    int depth, rc;

    snprintf(id, sizeof id, "%s", a->org);
    for (depth = 0; depth < 32 && id[0] && !json_object_get(a->orgs_above, id); depth++) {
        json_t *org = NULL;
        const char *parent;
        json_object_set_new(a->orgs_above, id, json_true());
        rc = store_record_get(s, k, id, &org, e);
        if (rc == ERR_NOTFOUND) {
            error_clear(e);
            return 0;
        }
        if (rc != 0)
            return rc;
        parent = json_string_value(json_object_get(org, "parent"));
        snprintf(id, sizeof id, "%s", parent ? parent : "");
        json_decref(org);
    }
    return 0;
}

int access_new(struct store *s, const struct store_user *u, struct access **out, struct error *e)
{
    struct access *a = xcalloc(1, sizeof *a);
    size_t i;
    int rc = 0, role;

    *out = NULL;
    snprintf(a->user, sizeof a->user, "%s", u->id);
    snprintf(a->org, sizeof a->org, "%s", u->org);
    a->clearance = model_value_index(model_classifications, u->clearance);
    a->processes = json_object();
    a->analysis_process = json_object();
    a->measure_processes = json_object();
    a->contribution_analysis = json_object();
    a->orgs_above = json_object();
    a->provider_processes = json_object();
    role = users_role_of(u);
    if (a->clearance < 0 || role < 0) {
        rc = error_set(e, ERR_FORBIDDEN, u->id, "the user has an unknown role or clearance");
        goto fail;
    }
    a->role = (enum user_role)role;
    if (is_role(a, ROLE_DEPARTMENT)) {
        const struct kind *k = model_kind(KIND_PROCESS);
        struct store_filter f = {model_field_find(k, "ministry"), a->org};
        struct collect c = {a->processes, "id"};
        rc = store_record_each(s, k, &f, 1, 0, 0, collect_field, &c, e);
    } else if (is_role(a, ROLE_PROVIDER)) {
        const struct kind *k = model_kind(KIND_PROVIDER_LINK);
        struct store_filter f = {model_field_find(k, "provider"), a->org};
        struct collect c = {a->processes, "process"};
        rc = store_record_each(s, k, &f, 1, 0, 0, collect_field, &c, e);
    } else if (is_role(a, ROLE_AUDITOR)) {
        for (i = 0; i < u->n_scope; i++)
            json_object_set_new(a->processes, u->scope[i], json_true());
    }
    if (rc == 0)
        rc = collect_orgs_above(a, s, e);
    if (rc != 0)
        goto fail;
    *out = a;
    return 0;
fail:
    access_free(a);
    return rc;
}

void access_free(struct access *a)
{
    if (a == NULL)
        return;
    json_decref(a->processes);
    json_decref(a->analysis_process);
    json_decref(a->measure_processes);
    json_decref(a->contribution_analysis);
    json_decref(a->orgs_above);
    json_decref(a->provider_processes);
    json_decref(a->service_processes);
    free(a);
}

const char *access_user(const struct access *a)
{
    return a->user;
}

int access_is_coordinator(const struct access *a)
{
    return is_role(a, ROLE_COORDINATOR);
}

enum user_role access_role(const struct access *a)
{
    return a->role;
}

const char *access_org(const struct access *a)
{
    return a->org;
}

int access_read_is_audited(const json_t *record)
{
    const char *c = json_string_value(json_object_get(record, "classification"));
    return c && (strcmp(c, "confidential") == 0 || strcmp(c, "secret") == 0);
}

/* The analysis a proposed risk's contribution belongs to (borrowed from the cache). */
static int contribution_analysis(struct access *a, struct store *s, const json_t *proposal,
                                 const char **out, struct error *e)
{
    const char *id = json_string_value(json_object_get(proposal, "contribution"));
    json_t *v = json_object_get(a->contribution_analysis, id), *contribution = NULL;
    int rc;
    if (v == NULL) {
        if ((rc = store_record_get(s, model_kind(KIND_CONTRIBUTION), id, &contribution, e)) != 0)
            return rc;
        v = json_object_get(contribution, "analysis");
        json_object_set(a->contribution_analysis, id, v);
        json_decref(contribution);
    }
    *out = json_string_value(v);
    return 0;
}

/* Whether k is a provider's contribution (or one of its proposed risks):
 * between the provider and the responsible ministry, not for other
 * providers whatever its classification. */
static int is_contribution_kind(const struct kind *k)
{
    return k->id == KIND_CONTRIBUTION || k->id == KIND_PROPOSED_RISK;
}

/* The processes provider provides (its provider links), as a set borrowed
 * from the cache. */
static int provider_processes(struct access *a, struct store *s, const char *provider, json_t **out,
                              struct error *e)
{
    const struct kind *k = model_kind(KIND_PROVIDER_LINK);
    json_t *set = provider ? json_object_get(a->provider_processes, provider) : NULL;
    int rc;
    *out = NULL;
    if (provider == NULL)
        return 0;
    if (set == NULL) {
        struct store_filter f = {model_field_find(k, "provider"), provider};
        struct collect c = {json_object(), "process"};
        if ((rc = store_record_each(s, k, &f, 1, 0, 0, collect_field, &c, e)) != 0) {
            json_decref(c.set);
            return rc;
        }
        json_object_set_new(a->provider_processes, provider, set = c.set);
    }
    *out = set;
    return 0;
}

/* Appends the processes provider provides to list. */
static int append_provider_processes(struct access *a, struct store *s, const char *provider,
                                     json_t *list, struct error *e)
{
    json_t *set, *v;
    const char *process;
    int rc = provider_processes(a, s, provider, &set, e);
    json_object_foreach(set, process, v)
    {
        json_array_append_new(list, json_string(process));
    }
    return rc;
}

/* Whether k is compliance per entity: a provider's requirement assessments
 * and the campaigns sent to providers. They hang under the processes their
 * providers provide (not under a process of their own), and a provider sees
 * only its own: never another provider's, whatever the classification. */
static int is_compliance_kind(const struct kind *k)
{
    return k->id == KIND_REQUIREMENT_ASSESSMENT || k->id == KIND_CAMPAIGN;
}

/* A campaign is the addressed provider's to see: it names it in `to`. */
static int campaign_addresses(const json_t *campaign, const char *org)
{
    json_t *v;
    size_t i;
    json_array_foreach(json_object_get(campaign, "to"), i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), org) == 0)
            return 1;
    }
    return 0;
}

/* Notes, for every service a dependency names in supplier_services, the
 * dependency's process. */
static int collect_service_users(void *ctx, json_t *record)
{
    json_t *map = ctx, *v, *list;
    json_t *process = json_object_get(record, "process");
    size_t i;
    json_array_foreach(json_object_get(record, "supplier_services"), i, v)
    {
        const char *service = json_string_value(v);
        if (service == NULL || !json_is_string(process))
            continue;
        if ((list = json_object_get(map, service)) == NULL)
            json_object_set_new(map, service, list = json_array());
        json_array_append(list, process);
    }
    return 0;
}

/* Services (issue 20 part 4) hang under the processes that depend on them:
 * the processes of the dependencies naming the service in
 * supplier_services. One walk over the dependencies per access object, the
 * first time a service is asked about. */
static int append_service_processes(struct access *a, struct store *s, const char *service,
                                    json_t *list, struct error *e)
{
    int rc;
    if (a->service_processes == NULL) {
        json_t *map = json_object();
        if ((rc = store_record_each(s, model_kind(KIND_DEPENDENCY), NULL, 0, 0, 0,
                                    collect_service_users, map, e)) != 0) {
            json_decref(map);
            return rc;
        }
        a->service_processes = map;
    }
    if (service)
        json_array_extend(list, json_object_get(a->service_processes, service));
    return 0;
}

/* Whether r is a service its provider field says the user's organisation
 * delivers. */
static int is_own_service(const struct access *a, const struct kind *k, const json_t *r)
{
    const char *provider = json_string_value(json_object_get(r, "provider"));
    return k->id == KIND_SERVICE && provider && strcmp(provider, a->org) == 0;
}

struct parent_pass {
    json_t *cache;
    const char *field;
};

static int keep_parent(void *ctx, json_t *record)
{
    struct parent_pass *p = ctx;
    json_t *v = json_object_get(record, p->field);
    json_object_set(p->cache, json_string_value(json_object_get(record, "id")),
                    v ? v : json_null());
    return 0;
}

/* *v: field of parent id (of kind) from cache (borrowed; NULL when the
 * parent has no such field), read on a miss: the first parent alone, from
 * the second on every record of the kind at once (*all then set). A parent
 * that does not exist is ERR_NOTFOUND, as store_record_get says it. */
static int parent_field(struct store *s, enum kind_id kind, const char *field, const char *id,
                        json_t *cache, int *looked_up, int *all, json_t **v, struct error *e)
{
    const struct kind *k = model_kind(kind);
    struct parent_pass pass = {cache, field};
    json_t *parent = NULL;
    int rc;
    *v = id ? json_object_get(cache, id) : NULL;
    if (*v == NULL && id && !*all && (*looked_up)++ > 0) {
        if ((rc = store_record_each(s, k, NULL, 0, 0, 0, keep_parent, &pass, e)) != 0)
            return rc;
        *all = 1;
        *v = json_object_get(cache, id);
    }
    if (*v == NULL && *all)
        return error_set(e, ERR_NOTFOUND, id, "no %s with this id", k->singular);
    if (*v == NULL) {
        if ((rc = store_record_get(s, k, id, &parent, e)) != 0)
            return rc;
        *v = json_object_get(parent, field);
        json_object_set(cache, id, *v ? *v : json_null());
        json_decref(parent);
        *v = json_object_get(cache, id);
    }
    if (json_is_null(*v))
        *v = NULL;
    return 0;
}

/* The processes a record hangs under, as a new JSON array of ids (empty for
 * catalogue kinds and records that name none). */
static int record_processes(struct access *a, struct store *s, const struct kind *k,
                            const json_t *r, json_t **out, struct error *e)
{
    json_t *list = json_array(), *v;
    const char *id;
    int rc = 0;

    *out = list;
    if (k->id == KIND_PROCESS) {
        json_array_append(list, json_object_get(r, "id"));
    } else if (k->id == KIND_MEASURE || k->id == KIND_EVENT) {
        json_array_extend(list, json_object_get(r, "processes"));
    } else if (k->id == KIND_RISK || k->id == KIND_CONTRIBUTION || k->id == KIND_PROPOSED_RISK) {
        id = json_string_value(json_object_get(r, "analysis"));
        if (k->id == KIND_PROPOSED_RISK && (rc = contribution_analysis(a, s, r, &id, e)) != 0)
            return rc;
        if ((rc = parent_field(s, KIND_ANALYSIS, "process", id, a->analysis_process,
                               &a->analysis_looked_up, &a->analyses_all, &v, e)) != 0)
            return rc;
        json_array_append(list, v);
    } else if (k->id == KIND_REVIEW) {
        id = json_string_value(json_object_get(r, "measure"));
        if ((rc = parent_field(s, KIND_MEASURE, "processes", id, a->measure_processes,
                               &a->measure_looked_up, &a->measures_all, &v, e)) != 0)
            return rc;
        json_array_extend(list, v);
    } else if (k->id == KIND_REQUIREMENT_ASSESSMENT) {
        /* a provider's assessment: the processes the provider provides, so
         * the ministries responsible for them (and auditors of them) see it */
        rc = append_provider_processes(a, s, json_string_value(json_object_get(r, "provider")),
                                       list, e);
    } else if (k->id == KIND_SERVICE) {
        /* a service: the processes that depend on it */
        rc = append_service_processes(a, s, json_string_value(json_object_get(r, "id")), list, e);
    } else if (k->id == KIND_CAMPAIGN) {
        /* a campaign: the processes its addressed providers provide */
        size_t i;
        json_array_foreach(json_object_get(r, "to"), i, v)
        {
            if (rc == 0)
                rc = append_provider_processes(a, s, json_string_value(v), list, e);
        }
    } else if (json_is_string(v = json_object_get(r, "process")) &&
               model_field_find(k, "process") != NULL) {
        json_array_append(list, v);
    }
    return rc;
}

/* How many of the record's processes are in the user's set, and how many
 * it has. */
static int count_in_scope(struct access *a, struct store *s, const struct kind *k, const json_t *r,
                          size_t *in_scope, size_t *total, struct error *e)
{
    json_t *list = NULL, *p;
    size_t i;
    int rc = record_processes(a, s, k, r, &list, e);
    *in_scope = 0;
    *total = json_array_size(list);
    json_array_foreach(list, i, p)
    {
        if (json_is_string(p) && json_object_get(a->processes, json_string_value(p)))
            (*in_scope)++;
    }
    json_decref(list);
    return rc;
}

static int owned_by_user_org(const struct access *a, const json_t *r)
{
    const char *owner = json_string_value(json_object_get(r, "owner"));
    return owner && strcmp(owner, a->org) == 0;
}

/* Whether r is a provider link naming the user's organisation as provider. */
static int is_own_provider_link(const struct access *a, const struct kind *k, const json_t *r)
{
    const char *provider = json_string_value(json_object_get(r, "provider"));
    return k->id == KIND_PROVIDER_LINK && provider && strcmp(provider, a->org) == 0;
}

static int within_clearance(const struct access *a, const json_t *r)
{
    const char *c = json_string_value(json_object_get(r, "classification"));
    int level = c ? model_value_index(model_classifications, c) : -1;
    return level >= 0 && level <= a->clearance;
}

/* Whether the user's organisation is one of a request's recipients (`to`). */
static int addressed(const struct access *a, const json_t *request)
{
    json_t *v;
    size_t i;
    json_array_foreach(json_object_get(request, "to"), i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), a->org) == 0)
            return 1;
    }
    return 0;
}

int access_can_read(struct access *a, struct store *s, const struct kind *k, const json_t *record,
                    struct error *e)
{
    size_t in_scope = 0, total = 0;
    const char *c;
    int rc;

    if (!within_clearance(a, record))
        return ERR_NOTFOUND;
    if (is_role(a, ROLE_COORDINATOR) || access_kind_is_catalogue(k))
        return 0;
    /* a request is for the providers it asks, whatever its classification
     * or owner: another provider of the process never sees it */
    if (is_role(a, ROLE_PROVIDER) && k->id == KIND_REQUEST)
        return addressed(a, record) ? 0 : ERR_NOTFOUND;
    if ((is_role(a, ROLE_DEPARTMENT) || is_role(a, ROLE_PROVIDER)) && owned_by_user_org(a, record))
        return 0;
    if (sharing_reaches(record, a->user, a->org, a->orgs_above))
        return 0; /* shared with the user's organisation, or under red with the user */
    if (k->id == KIND_IIM_TABLE) {
        /* an interdependency table hangs under no process: a public one
         * (published statistics) is for everyone, another only for its
         * owner and those it is shared with (above) (issue 16 part 4) */
        c = json_string_value(json_object_get(record, "classification"));
        return c && strcmp(c, "public") == 0 ? 0 : ERR_NOTFOUND;
    }
    if (is_role(a, ROLE_PROVIDER) && is_compliance_kind(k)) {
        /* compliance per entity: its own assessments, the campaigns sent to
         * it; never another provider's, even public ones */
        const char *provider = json_string_value(json_object_get(record, "provider"));
        if (k->id == KIND_CAMPAIGN)
            return campaign_addresses(record, a->org) ? 0 : ERR_NOTFOUND;
        return provider && strcmp(provider, a->org) == 0 ? 0 : ERR_NOTFOUND;
    }
    /* a service the provider delivers itself (within clearance, above) */
    if (is_role(a, ROLE_PROVIDER) && is_own_service(a, k, record))
        return 0;
    if ((rc = count_in_scope(a, s, k, record, &in_scope, &total, e)) != 0)
        return rc;
    if (in_scope == 0)
        return ERR_NOTFOUND;
    if (is_role(a, ROLE_PROVIDER)) {
        if (is_contribution_kind(k))
            return ERR_NOTFOUND; /* another provider's contribution */
        if (k->id == KIND_DEPENDENCY || k->id == KIND_SERVICE || is_own_provider_link(a, k, record))
            return 0; /* what its processes depend on (the dependencies and the services
                         they name); its own place as a provider */
        /* the rest of the processes it provides: public records only */
        c = json_string_value(json_object_get(record, "classification"));
        return c && strcmp(c, "public") == 0 ? 0 : ERR_NOTFOUND;
    }
    return 0;
}

/* Compliance per entity (coordinator aside): a provider assesses itself
 * (provider = its organisation), a ministry does not write a provider's
 * assessment; a campaign is sent by a ministry, only to providers of
 * processes it is responsible for, never by a provider. */
static int may_write_compliance(struct access *a, struct store *s, const struct kind *k,
                                const json_t *r, struct error *e)
{
    const char *provider;
    json_t *v, *set, *p;
    const char *process;
    size_t i;
    int rc, ours;
    if (k->id == KIND_REQUIREMENT_ASSESSMENT) {
        provider = json_string_value(json_object_get(r, "provider"));
        if (is_role(a, ROLE_DEPARTMENT))
            return error_set_msg(e, ERR_FORBIDDEN, k->singular, "compliance_provider_writes",
                                 "a provider assesses itself; the ministry reads its assessments",
                                 NULL);
        if (is_role(a, ROLE_PROVIDER) && (provider == NULL || strcmp(provider, a->org) != 0))
            return error_set(e, ERR_FORBIDDEN, "provider",
                             "a provider assesses only its own organisation");
        return 0;
    }
    if (k->id != KIND_CAMPAIGN)
        return 0;
    if (is_role(a, ROLE_PROVIDER))
        return error_set_msg(
            e, ERR_FORBIDDEN, k->singular, "campaign_ministry_sends",
            "a ministry or the coordinator sends a campaign; a provider answers it", NULL);
    if (!owned_by_user_org(a, r)) /* another ministry's campaign, also to a shared provider */
        return error_set(e, ERR_FORBIDDEN, "owner", "a ministry writes only its own campaigns");
    json_array_foreach(json_object_get(r, "to"), i, v)
    {
        if ((rc = provider_processes(a, s, json_string_value(v), &set, e)) != 0)
            return rc;
        ours = 0;
        json_object_foreach(set, process, p)
        {
            if (json_object_get(a->processes, process))
                ours = 1;
        }
        if (!ours)
            return error_set_msg(e, ERR_FORBIDDEN, "to", "campaign_not_your_provider",
                                 "a campaign goes only to providers of the processes you are "
                                 "responsible for ({provider} is not one)",
                                 "provider", json_string_value(v), NULL);
    }
    return 0;
}

/* May the user write this version of a record (old or new)? */
static int may_write_version(struct access *a, struct store *s, const struct kind *k,
                             const json_t *r, struct error *e)
{
    size_t in_scope = 0, total = 0;
    int rc;
    if (is_role(a, ROLE_COORDINATOR))
        return 0;
    if (access_kind_is_catalogue(k))
        return error_set(e, ERR_FORBIDDEN, k->name, "only a coordinator changes the catalogue");
    /* services are shared by many ministries' processes: the coordinator
     * keeps them, as it keeps the catalogue (issue 20 part 4) */
    if (k->id == KIND_SERVICE)
        return error_set_msg(e, ERR_FORBIDDEN, k->singular, "service_coordinator_writes",
                             "only the coordinator records and changes services", NULL);
    /* interdependency tables are national statistics the coordinator keeps
     * (issue 16 part 4) */
    if (k->id == KIND_IIM_TABLE)
        return error_set_msg(e, ERR_FORBIDDEN, k->singular, "iim_table_coordinator_writes",
                             "only the coordinator records and changes interdependency tables",
                             NULL);
    if (k->id == KIND_PROCESS && is_role(a, ROLE_DEPARTMENT)) {
        const char *ministry = json_string_value(json_object_get(r, "ministry"));
        if (ministry == NULL || strcmp(ministry, a->org) != 0)
            return error_set(e, ERR_FORBIDDEN, "ministry",
                             "a ministry writes only the processes it is responsible for");
        return 0;
    }
    if (is_contribution_kind(k) && is_role(a, ROLE_DEPARTMENT))
        return error_set_msg(e, ERR_FORBIDDEN, k->singular, "contribution_provider_writes",
                             "a provider writes its contribution; the ministry decides on its "
                             "proposed risks (adopt, decline)",
                             NULL);
    if (is_role(a, ROLE_PROVIDER) && k->id == KIND_REQUEST)
        return error_set_msg(e, ERR_FORBIDDEN, NULL, "request_provider_answers",
                             "a ministry or the coordinator sends a request; a provider answers it",
                             NULL);
    if ((rc = may_write_compliance(a, s, k, r, e)) != 0)
        return rc;
    /* owners write their own (issue 14 part 4): naming one of the user's
     * processes in another organisation's record gives no right to write it */
    if (!owned_by_user_org(a, r)) {
        const char *owner = json_string_value(json_object_get(r, "owner"));
        return error_set_msg(e, ERR_FORBIDDEN, "owner", "write_not_owner",
                             "only the organisation that owns this record ({owner}) and the "
                             "coordinator write it",
                             "owner", owner ? owner : "", NULL);
    }
    if ((rc = count_in_scope(a, s, k, r, &in_scope, &total, e)) != 0)
        return rc;
    if (in_scope == 0)
        return error_set(e, ERR_FORBIDDEN, k->singular,
                         "the record does not hang under a process you are responsible for");
    return 0;
}

int access_can_write(struct access *a, struct store *s, const struct kind *k, const json_t *old,
                     const json_t *new_record, struct error *e)
{
    int rc;
    if (old && (rc = access_can_read(a, s, k, old, e)) != 0)
        return rc == ERR_NOTFOUND
                   ? error_set(e, ERR_NOTFOUND, json_string_value(json_object_get(old, "id")),
                               "no %s with this id", k->singular)
                   : rc;
    if (is_role(a, ROLE_AUDITOR))
        return error_set(e, ERR_FORBIDDEN, NULL, "an auditor reads, and never writes");
    if (old && (rc = may_write_version(a, s, k, old, e)) != 0)
        return rc;
    if (new_record) {
        if (!within_clearance(a, new_record))
            return error_set(e, ERR_FORBIDDEN, "classification",
                             "you may not write a record classified above your clearance");
        if ((rc = may_write_version(a, s, k, new_record, e)) != 0)
            return rc;
    }
    return 0;
}

int access_may_refer(struct access *a, struct store *s, const struct kind *k, const struct field *f,
                     const json_t *target, struct error *e)
{
    const struct kind *target_kind = model_kind_find(f->ref_kind);
    const char *process;
    int rc = access_can_read(a, s, target_kind, target, e);
    if (rc != ERR_NOTFOUND || !is_role(a, ROLE_PROVIDER) || k->id != KIND_CONTRIBUTION ||
        strcmp(f->name, "analysis") != 0)
        return rc;
    /* a provider contributes to the ministry's analysis of a process it
     * provides without reading it: naming it is not seeing its content */
    process = json_string_value(json_object_get(target, "process"));
    return process && json_object_get(a->processes, process) ? 0 : ERR_NOTFOUND;
}

int access_may_see_entity(struct access *a, struct store *s, const char *provider, struct error *e)
{
    json_t *set, *v;
    const char *process;
    int rc;
    if (is_role(a, ROLE_COORDINATOR))
        return 0;
    if (is_role(a, ROLE_PROVIDER))
        return strcmp(provider, a->org) == 0 ? 0 : ERR_NOTFOUND;
    if ((rc = provider_processes(a, s, provider, &set, e)) != 0)
        return rc;
    json_object_foreach(set, process, v)
    {
        if (json_object_get(a->processes, process))
            return 0;
    }
    return ERR_NOTFOUND;
}
