/*
 * access.c — the need-to-know rules (see access.h for the rules in words).
 *
 * An access object belongs to one request: it caches the user's process
 * set and the lookups it needed (a risk's analysis, a review's measure), so
 * filtering a list costs one lookup per parent, not one per record.
 */
#include "domain/access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct access {
    char user[129];
    char role[16];
    char org[129];
    int clearance;                 /* index in model_classifications */
    json_t *processes;             /* department, provider, auditor: id -> true */
    json_t *analysis_process;      /* cache: analysis id -> process id */
    json_t *measure_processes;     /* cache: measure id -> [process ids] */
    json_t *contribution_analysis; /* cache: contribution id -> analysis id */
};

static int is_role(const struct access *a, const char *role)
{
    return strcmp(a->role, role) == 0;
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
    json_decref(record);
    return 0;
}

int access_new(struct store *s, const struct store_user *u, struct access **out, struct error *e)
{
    struct access *a = calloc(1, sizeof *a);
    size_t i;
    int rc = 0;

    *out = NULL;
    if (a == NULL)
        return error_set(e, ERR_NOMEM, NULL, "out of memory");
    snprintf(a->user, sizeof a->user, "%s", u->id);
    snprintf(a->role, sizeof a->role, "%s", u->role);
    snprintf(a->org, sizeof a->org, "%s", u->org);
    a->clearance = model_value_index(model_classifications, u->clearance);
    a->processes = json_object();
    a->analysis_process = json_object();
    a->measure_processes = json_object();
    a->contribution_analysis = json_object();
    if (a->clearance < 0 || model_value_index((const char *const[]){"coordinator", "department",
                                                                    "provider", "auditor", NULL},
                                              u->role) < 0) {
        rc = error_set(e, ERR_FORBIDDEN, u->id, "the user has an unknown role or clearance");
        goto fail;
    }
    if (is_role(a, "department")) {
        const struct kind *k = model_kind_find("processes");
        struct store_filter f = {model_field_find(k, "ministry"), a->org};
        struct collect c = {a->processes, "id"};
        rc = store_record_each(s, k, &f, 1, 0, 0, collect_field, &c, e);
    } else if (is_role(a, "provider")) {
        const struct kind *k = model_kind_find("provider_links");
        struct store_filter f = {model_field_find(k, "provider"), a->org};
        struct collect c = {a->processes, "process"};
        rc = store_record_each(s, k, &f, 1, 0, 0, collect_field, &c, e);
    } else if (is_role(a, "auditor")) {
        for (i = 0; i < u->n_scope; i++)
            json_object_set_new(a->processes, u->scope[i], json_true());
    }
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
    free(a);
}

const char *access_user(const struct access *a)
{
    return a->user;
}

int access_is_coordinator(const struct access *a)
{
    return is_role(a, "coordinator");
}

