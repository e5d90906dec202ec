/*
 * contribution_test.c — tests src/domain/contribution.c and the parts of
 * access and validation it relies on, on tests/data/full.json with a draft
 * analysis of telecom (EZK) that the provider grid-co contributes to: what a
 * write of a contribution or proposed risk may do, who sees and writes
 * them, who decides, what adopting and declining write, and that a
 * contribution changes neither the four-year clock nor the risk picture
 * until one of its risks is adopted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "domain/access.h"
#include "domain/contribution.h"
#include "domain/risk_score.h"
#include "domain/status.h"
#include "domain/validate.h"
#include "store/model.h"
#include "store/store.h"
#include "support/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANALYSIS     "an-telecom-2026"
#define CONTRIBUTION "co-grid-telecom"

static void put(struct store *s, const char *kind, json_t *record)
{
    struct error e = {0};
    if (validate_record(model_kind_find(kind), record, "$", &e) != 0 ||
        store_record_put(s, model_kind_find(kind), record, &testutil_change, NULL, &e) != 0)
        fail_msg("%s: %s %s", kind, e.where, e.message);
    json_decref(record);
}

static json_t *proposal(const char *id, const char *classification)
{
    return json_pack("{ss ss ss ss ss s{ss} ss ss}", "id", id, "contribution", CONTRIBUTION,
                     "threat", "ransomware", "scenario", "switching centre encrypted", "likelihood",
                     "C", "impacts", "2.1", "B", "classification", classification, "owner",
                     "grid-co");
}

/* full.json plus: grid-co provides telecom; a draft regular analysis of
 * telecom; grid-co's contribution to it (status as given; NULL: none)
 * with two proposed risks. */
static struct store *open_world(const char *status)
{
    struct store *s = testutil_store_from_fixture("full.json");
    struct error e = {0};
    json_t *c;
    assert_int_equal(store_begin(s, &e), 0);
    put(s, "provider_links",
        json_pack("{ss ss ss ss ss}", "id", "pl-grid-telecom", "provider", "grid-co", "process",
                  "telecom", "classification", "internal", "owner", "ezk"));
    put(s, "analyses",
        json_pack("{ss ss si ss ss ss ss ss}", "id", ANALYSIS, "process", "telecom", "cycle_year",
                  2026, "kind", "regular", "status", "draft", "started", "2026-01-05",
                  "classification", "confidential", "owner", "ezk"));
    if (status == NULL) {
        assert_int_equal(store_commit(s, &e), 0);
        return s;
    }
    c = json_pack("{ss ss ss ss s{ss} ss ss}", "id", CONTRIBUTION, "analysis", ANALYSIS, "provider",
                  "grid-co", "status", "draft", "findings", "incidents",
                  "two outages of the switching centre", "classification", "internal", "owner",
                  "grid-co");
    put(s, "contributions", json_incref(c));
    put(s, "proposed_risks", proposal("pr-1", "confidential"));
    put(s, "proposed_risks", proposal("pr-2", "internal"));
    if (strcmp(status, "draft") != 0) {
        json_object_set_new(c, "status", json_string(status));
        json_object_set_new(c, "submitted_by", json_string("grid-user"));
        json_object_set_new(c, "submitted_at", json_string("2026-02-01T09:00:00Z"));
        put(s, "contributions", json_incref(c));
    }
    json_decref(c);
    assert_int_equal(store_commit(s, &e), 0);
    return s;
}

