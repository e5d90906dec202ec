/*
 * request_test.c — tests src/domain/request.c and the rules of access it
 * relies on, on tests/data/full.json plus two providers of power (grid-co,
 * wire-co), one provider of telecom only (sea-co) and a draft analysis of
 * power by EZK: each recipient's state, that recipients must provide the
 * process, who sees a request (a provider only when addressed, whatever the
 * classification or owner), answers as contributions (draft, submitted,
 * frozen, one per provider), the analysis an answer goes to, and closing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "domain/access.h"
#include "domain/request.h"
#include "domain/validate.h"
#include "store/model.h"
#include "store/store.h"
#include "store/users.h"
#include "support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REQUEST  "rq-power"
#define ANALYSIS "an-power-2026"

static void put(struct store *s, const char *kind, json_t *record)
{
    struct error e = {0};
    if (validate_record(model_kind_find(kind), record, "$", &e) != 0 ||
        store_record_put(s, model_kind_find(kind), record, &testutil_change, NULL, &e) != 0)
        fail_msg("%s: %s %s", kind, e.where, e.message);
    json_decref(record);
}

static json_t *request(const char *id, const char *classification, const char *owner)
{
    return json_pack("{ss ss ss s[ss] ss ss ss ss}", "id", id, "title", "Uitvraag stroom",
                     "process", "power", "to", "grid-co", "wire-co", "due", "2026-03-31",
                     "questions", "Which threats?\nWhich measures?", "classification",
                     classification, "owner", owner);
}

/* full.json plus the providers, a draft analysis of power by EZK (with_open:
 * else none open) and the request to grid-co and wire-co. */
static struct store *open_world(int with_open)
{
    struct store *s = testutil_store_from_fixture("full.json");
    struct error e = {0};
    assert_int_equal(store_begin(s, &e), 0);
    put(s, "organisations",
        json_pack("{ss ss ss ss ss}", "id", "wire-co", "name", "Wire", "kind", "provider",
                  "classification", "public", "owner", "nctv"));
    put(s, "organisations",
        json_pack("{ss ss ss ss ss}", "id", "sea-co", "name", "Sea", "kind", "provider",
                  "classification", "public", "owner", "nctv"));
    put(s, "provider_links",
        json_pack("{ss ss ss ss ss}", "id", "pl-wire-power", "provider", "wire-co", "process",
                  "power", "classification", "internal", "owner", "ezk"));
    put(s, "provider_links",
        json_pack("{ss ss ss ss ss}", "id", "pl-sea-telecom", "provider", "sea-co", "process",
                  "telecom", "classification", "internal", "owner", "ezk"));
    if (with_open)
        put(s, "analyses",
            json_pack("{ss ss si ss ss ss ss ss}", "id", ANALYSIS, "process", "power", "cycle_year",
                      2026, "kind", "regular", "status", "draft", "started", "2026-01-05",
                      "classification", "confidential", "owner", "ezk"));
    put(s, "requests", request(REQUEST, "internal", "ezk"));
    assert_int_equal(store_commit(s, &e), 0);
    return s;
}

static struct access *as(struct store *s, const char *role, const char *org, const char *scope)
{
    struct store_user u;
    struct access *a = NULL;
    struct error e = {0};
    static char scope_buf[1][129];
    static char *scopes[1];
    memset(&u, 0, sizeof u);
    snprintf(u.id, sizeof u.id, "%s-%s", role, org);
    snprintf(u.role, sizeof u.role, "%s", role);
    snprintf(u.org, sizeof u.org, "%s", org);
    snprintf(u.clearance, sizeof u.clearance, "%s", "secret");
    if (scope) {
        snprintf(scope_buf[0], sizeof scope_buf[0], "%s", scope);
        scopes[0] = scope_buf[0];
        u.scope = scopes;
        u.n_scope = 1;
    }
    assert_int_equal(access_new(s, &u, &a, &e), 0);
    return a;
}

