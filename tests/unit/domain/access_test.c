/*
 * access_test.c — tests src/domain/access.c: per role and clearance, which
 * records of tests/data/full.json are visible and which writes are allowed.
 *
 * The fixture: ministry ezk is responsible for power, telecom and water;
 * provider grid-co provides power; analysis an-power-2022 is confidential,
 * its risk r1 secret; incident inc-1 (power) is confidential and owned by
 * grid-co; measure m-batteries (telecom) is internal; review rev-1 of it is
 * confidential.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/access.h"
#include "domain/import.h"
#include "domain/users.h"
#include "support/testutil.h"

#include <string.h>

static struct store *fixture_store;

static int setup(void **state)
{
    (void)state;
    fixture_store = testutil_store_from_fixture("full.json");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(fixture_store);
    return 0;
}

static struct access *as(const char *role, const char *org, const char *clearance,
                         const char *scope)
{
    struct store_user u;
    struct access *a = NULL;
    struct error e = {0};
    char *scopes[1] = {(char *)scope};
    memset(&u, 0, sizeof u);
    snprintf(u.id, sizeof u.id, "%s-user", role);
    snprintf(u.role, sizeof u.role, "%s", role);
    snprintf(u.org, sizeof u.org, "%s", org);
    snprintf(u.clearance, sizeof u.clearance, "%s", clearance);
    u.scope = scope ? scopes : NULL;
    u.n_scope = scope ? 1 : 0;
    assert_int_equal(access_new(fixture_store, &u, &a, &e), 0);
    return a;
}

/* 1 when the user sees kind/id. */
static int sees(struct access *a, const char *kind, const char *id)
{
    const struct kind *k = model_kind_find(kind);
    json_t *r = NULL;
    struct error e = {0};
    int rc;
    assert_int_equal(store_record_get(fixture_store, k, id, &r, &e), 0);
    rc = access_can_read(a, fixture_store, k, r, &e);
    json_decref(r);
    if (rc != 0 && rc != ERR_NOTFOUND)
        fail_msg("access_can_read %s %s: %s", kind, id, e.message);
    return rc == 0;
}

/* The result of writing the stored record kind/id with one field changed
 * (field NULL: a delete). */
static int write_result(struct access *a, const char *kind, const char *id, const char *field,
                        const char *value)
{
    const struct kind *k = model_kind_find(kind);
    json_t *old = NULL, *new_record = NULL;
    struct error e = {0};
    int rc;
    assert_int_equal(store_record_get(fixture_store, k, id, &old, &e), 0);
    if (field) {
        new_record = json_deep_copy(old);
        json_object_set_new(new_record, field, json_string(value));
    }
    rc = access_can_write(a, fixture_store, k, old, new_record, &e);
    json_decref(old);
    json_decref(new_record);
    return rc;
}

/* The role is parsed once, when the rules are prepared: the names of
 * users_roles[] give their enum, and a stored name that is no role is
 * refused (no access at all). */
static void test_roles_parsed_once(void **state)
{
    struct store_user u;
    struct access *a = NULL;
    struct error e = {0};
    int i;
    (void)state;
    for (i = 0; i < ROLE__COUNT; i++) {
        assert_int_equal(users_role_parse(users_roles[i]), i);
        a = as(users_roles[i], "nctv", "secret", i == ROLE_AUDITOR ? "p-power" : NULL);
        assert_int_equal(access_role(a), i);
        assert_int_equal(access_is_coordinator(a), i == ROLE_COORDINATOR);
        access_free(a);
    }
    assert_null(users_roles[ROLE__COUNT]);
    assert_int_equal(users_role_parse("Coordinator"), -1);
    assert_int_equal(users_role_parse(NULL), -1);
    memset(&u, 0, sizeof u);
    snprintf(u.id, sizeof u.id, "x");
    snprintf(u.role, sizeof u.role, "admin");
    snprintf(u.org, sizeof u.org, "nctv");
    snprintf(u.clearance, sizeof u.clearance, "secret");
    assert_int_equal(access_new(fixture_store, &u, &a, &e), ERR_FORBIDDEN);
    assert_null(a);
}