const char *access_role(const struct access *a)
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
        if ((rc = store_record_get(s, model_kind_find("contributions"), id, &contribution, e)) != 0)
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
    return strcmp(k->name, "contributions") == 0 || strcmp(k->name, "proposed_risks") == 0;
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
    if (strcmp(k->name, "processes") == 0) {
        json_array_append(list, json_object_get(r, "id"));
    } else if (strcmp(k->name, "measures") == 0 || strcmp(k->name, "events") == 0) {
        json_array_extend(list, json_object_get(r, "processes"));
    } else if (strcmp(k->name, "risks") == 0 || strcmp(k->name, "contributions") == 0 ||
               strcmp(k->name, "proposed_risks") == 0) {
        id = json_string_value(json_object_get(r, "analysis"));
        if (strcmp(k->name, "proposed_risks") == 0 &&
            (rc = contribution_analysis(a, s, r, &id, e)) != 0)
            return rc;
        v = json_object_get(a->analysis_process, id);
        if (v == NULL) {
            json_t *analysis = NULL;
            if ((rc = store_record_get(s, model_kind_find("analyses"), id, &analysis, e)) != 0)
                return rc;
            v = json_object_get(analysis, "process");
            json_object_set(a->analysis_process, id, v);
            json_decref(analysis);
        }
        json_array_append(list, v);
    } else if (strcmp(k->name, "reviews") == 0) {
        id = json_string_value(json_object_get(r, "measure"));
        v = json_object_get(a->measure_processes, id);
        if (v == NULL) {
            json_t *measure = NULL;
            if ((rc = store_record_get(s, model_kind_find("measures"), id, &measure, e)) != 0)
                return rc;
            v = json_object_get(measure, "processes");
            json_object_set(a->measure_processes, id, v);
            json_decref(measure);
        }
        json_array_extend(list, v);
    } else if (json_is_string(v = json_object_get(r, "process")) &&
               model_field_find(k, "process") != NULL) {
        json_array_append(list, v);
    }
    return 0;
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
    if (is_role(a, "coordinator") || access_kind_is_catalogue(k))
        return 0;
    /* a request is for the providers it asks, whatever its classification
     * or owner: another provider of the process never sees it */
    if (is_role(a, "provider") && strcmp(k->name, "requests") == 0)
        return addressed(a, record) ? 0 : ERR_NOTFOUND;
    if ((is_role(a, "department") || is_role(a, "provider")) && owned_by_user_org(a, record))
        return 0;
    if ((rc = count_in_scope(a, s, k, record, &in_scope, &total, e)) != 0)
        return rc;
    if (in_scope == 0)
        return ERR_NOTFOUND;
    if (is_role(a, "provider")) {
        if (is_contribution_kind(k))
            return ERR_NOTFOUND; /* another provider's contribution */
        /* the rest of the processes it provides: public records only */
        c = json_string_value(json_object_get(record, "classification"));
        return c && strcmp(c, "public") == 0 ? 0 : ERR_NOTFOUND;
    }
    return 0;
}

/* May the user write this version of a record (old or new)? */
static int may_write_version(struct access *a, struct store *s, const struct kind *k,
                             const json_t *r, struct error *e)
{
    size_t in_scope = 0, total = 0;
    int rc;
    if (is_role(a, "coordinator"))
        return 0;
    if (access_kind_is_catalogue(k))
        return error_set(e, ERR_FORBIDDEN, k->name, "only a coordinator changes the catalogue");
    if (strcmp(k->name, "processes") == 0 && is_role(a, "department")) {
        const char *ministry = json_string_value(json_object_get(r, "ministry"));
        if (ministry == NULL || strcmp(ministry, a->org) != 0)
            return error_set(e, ERR_FORBIDDEN, "ministry",
                             "a ministry writes only the processes it is responsible for");
        return 0;
    }
    if (is_contribution_kind(k) && is_role(a, "department"))
        return error_set_msg(e, ERR_FORBIDDEN, k->singular, "contribution_provider_writes",
                             "a provider writes its contribution; the ministry decides on its "
                             "proposed risks (adopt, decline)",
                             NULL);
    if (is_role(a, "provider") && strcmp(k->name, "requests") == 0)
        return error_set_msg(e, ERR_FORBIDDEN, NULL, "request_provider_answers",
                             "a ministry or the coordinator sends a request; a provider answers it",
                             NULL);
    if (is_role(a, "provider") && !owned_by_user_org(a, r))
        return error_set(e, ERR_FORBIDDEN, "owner",
                         "a provider writes only records its own organisation owns");
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
    if (is_role(a, "auditor"))
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
    if (rc != ERR_NOTFOUND || !is_role(a, "provider") || strcmp(k->name, "contributions") != 0 ||
        strcmp(f->name, "analysis") != 0)
        return rc;
    /* a provider contributes to the ministry's analysis of a process it
     * provides without reading it: naming it is not seeing its content */
    process = json_string_value(json_object_get(target, "process"));
    return process && json_object_get(a->processes, process) ? 0 : ERR_NOTFOUND;
}