static json_t *get(struct store *s, const char *kind, const char *id)
{
    struct error e = {0};
    json_t *r = NULL;
    assert_int_equal(store_record_get(s, model_kind_find(kind), id, &r, &e), 0);
    return r;
}

static int answer(struct store *s, const char *provider, const char *text, int submit,
                  struct access *a, struct request_answer_result *res, struct error *e)
{
    struct request_answer in = {REQUEST, provider, text, submit, "user", a, &testutil_change};
    int rc;
    assert_int_equal(store_begin(s, e), 0);
    rc = request_answer(s, &in, res, e);
    if (rc == 0)
        assert_int_equal(store_commit(s, e), 0);
    else
        store_rollback(s);
    return rc;
}

static void test_state(void **ctx)
{
    json_t *draft = json_pack("{ss}", "status", "draft");
    json_t *submitted = json_pack("{ss}", "status", "submitted");
    json_t *processed = json_pack("{ss}", "status", "processed");
    (void)ctx;
    assert_string_equal(request_recipient_state(NULL, 100, 99), "open");
    assert_string_equal(request_recipient_state(NULL, 100, 100), "open"); /* the due day itself */
    assert_string_equal(request_recipient_state(NULL, 100, 101), "overdue");
    assert_string_equal(request_recipient_state(draft, 100, 101), "overdue");
    assert_string_equal(request_recipient_state(draft, 100, 90), "open");
    assert_string_equal(request_recipient_state(submitted, 100, 101), "answered");
    assert_string_equal(request_recipient_state(processed, 100, 50), "answered");
    json_decref(draft);
    json_decref(submitted);
    json_decref(processed);
}

static void test_recipients_must_be_providers(void **ctx)
{
    struct store *s = open_world(1);
    const struct kind *k = model_kind_find("requests");
    struct error e = {0};
    json_t *r = request("rq-2", "internal", "ezk"), *old;
    (void)ctx;
    assert_int_equal(request_check_write(s, k, NULL, r, &e), 0);
    json_array_append_new(json_object_get(r, "to"), json_string("sea-co"));
    assert_int_equal(request_check_write(s, k, NULL, r, &e), ERR_INVALID);
    assert_string_equal(e.where, "to[2]");
    assert_string_equal(e.id, "request_not_provider");
    json_array_remove(json_object_get(r, "to"), 2);
    json_object_set_new(r, "analysis", json_string("an-telecom-qs"));
    assert_int_equal(request_check_write(s, k, NULL, r, &e), ERR_INVALID);
    assert_string_equal(e.id, "request_analysis_process");
    json_object_set_new(r, "analysis", json_string(ANALYSIS));
    json_object_del(r, "questions");
    assert_int_equal(request_check_write(s, k, NULL, r, &e), ERR_INVALID);
    assert_string_equal(e.id, "request_no_questions");
    json_object_set_new(r, "framework", json_string("nis2")); /* its requirements are asked */
    assert_int_equal(request_check_write(s, k, NULL, r, &e), 0);
    /* a closed request is not changed, nor deleted */
    old = get(s, "requests", REQUEST);
    json_object_set_new(old, "status", json_string("closed"));
    assert_int_equal(request_check_write(s, k, old, r, &e), ERR_CONFLICT);
    assert_string_equal(e.id, "request_closed");
    assert_int_equal(request_check_write(s, k, old, NULL, &e), ERR_CONFLICT);
    json_decref(old);
    json_decref(r);
    store_close(s);
}

