/*
 * request.c — requests for information and their answers (see
 * request.h). It owns the request's rules and writes answers as
 * contributions; deciding on what an answer proposes stays
 * domain/contribution's. No SQL here, no I/O beyond the store.
 */
#include "domain/request.h"

#include "base/xmalloc.h"
#include "domain/fields.h"

#include "base/timefmt.h"
#include "domain/contribution.h"
#include "domain/validate.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUESTIONS_MAX 200

int request_may_write(struct access *access, struct error *e)
{
    if (access == NULL || access_role(access) != ROLE_PROVIDER)
        return 0;
    return error_set_msg(e, ERR_FORBIDDEN, NULL, "request_provider_answers",
                         "a ministry or the coordinator sends a request; a provider answers it",
                         NULL);
}

const char *request_recipient_state(const json_t *answer, int64_t due, int64_t today)
{
    if (answer &&
        (fields_is(answer, "status", "submitted") || fields_is(answer, "status", "processed")))
        return "answered";
    return today > due ? "overdue" : "open";
}

/* --- writes of a request ------------------------------------------------------------ */

/* The next free id REQ-<year>-<nnn>. */
static int next_id(struct store *s, json_t *record, struct error *e)
{
    const struct kind *k = model_kind(KIND_REQUEST);
    char today[11], id[32];
    size_t n = 0;
    int exists = 1, rc;
    timefmt_format_date(timefmt_today(), today);
    if ((rc = store_record_count(s, k, NULL, 0, &n, e)) != 0)
        return rc;
    while (exists) {
        snprintf(id, sizeof id, "REQ-%.4s-%03zu", today, ++n);
        if ((rc = store_record_exists(s, k, id, &exists, e)) != 0)
            return rc;
    }
    json_object_set_new(record, "id", json_string(id));
    return 0;
}

/* `questions` as a list of texts becomes one text, a question a line. */
static int questions_to_text(json_t *record, struct error *e)
{
    json_t *list = json_object_get(record, "questions"), *q;
    char where[32];
    size_t i, len = 0;
    char *text, *p;
    if (!json_is_array(list))
        return 0;
    if (json_array_size(list) > QUESTIONS_MAX)
        return error_set(e, ERR_INVALID, "questions", "at most %d questions", QUESTIONS_MAX);
    json_array_foreach(list, i, q)
    {
        snprintf(where, sizeof where, "questions[%zu]", i);
        if (!json_is_string(q) || fields_blank(json_string_value(q)))
            return error_set_msg(e, ERR_INVALID, where, "request_question_empty",
                                 "a question is a text that is not empty", NULL);
        if (strpbrk(json_string_value(q), "\r\n"))
            return error_set_msg(e, ERR_INVALID, where, "request_question_line",
                                 "a question is one line; make two questions of it", NULL);
        len += json_string_length(q) + 1;
    }
    text = p = xmalloc(len + 1);
    *p = '\0';
    json_array_foreach(list, i, q)
    {
        p += sprintf(p, "%s%s", i ? "\n" : "", json_string_value(q));
    }
    json_object_set_new(record, "questions", len ? json_string(text) : json_null());
    free(text);
    return 0;
}

int request_prepare_write(struct store *s, const struct kind *k, const json_t *old, json_t *record,
                          const char *user, struct error *e)
{
    char now[24];
    int rc;
    if (k->id != KIND_REQUEST || record == NULL || !json_is_object(record))
        return 0;
    if (old == NULL && json_object_get(record, "id") == NULL && (rc = next_id(s, record, e)) != 0)
        return rc;
    if ((rc = questions_to_text(record, e)) != 0)
        return rc;
    if (old == NULL) {
        timefmt_format_datetime(timefmt_now(), now);
        json_object_set_new(record, "sent_by", json_string(user));
        json_object_set_new(record, "sent_at", json_string(now));
        return 0;
    }
    json_object_set(record, "sent_by",
                    json_object_get(old, "sent_by") ? json_object_get(old, "sent_by")
                                                    : json_null());
    json_object_set(record, "sent_at",
                    json_object_get(old, "sent_at") ? json_object_get(old, "sent_at")
                                                    : json_null());
    return 0;
}

