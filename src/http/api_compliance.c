/*
 * api_compliance.c — compliance per entity over HTTP (domain/compliance.h):
 * GET /api/v1/compliance?framework=&entity=|sector=|process=&lang= (the
 * coverage table, in the shape of `vitaal compliance --json`),
 * GET /api/v1/campaigns/{id}/progress (per addressed provider) and
 * GET /api/v1/campaigns/{id}/questionnaire?provider=&lang= (a provider's
 * questionnaire: the framework's requirements in the reader's language with
 * its assessments). Campaigns and assessments themselves are written
 * through the generic record routes.
 *
 * Need-to-know: every figure is counted over what the reader may see; an
 * entity, sector, process or campaign the reader may not see is answered
 * 404 as if absent. The counts name no record; the questionnaire names the
 * campaign and the provider's assessments, and a confidential or secret one
 * among them is audited as a read, in a transaction that builds the answer
 * again, so the answer is what was logged.
 */
#include "http/api.h"

#include "domain/compliance.h"
#include "domain/framework.h"
#include "report/report_json.h"
#include "report/report_schema.h"

#include <string.h>

/* The language asked for: ?lang= (refused when vitaal does not know it),
 * else the first known one of Accept-Language, else NULL (the library's own). */
static int read_language(struct request *req, const char **out)
{
    const char *lang = request_query(req, "lang");
    *out = NULL;
    if (lang) {
        if ((*out = compliance_language(lang)) == NULL || strlen(lang) != 2)
            return error_set(&req->error, ERR_INVALID, "lang",
                             "a language as two letters (en, nl, ...)");
        return 0;
    }
    *out = compliance_language(req->accept_language);
    return 0;
}

static int check_params(struct request *req, const char *const *known, const char *list)
{
    size_t i;
    for (i = 0; i < req->n_query; i++) {
        if (model_value_index(known, req->query[i].key) < 0)
            return error_set(&req->error, ERR_INVALID, req->query[i].key, "unknown parameter (%s)",
                             list);
    }
    return 0;
}

static int ids_of(void *ctx, json_t *record)
{
    json_array_append(ctx, json_object_get(record, "id"));
    return 0;
}

/* a table as compliance_json.c made it, checked against that writer's
 * schema (report/report_schema.h) unless built with NDEBUG */
static int table_checked(struct request *req, const json_t *table)
{
#ifndef NDEBUG
    return report_schema_check_value("ComplianceTable", table, &req->error);
#else
    (void)req, (void)table;
    return 0;
#endif
}

int api_compliance(struct request *req)
{
    static const char *const known[] = {"framework", "entity", "sector", "process", "lang", NULL};
    struct compliance_query q = {NULL, COMPLIANCE_BY_ENTITY, NULL, req->auth.access};
    struct compliance_table t;
    const char *framework = request_query(req, "framework"), *lang = NULL;
    const char *entity = request_query(req, "entity"), *sector = request_query(req, "sector"),
               *process = request_query(req, "process");
    char id[FRAMEWORK_ID_SIZE];
    json_t *ids = request_keep(req, json_array()), *items, *v;
    size_t i;
    int rc;

    memset(&t, 0, sizeof t);
    if ((rc = check_params(req, known, "framework, entity, sector, process, lang")) != 0 ||
        (rc = read_language(req, &lang)) != 0)
        return rc;
    if ((entity != NULL) + (sector != NULL) + (process != NULL) > 1)
        return error_set(&req->error, ERR_INVALID, sector ? "sector" : "process",
                         "one of entity, sector and process");
    if (sector) {
        q.group = COMPLIANCE_BY_SECTOR;
        q.only = sector[0] ? sector : NULL;
    } else if (process) {
        q.group = COMPLIANCE_BY_PROCESS;
        q.only = process[0] ? process : NULL;
    } else if (entity) {
        q.only = entity[0] ? entity : NULL;
    }
    if (framework) {
        rc = framework_resolve(req->store, framework, id, sizeof id, &req->error);
        if (rc == ERR_NOTFOUND)
            return error_set(&req->error, ERR_NOTFOUND, "framework", "no framework '%s'",
                             framework);
        if (rc != 0)
            return rc;
        q.framework = id;
        if ((rc = compliance_compute(req->store, &q, &t, &req->error)) == 0) {
            json_t *table = request_keep(req, compliance_table_json(&t, q.group, lang));
            if ((rc = table_checked(req, table)) == 0)
                rc = request_json_value(req, 200, table);
        }
        compliance_table_release(&t);
        return rc;
    }
    /* every framework with something to count */
    if ((rc = store_record_each(req->store, model_kind(KIND_FRAMEWORK), NULL, 0, 0, 0, ids_of, ids,
                                &req->error)) != 0)
        return rc;
    items = request_keep(req, json_array());
    json_array_foreach(ids, i, v)
    {
        json_t *record = NULL;
        q.framework = json_string_value(v);
        if ((rc = store_record_get(req->store, model_kind(KIND_FRAMEWORK), q.framework, &record,
                                   &req->error)) == 0)
            rc = access_can_read(req->auth.access, req->store, model_kind(KIND_FRAMEWORK), record,
                                 &req->error);
        json_decref(record);
        if (rc == ERR_NOTFOUND)
            continue; /* a framework the reader may not see: left out */
        if (rc == 0)
            rc = compliance_compute(req->store, &q, &t, &req->error);
        if (rc == 0 && t.n > 0 && (q.only == NULL || t.rows[0].counts.entities > 0))
            json_array_append_new(items, compliance_table_json(&t, q.group, lang));
        compliance_table_release(&t);
        if (rc != 0)
            return rc;
    }
    json_array_foreach(items, i, v)
    {
        if ((rc = table_checked(req, v)) != 0)
            return rc;
    }
    return request_json_value(req, 200, request_keep(req, json_pack("{sO}", "items", items)));
}