static void test_questions_and_id(void **ctx)
{
    struct store *s = open_world(1);
    const struct kind *k = model_kind_find("requests");
    struct error e = {0};
    json_t *r = json_pack("{s[ss]}", "questions", "One?", "Two?"), *old, *changed;
    (void)ctx;
    setenv("VITAAL_NOW", "2026-02-03T08:00:00Z", 1);
    assert_int_equal(request_prepare_write(s, k, NULL, r, "dep-user", &e), 0);
    assert_string_equal(json_string_value(json_object_get(r, "questions")), "One?\nTwo?");
    assert_string_equal(json_string_value(json_object_get(r, "id")), "REQ-2026-003");
    assert_string_equal(json_string_value(json_object_get(r, "sent_by")), "dep-user");
    assert_string_equal(json_string_value(json_object_get(r, "sent_at")), "2026-02-03T08:00:00Z");
    json_decref(r);
    r = json_pack("{ss s[ss]}", "id", "x", "questions", "One?", "Two\nlines?");
    assert_int_equal(request_prepare_write(s, k, NULL, r, "dep-user", &e), ERR_INVALID);
    assert_string_equal(e.where, "questions[1]");
    assert_string_equal(e.id, "request_question_line");
    json_decref(r);
    /* a change keeps who sent it and when, whatever the client says */
    old = get(s, "requests", REQUEST);
    json_object_set_new(old, "sent_by", json_string("first"));
    changed = json_deep_copy(old);
    json_object_set_new(changed, "sent_by", json_string("forged"));
    assert_int_equal(request_prepare_write(s, k, old, changed, "someone", &e), 0);
    assert_string_equal(json_string_value(json_object_get(changed, "sent_by")), "first");
    unsetenv("VITAAL_NOW");
    json_decref(old);
    json_decref(changed);
    store_close(s);
}

static void test_visibility(void **ctx)
{
    struct store *s = open_world(1);
    const struct kind *k = model_kind_find("requests");
    struct access *grid = as(s, "provider", "grid-co", NULL);
    struct access *sea = as(s, "provider", "sea-co", NULL);
    struct access *ezk = as(s, "department", "ezk", NULL);
    struct access *jenv = as(s, "department", "jenv", NULL);
    struct access *aud_in = as(s, "auditor", "nctv", "power");
    struct access *aud_out = as(s, "auditor", "nctv", "water");
    struct access *wire;
    struct error e = {0};
    json_t *r = request("rq-public", "public", "ezk");
    (void)ctx;
    json_array_remove(json_object_get(r, "to"), 1); /* to grid-co only */
    wire = as(s, "provider", "wire-co", NULL);
    assert_int_equal(access_can_read(grid, s, k, r, &e), 0);
    /* a provider of the process not addressed: hidden, public or not */
    assert_int_equal(access_can_read(wire, s, k, r, &e), ERR_NOTFOUND);
    assert_int_equal(access_can_read(sea, s, k, r, &e), ERR_NOTFOUND);
    /* ... also when it is (wrongly) its owner */
    json_object_set_new(r, "owner", json_string("wire-co"));
    assert_int_equal(access_can_read(wire, s, k, r, &e), ERR_NOTFOUND);
    json_object_set_new(r, "owner", json_string("ezk"));
    assert_int_equal(access_can_read(ezk, s, k, r, &e), 0);
    assert_int_equal(access_can_read(jenv, s, k, r, &e), ERR_NOTFOUND);
    assert_int_equal(access_can_read(aud_in, s, k, r, &e), 0);
    assert_int_equal(access_can_read(aud_out, s, k, r, &e), ERR_NOTFOUND);
    /* a provider never sends one, not even addressed to itself */
    assert_int_equal(access_can_write(grid, s, k, NULL, r, &e), ERR_FORBIDDEN);
    assert_string_equal(e.id, "request_provider_answers");
    assert_int_equal(request_may_write(grid, &e), ERR_FORBIDDEN);
    assert_int_equal(request_may_write(ezk, &e), 0);
    assert_int_equal(access_can_write(ezk, s, k, NULL, r, &e), 0);
    assert_int_equal(access_can_write(jenv, s, k, NULL, r, &e), ERR_FORBIDDEN);
    /* a provider sees itself as the only recipient */
    json_array_append_new(json_object_get(r, "to"), json_string("wire-co"));
    request_mask(grid, k, r);
    assert_int_equal(json_array_size(json_object_get(r, "to")), 1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(r, "to"), 0)), "grid-co");
    json_decref(r);
    access_free(grid);
    access_free(wire);
    access_free(sea);
    access_free(ezk);
    access_free(jenv);
    access_free(aud_in);
    access_free(aud_out);
    store_close(s);
}