static void test_coordinator(void **state)
{
    struct access *secret = as("coordinator", "nctv", "secret", NULL);
    struct access *internal = as("coordinator", "nctv", "internal", NULL);
    (void)state;
    assert_true(sees(secret, "risks", "r1"));
    assert_true(sees(secret, "incidents", "inc-1"));
    assert_false(sees(internal, "risks", "r1"));               /* secret above internal */
    assert_false(sees(internal, "analyses", "an-power-2022")); /* confidential */
    assert_true(sees(internal, "measures", "m-batteries"));
    assert_int_equal(write_result(secret, "threats", "cyber", "name", "Cyber"), 0);
    assert_int_equal(write_result(internal, "measures", "m-batteries", "classification", "secret"),
                     ERR_FORBIDDEN);
    assert_int_equal(write_result(internal, "risks", "r1", "scenario", "x"), ERR_NOTFOUND);
    access_free(secret);
    access_free(internal);
}

static void test_department(void **state)
{
    struct access *ezk = as("department", "ezk", "confidential", NULL);
    struct access *jenv = as("department", "jenv", "secret", NULL);
    (void)state;
    assert_true(sees(ezk, "processes", "power"));
    assert_true(sees(ezk, "analyses", "an-power-2022"));
    assert_false(sees(ezk, "risks", "r1")); /* secret */
    assert_true(sees(ezk, "measures", "m-batteries"));
    assert_true(sees(ezk, "reviews", "rev-1"));
    assert_true(sees(ezk, "threats", "cyber")); /* catalogue */
    assert_int_equal(write_result(ezk, "measures", "m-batteries", "status", "done"), 0);
    assert_int_equal(write_result(ezk, "threats", "cyber", "name", "x"), ERR_FORBIDDEN);
    assert_int_equal(write_result(ezk, "processes", "power", "ministry", "jenv"), ERR_FORBIDDEN);
    /* owners write their own (issue 14 part 4): the coordinator's event and
     * the provider's incident name ezk's processes, ezk reads them, but
     * neither changes nor deletes them; nor does it make itself the owner */
    assert_true(sees(ezk, "events", "ev-cable"));
    assert_int_equal(write_result(ezk, "events", "ev-cable", "name", "x"), ERR_FORBIDDEN);
    assert_int_equal(write_result(ezk, "events", "ev-cable", NULL, NULL), ERR_FORBIDDEN);
    assert_int_equal(write_result(ezk, "events", "ev-cable", "owner", "ezk"), ERR_FORBIDDEN);
    assert_true(sees(ezk, "incidents", "inc-1"));
    assert_int_equal(write_result(ezk, "incidents", "inc-1", "title", "x"), ERR_FORBIDDEN);
    assert_int_equal(write_result(ezk, "incidents", "inc-1", NULL, NULL), ERR_FORBIDDEN);
    /* and gives none of its own away: a record it owns, made another's */
    assert_int_equal(write_result(ezk, "measures", "m-batteries", "owner", "nctv"), ERR_FORBIDDEN);
    assert_int_equal(write_result(ezk, "measures", "m-batteries", NULL, NULL), 0);

    assert_false(sees(jenv, "processes", "power"));
    assert_false(sees(jenv, "risks", "r1"));
    assert_true(sees(jenv, "sectors", "nl-energie"));
    assert_int_equal(write_result(jenv, "measures", "m-batteries", "status", "done"), ERR_NOTFOUND);
    access_free(ezk);
    access_free(jenv);
}

static void test_provider(void **state)
{
    struct access *grid = as("provider", "grid-co", "secret", NULL);
    (void)state;
    assert_true(sees(grid, "processes", "power"));              /* public, provided */
    assert_false(sees(grid, "processes", "telecom"));           /* not provided */
    assert_true(sees(grid, "provider_links", "grid-co-power")); /* its own */
    assert_true(sees(grid, "incidents", "inc-1"));              /* its own, confidential */
    assert_false(sees(grid, "analyses", "an-power-2022"));      /* ezk's, not public */
    assert_false(sees(grid, "risks", "r1"));
    assert_int_equal(write_result(grid, "incidents", "inc-1", "title", "Fire"), 0);
    assert_int_equal(write_result(grid, "incidents", "inc-1", "owner", "ezk"), ERR_FORBIDDEN);
    assert_int_equal(write_result(grid, "processes", "power", "name", "x"), ERR_FORBIDDEN);
    assert_int_equal(write_result(grid, "analyses", "an-power-2022", "summary", "x"), ERR_NOTFOUND);
    access_free(grid);
}