static int get(struct store *s, enum kind_id kind, const char *id, json_t **out, struct error *e)
{
    const struct kind *k = model_kind(kind);
    int rc = store_record_get(s, k, id, out, e);
    if (rc == ERR_NOTFOUND)
        return error_set(e, ERR_NOTFOUND, id, "no %s with this id", k->singular);
    return rc;
}

/* The answer of provider to request (a new reference in *out), or NULL. */
static int find_answer(struct store *s, const char *request, const char *provider, json_t **out,
                       struct error *e);

/* A request reaches providers by `to` alone (domain/access.h): its sharing
 * may name ministries, the coordinator and the people of those, never a
 * provider (or a provider's person) it is not sent to, which would promise
 * a read that the request's rule refuses. */
static int check_request_sharing(struct store *s, const json_t *r, struct error *e)
{
    json_t *to = json_object_get(r, "to"), *v, *org = NULL;
    struct store_user *u = NULL;
    const char *who = NULL;
    char where[40];
    size_t i;
    int rc = 0, provider;

    json_array_foreach(json_object_get(r, "shared_with"), i, v)
    {
        if (!json_is_string(v) || fields_listed(to, json_string_value(v)))
            continue;
        if (store_record_get(s, model_kind(KIND_ORGANISATION), json_string_value(v), &org, e) !=
            0) {
            error_clear(e); /* validation says what is wrong with an unknown id */
            continue;
        }
        provider = fields_is(org, "kind", "provider");
        json_decref(org);
        if (provider) {
            snprintf(where, sizeof where, "shared_with[%zu]", i);
            who = json_string_value(v);
            break;
        }
    }
    json_array_foreach(who ? NULL : json_object_get(r, "shared_with_people"), i, v)
    {
        if (!json_is_string(v) || store_user_get(s, json_string_value(v), &u, e) != 0) {
            error_clear(e);
            continue;
        }
        provider = users_role_of(u) == ROLE_PROVIDER && !fields_listed(to, u->org);
        store_user_free(u);
        if (provider) {
            snprintf(where, sizeof where, "shared_with_people[%zu]", i);
            who = json_string_value(v);
            break;
        }
    }
    if (who)
        rc = error_set_msg(e, ERR_INVALID, where, "request_shared_not_addressed",
                           "a request reaches providers only as recipients: {who} is not one; "
                           "add the provider to the recipients instead",
                           "who", who, NULL);
    return rc;
}