/* Sharing grants reading (domain/sharing.h), but a request reaches a
 * provider by `to` alone: naming another provider (or its person) in the
 * sharing is refused, and stored anyway it grants nothing; a ministry it
 * is shared with reads it as with any record. */
static void test_sharing_does_not_address(void **ctx)
{
    struct store *s = open_world(1);
    const struct kind *k = model_kind_find("requests");
    struct access *wire = as(s, "provider", "wire-co", NULL);
    struct access *sea = as(s, "provider", "sea-co", NULL);
    struct access *jenv = as(s, "department", "jenv", NULL);
    struct store_user u;
    struct error e = {0};
    json_t *r = request("rq-shared", "internal", "ezk");
    (void)ctx;
    json_array_remove(json_object_get(r, "to"), 1); /* to grid-co only */
    json_object_set_new(r, "shared_with", json_pack("[ss]", "jenv", "grid-co"));
    assert_int_equal(request_check_write(s, k, NULL, r, &e), 0);
    json_object_set_new(r, "shared_with", json_pack("[ss]", "jenv", "wire-co"));
    assert_int_equal(request_check_write(s, k, NULL, r, &e), ERR_INVALID);
    assert_string_equal(e.id, "request_shared_not_addressed");
    assert_string_equal(e.where, "shared_with[1]");
    /* under red: the people named, not one of an unaddressed provider */
    memset(&u, 0, sizeof u);
    snprintf(u.id, sizeof u.id, "wire-person");
    snprintf(u.role, sizeof u.role, "provider");
    snprintf(u.org, sizeof u.org, "wire-co");
    snprintf(u.clearance, sizeof u.clearance, "secret");
    snprintf(u.password_hash, sizeof u.password_hash, "x");
    snprintf(u.created_at, sizeof u.created_at, "2026-01-01T00:00:00Z");
    assert_int_equal(store_user_put(s, &u, &e), 0);
    json_object_set_new(r, "shared_with", json_array());
    json_object_set_new(r, "tlp", json_string("red"));
    json_object_set_new(r, "shared_with_people", json_pack("[s]", "wire-person"));
    assert_int_equal(request_check_write(s, k, NULL, r, &e), ERR_INVALID);
    assert_string_equal(e.where, "shared_with_people[0]");
    /* written past the rule (an import, an old version): still hidden */
    json_object_set_new(r, "tlp", json_string("amber"));
    json_object_set_new(r, "shared_with_people", json_array());
    json_object_set_new(r, "shared_with", json_pack("[sss]", "jenv", "wire-co", "sea-co"));
    assert_int_equal(access_can_read(wire, s, k, r, &e), ERR_NOTFOUND);
    assert_int_equal(access_can_read(sea, s, k, r, &e), ERR_NOTFOUND);
    assert_int_equal(access_can_read(jenv, s, k, r, &e), 0); /* a ministry: shared, read */
    json_object_set_new(r, "shared_with", json_array());
    assert_int_equal(access_can_read(jenv, s, k, r, &e), ERR_NOTFOUND);
    json_decref(r);
    access_free(wire);
    access_free(sea);
    access_free(jenv);
    store_close(s);
}