static void test_auditor(void **state)
{
    struct access *water = as("auditor", "nctv", "secret", "water");
    (void)state;
    assert_true(sees(water, "processes", "water"));
    assert_true(sees(water, "fallback_options", "fb-water-gen"));
    assert_true(sees(water, "dependencies", "dep-water-power"));
    assert_false(sees(water, "processes", "power"));
    assert_false(sees(water, "risks", "r1"));
    assert_int_equal(write_result(water, "fallback_options", "fb-water-gen", "description", "x"),
                     ERR_FORBIDDEN);
    assert_int_equal(write_result(water, "fallback_options", "fb-water-gen", NULL, NULL),
                     ERR_FORBIDDEN);
    access_free(water);
}

/* 1 when the user sees the stored record kind/id changed by the JSON patch
 * (object: fields to set). */
static int sees_changed(struct access *a, const char *kind, const char *id, const char *patch)
{
    const struct kind *k = model_kind_find(kind);
    json_t *r = NULL, *p = json_loads(patch, 0, NULL);
    struct error e = {0};
    int rc;
    assert_non_null(p);
    assert_int_equal(store_record_get(fixture_store, k, id, &r, &e), 0);
    assert_int_equal(json_object_update(r, p), 0);
    rc = access_can_read(a, fixture_store, k, r, &e);
    json_decref(r);
    json_decref(p);
    if (rc != 0 && rc != ERR_NOTFOUND)
        fail_msg("access_can_read %s %s: %s", kind, id, e.message);
    return rc == 0;
}

/* Sharing (domain/sharing.h): a share grants a read within clearance, as
 * far as the TLP marking lets it reach, and never a write. */
static void test_sharing(void **state)
{
    struct access *grid = as("provider", "grid-co", "secret", NULL);
    struct access *grid_low = as("provider", "grid-co", "internal", NULL);
    struct access *jenv = as("department", "jenv", "secret", NULL);
    struct access *nctv = as("auditor", "nctv", "secret", "water"); /* nctv is under jenv */
    const char *an = "an-power-2022";                               /* ezk's, confidential */
    (void)state;

    assert_false(sees(grid, "analyses", an));
    assert_true(
        sees_changed(grid, "analyses", an, "{\"shared_with\":[\"grid-co\"],\"tlp\":\"amber\"}"));
    /* within clearance only */
    assert_false(sees_changed(grid_low, "analyses", an,
                              "{\"shared_with\":[\"grid-co\"],\"tlp\":\"amber\"}"));
    /* another organisation is not reached */
    assert_false(
        sees_changed(jenv, "analyses", an, "{\"shared_with\":[\"grid-co\"],\"tlp\":\"amber\"}"));
    /* amber reaches down the parent chain, amber+strict does not */
    assert_true(
        sees_changed(nctv, "analyses", an, "{\"shared_with\":[\"jenv\"],\"tlp\":\"amber\"}"));
    assert_true(sees_changed(jenv, "analyses", an,
                             "{\"shared_with\":[\"jenv\"],\"tlp\":\"amber+strict\"}"));
    assert_false(sees_changed(nctv, "analyses", an,
                              "{\"shared_with\":[\"jenv\"],\"tlp\":\"amber+strict\"}"));
    /* red: the named people only, whatever organisations are named */
    assert_true(sees_changed(nctv, "analyses", an,
                             "{\"shared_with_people\":[\"auditor-user\"],\"tlp\":\"red\"}"));
    assert_false(sees_changed(grid, "analyses", an,
                              "{\"shared_with_people\":[\"auditor-user\"],\"tlp\":\"red\"}"));
    assert_false(
        sees_changed(grid, "analyses", an, "{\"shared_with\":[\"grid-co\"],\"tlp\":\"red\"}"));
    /* a share never grants a write */
    {
        const struct kind *k = model_kind_find("analyses");
        json_t *old = NULL, *new_record;
        struct error e = {0};
        assert_int_equal(store_record_get(fixture_store, k, an, &old, &e), 0);
        json_object_set_new(old, "shared_with", json_pack("[s]", "grid-co"));
        new_record = json_deep_copy(old);
        json_object_set_new(new_record, "summary", json_string("x"));
        assert_int_equal(access_can_write(grid, fixture_store, k, old, new_record, &e),
                         ERR_FORBIDDEN);
        json_decref(old);
        json_decref(new_record);
    }
    /* a provider sees its own provider links and the dependencies of the
     * processes it provides at any classification within its clearance */
    assert_true(sees_changed(grid, "provider_links", "grid-co-power",
                             "{\"owner\":\"ezk\",\"classification\":\"confidential\"}"));
    assert_false(
        sees_changed(grid, "provider_links", "grid-co-power",
                     "{\"owner\":\"ezk\",\"provider\":\"jenv\",\"classification\":\"internal\"}"));
    assert_true(sees_changed(grid, "dependencies", "dep-telecom-power", "{\"process\":\"power\"}"));
    assert_false(sees(grid, "dependencies", "dep-telecom-power")); /* telecom: not provided */
    access_free(grid);
    access_free(grid_low);
    access_free(jenv);
    access_free(nctv);
}