/* The campaign of the route, readable by the user (else 404). */
static int read_campaign(struct request *req, json_t **out)
{
    int rc;
    req->kind = model_kind(KIND_CAMPAIGN);
    rc = store_record_get(req->store, req->kind, req->id, out, &req->error);
    if (rc == 0) {
        request_keep(req, *out);
        rc = access_can_read(req->auth.access, req->store, req->kind, *out, &req->error);
    }
    if (rc == ERR_NOTFOUND)
        return error_set(&req->error, ERR_NOTFOUND, req->id, "no campaign with this id");
    return rc;
}

int api_campaign_progress(struct request *req)
{
    json_t *campaign = NULL, *rows = NULL;
    int rc;
    if (req->n_query > 0)
        return error_set(&req->error, ERR_INVALID, req->query[0].key, "unknown parameter");
    if ((rc = read_campaign(req, &campaign)) != 0 ||
        (rc = compliance_campaign_progress(req->store, campaign, req->auth.access, &rows,
                                           &req->error)) != 0) {
        json_decref(rows);
        return rc;
    }
    request_keep(req, rows);
    if (access_read_is_audited(campaign) &&
        ((rc = store_begin_read(req->store, &req->error)) != 0 ||
         (rc = request_audit(req, "read", req->kind, req->id, "progress")) != 0 ||
         (rc = request_commit(req)) != 0))
        return rc;
    return request_json_value(
        req, 200, request_keep(req, json_pack("{sO sO}", "campaign", campaign, "progress", rows)));
}

/* The questionnaire, and whether it names a classified record. */
static int build_questionnaire(struct request *req, const char *provider, const char *lang,
                               json_t **out, int *audited, int *campaign_audited)
{
    json_t *campaign = NULL, *r, *a;
    size_t i;
    int rc;
    *out = NULL;
    if ((rc = read_campaign(req, &campaign)) != 0 ||
        (rc = compliance_questionnaire(req->store, campaign, provider, lang, req->auth.access, out,
                                       &req->error)) != 0)
        return rc;
    request_keep(req, *out);
    *audited = *campaign_audited = access_read_is_audited(campaign);
    json_array_foreach(json_object_get(*out, "requirements"), i, r)
    {
        a = json_object_get(r, "assessment");
        if (json_is_object(a) && access_read_is_audited(a))
            *audited = 1;
    }
    return 0;
}

int api_campaign_questionnaire(struct request *req)
{
    static const char *const known[] = {"provider", "lang", NULL};
    const char *provider = request_query(req, "provider"), *lang = NULL;
    json_t *doc = NULL, *r, *a;
    size_t i;
    int rc, audited = 0, campaign_audited = 0;

    if ((rc = check_params(req, known, "provider, lang")) != 0 ||
        (rc = read_language(req, &lang)) != 0)
        return rc;
    if (provider == NULL && access_role(req->auth.access) == ROLE_PROVIDER)
        provider = access_org(req->auth.access);
    if (provider == NULL)
        return error_set(&req->error, ERR_INVALID, "provider",
                         "name the provider whose questionnaire to show");
    if ((rc = build_questionnaire(req, provider, lang, &doc, &audited, &campaign_audited)) != 0)
        return rc;
    if (audited) {
        /* the answer is the one the audit records */
        if ((rc = store_begin_read(req->store, &req->error)) != 0)
            return rc;
        if ((rc = build_questionnaire(req, provider, lang, &doc, &audited, &campaign_audited)) ==
                0 &&
            campaign_audited)
            rc = request_audit(req, "read", req->kind, req->id, "questionnaire");
        json_array_foreach(json_object_get(doc, "requirements"), i, r)
        {
            a = json_object_get(r, "assessment");
            if (rc == 0 && json_is_object(a) && access_read_is_audited(a))
                rc = request_audit(req, "read", model_kind(KIND_REQUIREMENT_ASSESSMENT),
                                   json_string_value(json_object_get(a, "id")), "questionnaire");
        }
        if (rc == 0)
            rc = request_commit(req);
        else
            store_rollback(req->store);
        if (rc != 0)
            return rc;
    }
    return request_json_value(req, 200, doc);
}