static int check_request(struct store *s, const json_t *old, const json_t *r, struct error *e)
{
    const struct kind *links = model_kind(KIND_PROVIDER_LINK);
    json_t *to = json_object_get(r, "to"), *v, *analysis = NULL, *answer = NULL;
    char where[32];
    size_t i, n;
    int rc = 0;

    if ((rc = check_request_sharing(s, r, e)) != 0)
        return rc;
    json_array_foreach(to, i, v)
    {
        struct store_filter f[] = {{model_field_find(links, "provider"), json_string_value(v)},
                                   {model_field_find(links, "process"), fields_text(r, "process")}};
        if ((rc = store_record_count(s, links, f, 2, &n, e)) != 0)
            return rc;
        if (n == 0) {
            snprintf(where, sizeof where, "to[%zu]", i);
            return error_set_msg(e, ERR_INVALID, where, "request_not_provider",
                                 "{provider} does not provide the process {process}: a request "
                                 "goes to providers of its process",
                                 "provider", json_string_value(v), "process",
                                 fields_text(r, "process"), NULL);
        }
    }
    if (fields_text(r, "analysis")) {
        if ((rc = get(s, KIND_ANALYSIS, fields_text(r, "analysis"), &analysis, e)) != 0)
            return rc;
        if (!fields_is(analysis, "process", fields_text(r, "process")))
            rc = error_set_msg(e, ERR_INVALID, "analysis", "request_analysis_process",
                               "the analysis {analysis} is of another process", "analysis",
                               fields_text(r, "analysis"), NULL);
        json_decref(analysis);
        if (rc != 0)
            return rc;
    }
    if (fields_blank(fields_text(r, "questions")) && fields_text(r, "framework") == NULL)
        return error_set_msg(e, ERR_INVALID, "questions", "request_no_questions",
                             "ask at least one question, or name a framework whose requirements "
                             "are asked",
                             NULL);
    if (old && (!fields_same(old, r, "process") || !fields_same(old, r, "analysis"))) {
        const struct kind *contributions = model_kind(KIND_CONTRIBUTION);
        struct store_filter by = {model_field_find(contributions, "request"),
                                  fields_text(old, "id")};
        if ((rc = store_record_count(s, contributions, &by, 1, &n, e)) != 0)
            return rc;
        if (n > 0)
            return error_set_msg(e, ERR_CONFLICT,
                                 fields_same(old, r, "process") ? "analysis" : "process",
                                 "request_answered_fixed",
                                 "answers have come in: the request's process and analysis stay "
                                 "as they were; send a new request",
                                 NULL);
    }
    json_array_foreach(old ? json_object_get(old, "to") : NULL, i, v)
    {
        if (fields_listed(to, json_string_value(v)))
            continue;
        if ((rc = find_answer(s, fields_text(old, "id"), json_string_value(v), &answer, e)) != 0)
            return rc;
        if (answer) {
            json_decref(answer);
            return error_set_msg(e, ERR_CONFLICT, "to", "request_recipient_answered",
                                 "{provider} has answered; it stays a recipient", "provider",
                                 json_string_value(v), NULL);
        }
    }
    return 0;
}

struct first {
    json_t *record;
};

static int keep_first(void *ctx, json_t *record)
{
    struct first *f = ctx;
    if (f->record == NULL)
        f->record = json_incref(record);
    return 0;
}

static int find_answer(struct store *s, const char *request, const char *provider, json_t **out,
                       struct error *e)
{
    const struct kind *k = model_kind(KIND_CONTRIBUTION);
    struct store_filter f[] = {{model_field_find(k, "request"), request},
                               {model_field_find(k, "provider"), provider}};
    struct first first = {NULL};
    int rc = store_record_each(s, k, f, 2, 0, 0, keep_first, &first, e);
    *out = first.record;
    return rc;
}

/* An answer (contribution with request set) keeps the request's rules. */
static int check_answer(struct store *s, const json_t *old, const json_t *c, struct error *e)
{
    json_t *request = NULL, *other = NULL, *analysis = NULL;
    int rc = 0;

    if (old && c &&
        !(fields_text(old, "request") == NULL
              ? fields_text(c, "request") == NULL
              : fields_is(c, "request", fields_text(old, "request"))))
        return error_set_msg(e, ERR_INVALID, "request", "request_answer_fixed",
                             "an answer stays with the request it answers", NULL);
    if (c == NULL || fields_text(c, "request") == NULL)
        return 0;
    if ((rc = get(s, KIND_REQUEST, fields_text(c, "request"), &request, e)) != 0)
        return rc;
    if (fields_is(request, "status", "closed")) {
        rc = error_set_msg(e, ERR_CONFLICT, "request", "request_closed",
                           "the request {request} is closed", "request", fields_text(request, "id"),
                           NULL);
        goto cleanup;
    }
    if (!fields_listed(json_object_get(request, "to"), fields_text(c, "provider"))) {
        rc =
            error_set_msg(e, ERR_INVALID, "provider", "request_not_addressed",
                          "the request {request} was not sent to {provider}", "request",
                          fields_text(request, "id"), "provider", fields_text(c, "provider"), NULL);
        goto cleanup;
    }
    if ((rc = find_answer(s, fields_text(request, "id"), fields_text(c, "provider"), &other, e)) !=
        0)
        goto cleanup;
    if (other && !fields_is(other, "id", fields_text(c, "id"))) {
        rc = error_set_msg(e, ERR_CONFLICT, "request", "request_answered_already",
                           "{provider} answers the request in {answer}; change that answer",
                           "provider", fields_text(c, "provider"), "answer",
                           fields_text(other, "id"), NULL);
        goto cleanup;
    }
    if (fields_text(request, "analysis")
            ? !fields_is(c, "analysis", fields_text(request, "analysis"))
            : ((rc = get(s, KIND_ANALYSIS, fields_text(c, "analysis"), &analysis, e)) == 0 &&
               !fields_is(analysis, "process", fields_text(request, "process"))))
        rc = error_set_msg(e, ERR_INVALID, "analysis", "request_answer_analysis",
                           "an answer to {request} contributes to the request's analysis",
                           "request", fields_text(request, "id"), NULL);
cleanup:
    json_decref(request);
    json_decref(other);
    json_decref(analysis);
    return rc;
}