static void test_answers(void **ctx)
{
    struct store *s = open_world(1);
    struct access *grid = as(s, "provider", "grid-co", NULL);
    struct access *sea = as(s, "provider", "sea-co", NULL);
    struct access *ezk = as(s, "department", "ezk", NULL);
    struct request_answer_result res;
    struct error e = {0};
    json_t *rq = get(s, "requests", REQUEST), *view = NULL, *c;
    int64_t today = 0;
    (void)ctx;
    timefmt_parse_date("2026-03-01", &today);
    assert_int_equal(answer(s, "grid-co", " ", 1, grid, &res, &e), ERR_INVALID);
    assert_string_equal(e.id, "request_answer_text");
    assert_int_equal(answer(s, "grid-co", "draft text", 0, grid, &res, &e), 0);
    assert_true(res.created);
    c = get(s, "contributions", res.contribution);
    assert_string_equal(json_string_value(json_object_get(c, "request")), REQUEST);
    assert_string_equal(json_string_value(json_object_get(c, "analysis")), ANALYSIS);
    assert_string_equal(json_string_value(json_object_get(c, "owner")), "grid-co");
    assert_string_equal(json_string_value(json_object_get(c, "classification")), "internal");
    assert_string_equal(json_string_value(json_object_get(c, "status")), "draft");
    json_decref(c);
    /* a draft is not an answer yet: the ministry sees grid-co open, none listed */
    assert_int_equal(request_view(s, rq, ezk, today, &view, &e), 0);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(view, "recipients"), 0), "state")),
                        "open");
    assert_int_equal(json_array_size(json_object_get(view, "answers")), 0);
    assert_int_equal(json_array_size(json_object_get(view, "questionnaire")), 2);
    json_decref(view);
    assert_int_equal(request_view(s, rq, grid, today, &view, &e), 0);
    assert_int_equal(json_array_size(json_object_get(view, "recipients")), 1); /* itself only */
    assert_int_equal(json_array_size(json_object_get(view, "answers")), 1);
    json_decref(view);
    /* submitted: answered; frozen */
    assert_int_equal(answer(s, "grid-co", "final text", 1, grid, &res, &e), 0);
    assert_false(res.created);
    assert_int_equal(answer(s, "grid-co", "again", 1, grid, &res, &e), ERR_CONFLICT);
    assert_string_equal(e.id, "contribution_frozen");
    /* answers came in: the process and the analysis stay */
    {
        json_t *moved = json_deep_copy(rq);
        json_object_set_new(moved, "analysis", json_string("an-power-2022"));
        assert_int_equal(request_check_write(s, model_kind_find("requests"), rq, moved, &e),
                         ERR_CONFLICT);
        assert_string_equal(e.id, "request_answered_fixed");
        json_decref(moved);
    }
    assert_int_equal(request_view(s, rq, ezk, today, &view, &e), 0);
    c = json_object_get(view, "recipients");
    assert_string_equal(json_string_value(json_object_get(json_array_get(c, 0), "state")),
                        "answered");
    assert_string_equal(json_string_value(json_object_get(json_array_get(c, 1), "state")), "open");
    assert_int_equal(json_array_size(json_object_get(view, "answers")), 1);
    json_decref(view);
    /* after the due day, wire-co is overdue */
    timefmt_parse_date("2026-04-01", &today);
    assert_int_equal(request_view(s, rq, NULL, today, &view, &e), 0);
    c = json_object_get(view, "recipients");
    assert_string_equal(json_string_value(json_object_get(json_array_get(c, 1), "state")),
                        "overdue");
    json_decref(view);
    /* not addressed: hidden from the provider; refused to the CLI; the ministry does not answer */
    assert_int_equal(answer(s, "sea-co", "x", 1, sea, &res, &e), ERR_NOTFOUND);
    assert_int_equal(answer(s, "sea-co", "x", 1, NULL, &res, &e), ERR_INVALID);
    assert_string_equal(e.id, "request_not_addressed");
    assert_int_equal(answer(s, "ezk", "x", 1, ezk, &res, &e), ERR_FORBIDDEN);
    assert_string_equal(e.id, "request_answer_provider");
    /* closed: no more answers, not closed twice */
    {
        int64_t version = 0;
        assert_int_equal(store_begin(s, &e), 0);
        assert_int_equal(request_close(s, REQUEST, grid, &testutil_change, &version, &e),
                         ERR_FORBIDDEN);
        assert_int_equal(request_close(s, REQUEST, ezk, &testutil_change, &version, &e), 0);
        assert_int_equal(store_commit(s, &e), 0);
        assert_int_equal(version, 2);
        assert_int_equal(store_begin(s, &e), 0);
        assert_int_equal(request_close(s, REQUEST, NULL, &testutil_change, &version, &e),
                         ERR_CONFLICT);
        store_rollback(s);
    }
    assert_int_equal(answer(s, "wire-co", "late", 1, NULL, &res, &e), ERR_CONFLICT);
    assert_string_equal(e.id, "request_closed");
    json_decref(rq);
    access_free(grid);
    access_free(sea);
    access_free(ezk);
    store_close(s);
}