static struct access *as(struct store *s, const char *role, const char *org)
{
    struct store_user u;
    struct access *a = NULL;
    struct error e = {0};
    memset(&u, 0, sizeof u);
    snprintf(u.id, sizeof u.id, "%s-%s", role, org);
    snprintf(u.role, sizeof u.role, "%s", role);
    snprintf(u.org, sizeof u.org, "%s", org);
    snprintf(u.clearance, sizeof u.clearance, "%s", "secret");
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

static int check(struct store *s, const char *kind, const json_t *old, const json_t *now,
                 const char *where)
{
    struct error e = {0};
    int rc = contribution_check_write(s, model_kind_find(kind), old, now, &e);
    if (rc != 0 && where)
        assert_string_equal(e.where, where);
    return rc;
}

static void test_writes(void **state)
{
    struct store *s = open_world("draft");
    json_t *c = get(s, "contributions", CONTRIBUTION), *p = get(s, "proposed_risks", "pr-1"), *x;
    (void)state;
    /* a draft is the provider's to change, its proposed risks too */
    assert_int_equal(check(s, "contributions", c, c, NULL), 0);
    assert_int_equal(check(s, "proposed_risks", p, p, NULL), 0);
    assert_int_equal(check(s, "proposed_risks", p, NULL, NULL), 0);
    /* only from a provider of the analysed process, not to a final analysis */
    x = json_deep_copy(c);
    json_object_set_new(x, "provider", json_string("jenv"));
    assert_int_equal(check(s, "contributions", NULL, x, "provider"), ERR_INVALID);
    json_object_set_new(x, "provider", json_string("grid-co"));
    json_object_set_new(x, "analysis", json_string("an-power-2022"));
    assert_int_equal(check(s, "contributions", NULL, x, "analysis"), ERR_CONFLICT);
    /* processed is the decisions' word, not a write's */
    json_object_set_new(x, "analysis", json_string(ANALYSIS));
    json_object_set_new(x, "status", json_string("processed"));
    assert_int_equal(check(s, "contributions", c, x, "status"), ERR_INVALID);
    json_decref(x);
    /* the decision fields are set by deciding only */
    x = json_deep_copy(p);
    json_object_set_new(x, "decision", json_string("adopted"));
    assert_int_equal(check(s, "proposed_risks", p, x, "decision"), ERR_INVALID);
    json_object_set_new(x, "decision", json_string("open"));
    json_object_set_new(x, "reason", json_string("because"));
    assert_int_equal(check(s, "proposed_risks", NULL, x, "reason"), ERR_INVALID);
    json_object_del(x, "reason");
    json_object_del(x, "decision"); /* absent is open */
    assert_int_equal(check(s, "proposed_risks", p, x, NULL), 0);
    /* owned by the contribution's provider */
    json_object_set_new(x, "owner", json_string("ezk"));
    assert_int_equal(check(s, "proposed_risks", NULL, x, "owner"), ERR_INVALID);
    json_decref(x);
    /* submitting sets who and when; a client never writes them */
    x = json_deep_copy(c);
    json_object_set_new(x, "status", json_string("submitted"));
    json_object_set_new(x, "submitted_by", json_string("someone else"));
    setenv("VITAAL_NOW", "2026-02-03T08:00:00Z", 1);
    contribution_prepare_write(model_kind_find("contributions"), c, x, "grid-user");
    unsetenv("VITAAL_NOW");
    assert_string_equal(json_string_value(json_object_get(x, "submitted_by")), "grid-user");
    assert_string_equal(json_string_value(json_object_get(x, "submitted_at")),
                        "2026-02-03T08:00:00Z");
    json_decref(x);
    x = json_deep_copy(c);
    json_object_set_new(x, "submitted_by", json_string("forged"));
    contribution_prepare_write(model_kind_find("contributions"), c, x, "grid-user");
    assert_true(json_is_null(json_object_get(x, "submitted_by")));
    json_decref(x);
    json_decref(c);
    json_decref(p);
    store_close(s);
}

static void test_submitted_is_frozen(void **state)
{
    struct store *s = open_world("submitted");
    json_t *c = get(s, "contributions", CONTRIBUTION), *p = get(s, "proposed_risks", "pr-1");
    (void)state;
    assert_int_equal(check(s, "contributions", c, c, "status"), ERR_CONFLICT);
    assert_int_equal(check(s, "contributions", c, NULL, "status"), ERR_CONFLICT);
    assert_int_equal(check(s, "proposed_risks", p, p, "contribution"), ERR_CONFLICT);
    assert_int_equal(check(s, "proposed_risks", p, NULL, "contribution"), ERR_CONFLICT);
    assert_int_equal(check(s, "proposed_risks", NULL, p, "contribution"), ERR_CONFLICT);
    json_decref(c);
    json_decref(p);
    store_close(s);
}

static int reads(struct access *a, struct store *s, const char *kind, const char *id)
{
    struct error e = {0};
    json_t *r = get(s, kind, id);
    int rc = access_can_read(a, s, model_kind_find(kind), r, &e);
    json_decref(r);
    return rc == 0;
}

static void test_access(void **state)
{
    struct store *s = open_world("draft");
    struct access *grid = as(s, "provider", "grid-co"), *ezk = as(s, "department", "ezk"),
                  *jenv = as(s, "department", "jenv"), *nctv = as(s, "coordinator", "nctv");
    const struct kind *ck = model_kind_find("contributions");
    json_t *c = get(s, "contributions", CONTRIBUTION), *an = get(s, "analyses", ANALYSIS);
    struct error e = {0};
    (void)state;
    /* read: the provider its own, the responsible ministry and the coordinator all */
    assert_true(reads(grid, s, "contributions", CONTRIBUTION));
    assert_true(reads(grid, s, "proposed_risks", "pr-1"));
    assert_true(reads(ezk, s, "contributions", CONTRIBUTION));
    assert_true(reads(ezk, s, "proposed_risks", "pr-1"));
    assert_true(reads(nctv, s, "proposed_risks", "pr-1"));
    assert_false(reads(jenv, s, "contributions", CONTRIBUTION));
    assert_false(reads(jenv, s, "proposed_risks", "pr-2"));
    /* the provider does not read the ministry's (confidential) analysis ... */
    assert_false(reads(grid, s, "analyses", ANALYSIS));
    /* ... but names it as the analysis it contributes to, and only there */
    assert_int_equal(access_may_refer(grid, s, ck, model_field_find(ck, "analysis"), an, &e), 0);
    assert_int_equal(access_may_refer(grid, s, model_kind_find("risks"),
                                      model_field_find(model_kind_find("risks"), "analysis"), an,
                                      &e),
                     ERR_NOTFOUND);
    /* write: the provider its own; the ministry decides, it does not write them */
    assert_int_equal(access_can_write(grid, s, ck, c, c, &e), 0);
    assert_int_equal(access_can_write(ezk, s, ck, c, c, &e), ERR_FORBIDDEN);
    assert_int_equal(access_can_write(ezk, s, ck, NULL, c, &e), ERR_FORBIDDEN);
    assert_int_equal(access_can_write(jenv, s, ck, c, c, &e), ERR_NOTFOUND);
    json_decref(c);
    json_decref(an);
    access_free(grid);
    access_free(ezk);
    access_free(jenv);
    access_free(nctv);
    store_close(s);
}

static int decide(struct store *s, struct access *a, const char *proposal, int adopt,
                  const char *reason, struct contribution_result *res, struct error *e)
{
    struct store_change change = {"ezk-dep", "api", NULL, NULL, 0};
    struct contribution_decision d = {
        CONTRIBUTION, proposal, adopt, reason, NULL, a ? access_user(a) : "cli:test", a, &change};
    int rc;
    assert_int_equal(store_begin(s, e), 0);
    rc = contribution_decide(s, &d, res, e);
    if (rc == 0)
        assert_int_equal(store_commit(s, e), 0);
    else
        store_rollback(s);
    return rc;
}

static void test_decide(void **state)
{
    struct store *s = open_world("draft");
    struct access *grid = as(s, "provider", "grid-co"), *ezk = as(s, "department", "ezk"),
                  *jenv = as(s, "department", "jenv");
    struct contribution_result res;
    struct error e = {0};
    json_t *r, *c;
    (void)state;
    /* a draft is not decided on */
    assert_int_equal(decide(s, ezk, "pr-1", 1, NULL, &res, &e), ERR_CONFLICT);
    assert_string_equal(e.id, "decide_not_submitted");
    store_close(s);

    s = open_world("submitted");
    access_free(grid);
    access_free(ezk);
    access_free(jenv);
    grid = as(s, "provider", "grid-co");
    ezk = as(s, "department", "ezk");
    jenv = as(s, "department", "jenv");
    /* who: not the provider, not another ministry */
    assert_int_equal(decide(s, grid, "pr-1", 1, NULL, &res, &e), ERR_FORBIDDEN);
    assert_string_equal(e.id, "decide_not_ministry");
    assert_int_equal(decide(s, jenv, "pr-1", 1, NULL, &res, &e), ERR_NOTFOUND);
    /* what: one of this contribution's proposed risks; declining needs a reason */
    assert_int_equal(decide(s, ezk, "r1", 1, NULL, &res, &e), ERR_NOTFOUND);
    assert_int_equal(decide(s, ezk, "pr-2", 0, "  ", &res, &e), ERR_INVALID);
    assert_string_equal(e.where, "reason");

    /* adopting: a risk of the ministry's analysis, owned and classified as it */
    setenv("VITAAL_NOW", "2026-02-10T12:00:00Z", 1);
    assert_int_equal(decide(s, ezk, "pr-2", 1, "fits", &res, &e), 0);
    assert_string_equal(res.risk, "pr-2");
    assert_false(res.processed);
    r = get(s, "risks", "pr-2");
    assert_string_equal(json_string_value(json_object_get(r, "analysis")), ANALYSIS);
    assert_string_equal(json_string_value(json_object_get(r, "owner")), "ezk");
    assert_string_equal(json_string_value(json_object_get(r, "classification")), "confidential");
    assert_string_equal(json_string_value(json_object_get(r, "scenario")),
                        "switching centre encrypted");
    json_decref(r);
    r = get(s, "proposed_risks", "pr-2");
    assert_string_equal(json_string_value(json_object_get(r, "decision")), "adopted");
    assert_string_equal(json_string_value(json_object_get(r, "risk")), "pr-2");
    assert_string_equal(json_string_value(json_object_get(r, "decided_by")), "department-ezk");
    assert_string_equal(json_string_value(json_object_get(r, "decided_at")),
                        "2026-02-10T12:00:00Z");
    json_decref(r);
    /* decided once */
    assert_int_equal(decide(s, ezk, "pr-2", 0, "changed my mind", &res, &e), ERR_CONFLICT);
    /* declining the last open one processes the contribution */
    assert_int_equal(decide(s, ezk, "pr-1", 0, "outside the vital process", &res, &e), 0);
    unsetenv("VITAAL_NOW");
    assert_true(res.processed);
    assert_string_equal(res.risk, "");
    r = get(s, "proposed_risks", "pr-1");
    assert_string_equal(json_string_value(json_object_get(r, "decision")), "declined");
    assert_string_equal(json_string_value(json_object_get(r, "reason")),
                        "outside the vital process");
    assert_true(json_is_null(json_object_get(r, "risk")));
    json_decref(r);
    c = get(s, "contributions", CONTRIBUTION);
    assert_string_equal(json_string_value(json_object_get(c, "status")), "processed");
    json_decref(c);
    assert_int_equal(decide(s, ezk, "pr-1", 1, NULL, &res, &e), ERR_CONFLICT);
    access_free(grid);
    access_free(ezk);
    access_free(jenv);
    store_close(s);
}

static void test_adopt_refused(void **state)
{
    struct store *s = open_world("submitted");
    struct contribution_result res;
    struct error e = {0};
    json_t *an;
    int exists = 1;
    (void)state;
    /* a taken id: nothing written */
    {
        struct store_change change = {"cli:test", "cli", NULL, NULL, 0};
        struct contribution_decision d = {CONTRIBUTION, "pr-1",     1,    NULL,
                                          "r1",         "cli:test", NULL, &change};
        assert_int_equal(store_begin(s, &e), 0);
        assert_int_equal(contribution_decide(s, &d, &res, &e), ERR_CONFLICT);
        assert_string_equal(e.where, "risk_id");
        store_rollback(s);
    }
    /* into a final analysis: reopen it first */
    an = get(s, "analyses", ANALYSIS);
    json_object_set_new(an, "status", json_string("final"));
    json_object_set_new(an, "finalised", json_string("2026-03-01"));
    assert_int_equal(store_begin(s, &e), 0);
    put(s, "analyses", an);
    assert_int_equal(store_commit(s, &e), 0);
    assert_int_equal(decide(s, NULL, "pr-1", 1, NULL, &res, &e), ERR_CONFLICT);
    assert_string_equal(e.id, "adopt_analysis_final");
    assert_int_equal(store_record_exists(s, model_kind_find("risks"), "pr-1", &exists, &e), 0);
    assert_false(exists);
    /* declining needs no open analysis */
    assert_int_equal(decide(s, NULL, "pr-1", 0, "not ours", &res, &e), 0);
    store_close(s);
}

/* What the clock and the risk picture say, as one text to compare. */
static char *fingerprint(struct store *s)
{
    struct status_report st;
    struct risk_picture p;
    struct risk_query q = {NULL, NULL};
    struct error e = {0};
    char *out = calloc(1, 8192);
    size_t i, n = 0;
    int64_t today;
    assert_int_equal(timefmt_parse_date("2026-06-01", &today), 0);
    assert_int_equal(status_compute(s, today, &st, &e), 0);
    for (i = 0; i < st.n; i++)
        n += (size_t)snprintf(out + n, 8192 - n, "%s %s %s %s %zu;", st.processes[i].id,
                              st.processes[i].last_final, st.processes[i].next_due,
                              status_state_name(st.processes[i].state),
                              st.processes[i].open_quickscans);
    status_report_release(&st);
    assert_int_equal(risk_picture_compute(s, &q, &p, &e), 0);
    for (i = 0; i < p.n_processes; i++)
        n += (size_t)snprintf(out + n, 8192 - n, "|%s %s", p.processes[i].id,
                              p.processes[i].analysis ? p.processes[i].analysis : "-");
    for (i = 0; i < p.n_risks; i++)
        n += (size_t)snprintf(out + n, 8192 - n, "|%s", p.risks[i].id);
    risk_picture_release(&p);
    return out;
}

static void test_neither_clock_nor_picture(void **state)
{
    struct store *bare = testutil_store_from_fixture("full.json"), *s;
    struct contribution_result res;
    struct error e = {0};
    char *before, *with_analysis, *submitted, *adopted;
    struct store_write w;
    json_t *an;
    (void)state;
    before = fingerprint(bare);
    store_close(bare);
    /* the draft analysis alone: telecom's base analysis becomes it (no risks yet) */
    s = open_world(NULL);
    an = get(s, "analyses", ANALYSIS);
    with_analysis = fingerprint(s);
    assert_string_not_equal(before, with_analysis);
    store_close(s);
    /* a submitted contribution with two proposed risks changes nothing */
    s = open_world("submitted");
    submitted = fingerprint(s);
    assert_string_equal(with_analysis, submitted);
    assert_null(strstr(submitted, "pr-1"));
    /* an adopted one is a risk of the analysis like any other */
    assert_int_equal(decide(s, NULL, "pr-1", 1, NULL, &res, &e), 0);
    adopted = fingerprint(s);
    assert_non_null(strstr(adopted, "|pr-1"));
    assert_null(strstr(adopted, "|pr-2"));
    /* and the clock still has not moved: the analysis was not written */
    assert_int_equal(strncmp(adopted, submitted, (size_t)(strchr(submitted, '|') - submitted)), 0);
    assert_int_equal(store_record_version(s, model_kind_find("analyses"), ANALYSIS, &w.version, &e),
                     0);
    assert_int_equal(w.version, 1);
    json_decref(an);
    free(before);
    free(with_analysis);
    free(submitted);
    free(adopted);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writes),        cmocka_unit_test(test_submitted_is_frozen),
        cmocka_unit_test(test_access),        cmocka_unit_test(test_decide),
        cmocka_unit_test(test_adopt_refused), cmocka_unit_test(test_neither_clock_nor_picture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