int request_check_write(struct store *s, const struct kind *k, const json_t *old,
                        const json_t *record, struct error *e)
{
    if (k->id == KIND_CONTRIBUTION)
        return check_answer(s, old, record, e);
    if (k->id != KIND_REQUEST)
        return 0;
    if (old && fields_is(old, "status", "closed"))
        return error_set_msg(e, ERR_CONFLICT, "status", "request_closed",
                             "the request {request} is closed", "request", fields_text(old, "id"),
                             NULL);
    return record ? check_request(s, old, record, e) : 0;
}

/* --- answering and closing ---------------------------------------------------------- */

struct newest {
    const char *ministry;
    json_t *analysis;
};

/* Keeps the ministry's newest analysis that is not final. */
static int newest_open(void *ctx, json_t *analysis)
{
    struct newest *n = ctx;
    const char *a = fields_text(analysis, "started"), *b = fields_text(n->analysis, "started");
    if (!fields_is(analysis, "status", "final") && fields_is(analysis, "owner", n->ministry) &&
        (n->analysis == NULL || strcmp(a, b) >= 0)) {
        json_decref(n->analysis);
        n->analysis = json_incref(analysis);
        return 0;
    }
    return 0;
}

/* The analysis an answer to request goes to (a new string): the request's,
 * else the newest of its process that the process's ministry owns and that
 * is not final. */
static int answer_analysis(struct store *s, const json_t *request, char **out, struct error *e)
{
    const struct kind *k = model_kind(KIND_ANALYSIS);
    struct store_filter f = {model_field_find(k, "process"), fields_text(request, "process")};
    struct newest n = {NULL, NULL};
    json_t *process = NULL;
    int rc;
    *out = NULL;
    if (fields_text(request, "analysis")) {
        *out = xstrdup(fields_text(request, "analysis"));
        return 0;
    }
    if ((rc = get(s, KIND_PROCESS, fields_text(request, "process"), &process, e)) != 0)
        return rc;
    n.ministry = fields_text(process, "ministry");
    rc = store_record_each(s, k, &f, 1, 0, 0, newest_open, &n, e);
    json_decref(process);
    if (rc != 0) {
        json_decref(n.analysis);
        return rc;
    }
    if (n.analysis == NULL)
        return error_set_msg(e, ERR_CONFLICT, "analysis", "request_no_analysis",
                             "the request names no analysis and the process {process} has none "
                             "open: the ministry opens one, or names one in the request",
                             "process", fields_text(request, "process"), NULL);
    *out = xstrdup(fields_text(n.analysis, "id"));
    json_decref(n.analysis);
    return 0;
}

static int read_request(struct store *s, const char *id, struct access *access, json_t **out,
                        struct error *e)
{
    int rc = get(s, KIND_REQUEST, id, out, e);
    if (rc == 0 && access &&
        access_can_read(access, s, model_kind(KIND_REQUEST), *out, e) == ERR_NOTFOUND) {
        json_decref(*out);
        *out = NULL;
        return error_set(e, ERR_NOTFOUND, id, "no request with this id");
    }
    return rc;
}