static void test_answer_without_analysis(void **ctx)
{
    struct store *s = open_world(0); /* power has only its final 2022 analysis */
    struct request_answer_result res;
    struct error e = {0};
    json_t *c;
    (void)ctx;
    assert_int_equal(answer(s, "grid-co", "text", 1, NULL, &res, &e), ERR_CONFLICT);
    assert_string_equal(e.id, "request_no_analysis");
    assert_int_equal(store_begin(s, &e), 0);
    put(s, "analyses",
        json_pack("{ss ss si ss ss ss ss ss}", "id", "an-power-grid", "process", "power",
                  "cycle_year", 2026, "kind", "regular", "status", "draft", "started", "2026-02-01",
                  "classification", "internal", "owner", "grid-co"));
    put(s, "analyses",
        json_pack("{ss ss si ss ss ss ss ss}", "id", ANALYSIS, "process", "power", "cycle_year",
                  2026, "kind", "regular", "status", "draft", "started", "2026-01-05",
                  "classification", "confidential", "owner", "ezk"));
    assert_int_equal(store_commit(s, &e), 0);
    /* the ministry's newest open analysis, not a provider's own */
    assert_int_equal(answer(s, "grid-co", "text", 1, NULL, &res, &e), 0);
    c = get(s, "contributions", res.contribution);
    assert_string_equal(json_string_value(json_object_get(c, "analysis")), ANALYSIS);
    json_decref(c);
    store_close(s);
}

/* A framework's assessable requirements are asked after the questions,
 * in their order (the fixture's rq-power-2026 names nis2). */
static void test_framework_questionnaire(void **ctx)
{
    struct store *s = open_world(1);
    struct error e = {0};
    json_t *rq = get(s, "requests", "rq-power-2026"), *view = NULL, *q;
    (void)ctx;
    assert_int_equal(request_view(s, rq, NULL, 0, &view, &e), 0);
    q = json_object_get(view, "questionnaire");
    assert_int_equal(json_array_size(q), 3); /* two questions, one assessable requirement */
    assert_string_equal(json_string_value(json_object_get(json_array_get(q, 0), "text")),
                        "Which threats do you see?");
    assert_string_equal(json_string_value(json_object_get(json_array_get(q, 2), "requirement")),
                        "nis2-21.2.c");
    assert_string_equal(json_string_value(json_object_get(json_array_get(q, 2), "text")),
                        "backup, disaster recovery");
    json_decref(view);
    json_decref(rq);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state),
        cmocka_unit_test(test_recipients_must_be_providers),
        cmocka_unit_test(test_questions_and_id),
        cmocka_unit_test(test_visibility),
        cmocka_unit_test(test_sharing_does_not_address),
        cmocka_unit_test(test_answers),
        cmocka_unit_test(test_answer_without_analysis),
        cmocka_unit_test(test_framework_questionnaire),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