static void test_audited_reads(void **state)
{
    json_t *r = json_pack("{ss}", "classification", "confidential");
    (void)state;
    assert_true(access_read_is_audited(r));
    json_object_set_new(r, "classification", json_string("internal"));
    assert_false(access_read_is_audited(r));
    json_decref(r);
}

/* access_can_read of a record built here (kind, parent field = parent id):
 * 0 when shown, ERR_NOTFOUND when hidden or its parent is absent. */
static int can_read_child(struct access *a, enum kind_id kind, const char *field,
                          const char *parent)
{
    json_t *r = json_pack("{ss ss ss ss}", "id", "child", field, parent, "classification", "public",
                          "owner", "nctv");
    struct error e = {0};
    int rc = access_can_read(a, fixture_store, model_kind(kind), r, &e);
    json_decref(r);
    if (rc != 0 && rc != ERR_NOTFOUND)
        fail_msg("access_can_read: %s", e.message);
    return rc;
}

/* A risk's analysis and a review's measure: the first parent of a kind is
 * read alone, from the second on all of that kind at once; the answers
 * are those of a new access object per question (each reading its one
 * parent), an absent parent hides the record either way, and once all are
 * read no question reads again. */
static void test_parents_read_at_once(void **state)
{
    static const struct {
        enum kind_id kind;
        const char *field, *parents[4];
    } cases[] = {
        {KIND_RISK,
         "analysis",
         {"an-power-2022", "an-telecom-qs", "no-such-analysis", "an-power-2022"}},
        {KIND_REVIEW,
         "measure",
         {"m-batteries", "no-such-measure", "m-batteries", "no-such-measure"}},
    };
    static const char *const orgs[] = {"ezk", "jenv"};
    size_t c, o, i;
    uint64_t t;
    (void)state;
    for (o = 0; o < 2; o++) {
        for (c = 0; c < 2; c++) {
            struct access *shared = as("department", orgs[o], "secret", NULL);
            for (i = 0; i < 4; i++) {
                struct access *fresh = as("department", orgs[o], "secret", NULL);
                int want =
                    can_read_child(fresh, cases[c].kind, cases[c].field, cases[c].parents[i]);
                t = store_statements(fixture_store);
                assert_int_equal(
                    can_read_child(shared, cases[c].kind, cases[c].field, cases[c].parents[i]),
                    want);
                if (i == 0 || i == 1) /* alone, then all at once */
                    assert_true(store_statements(fixture_store) > t);
                else /* all were read */
                    assert_int_equal(store_statements(fixture_store), t);
                access_free(fresh);
            }
            access_free(shared);
        }
    }
    /* ezk sees its power analysis's risk; jenv is not responsible for it */
    {
        struct access *ezk = as("department", "ezk", "secret", NULL);
        struct access *jenv = as("department", "jenv", "secret", NULL);
        assert_int_equal(can_read_child(ezk, KIND_RISK, "analysis", "an-power-2022"), 0);
        assert_int_equal(can_read_child(jenv, KIND_RISK, "analysis", "an-power-2022"),
                         ERR_NOTFOUND);
        access_free(ezk);
        access_free(jenv);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles_parsed_once), cmocka_unit_test(test_coordinator),
        cmocka_unit_test(test_department),        cmocka_unit_test(test_provider),
        cmocka_unit_test(test_auditor),           cmocka_unit_test(test_audited_reads),
        cmocka_unit_test(test_sharing),           cmocka_unit_test(test_parents_read_at_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