int request_answer(struct store *s, const struct request_answer *a,
                   struct request_answer_result *out, struct error *e)
{
    const struct kind *contributions = model_kind(KIND_CONTRIBUTION);
    json_t *request = NULL, *old = NULL, *answer = NULL;
    struct store_write w;
    char *analysis = NULL, id[160];
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = read_request(s, a->request, a->access, &request, e)) != 0)
        goto cleanup;
    if (a->access && access_role(a->access) != ROLE_PROVIDER) {
        rc = error_set_msg(e, ERR_FORBIDDEN, NULL, "request_answer_provider",
                           "a provider answers a request; the ministry reads the answers", NULL);
        goto cleanup;
    }
    if (!fields_listed(json_object_get(request, "to"), a->provider)) {
        rc = error_set_msg(e, ERR_INVALID, "provider", "request_not_addressed",
                           "the request {request} was not sent to {provider}", "request",
                           a->request, "provider", a->provider ? a->provider : "", NULL);
        goto cleanup;
    }
    if (fields_is(request, "status", "closed")) {
        rc = error_set_msg(e, ERR_CONFLICT, "request", "request_closed",
                           "the request {request} is closed", "request", a->request, NULL);
        goto cleanup;
    }
    if (fields_blank(a->text)) {
        rc = error_set_msg(e, ERR_INVALID, "text", "request_answer_text",
                           "write the answer: the text is empty", NULL);
        goto cleanup;
    }
    if ((rc = find_answer(s, a->request, a->provider, &old, e)) != 0)
        goto cleanup;
    if (old) {
        answer = json_deep_copy(old);
    } else {
        if ((rc = answer_analysis(s, request, &analysis, e)) != 0)
            goto cleanup;
        snprintf(id, sizeof id, "%s.%s", a->request, a->provider);
        answer = json_pack("{ss ss ss ss sO ss}", "id", id, "analysis", analysis, "provider",
                           a->provider, "request", a->request, "classification",
                           json_object_get(request, "classification"), "owner", a->provider);
    }
    json_object_set_new(answer, "summary", json_string(a->text));
    json_object_set_new(answer, "status", json_string(a->submit ? "submitted" : "draft"));
    contribution_prepare_write(contributions, old, answer, a->user);
    if (a->change->at && a->submit && (old == NULL || fields_is(old, "status", "draft")))
        json_object_set_new(answer, "submitted_at", json_string(a->change->at));
    if ((rc = validate_record(contributions, answer, "$", e)) != 0 ||
        (a->access && (rc = access_can_write(a->access, s, contributions, old, answer, e)) != 0) ||
        (rc = contribution_check_write(s, contributions, old, answer, e)) != 0 ||
        (rc = store_record_put(s, contributions, answer, a->change, &w, e)) != 0)
        goto cleanup;
    snprintf(out->contribution, sizeof out->contribution, "%s", fields_text(answer, "id"));
    out->version = w.version;
    out->created = old == NULL;
cleanup:
    free(analysis);
    json_decref(request);
    json_decref(old);
    json_decref(answer);
    return rc;
}

int request_close(struct store *s, const char *id, struct access *access,
                  const struct store_change *change, int64_t *version, struct error *e)
{
    const struct kind *k = model_kind(KIND_REQUEST);
    json_t *old = NULL, *record = NULL;
    struct store_write w;
    int rc;

    if ((rc = read_request(s, id, access, &old, e)) != 0)
        goto cleanup;
    if (fields_is(old, "status", "closed")) {
        rc = error_set_msg(e, ERR_CONFLICT, "status", "request_closed",
                           "the request {request} is closed", "request", id, NULL);
        goto cleanup;
    }
    record = json_deep_copy(old);
    json_object_set_new(record, "status", json_string("closed"));
    if ((access && (rc = access_can_write(access, s, k, old, record, e)) != 0) ||
        (rc = store_record_put(s, k, record, change, &w, e)) != 0)
        goto cleanup;
    *version = w.version;
cleanup:
    json_decref(old);
    json_decref(record);
    return rc;
}

/* --- reading ------------------------------------------------------------------------ */

void request_mask(struct access *access, const struct kind *k, json_t *record)
{
    if (access == NULL || k->id != KIND_REQUEST || access_role(access) != ROLE_PROVIDER)
        return;
    json_object_set_new(record, "to", json_pack("[s]", access_org(access)));
}

struct requirement_list {
    json_t *items;
};

static int collect_requirement(void *ctx, json_t *r)
{
    struct requirement_list *l = ctx;
    if (json_is_true(json_object_get(r, "assessable")))
        json_array_append(l->items, r);
    return 0;
}

static int by_position(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    json_int_t px = json_integer_value(json_object_get(x, "position"));
    json_int_t py = json_integer_value(json_object_get(y, "position"));
    return px < py ? -1 : px > py ? 1 : strcmp(fields_text(x, "id"), fields_text(y, "id"));
}

/* The questions: the request's own, then the framework's assessable
 * requirements in their order. */
static int questionnaire(struct store *s, const json_t *request, json_t *out, struct error *e)
{
    const struct kind *k = model_kind(KIND_REQUIREMENT);
    struct store_filter f = {model_field_find(k, "framework"), fields_text(request, "framework")};
    struct requirement_list l = {json_array()};
    const char *q = fields_text(request, "questions");
    json_t **items = NULL;
    size_t i, n;
    int rc = 0;

    while (q && *q) {
        size_t len = strcspn(q, "\n");
        if (!fields_blank(q) && len)
            json_array_append_new(out, json_pack("{ss%}", "text", q, len));
        q += len + (q[len] == '\n');
    }
    if (f.value == NULL ||
        (rc = store_record_each(s, k, &f, 1, 0, 0, collect_requirement, &l, e)) != 0)
        goto cleanup;
    n = json_array_size(l.items);
    if (n)
        items = xmalloc(n * sizeof *items);
    for (i = 0; i < n; i++)
        items[i] = json_array_get(l.items, i);
    if (n)
        qsort(items, n, sizeof *items, by_position);
    for (i = 0; i < n; i++) {
        const char *text = fields_text(items[i], "description")
                               ? fields_text(items[i], "description")
                               : fields_text(items[i], "name");
        json_array_append_new(
            out, json_pack("{ss ss? ss}", "requirement", fields_text(items[i], "id"), "ref_id",
                           fields_text(items[i], "ref_id"), "text", text ? text : ""));
    }
cleanup:
    free(items);
    json_decref(l.items);
    return rc;
}

int request_view(struct store *s, const json_t *request, struct access *access, int64_t today,
                 json_t **out, struct error *e)
{
    const struct kind *contributions = model_kind(KIND_CONTRIBUTION);
    const struct kind *organisations = model_kind(KIND_ORGANISATION);
    json_t *view = json_pack("{s[] s[] s[]}", "recipients", "answers", "questionnaire");
    json_t *v, *answer = NULL, *org = NULL;
    int64_t due = 0;
    size_t i;
    int rc = 0;

    *out = NULL;
    timefmt_parse_date(fields_text(request, "due"), &due);
    json_array_foreach(json_object_get(request, "to"), i, v)
    {
        const char *provider = json_string_value(v);
        int own = access && strcmp(access_org(access), provider) == 0;
        int readable;
        if (access && access_role(access) == ROLE_PROVIDER && !own)
            continue;
        if ((rc = find_answer(s, fields_text(request, "id"), provider, &answer, e)) != 0)
            goto cleanup;
        if (store_record_get(s, organisations, provider, &org, e) != 0)
            org = NULL;
        readable = answer && (access == NULL || own || !fields_is(answer, "status", "draft")) &&
                   (access == NULL || access_can_read(access, s, contributions, answer, e) == 0);
        json_array_append_new(
            json_object_get(view, "recipients"),
            json_pack("{ss ss ss ss?}", "provider", provider, "name",
                      fields_text(org, "name") ? fields_text(org, "name") : provider, "state",
                      request_recipient_state(answer, due, today), "answer",
                      readable ? fields_text(answer, "id") : NULL));
        if (readable)
            json_array_append(json_object_get(view, "answers"), answer);
        json_decref(answer);
        json_decref(org);
        answer = org = NULL;
    }
    rc = questionnaire(s, request, json_object_get(view, "questionnaire"), e);
cleanup:
    if (rc != 0)
        json_decref(view);
    else
        *out = view;
    return rc;
}
